// Look-ahead true-peak limiter for `render --normalize`: keeps the output's true peak (as the
// loudness meter's BS.1770-4 Annex 2 interpolator measures it) at or below a ceiling.
//
// Gain computer, per input sample n, one gain for all channels (linked, so the image holds):
// 1. Detection: the peak of every channel around the interval between samples n−6 and n−5:
//    both samples and the Annex 2 interpolated points between them (the same phases the meter
//    uses at this rate). Required gain r = min(1, threshold / peak). Where all 12 samples the
//    FIR reads are below threshold / Σ|h|, r = 1 is proven without interpolating.
// 2. Hold: minimum of r over the last W = L + 11 samples.
// 3. Release, programme-dependent: a fast follower drops instantly with the held gain and
//    recovers with RELEASE_FAST_MS; a slow follower averages the fast one (RELEASE_SLOW_MS, both
//    ways); the gain is the lower of the two. An isolated transient (a door, a gunshot) is
//    released in ~50 ms and costs almost no loudness; when limiting repeats (a hot dialogue
//    passage), the slow follower holds a steady reduction between peaks, so the background
//    does not pump up and down with each syllable. Both followers stay at or under the held
//    gain's instant drops, so the guarantee below is unchanged.
// 4. Attack: moving average over L samples (the look-ahead): a linear ramp down in L samples.
// The audio is delayed by `latency` = L + 10 samples, which puts every output sample's gain at
// or below the r of every interval within ±6 samples of it, i.e. of every interpolated point
// whose FIR reads that sample; for an isolated peak the gain is constant over the whole FIR
// span, so the interpolated output is exactly gain × interpolated input ≤ threshold.
// Where the gain ramps within a FIR span, the weighted sum can differ slightly from that
// product: with no margin, a random search over stacked high-frequency bursts and squares found
// at most +0.004 dB. `marginDb` (default 0.05 dB under the ceiling) covers that ten times over;
// tests measure the output with the loudness meter on full-scale squares, intersample test tones,
// impulses and dialogue-like bursts at 44.1, 48 and 96 kHz.
// Below the threshold the gain is exactly 1: the output is the input delayed by `latency`.
//
// Live use (the channel strip's limiter): `targets` holds the ceiling and the fast release, and
// may be written between process() calls. A new release applies at once; a new ceiling moves the
// threshold geometrically (linear in dB) over CEILING_GLIDE_MS, with every sample of the glide
// interpolated (the quiet shortcut assumes a fixed threshold), so a change makes no click.
import { ITU_TRUE_PEAK_PHASES, TRUE_PEAK_TAPS, truePeakBound, truePeakPhases } from './true-peak-design.js';

/** Look-ahead (attack ramp) in ms: short enough to stay inaudible as delay, long enough to be clean. */
export const LOOKAHEAD_MS = 2;
/** Release time constant of the fast follower, ms. */
export const RELEASE_FAST_MS = 50;
/** Time constant of the slow follower (average and release), ms. */
export const RELEASE_SLOW_MS = 400;
/** Reduction from which a frame counts as limited in `limitedFrames`, dB. */
export const LIMITED_DB = 0.1;
/** Safety margin under the ceiling in dB. */
export const MARGIN_DB = 0.05;
/** How long a live ceiling change takes, ms. */
export const CEILING_GLIDE_MS = 20;
/** Slots of TruePeakLimiter.targets. */
export const TARGET_CEILING = 0;
export const TARGET_RELEASE = 1;

export interface TruePeakLimiterOptions {
	lookaheadMs?: number;
	releaseFastMs?: number;
	releaseSlowMs?: number;
	marginDb?: number;
}

const TAPS = TRUE_PEAK_TAPS;

export class TruePeakLimiter {
	readonly channels: number;
	readonly sampleRate: number;
	readonly ceilingDbtp: number;
	/** Samples of delay: output n is input n − latency (times the gain). The render compensates. */
	readonly latency: number;
	/** Frames turned down by LIMITED_DB or more, and all frames processed, since reset. */
	limitedFrames = 0;
	processedFrames = 0;
	/** Live targets: [ceiling dBTP, fast release ms]. Written between process() calls (see the file comment). */
	readonly targets: Float64Array;
	/** Lowest gain applied since the owner last set [0] back to 1 (for meters). */
	readonly lowest = Float64Array.of(1);

