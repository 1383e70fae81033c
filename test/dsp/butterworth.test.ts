// The strip's hpf/lpf against the analog Butterworth mapped by the prewarped bilinear transform:
// |H| = 1 / sqrt(1 + Ω^(2N)), Ω = tan(πf/fs) / tan(πfc/fs) (1/Ω for a highpass), both for the
// design (its coefficients' response) and for what the processor actually outputs.
import { describe, expect, it } from 'vitest';
import { biquadMagnitude, biquadProcess, CROSSFADE_SECONDS } from '../../engine/dsp/biquad.js';
import { ButterworthFilter, butterworthSections, describeFilter, type FilterKind } from '../../engine/dsp/butterworth.js';
import { db, firstDifference, maxStep, noise, rng, runBlocks, sine, sineAmplitude, type Change } from './helpers.js';

const RATES = [44100, 48000, 96000];
const KINDS: FilterKind[] = ['highpass', 'lowpass'];
const ORDERS = [1, 2, 3, 4];
const CORNERS = [20, 45, 80, 150, 400, 1000, 3000, 8000, 12000, 16000, 20000];
/** 121 points, 1/12 octave apart from 20 Hz, and 20 kHz itself. */
const POINTS = [...Array.from({ length: 120 }, (_, i) => 20 * 2 ** (i / 12)).filter((f) => f < 20000), 20000];

/** The reference, in dB. */
function butterworthDb(kind: FilterKind, order: number, f: number, fc: number, fs: number): number {
	let w = Math.tan((Math.PI * f) / fs) / Math.tan((Math.PI * fc) / fs);
	if (kind === 'highpass') w = 1 / w;
	return -10 * Math.log10(1 + w ** (2 * order));
}

const designDb = (kind: FilterKind, order: number, fc: number, fs: number, f: number) =>
	butterworthSections(kind, order, fc, fs).reduce((sum, s) => sum + db(biquadMagnitude(s, f, fs)), 0);

function filter(kind: FilterKind, fs: number, freq: number, slope: number, channels = 1, maxBlock = 512): ButterworthFilter {
	const f = new ButterworthFilter(kind);
	f.params[0] = freq;
	f.params[1] = slope;
	f.configure(channels, fs, maxBlock);
	return f;
}

describe('design', () => {
	it('matches the analog Butterworth through the prewarped bilinear transform within 0.05 dB, 20 Hz – 20 kHz', () => {
		let worst = 0;
		for (const fs of RATES)
			for (const kind of KINDS)
				for (const order of ORDERS)
					for (const fc of CORNERS)
						for (const f of POINTS) {
							const err = Math.abs(designDb(kind, order, fc, fs, f) - butterworthDb(kind, order, f, fc, fs));
							if (!(err <= worst)) worst = err;
							if (!(err <= 0.05)) expect.fail(`${kind} order ${order} at ${fc} Hz, ${fs} Hz: ${err.toFixed(4)} dB off at ${f.toFixed(1)} Hz`);
						}
		expect(worst).toBeLessThan(0.05);
	});

	it('is −3.01 dB (half power) at the corner for every slope', () => {
		for (const fs of RATES)
			for (const kind of KINDS)
				for (const order of ORDERS)
					for (const fc of CORNERS) {
						const power = butterworthSections(kind, order, fc, fs).reduce((p, s) => p * biquadMagnitude(s, fc, fs) ** 2, 1);
						expect(power).toBeCloseTo(0.5, 9);
					}
	});

	it('is ⌊N/2⌋ second-order sections plus a first-order one (b2 = a2 = 0) for odd N', () => {
		for (const order of ORDERS) {
			const s = butterworthSections('lowpass', order, 1000, 48000);
			expect(s).toHaveLength(Math.ceil(order / 2));
			const last = s.at(-1)!;
			if (order % 2 === 1) expect([last.b2, last.a2]).toEqual([0, 0]);
			else expect(last.a2).not.toBe(0);
		}
		expect(() => butterworthSections('lowpass', 0, 1000, 48000)).toThrow(/order/);
	});

	it('describes itself for the strip', () => {
		expect(describeFilter('highpass', 80, 12)).toBe('HPF 80 Hz 12 dB/oct');
		expect(describeFilter('lowpass', 16000, 24)).toBe('LPF 16 kHz 24 dB/oct');
	});
});

