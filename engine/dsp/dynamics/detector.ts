// The level detector and the gain path shared by the dynamics processors (gate, compressor,
// de-esser, and the ducker): level → target gain (each processor's own curve) → smoothing in
// dB → linear gain. Everything runs a whole block at a time over typed arrays, so no double
// crosses a call on the audio path, and every state advances per sample: the result does not
// depend on how a run is split into blocks.
//
// Level: a peak detector over the channels, the largest |x| of any channel within the last
// `window` samples (DETECTOR_WINDOW_MS by default): a sliding-window maximum (van Herk /
// Gil-Werman, O(1) per sample, preallocated). A steady sine whose |x| repeats within
// the window (any sine from 100 Hz at 10 ms) reads its peak sample exactly, with no droop and
// no time constant of its own. The price is a hold: a falling level shows `window` samples
// late, so a release starts that much after the signal drops.
//
// Smoothing: a one-pole in dB, α = exp(−1/(τ·fs)), with one α while the gain goes down and
// another while it comes up, so a step moves the gain 1 − 1/e of the way in τ. Within SNAP_DB
// of its target it lands on it: a steady state applies exactly the target gain.
//
// dB → linear while the gain moves: two small tables and a quartic (relative error 1.2e-12,
// about 2.5 ns a sample here, where Math.exp takes 7 and Math.pow 40). A gain that holds from one
// sample to the next is recomputed once with Math.pow, so a steady gain is exactly 10^(dB/20),
// the value the tests and the rest of the project compute.
import type { ParamSpec } from '../processor.js';

/** The detector's default window, ms: the hold of a falling level (see above). */
export const DETECTOR_WINDOW_MS = 10;
/** A smoothed gain this close to its target (dB) lands on it. */
export const SNAP_DB = 1e-4;
/** Duration of a parameter glide (threshold, range, makeup …), ms. */
export const GLIDE_MS = 20;

/** The one-pole coefficient of time constant `ms` at `sampleRate`: α = exp(−1/(τ·fs)). Any thread. */
export function onePole(ms: number, sampleRate: number): number {
	return Math.exp(-1000 / (ms * sampleRate));
}

/**
 * Sliding-window peak over all channels, by van Herk and Gil-Werman's method: the stream is cut
 * into segments of `window` samples; the maximum over the window ending at sample i is the
 * larger of the running maximum of i's own segment so far and the maximum of the previous
 * segment from i's offset + 1 on (its suffix maxima, computed once when it completed). That is
 * three comparisons per sample and no data-dependent branch (a monotonic deque costs a
 * mispredicted branch on most samples of noise). Configure off the audio path; run() on it.
 */
export class PeakDetector {
	/** Window length in samples. */
	window = 1;
	private segment = new Float64Array(1);
	private suffix = new Float64Array(2);
	/** [running maximum of the current segment]. */
	private readonly state = new Float64Array(1);
	/** The lowest and the highest level of the last run() (a processor skips work on a block that stays on one side of its threshold). */
	readonly bounds = new Float64Array(2);
	private pos = 0;

	/** Off the audio path. Allocates for a window of `windowMs` at `sampleRate`. */
	configure(sampleRate: number, windowMs = DETECTOR_WINDOW_MS): void {
		this.window = Math.max(1, Math.round((windowMs * sampleRate) / 1000));
		this.segment = new Float64Array(this.window);
		this.suffix = new Float64Array(this.window + 1);
		this.reset();
	}

