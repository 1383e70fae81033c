// The level detector shared by the dynamics processors (gate, compressor, de-esser, and the
// ducker): a peak detector over the channels, the largest |x| of any channel within the last
// `window` samples (DETECTOR_WINDOW_MS by default), a sliding-window maximum (van Herk /
// Gil-Werman, O(1) per sample, preallocated). A steady sine whose |x| repeats within the window
// (any sine from 100 Hz at 10 ms) reads its peak sample exactly, with no droop and no time
// constant of its own. The price is a hold: a falling level shows `window` samples late, so a
// release starts that much after the signal drops. runCurve() also turns the level into a target
// gain by a static curve in the same pass; gain.ts takes it from there.
//
// Everything runs a whole block at a time over typed arrays, so no double crosses a call on the
// audio path, and the state advances per sample: the result does not depend on how a run is
// split into blocks.

/** The detector's default window, ms: the hold of a falling level (see above). */
export const DETECTOR_WINDOW_MS = 10;

/**
 * Slots of a static curve for PeakDetector.runCurve(): the gain (dB) at level x (dBFS) is 0 up
 * to the knee, then the soft-knee curve of threshold T, knee W and slope (1/R − 1 for a ratio R,
 * −1 for a limiter-like pull to the threshold), never under `floor`. START is the linear level at
 * or under which the gain is 0 (10^((T − W/2)/20)); LEVEL and GAIN cache the last level and its
 * gain (set LEVEL to −1 whenever the curve changes).
 */
export const CURVE_THRESHOLD = 0;
export const CURVE_KNEE = 1;
export const CURVE_SLOPE = 2;
export const CURVE_FLOOR = 3;
export const CURVE_START = 4;
export const CURVE_LEVEL = 5;
export const CURVE_GAIN = 6;

/** Audio thread. After writing a curve's THRESHOLD, KNEE, SLOPE and FLOOR: its START, and a cleared cache. */
export function curveChanged(c: Float64Array): void {
	c[CURVE_START] = Math.pow(10, (c[CURVE_THRESHOLD]! - c[CURVE_KNEE]! / 2) / 20);
	c[CURVE_LEVEL] = -1;
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

	/**
	 * Audio thread. As run(), with the level turned into a target gain by a static curve in the
	 * same pass: out[i] = the curve's gain (dB) at the window's level (see CURVE_*; the dB of the
	 * level is computed only when the level changes). Never allocates.
	 */
	runCurve(src: readonly Float64Array[], frames: number, out: Float64Array, curve: Float64Array): void {
		const mono = src.length === 1;
		const x0 = src[0]!;
		if (!mono) {
			const x1 = src[1]!;
			for (let i = 0; i < frames; i++) out[i] = Math.max(Math.abs(x0[i]!), Math.abs(x1[i]!));
			for (let c = 2; c < src.length; c++) {
				const x = src[c]!;
				for (let i = 0; i < frames; i++) out[i] = Math.max(out[i]!, Math.abs(x[i]!));
			}
		}
		const in0 = mono ? x0 : out;
		const T = curve[CURVE_THRESHOLD]!;
		const W = curve[CURVE_KNEE]!;
		const slope = curve[CURVE_SLOPE]!;
		const floor = curve[CURVE_FLOOR]!;
		const start = curve[CURVE_START]!;
		let last = curve[CURVE_LEVEL]!;
		let t = curve[CURVE_GAIN]!;
		const seg = this.segment;
		const suf = this.suffix;
		const w = this.window;
		let j = this.pos;
		let run = this.state[0]!;
		let lo = Infinity;
		let hi = 0;
		for (let i = 0; i < frames; ) {
			const end = Math.min(frames, i + w - j);
			for (; i < end; i++, j++) {
				const v = Math.abs(in0[i]!);
				seg[j] = v;
				if (v > run) run = v;
				const s = suf[j + 1]!;
				const l = run > s ? run : s;
				if (l < lo) lo = l;
				if (l > hi) hi = l;
				if (l !== last) {
					last = l;
					if (l <= start) t = 0;
					else {
						// The soft-knee curve (Giannoulis et al.), then the floor.
						const d = 20 * Math.log10(l) - T;
						if (2 * d < -W) t = 0;
						else if (2 * d > W || W === 0) t = slope * d;
						else {
							const u = d + W / 2;
							t = (slope * u * u) / (2 * W);
						}
						if (t < floor) t = floor;
					}
				}
				out[i] = t;
			}
			if (j === w) {
				let m = 0;
				for (let k = w - 1; k >= 0; k--) {
					const x = seg[k]!;
					if (x > m) m = x;
					suf[k] = m;
				}
				j = 0;
				run = 0;
			}
		}
		this.pos = j;
		this.state[0] = run;
		this.bounds[0] = lo;
		this.bounds[1] = hi;
		curve[CURVE_LEVEL] = last;
		curve[CURVE_GAIN] = t;
	}

	/** Audio thread. Forgets the window (the level falls to 0). */
	reset(): void {
		this.segment.fill(0);
		this.suffix.fill(0);
		this.state[0] = 0;
		this.pos = 0;
	}
}
