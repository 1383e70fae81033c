// EQ bands against the RBJ cookbook's analog prototypes: the cookbook biquads are exactly their
// bilinear transforms prewarped at w0, so |H_d(f)| = |H_a(jΩ)| with Ω = tan(πf/fs)/tan(πf0/fs).
import { describe, expect, it } from 'vitest';
import { biquadMagnitude, biquadProcess, CROSSFADE_SECONDS } from '../../engine/dsp/biquad.js';
import { BAND_TYPES, describeBand, EqBand, rbjCoefficients, type BandType } from '../../engine/dsp/eq-band.js';
import { butterworthSections } from '../../engine/dsp/butterworth.js';
import { formatHz, logFrequencies, magnitudeDb } from '../../engine/dsp/response.js';
import { db, firstDifference, maxStep, noise, rng, runBlocks, sine, sineAmplitude, type Change } from './helpers.js';

const RATES = [44100, 48000, 96000];
const FREQS = [20, 60, 200, 1000, 4000, 10000, 16000, 20000];
const GAINS = [-24, -9, -1.5, 0, 4, 12, 24];
const QS = [0.1, 0.3, 0.71, 1.4, 5, 18];
/** 1/8-octave points from 20 Hz, and 20 kHz itself. */
const POINTS = [...Array.from({ length: 80 }, (_, i) => 20 * 2 ** (i / 8)).filter((f) => f < 20000), 20000];

/** The cookbook's analog prototypes: [n2, n1, n0, d2, d1, d0] of H(s) = (n2 s² + n1 s + n0)/(d2 s² + d1 s + d0). */
function prototype(type: BandType, gain: number, q: number): number[] {
	const a = 10 ** (gain / 40);
	const r = Math.sqrt(a) / q;
	switch (type) {
		case 'bell': // (s² + s·A/Q + 1) / (s² + s/(A·Q) + 1)
			return [1, a / q, 1, 1, 1 / (a * q), 1];
		case 'lowShelf': // A·(s² + (√A/Q)s + A) / (A·s² + (√A/Q)s + 1)
			return [a, a * r, a * a, a, r, 1];
		case 'highShelf': // A·(A·s² + (√A/Q)s + 1) / (s² + (√A/Q)s + A)
			return [a * a, a * r, a, 1, r, a];
		case 'lowCut': // s² / (s² + s/Q + 1)
			return [1, 0, 0, 1, 1 / q, 1];
		case 'highCut': // 1 / (s² + s/Q + 1)
			return [0, 0, 1, 1, 1 / q, 1];
		case 'notch': // (s² + 1) / (s² + s/Q + 1)
			return [1, 0, 1, 1, 1 / q, 1];
	}
}

/** The reference |H|. */
function analytic(type: BandType, f0: number, gain: number, q: number, f: number, fs: number): number {
	const [n2, n1, n0, d2, d1, d0] = prototype(type, gain, q) as [number, number, number, number, number, number];
	const w = Math.tan((Math.PI * f) / fs) / Math.tan((Math.PI * f0) / fs);
	return Math.hypot(n0 - n2 * w * w, n1 * w) / Math.hypot(d0 - d2 * w * w, d1 * w);
}

/** Within 0.05 dB, or (only at a notch's zero, where dB is meaningless) within 1e-6 of it. */
const close = (got: number, want: number) => Math.abs(db(got) - db(want)) <= 0.05 || Math.abs(got - want) <= 1e-6;

function band(type: BandType, freq: number, gain: number, q: number, fs = 48000, channels = 1, maxBlock = 512): EqBand {
	const b = new EqBand();
	b.params.set([BAND_TYPES.indexOf(type), freq, gain, q]);
	b.configure(channels, fs, maxBlock);
	return b;
}

