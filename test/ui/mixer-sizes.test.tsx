// The mixer at other sizes: names that grow with the width (7 characters at 80 columns), bus
// strips named by their id with the whole name on the status line, meters as tall as the terminal
// allows with a scale to match, help that wraps instead of cutting, and the status line saying
// what [ ] do in the view shown.
import { afterEach, describe, expect, it } from 'vitest';
import { allActions, describeAction } from '../../source/input/actions.js';
import { helpLines, statusHints } from '../../source/app/help-lines.js';
import { loadKeymap } from '../../source/input/keymap.js';
import { fitsIn, sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

/** `tracks` tracks, the first two with long names; buses DX (Dialogue) and MX (Music). */
function longNames(tracks = 16): string {
	return sessionYaml(tracks).replace('    name: Trk 1\n', '    name: Dialogue boom\n').replace('    name: Trk 2\n', '    name: DX2 alternate\n');
}

const statusRow = (frame: string) => frame.split('\n').at(-1)!;
const nameRow = (frame: string) => frame.split('\n')[2]!;

/** Rows of a meter lit to `db` on the IEC 60268-18 scale, written out here: 2.5 % a dB above −20 dB, 50 % at −20. */
function iecCells(db: number, rows: number): number {
	const percent = db >= -20 ? (db + 20) * 2.5 + 50 : db >= -30 ? (db + 30) * 2 + 30 : Number.NaN;
	return Math.round((percent / 100) * rows);
}

// Name characters by width for a session too big for one bank: 7 at 80, one more per 40 columns.
describe.each([
	[80, 24, 7],
	[120, 40, 8],
	[160, 56, 9],
])('at %i×%i', (columns, rows, chars) => {
	it(`names get ${chars} characters, buses their ids, and every line fits`, () => {
		ui = setup({ columns, rows, yaml: longNames() });
		const frame = ui.frame();
		expect(fitsIn(frame, columns, rows)).toBe(true);
		expect(frame.split('\n')).toHaveLength(rows);
		const names = nameRow(frame);
		// The selected strip has its full share too: '>' before it, nothing cut for a '<'.
		expect(names).toContain(`>${'Dialogue boom'.slice(0, chars)} ${'DX2 alternate'.slice(0, chars)} `);
		expect(names).not.toContain('DX2 alternate'.slice(0, chars + 1));
	});

	it('meters take every row the strip leaves, with the scale placed on them', async () => {
		ui = setup({ columns, rows, yaml: longNames() });
		ui.shared.setMeter(ui.shared.trackMeterOffset(0), -6, -70, false);
		ui.shared.setPlaying(true);
		ui.shared.publish();
		await ui.tick();
		const lines = ui.frame().split('\n');
		// Transport (2) and status (1) lines, the name row and five rows under the meters.
		const meterRows = rows - 3 - 6;
		const meter = lines.slice(3, 3 + meterRows);
		expect(meter.filter((l) => l.slice(4, 12).includes('##'))).toHaveLength(iecCells(-6, meterRows));
		expect(lines[3 + meterRows]).toMatch(/^pk\s/);
		// Each label sits on the row where a meter at that level tops out.
		const labels = meter.map((l) => l.slice(0, 3).trim());
		expect(labels[0]).toBe('0');
		for (const db of [-3, -6, -10, -15, -20]) {
			const row = labels.indexOf(String(db));
			if (row >= 0) expect(row).toBe(meterRows - iecCells(db, meterRows));
		}
		// Never two labels on neighbouring rows.
		labels.forEach((l, i) => {
			if (l && i > 0) expect(labels[i - 1]).toBe('');
		});
	});
});

it('a taller terminal gets more scale marks, and 120×40 has no blank rows under the mixer', async () => {
	const counts: number[] = [];
	for (const [columns, rows] of [
		[80, 24],
		[120, 40],
		[200, 60],
	] as const) {
		ui = setup({ columns, rows, yaml: longNames() });
		const lines = ui.frame().split('\n');
		counts.push(lines.slice(3, rows - 1 - 6).filter((l) => /^\s*-?\d+ /.test(l)).length);
		// The last view row is the out row, not a blank one.
		expect(lines[rows - 2]).toMatch(/^out\s/);
		ui.unmount();
		ui = undefined;
	}
	expect(counts[1]).toBeGreaterThan(counts[0]!);
	expect(counts[2]).toBeGreaterThan(counts[1]!);
});

it('a small session on a wide terminal spends the spare width on the names', () => {
	ui = setup({ columns: 160, rows: 40, yaml: longNames(4) });
	// Four tracks and two buses fit one bank of 12-column strips: 11 characters a name.
	expect(nameRow(ui.frame())).toContain('>Dialogue bo DX2 alterna ');
	expect(fitsIn(ui.frame(), 160, 40)).toBe(true);
});

it('bus strips show the id; the status line and the strip page give the whole name', async () => {
	ui = setup({ yaml: longNames() });
	await ui.press(...new Array<string>(16).fill('right'));
	const frame = ui.frame();
	expect(nameRow(frame)).toMatch(/>DX +MX /);
	expect(nameRow(frame)).not.toMatch(/Dialogue|Music/);
	expect(statusRow(frame)).toMatch(/DX Dialogue {2}\[ \] pan {2}\? help/);
	expect(fitsIn(frame, 80, 24)).toBe(true);
	await ui.press('e');
	expect(ui.frame()).toContain('STRIP  Dialogue');
	await ui.press('e', 'home');
	// A track whose name the strip cuts has it whole on the status line too; a short one does not.
	await ui.press(...new Array<string>(16).fill('left'));
	expect(statusRow(ui.frame())).toMatch(/Dialogue boom {2}\[ \] pan/);
	await ui.press('right', 'right');
	expect(statusRow(ui.frame())).toMatch(/^\s+\[ \] pan {2}\? help/);
});

it('the status line and the help say what [ ] do in each view', async () => {
	ui = setup();
	expect(statusRow(ui.frame())).toMatch(/\[ \] pan {2}\? help/);
	await ui.press('2');
	expect(statusRow(ui.frame())).toMatch(/\[ \] nudge {2}\? help/);
	// A bus row has no clips to nudge: no hint there; back on a track it returns.
	for (let i = 0; i < 40 && ui.store.getState().focus !== 'bus'; i++) await ui.press('down');
	expect(ui.store.getState().focus).toBe('bus');
	expect(statusRow(ui.frame())).toMatch(/^\s*\? help/);
	await ui.press('up');
	while (ui.store.getState().focus !== 'track') await ui.press('up');
	expect(statusRow(ui.frame())).toMatch(/\[ \] nudge {2}\? help/);
	await ui.press('?');
	expect(ui.frame().replace(/\s+/g, ' ')).toContain('[ ] pan in the mixer, nudge on the timeline');
});

it('status hints leave a message 20 columns: a long name is cut with …, the view hints go before the global ones', () => {
	const global = '? help  Space play  w save  q quit';
	expect(statusHints('DX Dialogue', ['[ ] pan', global], 80)).toBe(`DX Dialogue  [ ] pan  ${global}`);
	// 80 − 22 leaves 58 columns: 43 for the hints, the separator, 13 for the name.
	expect(statusHints('FX Effects (BG, foley, FX)', ['[ ] pan', global], 80)).toBe(`FX Effects (…  [ ] pan  ${global}`);
	expect(statusHints('DX Dialogue', ['[ ] pan', global], 60)).toBe(global);
	expect(statusHints('', ['', global], 80)).toBe(global);
});

/** The help's columns as text: each column's lines joined, whitespace collapsed (wrapped lines read whole). */
function helpColumns(lines: readonly string[]): string[] {
	const top = lines.find((l) => l.startsWith('Everywhere'))!;
	const starts = [0, ...['Mixer', 'Timeline'].map((t) => top.indexOf(t)).filter((i) => i > 0)];
	return starts.map((start, i) =>
		lines
			.map((l) => l.slice(start, starts[i + 1] ?? l.length))
			.join(' ')
			.replace(/\s+/g, ' '),
	);
}

describe.each([
	[80, 24],
	[120, 40],
	[160, 56],
	[200, 60],
])('help at %i×%i', (columns, rows) => {
	it.each(['default', 'protools', 'vim'])('%s: every action whole, no line wider than the terminal', async (name) => {
		const { keymap } = loadKeymap({ name });
		const lines = helpLines(keymap, columns);
		expect(lines.every((l) => l.length <= columns)).toBe(true);
		const text = helpColumns(lines).join(' | ');
		for (const id of allActions()) expect(text).toContain(describeAction(id));
		if (name !== 'default') return;
		ui = setup({ columns, rows });
		await ui.press('?');
		expect(fitsIn(ui.frame(), columns, rows)).toBe(true);
		expect(ui.frame()).toContain('Keys (default keymap');
	});
});
