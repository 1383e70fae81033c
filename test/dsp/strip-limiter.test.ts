import { describe, expect, it } from 'vitest';
import { LIMIT_CEILING, LIMIT_RELEASE, StripLimiter } from '../../engine/dsp/dynamics/limiter.js';
import { ITU_TRUE_PEAK_PHASES, TRUE_PEAK_TAPS, TruePeakMeter } from '../../engine/loudness/true-peak.js';
import { db, fixed, gainDb, maxStep, random, rng, run, SR, steps, type Change } from './dynamics-helpers.js';

function limiter(ceiling: number, release = 50, channels = 2, sampleRate = SR): StripLimiter {
	const l = new StripLimiter();
	l.params[LIMIT_CEILING] = ceiling;
	l.params[LIMIT_RELEASE] = release;
	l.configure(channels, sampleRate, 512);
	l.reset();
	return l;
}

/**
 * True peak (dBTP) of every channel over [from, to): the samples and the BS.1770-4 Annex 2
 * interpolated points between them (its 4 × 12-tap phases at 44.1/48 kHz), each FIR reading the
 * signal's own history (TruePeakMeter starts from silence, which a span cut from the middle of a
 * steady level would see as a step).
 */
function truePeak(x: Float64Array[], from: number, to: number): number {
	let m = 0;
	for (const c of x) {
		for (let n = from; n < to; n++) {
			m = Math.max(m, Math.abs(c[n]!));
			if (n < TRUE_PEAK_TAPS - 1) continue;
			for (const h of ITU_TRUE_PEAK_PHASES) {
				let y = 0;
				for (let j = 0; j < TRUE_PEAK_TAPS; j++) y += h[j]! * c[n - j]!;
				m = Math.max(m, Math.abs(y));
			}
		}
	}
	return db(m);
}

const square = (frames: number, f: number, amp: number, sampleRate = SR) => Float64Array.from({ length: frames }, (_, n) => (Math.sin((2 * Math.PI * f * n) / sampleRate) >= 0 ? amp : -amp));

describe('StripLimiter', () => {
	for (const sr of [44100, 48000]) {
		it.each([
			[-1, 1000, 1],
			[-1, 997, 2],
			[-6, 1000, 1],
			[-12, 3000, 2],
		])(`at ${sr} Hz the true peak stays at or under a %d dBTP ceiling on a %d Hz square of amplitude %d`, (ceiling, f, amp) => {
			const l = limiter(ceiling, 50, 2, sr);
			const n = Math.round(0.3 * sr);
			const out = run(l, [square(n, f, amp, sr), square(n, f, -amp, sr)], fixed(512));
			const tp = truePeak(out, 0, n);
			expect(tp).toBeLessThanOrEqual(ceiling);
			// The project's meter agrees (the whole output, from silence).
			const meter = new TruePeakMeter(2, sr);
			meter.process(out, n);
			expect(db(meter.truePeak)).toBeLessThanOrEqual(ceiling);
			expect(tp).toBeGreaterThan(ceiling - 0.5);
			expect(l.reduction[0]).toBeLessThan(0);
		});
	}

	it('reports its look-ahead as latency (2 ms + 10 samples), and below the ceiling delays the input exactly', () => {
		for (const sr of [44100, 48000, 96000]) expect(limiter(-1, 50, 2, sr).latency).toBe(Math.round(0.002 * sr) + 10);
		const l = limiter(-1);
		const r = rng(6);
		// Noise with −10 dBFS sample peaks: its true peak is under −1 dBTP.
		const input = [Float64Array.from({ length: SR }, () => 0.3 * (2 * r() - 1)), Float64Array.from({ length: SR }, () => 0.3 * (2 * r() - 1))];
		const out = run(l, input, random(512, 1));
		const d = l.latency;
		for (let c = 0; c < 2; c++) {
			expect(out[c]!.subarray(0, d).every((v) => v === 0)).toBe(true);
			expect(out[c]!.subarray(d)).toEqual(input[c]!.subarray(0, SR - d));
		}
		expect(l.reduction[0]).toBe(0);
	});

	it('a live ceiling change glides: no step in the gain, and the new ceiling holds once it has landed', () => {
		const l = limiter(-1);
		const input = new Float64Array(SR).fill(0.5);
		const changes: Change[] = [
			{ at: 12_000, slot: LIMIT_CEILING, value: -12 },
			{ at: 30_000, slot: LIMIT_CEILING, value: -1 },
		];
		const out = run(l, [input, input], fixed(64), changes);
		const g = gainDb(out[0]!, input, l.latency);
		// The threshold moves 11 dB in 20 ms (0.0115 dB a sample); an abrupt change would put the
		// 6 dB of reduction on the 2 ms attack ramp, 0.06 dB a sample.
		expect(maxStep(g, l.latency + 1)).toBeLessThan(0.012);
		// Landed (20 ms glide, plus the look-ahead): at or under −12 dBTP, within the 0.05 dB margin and a little.
		const tp = truePeak(out, 12_000 + 960 + l.latency + 12, 30_000);
		expect(tp).toBeLessThanOrEqual(-12);
		expect(tp).toBeGreaterThan(-12.2);
		expect(l.reduction[0]).toBeLessThan(-5.9);
	});

	it('the release sets how fast it recovers', () => {
		const recovered = (release: number) => {
			const l = limiter(-6, release, 1);
			const input = steps([[0.05 * SR, 1], [0.5 * SR, 0.25]]);
			const g = gainDb(run(l, [input], fixed(128))[0]!, input, l.latency);
			return g[l.latency + 0.05 * SR + 0.06 * SR]!;
		};
		const fast = recovered(5);
		const slow = recovered(500);
		expect(fast).toBeGreaterThan(slow + 1);
		expect(slow).toBeLessThan(-2);
	});

	it('the same input gives the same bits whatever the block sizes, parameter changes included', () => {
		const r = rng(12);
		let env = 0;
		const x = Float64Array.from({ length: SR }, (_, i) => {
			if (i % 2000 === 0) env = 2 * r();
			return env * (2 * r() - 1);
		});
		const y = Float64Array.from(x, (v) => -0.6 * v);
		const changes: Change[] = [
			{ at: 10_000, slot: LIMIT_CEILING, value: -9 },
			{ at: 10_300, slot: LIMIT_CEILING, value: -3 },
			{ at: 25_000, slot: LIMIT_RELEASE, value: 300 },
		];
		const a = run(limiter(-1), [x, y], fixed(512), changes);
		for (const seed of [5, 6]) expect(run(limiter(-1), [x, y], random(512, seed), changes)).toEqual(a);
	});

	it('silence in, silence out; reset forgets the look-ahead', () => {
		const l = limiter(-1);
		const quiet = [new Float64Array(512), new Float64Array(512)];
		l.process(quiet, 512, null);
		expect(quiet.every((c) => c.every((v) => v === 0))).toBe(true);
		l.process([new Float64Array(512).fill(0.9), new Float64Array(512).fill(0.9)], 512, null);
		l.reset();
		const after = [new Float64Array(512), new Float64Array(512)];
		l.process(after, 512, null);
		expect(after.every((c) => c.every((v) => v === 0))).toBe(true);
	});
});