describe('design', () => {
	it('is the cookbook response within 0.05 dB, 20 Hz – 20 kHz, for every type over a grid of freq, gain and q', () => {
		let checked = 0;
		for (const fs of RATES)
			for (const type of BAND_TYPES)
				for (const f0 of FREQS)
					for (const gain of GAINS)
						for (const q of QS) {
							const c = rbjCoefficients(type, f0, gain, q, fs);
							for (const f of POINTS) {
								const got = biquadMagnitude(c, f, fs);
								const want = analytic(type, f0, gain, q, f, fs);
								if (!close(got, want)) expect.fail(`${type} ${f0} Hz ${gain} dB q ${q} at ${fs}: ${db(got).toFixed(3)} dB at ${f.toFixed(1)} Hz, want ${db(want).toFixed(3)}`);
								checked++;
							}
						}
		expect(checked).toBe(RATES.length * BAND_TYPES.length * FREQS.length * GAINS.length * QS.length * POINTS.length);
	});

	it('has the landmarks: bell and shelves reach their gain, the cuts are −3.01 dB at q 0.7071, the notch nulls', () => {
		const fs = 48000;
		expect(db(biquadMagnitude(rbjCoefficients('bell', 1000, 7, 2, fs), 1000, fs))).toBeCloseTo(7, 9);
		expect(db(biquadMagnitude(rbjCoefficients('lowShelf', 200, -6, 0.7071, fs), 5, fs))).toBeCloseTo(-6, 3);
		expect(db(biquadMagnitude(rbjCoefficients('highShelf', 2000, 5, 0.7071, fs), 23900, fs))).toBeCloseTo(5, 3);
		expect(db(biquadMagnitude(rbjCoefficients('lowCut', 100, 0, Math.SQRT1_2, fs), 100, fs))).toBeCloseTo(-3.0103, 4);
		expect(db(biquadMagnitude(rbjCoefficients('highCut', 8000, 0, Math.SQRT1_2, fs), 8000, fs))).toBeCloseTo(-3.0103, 4);
		expect(biquadMagnitude(rbjCoefficients('notch', 60, 0, 10, fs), 60, fs)).toBeLessThan(1e-9);
		// Shelves at half gain at their centre (the cookbook's midpoint).
		expect(db(biquadMagnitude(rbjCoefficients('lowShelf', 300, 12, 0.7071, fs), 300, fs))).toBeCloseTo(6, 9);
	});

	it('describes a band for the strip', () => {
		expect(describeBand('bell', 3000, 2, 1.4)).toBe('bell 3 kHz +2.0 dB q1.4');
		expect(describeBand('lowCut', 80, 0, 0.71)).toBe('lowCut 80 Hz q0.71');
		expect(() => rbjCoefficients('tilt' as BandType, 1000, 0, 1, 48000)).toThrow(/tilt/);
	});
});

