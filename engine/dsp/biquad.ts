// Second-order IIR sections: coefficients, the bilinear-transform helpers shared by filter
// designs, and the magnitude response the tests check designs against; the cascade kernel and
// the smoothed, crossfading cascade processor the strip's filters and EQ bands are built on.
import { defaultParams, type ParamSpec, type Processor } from './processor.js';

/** Normalised biquad coefficients (a0 = 1): y = b0·x + b1·x₁ + b2·x₂ − a1·y₁ − a2·y₂. */
export interface BiquadCoefficients {
	b0: number;
	b1: number;
	b2: number;
	a1: number;
	a2: number;
}

/** |H(e^{jω})| of a biquad at `frequency` Hz. Any thread; for tests and displays. */
export function biquadMagnitude(c: BiquadCoefficients, frequency: number, sampleRate: number): number {
	const w = (2 * Math.PI * frequency) / sampleRate;
	const c1 = Math.cos(w);
	const s1 = Math.sin(w);
	const c2 = Math.cos(2 * w);
	const s2 = Math.sin(2 * w);
	const nr = c.b0 + c.b1 * c1 + c.b2 * c2;
	const ni = -(c.b1 * s1 + c.b2 * s2);
	const dr = 1 + c.a1 * c1 + c.a2 * c2;
	const di = -(c.a1 * s1 + c.a2 * s2);
	return Math.sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
}

/**
 * Runs one biquad over `frames` samples of `src` into `dst` (they may be the same array),
 * transposed direct form II with the two state values kept in `state[0..1]`.
 * Audio thread; never allocates.
 */
export function biquadProcess(
	c: BiquadCoefficients,
	state: Float64Array,
	src: ArrayLike<number>,
	dst: { [index: number]: number },
	frames: number,
	offset = 0,
): void {
	const { b0, b1, b2, a1, a2 } = c;
	let s1 = state[0]!;
	let s2 = state[1]!;
	for (let i = offset, end = offset + frames; i < end; i++) {
		const x = src[i]!;
		const y = b0 * x + s1;
		s1 = b1 * x - a1 * y + s2;
		s2 = b2 * x - a2 * y;
		dst[i] = y;
	}
	state[0] = s1;
	state[1] = s2;
}

/** Values per section in a packed cascade: b0 b1 b2 a1 a2. */
export const SECTION_COEFFS = 5;

/** The section packed at src[offset..offset+5). */
export function unpackCoefficients(src: Float64Array, offset: number): BiquadCoefficients {
	return { b0: src[offset]!, b1: src[offset + 1]!, b2: src[offset + 2]!, a1: src[offset + 3]!, a2: src[offset + 4]! };
}

/** State values per section in a cascade: x₁ x₂ y₁ y₂ (direct form I). */
export const SECTION_STATE = 4;

/**
 * Runs `sections` packed sections (coef[5k..5k+5)) in cascade over x[from..to) in place, in
 * direct form I with section k's x₁ x₂ y₁ y₂ at state[at + 4k]. Direct form I because its
 * memories are the signal itself: coefficients can change under it without transients of their
 * own, and its loop-carried path is one multiply-add (≈1.5× faster than transposed form II
 * here). Pairs of sections share one loop, the second's input history being the first's output
 * history, so a cascade costs no copies. Audio thread; never allocates.
 */
