import { describe, expect, it } from 'vitest';
import { biquadMagnitude, biquadProcess, type BiquadCoefficients } from '../../engine/dsp/biquad.js';
import { kWeighting } from '../../engine/loudness/k-weighting.js';
import { LoudnessMeter, type LoudnessReport } from '../../engine/loudness/loudness-meter.js';
import { ITU_TRUE_PEAK_PHASES, TruePeakMeter } from '../../engine/loudness/true-peak.js';
import { feedTone, rng, taperedSine } from './signals.js';

const sine = (sr: number, f: number, dbfs: number, seconds: number) => {
	const a = Math.pow(10, dbfs / 20);
	return Float64Array.from({ length: Math.round(sr * seconds) }, (_, i) => a * Math.sin((2 * Math.PI * f * i) / sr));
};

/** Stereo noise whose level jumps every 250 ms (uniform in dB over `lo`…`hi`), as float32. */
function steppedNoise(seconds: number, seed: number, lo = -60, hi = -6): Float32Array[] {
	const next = rng(seed);
	const n = Math.round(seconds * 48000);
	const out = [new Float32Array(n), new Float32Array(n)];
	let gain = 0;
	for (let i = 0; i < n; i++) {
		if (i % 12000 === 0) gain = Math.pow(10, (lo + (hi - lo) * next()) / 20);
		out[0]![i] = gain * (next() * 2 - 1);
		out[1]![i] = gain * (next() * 2 - 1);
	}
	return out;
}

describe('K-weighting', () => {
	it('matches the BS.1770-4 48 kHz coefficient tables', () => {
		const { shelf, highPass } = kWeighting(48000);
		const table1: BiquadCoefficients = { b0: 1.53512485958697, b1: -2.69169618940638, b2: 1.19839281085285, a1: -1.69065929318241, a2: 0.73248077421585 };
		const table2: BiquadCoefficients = { b0: 1, b1: -2, b2: 1, a1: -1.99004745483398, a2: 0.99007225036621 };
		for (const key of ['b0', 'b1', 'b2', 'a1', 'a2'] as const) {
			expect(Math.abs(shelf[key] - table1[key])).toBeLessThan(1e-6);
			expect(Math.abs(highPass[key] - table2[key])).toBeLessThan(1e-6);
		}
	});

	it('has the same response at 44.1, 88.2 and 96 kHz where the bilinear warp is small', () => {
		const ref = kWeighting(48000);
		for (const sr of [44100, 88200, 96000]) {
			const k = kWeighting(sr);
			for (const f of [20, 100, 1000, 4000]) {
				const db = (c: typeof ref) => 20 * Math.log10(biquadMagnitude(c.shelf, f, c === ref ? 48000 : sr) * biquadMagnitude(c.highPass, f, c === ref ? 48000 : sr));
				expect(Math.abs(db(k) - db(ref))).toBeLessThan(0.05);
			}
		}
	});

	it('reads a 1 kHz sine at −20 dBFS the same at 44.1/48/88.2/96 kHz (within 0.05 LU)', () => {
		const readings = [44100, 48000, 88200, 96000].map((sr) => {
			const s = sine(sr, 1000, -20, 3);
			const m = new LoudnessMeter(2, sr);
			m.process([s, s], s.length);
			return m.report().integrated!;
		});
		for (const r of readings) expect(Math.abs(r - -20)).toBeLessThan(0.05);
		expect(Math.max(...readings) - Math.min(...readings)).toBeLessThan(0.05);
	});
});

