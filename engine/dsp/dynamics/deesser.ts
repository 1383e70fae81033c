// The strip's de-esser: split band. A 4th-order Linkwitz-Riley crossover at `freq` splits the
// signal; the high band is turned down when its level (the peak detector of detector.ts, over
// the band) exceeds the threshold, and the low band passes untouched.
//
// Why Linkwitz-Riley: its two bands sum to an allpass, |LP + HP| = 1 at every frequency, so an
// idle de-esser is flat (the phase turns around `freq`, as in any crossover), and the low band
// is never scaled, so content below `freq` keeps its level whatever the high band does (the
// high band is −24 dB/oct under `freq`: at 1 kHz with freq 6 kHz it is 64 dB down, and turning
// it down 8 dB moves the 1 kHz level by 0.003 dB). A complementary split (high = x − low)
// would be bit-exact when idle, but its high band is not a clean high-pass: with a causal low
// band it carries phase-shifted low content, and scaling it changes the level below `freq`.
//
// The crossover: LP = B², HP = AP − B², where B is the 2nd-order Butterworth low-pass and AP
// the 2nd-order allpass with B's poles, both bilinear transforms prewarped at `freq` (for the
// analog prototypes B² + (s²B)² = AP exactly, and the bilinear transform keeps the identity).
// Three transposed direct-form II sections per channel (B, AP, B); that form stays clean while
// the coefficients move.
//
// Amount: the band is pulled down to the threshold (1 dB per dB over it, a compressor with an
// infinite ratio) and never further than `range`, with fixed DEESSER_ATTACK_MS and
// DEESSER_RELEASE_MS over a DEESSER_WINDOW_MS detector. freq, threshold and range glide over
// GLIDE_MS (freq in octaves); while freq moves, the coefficients are designed every 16 samples
// and interpolated in between.
import type { ParamSpec, Processor } from '../processor.js';
import { defaultParams } from '../processor.js';
import type { BiquadCoefficients } from '../biquad.js';
import { STRIP_PARAMS } from '../../../sessions/strip-params.js';
import { CURVE_FLOOR, CURVE_GAIN, CURVE_KNEE, CURVE_SLOPE, CURVE_START, CURVE_THRESHOLD, curveChanged, PeakDetector } from './detector.js';
import { G_DOWN, G_LIN, G_LOWEST, G_PROBE, G_UNITY, G_UP, gainState, resetGainState, smoothToGains, steadyBlock } from './gain.js';
import { GLIDE_MS, Glides } from './glides.js';

export const DEESSER_SPECS: readonly ParamSpec[] = STRIP_PARAMS.deesser;
export const DEESS_FREQ = 0;
export const DEESS_THRESHOLD = 1;
export const DEESS_RANGE = 2;

/** Attack of the band gain, ms: fast enough to catch the start of an "s". */
export const DEESSER_ATTACK_MS = 0.5;
/** Release, ms: back within a syllable, slow enough not to flutter on noisy sibilance. */
export const DEESSER_RELEASE_MS = 40;
/** Detector window, ms: reads the band's peak steadily (the band is above 2 kHz), and holds it only briefly. */
export const DEESSER_WINDOW_MS = 5;
/** Samples between coefficient updates while freq glides. */
const CONTROL = 16;

/** The crossover frequency actually used: kept inside (10 Hz, 0.49·fs) so the design stays stable. */
function usable(freq: number, sampleRate: number): number {
	return !(freq >= 10) ? 10 : Math.min(freq, 0.49 * sampleRate);
}

/** The crossover's sections at `freq`: low band = lowpass², high band = allpass − lowpass². Any thread. */
export function deesserCrossover(freq: number, sampleRate: number): { lowpass: BiquadCoefficients; allpass: BiquadCoefficients } {
	const k = Math.tan((Math.PI * usable(freq, sampleRate)) / sampleRate);
	const norm = 1 / (1 + Math.SQRT2 * k + k * k);
	const b0 = k * k * norm;
	const a1 = 2 * (k * k - 1) * norm;
	const a2 = (1 - Math.SQRT2 * k + k * k) * norm;
	return { lowpass: { b0, b1: 2 * b0, b2: b0, a1, a2 }, allpass: { b0: a2, b1: a1, b2: 1, a1, a2 } };
}

