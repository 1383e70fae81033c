// Sample-rate conversion for media that is not at the session rate, done in the read-ahead
// (the engine worker's filler): the audio thread only copies converted frames out of a clip's
// ring. The kernel is the Kaiser-windowed sinc the impulse-response converter uses (passband
// flat within 0.0001 dB to 20 kHz, ≥ 110 dB down from the lower of the two Nyquist frequencies),
// tabulated once per phase of the exact rational ratio. Output frame k is a dot product over the
// input frames around k·from/to and nothing else (input frame 0 and output frame 0 both sit at
// the file's start), so its value never depends on where playback started or how reads split.
import { resampleDesign } from '../dsp/reverb/resample-ir.js';

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

function gcd(a: number, b: number): number {
	while (b !== 0) [a, b] = [b, a % b];
	return a;
}

/** The reduced ratio: output frame k sits at input time k·step/phases. */
export function rateRatio(from: number, to: number): { phases: number; step: number } {
	const g = gcd(from, to);
	return { phases: to / g, step: from / g };
}

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
	const fc2 = 2 * d.cutoff;
	const norm = 1 / besselI0(d.beta);
	for (let p = 0; p < phases; p++) {
		for (let m = 0; m < 2 * w; m++) {
			// Tap m multiplies input frame i0 − w + 1 + m: tau is its distance from the output time.
			const tau = p / phases + w - 1 - m;
			const u = tau / w;
			if (u <= -1 || u >= 1) continue;
			const x = Math.PI * fc2 * tau;
			table[p * taps + m] = fc2 * (x === 0 ? 1 : Math.sin(x) / x) * besselI0(d.beta * Math.sqrt(1 - u * u)) * norm;
		}
	}
	return { table, taps, halfWidth: w };
}

function besselI0(x: number): number {
	let sum = 1;
	let term = 1;
	const q = (x * x) / 4;
	for (let k = 1; k < 200; k++) {
		term *= q / (k * k);
		sum += term;
		if (term < sum * 1e-17) break;
	}
	return sum;
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

	constructor(
		private readonly source: PlanarSource,
		readonly from: number,
		readonly to: number,
		/** Output frames per inner step (bounds the input window). */
		private readonly maxOut = 8192,
	) {
		this.channels = source.channels;
		this.frames = resampledFrames(source.frames, from, to);
		({ phases: this.phases, step: this.step } = rateRatio(from, to));
		({ table: this.table, taps: this.taps, halfWidth: this.halfWidth } = kernelTable(from, to));
		const capacity = Math.ceil((maxOut * this.step) / this.phases) + this.taps + 2;
		this.input = Array.from({ length: this.channels }, () => new Float32Array(capacity));
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

	/** Makes the input frames that outputs [at, at + n) read resident, keeping what overlaps. */
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
		const readTo = Math.min(end, this.source.frames);
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
		const start = Math.floor((at * this.step) / this.phases);
		let c = 0;
		for (; c + 1 < this.channels; c += 2) this.dot2(this.input[c]!, this.input[c + 1]!, dest[c]!, dest[c + 1]!, at, start, n, off);
		if (c < this.channels) this.dot1(this.input[c]!, dest[c]!, at, start, n, off);
	}

	// Four partial sums per output: the adds do not wait on each other (about 2× one running
	// sum). The order is fixed, so a frame's value is too.
	private dot1(x: Float32Array, y: Float32Array, at: number, start: number, n: number, off: number): void {
		const { phases, step, taps, table } = this;
		const lead = this.halfWidth - 1 + this.inStart;
		let i0 = start;
		let p = at * step - i0 * phases;
		for (let j = 0; j < n; j++) {
			const base = i0 - lead;
			const row = p * taps;
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
			p += step;
			while (p >= phases) {
				p -= phases;
				i0++;
			}
		}
	}

	/** dot1 for a pair of channels, sharing the taps' loads. */
	private dot2(x: Float32Array, x2: Float32Array, y: Float32Array, y2: Float32Array, at: number, start: number, n: number, off: number): void {
		const { phases, step, taps, table } = this;
		const lead = this.halfWidth - 1 + this.inStart;
		let i0 = start;
		let p = at * step - i0 * phases;
		for (let j = 0; j < n; j++) {
			const base = i0 - lead;
			const row = p * taps;
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
			p += step;
			while (p >= phases) {
				p -= phases;
				i0++;
			}
		}
	}

	close(): Promise<void> {
		return this.source.close();
	}
}
