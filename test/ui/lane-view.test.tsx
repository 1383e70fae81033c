// The timeline's automation lane view at 80×24 and 120×40: the selected lane drawn as a curve
// across its rows, checked column by column against levels computed here from the lane's points
// (linear interpolation written in this test, on the scale the view documents: lowest to highest
// point, widened to 12 steps), the points marked, the value at the playhead in the lane's unit,
// and the lane key stepping through gain, pan, mute, sends and strip parameters.
import { afterEach, describe, expect, it } from 'vitest';
import { nameWidth } from '../../source/app/timeline-rows.js';
import { fitsIn, setup, type Setup } from './setup.js';
import { GAIN, laneYaml, lerp } from './lane-fixtures.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const LEVELS = '_.-~=^';

interface Expect {
	points: [number, number][];
	/** The smallest span of the scale (12 steps). */
	span: number;
	rows: number;
	width: number;
	/** Columns of the name column before the lane. */
	name: number;
	zoom: number;
	playhead: number;
	selected?: number;
}

/** Checks every lane cell: the curve glyph at its level, the points, the playhead column, blanks elsewhere. */
function expectLane(lines: string[], first: number, e: Expect): void {
	const values = e.points.map(([, v]) => v);
	let lo = Math.min(...values);
	let hi = Math.max(...values);
	if (hi - lo < e.span) [lo, hi] = [(lo + hi) / 2 - e.span / 2, (lo + hi) / 2 + e.span / 2];
	const n = 6 * e.rows;
	const level = (v: number) => Math.max(0, Math.min(n - 1, Math.floor(((v - lo) / (hi - lo)) * n)));
	const cell = (r: number, c: number) => lines[first + r]![e.name + c] ?? ' ';
	const col = (t: number) => Math.floor(t / e.zoom);
	const ph = col(e.playhead);
	const pointCols = new Set(e.points.map(([t]) => col(t)));
	let checked = 0;
	for (let c = 0; c < e.width; c++) {
		if (c === ph || pointCols.has(c)) continue;
		const x = ((lerp(e.points, (c + 0.5) * e.zoom) - lo) / (hi - lo)) * n;
		// A sample on a level boundary (to float rounding) may draw on either side of it.
		if (Math.abs(x - Math.round(x)) < 1e-6 && Math.round(x) > 0 && Math.round(x) < n) continue;
		const k = level(lerp(e.points, (c + 0.5) * e.zoom));
		const row = e.rows - 1 - Math.floor(k / 6);
		for (let r = 0; r < e.rows; r++) expect(cell(r, c), `row ${r} column ${c}`).toBe(r === row ? LEVELS[k % 6] : ' ');
		checked++;
	}
	expect(checked).toBeGreaterThan(e.width / 2);
	e.points.forEach(([t, v], i) => {
		const k = level(v);
		expect(cell(e.rows - 1 - Math.floor(k / 6), col(t)), `point ${i}`).toBe(i === e.selected ? '@' : 'o');
	});
	for (let r = 0; r < e.rows; r++) if (!e.points.some(([t]) => col(t) === ph)) expect(cell(r, ph)).toBe('|');
}

async function atPlayhead(u: Setup, seconds: number): Promise<void> {
	u.shared.setPosition(Math.round(48000 * seconds), 48000);
	u.shared.publish();
	await u.tick();
}

/** Index of the first lane line (under the selected track's line). */
const laneAt = (frame: string) => frame.split('\n').findIndex((l) => l.startsWith('>Trk 2')) + 1;

describe.each([
	[80, 24, 3],
	[120, 40, 4],
])('the lane view at %i×%i', (columns, rows, laneRows) => {
	it(`draws the gain lane across ${laneRows} rows with its points and the value at the playhead`, async () => {
		ui = setup({ columns, rows, yaml: laneYaml() });
		await ui.press('tab', 'down', 'a');
		await atPlayhead(ui, 2.5);
		const frame = ui.frame();
		expect(fitsIn(frame, columns, rows)).toBe(true);
		const lines = frame.split('\n');
		const first = laneAt(frame);
		expect(lines[first]).toMatch(/^ {2}-13\.0dB /);
		expect(lines[first + 1]).toMatch(/^ fader /);
		expectLane(lines, first, { points: GAIN, span: 6, rows: laneRows, width: columns - nameWidth(columns), name: nameWidth(columns), zoom: 0.5, playhead: 2.5 });
		// The tracks below the lane follow it.
		expect(lines[first + laneRows]).toMatch(/^ Trk 3/);
	});

	it('steps to the pan and filter lanes, in their units, and marks the selected point', async () => {
		ui = setup({ columns, rows, yaml: laneYaml() });
		await ui.press('tab', 'down', 'a', 'A');
		await atPlayhead(ui, 2.5);
		let frame = ui.frame();
		let first = laneAt(frame);
		expect(frame.split('\n')[first]).toMatch(/^ {2}L50 /);
		expect(frame).toContain('lane 2/');
		expectLane(frame.split('\n'), first, { points: [[0, -1], [10, 1]], span: 0.6, rows: laneRows, width: columns - nameWidth(columns), name: nameWidth(columns), zoom: 0.5, playhead: 2.5 });
		// gain, pan, mute, the send, trim, then hpf.freq.
		await ui.press('A', 'A', 'A', 'A', ')');
		frame = ui.frame();
		first = laneAt(frame);
		const lines = frame.split('\n');
		expect(lines[first]).toMatch(/^ {2}125Hz /);
		expect(lines[first + 1]).toMatch(/^ HPF freq /);
		expect(lines[first + 2]).toMatch(/^ {2}@2\/2 /);
		expect(frame).toContain('Trk 2 high-pass freq point 2/2 at 01:00:10:00: 200 Hz');
		expectLane(lines, first, { points: [[0, 100], [10, 200]], span: 50, rows: laneRows, width: columns - nameWidth(columns), name: nameWidth(columns), zoom: 0.5, playhead: 2.5, selected: 1 });
	});

	it('says what plays on a lane with no points', async () => {
		ui = setup({ columns, rows, yaml: laneYaml() });
		await ui.press('tab', 'down', 'a', 'A', 'A', 'A');
		expect(ui.frame()).toContain('(no send to MX automation; send to MX -12.0 dB)');
		await ui.press('A');
		expect(ui.frame()).toContain('(no trim automation; trim 0.0 dB)');
	});
});

it('takes one row when the tracks fill the timeline (80×24, 19 tracks)', async () => {
	ui = setup({ yaml: laneYaml(19) });
	await ui.press('tab', 'down', 'a');
	await atPlayhead(ui, 7);
	const frame = ui.frame();
	expect(fitsIn(frame, 80, 24)).toBe(true);
	const lines = frame.split('\n');
	const first = laneAt(frame);
	expect(lines[first]).toMatch(/^ {2}-6\.0dB /);
	expect(lines[first + 1]).toMatch(/^ Trk 3/);
	expectLane(lines, first, { points: GAIN, span: 6, rows: 1, width: 70, name: 10, zoom: 0.5, playhead: 7 });
});