	/**
	 * Audio thread. level[i] = the largest |src[c][j]| over every channel c and the window of
	 * samples j ending at i. Never allocates.
	 */
	run(src: readonly Float64Array[], frames: number, level: Float64Array): void {
		// One channel is read in the loop below; more are first folded into level[].
		const mono = src.length === 1;
		const x0 = src[0]!;
		if (!mono) {
			const x1 = src[1]!;
			for (let i = 0; i < frames; i++) level[i] = Math.max(Math.abs(x0[i]!), Math.abs(x1[i]!));
			for (let c = 2; c < src.length; c++) {
				const x = src[c]!;
				for (let i = 0; i < frames; i++) level[i] = Math.max(level[i]!, Math.abs(x[i]!));
			}
		}
		const in0 = mono ? x0 : level;
		const seg = this.segment;
		const suf = this.suffix;
		const w = this.window;
		let j = this.pos;
		let run = this.state[0]!;
		let lo = Infinity;
		let hi = 0;
		for (let i = 0; i < frames; ) {
			// Up to the end of the block or of the segment, whichever comes first.
			const end = Math.min(frames, i + w - j);
			for (; i < end; i++, j++) {
				const v = Math.abs(in0[i]!);
				seg[j] = v;
				// Ternaries, not Math.max: both comparisons flip about once a segment, so they predict well.
				if (v > run) run = v;
				const s = suf[j + 1]!;
				const l = run > s ? run : s;
				level[i] = l;
				if (l < lo) lo = l;
				if (l > hi) hi = l;
			}
			if (j === w) {
				let m = 0;
				for (let t = w - 1; t >= 0; t--) {
					const x = seg[t]!;
					if (x > m) m = x;
					suf[t] = m;
				}
				j = 0;
				run = 0;
			}
		}
		this.pos = j;
		this.state[0] = run;
		this.bounds[0] = lo;
		this.bounds[1] = hi;
	}

	/** Audio thread. Forgets the window (the level falls to 0). */
	reset(): void {
		this.segment.fill(0);
		this.suffix.fill(0);
		this.state[0] = 0;
		this.pos = 0;
	}
}

// 10^(dB/20) = 2^(y/64) with y = dB · 64·log2(10)/20: 2^(⌊y⌋/64) from two tables (octave,
// 64th of an octave) times a quartic in the remainder. Offset so y is never negative (then
// `| 0` is ⌊y⌋); it clamps at ±385 dB.
const OCTAVE = Float64Array.from({ length: 128 }, (_, e) => Math.pow(2, e - 64));
const FRACTION = Float64Array.from({ length: 64 }, (_, j) => Math.pow(2, j / 64));
const STEPS_PER_DB = (64 * Math.log2(10)) / 20;
const STEP_NEPER = Math.LN2 / 64;

/** Slots of the gain path's state (gainState()). */
export const G_GAIN = 0;
/** α while the gain goes down, and while it comes up. */
export const G_DOWN = 1;
export const G_UP = 2;
/** The lowest smoothed gain (dB) since the owner last set it back to 0 (for `reduction`). */
export const G_LOWEST = 3;
/** dB added after smoothing when no per-sample offset is given (a compressor's makeup). */
export const G_OFFSET = 4;
/** The last dB converted, its linear gain, whether that gain is exact (Math.pow). */
const G_DB = 5;
/** The linear gain of the last sample (after steadyBlock(): of the whole block). */
export const G_LIN = 6;
const G_EXACT = 7;
/** 1 when every gain of the last block was exactly 1. */
export const G_UNITY = 8;
/** The target steadyBlock() asks about (written by the caller: doubles do not cross calls). */
export const G_PROBE = 9;

/** A fresh gain path state: 0 dB, unity, no smoothing (set G_DOWN and G_UP). Off the audio path. */
export function gainState(): Float64Array {
	const s = new Float64Array(10);
	resetGainState(s);
	return s;
}

/** Audio thread. Back to 0 dB and unity (the coefficients and the offset stay). */
export function resetGainState(s: Float64Array): void {
	s[G_GAIN] = 0;
	s[G_LOWEST] = 0;
	s[G_DB] = 0;
	s[G_LIN] = 1;
	s[G_EXACT] = 1;
	s[G_UNITY] = 1;
}

/**
 * Audio thread. The gain path after the target: for each sample the one-pole in dB toward
 * target[i] (see the file comment), plus offset[i] (or s[G_OFFSET] when offset is null), to a
 * linear gain in lin[i]. One pass, so each value stays in a register. In the same pass the gain
 * is applied to one channel, `first` (the others then take lin[]): first[i] *= gain, or with a
 * `band`, first[i] += gain · band[i] (a split-band processor's gained band). Never allocates.
 */
