// The convolution reverb against a convolution computed here by the definition (a plain
// O(N·M) loop), with random block splits, mono and per-channel IRs, predelay and mix.
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaError } from '../../sessions/errors.js';
import { ConvolutionReverb, CONV_MIX, CONV_PREDELAY, readImpulseResponse, tailSeconds, type ImpulseResponse } from '../../engine/dsp/reverb/convolution.js';
import { chunk, encodeSamples, fmtBody, riff } from '../helpers/wav-bytes.js';
import { RealFft } from '../../engine/dsp/reverb/fft.js';
import { firstDifference, noise, rng, runBlocks, sineAmplitude } from './helpers.js';

const FS = 48000;

/** A decaying noise IR (Float32, as read from a file). */
function decayingIr(frames: number, seed: number, rt60 = 0.5, fs = FS): Float32Array {
	const r = rng(seed);
	return Float32Array.from({ length: frames }, (_, n) => 0.3 * r() * 10 ** ((-3 * n) / (rt60 * fs)));
}

function reverb(channels: Float32Array[], busChannels: number, opts: { predelay?: number; mix?: number; fs?: number; irRate?: number; maxBlock?: number } = {}): ConvolutionReverb {
	const ir: ImpulseResponse = { file: 'media/ir/test.wav', sampleRate: opts.irRate ?? FS, channels };
	const p = new ConvolutionReverb(ir);
	p.params[CONV_PREDELAY] = opts.predelay ?? 0;
	p.params[CONV_MIX] = opts.mix ?? 1;
	p.configure(busChannels, opts.fs ?? FS, opts.maxBlock ?? 512);
	return p;
}

/** y[n] = Σ h[t]·x[n − t], by the definition. */
function directAt(x: Float64Array, h: ArrayLike<number>, n: number): number {
	let s = 0;
	for (let t = 0; t < h.length && t <= n; t++) s += h[t]! * x[n - t]!;
	return s;
}

const maxAbsDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
const dbfs = (v: number) => 20 * Math.log10(v);

describe('RealFft', () => {
	it('matches the DFT by its definition and inverts exactly', () => {
		const n = 256;
		const f = new RealFft(n);
		const x = noise(n, 3);
		const spec = new Float64Array(n + 2);
		f.forward(x, spec);
		for (const k of [0, 1, 17, 64, 127, 128]) {
			let re = 0;
			let im = 0;
			for (let t = 0; t < n; t++) {
				re += x[t]! * Math.cos((2 * Math.PI * k * t) / n);
				im -= x[t]! * Math.sin((2 * Math.PI * k * t) / n);
			}
			expect(spec[2 * k]).toBeCloseTo(re, 9);
			expect(spec[2 * k + 1]).toBeCloseTo(im, 9);
		}
		const back = new Float64Array(n);
		f.inverse(spec, back);
		expect(maxAbsDiff(back, x)).toBeLessThan(1e-14);
	});
});