describe('channel weights', () => {
	const integrated = (channels: number, levels: number[], speakers?: ConstructorParameters<typeof LoudnessMeter>[2]) => {
		const m = new LoudnessMeter(channels, 48000, speakers);
		feedTone(m, levels, 2);
		return m.report();
	};
	const off = -Infinity;

	it('weights Ls and Rs by 1.41 (+1.49 LU) against L, R and C', () => {
		const l = integrated(6, [-20, off, off, off, off, off]).integrated!;
		const c = integrated(6, [off, off, -20, off, off, off]).integrated!;
		const ls = integrated(6, [off, off, off, off, -20, off]).integrated!;
		const rs = integrated(6, [off, off, off, off, off, -20]).integrated!;
		expect(l).toBeCloseTo(-23.01, 1);
		expect(c).toBeCloseTo(l, 10);
		expect(ls - l).toBeCloseTo(10 * Math.log10(1.41), 6);
		expect(rs).toBeCloseTo(ls, 10);
	});

	it('excludes LFE from loudness but not from the peaks', () => {
		const r = integrated(6, [off, off, off, -6, off, off]);
		expect(r.integrated).toBeNull();
		expect(r.momentaryMax).toBeNull();
		expect(r.samplePeak!).toBeCloseTo(-6, 2);
	});

	it('counts mono once: a mono sine reads like the same sine in L alone', () => {
		const mono = integrated(1, [-20]).integrated!;
		const left = integrated(2, [-20, off]).integrated!;
		expect(mono).toBeCloseTo(left, 10);
		expect(integrated(2, [-20, -20]).integrated! - mono).toBeCloseTo(10 * Math.log10(2), 6);
	});

	it('follows a given layout and rejects one of the wrong length', () => {
		const r = integrated(2, [-20, off], ['Ls', 'Rs']).integrated!;
		expect(r - integrated(2, [-20, off]).integrated!).toBeCloseTo(10 * Math.log10(1.41), 6);
		expect(() => new LoudnessMeter(2, 48000, ['L'])).toThrow(RangeError);
	});
});

describe('LoudnessMeter', () => {
	it('reports nulls for silence and −∞ live readings', () => {
		const m = new LoudnessMeter(2, 48000);
		const z = new Float32Array(48000);
		for (let i = 0; i < 5; i++) m.process([z, z], z.length);
		expect(m.report()).toEqual({ integrated: null, range: null, truePeak: null, samplePeak: null, momentaryMax: null, shortTermMax: null });
		expect(m.momentary()).toBe(-Infinity);
		expect(m.shortTerm()).toBe(-Infinity);
	});

	it('reports only what is defined for audio shorter than one gating block', () => {
		const m = new LoudnessMeter(2, 48000);
		feedTone(m, [-10, -10], 0.3);
		const r = m.report();
		expect(r.integrated).toBeNull();
		expect(r.momentaryMax).toBeNull();
		expect(r.range).toBeNull();
		expect(r.samplePeak!).toBeCloseTo(-10, 2);
		expect(m.momentary()).toBe(-Infinity);
	});

	it('gives bit-identical results however the audio is split into blocks', () => {
		const audio = steppedNoise(12, 7);
		const whole = new LoudnessMeter(2, 48000);
		whole.process(audio, audio[0]!.length);
		const split = new LoudnessMeter(2, 48000);
		const next = rng(99);
		for (let at = 0; at < audio[0]!.length; ) {
			const n = Math.min(audio[0]!.length - at, 1 + Math.floor(next() * 2047));
			split.process(audio, n, at);
			at += n;
		}
		expect(split.report()).toEqual(whole.report());
		expect(split.momentary()).toBe(whole.momentary());
		expect(split.shortTerm()).toBe(whole.shortTerm());
	});

	it('reset starts a new measurement', () => {
		const m = new LoudnessMeter(2, 48000);
		feedTone(m, [-10, -10], 5);
		m.reset();
		feedTone(m, [-30, -30], 5);
		const fresh = new LoudnessMeter(2, 48000);
		feedTone(fresh, [-30, -30], 5);
		expect(m.report()).toEqual(fresh.report());
	});

	it('writes into a given report object', () => {
		const m = new LoudnessMeter(2, 48000);
		feedTone(m, [-23, -23], 1);
		const into: LoudnessReport = { integrated: null, range: null, truePeak: null, samplePeak: null, momentaryMax: null, shortTermMax: null };
		expect(m.report(into)).toBe(into);
		expect(into.integrated!).toBeCloseTo(-23, 1);
	});

	it('matches an exact (store every block, sort) gated computation to 0.01 LU', () => {
		const audio = steppedNoise(60, 3, -75, -5);
		const m = new LoudnessMeter(2, 48000);
		m.process(audio, audio[0]!.length);
		const exact = exactReference(audio, 48000);
		const r = m.report();
		expect(Math.abs(r.integrated! - exact.integrated)).toBeLessThan(0.01);
		expect(Math.abs(r.range! - exact.range)).toBeLessThan(0.02);
		expect(Math.abs(r.shortTermMax! - exact.shortTermMax)).toBeLessThan(1e-9);
	});
});