export function smoothToGains(
	target: Float64Array,
	offset: Float64Array | null,
	lin: Float64Array,
	frames: number,
	s: Float64Array,
	first: Float64Array,
	band: Float64Array | null,
): void {
	let g = s[G_GAIN]!;
	const down = s[G_DOWN]!;
	const up = s[G_UP]!;
	let low = s[G_LOWEST]!;
	const fixed = s[G_OFFSET]!;
	let last = s[G_DB]!;
	let gain = s[G_LIN]!;
	let exact = s[G_EXACT]!;
	let unity = 1;
	// g ← α·g + (1 − α)·t, the (1 − α)·t terms kept until the target changes: one multiply and one add per sample.
	let t = NaN;
	let towardDown = 0;
	let towardUp = 0;
	for (let i = 0; i < frames; i++) {
		const next = target[i]!;
		if (next !== t) {
			t = next;
			towardDown = (1 - down) * t;
			towardUp = (1 - up) * t;
		}
		if (g !== t) {
			g = t < g ? towardDown + down * g : towardUp + up * g;
			if (g - t < SNAP_DB && t - g < SNAP_DB) g = t;
		}
		if (g < low) low = g;
		const d = g + (offset === null ? fixed : offset[i]!);
		if (d === last) {
			// Held from the last sample: once, the exact value.
			if (exact === 0) {
				gain = Math.pow(10, d / 20);
				exact = 1;
			}
		} else {
			last = d;
			exact = 0;
			let y = d * STEPS_PER_DB + 4096;
			if (y < 0) y = 0;
			else if (y > 8191) y = 8191;
			const k = y | 0;
			const r = (y - k) * STEP_NEPER;
			gain = OCTAVE[k >> 6]! * FRACTION[k & 63]! * (1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24)))));
		}
		lin[i] = gain;
		if (band === null) first[i]! *= gain;
		else first[i]! += gain * band[i]!;
		if (gain !== 1) unity = 0;
	}
	s[G_GAIN] = g;
	s[G_LOWEST] = low;
	s[G_DB] = last;
	s[G_LIN] = gain;
	s[G_EXACT] = exact;
	s[G_UNITY] = unity;
}

/**
 * Audio thread. Whether a block whose every target is s[G_PROBE] would leave the gain where it
 * is, exactly: the smoothed gain sits on that target and its linear gain s[G_LIN] is the exact
 * one. Then the block's whole gain path is that constant; this does what smoothToGains() would
 * to the state (the lowest gain, G_UNITY), so a caller may skip it and get the same bits.
 */
export function steadyBlock(s: Float64Array): boolean {
	const t = s[G_PROBE]!;
	if (s[G_GAIN] !== t || s[G_EXACT] !== 1 || s[G_DB] !== t + s[G_OFFSET]!) return false;
	if (t < s[G_LOWEST]!) s[G_LOWEST] = t;
	s[G_UNITY] = s[G_LIN] === 1 ? 1 : 0;
	return true;
}

/** Audio thread. After steadyBlock(): buffers[c][i] *= the constant gain, skipped at unity. */
export function applySteady(buffers: readonly Float64Array[], frames: number, s: Float64Array): void {
	if (s[G_UNITY] === 1) return;
	const g = s[G_LIN]!;
	for (let c = 0; c < buffers.length; c++) {
		const x = buffers[c]!;
		for (let i = 0; i < frames; i++) x[i]! *= g;
	}
}

/** Audio thread. buffers[c][i] *= lin[i] for channels from `from` on, skipped when the last block was all unity. */
export function applyGains(buffers: readonly Float64Array[], from: number, lin: Float64Array, frames: number, s: Float64Array): void {
	if (s[G_UNITY] === 1) return;
	for (let c = from; c < buffers.length; c++) {
		const x = buffers[c]!;
		for (let i = 0; i < frames; i++) x[i]! *= lin[i]!;
	}
}

/**
 * De-clicked parameters: the chosen slots of `params` move linearly to a new target over a
 * fixed number of samples (a new target mid-way restarts from where the value is), clamped to
 * their specs. value[k] = goal − step·left is a function of the samples left, so advancing
 * 1 + 1 or 2 samples gives the same bits.
 */
