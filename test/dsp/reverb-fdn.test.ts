// The algorithmic reverb measured from outside: RT60 by Schroeder integration in octave bands,
// echo density (Abel & Huang's normalised echo density, written here), stereo correlation,
// level, live changes, block independence and the silent tail.
import { describe, expect, it } from 'vitest';
import { AlgorithmicReverb, FDN_DAMPING, FDN_DECAY, FDN_MIX, FDN_PREDELAY, FDN_SIZE, FDN_WIDTH, tailSeconds } from '../../engine/dsp/reverb/fdn.js';
import { decayTime, octaveBand } from '../../engine/dsp/reverb/schroeder.js';
import { firstDifference, noise, rng, runBlocks, type Change } from './helpers.js';

const FS = 48000;

interface Settings {
	decay?: number;
	size?: number;
	damping?: number;
	width?: number;
	predelay?: number;
	mix?: number;
}

function reverb(s: Settings, channels = 2, fs = FS): AlgorithmicReverb {
	const p = new AlgorithmicReverb();
	if (s.decay !== undefined) p.params[FDN_DECAY] = s.decay;
	if (s.size !== undefined) p.params[FDN_SIZE] = s.size;
	if (s.damping !== undefined) p.params[FDN_DAMPING] = s.damping;
	if (s.width !== undefined) p.params[FDN_WIDTH] = s.width;
	if (s.predelay !== undefined) p.params[FDN_PREDELAY] = s.predelay;
	if (s.mix !== undefined) p.params[FDN_MIX] = s.mix;
	p.configure(channels, fs, 512);
	return p;
}

/** The response to a click on the left input (both outputs). */
function impulseResponse(s: Settings, seconds: number, fs = FS): Float64Array[] {
	const n = Math.round(seconds * fs);
	const x = [new Float64Array(n), new Float64Array(n)];
	x[0]![0] = 1;
	return runBlocks(reverb(s, 2, fs), x, () => 512);
}

const energy = (x: Float64Array) => x.reduce((s, v) => s + v * v, 0);

/** x through an 8th-order high-pass at `freq` (four RBJ sections, Q = 1/√2): −180 dB a decade down. */
function highPass(x: Float64Array, freq: number): Float64Array {
	const w = (2 * Math.PI * freq) / FS;
	const alpha = Math.sin(w) / Math.SQRT2;
	const a0 = 1 + alpha;
	const b0 = (1 + Math.cos(w)) / 2 / a0;
	const a1 = (-2 * Math.cos(w)) / a0;
	const a2 = (1 - alpha) / a0;
	let y = x;
	for (let pass = 0; pass < 4; pass++) {
		const out = new Float64Array(y.length);
		let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
		for (let i = 0; i < y.length; i++) {
			const r = b0 * (y[i]! - 2 * x1 + x2) - a1 * y1 - a2 * y2;
			x2 = x1;
			x1 = y[i]!;
			y2 = y1;
			y1 = r;
			out[i] = r;
		}
		y = out;
	}
	return y;
}

/**
 * Normalised echo density (Abel & Huang 2006): in a sliding window, the share of samples
 * beyond one standard deviation, over the share a Gaussian has there (erfc(1/√2) ≈ 0.3173).
 * 1 for a Gaussian-like (dense, diffuse) response; far below for sparse echoes.
 */
function echoDensity(h: Float64Array, at: number, window: number): number {
	let e = 0;
	for (let i = at; i < at + window; i++) e += h[i]! * h[i]!;
	const sigma = Math.sqrt(e / window);
	let outside = 0;
	for (let i = at; i < at + window; i++) if (Math.abs(h[i]!) > sigma) outside++;
	return outside / window / 0.31731;
}

