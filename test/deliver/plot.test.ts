// The short-term loudness plot of report.txt: column maxima, bar heights against the 3 LU rows,
// the target row, the time axis, and 80 columns.
import { describe, expect, it } from 'vitest';
import { columnMaxima, PLOT_COLUMNS, PLOT_ROWS, textPlot } from '../../engine/deliver/plot.js';

describe('report plot', () => {
	it('takes the loudest reading of each span', () => {
		expect([...columnMaxima([1, 5, 2, 8, -Infinity, 3], 3)]).toEqual([5, 8, 3]);
		expect([...columnMaxima([-Infinity, -Infinity], 2)]).toEqual([-Infinity, -Infinity]);
	});

	it('draws a bar per column to its row, marks the target, and fits 80 columns', () => {
		// First half at -20 LUFS, second half at -32 LUFS; target -23.
		const series = Array.from({ length: 640 }, (_, i) => (i < 320 ? -20 : -32));
		const lines = textPlot(series, '01:00:00:00', '01:00:10:00', -23);
		expect(lines).toHaveLength(PLOT_ROWS + 2);
		for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
		const half = PLOT_COLUMNS / 2;
		// The top row is -21 (its lower half, -22.5 … -21, is reached by -20).
		expect(lines[0]).toBe(`  -21 |${'#'.repeat(half)}`);
		// The target's row (-24 holds -23): bars where loud, '-' where the bar stops short.
		expect(lines[1]).toBe(`  -24 |${'#'.repeat(half)}${'-'.repeat(half)}`);
		// -32 stops short of the -30 row's lower half (-31.5): -33 is the first full row.
		expect(lines[3]).toBe(`  -30 |${'#'.repeat(half)}`);
		expect(lines[4]).toBe(`  -33 |${'#'.repeat(PLOT_COLUMNS)}`);
		expect(lines[PLOT_ROWS]).toBe(`      +${'-'.repeat(PLOT_COLUMNS)}`);
		expect(lines[PLOT_ROWS + 1]!.trim()).toMatch(/^01:00:00:00 +01:00:10:00$/);
	});

	it('says so when there is nothing to draw', () => {
		expect(textPlot([-Infinity], 'a', 'b')[0]).toMatch(/no short-term loudness/);
	});
});
