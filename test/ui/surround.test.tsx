// The mixer on a 5.1 session at 80×24: six labelled master meters under the loudness column, the
// tracks' places in the room (FL … RR) on their pan row, the strip page's x/y grid and LFE level,
// the front/rear and LFE keys, and the monitor switch (transport mark and engine command).
import { afterEach, describe, expect, it } from 'vitest';
import { cellsFor } from '../../source/app/meter-scale.js';
import { positionName } from '../../source/app/surround.js';
import { mixerLayout } from '../../source/app/mixer-rows.js';
import { parseSession } from '../../sessions/load.js';
import { fitsIn, sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const FIVE_ONE = 'master: { format: "5.1", gain: -1 }';
/** The test session with a 5.1 master and `fields` on track 1. */
function surroundYaml(fields = '', tracks = 8): string {
	return sessionYaml(tracks)
		.replace('start: "01:00:00:00"', `start: "01:00:00:00"\n${FIVE_ONE}`)
		.replace('    name: Trk 1\n', `    name: Trk 1\n${fields}`);
}

const LABELS = ['L', 'R', 'C', 'LFE', 'Ls', 'Rs'];

describe('master meters on a 5.1 session', () => {
	it('shows six meters labelled L R C LFE Ls Rs, each as deep as its channel, fitting 80×24', async () => {
		ui = setup({ yaml: surroundYaml('', 16) });
		const levels = [-3, -10, -20, -30, -40, -50];
		levels.forEach((db, c) => ui!.shared.setMeter(ui!.shared.masterMeterOffset(c), db, -70, false));
		ui.shared.setPlaying(true);
		ui.shared.publish();
		await ui.tick();
		const frame = ui.frame();
		expect(fitsIn(frame, 80, 24)).toBe(true);
		expect(frame.split('\n')).toHaveLength(24);
		// The six meters cost at most one strip against a stereo master's two.
		const bank = (yaml: string) => mixerLayout(parseSession(yaml, '/tmp/s.yaml'), 80, 21, 0).perBank;
		expect(bank(surroundYaml('', 16))).toBeGreaterThanOrEqual(bank(sessionYaml(16)) - 1);
		expect(bank(surroundYaml('', 16))).toBeGreaterThanOrEqual(5);
		const lines = frame.split('\n');
		const labelRow = lines.findIndex((l) => l.includes('L R C LFE Ls Rs'));
		expect(labelRow).toBeGreaterThan(3);
		// The meter rows run from under the name row (line 2) to the label row.
		const rows = labelRow - 3;
		const at = lines[labelRow]!.indexOf('L R C LFE Ls Rs');
		let col = at;
		LABELS.forEach((label, c) => {
			const column = lines.slice(3, labelRow).map((l) => l.slice(col, col + label.length));
			const lit = column.filter((cell) => cell === '#'.repeat(label.length)).length;
			expect(lit, label).toBe(cellsFor(levels[c]!, rows));
			// Lit from the bottom up, as wide as the label.
			expect(column.slice(rows - lit).every((cell) => cell === '#'.repeat(label.length)), label).toBe(true);
			col += label.length + 1;
		});
		// The rows under the meters are the stereo master's: peak, fader, format.
		expect(lines[labelRow + 2]).toMatch(/^dB .*-1\.0\s*$/);
		expect(lines[labelRow + 3]).toMatch(/5\.1\s*$/);
	});

	it('a stereo session has no label row and keeps its two wide meters and phase', async () => {
		ui = setup({ yaml: sessionYaml(16) });
		ui.shared.setMeter(ui.shared.masterMeterOffset(0), -3, -70, false);
		ui.shared.setPlaying(true);
		ui.shared.publish();
		await ui.tick();
		expect(ui.frame()).not.toContain('LFE');
		expect(ui.frame()).toMatch(/ ## {4}S -/);
		expect(ui.frame()).toContain('ph ');
	});
});

describe('strip pan on a 5.1 session', () => {
	it('names the place in the room from x and y on the pan row, with lfe when the track feeds the LFE', () => {
		ui = setup({ yaml: surroundYaml('    pan: -1\n    panY: 1\n    lfe: -10\n') });
		const pan = ui.frame().split('\n').find((l) => l.startsWith('pan '))!;
		expect(pan).toMatch(/^pan \[\s*RL lfe\s*\]\s+FC\s+FC/);
	});

	it('follows the panY and lfe lanes at the playhead', async () => {
		ui = setup({ yaml: surroundYaml('    automation:\n      panY: [[0, -1], [10, 1]]\n      lfe: [[0, -.inf], [4, -20]]\n') });
		const pan = () => ui!.frame().split('\n').find((l) => l.startsWith('pan '))!;
		expect(pan()).toMatch(/^pan \[\s+FC\s+\]/);
		ui.shared.setPosition(5 * 48000, 48000);
		ui.shared.setPlaying(true);
		ui.shared.publish();
		await ui.tick();
		// y = 0 at 5 s: the middle; the LFE lane is open from 4 s.
		expect(pan()).toMatch(/^pan \[\s*MC lfe\s*\]/);
	});

	it('positions: thirds of each axis', () => {
		const table: [number, number, string][] = [
			[-1, -1, 'FL'], [0, -1, 'FC'], [1, -1, 'FR'], [-1, 0, 'ML'], [0, 0, 'MC'], [0.5, 0.2, 'MR'],
			[-0.34, 0.34, 'RL'], [0.3, 1, 'RC'], [1, 1, 'RR'],
		];
		for (const [x, y, name] of table) expect(positionName(x, y), `${x},${y}`).toBe(name);
	});

	it('the strip page draws an x/y grid with a dot at the track and its LFE level', async () => {
		ui = setup({ yaml: surroundYaml('    pan: 1\n    panY: 0\n    lfe: -6\n') });
		await ui.press('e');
		const lines = ui.frame().split('\n');
		expect(fitsIn(ui.frame(), 80, 24)).toBe(true);
		expect(lines[2]).toContain('PAN MR');
		const top = lines.findIndex((l) => l.includes('+L---C---R+'));
		const bottom = lines.findIndex((l) => l.includes('+Ls-----Rs+'));
		const col = lines[top]!.indexOf('+L---C---R+');
		const inside = lines.slice(top + 1, bottom).map((l) => l.slice(col + 1, col + 10));
		expect(inside).toHaveLength(5);
		// x = +1 is the right edge; y = 0 the middle row.
		expect(inside).toEqual(['         ', '         ', '        o', '         ', '         ']);
		expect(ui.frame()).toContain('LFE -6.0');
		// The gain-reduction meters still follow.
		expect(lines[2]).toContain('gate comp');
	});
});

describe('front/rear and LFE keys', () => {
	it('( and ) move the selected track front and rear in steps of 0.05, as one undo step, live', async () => {
		ui = setup({ yaml: surroundYaml() });
		await ui.press(')', ')', ')');
		expect(ui.store.getState().session.tracks[0]!.panY).toBeCloseTo(-0.85, 10);
		expect(ui.sent.filter((c) => c.type === 'param' && c.param === 'panY').map((c) => (c as { value: number }).value)).toEqual([-0.95, -0.9, -0.85]);
		expect(ui.frame()).toContain('Pan Trk 1 FC (front/rear -0.85)');
		await ui.press('(', '(', '(', '(');
		expect(ui.store.getState().session.tracks[0]!.panY).toBe(-1);
		expect(ui.frame()).toContain('Trk 1 is at the front');
		await ui.press('u');
		// Every press of the same control within a second is one step.
		expect(ui.store.getState().session.tracks[0]!.panY ?? -1).toBe(-1);
		expect(ui.frame()).toMatch(/undo: Pan Trk 1/);
	});

	it('B opens the LFE send at -60 dB and raises it 0.5 dB a press; b below -60 closes it', async () => {
		ui = setup({ yaml: surroundYaml() });
		await ui.press('B');
		expect(ui.store.getState().session.tracks[0]!.lfe).toBe(-60);
		await ui.press('B', 'B');
		expect(ui.store.getState().session.tracks[0]!.lfe).toBe(-59);
		expect(ui.frame()).toMatch(/pan \[\s*FC lfe\s*\]/);
		await ui.press('b', 'b', 'b');
		expect(ui.store.getState().session.tracks[0]!.lfe).toBe(-Infinity);
		expect(ui.sent.filter((c) => c.type === 'param' && c.param === 'lfe').map((c) => (c as { value: number }).value)).toEqual([-60, -59.5, -59, -59.5, -60, -Infinity]);
		expect(ui.frame()).toMatch(/pan \[\s+FC\s+\]/);
	});

	it('refuses on a stereo session and on a bus, saying why', async () => {
		ui = setup({ yaml: sessionYaml(4) });
		await ui.press(')');
		expect(ui.frame()).toContain("front/rear pan is heard on a 5.1 master only; this session's master is stereo");
		expect(ui.store.getState().session.tracks[0]!.panY).toBeUndefined();
		ui.unmount();
		ui = setup({ yaml: surroundYaml('', 2) });
		await ui.press('right', 'right', 'B');
		expect(ui.frame()).toContain('the LFE send is per track');
	});

	it('the protools and vim keymaps bind them too', async () => {
		for (const keymap of ['protools', 'vim']) {
			ui = setup({ yaml: surroundYaml(), keymap });
			await ui.press(')', 'B');
			expect(ui.store.getState().session.tracks[0]).toMatchObject({ panY: -0.95, lfe: -60 });
			ui.unmount();
			ui = undefined;
		}
	});
});

describe('monitor switch', () => {
	const monitors = (u: Setup) => u.sent.filter((c) => c.type === 'monitor').map((c) => (c as { mode: string }).mode);

	it('on a 5.1 master steps mix → fold-down → mono → mix, marked on the transport', async () => {
		ui = setup({ yaml: surroundYaml() });
		expect(ui.frame().split('\n')[0]).not.toContain('MON');
		await ui.press('\\');
		expect(ui.frame().split('\n')[0]).toMatch(/^# STOP MON 2\.0 {2}01:00:00:00/);
		expect(ui.frame()).toContain('monitor 2.0: BS.775 fold-down, LFE dropped (prints and meters stay 5.1)');
		await ui.press('\\');
		expect(ui.frame().split('\n')[0]).toContain('MON MONO');
		expect(ui.frame()).toContain('monitor mono: (L + R) / 2 of the fold-down');
		await ui.press('\\');
		expect(ui.frame().split('\n')[0]).not.toContain('MON');
		expect(monitors(ui)).toEqual(['fold', 'mono', 'mix']);
		// The mix is not edited: nothing to undo, nothing unsaved.
		expect(ui.store.getState().dirty).toBe(false);
	});

	it('a stereo master skips the fold-down: mix ↔ mono', async () => {
		ui = setup({ yaml: sessionYaml(4) });
		await ui.press('\\', '\\');
		expect(monitors(ui)).toEqual(['mono', 'mix']);
	});

	it('a 5.1 master on a 2-output device is its fold-down (MON 2.0) and steps to mono and back', async () => {
		ui = setup({ yaml: surroundYaml() });
		ui.store.handleEngineEvent({ type: 'device', status: { kind: 'native', name: 'hw', sampleRate: 48000, channels: 2, bufferFrames: 512, latencyMs: 20 } });
		await ui.press('space');
		await ui.tick();
		expect(ui.frame().split('\n')[0]).toContain('MON 2.0');
		await ui.press('\\', '\\');
		expect(monitors(ui)).toEqual(['mono', 'fold']);
	});
});