describe('EqBand', () => {
	it('specs: type (indices of BAND_TYPES), freq (log), gain (dB), q; defaults bell, 1 kHz, 0 dB, q 0.71', () => {
		const b = new EqBand();
		expect(b.specs.map((s) => s.name)).toEqual(['type', 'freq', 'gain', 'q']);
		expect(b.specs[0]!.choices).toEqual([0, 1, 2, 3, 4, 5]);
		expect([...b.params]).toEqual([0, 1000, 0, 0.71]);
		expect(b.specs[2]).toMatchObject({ min: -24, max: 24 });
	});

	it('outputs steady sines at the analytic level (within 0.05 dB) for every type', () => {
		for (const fs of RATES)
			for (const type of BAND_TYPES)
				for (const f of [300, 900, 1000, 3000, 12000]) {
					const y = runBlocks(band(type, 1000, 9, 2, fs), [sine(fs, f, fs, 0.25)], () => 512)[0]!;
					const got = sineAmplitude(y, fs / 2, fs, f, fs) / 0.25;
					const want = analytic(type, 1000, 9, 2, f, fs);
					expect(close(got, want), `${type} at ${f} Hz, ${fs}: ${db(got)} vs ${db(want)}`).toBe(true);
				}
	});

	it('is bit-transparent at 0 dB (bell and shelves), and leaves that state without a click', () => {
		const x = noise(4096, 11);
		for (const type of ['bell', 'lowShelf', 'highShelf'] as const) expect(firstDifference(runBlocks(band(type, 700, 0, 3), [x], () => 256)[0]!, x)).toBe(-1);
		const fs = 48000;
		const tone = sine(fs / 2, 500, fs, 0.1);
		const inputStep = 2 * 0.1 * Math.sin((Math.PI * 500) / fs);
		for (const type of ['bell', 'lowShelf', 'highShelf'] as const) {
			const y = runBlocks(band(type, 700, 0, 3), [tone], () => 100, [{ at: 5003, slot: 2, value: 12 }])[0]!;
			expect(firstDifference(y.subarray(0, 5003), tone.subarray(0, 5003)), type).toBe(-1);
			const peak = Math.max(...[0, 3, 6, 9, 12].map((g) => analytic(type, 700, g, 3, 500, fs)));
			expect(maxStep(y), type).toBeLessThan(1.1 * peak * inputStep);
		}
	});

	it('gives the same bits however the audio is split, with every parameter changing at the same samples', () => {
		const fs = 48000;
		const input = [noise(fs, 2, 0.5), sine(fs, 250, fs, 0.7)];
		const changes: Change[] = [
			{ at: 700, slot: 2, value: 18 },
			{ at: 2222, slot: 1, value: 150 },
			{ at: 2222, slot: 3, value: 8 },
			{ at: 5000, slot: 0, value: 2 },
			{ at: 5100, slot: 0, value: 5 }, // during the crossfade
			{ at: 5200, slot: 2, value: -20 },
			{ at: 12345, slot: 0, value: 3 },
			{ at: 30000, slot: 1, value: 16000 },
			{ at: 30000, slot: 2, value: 0 },
		];
		const whole = runBlocks(band('bell', 1000, 0, 1, fs, 2, 4096), input, () => 4096, changes);
		const r = rng(3);
		const split = runBlocks(band('bell', 1000, 0, 1, fs, 2, 4096), input, () => 1 + Math.floor(((r() + 1) / 2) * 4096), changes);
		for (let c = 0; c < 2; c++) expect(firstDifference(whole[c]!, split[c]!), `channel ${c}`).toBe(-1);
	});

	it('follows slow sweeps and sudden jumps of gain, freq and q under a sine without clicks (jumping coefficients click)', () => {
		const fs = 48000;
		const frames = 2 * fs;
		const amp = 0.05;
		const x = sine(frames, 1000, fs, amp);
		const inputStep = 2 * amp * Math.sin((Math.PI * 1000) / fs);
		type Setting = [freq: number, gain: number, q: number];
		// The first second sweeps gain −24 → +24 dB, centre 300 Hz → 3 kHz, q 0.3 → 6 together;
		// the second jumps between far-apart settings every 100 ms.
		const sweep = (n: number): Setting => {
			const u = 0.5 - 0.5 * Math.cos((Math.PI * n) / fs);
			return [300 * 10 ** u, -24 + 48 * u, 0.3 * 20 ** u];
		};
		const r = rng(5);
		const jumps: Setting[] = Array.from({ length: 10 }, (_, k) => (k % 2 ? [3000 * (1 + r()) ** 2, 24, 0.3 + (r() + 1) * 3] : [300 / (1.5 + r()), -24, 6]));
		const changes: Change[] = [];
		const set = (n: number, [f, g, q]: Setting) => changes.push({ at: n, slot: 1, value: f }, { at: n, slot: 2, value: g }, { at: n, slot: 3, value: q });
		for (let n = 0; n < fs; n += 64) set(n, sweep(n));
		jumps.forEach((j, k) => set(fs + k * 4800, j));
		const y = runBlocks(band('bell', 300, -24, 0.3), [x], () => 64, changes)[0]!;

		// The bound: the input's step times the largest steady gain at 1 kHz on the way (the values
		// move together in ratio and dB, so a jump passes through the settings in between).
		let peak = 0;
		const gainAt = ([f, g, q]: Setting) => analytic('bell', f, g, q, 1000, fs);
		for (let n = 0; n < fs; n += 64) peak = Math.max(peak, gainAt(sweep(n)));
		let from = sweep(fs);
		for (const to of jumps) {
			for (let u = 0; u <= 1; u += 0.01) peak = Math.max(peak, gainAt([from[0] * (to[0] / from[0]) ** u, from[1] + (to[1] - from[1]) * u, from[2] * (to[2] / from[2]) ** u]));
			from = to;
		}
		expect(maxStep(y)).toBeLessThan(1.1 * peak * inputStep);

		// Control: the same moves with each new setting's coefficients applied at once.
		const abrupt = Float64Array.from(x);
		const state = new Float64Array(2);
		let setting = sweep(0);
		for (let n = 0; n < frames; n += 64) {
			if (n < fs) setting = sweep(n);
			else if ((n - fs) % 4800 < 64) setting = jumps[Math.floor((n - fs) / 4800)] ?? setting;
			biquadProcess(rbjCoefficients('bell', ...setting, fs), state, abrupt, abrupt, 64, n);
		}
		expect(maxStep(abrupt)).toBeGreaterThan(1.1 * peak * inputStep);
	});

	it('crossfades a type change over 10 ms without a click', () => {
		const fs = 48000;
		const x = sine(fs, 1000, fs, 0.1);
		const inputStep = 2 * 0.1 * Math.sin((Math.PI * 1000) / fs);
		const changes: Change[] = [];
		const order = [1, 5, 2, 0, 4, 3, 5, 0];
		order.forEach((type, k) => changes.push({ at: 3001 + k * 5000, slot: 0, value: type }));
		const y = runBlocks(band('highCut', 1000, 12, 0.71), [x], () => 100, changes)[0]!;
		const peak = Math.max(...BAND_TYPES.map((t) => analytic(t, 1000, 12, 0.71, 1000, fs)));
		expect(maxStep(y)).toBeLessThan(1.1 * peak * inputStep);
		// After each fade the band is exactly the new type.
		const fade = Math.round(CROSSFADE_SECONDS * fs);
		order.forEach((type, k) => {
			const from = 3001 + k * 5000 + fade + 2000;
			const got = sineAmplitude(y, from, from + 2000, 1000, fs) / 0.1;
			expect(close(got, analytic(BAND_TYPES[type]!, 1000, 12, 0.71, 1000, fs)), BAND_TYPES[type]).toBe(true);
		});
	});

	it('silence in, silence out; reset() forgets; a long silent tail runs at full speed and ends at exactly 0', () => {
		const fs = 48000;
		// Without the flush this tail decays into subnormals within 5 s and stays there (a limit
		// cycle around 1e-322, each sample several times slower).
		const b = band('bell', 200, 12, 2);
		expect(runBlocks(b, [new Float64Array(4096)], () => 512)[0]!.every((v) => v === 0)).toBe(true);
		const burst = noise(fs / 5, 4);
		for (let i = 0; i < burst.length; i++) burst[i]! *= 1e3;
		runBlocks(b, [burst], () => 512);
		const t0 = performance.now();
		const tail = runBlocks(b, [new Float64Array(10 * fs)], () => 512)[0]!;
		const tailMs = performance.now() - t0;
		const t1 = performance.now();
		runBlocks(band('bell', 200, 12, 2), [noise(10 * fs, 8)], () => 512);
		const busyMs = performance.now() - t1;
		expect(tail.subarray(tail.length - fs).every((v) => v === 0)).toBe(true);
		expect(tailMs).toBeLessThan(4 * busyMs + 25);

		runBlocks(b, [burst], () => 512);
		b.reset();
		expect(runBlocks(b, [new Float64Array(4096)], () => 512)[0]!.every((v) => v === 0)).toBe(true);
	});
});

