// Buses on the timeline: a row per bus below the tracks, selected with the same up/down keys,
// whose lanes (above all the duck lane a bake writes) show and edit with the lane keys exactly
// as a track's do, through the store's edit path (one undo step each, the engine reloaded). Clip
// keys on a bus row say there are no clips there. The lane is checked cell by cell against
// levels computed here from its points (the scale the view documents: lowest to highest point).
import { afterEach, describe, expect, it } from 'vitest';
import { resolveNode, setDuckLane } from '../../engine/duck/bake.js';
import { resolvedPoints } from '../../sessions/edit-lanes.js';
import type { Session } from '../../sessions/types.js';
import { fitsIn, sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const MX = { kind: 'bus', id: 'MX' } as const;
/** What a bake writes: 0 dB, down to −10 dB a second later for six seconds, back up. */
const DUCK: [number, number][] = [[1, 0], [2, -10], [8, -10], [9, 0]];
const session = (): Session => ui!.store.getState().session;
const duck = () => resolvedPoints(session(), MX, 'duck');
const status = () => ui!.store.getState().status?.text ?? '';
const lines = () => ui!.frame().split('\n');
const rowOf = (name: string) => lines().findIndex((l) => l.startsWith(name));

/** The bake's own edit (engine/duck/bake.ts) through the store, as the mixer's D key applies its result. */
function bake(u: Setup): void {
	u.store.edit('Duck MX under DX', (s) => setDuckLane(s, resolveNode(s, 'MX', '', 'bus'), DUCK));
}

describe('bus rows on the timeline', () => {
	it('sit below the tracks, labelled by bus id, with no clips', async () => {
		ui = setup({ yaml: sessionYaml(4) });
		await ui.press('tab');
		const l = lines();
		const dx = rowOf(' DX ');
		expect(l[dx - 1]).toMatch(/^ Trk 4 /);
		expect(l[dx + 1]).toMatch(/^ MX {7}\| *$/);
		expect(l[dx]).toMatch(/^ DX {7}\| *$/);
	});

	it("show MX's baked duck lane; a point moves by a frame and takes a typed value; undo puts it back", async () => {
		ui = setup({ yaml: sessionYaml(4) });
		bake(ui);
		expect(duck()).toEqual(DUCK);
		// Trk 2..4, DX, then MX.
		await ui.press('tab', 'down', 'down', 'down', 'down', 'down');
		expect(ui.store.getState()).toMatchObject({ focus: 'bus', selectedBus: 1 });
		expect(lines()[rowOf('>MX')]).toMatch(/^>MX {7}\|/);
		// A bus's lanes: gain, mute, then duck.
		await ui.press('a', 'A', 'A');
		expect(status()).toBe('lane 3/3: MX duck (4 points)');
		const frame = ui.frame();
		expect(fitsIn(frame, 80, 24)).toBe(true);
		const l = frame.split('\n');
		const first = rowOf('>MX') + 1;
		expect(l[first]).toMatch(/^ {2}0\.0dB +\|/);
		expect(l[first + 1]).toMatch(/^ duck +\|/);
		// Three rows of six levels from −10 (the lowest point) to 0 dB (the highest): 0 dB is the
		// top level (^ on the top row), −10 dB the bottom one (_ on the bottom row).
		const cell = (r: number, c: number) => l[first + r]![10 + c] ?? ' ';
		const col = (t: number) => Math.floor(t / 0.5);
		for (const [t, v] of DUCK) expect(cell(v === 0 ? 0 : 2, col(t)), `point at ${t} s`).toBe('o');
		for (let c = col(2) + 1; c < col(8); c++) expect([cell(0, c), cell(1, c), cell(2, c)], `column ${c}`).toEqual([' ', ' ', '_']);
		for (let c = col(9) + 1; c < 70; c++) expect([cell(0, c), cell(1, c), cell(2, c)], `column ${c}`).toEqual(['^', ' ', ' ']);
		for (let r = 0; r < 3; r++) expect(cell(r, 0)).toBe('|');

		// Select the second point from the playhead (at 0), move it a frame later, type −6 dB.
		await ui.press(')', ')');
		expect(status()).toBe('MX duck point 2/4 at 01:00:02:00: -10.0 dB');
		expect(ui.store.getState().lane.point).toEqual({ track: 'MX', kind: 'bus', lane: 'duck', index: 1 });
		await ui.press('f');
		expect(duck()[1]).toEqual([2.04, -10]);
		expect(lines()[first + 2]![10 + col(2.04)]).toBe('@');
		await ui.press('enter', '-', '6', 'enter');
		expect(duck()[1]).toEqual([2.04, -6]);
		expect(status()).toBe('MX duck: point 2 -6.0 dB');
		// A dip: typed values above 0 dB are clamped, and said.
		await ui.press('enter', '3', 'enter');
		expect(duck()[1]).toEqual([2.04, 0]);
		expect(status()).toBe("MX duck: point 2 +3.0 dB: clamped to 0.0 dB, the lane's maximum");
		// The engine plays what the lane now holds: the session was sent with the bus's lane.
		const load = ui.sent.filter((c) => c.type === 'load').at(-1) as { session: Session };
		expect(load.session.buses[1]!.automation?.duck).toEqual([[1, 0], [2.04, 0], [8, -10], [9, 0]]);
		expect(ui.store.getState().dirty).toBe(true);

		await ui.press('u');
		expect(duck()[1]).toEqual([2.04, -6]);
		await ui.press('u', 'u');
		expect(duck()).toEqual(DUCK);
		expect(status()).toMatch(/^undo: MX duck: point 2 \+frame/);
		// The bake itself is the next undo step.
		await ui.press('u');
		expect(duck()).toEqual([]);
	});

	it('add, delete and range trims work on a bus lane as on a track', async () => {
		ui = setup({ yaml: sessionYaml(4) });
		bake(ui);
		await ui.press('tab', 'down', 'down', 'down', 'down', 'down', 'a', 'A', 'A');
		ui.shared.setPosition(48000 * 5, 48000);
		ui.shared.publish();
		await ui.tick();
		await ui.press('n');
		expect(duck()).toEqual([[1, 0], [2, -10], [5, -10], [8, -10], [9, 0]]);
		await ui.press('d');
		expect(duck()).toEqual(DUCK);
		// In at 5 s, out at 8.5 s: a −2 dB trim keeps the edges and reaches −2 dB 10 ms inside them.
		await ui.press('r');
		ui.shared.setPosition(48000 * 8.5, 48000);
		ui.shared.publish();
		await ui.tick();
		await ui.press('r', 'enter', '-', '2', 'enter');
		const trimmed = duck();
		const at = (t: number) => trimmed.find(([s]) => Math.abs(s - t) < 1e-9)?.[1];
		expect(at(5)).toBeCloseTo(-10, 9);
		expect(at(5.01)).toBeCloseTo(-12, 9);
		expect(at(8)).toBeCloseTo(-12, 9);
		// The lane at 8.49 s before the trim: −10 + 10·0.49 dB, then 2 dB under it.
		expect(at(8.49)).toBeCloseTo(-10 + 10 * 0.49 - 2, 9);
		expect(at(8.5)).toBeCloseTo(-10 + 10 * 0.5, 9);
		await ui.press('u');
		expect(duck()).toEqual(DUCK);
	});

	it('clip keys on a bus row say there are no clips on a bus and change nothing; loop keys still work', async () => {
		ui = setup({ yaml: sessionYaml(4) });
		await ui.press('tab', 'right', 'v');
		expect(ui.store.getState().markedClips).toHaveLength(1);
		await ui.press('down', 'down', 'down', 'down');
		expect(ui.store.getState()).toMatchObject({ focus: 'bus', selectedBus: 0, selectedClip: undefined });
		const before = session();
		for (const key of ['right', 'left', ']', '{', 'v', 'V', "'", 't', '/']) {
			ui.store.say('');
			await ui.press(key);
			expect(ui.store.getState().status, key).toMatchObject({ kind: 'error', text: 'no clips on a bus: select a track for the clip keys' });
		}
		expect(session()).toBe(before);
		await ui.press('i');
		expect(session().loop?.from).toBe(0);
		// Clearing the marks (made on a track) still works from here.
		await ui.press('z');
		expect(ui.store.getState().markedClips).toEqual([]);
	});

	it('up and down walk tracks, buses, then the master and stop at the ends; mute works on the bus', async () => {
		ui = setup({ yaml: sessionYaml(2) });
		await ui.press('tab', 'down', 'down', 'down', 'down');
		expect(ui.store.getState()).toMatchObject({ focus: 'master' });
		await ui.press('up');
		expect(ui.store.getState()).toMatchObject({ focus: 'bus', selectedBus: 1 });
		await ui.press('m');
		expect(session().buses[1]!.mute).toBe(true);
		expect(lines()[rowOf('>MX')]).toMatch(/^>MX {4}M {2}\|/);
		await ui.press('up', 'up');
		expect(ui.store.getState()).toMatchObject({ focus: 'track', selected: 1 });
		await ui.press('up', 'up');
		expect(ui.store.getState()).toMatchObject({ focus: 'track', selected: 0 });
		await ui.press('down');
		expect(rowOf('>Trk 2')).toBeGreaterThan(0);
		// The mixer keeps the bus selected, and the timeline the master (its row after the buses).
		await ui.press('down', '1');
		expect(ui.store.getState()).toMatchObject({ view: 'mixer', focus: 'bus', selectedBus: 0 });
		ui.store.update({ focus: 'master' });
		await ui.press('2');
		expect(ui.store.getState()).toMatchObject({ view: 'timeline', focus: 'master' });
	});

	it('scroll into view at 80×24 when the tracks fill the timeline, the lane with them', async () => {
		ui = setup({ yaml: sessionYaml(16) });
		bake(ui);
		await ui.press('tab', ...Array<string>(17).fill('down'), 'a', 'A', 'A');
		expect(status()).toBe('lane 3/3: MX duck (4 points)');
		const frame = ui.frame();
		expect(fitsIn(frame, 80, 24)).toBe(true);
		const mx = rowOf('>MX');
		expect(mx).toBeGreaterThan(0);
		expect(lines()[mx + 2]).toMatch(/^ duck /);
		expect(rowOf(' DX ')).toBe(mx - 1);
		// The first tracks scrolled off; back at the top, they return.
		expect(rowOf(' Trk 1 ')).toBe(-1);
		await ui.press(...Array<string>(17).fill('up'));
		expect(rowOf('>Trk 1')).toBe(4);
	});
});