	// Initialised here, not only in the constructor: a field that starts undefined stores doubles
	// boxed, one allocation per write (these change per sample during a ceiling glide).
	private threshold = 0.5;
	private quiet = 0.5;
	/** [ceiling, release] the limiter runs with; [threshold goal, step ratio] of a ceiling glide. */
	private readonly applied: Float64Array;
	private readonly glide = new Float64Array(2);
	private glideLeft = 0;
	private readonly glideLength: number;
	private readonly margin: number;
	private readonly bound: number;
	private readonly phaseCount: number;
	private readonly coef: Float64Array;
	private readonly boxLength: number;
	private readonly holdLength: number;
	private fastRelease = 0.5;
	private readonly slowRate: number;
	private readonly history: Float64Array[];
	private readonly delay: Float64Array[];
	private readonly dequeValue: Float64Array;
	private readonly dequeIndex: Float64Array;
	private readonly box: Float64Array;
	/**
	 * Doubles passed to and from required() and gain() (see process): V8 boxes a double argument
	 * or result of a call it does not inline, which per sample is 16 bytes of garbage.
	 */
	private readonly io = new Float64Array(1);
	private historyPos = 0;
	private n = 0;
	private lastLoud = -Infinity;
	private dequeHead = 0;
	private dequeSize = 0;
	private fast = 1;
	private slow = 1;
	private boxSum = 0;
	private boxBelow = 0;
	private boxPos = 0;
	private minGain = 1;
	private readonly limitedGain = Math.pow(10, -LIMITED_DB / 20);

	/** Allocates everything; call off the audio thread. */
	constructor(channels: number, sampleRate: number, ceilingDbtp: number, options: TruePeakLimiterOptions = {}) {
		this.channels = channels;
		this.sampleRate = sampleRate;
		this.ceilingDbtp = ceilingDbtp;
		this.margin = options.marginDb ?? MARGIN_DB;
		this.threshold = Math.pow(10, (ceilingDbtp - this.margin) / 20);
		const phases = truePeakPhases(sampleRate);
		this.phaseCount = phases.length;
		this.coef = new Float64Array(phases.length * TAPS);
		phases.forEach((p, k) => this.coef.set(ITU_TRUE_PEAK_PHASES[p]!, k * TAPS));
		this.bound = Math.max(1, truePeakBound(phases));
		this.quiet = this.threshold / this.bound;
		this.targets = Float64Array.of(ceilingDbtp, options.releaseFastMs ?? RELEASE_FAST_MS);
		this.applied = Float64Array.from(this.targets);
		this.glideLength = Math.max(1, Math.round((CEILING_GLIDE_MS * sampleRate) / 1000));
		this.boxLength = Math.max(1, Math.round(((options.lookaheadMs ?? LOOKAHEAD_MS) * sampleRate) / 1000));
		this.holdLength = this.boxLength + TAPS - 1;
		this.latency = this.boxLength + TAPS - 2;
		const rate = (ms: number) => 1 - Math.exp(-1 / ((ms / 1000) * sampleRate));
		this.fastRelease = rate(options.releaseFastMs ?? RELEASE_FAST_MS);
		this.slowRate = rate(options.releaseSlowMs ?? RELEASE_SLOW_MS);
		this.history = Array.from({ length: channels }, () => new Float64Array(2 * TAPS));
		this.delay = Array.from({ length: channels }, () => new Float64Array(this.latency + 1));
		this.dequeValue = new Float64Array(this.holdLength + 1);
		this.dequeIndex = new Float64Array(this.holdLength + 1);
		this.box = new Float64Array(this.boxLength).fill(1);
		this.boxSum = this.boxLength;
	}

	/** Largest gain reduction so far, dB (≥ 0). */
	get maxReductionDb(): number {
		return this.minGain < 1 ? -20 * Math.log10(this.minGain) : 0;
	}

	/** Limits `frames` frames of planar audio in place. Audio thread or offline; never allocates. */
	process(channels: Float32Array[] | Float64Array[], frames: number): void {
		const chs = this.channels;
		const cap = this.latency + 1;
		if (this.targets[0] !== this.applied[0] || this.targets[1] !== this.applied[1]) this.retarget(false);
		let low = 1;
		for (let i = 0; i < frames; i++) {
			const n = this.n;
			if (this.glideLeft > 0) this.glideStep(n);
			const hp = this.historyPos;
			const slot = n % cap;
			let loud = 0;
			for (let c = 0; c < chs; c++) {
				const x = channels[c]![i]!;
				const h = this.history[c]!;
				h[hp] = x;
				h[hp + TAPS] = x;
				this.delay[c]![slot] = x;
				const a = x < 0 ? -x : x;
				if (a > loud) loud = a;
			}
			if (loud > this.quiet) this.lastLoud = n;
			// io[0]: the required gain in, the smoothed gain out (no double crosses a call).
			if (n - this.lastLoud < TAPS) this.required(hp);
			else this.io[0] = 1;
			this.historyPos = hp + 1 === TAPS ? 0 : hp + 1;
			this.gain(n);
			const s = this.io[0]!;
			const read = (n + 1) % cap;
			for (let c = 0; c < chs; c++) channels[c]![i] = this.delay[c]![read]! * s;
			if (s < low) low = s;
			if (s <= this.limitedGain) this.limitedFrames++;
			this.n = n + 1;
		}
		if (low < this.minGain) this.minGain = low;
		if (low < this.lowest[0]!) this.lowest[0] = low;
		this.processedFrames += frames;
	}

