// The pure analysis against values worked out here: lines from hop powers, dips from loudness
// differences, and the lane as the deepest of the lines' trapezoids.
import { describe, expect, it } from 'vitest';
import { DUCK_DEFAULTS, duckPoints, findLines, speechGate, type DuckLine } from '../../engine/duck/analyse.js';
import { mergeRange } from '../../engine/duck/bake.js';

/** Mean square that reads `lufs` (BS.1770: L = −0.691 + 10·log10 P). */
const power = (lufs: number) => Math.pow(10, (lufs + 0.691) / 10);

function hops(n: number, fill: (k: number) => number): Float64Array {
	return Float64Array.from({ length: n }, (_, k) => fill(k));
}

describe('findLines', () => {
	it('finds a line where the key passes the gate and dips the target to the difference', () => {
		const key = hops(100, (k) => (k >= 20 && k < 50 ? power(-20) : 0));
		const target = hops(100, () => power(-25));
		const lines = findLines({ key, target, origin: 1, keyIntegrated: -20 }, DUCK_DEFAULTS);
		expect(lines).toHaveLength(1);
		const [l] = lines as [DuckLine];
		expect(l.start).toBeCloseTo(3, 9);
		expect(l.end).toBeCloseTo(6, 9);
		expect(l.keyLufs).toBeCloseTo(-20, 9);
		expect(l.targetLufs).toBeCloseTo(-25, 9);
		// −20 − 10 − (−25)
		expect(l.dip).toBeCloseTo(-5, 9);
	});

	it('never dips deeper than maxDepth, nor at all when the target is already low enough', () => {
		const key = hops(60, (k) => (k >= 10 && k < 40 ? power(-20) : 0));
		const loud = findLines({ key, target: hops(60, () => power(-12)), origin: 0, keyIntegrated: -20 }, DUCK_DEFAULTS);
		expect(loud[0]!.dip).toBe(-15);
		const quiet = findLines({ key, target: hops(60, () => power(-40)), origin: 0, keyIntegrated: -20 }, DUCK_DEFAULTS);
		expect(quiet[0]!.dip).toBe(0);
	});

	it('bridges pauses shorter than the hold, drops clicks, and gates relative to the integrated level', () => {
		// Speech 10–19, a 0.5 s pause, 25–34; a click at 60; murmur at −45 LUFS (27 LU under) from 70.
		const key = hops(100, (k) => ((k >= 10 && k < 20) || (k >= 25 && k < 35) || k === 60 ? power(-18) : k >= 70 ? power(-45) : 0));
		const target = hops(100, () => power(-30));
		const lines = findLines({ key, target, origin: 0, keyIntegrated: -18 }, DUCK_DEFAULTS);
		expect(lines.map((l) => [l.start, l.end])).toEqual([[1, 3.5]]);
		expect(speechGate(-18)).toBe(-38);
		expect(speechGate(-40)).toBe(-50);
		const split = findLines({ key, target, origin: 0, keyIntegrated: -18 }, { ...DUCK_DEFAULTS, hold: 0.4 });
		expect(split.map((l) => [l.start, l.end])).toEqual([
			[1, 2],
			[2.5, 3.5],
		]);
	});

	it('with no hold, unbroken speech is still one line and any pause splits it', () => {
		const key = hops(100, (k) => ((k >= 10 && k < 30) || (k >= 31 && k < 50) ? power(-18) : 0));
		const target = hops(100, () => power(-30));
		const lines = findLines({ key, target, origin: 0, keyIntegrated: -18 }, { ...DUCK_DEFAULTS, hold: 0 });
		expect(lines.map((l) => [l.start, l.end])).toEqual([
			[1, 3],
			[3.1, 5],
		]);
	});

	it('reads the target over its loudest 3 s inside a long line', () => {
		const key = hops(120, (k) => (k >= 10 && k < 110 ? power(-20) : 0));
		// A swell to −22 LUFS for 3 s in the middle of a −30 LUFS score.
		const target = hops(120, (k) => (k >= 50 && k < 80 ? power(-22) : power(-30)));
		const [l] = findLines({ key, target, origin: 0, keyIntegrated: -20 }, DUCK_DEFAULTS) as [DuckLine];
		expect(l.targetLufs).toBeCloseTo(-22, 9);
		expect(l.dip).toBeCloseTo(-8, 9);
	});
});

