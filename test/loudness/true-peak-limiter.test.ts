import { describe, expect, it } from 'vitest';
import { MARGIN_DB, TruePeakLimiter } from '../../engine/dsp/true-peak-limiter.js';
import { LoudnessMeter } from '../../engine/loudness/loudness-meter.js';
import { rng } from './signals.js';

type Gen = (i: number, channel: number, sr: number) => number;

/** Renders `seconds` of a stereo generator through a limiter in `block`-frame blocks. */
function limit(gen: Gen, seconds: number, ceiling: number, sr = 48000, block = 512) {
	const n = Math.round(seconds * sr);
	const input = [new Float32Array(n), new Float32Array(n)];
	for (let i = 0; i < n; i++) for (let c = 0; c < 2; c++) input[c]![i] = gen(i, c, sr);
	const output = input.map((ch) => ch.slice());
	const limiter = new TruePeakLimiter(2, sr, ceiling);
	for (let at = 0; at < n; at += block) {
		const len = Math.min(block, n - at);
		limiter.process(output.map((ch) => ch.subarray(at, at + len)), len);
	}
	const meter = new LoudnessMeter(2, sr);
	meter.process(output, n);
	return { input, output, limiter, truePeak: meter.report().truePeak! };
}

const tau = 2 * Math.PI;
const square = (f: number, amp: number): Gen => (i, _c, sr) => (Math.sin((tau * f * i) / sr) >= 0 ? amp : -amp);
const sine = (f: number | ((sr: number) => number), amp: number, deg = 0): Gen => (i, c, sr) => {
	const hz = typeof f === 'number' ? f : f(sr);
	return amp * Math.sin((tau * hz * i) / sr + ((deg + 30 * c) * Math.PI) / 180);
};

/** Dialogue-like: band-limited noise in syllables (80–300 ms) with pauses, peaks up to +9 dBFS. */
function dialogue(seed: number): Gen {
	const next = rng(seed);
	let env = 0;
	let target = 0;
	let left = 0;
	let lp = 0;
	let last = -1;
	let value = 0;
	return (i, c, sr) => {
		if (i !== last) {
			last = i;
			if (left-- <= 0) {
				left = Math.round((0.08 + 0.22 * next()) * sr);
				target = next() < 0.3 ? 0 : Math.pow(10, (-12 + 21 * next()) / 20);
			}
			env += (target - env) * (200 / sr);
			lp += (next() * 2 - 1 - lp) * 0.35;
			value = 2.5 * env * lp;
		}
		return c === 0 ? value : 0.8 * value;
	};
}

const hard: [string, Gen][] = [
	['full-scale square 1 kHz, +6 dB', square(1000, 2)],
	['full-scale square 997 Hz', square(997, 1)],
	['square 7919 Hz, +6 dB', square(7919, 2)],
	['fs/4 sine at 45°, 0 dBTP (samples −3 dBFS)', sine((sr) => sr / 4, 1, 45)],
	['fs/4 sine at 45°, +12 dBTP', sine((sr) => sr / 4, 4, 45)],
	['fs/6 sine at 60°, +6 dBTP', sine((sr) => sr / 6, 2, 60)],
	['19 kHz sine, +9 dB', sine(19000, 2.8)],
	['dialogue-like bursts', dialogue(11)],
	['single-sample impulses ±4', (i) => (i % 997 === 0 ? 4 : i % 997 === 2 ? -4 : 0)],
];

describe('TruePeakLimiter', () => {
	for (const sr of [44100, 48000, 96000]) {
		it.each(hard)(`keeps the true peak at or under −1 dBTP at ${sr} Hz: %s`, (name, gen) => {
			const { truePeak, limiter } = limit(gen, name.startsWith('dialogue') ? 1 : 0.2, -1, sr);
			expect(truePeak).toBeLessThanOrEqual(-1);
			// It limits to the ceiling minus the margin, not far below it.
			expect(truePeak).toBeGreaterThan(-1 - MARGIN_DB - 0.3);
			expect(limiter.maxReductionDb).toBeGreaterThan(0);
		});
	}

	it('passes material under the ceiling bit for bit, delayed by `latency`', () => {
		const next = rng(4);
		// White noise with −8 dBFS sample peaks: its true peak stays under −1 dBTP.
		const { input, output, limiter, truePeak } = limit(() => 0.4 * (next() * 2 - 1), 1, -1, 48000, 333);
		expect(truePeak).toBeLessThan(-1 - MARGIN_DB);
		expect(limiter.latency).toBe(106);
		expect(limiter.maxReductionDb).toBe(0);
		expect(limiter.limitedFrames).toBe(0);
		const d = limiter.latency;
		for (let c = 0; c < 2; c++) {
			expect(output[c]!.subarray(0, d).every((v) => v === 0)).toBe(true);
			expect(output[c]!.subarray(d)).toEqual(input[c]!.subarray(0, input[c]!.length - d));
		}
	});

	it('returns to exact unity gain after limiting', () => {
		const next = rng(8);
		// 0.5 s at +6 dB, then quiet noise: once both release followers are back (the slow one
		// takes ~5 s from 6 dB to within 1e-6), the output is the delayed input again.
		const { input, output, limiter } = limit((i, _c, sr) => (i < 0.5 * sr ? 2 : 0.25) * (next() * 2 - 1), 7, -1);
		expect(limiter.maxReductionDb).toBeGreaterThan(5);
		const d = limiter.latency;
		const differs = (from: number) => {
			let count = 0;
			for (let i = from; i < input[0]!.length; i++) if (output[0]![i] !== input[0]![i - d]) count++;
			return count;
		};
		expect(differs(48000)).toBeGreaterThan(0);
		expect(differs(48000 * 6.5)).toBe(0);
	});

	it('is independent of the block size and links the channels', () => {
		const gen = dialogue(5);
		const a = limit(gen, 1, -2, 48000, 1024);
		const b = limit(dialogue(5), 1, -2, 48000, 7);
		expect(b.output).toEqual(a.output);
		// One gain for both channels: the 0.8 ratio between them survives limiting.
		for (let i = 2000; i < 48000; i += 997) {
			const l = a.output[0]![i]!;
			if (Math.abs(l) > 1e-3) expect(a.output[1]![i]! / l).toBeCloseTo(0.8, 5);
		}
	});

	it('reset empties the delay line and the statistics', () => {
		const { limiter } = limit(square(1000, 2), 0.1, -1);
		limiter.reset();
		expect(limiter.maxReductionDb).toBe(0);
		const x = [new Float32Array(256).fill(0.1), new Float32Array(256).fill(0.1)];
		limiter.process(x, 256);
		expect(x[0]!.subarray(0, limiter.latency).every((v) => v === 0)).toBe(true);
		expect(x[0]![limiter.latency]).toBe(Math.fround(0.1));
	});
});