	/** Takes `targets` on: the release at once, the ceiling over a glide (or at once when `now`). */
	private retarget(now: boolean): void {
		const ceiling = this.targets[TARGET_CEILING]!;
		const release = this.targets[TARGET_RELEASE]!;
		if (release !== this.applied[TARGET_RELEASE]) {
			this.applied[TARGET_RELEASE] = release;
			this.fastRelease = 1 - Math.exp(-1 / ((release / 1000) * this.sampleRate));
		}
		if (ceiling !== this.applied[TARGET_CEILING] || now) {
			this.applied[TARGET_CEILING] = ceiling;
			const goal = Math.pow(10, (ceiling - this.margin) / 20);
			if (now || goal === this.threshold) {
				this.threshold = goal;
				this.quiet = goal / this.bound;
				this.glideLeft = 0;
				return;
			}
			this.glide[0] = goal;
			this.glide[1] = Math.pow(goal / this.threshold, 1 / this.glideLength);
			this.glideLeft = this.glideLength;
		}
	}

	/** One sample of a ceiling glide; it lands exactly on the goal. */
	private glideStep(n: number): void {
		this.glideLeft--;
		this.threshold = this.glideLeft === 0 ? this.glide[0]! : this.threshold * this.glide[1]!;
		this.quiet = this.threshold / this.bound;
		// Interpolate every sample of the glide and the FIR span after it.
		this.lastLoud = n;
	}

	/** Sets io[0] to the gain the interval between samples n−6 and n−5 needs (newest sample at history slot hp + TAPS). */
	private required(hp: number): void {
		let peak = 0;
		const k = this.coef;
		for (let c = 0; c < this.channels; c++) {
			const h = this.history[c]!;
			const newest = hp + TAPS;
			const a = Math.abs(h[newest - 5]!);
			const b = Math.abs(h[newest - 6]!);
			if (a > peak) peak = a;
			if (b > peak) peak = b;
			for (let p = 0; p < this.phaseCount; p++) {
				let y = 0;
				for (let j = 0, o = p * TAPS; j < TAPS; j++) y += k[o + j]! * h[newest - j]!;
				if (y < 0) y = -y;
				if (y > peak) peak = y;
			}
		}
		this.io[0] = peak > this.threshold ? this.threshold / peak : 1;
	}

	/** Turns io[0] from the gain sample n requires into the gain to apply: hold (sliding minimum), release, then the look-ahead average. */
	private gain(n: number): void {
		const r = this.io[0]!;
		const cap = this.holdLength + 1;
		const vals = this.dequeValue;
		const idx = this.dequeIndex;
		while (this.dequeSize > 0 && vals[(this.dequeHead + this.dequeSize - 1) % cap]! >= r) this.dequeSize--;
		const tail = (this.dequeHead + this.dequeSize) % cap;
		vals[tail] = r;
		idx[tail] = n;
		this.dequeSize++;
		while (idx[this.dequeHead]! <= n - this.holdLength) {
			this.dequeHead = (this.dequeHead + 1) % cap;
			this.dequeSize--;
		}
		const held = vals[this.dequeHead]!;

		let fast = this.fast;
		fast = held <= fast ? held : fast + (held - fast) * this.fastRelease;
		let slow = this.slow + (fast - this.slow) * this.slowRate;
		// Land exactly on unity so unlimited stretches pass bit for bit (1e-6 is −0.00001 dB).
		if (held === 1 && fast > 1 - 1e-6 && slow > 1 - 1e-6) fast = slow = 1;
		this.fast = fast;
		this.slow = slow;
		const g = fast < slow ? fast : slow;

		const old = this.box[this.boxPos]!;
		this.box[this.boxPos] = g;
		this.boxPos = this.boxPos + 1 === this.boxLength ? 0 : this.boxPos + 1;
		this.boxBelow += (g < 1 ? 1 : 0) - (old < 1 ? 1 : 0);
		if (this.boxBelow === 0) {
			// All unity: exact, and it re-syncs the running sum.
			this.boxSum = this.boxLength;
			this.io[0] = 1;
			return;
		}
		this.boxSum += g - old;
		const s = this.boxSum / this.boxLength;
		this.io[0] = s < 1 ? s : 1;
	}

	/** Forgets all audio (the delay line is zeroed); `targets` apply at once. Audio thread, between blocks. */
	reset(): void {
		this.retarget(true);
		for (const h of this.history) h.fill(0);
		for (const d of this.delay) d.fill(0);
		this.box.fill(1);
		this.boxSum = this.boxLength;
		this.boxBelow = 0;
		this.boxPos = 0;
		this.historyPos = 0;
		this.n = 0;
		this.lastLoud = -Infinity;
		this.dequeHead = 0;
		this.dequeSize = 0;
		this.fast = 1;
		this.slow = 1;
		this.minGain = 1;
		this.lowest[0] = 1;
		this.limitedFrames = 0;
		this.processedFrames = 0;
	}
}