/** The reference: each line's trapezoid, the deepest wins. */
function reference(lines: DuckLine[], t: number, preroll: number, release: number): number {
	let v = 0;
	for (const l of lines) {
		let e = 0;
		if (t >= l.start && t <= l.end) e = l.dip;
		else if (t > l.start - preroll && t < l.start) e = (l.dip * (t - (l.start - preroll))) / preroll;
		else if (t > l.end && t < l.end + release) e = (l.dip * (l.end + release - t)) / release;
		v = Math.min(v, e);
	}
	return v;
}

function laneAt(points: [number, number][], t: number): number {
	if (t <= points[0]![0]) return points[0]![1];
	for (let i = 1; i < points.length; i++) {
		const [t1, v1] = points[i]!;
		const [t0, v0] = points[i - 1]!;
		if (t <= t1) return t1 === t0 ? v1 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
	}
	return points[points.length - 1]![1];
}

const line = (start: number, end: number, dip: number): DuckLine => ({ start, end, dip, keyLufs: -20, targetLufs: -20 });

describe('duckPoints', () => {
	it('writes four corners a line: down over the preroll, back over the release', () => {
		expect(duckPoints([line(2, 4, -6)], DUCK_DEFAULTS)).toEqual([
			[1.7, 0],
			[2, -6],
			[4, -6],
			[4.8, 0],
		]);
	});

	it('is the deepest envelope where ramps of neighbouring lines overlap', () => {
		const lines = [line(2, 5, -6), line(5.9, 8, -4), line(8.3, 9, -10), line(12, 13, 0)];
		const points = duckPoints(lines, DUCK_DEFAULTS);
		// Within 0.02 dB: crossings are written to the millisecond (on a ramp of 33 dB/s) and values to 0.01 dB.
		for (let t = 0; t <= 14; t += 0.001) expect(Math.abs(laneAt(points, t) - reference(lines, t, 0.3, 0.8))).toBeLessThan(0.02);
		// Every line's dip is there at its start.
		for (const l of lines) expect(laneAt(points, l.start)).toBeCloseTo(l.dip, 9);
		// Sparse: no point that lies on the line between its neighbours.
		expect(points.length).toBeLessThanOrEqual(10);
	});

	it('writes nothing without a dip, and starts at 0 s when a line does', () => {
		expect(duckPoints([line(1, 2, 0)], DUCK_DEFAULTS)).toEqual([]);
		const early = duckPoints([line(0.1, 1, -9)], DUCK_DEFAULTS);
		expect(early[0]).toEqual([0, -6]);
		expect(laneAt(early, 0.1)).toBe(-9);
	});
});

describe('mergeRange', () => {
	it('keeps the old lane outside the range exactly and the new one inside', () => {
		const old: [number, number][] = [[0, 0], [5, -6], [15, -6], [20, 0]];
		const fresh: [number, number][] = [[12, 0], [13, -3], [14, -3], [15, 0]];
		const merged = mergeRange(old, fresh, 10, 18);
		for (let t = 0; t <= 25; t += 0.01) {
			const inside = t > 10 + 1e-9 && t < 18 - 1e-9;
			const want = inside ? laneAt(fresh, t) : laneAt(old, t);
			if (Math.abs(t - 10) > 1e-9 && Math.abs(t - 18) > 1e-9) expect(laneAt(merged, t)).toBeCloseTo(want, 9);
		}
	});

	it('adds nothing where the lane is level across an edge', () => {
		const old: [number, number][] = [[0.5, 0], [1, -4], [2, -4], [2.2, 0]];
		expect(mergeRange(old, [], 8, 10.5)).toEqual(old);
		expect(mergeRange(old, [[11, 0], [12, -5], [13, -5], [14, 0]], 10, 30)).toEqual([...old, [11, 0], [12, -5], [13, -5], [14, 0]]);
	});
});
