// The frequency labels under the EQ curve: on a narrow curve (the strip page beside a 5.1 track's
// panner) the decades and 1k are kept, each label centred on its own frequency's column.
import { describe, expect, it } from 'vitest';
import { eqCurve } from '../../source/app/strip-curve.js';
import { PLAIN } from '../../source/app/theme.js';

/** The label tokens and their centre columns, on a log axis 20 Hz – 20 kHz `width` columns wide. */
function labels(width: number): Map<string, number> {
	const row = eqCurve(undefined, 48000, width, 4, PLAIN).axis.at(-1)!.slice(5);
	const out = new Map<string, number>();
	for (const m of row.matchAll(/\S+/g)) out.set(m[0], m.index + (m[0].length >> 1));
	return out;
}
const column = (f: number, width: number) => Math.round((Math.log(f / 20) / Math.log(1000)) * (width - 1));

describe('EQ curve frequency labels', () => {
	it('keep 100, 1k and 10k on a 37-column curve, where not every label fits', () => {
		const l = labels(37);
		expect(l.size).toBeLessThan(10);
		for (const [text, f] of [['100', 100], ['1k', 1000], ['10k', 10000]] as const) {
			expect(l.has(text), [...l.keys()].join(' ')).toBe(true);
			expect(Math.abs(l.get(text)! - column(f, 37))).toBeLessThanOrEqual(1);
		}
	});

	it('show every label when the curve is wide', () => {
		expect([...labels(60).keys()]).toEqual(['20', '50', '100', '200', '500', '1k', '2k', '5k', '10k', '20k']);
	});
});