/** |low + 10^(gainDb/20)·high| at `frequency`: the de-esser's response with the band at `gainDb`. Any thread (UI curves). */
export function deesserResponse(freq: number, gainDb: number, frequency: number, sampleRate: number): number {
	const { lowpass: lp, allpass: ap } = deesserCrossover(freq, sampleRate);
	const w = (2 * Math.PI * frequency) / sampleRate;
	const c1 = Math.cos(w);
	const s1 = -Math.sin(w);
	const c2 = Math.cos(2 * w);
	const s2 = -Math.sin(2 * w);
	// H(e^{jw}) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²), z⁻ᵏ = cos(kw) − j sin(kw).
	const dr = 1 + lp.a1 * c1 + lp.a2 * c2;
	const di = lp.a1 * s1 + lp.a2 * s2;
	const dd = dr * dr + di * di;
	const numLr = lp.b0 + lp.b1 * c1 + lp.b2 * c2;
	const numLi = lp.b1 * s1 + lp.b2 * s2;
	const numAr = ap.b0 + ap.b1 * c1 + ap.b2 * c2;
	const numAi = ap.b1 * s1 + ap.b2 * s2;
	// B = numL / den, A = numA / den.
	const br = (numLr * dr + numLi * di) / dd;
	const bi = (numLi * dr - numLr * di) / dd;
	const ar = (numAr * dr + numAi * di) / dd;
	const ai = (numAi * dr - numAr * di) / dd;
	const lr = br * br - bi * bi;
	const li = 2 * br * bi;
	const g = Math.pow(10, gainDb / 20);
	const re = lr + g * (ar - lr);
	const im = li + g * (ai - li);
	return Math.sqrt(re * re + im * im);
}

/** A short label for a strip: "6.0k -30". */
export function describeDeEsser(params: ArrayLike<number>): string {
	return `${(params[DEESS_FREQ]! / 1000).toFixed(1)}k ${Math.round(params[DEESS_THRESHOLD]!)}`;
}

export class DeEsser implements Processor {
	readonly latency = 0;
	readonly specs = DEESSER_SPECS;
	readonly params = defaultParams(DEESSER_SPECS);
	readonly reduction = new Float64Array(1);
	/** The freq glide, in octaves: [goal, step per sample, samples left]. */
	private readonly glide = new Float64Array(3);
	private glideLength = 1;
	private readonly amount = new Glides(this.params, DEESSER_SPECS, [DEESS_THRESHOLD, DEESS_RANGE]);
	private readonly detector = new PeakDetector();
	private readonly gains = gainState();
	/**
	 * b0, a1, a2 of the Butterworth section (b1 = 2·b0, b2 = b0; the allpass is a2, a1, 1): at the
	 * start of the current control period, at its end, and the step per sample between them.
	 * Interpolated coefficients stay stable (the stable (a1, a2) form a triangle) and the allpass
	 * stays an allpass, so an idle de-esser stays flat while freq moves.
	 */
	private readonly from = new Float64Array(3);
	private readonly to = new Float64Array(3);
	private readonly slope = new Float64Array(3);
	/** Per channel: the first low-pass, the allpass and the second low-pass (transposed direct form II, two each). */
	private state = new Float64Array(0);
	/** The high band per channel (the low band is written into the buffer itself). */
	private high: Float64Array[] = [];
	private level = new Float64Array(0);
	private target = new Float64Array(0);
	private linear = new Float64Array(0);
	private ranges = new Float64Array(0);
	private sampleRate = 48000;
	/** The usable crossover frequency of the target, exactly (what a steady de-esser is designed for). */
	private freq = 6000;
	/** Whether the current control period interpolates (else `from` holds, the design for `designedFor`). */
	private sweeping = false;
	private designedFor = NaN;
	/** The band's static curve while threshold and range are steady (see CURVE_* in detector.ts). */
	private readonly curve = new Float64Array(7);
	/** Samples since reset, modulo CONTROL: coefficient periods start on multiples of it. */
	private clock = 0;

	/** Off the audio path. */
	configure(channels: number, sampleRate: number, maxBlock: number): void {
		this.sampleRate = sampleRate;
		this.detector.configure(sampleRate, DEESSER_WINDOW_MS);
		this.glideLength = Math.max(1, Math.round((GLIDE_MS * sampleRate) / 1000));
		this.amount.configure(sampleRate);
		this.state = new Float64Array(6 * channels);
		this.high = Array.from({ length: channels }, () => new Float64Array(maxBlock));
		this.level = new Float64Array(maxBlock);
		this.target = new Float64Array(maxBlock);
		this.linear = new Float64Array(maxBlock);
		this.ranges = new Float64Array(maxBlock);
		this.gains[G_DOWN] = Math.exp(-1000 / (DEESSER_ATTACK_MS * sampleRate));
		this.gains[G_UP] = Math.exp(-1000 / (DEESSER_RELEASE_MS * sampleRate));
		this.reset();
	}