describe('ButterworthFilter', () => {
	it('outputs steady sines at the analytic level (within 0.05 dB) for every slope and rate', () => {
		for (const fs of RATES)
			for (const kind of KINDS)
				for (const slope of [6, 12, 18, 24]) {
					const fc = 1000;
					for (const f of [200, 700, 1000, 1500, 5000]) {
						const y = runBlocks(filter(kind, fs, fc, slope), [sine(fs, f, fs, 0.5)], () => 512)[0]!;
						const got = db(sineAmplitude(y, fs / 2, fs, f, fs) / 0.5);
						expect(Math.abs(got - butterworthDb(kind, slope / 6, f, fc, fs)), `${kind} ${slope} dB/oct, ${f} Hz at ${fs}`).toBeLessThan(0.05);
					}
				}
	});

	it('specs: freq (log), slope with choices 6 … 24; hpf defaults to 80 Hz, lpf to 16 kHz, both 12 dB/oct', () => {
		const hp = new ButterworthFilter('highpass');
		const lp = new ButterworthFilter('lowpass');
		expect(hp.specs.map((s) => s.name)).toEqual(['freq', 'slope']);
		expect(hp.specs[0]!.log).toBe(true);
		expect(hp.specs[1]!.choices).toEqual([6, 12, 18, 24]);
		expect([...hp.params]).toEqual([80, 12]);
		expect([...lp.params]).toEqual([16000, 12]);
		expect(hp.latency).toBe(0);
	});

	it('gives the same bits however the audio is split, with freq and slope changing at the same samples', () => {
		const fs = 48000;
		const frames = fs;
		const input = [noise(frames, 1, 0.5), sine(frames, 300, fs, 0.7)];
		const changes: Change[] = [
			{ at: 1000, slot: 0, value: 2000 },
			{ at: 3001, slot: 1, value: 24 },
			{ at: 3100, slot: 1, value: 6 }, // during the crossfade: waits for it to end
			{ at: 3200, slot: 0, value: 35 }, // freq moving during the crossfade
			{ at: 9000, slot: 1, value: 18 },
			{ at: 20011, slot: 0, value: 640 },
			{ at: 20500, slot: 0, value: 9000 },
		];
		for (const kind of KINDS) {
			const whole = runBlocks(filter(kind, fs, 120, 12, 2, 4096), input, () => 4096, changes);
			const r = rng(7);
			const split = runBlocks(filter(kind, fs, 120, 12, 2, 4096), input, () => 1 + Math.floor(((r() + 1) / 2) * 4096), changes);
			for (let c = 0; c < 2; c++) expect(firstDifference(whole[c]!, split[c]!), `${kind} channel ${c}`).toBe(-1);
		}
	});

	it('sweeps freq and switches slope under a sine without clicks (an unsmoothed filter clicks)', () => {
		const fs = 48000;
		const frames = 2 * fs;
		const amp = 0.5;
		const x = sine(frames, 1000, fs, amp);
		const inputStep = 2 * amp * Math.sin((Math.PI * 1000) / fs); // the input's own largest step
		for (const kind of KINDS) {
			const changes: Change[] = [];
			const corner = (n: number) => 20 * 500 ** (0.5 - 0.5 * Math.cos((2 * Math.PI * n) / frames)); // 20 Hz → 10 kHz → 20 Hz
			for (let n = 0; n < frames; n += 64) changes.push({ at: n, slot: 0, value: corner(n) });
			for (let n = 0, k = 0; n < frames; n += 12000, k++) changes.push({ at: n + 7, slot: 1, value: [24, 6, 18, 12][k % 4]! });
			const y = runBlocks(filter(kind, fs, 20, 12), [x], () => 64, changes)[0]!;
			// A Butterworth never amplifies, so the output of a smooth filter moves no faster than the input.
			expect(maxStep(y), kind).toBeLessThan(1.1 * inputStep);
			expect(Number.isFinite(y.reduce((a, b) => a + b, 0))).toBe(true);

			// Control: the same moves applied abruptly (new coefficients each block, new slopes at once).
			const abrupt = Float64Array.from(x);
			const states = [new Float64Array(2), new Float64Array(2)];
			let slope = 12;
			for (let n = 0; n < frames; n += 64) {
				const c = changes.find((ch) => ch.slot === 1 && ch.at > n - 64 && ch.at <= n);
				if (c) slope = c.value;
				butterworthSections(kind, slope / 6, corner(n), fs).forEach((s, k) => biquadProcess(s, states[k]!, abrupt, abrupt, 64, n));
			}
			expect(maxStep(abrupt), `${kind} control`).toBeGreaterThan(1.1 * inputStep);
		}
	});

	it('crossfades a slope change over 10 ms and then is exactly the new filter', () => {
		const fs = 48000;
		const x = sine(fs, 1000, fs, 0.5);
		const y = runBlocks(filter('highpass', fs, 1000, 6), [x], () => 128, [{ at: 24000, slot: 1, value: 24 }])[0]!;
		const fade = Math.round(CROSSFADE_SECONDS * fs);
		// Both the 6 and the 24 dB/oct filters pass 1 kHz at −3.01 dB: the level holds through the fade.
		for (const [from, to] of [[12000, 24000], [24000 + fade + 4000, fs]]) expect(db(sineAmplitude(y, from, to, 1000, fs) / 0.5)).toBeCloseTo(-3.0103, 3);
	});

	it('silence in, silence out; reset() forgets; a long silent tail runs at full speed and ends at exactly 0', () => {
		const fs = 48000;
		const f = filter('highpass', fs, 20, 24);
		const quiet = runBlocks(f, [new Float64Array(4096)], () => 512)[0]!;
		expect(quiet.every((v) => v === 0)).toBe(true);

		runBlocks(f, [noise(4096, 3)], () => 512);
		f.reset();
		expect(runBlocks(f, [new Float64Array(4096)], () => 512)[0]!.every((v) => v === 0)).toBe(true);
		const probe = sine(4096, 440, fs);
		expect(firstDifference(runBlocks(f, [probe], () => 512)[0]!, runBlocks(filter('highpass', fs, 20, 24), [probe], () => 512)[0]!)).toBe(-1);

		// Without the flush this tail decays into subnormals within 2 s and stays there (a limit
		// cycle around 1e-320, each sample ~30 times slower).
		const g = filter('highpass', fs, 200, 24);
		const burst = noise(fs / 5, 5);
		for (let i = 0; i < burst.length; i++) burst[i]! *= 1e3;
		runBlocks(g, [burst], () => 512);
		const time = (sig: Float64Array, p: ButterworthFilter) => {
			const t0 = performance.now();
			const out = runBlocks(p, [sig], () => 512)[0]!;
			return { ms: performance.now() - t0, out };
		};
		const tail = time(new Float64Array(10 * fs), g);
		const busy = time(noise(10 * fs, 9), filter('highpass', fs, 200, 24));
		expect(tail.out.subarray(tail.out.length - fs).every((v) => v === 0)).toBe(true);
		expect(tail.ms).toBeLessThan(4 * busy.ms + 25);
	});
});