describe('ConvolutionReverb', () => {
	it('spec: predelay 0 … 500 ms, mix 0 … 1, no latency', () => {
		const p = new ConvolutionReverb({ file: 'a.wav', sampleRate: FS, channels: [Float32Array.of(1)] });
		expect(p.specs.map((s) => [s.name, s.min, s.max])).toEqual([['predelay', 0, 500], ['mix', 0, 1]]);
		expect(p.latency).toBe(0);
	});

	it('is the exact convolution with a short mono IR on both channels, whatever the block split', () => {
		const h = decayingIr(1500, 7);
		const x = [noise(9000, 1, 0.5), noise(9000, 2, 0.5)];
		const r = rng(99);
		const y = runBlocks(reverb([h], 2), x, () => 1 + Math.floor(((r() + 1) / 2) * 511));
		for (let c = 0; c < 2; c++) {
			const want = Float64Array.from(x[c]!, (_, n) => directAt(x[c]!, h, n));
			expect(dbfs(maxAbsDiff(y[c]!, want))).toBeLessThan(-100);
		}
		const whole = runBlocks(reverb([h], 2), x, () => 512);
		for (let c = 0; c < 2; c++) expect(firstDifference(whole[c]!, y[c]!)).toBe(-1);
	});

	it('maps IR channel i to bus channel i', () => {
		const hl = decayingIr(700, 11);
		const hr = decayingIr(5000, 12);
		const x = [noise(8000, 3), noise(8000, 4)];
		const y = runBlocks(reverb([hl, hr], 2), x, () => 128);
		for (const [c, h] of [[0, hl], [1, hr]] as const) {
			const want = Float64Array.from(x[c]!, (_, n) => directAt(x[c]!, h, n));
			expect(dbfs(maxAbsDiff(y[c]!, want))).toBeLessThan(-100);
		}
	});

	it('runs a stereo IR on a 5.1 bus: left on L and Ls, right on R and Rs, their mean on C, nothing on the LFE', () => {
		const hl = decayingIr(900, 13);
		const hr = decayingIr(1300, 14);
		const x = Array.from({ length: 6 }, (_, c) => noise(5000, 20 + c, 0.5));
		const y = runBlocks(reverb([hl, hr], 6, { mix: 0.5 }), x, () => 200);
		const centre = Array.from({ length: 1300 }, (_, t) => 0.5 * ((hl[t] ?? 0) + (hr[t] ?? 0)));
		const irs: (ArrayLike<number> | null)[] = [hl, hr, centre, null, hl, hr];
		irs.forEach((h, c) => {
			const want = Float64Array.from(x[c]!, (v, n) => 0.5 * (h ? directAt(x[c]!, h, n) : 0) + 0.5 * v);
			expect(dbfs(maxAbsDiff(y[c]!, want)), `channel ${c}`).toBeLessThan(-100);
		});
		// Any other mismatch is still refused, naming what a 5.1 bus takes.
		expect(() => reverb([hl, hr, hl], 6)).toThrow('a 6-channel bus takes a mono IR, a stereo one or one with 6');
	});

	it('is exact with a 3 s IR, checked at positions across every partition level', () => {
		const h = decayingIr(3 * FS, 21, 2);
		const frames = 3 * FS + 6000;
		const x = noise(frames, 5, 0.5);
		const y = runBlocks(reverb([h], 1), [x], () => 480)[0]!;
		const at = [0, 63, 64, 511, 512, 4095, 4096, 4097, 30000, 100000, 3 * FS - 1, 3 * FS + 100, frames - 1];
		let worst = 0;
		for (const n of at) worst = Math.max(worst, Math.abs(y[n]! - directAt(x, h, n)));
		expect(dbfs(worst)).toBeLessThan(-100);
	});

	it('shifts the wet signal by the predelay and mixes mix·wet + (1 − mix)·dry', () => {
		const h = decayingIr(900, 31);
		const x = noise(6000, 6, 0.5);
		const d = Math.round((12.5 * FS) / 1000);
		const y = runBlocks(reverb([h], 1, { predelay: 12.5, mix: 0.25 }), [x], () => 256)[0]!;
		let worst = 0;
		for (let n = 0; n < x.length; n++) {
			const wet = n >= d ? directAt(x, h, n - d) : 0;
			worst = Math.max(worst, Math.abs(y[n]! - (0.25 * wet + 0.75 * x[n]!)));
		}
		expect(dbfs(worst)).toBeLessThan(-100);
	});

	it('moves predelay and mix without a jump in the output', () => {
		const h = decayingIr(2000, 41);
		const tone = Float64Array.from({ length: 20000 }, (_, n) => 0.5 * Math.sin((2 * Math.PI * 220 * n) / FS));
		const p = reverb([h], 1, { mix: 0.5 });
		const y = runBlocks(p, [tone], () => 256, [
			{ at: 6000, slot: CONV_PREDELAY, value: 200 },
			{ at: 12000, slot: CONV_MIX, value: 1 },
		])[0]!;
		// Anything made of 220 Hz tones of peak A moves by at most A·ω a sample; a jump would not.
		let step = 0;
		let peak = 0;
		for (let n = 1; n < y.length; n++) {
			step = Math.max(step, Math.abs(y[n]! - y[n - 1]!));
			peak = Math.max(peak, Math.abs(y[n]!));
		}
		expect(step).toBeLessThan(1.1 * peak * ((2 * Math.PI * 220) / FS));
	});

	it('gives silence for silence, and exact zeros again once a burst has passed through', () => {
		const h = decayingIr(10000, 51);
		const x = new Float64Array(40000);
		expect(runBlocks(reverb([h], 1), [x], () => 333)[0]!.every((v) => v === 0)).toBe(true);
		x.set(noise(1000, 8), 5000);
		const y = runBlocks(reverb([h], 1), [x], () => 333)[0]!;
		expect(y.subarray(5000, 16000).some((v) => v !== 0)).toBe(true);
		expect(y.subarray(6000 + 10000 + 4096 * 2).every((v) => v === 0)).toBe(true);
	});

	it('refuses an IR whose channel count fits neither mono nor the bus, naming the file and the counts', () => {
		const three = [decayingIr(100, 1), decayingIr(100, 2), decayingIr(100, 3)];
		const p = new ConvolutionReverb({ file: 'media/ir/odd.wav', sampleRate: FS, channels: three });
		expect(() => p.configure(2, FS, 512)).toThrow(MediaError);
		expect(() => p.configure(2, FS, 512)).toThrow(/media\/ir\/odd\.wav: .*3 channels.*2-channel bus/);
		expect(() => new ConvolutionReverb({ file: 'e.wav', sampleRate: FS, channels: [new Float32Array(0)] })).toThrow(/e\.wav: .*no samples/);
		expect(() => new ConvolutionReverb({ file: 'n.wav', sampleRate: FS, channels: [Float32Array.of(1, NaN)] })).toThrow(/n\.wav: .*non-finite/);
	});

	it('tailSeconds: after it, a full-scale input of the worst signs leaves under −90 dBFS', () => {
		const h = decayingIr(FS, 61, 0.3);
		const t = tailSeconds({ channels: [h], sampleRate: FS }, 20);
		expect(t).toBeGreaterThan(0.02 + 0.3 * 1.2);
		expect(t).toBeLessThanOrEqual(0.02 + 1);
		// Input ends at sample E; the output at E + k is bounded by Σ_{t>k}|h[t]| for |x| ≤ 1,
		// reached by x[E − j] = sign(h[k + j]). Check that bound directly at the tail's end.
		const k = Math.round((t - 0.02) * FS);
		let rest = 0;
		for (let i = k; i < h.length; i++) rest += Math.abs(h[i]!);
		expect(dbfs(rest)).toBeLessThan(-90);
	});

	it('resamples an IR at another rate to the same filter: tone levels as the original at its own rate', () => {
		const fsIr = 44100;
		// Measured IRs start with a little silence before the direct sound: the resampler's
		// output starts at time 0, so the kernel's pre-ring there is within the IR.
		const h = new Float32Array(4200);
		h.set(decayingIr(4000, 71, 0.05, fsIr), 200);
		const p = reverb([h], 1, { irRate: fsIr });
		for (const f of [200, 1000, 5000, 15000]) {
			// |H(f)| of the original IR at its own rate, by the definition.
			let re = 0;
			let im = 0;
			for (let n = 0; n < h.length; n++) {
				re += h[n]! * Math.cos((2 * Math.PI * f * n) / fsIr);
				im -= h[n]! * Math.sin((2 * Math.PI * f * n) / fsIr);
			}
			const tone = Float64Array.from({ length: 20000 }, (_, n) => Math.sin((2 * Math.PI * f * n) / FS));
			p.reset();
			const y = runBlocks(p, [tone], () => 512)[0]!;
			const got = sineAmplitude(y, 8000, 20000, f, FS);
			expect(Math.abs(dbfs(got / Math.hypot(re, im))), `${f} Hz`).toBeLessThan(0.01);
		}
	});

	it('reads an IR file whole, and names the file when it cannot', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'dubdesk-ir-'));
		try {
			const wav = (channels: number[][], rate: number) => riff([chunk('fmt ', fmtBody({ encoding: 'float', bits: 32, channels: channels.length, sampleRate: rate })), chunk('data', encodeSamples('float', 32, channels))]);
			const stereo = join(dir, 'hall.wav');
			await writeFile(stereo, wav([[0.5, 0.25, -0.125], [0.75, 0, 0.5]], 44100));
			const ir = await readImpulseResponse(stereo, 'media/ir/hall.wav');
			expect(ir.file).toBe('media/ir/hall.wav');
			expect(ir.sampleRate).toBe(44100);
			expect(ir.channels.map((c) => Array.from(c))).toEqual([[0.5, 0.25, -0.125], [0.75, 0, 0.5]]);
			const three = join(dir, 'three.wav');
			await writeFile(three, wav([[1], [1], [1]], 48000));
			const p = new ConvolutionReverb(await readImpulseResponse(three));
			expect(() => p.configure(2, FS, 512)).toThrow(`${three}: the impulse response has 3 channels; a 2-channel bus takes a mono IR or one with 2`);
			const bad = join(dir, 'nan.wav');
			await writeFile(bad, wav([[0.5, NaN]], 48000));
			await expect(readImpulseResponse(bad)).rejects.toThrow(`${bad}: the impulse response has NaN or infinite samples`);
			await expect(readImpulseResponse(join(dir, 'missing.wav'))).rejects.toThrow(MediaError);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});