export function cascadeProcess(coef: Float64Array, sections: number, state: Float64Array, at: number, x: Float64Array, from: number, to: number): void {
	let k = 0;
	for (; k + 2 <= sections; k += 2) {
		const o = k * SECTION_COEFFS;
		const p = at + SECTION_STATE * k;
		const b0 = coef[o]!, b1 = coef[o + 1]!, b2 = coef[o + 2]!, a1 = coef[o + 3]!, a2 = coef[o + 4]!;
		const c0 = coef[o + 5]!, c1 = coef[o + 6]!, c2 = coef[o + 7]!, d1 = coef[o + 8]!, d2 = coef[o + 9]!;
		let x1 = state[p]!;
		let x2 = state[p + 1]!;
		let y1 = state[p + 2]!;
		let y2 = state[p + 3]!;
		let z1 = state[p + 6]!;
		let z2 = state[p + 7]!;
		for (let i = from; i < to; i++) {
			const v = x[i]!;
			// The recursive terms last: the rest is computed while the previous output is pending.
			const y = b0 * v + b1 * x1 + b2 * x2 - a2 * y2 - a1 * y1;
			const z = c0 * y + c1 * y1 + c2 * y2 - d2 * z2 - d1 * z1;
			x2 = x1;
			x1 = v;
			y2 = y1;
			y1 = y;
			z2 = z1;
			z1 = z;
			x[i] = z;
		}
		state[p] = x1;
		state[p + 1] = x2;
		state[p + 2] = state[p + 4] = y1;
		state[p + 3] = state[p + 5] = y2;
		state[p + 6] = z1;
		state[p + 7] = z2;
	}
	if (k < sections) {
		const o = k * SECTION_COEFFS;
		const p = at + SECTION_STATE * k;
		const b0 = coef[o]!, b1 = coef[o + 1]!, b2 = coef[o + 2]!, a1 = coef[o + 3]!, a2 = coef[o + 4]!;
		let x1 = state[p]!;
		let x2 = state[p + 1]!;
		let y1 = state[p + 2]!;
		let y2 = state[p + 3]!;
		for (let i = from; i < to; i++) {
			const v = x[i]!;
			const y = b0 * v + b1 * x1 + b2 * x2 - a2 * y2 - a1 * y1;
			x2 = x1;
			x1 = v;
			y2 = y1;
			y1 = y;
			x[i] = y;
		}
		state[p] = x1;
		state[p + 1] = x2;
		state[p + 2] = y1;
		state[p + 3] = y2;
	}
}

/** Samples between coefficient updates while a parameter moves, on a grid counted from reset(). */
export const CONTROL_INTERVAL = 16;
/** Filter memories under TINY are set to 0 every FLUSH_INTERVAL samples, on the same grid. */
const FLUSH_INTERVAL = 256;
/** −600 dB: far above the subnormal range (JS has no flush-to-zero), far below anything audible. */
const TINY = 1e-30;
/** Time constant of parameter smoothing; frequencies and Q move in ratio, gains in dB. */
export const SMOOTH_SECONDS = 0.01;
/** A change of structure (slope, band type) crossfades linearly from the old filter to the new over this. */
export const CROSSFADE_SECONDS = 0.01;
/** Smoothing lands exactly on its target within these (ln ratio ≈ 0.001 %, 0.0001 dB: inaudible). */
const SNAP_RATIO = 1e-5;
const SNAP_LINEAR = 1e-4;

/**
 * A processor that is a cascade of biquads designed from its parameters (the strip's hpf/lpf and
 * EQ bands). One parameter may be discrete (the structure: a slope, a band type), the others are
 * continuous and smoothed.
 *
 * While a target differs from its smoothed value, the values take one one-pole step (time
 * constant SMOOTH_SECONDS) every CONTROL_INTERVAL samples and the coefficients are redesigned;
 * within a step of the target they land on it, and from then on the coefficients are exactly
 * the design's at the target. A new structure starts from silent memories and is crossfaded in
 * over CROSSFADE_SECONDS while the old one (frozen coefficients) fades out; a further change
 * waits for the crossfade to finish. An identity cascade (a bell or shelf at 0 dB) passes the
 * audio through untouched. Steps, crossfades, denormal flushes and the identity check sit on a
 * grid of samples counted from reset(), so the output does not depend on how the audio is split
 * into process() calls.
 */
export abstract class CascadeProcessor implements Processor {
	readonly latency = 0;
	readonly params: Float64Array;
	/** Smoothed values by slot (the structure's slot unused): what design() reads. */
	protected readonly current: Float64Array;
	protected sampleRate = 48000;
	private readonly target: Float64Array;
	/** Per slot: 0 the structure (discrete), 1 moves in ratio (log), 2 moves linearly. */
	private readonly mode: Uint8Array;
	private readonly stride: number;
	private readonly coef: Float64Array;
	private readonly oldCoef: Float64Array;
	private readonly rate = new Float64Array(1);
	private state = new Float64Array(0);
	private oldState = new Float64Array(0);
	private scratch = new Float64Array(0);
	private channels = 0;
	private structure = -1;
	private sections = 0;
	private oldSections = 0;
	private identity = false;
	/** The cascade is the identity and its memories agree: pass the audio through, keeping the history. */
	private bypass = false;
	private moving = false;
	private fadeLength = 1;
	/** Samples into the running crossfade, or −1. */
	private fadePos = -1;
	/** Position on the grid: samples since reset() modulo FLUSH_INTERVAL. */
	private counter = 0;

