import { describe, expect, it } from 'vitest';
import { COMP_ATTACK, COMP_KNEE, COMP_MAKEUP, COMP_RATIO, COMP_RELEASE, COMP_THRESHOLD, Compressor, compressorGain } from '../../engine/dsp/dynamics/compressor.js';
import { DETECTOR_WINDOW_MS } from '../../engine/dsp/dynamics/detector.js';
import { db, fixed, gainDb, lin, maxStep, peak, random, rng, run, sine, SR, steps } from './dynamics-helpers.js';

interface Settings {
	threshold?: number;
	ratio?: number;
	knee?: number;
	attack?: number;
	release?: number;
	makeup?: number;
}

function compressor(s: Settings, channels = 1): Compressor {
	const c = new Compressor();
	const set = (slot: number, v: number | undefined) => v !== undefined && (c.params[slot] = v);
	set(COMP_THRESHOLD, s.threshold);
	set(COMP_RATIO, s.ratio);
	set(COMP_KNEE, s.knee);
	set(COMP_ATTACK, s.attack);
	set(COMP_RELEASE, s.release);
	set(COMP_MAKEUP, s.makeup);
	c.configure(channels, SR, 512);
	return c;
}

/** Giannoulis, Massberg and Reiss, JAES 2012, eq. (4), written out here: output level y for level x. */
function curve(x: number, T: number, R: number, W: number): number {
	if (2 * (x - T) < -W) return x;
	if (W > 0 && 2 * Math.abs(x - T) <= W) return x + ((1 / R - 1) * (x - T + W / 2) ** 2) / (2 * W);
	return T + (x - T) / R;
}

const WINDOW = Math.round((DETECTOR_WINDOW_MS / 1000) * SR);