	/** Audio thread. De-esses buffers in place (the band level is always the input's own). */
	process(buffers: Float64Array[], frames: number, _key: Float64Array[] | null): void {
		this.shape();
		// freq glides in octaves: value = goal − step·left, `left` samples from the goal.
		const gl = this.glide;
		const goal = Math.log2(this.freq);
		if (goal !== gl[0]) {
			const now = gl[0]! - gl[1]! * gl[2]!;
			gl[0] = goal;
			gl[2] = this.glideLength;
			gl[1] = (goal - now) / this.glideLength;
		}
		const channels = Math.min(buffers.length, this.high.length);
		for (let i = 0; i < frames; ) {
			// Coefficients are (re)designed only at the start of a control period, and inline here
			// (a rarely run method would run interpreted, where every double is an allocation).
			const left = gl[2]!;
			if (this.clock === 0 && (left > 0 || this.sweeping || this.designedFor !== this.freq)) {
				const sweep = left > 0;
				// Where the glide will be at the end of this period (exactly the target's design when it gets there).
				const f = !sweep || left <= CONTROL ? this.freq : Math.pow(2, gl[0]! - gl[1]! * (left - CONTROL));
				const sr = this.sampleRate;
				const k = Math.tan((Math.PI * f) / sr);
				const norm = 1 / (1 + Math.SQRT2 * k + k * k);
				const to = this.to;
				const from = this.from;
				// Start where the last period ended (or the steady design).
				if (this.sweeping) from.set(to);
				to[0] = k * k * norm;
				to[1] = 2 * (k * k - 1) * norm;
				to[2] = (1 - Math.SQRT2 * k + k * k) * norm;
				if (sweep) {
					for (let j = 0; j < 3; j++) this.slope[j] = (to[j]! - from[j]!) / CONTROL;
					this.designedFor = NaN;
				} else {
					from.set(to);
					this.slope.fill(0);
					this.designedFor = f;
				}
				this.sweeping = sweep;
			}
			// Steady: one run to the end of the block. Moving: to the end of the control period.
			const steady = !this.sweeping && left === 0 && this.designedFor === this.freq;
			const end = steady ? frames : Math.min(frames, i + CONTROL - this.clock);
			for (let c = 0; c < channels; c++) {
				if (this.sweeping) this.sweep(buffers[c]!, c, i, end);
				else this.split(buffers[c]!, c, i, end);
			}
			gl[2] = left > end - i ? left - (end - i) : 0;
			this.clock = (this.clock + end - i) % CONTROL;
			i = end;
		}
		const st = this.state;
		for (let k = 0; k < st.length; k++) if (Math.abs(st[k]!) < 1e-30) st[k] = 0;

		const sm = this.gains;
		const steady = this.bandTargets(frames);
		// Low band (already in the buffer) + the high band at its gain: channel 0 inside smoothToGains.
		if (!steady) smoothToGains(this.target, null, this.linear, frames, sm, buffers[0]!, this.high[0]!);
		if (sm[G_LOWEST]! < this.reduction[0]!) this.reduction[0] = sm[G_LOWEST]!;
		sm[G_LOWEST] = 0;
		const lin = this.linear;
		const unity = sm[G_UNITY] === 1;
		const g = sm[G_LIN]!;
		for (let c = steady ? 0 : 1; c < channels; c++) {
			const x = buffers[c]!;
			const hi = this.high[c]!;
			if (unity) for (let i = 0; i < frames; i++) x[i]! += hi[i]!;
			else if (steady) for (let i = 0; i < frames; i++) x[i]! += g * hi[i]!;
			else for (let i = 0; i < frames; i++) x[i]! += lin[i]! * hi[i]!;
		}
	}

	/** The crossover of channel c over samples [from, to) with steady coefficients: low band into x, high band into high[c]. */
	private split(x: Float64Array, c: number, from: number, to: number): void {
		const b0 = this.from[0]!;
		const a1 = this.from[1]!;
		const a2 = this.from[2]!;
		const b1 = 2 * b0;
		const st = this.state;
		const o = 6 * c;
		let p1 = st[o]!;
		let p2 = st[o + 1]!;
		let q1 = st[o + 2]!;
		let q2 = st[o + 3]!;
		let s1 = st[o + 4]!;
		let s2 = st[o + 5]!;
		const hi = this.high[c]!;
		for (let i = from; i < to; i++) {
			const v = x[i]!;
			const b = b0 * v + p1;
			p1 = b1 * v - a1 * b + p2;
			p2 = b0 * v - a2 * b;
			const ap = a2 * v + q1;
			q1 = a1 * (v - ap) + q2;
			q2 = v - a2 * ap;
			const l = b0 * b + s1;
			s1 = b1 * b - a1 * l + s2;
			s2 = b0 * b - a2 * l;
			x[i] = l;
			hi[i] = ap - l;
		}
		st[o] = p1;
		st[o + 1] = p2;
		st[o + 2] = q1;
		st[o + 3] = q2;
		st[o + 4] = s1;
		st[o + 5] = s2;
	}

