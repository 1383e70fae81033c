// The short-term loudness plot of report.txt: column extremes, bars from each column's quietest
// to its loudest reading against 3 LU rows (each reading rounded to the nearest row), the
// target on a row of its own, the floor at the quietest reading, the time axis and legend.
import { describe, expect, it } from 'vitest';
import { columnMaxima, columnMinima, PLOT_COLUMNS, PLOT_ROWS, textPlot } from '../../engine/deliver/plot.js';

const half = PLOT_COLUMNS / 2;
/** 640 readings, 10 per column: `first(j)` in the first half and `second(j)` in the second, j the reading's place in its column. */
const series = (first: (j: number) => number, second: (j: number) => number) => Array.from({ length: 640 }, (_, i) => (i < 320 ? first(i % 10) : second(i % 10)));
/** From `a` to `b` across a column's ten readings. */
const ramp = (a: number, b: number) => (j: number) => a + ((b - a) * j) / 9;
const flat = (v: number) => () => v;
/** The row labels of a plot, top down. */
const labels = (lines: string[]) => lines.filter((l) => / \|/.test(l)).map((l) => Number(l.slice(0, 5)));
const row = (label: number, body: string) => `${String(label).padStart(5)} |${body}`;

describe('report plot', () => {
	it('takes the loudest and the quietest level of each span', () => {
		expect([...columnMaxima([1, 5, 2, 8, -Infinity, 3], 3)]).toEqual([5, 8, 3]);
		expect([...columnMaxima([-Infinity, -Infinity], 2)]).toEqual([-Infinity, -Infinity]);
		expect([...columnMinima([1, 5, 2, 8, -Infinity, 3], 3)]).toEqual([1, 2, 3]);
		expect([...columnMinima([-Infinity, -Infinity], 2)]).toEqual([Infinity, Infinity]);
	});

	it("draws each column from its quietest to its loudest row, from the loudest reading's row down to the quietest's", () => {
		// No target: rows on multiples of 3. -20 … -26 covers -21 to -27; a steady -32 is the -33 row alone.
		const lines = textPlot(series(ramp(-20, -26), flat(-32)), '01:00:00:00', '01:00:10:00');
		for (const l of lines) expect(l.length).toBeLessThanOrEqual(78);
		expect(lines.slice(0, 5)).toEqual([row(-21, '#'.repeat(half)), row(-24, '#'.repeat(half)), row(-27, '#'.repeat(half)), row(-30, ''), row(-33, `${' '.repeat(half)}${'#'.repeat(half)}`)]);
		expect(lines[5]).toBe(`      +${'-'.repeat(PLOT_COLUMNS)}`);
		expect(lines[6]!.trim()).toMatch(/^01:00:00:00 +01:00:10:00$/);
		expect(lines[7]!.trim()).toBe("bars: each column's quietest to loudest reading, to the nearest row");
		expect(lines).toHaveLength(8);
	});

	it.each([
		[-23, [-14, -17, -20, -23, -26, -29, -32]],
		[-24, [-15, -18, -21, -24, -27, -30]],
		[-16, [-13, -16, -19, -22, -25, -28, -31]],
	])('puts the target %d on a row of its own, labelled with it', (target, rows) => {
		// The same programme (-14.4 … -24.6, then a steady -31.2): the rows move to fall on the target.
		const lines = textPlot(series(ramp(-14.4, -24.6), flat(-31.2)), 'a', 'b', target);
		expect(labels(lines)).toEqual(rows);
		// Bars where the first half covers it, '-' where the second half lies under it; on no other row.
		expect(lines[rows.indexOf(target)]).toBe(row(target, `${'#'.repeat(half)}${'-'.repeat(half)}`));
		expect(lines.filter((l) => l.includes('|') && l.includes('-'.repeat(half)))).toHaveLength(1);
		expect(lines.at(-1)).toBe(`       - target ${target}`);
		// No row is solid: the floor is the steady second half alone.
		expect(lines.some((l) => l.endsWith('#'.repeat(PLOT_COLUMNS)))).toBe(false);
		expect(lines[rows.length - 1]).toBe(row(rows.at(-1)!, `${' '.repeat(half)}${'#'.repeat(half)}`));
	});

	it('keeps a target above or below the programme on the plot', () => {
		// Everything near -30; a -16 target: rows from -16 down to -31 (the readings round to -31).
		const quiet = textPlot(series(flat(-30), flat(-30.5)), 'a', 'b', -16);
		expect(labels(quiet)).toEqual([-16, -19, -22, -25, -28, -31]);
		expect(quiet[0]).toBe(row(-16, '-'.repeat(PLOT_COLUMNS)));
		// Louder than a -40 target: the target's row is the floor, marked across.
		const loud = textPlot(series(flat(-30), flat(-31)), 'a', 'b', -40);
		expect(labels(loud)).toEqual([-31, -34, -37, -40]);
		expect(loud[3]).toBe(row(-40, '-'.repeat(PLOT_COLUMNS)));
	});

	it('says where a wide range is cut, runs cut bars to the floor, and leaves silent columns empty', () => {
		// -10 in the first half; -30 … -70 in the second, its last four columns silent.
		const s = series(flat(-10), ramp(-30, -70)).map((v, i) => (i >= 600 ? -Infinity : v));
		const lines = textPlot(s, 'a', 'b');
		expect(labels(lines)).toEqual(Array.from({ length: PLOT_ROWS }, (_, k) => -9 - 3 * k));
		expect(lines[0]).toBe(row(-9, '#'.repeat(half)));
		expect(lines[6]).toBe(row(-27, ''));
		for (const r of [7, 8, 9]) expect(lines[r]).toBe(row(-9 - 3 * r, `${' '.repeat(half)}${'#'.repeat(half - 4)}`));
		expect(lines.at(-1)).toBe('       below -37.5 cut off');
	});

	it('says so when there is nothing to draw', () => {
		expect(textPlot([-Infinity], 'a', 'b')[0]).toMatch(/no short-term loudness/);
	});
});