export class Glides {
	/** The current value of every slot of params (slots that do not glide jump), in the session's units. */
	readonly value: Float64Array;
	private readonly goal: Float64Array;
	private readonly step: Float64Array;
	private readonly left: Int32Array;
	private readonly gliding: Uint8Array;
	private readonly lo: Float64Array;
	private readonly hi: Float64Array;
	private length = 1;
	/** Slots still moving. */
	moving = 0;

	/** Off the audio path. */
	constructor(
		private readonly params: Float64Array,
		specs: readonly ParamSpec[],
		slots: readonly number[],
	) {
		const n = params.length;
		this.value = new Float64Array(n);
		this.goal = new Float64Array(n);
		this.step = new Float64Array(n);
		this.left = new Int32Array(n);
		this.gliding = Uint8Array.from({ length: n }, (_, k) => (slots.includes(k) ? 1 : 0));
		this.lo = Float64Array.from(specs, (s) => s.min);
		this.hi = Float64Array.from(specs, (s) => s.max);
		this.snap();
	}

	/** Off the audio path: glides last `ms` at `sampleRate`. */
	configure(sampleRate: number, ms = GLIDE_MS): void {
		this.length = Math.max(1, Math.round((ms * sampleRate) / 1000));
	}

	/** Audio thread, at the start of a block: picks up changed targets. True while something moves. */
	begin(): boolean {
		const p = this.params;
		for (let k = 0; k < p.length; k++) {
			let t = p[k]!;
			// NaN fails both comparisons and is replaced by the lower bound.
			if (!(t >= this.lo[k]!)) t = this.lo[k]!;
			else if (t > this.hi[k]!) t = this.hi[k]!;
			if (t === this.goal[k]!) continue;
			if (this.gliding[k] === 0) {
				this.value[k] = this.goal[k] = t;
				continue;
			}
			if (this.left[k] === 0) this.moving++;
			this.goal[k] = t;
			this.left[k] = this.length;
			this.step[k] = (t - this.value[k]!) / this.length;
		}
		return this.moving > 0;
	}

	/** Audio thread. Advances every moving slot by `samples`. */
	advance(samples: number): void {
		if (this.moving === 0) return;
		for (let k = 0; k < this.left.length; k++) {
			const left = this.left[k]!;
			if (left === 0) continue;
			if (left <= samples) {
				this.left[k] = 0;
				this.value[k] = this.goal[k]!;
				this.moving--;
			} else {
				this.left[k] = left - samples;
				this.value[k] = this.goal[k]! - this.step[k]! * (left - samples);
			}
		}
	}

	/** Audio thread. out[i] = value[k] after i + 1 more samples, for i in [0, frames) (what advance(1) before each sample gives). */
	fill(k: number, out: Float64Array, frames: number): void {
		const left = this.left[k]!;
		const goal = this.goal[k]!;
		const step = this.step[k]!;
		for (let i = 0; i < frames; i++) {
			const r = left - (i + 1);
			out[i] = r > 0 ? goal - step * r : goal;
		}
	}

	/** Audio thread. out[k] = what value[k] will be `samples` from now, if no target changes. */
	peek(samples: number, out: Float64Array): void {
		for (let k = 0; k < this.left.length; k++) {
			const left = this.left[k]!;
			out[k] = left <= samples ? this.goal[k]! : this.goal[k]! - this.step[k]! * (left - samples);
		}
	}

	/** Audio thread. Samples until slot k reaches its goal (0: there). */
	remaining(k: number): number {
		return this.left[k]!;
	}

	/** Audio thread. Every slot jumps to its (clamped) target. */
	snap(): void {
		const p = this.params;
		for (let k = 0; k < p.length; k++) {
			let t = p[k]!;
			if (!(t >= this.lo[k]!)) t = this.lo[k]!;
			else if (t > this.hi[k]!) t = this.hi[k]!;
			this.value[k] = this.goal[k] = t;
			this.left[k] = 0;
		}
		this.moving = 0;
	}
}