	/** Main thread. `maxSections`: the most sections any structure needs. */
	constructor(
		readonly specs: readonly ParamSpec[],
		maxSections: number,
	) {
		this.params = defaultParams(specs);
		this.current = defaultParams(specs);
		this.target = defaultParams(specs);
		this.mode = Uint8Array.from(specs, (s) => (s.choices ? 0 : s.log ? 1 : 2));
		this.stride = SECTION_STATE * maxSections;
		this.coef = new Float64Array(maxSections * SECTION_COEFFS);
		this.oldCoef = new Float64Array(maxSections * SECTION_COEFFS);
	}

	/** Audio thread. The structure the targets ask for, as a small integer (an order, a band type). */
	protected abstract wantedStructure(): number;
	/** Sections `structure` needs. */
	protected abstract sectionsOf(structure: number): number;
	/** Audio thread. Writes the packed sections of `structure` at the values in `current` into out; never allocates. */
	protected abstract design(out: Float64Array, structure: number): void;

	/** Off the audio path. */
	configure(channels: number, sampleRate: number, maxBlock: number): void {
		this.channels = channels;
		this.sampleRate = sampleRate;
		this.state = new Float64Array(channels * this.stride);
		this.oldState = new Float64Array(channels * this.stride);
		this.scratch = new Float64Array(maxBlock);
		this.rate[0] = 1 - Math.exp(-CONTROL_INTERVAL / (SMOOTH_SECONDS * sampleRate));
		this.fadeLength = Math.max(1, Math.round(CROSSFADE_SECONDS * sampleRate));
		this.reset();
	}

	/** Audio thread. Silent memories, values at their targets, no crossfade, the grid restarted. */
	reset(): void {
		this.readTargets();
		this.current.set(this.target);
		this.moving = false;
		this.state.fill(0);
		this.oldState.fill(0);
		this.fadePos = -1;
		this.counter = 0;
		this.structure = this.wantedStructure();
		this.sections = this.sectionsOf(this.structure);
		this.redesign();
	}

	/** Audio thread. */
	process(buffers: Float64Array[], frames: number, _key: Float64Array[] | null): void {
		this.readTargets();
		if (this.fadePos < 0) this.restructure();
		let i = 0;
		while (i < frames) {
			const phase = this.counter;
			const sub = phase & (CONTROL_INTERVAL - 1);
			if (this.moving && sub === 0) this.tick();
			let n = Math.min(frames - i, FLUSH_INTERVAL - phase);
			if (this.moving) n = Math.min(n, CONTROL_INTERVAL - sub);
			if (this.fadePos >= 0) {
				n = Math.min(n, this.fadeLength - this.fadePos);
				this.runFade(buffers, i, n);
				this.fadePos += n;
				if (this.fadePos === this.fadeLength) {
					this.fadePos = -1;
					this.restructure();
					this.updateBypass();
				}
			} else if (this.bypass) this.record(buffers, i, n);
			else for (let c = 0; c < this.channels; c++) cascadeProcess(this.coef, this.sections, this.state, c * this.stride, buffers[c]!, i, i + n);
			this.counter = (phase + n) & (FLUSH_INTERVAL - 1);
			if (this.counter === 0) {
				this.flush();
				this.updateBypass();
			}
			i += n;
		}
	}

	/** Clamps the continuous targets into their specs' ranges (NaN → min); starts smoothing when one moved. */
	private readTargets(): void {
		const p = this.params;
		for (let s = 0; s < p.length; s++) {
			if (this.mode[s] === 0) continue;
			const spec = this.specs[s]!;
			const v = p[s]!;
			const t = v > spec.max ? spec.max : v >= spec.min ? v : spec.min;
			this.target[s] = t;
			if (t !== this.current[s]) this.moving = true;
		}
	}

