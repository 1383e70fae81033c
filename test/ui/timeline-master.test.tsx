// The master on the timeline: a MASTER row after the buses, selected with the same up/down keys,
// whose lanes (its fader and its strip's, nothing else) show and edit with the lane keys as a
// track's or bus's do, through the store's edit path (one undo step each, the engine reloaded).
// Clip keys on it say there are no clips on the master. The gain lane is checked cell by cell
// against levels computed here from its points (linear in dB, on the lowest-to-highest scale).
import { afterEach, describe, expect, it } from 'vitest';
import { lanesOf, resolvedPoints } from '../../sessions/edit-lanes.js';
import type { Session } from '../../sessions/types.js';
import { fitsIn, sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const MASTER = { kind: 'master', id: 'master' } as const;
/** The master's gain lane: up from −12 dB to 0 dB over 4 s, down to −5 dB at 10 s. */
const GAIN: [number, number][] = [[0, -12], [4, 0], [10, -5]];
const MASTER_YAML = ['master:', '  gain: -2', '  strip:', '    hpf: { freq: 40 }', '  automation:', '    gain: [[0, -12], [4, 0], [10, -5]]', ''].join('\n');
const LEVELS = '_.-~=^';

const session = (): Session => ui!.store.getState().session;
const gain = () => resolvedPoints(session(), MASTER, 'gain');
const status = () => ui!.store.getState().status?.text ?? '';
const lines = () => ui!.frame().split('\n');
const rowOf = (name: string) => lines().findIndex((l) => l.startsWith(name));

/** Linear between points, the end values holding outside. */
function lerp(points: readonly [number, number][], t: number): number {
	if (t <= points[0]![0]) return points[0]![1];
	for (let i = 1; i < points.length; i++) {
		const [t0, v0] = points[i - 1]!;
		const [t1, v1] = points[i]!;
		if (t < t1) return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
	}
	return points.at(-1)![1];
}

async function atPlayhead(u: Setup, seconds: number): Promise<void> {
	u.shared.setPosition(Math.round(48000 * seconds), 48000);
	u.shared.publish();
	await u.tick();
}

describe('the master on the timeline', () => {
	it('has a row after the buses, with no clips; down from the last bus selects it and stops there', async () => {
		ui = setup({ yaml: sessionYaml(4, MASTER_YAML) });
		await ui.press('tab');
		const mx = rowOf(' MX ');
		expect(lines()[mx + 1]).toMatch(/^ MASTER {3}\| *$/);
		// Trk 2..4, DX, MX, then the master; one more down stays on it.
		await ui.press('down', 'down', 'down', 'down', 'down', 'down');
		expect(ui.store.getState()).toMatchObject({ focus: 'master' });
		expect(lines()[rowOf('>MASTER')]).toMatch(/^>MASTER {3}\| *$/);
		await ui.press('down');
		expect(ui.store.getState()).toMatchObject({ focus: 'master' });
		await ui.press('up');
		expect(ui.store.getState()).toMatchObject({ focus: 'bus', selectedBus: 1 });
		expect(rowOf(' MASTER ')).toBe(rowOf('>MX') + 1);
	});

	it('offers its fader and strip lanes only, and draws its gain lane cell by cell', async () => {
		ui = setup({ yaml: sessionYaml(4, MASTER_YAML) });
		// No pan, mute, sends or duck on the master; a bus keeps its own.
		expect(lanesOf(session(), MASTER)).toEqual(['gain', 'trim', 'hpf.freq']);
		expect(lanesOf(session(), { kind: 'bus', id: 'MX' })).toEqual(['gain', 'mute', 'duck']);
		await ui.press('tab', ...Array<string>(6).fill('down'), 'a');
		const frame = ui.frame();
		expect(fitsIn(frame, 80, 24)).toBe(true);
		const l = frame.split('\n');
		const first = rowOf('>MASTER') + 1;
		// The label column: the value at the playhead (0 s: −12 dB), then the lane's name.
		expect(l[first]).toMatch(/^ {2}-12\.0dB \|/);
		expect(l[first + 1]).toMatch(/^ fader {4}\|/);
		// Three rows of six levels from −12 dB (the lowest point) to 0 dB (the highest), 0.5 s a column.
		const rows = 3;
		const n = 6 * rows;
		const [lo, hi] = [-12, 0];
		const cell = (r: number, c: number) => l[first + r]![10 + c] ?? ' ';
		const col = (t: number) => Math.floor(t / 0.5);
		const pointCols = new Set(GAIN.map(([t]) => col(t)));
		let checked = 0;
		for (let c = 1; c < 70; c++) {
			if (pointCols.has(c)) continue;
			const x = ((lerp(GAIN, (c + 0.5) * 0.5) - lo) / (hi - lo)) * n;
			// A sample on a level boundary (to float rounding) may draw on either side of it.
			if (Math.abs(x - Math.round(x)) < 1e-6 && Math.round(x) > 0 && Math.round(x) < n) continue;
			const k = Math.max(0, Math.min(n - 1, Math.floor(x)));
			const row = rows - 1 - Math.floor(k / 6);
			for (let r = 0; r < rows; r++) expect(cell(r, c), `row ${r} column ${c}`).toBe(r === row ? LEVELS[k % 6] : ' ');
			checked++;
		}
		expect(checked).toBeGreaterThan(50);
		// −12 dB is the bottom level (a point drawn over the playhead), 0 dB the top one, −5 dB level 10 (the middle row).
		expect([cell(2, col(0)), cell(0, col(4)), cell(1, col(10))]).toEqual(['o', 'o', 'o']);
		expect([cell(0, 0), cell(1, 0)]).toEqual(['|', '|']);
		// The lane key steps through the same lanes.
		await ui.press('A');
		expect(status()).toBe('lane 2/3: MASTER trim (no points)');
		await ui.press('A');
		expect(status()).toBe('lane 3/3: MASTER high-pass freq (no points)');
		await ui.press('A');
		expect(status()).toBe('lane 1/3: MASTER fader (3 points)');
	});

	it('adds a point at the playhead, moves it a frame, steps and types its value; undo puts each back', async () => {
		ui = setup({ yaml: sessionYaml(4, MASTER_YAML) });
		await ui.press('tab', ...Array<string>(6).fill('down'), 'a');
		await atPlayhead(ui, 2);
		// Halfway up the first ramp: −6 dB.
		await ui.press('n');
		expect(gain()).toEqual([[0, -12], [2, -6], [4, 0], [10, -5]]);
		expect(status()).toBe('MASTER fader: point at 01:00:02:00 -6.0 dB');
		expect(ui.store.getState().lane.point).toEqual({ track: 'master', kind: 'master', lane: 'gain', index: 1 });
		await ui.press('f');
		expect(gain()[1]).toEqual([2.04, -6]);
		await ui.press('k');
		expect(gain()[1]).toEqual([2.04, -5.5]);
		expect(status()).toBe('MASTER fader point 2: -5.5 dB');
		await ui.press('enter', '-', '3', 'enter');
		expect(gain()[1]).toEqual([2.04, -3]);
		expect(status()).toBe('MASTER fader: point 2 -3.0 dB');
		// Above the fader's maximum: clamped, and said.
		await ui.press('enter', '4', '0', 'enter');
		expect(status()).toMatch(/^MASTER fader: point 2 \+40\.0 dB: clamped to \+\d+\.\d dB, the lane's maximum$/);
		await ui.press('u');
		expect(gain()[1]).toEqual([2.04, -3]);
		// The engine plays what the lane holds: the session was sent with the master's lane.
		const load = ui.sent.filter((c) => c.type === 'load').at(-1) as { session: Session };
		expect(load.session.master.automation?.gain).toEqual([[0, -12], [2.04, -3], [4, 0], [10, -5]]);
		expect(ui.store.getState().dirty).toBe(true);
		await ui.press('u');
		expect(gain()[1]).toEqual([2.04, -5.5]);
		await ui.press('u', 'u');
		expect(gain()).toEqual([[0, -12], [2, -6], [4, 0], [10, -5]]);
		await ui.press('u');
		expect(gain()).toEqual(GAIN);
		expect(status()).toMatch(/^undo: MASTER fader: point at 01:00:02:00/);
		// Deleting the nearest point, then undoing it.
		await ui.press('d');
		expect(gain()).toEqual([[0, -12], [10, -5]]);
		await ui.press('u');
		expect(gain()).toEqual(GAIN);
	});

	it('refuses clip keys on the master row and changes nothing; loop keys still work', async () => {
		ui = setup({ yaml: sessionYaml(4, MASTER_YAML) });
		await ui.press('tab', ...Array<string>(6).fill('down'));
		const before = session();
		for (const key of ['right', 'left', ']', '{', 'v', 'V', "'", 't', '/']) {
			ui.store.say('');
			await ui.press(key);
			expect(ui.store.getState().status, key).toMatchObject({ kind: 'error', text: 'no clips on the master: select a track for the clip keys' });
		}
		expect(session()).toBe(before);
		await ui.press('i');
		expect(session().loop?.from).toBe(0);
	});

	it('hands the selection to the mixer and back', async () => {
		ui = setup({ yaml: sessionYaml(2, MASTER_YAML) });
		await ui.press('tab', 'down', 'down', 'down', 'down', '1');
		expect(ui.store.getState()).toMatchObject({ view: 'mixer', focus: 'master' });
		await ui.press('2');
		expect(ui.store.getState()).toMatchObject({ view: 'timeline', focus: 'master' });
		expect(rowOf('>MASTER')).toBeGreaterThan(0);
	});

	it('scrolls into view at 80×24 when the tracks fill the timeline, the lane with it', async () => {
		ui = setup({ yaml: sessionYaml(16, MASTER_YAML) });
		await ui.press('tab', ...Array<string>(18).fill('down'), 'a');
		const frame = ui.frame();
		expect(fitsIn(frame, 80, 24)).toBe(true);
		const master = rowOf('>MASTER');
		expect(master).toBeGreaterThan(0);
		expect(rowOf(' MX ')).toBe(master - 1);
		expect(lines()[master + 1]).toMatch(/^ {2}-12\.0dB \|/);
		expect(rowOf(' Trk 1 ')).toBe(-1);
	});
});