	/** As split(), with the coefficients interpolated per sample across the control period. */
	private sweep(x: Float64Array, c: number, from: number, to: number): void {
		const st = this.state;
		const o = 6 * c;
		let p1 = st[o]!;
		let p2 = st[o + 1]!;
		let q1 = st[o + 2]!;
		let q2 = st[o + 3]!;
		let s1 = st[o + 4]!;
		let s2 = st[o + 5]!;
		const hi = this.high[c]!;
		const f = this.from;
		const d = this.slope;
		for (let i = from, k = this.clock; i < to; i++, k++) {
			const b0 = f[0]! + d[0]! * k;
			const a1 = f[1]! + d[1]! * k;
			const a2 = f[2]! + d[2]! * k;
			const v = x[i]!;
			const b = b0 * v + p1;
			p1 = 2 * b0 * v - a1 * b + p2;
			p2 = b0 * v - a2 * b;
			const ap = a2 * v + q1;
			q1 = a1 * (v - ap) + q2;
			q2 = v - a2 * ap;
			const l = b0 * b + s1;
			s1 = 2 * b0 * b - a1 * l + s2;
			s2 = b0 * b - a2 * l;
			x[i] = l;
			hi[i] = ap - l;
		}
		st[o] = p1;
		st[o + 1] = p2;
		st[o + 2] = q1;
		st[o + 3] = q2;
		st[o + 4] = s1;
		st[o + 5] = s2;
	}

	/**
	 * Target band gain (dB) per sample from the band level. True when instead the whole block is
	 * one steady gain (steadyBlock: the band all under the threshold, or all at one level, with the
	 * gain already there), and the per-sample gain path is skipped.
	 */
	private bandTargets(frames: number): boolean {
		const amount = this.amount;
		const moved = amount.begin();
		const v = amount.value;
		const target = this.target;
		const c = this.curve;
		if (!moved) {
			// Pulled down to the threshold (slope −1, no knee), never under the range; level and target in one pass.
			if (v[DEESS_THRESHOLD] !== c[CURVE_THRESHOLD] || v[DEESS_RANGE] !== c[CURVE_FLOOR]) {
				c[CURVE_THRESHOLD] = v[DEESS_THRESHOLD]!;
				c[CURVE_KNEE] = 0;
				c[CURVE_SLOPE] = -1;
				c[CURVE_FLOOR] = v[DEESS_RANGE]!;
				curveChanged(c);
			}
			// A no-op, every block so it stays compiled.
			amount.advance(frames);
			this.detector.runCurve(this.high, frames, target, c);
			const b = this.detector.bounds;
			if (b[0] === b[1] || b[1]! <= c[CURVE_START]!) {
				const sm = this.gains;
				sm[G_PROBE] = c[CURVE_GAIN]!;
				if (steadyBlock(sm)) return true;
			}
			return false;
		}
		// Threshold and range per sample (in `linear` and `ranges`, free until smoothToGains), the level's dB when it changes.
		const level = this.level;
		this.detector.run(this.high, frames, level);
		const thr = this.linear;
		const ranges = this.ranges;
		amount.fill(DEESS_THRESHOLD, thr, frames);
		amount.fill(DEESS_RANGE, ranges, frames);
		amount.advance(frames);
		let x = -Infinity;
		let last = -1;
		for (let i = 0; i < frames; i++) {
			const L = level[i]!;
			if (L !== last) {
				last = L;
				x = 20 * Math.log10(L);
			}
			let t = thr[i]! - x;
			if (t > 0) t = 0;
			else if (t < ranges[i]!) t = ranges[i]!;
			target[i] = t;
		}
		c[CURVE_THRESHOLD] = NaN;
		return false;
	}

	/** The usable crossover frequency of the freq target into `freq`. */
	private shape(): void {
		const sr = this.sampleRate;
		// usable(), inlined: no double crosses a call on the audio thread. NaN falls to 10 Hz.
		const f = this.params[DEESS_FREQ]!;
		this.freq = !(f >= 10) ? 10 : f < 0.49 * sr ? f : 0.49 * sr;
	}

	/** Audio thread. Clears the crossover, the detector and the gain; parameters jump to their targets. */
	reset(): void {
		this.shape();
		this.amount.snap();
		// The first process() designs for freq at once (clock 0, nothing designed yet).
		this.glide[0] = Math.log2(this.freq);
		this.glide[1] = this.glide[2] = 0;
		this.designedFor = NaN;
		this.sweeping = false;
		this.state.fill(0);
		this.detector.reset();
		this.curve[CURVE_THRESHOLD] = NaN;
		this.curve[CURVE_GAIN] = 0;
		this.clock = 0;
		resetGainState(this.gains);
	}
}