	/** One smoothing step of every moving value, then new coefficients. */
	private tick(): void {
		const r = this.rate[0]!;
		let done = true;
		for (let s = 0; s < this.current.length; s++) {
			const m = this.mode[s];
			const t = this.target[s]!;
			const v = this.current[s]!;
			if (m === 0 || v === t) continue;
			if (m === 1) {
				const d = Math.log(t / v);
				if (Math.abs(d) < SNAP_RATIO) this.current[s] = t;
				else {
					this.current[s] = v * Math.exp(r * d);
					done = false;
				}
			} else if (Math.abs(t - v) < SNAP_LINEAR) this.current[s] = t;
			else {
				this.current[s] = v + r * (t - v);
				done = false;
			}
		}
		if (done) this.moving = false;
		this.redesign();
	}

	private redesign(): void {
		const c = this.coef;
		this.design(c, this.structure);
		let identity = true;
		for (let k = 0; k < this.sections; k++) {
			const o = k * SECTION_COEFFS;
			if (c[o] !== 1 || c[o + 1] !== c[o + 3] || c[o + 2] !== c[o + 4]) identity = false;
		}
		this.identity = identity;
		this.updateBypass();
	}

	/** Starts a crossfade when the targets ask for another structure. */
	private restructure(): void {
		const want = this.wantedStructure();
		if (want === this.structure) return;
		this.oldCoef.set(this.coef);
		this.oldState.set(this.state);
		this.oldSections = this.sections;
		this.state.fill(0);
		this.structure = want;
		this.sections = this.sectionsOf(want);
		this.redesign();
		this.fadePos = 0;
	}

	/** n samples from i: the old cascade into scratch, the new one in place, mixed by a linear fade. */
	private runFade(buffers: Float64Array[], i: number, n: number): void {
		const s = this.scratch;
		const inv = 1 / this.fadeLength;
		const pos = this.fadePos + 1;
		for (let c = 0; c < this.channels; c++) {
			const x = buffers[c]!;
			for (let k = 0; k < n; k++) s[k] = x[i + k]!;
			cascadeProcess(this.oldCoef, this.oldSections, this.oldState, c * this.stride, s, 0, n);
			cascadeProcess(this.coef, this.sections, this.state, c * this.stride, x, i, i + n);
			for (let k = 0; k < n; k++) {
				const old = s[k]!;
				x[i + k] = old + (x[i + k]! - old) * ((pos + k) * inv);
			}
		}
	}

	/**
	 * Decided only at grid points and redesigns (never at a block boundary), so the output does
	 * not depend on the split: an identity cascade passes the input through once every section's
	 * input and output histories agree (silence after reset, or a flush).
	 */
	private updateBypass(): void {
		this.bypass = false;
		if (!this.identity || this.fadePos >= 0) return;
		const st = this.state;
		for (let c = 0; c < this.channels; c++) {
			const at = c * this.stride;
			for (let k = 0; k < this.sections; k++) {
				const p = at + SECTION_STATE * k;
				if (st[p] !== st[p + 2] || st[p + 1] !== st[p + 3] || st[p] !== st[at] || st[p + 1] !== st[at + 1]) return;
			}
		}
		this.bypass = true;
	}

	/** Bypassed: the audio stays as it is; every section's history becomes its last two samples. */
	private record(buffers: Float64Array[], i: number, n: number): void {
		const st = this.state;
		for (let c = 0; c < this.channels; c++) {
			const x = buffers[c]!;
			const at = c * this.stride;
			const h1 = x[i + n - 1]!;
			const h2 = n > 1 ? x[i + n - 2]! : st[at]!;
			for (let k = 0; k < this.sections; k++) {
				const p = at + SECTION_STATE * k;
				st[p] = st[p + 2] = h1;
				st[p + 1] = st[p + 3] = h2;
			}
		}
	}

	private flush(): void {
		const st = this.state;
		for (let k = 0; k < st.length; k++) {
			const v = st[k]!;
			if (v < TINY && v > -TINY) st[k] = 0;
		}
		if (this.fadePos < 0) return;
		const old = this.oldState;
		for (let k = 0; k < old.length; k++) {
			const v = old[k]!;
			if (v < TINY && v > -TINY) old[k] = 0;
		}
	}
}