/** BS.1770 / Tech 3342 the direct way: filter the whole signal, keep every block, sort. */
function exactReference(audio: Float32Array[], sr: number) {
	const { shelf, highPass } = kWeighting(sr);
	const sq = audio.map((ch) => {
		const y = new Float64Array(ch.length);
		biquadProcess(shelf, new Float64Array(2), ch, y, ch.length);
		biquadProcess(highPass, new Float64Array(2), y, y, y.length);
		return y.map((v) => v * v);
	});
	const n = audio[0]!.length;
	const prefix = new Float64Array(n + 1);
	for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + sq[0]![i]! + sq[1]![i]!;
	const blocks = (len: number) => {
		const out: number[] = [];
		for (let end = len; end <= n; end += sr / 10) out.push((prefix[end]! - prefix[end - len]!) / len);
		return out;
	};
	const lufs = (p: number) => -0.691 + 10 * Math.log10(p);
	const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
	const gating = blocks(0.4 * sr).filter((p) => lufs(p) > -70);
	const rel = lufs(mean(gating)) - 10;
	const integrated = lufs(mean(gating.filter((p) => lufs(p) > rel)));
	const st = blocks(3 * sr).map(lufs).filter((l) => l >= -70);
	const stRel = lufs(mean(st.map((l) => Math.pow(10, (l + 0.691) / 10)))) - 20;
	const kept = st.filter((l) => l >= stRel).sort((a, b) => a - b);
	const at = (p: number) => kept[Math.round((kept.length - 1) * p)]!;
	let shortTermMax = -Infinity;
	for (let end = 3 * sr; end <= n; end += sr / 100) shortTermMax = Math.max(shortTermMax, lufs((prefix[end]! - prefix[end - 3 * sr]!) / (3 * sr)));
	return { integrated, range: at(0.95) - at(0.1), shortTermMax };
}

describe('true peak', () => {
	/** Zero-stuff by 4 and run the 48-tap prototype: the Annex 2 description, literally. */
	function referenceTruePeak(x: ArrayLike<number>): number {
		const h: number[] = [];
		for (let i = 0; i < 48; i++) h.push(ITU_TRUE_PEAK_PHASES[i % 4]![Math.floor(i / 4)]!);
		let peak = 0;
		for (let m = 0; m < x.length * 4; m++) {
			let y = 0;
			for (let i = 0; i < 48; i++) {
				const k = m - i;
				if (k >= 0 && k % 4 === 0) y += h[i]! * x[k / 4]!;
			}
			peak = Math.max(peak, Math.abs(y));
		}
		for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i]!));
		return peak;
	}

	it('skipping provably lower stretches gives exactly the exhaustive result', () => {
		const next = rng(5);
		for (let trial = 0; trial < 6; trial++) {
			const n = 20000;
			const x = new Float32Array(n);
			for (let i = 0; i < n; i++) {
				const env = Math.pow(10, (-40 + 40 * Math.sin(i / (800 + 300 * trial)) ** 2) / 20);
				x[i] = env * (next() * 2 - 1) + (i % 5000 < 8 ? 0.6 * Math.sin(Math.PI / 2 * i + Math.PI / 4) : 0);
			}
			const fast = new TruePeakMeter(1, 48000);
			const full = new TruePeakMeter(1, 48000, { exhaustive: true });
			for (let at = 0; at < n; at += 333) {
				fast.process([x], Math.min(333, n - at), at);
				full.process([x], Math.min(333, n - at), at);
			}
			expect(fast.truePeak).toBe(full.truePeak);
			expect(Math.abs(full.truePeak - referenceTruePeak(x))).toBeLessThan(1e-12);
		}
	});

	it('reads an fs/4 sine at 45° 3 dB above its samples', () => {
		const x = taperedSine(48000, 12000, 0.5, 45, 0.1);
		const m = new LoudnessMeter(1, 48000);
		m.process([x], x.length);
		const r = m.report();
		expect(r.samplePeak!).toBeCloseTo(-9.03, 1);
		expect(Math.abs(r.truePeak! - -6.02)).toBeLessThan(0.1);
	});
});
