// Sample-rate conversion for media that is not at the session rate, done in the read-ahead
// (the engine worker's filler): the audio thread only copies converted frames out of a clip's
// ring. The kernel is the Kaiser-windowed sinc the impulse-response converter uses (passband
// flat within 0.0001 dB to 20 kHz, ≥ 110 dB down from the lower of the two Nyquist frequencies),
// tabulated once per phase of the exact rational ratio. Output frame k is a dot product over the
// input frames around k·from/to and nothing else (input frame 0 and output frame 0 both sit at
// the file's start), so its value never depends on where playback started or how reads split.
import { kernelRow, rateRatio, resampleDesign } from '../dsp/reverb/resample-ir.js';

export { rateRatio };

/** A planar float reader over a file's frames: what the converter reads and what a clip's ring is filled from. */
export interface PlanarSource {
	readonly channels: number;
	/** Frames the source has. */
	readonly frames: number;
	/** Frames [at, at + n) into dest[c][off …]; returns how many (fewer only at the end). Not the audio thread. */
	read(at: number, n: number, dest: Float32Array[], off: number): number | Promise<number>;
	/** NaN/Inf samples read as silence so far. */
	readonly nonFiniteSamples: number;
	close(): Promise<void>;
}

/** Ratios finer than this many phases (say 47999 → 48000 Hz) are refused rather than computed tap by tap. */
export const MAX_PHASES = 4096;

/** Why media at `from` Hz cannot play in a `to` Hz session, or undefined when it can. */
export function resampleProblem(from: number, to: number): string | undefined {
	if (!Number.isInteger(from) || from <= 0) return `sample rate ${from} Hz is not a whole positive number`;
	const { phases } = rateRatio(from, to);
	if (phases > MAX_PHASES) return `sample rate ${from} Hz cannot be converted to the session's ${to} Hz (the ratio ${to}/${from} needs ${phases} filter phases, at most ${MAX_PHASES}); convert the file first`;
	return undefined;
}

/** Frames of a `frames`-long file at `from` Hz once converted to `to` Hz: the outputs that fall inside it. */
export function resampledFrames(frames: number, from: number, to: number): number {
	const { phases, step } = rateRatio(from, to);
	return Math.ceil((frames * phases) / step);
}

/** Input frames [first, end) that output frames [at, at + n) read (before clamping to the file). */
export function inputSpan(at: number, n: number, from: number, to: number): [number, number] {
	const { phases, step } = rateRatio(from, to);
	const w = resampleDesign(from, to).halfWidth;
	return [Math.floor((at * step) / phases) - w + 1, Math.floor(((at + n - 1) * step) / phases) + w + 1];
}

/** The polyphase table: row p holds the 2·halfWidth taps for an output p/phases past an input frame. */
export function kernelTable(from: number, to: number): { table: Float64Array; taps: number; halfWidth: number } {
	const d = resampleDesign(from, to);
	const { phases } = rateRatio(from, to);
	const w = d.halfWidth;
	// Padded with zero taps to a multiple of 4 (the dot products are unrolled by 4).
	const taps = (2 * w + 3) & ~3;
	const table = new Float64Array(phases * taps);
	for (let p = 0; p < phases; p++) kernelRow(d, p / phases, table, p * taps);
	return { table, taps, halfWidth: w };
}

/** A source at `from` Hz read as if it were at `to` Hz. Not the audio thread; allocates only when built. */
export class StreamResampler implements PlanarSource {
	readonly channels: number;
	readonly frames: number;
	private readonly phases: number;
	private readonly step: number;
	private readonly table: Float64Array;
	private readonly taps: number;
	private readonly halfWidth: number;
	/** Input frames [inStart, inStart + inLen) of the source (zeros outside it). */
	private readonly input: Float32Array[];
	private inStart = 0;
	private inLen = 0;
	/** Per output of a step: its first tap's index in `input`, and its row's offset in `table`. */
	private readonly bases: Int32Array;
	private readonly rows: Int32Array;

	constructor(
		private readonly source: PlanarSource,
		readonly from: number,
		readonly to: number,
		/** Output frames per inner step (sets the input window's size). */
		private readonly maxOut = 8192,
	) {
		this.channels = source.channels;
		this.frames = resampledFrames(source.frames, from, to);
		({ phases: this.phases, step: this.step } = rateRatio(from, to));
		({ table: this.table, taps: this.taps, halfWidth: this.halfWidth } = kernelTable(from, to));
		const capacity = Math.ceil((maxOut * this.step) / this.phases) + this.taps + 2;
		this.input = Array.from({ length: this.channels }, () => new Float32Array(capacity));
		this.bases = new Int32Array(maxOut);
		this.rows = new Int32Array(maxOut);
	}

	get nonFiniteSamples(): number {
		return this.source.nonFiniteSamples;
	}

