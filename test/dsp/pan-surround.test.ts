// The 5.1 panner's gains at a grid of (x, y, lfe) for mono and stereo sources, against the laws
// written out here: front F(x) = L–C–R constant power, rear θ = (x+1)·π/4, φ = (y+1)·π/4,
// out = cos φ·F(x) + sin φ·rear(x); LFE = 10^(lfe/20) (stereo: the mean of both sides).
import { describe, expect, it } from 'vitest';
import { panMatrixAt, SLOT } from '../../engine/dsp/pan.js';

const XS = [-1, -0.75, -0.5, -0.2, 0, 0.3, 0.5, 0.9, 1];
const YS = [-1, -0.6, -0.25, 0, 0.4, 0.8, 1];
const LFES = [-Infinity, -20, -6, 0, 10];
const gainOf = (db: number) => (db === -Infinity ? 0 : 10 ** (db / 20));

/** [L, R, C, LFE, Ls, Rs] for a mono source, straight from the law. */
function monoLaw(x: number, y: number, lfe: number): number[] {
	const a = x <= 0 ? ((x + 1) * Math.PI) / 2 : (x * Math.PI) / 2;
	const front = x <= 0 ? { L: Math.cos(a), C: Math.sin(a), R: 0 } : { L: 0, C: Math.cos(a), R: Math.sin(a) };
	const th = ((x + 1) * Math.PI) / 4;
	const phi = ((y + 1) * Math.PI) / 4;
	const f = Math.cos(phi);
	const r = Math.sin(phi);
	return [f * front.L, f * front.R, f * front.C, gainOf(lfe), r * Math.cos(th), r * Math.sin(th)];
}

/** Rows [L, R, C, LFE, Ls, Rs] × columns [left in, right in] for a stereo source. */
function stereoLaw(x: number, y: number, lfe: number): number[][] {
	const left = x > 0 ? 1 - x : 1;
	const right = x < 0 ? 1 + x : 1;
	const phi = ((y + 1) * Math.PI) / 4;
	const g = gainOf(lfe);
	return [
		[left * Math.cos(phi), 0],
		[0, right * Math.cos(phi)],
		[0, 0],
		[g / 2, g / 2],
		[left * Math.sin(phi), 0],
		[0, right * Math.sin(phi)],
	];
}

function matrix(from: 'mono' | 'stereo', x: number, y: number, lfe: number): Float64Array {
	const m = new Float64Array(from === 'mono' ? 6 : 12).fill(NaN);
	panMatrixAt(from, '5.1', Float64Array.of(x), 0, m, Float64Array.of(y), Float64Array.of(gainOf(lfe)));
	return m;
}

describe('the 5.1 panner', () => {
	it('gives a mono source the contract gains at every grid point', () => {
		for (const x of XS) for (const y of YS) for (const lfe of LFES) {
			const m = matrix('mono', x, y, lfe);
			const want = monoLaw(x, y, lfe);
			for (let o = 0; o < 6; o++) expect(m[o], `x ${x} y ${y} lfe ${lfe} out ${o}`).toBeCloseTo(want[o]!, 12);
		}
	});

	it('keeps a mono source at constant power across the five main speakers', () => {
		for (const x of XS) for (const y of YS) {
			const m = matrix('mono', x, y, -Infinity);
			const power = [SLOT.L, SLOT.R, SLOT.C, SLOT.Ls, SLOT.Rs].reduce((p, s) => p + m[s]! ** 2, 0);
			expect(power).toBeCloseTo(1, 12);
		}
	});

	it('gives a stereo source balance in front, each side into its surround, and the mean to the LFE', () => {
		for (const x of XS) for (const y of YS) for (const lfe of LFES) {
			const m = matrix('stereo', x, y, lfe);
			const want = stereoLaw(x, y, lfe);
			for (let o = 0; o < 6; o++) for (let i = 0; i < 2; i++) expect(m[o * 2 + i], `x ${x} y ${y} lfe ${lfe} out ${o} in ${i}`).toBeCloseTo(want[o]![i]!, 12);
		}
	});

	it('at the front with no LFE is exactly the L–C–R and balance laws (older prints keep their bits)', () => {
		for (const x of XS) {
			const m = matrix('mono', x, -1, -Infinity);
			const bare = new Float64Array(6);
			panMatrixAt('mono', '5.1', Float64Array.of(x), 0, bare);
			expect(Array.from(m)).toEqual(Array.from(bare));
			const a = x <= 0 ? ((x + 1) * Math.PI) / 2 : (x * Math.PI) / 2;
			// Bit for bit, not close: the front law as it was written before panY existed.
			if (x <= 0) expect([m[SLOT.L], m[SLOT.C], m[SLOT.R]]).toEqual([Math.cos(a), Math.sin(a), 0]);
			else expect([m[SLOT.L], m[SLOT.C], m[SLOT.R]]).toEqual([0, Math.cos(a), Math.sin(a)]);
			expect([m[SLOT.LFE], m[SLOT.Ls], m[SLOT.Rs]]).toEqual([0, 0, 0]);
			const s = matrix('stereo', x, -1, -Infinity);
			expect(Array.from(s)).toEqual([x > 0 ? 1 - x : 1, 0, 0, x < 0 ? 1 + x : 1, 0, 0, 0, 0, 0, 0, 0, 0]);
		}
	});

	it('ignores panY and lfe on a stereo master and for a 5.1 source', () => {
		const ys = Float64Array.of(0.7);
		const lfes = Float64Array.of(2);
		for (const from of ['mono', 'stereo'] as const) {
			const size = from === 'mono' ? 2 : 4;
			const a = new Float64Array(size);
			const b = new Float64Array(size);
			panMatrixAt(from, 'stereo', Float64Array.of(0.3), 0, a);
			panMatrixAt(from, 'stereo', Float64Array.of(0.3), 0, b, ys, lfes);
			expect(Array.from(b)).toEqual(Array.from(a));
		}
		const a = new Float64Array(36);
		const b = new Float64Array(36);
		panMatrixAt('5.1', '5.1', Float64Array.of(-0.4), 0, a);
		panMatrixAt('5.1', '5.1', Float64Array.of(-0.4), 0, b, ys, lfes);
		expect(Array.from(b)).toEqual(Array.from(a));
	});
});