describe('response (the strip page curve)', () => {
	it('logFrequencies spans 20 Hz – 20 kHz evenly in octaves', () => {
		const f = logFrequencies(31);
		expect(f[0]).toBe(20);
		expect(f[30]).toBe(20000);
		for (let i = 1; i < 31; i++) expect(Math.log2(f[i]! / f[i - 1]!)).toBeCloseTo(Math.log2(1000) / 30, 12);
		expect([...logFrequencies(1, 100, 200)]).toEqual([100]);
	});

	it('magnitudeDb of hpf + bands + lpf is the sum of the analytic responses in dB', () => {
		const fs = 48000;
		const sections = [...butterworthSections('highpass', 2, 80, fs), rbjCoefficients('bell', 3000, 4, 1.4, fs), rbjCoefficients('lowShelf', 120, -3, 0.71, fs), ...butterworthSections('lowpass', 3, 16000, fs)];
		const freqs = logFrequencies(200);
		const got = magnitudeDb(sections, freqs, fs);
		freqs.forEach((f, i) => {
			const w = (fc: number) => Math.tan((Math.PI * f) / fs) / Math.tan((Math.PI * fc) / fs);
			const want = -10 * Math.log10(1 + w(80) ** -4) + db(analytic('bell', 3000, 4, 1.4, f, fs)) + db(analytic('lowShelf', 120, -3, 0.71, f, fs)) - 10 * Math.log10(1 + w(16000) ** 6);
			expect(Math.abs(got[i]! - want)).toBeLessThan(0.05);
		});
	});

	it('formats frequencies in three significant digits', () => {
		expect([80, 119.6, 1000, 1500, 12345, 20000].map(formatHz)).toEqual(['80 Hz', '120 Hz', '1 kHz', '1.5 kHz', '12.3 kHz', '20 kHz']);
	});
});