	async read(at: number, n: number, dest: Float32Array[], off: number): Promise<number> {
		n = Math.min(n, this.frames - at);
		if (n <= 0) return 0;
		for (let done = 0; done < n; ) {
			const m = Math.min(this.maxOut, n - done);
			await this.window(at + done, m);
			this.convolve(at + done, m, dest, off + done);
			done += m;
		}
		return n;
	}

	/**
	 * Makes the input frames that outputs [at, at + n) read resident, keeping what overlaps and
	 * reading on as far as the window holds: outputs read a few at a time cost one read per window.
	 */
	private async window(at: number, n: number): Promise<void> {
		const w = this.halfWidth;
		const first = Math.floor((at * this.step) / this.phases) - w + 1;
		const end = Math.floor(((at + n - 1) * this.step) / this.phases) - w + 1 + this.taps;
		const have = this.inStart + this.inLen;
		if (first >= this.inStart && end <= have) return;
		if (first >= this.inStart && first < have) {
			const shift = first - this.inStart;
			for (const x of this.input) x.copyWithin(0, shift, this.inLen);
			this.inLen -= shift;
		} else this.inLen = 0;
		this.inStart = first;
		// Outside the file the input is silence.
		let pos = this.inStart + this.inLen;
		const zeroTo = Math.min(end, Math.max(pos, 0));
		if (pos < zeroTo) {
			for (const x of this.input) x.fill(0, this.inLen, this.inLen + (zeroTo - pos));
			this.inLen += zeroTo - pos;
			pos = zeroTo;
		}
		const readTo = Math.min(this.inStart + this.input[0]!.length, this.source.frames);
		while (pos < readTo) {
			let got = this.source.read(pos, readTo - pos, this.input, this.inLen);
			if (typeof got !== 'number') got = await got;
			if (got <= 0) break;
			this.inLen += got;
			pos += got;
		}
		if (pos < end) {
			for (const x of this.input) x.fill(0, this.inLen, this.inLen + (end - pos));
			this.inLen += end - pos;
		}
	}

	private convolve(at: number, n: number, dest: Float32Array[], off: number): void {
		this.walk(at, n);
		let c = 0;
		for (; c + 1 < this.channels; c += 2) this.dot2(this.input[c]!, this.input[c + 1]!, dest[c]!, dest[c + 1]!, n, off);
		if (c < this.channels) this.dot1(this.input[c]!, dest[c]!, n, off);
	}

	/** For outputs [at, at + n): where each one's taps start in the input window, and its row of the table. */
	private walk(at: number, n: number): void {
		const { phases, step, taps, bases, rows } = this;
		let i0 = Math.floor((at * step) / phases);
		let p = at * step - i0 * phases;
		const lead = this.halfWidth - 1 + this.inStart;
		for (let j = 0; j < n; j++) {
			bases[j] = i0 - lead;
			rows[j] = p * taps;
			p += step;
			while (p >= phases) {
				p -= phases;
				i0++;
			}
		}
	}

	// Four partial sums per output: the adds do not wait on each other (about 2× one running
	// sum). The order is fixed, so a frame's value is too.
	private dot1(x: Float32Array, y: Float32Array, n: number, off: number): void {
		const { taps, table, bases, rows } = this;
		for (let j = 0; j < n; j++) {
			const base = bases[j]!;
			const row = rows[j]!;
			let s0 = 0;
			let s1 = 0;
			let s2 = 0;
			let s3 = 0;
			for (let m = 0; m < taps; m += 4) {
				s0 += x[base + m]! * table[row + m]!;
				s1 += x[base + m + 1]! * table[row + m + 1]!;
				s2 += x[base + m + 2]! * table[row + m + 2]!;
				s3 += x[base + m + 3]! * table[row + m + 3]!;
			}
			y[off + j] = s0 + s1 + (s2 + s3);
		}
	}

	/** dot1 for a pair of channels, sharing the taps' loads (two partial sums each). */
	private dot2(x: Float32Array, x2: Float32Array, y: Float32Array, y2: Float32Array, n: number, off: number): void {
		const { taps, table, bases, rows } = this;
		for (let j = 0; j < n; j++) {
			const base = bases[j]!;
			const row = rows[j]!;
			let a0 = 0;
			let a1 = 0;
			let b0 = 0;
			let b1 = 0;
			for (let m = 0; m < taps; m += 2) {
				const t0 = table[row + m]!;
				const t1 = table[row + m + 1]!;
				a0 += x[base + m]! * t0;
				a1 += x[base + m + 1]! * t1;
				b0 += x2[base + m]! * t0;
				b1 += x2[base + m + 1]! * t1;
			}
			y[off + j] = a0 + a1;
			y2[off + j] = b0 + b1;
		}
	}

	close(): Promise<void> {
		return this.source.close();
	}
}