describe('Compressor', () => {
	it.each([
		[-20, 4, 12],
		[-20, 4, 0],
		[-30, 2, 6],
		[-10, 100, 24],
		[-40, 1.5, 48],
	])('static curve: T %d dB, R %d, knee %d dB, steady 1 kHz sines across the knee', (T, R, W) => {
		const c = compressor({ threshold: T, ratio: R, knee: W, attack: 1, release: 20 });
		for (let x = -60; x <= 0; x += 1.5) {
			c.reset();
			// 0.4 s: the gain has settled (20 ms release, 10 ms window); a 1 kHz sine at 48 kHz has samples on its crests.
			const input = sine(0.4 * SR, 1000, lin(x));
			const [out] = run(c, [input], fixed(512));
			const measured = db(peak(out!, 0.3 * SR));
			expect(Math.abs(measured - curve(x, T, R, W)), `level ${x} dBFS`).toBeLessThan(0.001);
		}
	});

	it('the exported curve is the paper formula', () => {
		for (const [T, R, W] of [[-20, 4, 12], [-20, 4, 0], [-5, 100, 30]] as const) {
			for (let x = -80; x <= 10; x += 0.25) expect(compressorGain(x, T, R, W)).toBeCloseTo(curve(x, T, R, W) - x, 12);
		}
	});

	it('attack: a step up in level moves the gain 1 − 1/e of the way in τ', () => {
		for (const attack of [1, 5, 30]) {
			const c = compressor({ threshold: -30, ratio: 4, knee: 0, attack, release: 100 });
			const at = 0.2 * SR;
			// DC reads as its own peak: −40 dBFS (no gain), then −6 dBFS (gain (1/4 − 1)·24 = −18 dB).
			const input = steps([[at, 0.01], [0.5 * SR, 0.5]]);
			const g = gainDb(run(c, [input], fixed(256))[0]!, input);
			const full = (1 / 4 - 1) * (-6.0206 + 30);
			expect(g[at - 1]).toBe(0);
			const tau = Math.round((attack / 1000) * SR);
			// Sample `at` is the first with the new level; after τ samples of it the one-pole is 1 − 1/e there.
			expect(g[at + tau - 1]! / full).toBeCloseTo(1 - Math.exp(-1), 2);
			expect(g[at + 0.45 * SR]! / full).toBeCloseTo(1, 4);
		}
	});

	it('release: after the detector window, the gain recovers 1 − 1/e of the way in τ', () => {
		for (const release of [20, 100, 1000]) {
			const c = compressor({ threshold: -30, ratio: 4, knee: 0, attack: 1, release });
			const drop = 0.2 * SR;
			const input = steps([[drop, 0.5], [3 * SR, 0.01]]);
			const g = gainDb(run(c, [input], fixed(256))[0]!, input);
			const full = g[drop - 1]!;
			expect(full).toBeCloseTo((1 / 4 - 1) * (db(0.5) + 30), 6);
			// The window still holds the loud level until WINDOW samples after the drop.
			expect(g[drop + WINDOW - 2]).toBe(full);
			const tau = Math.round((release / 1000) * SR);
			const recovered = 1 - g[drop + WINDOW - 1 + tau - 1]! / full;
			expect(recovered).toBeCloseTo(1 - Math.exp(-1), 2);
		}
	});

	it('makeup adds to the gain, compressed or not', () => {
		const c = compressor({ threshold: -20, ratio: 3, knee: 6, makeup: 6 });
		for (const x of [-40, -10]) {
			c.reset();
			const [out] = run(c, [sine(0.5 * SR, 1000, lin(x))], fixed(128));
			expect(db(peak(out!, 0.4 * SR))).toBeCloseTo(curve(x, -20, 3, 6) + 6, 4);
		}
	});

	it('ratio 1 is unity: the output is the input, bit for bit', () => {
		const c = compressor({ threshold: -60, ratio: 1, knee: 0 }, 2);
		const r = rng(3);
		const input = [Float64Array.from({ length: SR }, () => 2 * r() - 1), Float64Array.from({ length: SR }, () => 0.5 * r())];
		expect(run(c, input, fixed(512))).toEqual(input);
	});

	it('the level comes from the sidechain key when one is given', () => {
		const c = compressor({ threshold: -30, ratio: 4, knee: 0, attack: 1 });
		const input = sine(0.5 * SR, 1000, lin(-40));
		// A loud key compresses a quiet input by the key's curve.
		const loud = sine(0.5 * SR, 500, 0.5);
		const [out] = run(c, [input], fixed(256), [], [loud]);
		expect(db(peak(out!, 0.4 * SR))).toBeCloseTo(-40 + (curve(db(0.5), -30, 4, 0) - db(0.5)), 3);
		// A silent key leaves a loud input alone.
		c.reset();
		const hot = sine(0.5 * SR, 1000, 0.5);
		expect(run(c, [hot], fixed(256), [], [new Float64Array(0.5 * SR)])[0]).toEqual(hot);
	});

	it('links the channels: one gain from the loudest', () => {
		const c = compressor({ threshold: -30, ratio: 4, knee: 0 }, 2);
		const left = sine(0.5 * SR, 1000, 0.5);
		const right = sine(0.5 * SR, 1000, 0.05);
		const [l, r] = run(c, [left, right], fixed(512));
		const g = curve(db(0.5), -30, 4, 0) - db(0.5);
		expect(db(peak(l!, 0.4 * SR))).toBeCloseTo(db(0.5) + g, 3);
		expect(db(peak(r!, 0.4 * SR))).toBeCloseTo(db(0.05) + g, 3);
	});

	it('the same input gives the same bits whatever the block sizes, parameter changes included', () => {
		const r = rng(9);
		let env = 0;
		// Noise with a moving envelope, so the gain moves all the time.
		const x = Float64Array.from({ length: 2 * SR }, (_, i) => {
			if (i % 2400 === 0) env = r();
			return env * (2 * r() - 1);
		});
		const y = Float64Array.from(x, (v) => 0.5 * v);
		const changes = [
			{ at: 20_000, slot: COMP_THRESHOLD, value: -35 },
			{ at: 20_000, slot: COMP_MAKEUP, value: 4 },
			{ at: 40_001, slot: COMP_RATIO, value: 10 },
			{ at: 40_500, slot: COMP_KNEE, value: 0 },
			{ at: 60_000, slot: COMP_ATTACK, value: 0.3 },
			{ at: 70_000, slot: COMP_RELEASE, value: 400 },
		];
		const a = run(compressor({}, 2), [x, y], fixed(512), changes);
		for (const seed of [1, 2]) expect(run(compressor({}, 2), [x, y], random(512, seed), changes)).toEqual(a);
	});

	it('threshold, ratio and makeup changes glide: no step in the gain', () => {
		const c = compressor({ threshold: -10, ratio: 2, knee: 0, attack: 0.1, release: 5 });
		const input = new Float64Array(SR).fill(0.5);
		const changes = [
			{ at: 12_000, slot: COMP_THRESHOLD, value: -40 },
			{ at: 24_000, slot: COMP_MAKEUP, value: 12 },
			{ at: 36_000, slot: COMP_RATIO, value: 20 },
			{ at: 36_000, slot: COMP_THRESHOLD, value: -10 },
		];
		const g = gainDb(run(c, [input], fixed(64), changes)[0]!, input);
		// Each is a 12–30 dB move; over the 20 ms glide (960 samples) no sample moves 0.05 dB.
		expect(maxStep(g, 100)).toBeLessThan(0.05);
		expect(g[23_999]).toBeCloseTo(curve(db(0.5), -40, 2, 0) - db(0.5), 6);
		expect(g[35_999]).toBeCloseTo(curve(db(0.5), -40, 2, 0) - db(0.5) + 12, 6);
	});

	it('silence in, silence out; reset clears; the meter shows the deepest reduction', () => {
		const c = compressor({ threshold: -30, ratio: 4, knee: 0, makeup: 10 }, 2);
		const quiet = [new Float64Array(512), new Float64Array(512)];
		c.process(quiet, 512, null);
		expect(peak(quiet[0]!)).toBe(0);
		c.process([new Float64Array(512).fill(0.5), new Float64Array(512)], 512, null);
		expect(c.reduction[0]).toBeLessThan(-10);
		expect(c.reduction[0]).toBeGreaterThanOrEqual(curve(db(0.5), -30, 4, 0) - db(0.5) - 1e-9);
		c.reset();
		c.params[COMP_MAKEUP] = 0;
		c.reset();
		const after = [new Float64Array(512).fill(0.001), new Float64Array(512)];
		c.process(after, 512, null);
		expect(after[0]![0]).toBe(0.001);
	});
});