describe('AlgorithmicReverb', () => {
	it('spec: decay 0.1 … 30 s, predelay 0 … 500 ms, size, damping, width, mix 0 … 1; no latency', () => {
		const p = new AlgorithmicReverb();
		expect(p.specs.map((s) => [s.name, s.min, s.max])).toEqual([
			['decay', 0.1, 30],
			['predelay', 0, 500],
			['size', 0, 1],
			['damping', 0, 1],
			['width', 0, 1],
			['mix', 0, 1],
		]);
		expect(p.latency).toBe(0);
	});

	it.each([
		[0.1, 0, 0.5],
		[0.1, 1, 0.5],
		[0.3, 0.2, 0],
		[0.6, 0.4, 0.5],
		[1, 0.5, 1],
		[2, 0.7, 0.5],
		[5, 1, 0.5],
	])('decay %s s (size %s, damping %s): T30 at 1 kHz within 10 %', (decay, size, damping) => {
		const [l, r] = impulseResponse({ decay, size, damping }, 2 * decay + 0.4);
		for (const h of [l!, r!]) {
			const t = decayTime(octaveBand(h, FS, 1000), FS);
			expect(Math.abs(t / decay - 1), `T30 ${t.toFixed(3)} s`).toBeLessThan(0.1);
		}
	});

	it('holds the RT60 at other sample rates', () => {
		for (const fs of [44100, 96000]) {
			const t = decayTime(octaveBand(impulseResponse({ decay: 1.5, size: 0.6, damping: 0.5 }, 3.5, fs)[0]!, fs, 1000), fs);
			expect(Math.abs(t / 1.5 - 1), `${fs} Hz: ${t}`).toBeLessThan(0.1);
		}
	});

	it('damping shortens the high-frequency decay and leaves 1 kHz alone', () => {
		const t8k: number[] = [];
		for (const damping of [0, 0.5, 1]) {
			const h = impulseResponse({ decay: 2, size: 0.5, damping }, 4.4)[0]!;
			expect(Math.abs(decayTime(octaveBand(h, FS, 1000), FS) / 2 - 1)).toBeLessThan(0.1);
			t8k.push(decayTime(octaveBand(h, FS, 8000), FS));
		}
		expect(Math.abs(t8k[0]! / 2 - 1)).toBeLessThan(0.1);
		expect(t8k[1]!).toBeLessThan(0.8 * t8k[0]!);
		expect(t8k[2]!).toBeLessThan(0.6 * t8k[1]!);
	});

	it('turns a click into a diffuse tail: echo density near Gaussian from 100 ms, Gaussian from 250 ms', () => {
		// Calibration: a sparse echo train (one comb filter) reads far from 1.
		const comb = new Float64Array(FS);
		for (let k = 0; k * 1440 < FS; k++) comb[k * 1440] = 0.7 ** k;
		expect(echoDensity(comb, 4800, 960)).toBeLessThan(0.2);
		for (const size of [0, 0.5, 1]) {
			const h = impulseResponse({ decay: 2, size, damping: 0 }, 1.5)[0]!;
			const onset = h.findIndex((v) => v !== 0);
			const w = Math.round(0.02 * FS);
			for (let t = onset + Math.round(0.1 * FS); t + w < h.length; t += w) {
				const after = (t - onset) / FS;
				expect(echoDensity(h, t, w), `size ${size} at ${after.toFixed(2)} s`).toBeGreaterThan(after < 0.25 ? 0.8 : 0.9);
			}
		}
	});

	it('width 1 gives uncorrelated channels, width 0 identical ones, at the same power', () => {
		const [l1, r1] = impulseResponse({ decay: 1.5, width: 1 }, 2);
		let x = 0;
		for (let i = 0; i < l1!.length; i++) x += l1![i]! * r1![i]!;
		expect(Math.abs(x / Math.sqrt(energy(l1!) * energy(r1!)))).toBeLessThan(0.1);
		const [l0, r0] = impulseResponse({ decay: 1.5, width: 0 }, 2);
		expect(firstDifference(l0!, r0!)).toBe(-1);
		expect(Math.abs(10 * Math.log10(energy(l0!) / energy(l1!)))).toBeLessThan(1);
	});

	it('gives each of six channels (a 5.1 bus) its own uncorrelated tail', () => {
		const n = 2 * FS;
		const x = Array.from({ length: 6 }, () => new Float64Array(n));
		x[0]![0] = 1;
		const y = runBlocks(reverb({ decay: 1 }, 6), x, () => 512);
		for (let a = 0; a < 6; a++) {
			expect(energy(y[a]!)).toBeGreaterThan(0.1);
			for (let b = a + 1; b < 6; b++) {
				let xy = 0;
				for (let i = 0; i < n; i++) xy += y[a]![i]! * y[b]![i]!;
				expect(Math.abs(xy / Math.sqrt(energy(y[a]!) * energy(y[b]!))), `${a}·${b}`).toBeLessThan(0.15);
			}
		}
	});

	it('brings a sustained signal back at about its own level whatever decay and size (damping 0)', () => {
		for (const [decay, size] of [[0.3, 0.2], [1, 0.5], [4, 1]] as const) {
			const [l] = impulseResponse({ decay, size, damping: 0 }, 3 * decay + 0.3);
			expect(Math.abs(10 * Math.log10(energy(l!))), `decay ${decay} size ${size}`).toBeLessThan(3);
		}
	});

	it('predelay delays the wet output by exactly its samples; mix blends wet and dry', () => {
		const x = [noise(20000, 1, 0.5), noise(20000, 2, 0.5)];
		const y0 = runBlocks(reverb({ decay: 0.8 }), x, () => 256);
		const y10 = runBlocks(reverb({ decay: 0.8, predelay: 10 }), x, () => 256);
		const d = 480;
		for (let c = 0; c < 2; c++) {
			expect(y10[c]!.subarray(0, d).every((v) => v === 0)).toBe(true);
			expect(firstDifference(y10[c]!.subarray(d), y0[c]!.subarray(0, 20000 - d))).toBe(-1);
		}
		const y3 = runBlocks(reverb({ decay: 0.8, mix: 0.3 }), x, () => 256);
		for (let c = 0; c < 2; c++) for (let n = 0; n < 20000; n += 7) expect(y3[c]![n]).toBeCloseTo(0.3 * y0[c]![n]! + 0.7 * x[c]![n]!, 12);
	});

	it('does not depend on the block split, with every parameter changing live', () => {
		const x = [noise(60000, 3, 0.3), noise(60000, 4, 0.3)];
		const changes: Change[] = [
			{ at: 5000, slot: FDN_DECAY, value: 3 },
			{ at: 9000, slot: FDN_SIZE, value: 0.9 },
			{ at: 15000, slot: FDN_DAMPING, value: 1 },
			{ at: 21000, slot: FDN_WIDTH, value: 0.2 },
			{ at: 26000, slot: FDN_PREDELAY, value: 40 },
			{ at: 31000, slot: FDN_MIX, value: 0.5 },
			{ at: 33000, slot: FDN_SIZE, value: 0.1 },
		];
		const r = rng(5);
		const a = runBlocks(reverb({}), x, () => 512, changes);
		const b = runBlocks(reverb({}), x, () => 1 + Math.floor(((r() + 1) / 2) * 511), changes);
		for (let c = 0; c < 2; c++) expect(firstDifference(a[c]!, b[c]!)).toBe(-1);
	});

	it('changes decay, damping and size live without clicks', () => {
		// A 300 Hz tone in: the reverb's output is a 300 Hz tone of changing level (and, during a
		// size glide, briefly bent pitch). A click or zipper noise would be broadband: look for
		// energy above 4 kHz while the parameters move.
		const n = 3 * FS;
		const tone = Float64Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 300 * i) / FS) * Math.min(1, i / (0.2 * FS)));
		const changes: Change[] = [
			{ at: FS, slot: FDN_DECAY, value: 4 },
			{ at: 1.4 * FS, slot: FDN_DAMPING, value: 1 },
			{ at: 1.8 * FS, slot: FDN_SIZE, value: 0.9 },
			{ at: 2.4 * FS, slot: FDN_DECAY, value: 0.5 },
		];
		const y = runBlocks(reverb({ decay: 1, size: 0.3, damping: 0 }, 1), [tone], () => 512, changes)[0]!;
		const high = highPass(y, 4000);
		const from = 0.8 * FS;
		const level = Math.sqrt(energy(y.subarray(from)) / (n - from));
		let worst = 0;
		for (let i = from; i < n; i++) worst = Math.max(worst, Math.abs(high[i]!));
		// A step of 1 % of the level would read about −40 dB here; each change alone stays under
		// −85 dB, the decay falling eightfold in the middle of a size glide near −70 dB.
		expect(20 * Math.log10(worst / level)).toBeLessThan(-65);
	});

	it('gives silence for silence, and exact zeros once a tail has rung down (no subnormals)', () => {
		const quiet = runBlocks(reverb({ decay: 5 }), [new Float64Array(20000), new Float64Array(20000)], () => 300);
		expect(quiet.every((ch) => ch.every((v) => v === 0))).toBe(true);
		// 0.1 s decays 600 dB in 1 s: then the tank is cleared and stays exactly silent.
		const [l, r] = impulseResponse({ decay: 0.1, size: 0 }, 2);
		expect(l!.subarray(0, 2000).some((v) => v !== 0)).toBe(true);
		const tail = Math.round(1.6 * FS);
		expect(l!.subarray(tail).every((v) => v === 0) && r!.subarray(tail).every((v) => v === 0)).toBe(true);
		expect(l!.every((v) => v === 0 || Math.abs(v) >= 2.2250738585072014e-308)).toBe(true);
	});

	it('tailSeconds: after a full-scale input stops, the output is below −90 dBFS by then', () => {
		for (const s of [{ decay: 0.5, size: 0.3, damping: 0 }, { decay: 1.2, size: 1, damping: 1, predelay: 50 }]) {
			const t = tailSeconds(s);
			expect(t).toBeGreaterThanOrEqual(1.5 * s.decay);
			const stop = FS;
			const n = stop + Math.round((t + 0.2) * FS);
			const x = [noise(n, 7), noise(n, 8)];
			for (const ch of x) ch.fill(0, stop);
			const y = runBlocks(reverb(s), x, () => 512);
			const at = stop + Math.round(t * FS);
			for (const ch of y) {
				let peak = 0;
				for (let i = at; i < n; i++) peak = Math.max(peak, Math.abs(ch[i]!));
				expect(20 * Math.log10(peak)).toBeLessThan(-90);
			}
		}
	});
});
