// Zero-latency convolution with a long impulse response: a direct-form head for the first
// HEAD taps, then uniformly partitioned overlap-save levels whose block grows eightfold
// (64, 512, 4096 samples; Gardner's non-uniform scheme). A level with block B convolves the
// IR's taps from B on, so its output for an input block is due exactly when that block has
// arrived: no latency, and the FFT work per sample falls with B (the 4096 level, which carries
// nearly all of a long IR, costs about 1/64 of a 64-sample partitioning). Each level keeps a
// frequency-domain delay line of its input spectra. Blocks are counted from reset() on a fixed
// grid, so the output does not depend on how the audio is split into process() calls. A level
// whose recent input is all zeros skips its transforms (its output is exactly zero then too):
// a silent return costs almost nothing.
import { RealFft } from './fft.js';

/** Taps convolved directly (and the smallest block). */
export const HEAD = 64;
/** Block growth from one level to the next. */
const GROWTH = 8;
/** The largest block: beyond it one level takes the rest of the IR. */
const MAX_BLOCK = 4096;

class Level {
	readonly fft: RealFft;
	readonly bins: number;
	/** IR spectra per IR channel: partitions × bins values. */
	readonly spectra: Float64Array[];
	/** Per channel: the last two input blocks (overlap-save frame). */
	readonly frames: Float64Array[];
	/** Per channel: a ring of `partitions` input spectra. */
	readonly fdl: Float64Array[];
	/** Per channel: the output due over the next block. */
	readonly out: Float64Array[];
	/** Per channel: consecutive all-zero input blocks (capped). */
	readonly quiet: Int32Array;
	readonly acc: Float64Array;
	readonly time: Float64Array;
	/** Per channel: the ring slot of the newest spectrum. */
	readonly heads: Int32Array;

	constructor(
		readonly block: number,
		readonly partitions: number,
		ir: readonly Float64Array[],
		start: number,
		channels: number,
	) {
		const size = 2 * block;
		this.fft = new RealFft(size);
		this.bins = this.fft.spectrumLength;
		this.time = new Float64Array(size);
		this.acc = new Float64Array(this.bins);
		this.spectra = ir.map((h) => {
			const s = new Float64Array(partitions * this.bins);
			const seg = new Float64Array(size);
			for (let p = 0; p < partitions; p++) {
				seg.fill(0);
				const from = start + p * block;
				for (let t = 0; t < block && from + t < h.length; t++) seg[t] = h[from + t]!;
				this.fft.forward(seg, s, p * this.bins);
			}
			return s;
		});
		this.frames = Array.from({ length: channels }, () => new Float64Array(size));
		this.fdl = Array.from({ length: channels }, () => new Float64Array(partitions * this.bins));
		this.out = Array.from({ length: channels }, () => new Float64Array(block));
		this.quiet = new Int32Array(channels);
		this.heads = new Int32Array(channels);
	}

	reset(): void {
		for (const f of this.frames) f.fill(0);
		for (const f of this.fdl) f.fill(0);
		for (const o of this.out) o.fill(0);
		this.quiet.fill(this.partitions + 1);
		this.heads.fill(0);
	}

	/** Channel c's block is complete: computes its output for the next block. */
	fire(c: number, spectra: Float64Array): void {
		const b = this.block;
		const frame = this.frames[c]!;
		const out = this.out[c]!;
		let zero = true;
		for (let i = b; i < 2 * b; i++) {
			if (frame[i] !== 0) {
				zero = false;
				break;
			}
		}
		const quiet = zero ? Math.min(this.quiet[c]! + 1, this.partitions + 1) : 0;
		this.quiet[c] = quiet;
		// The last partitions + 1 blocks are zero, so is every frame the ring should hold, and so
		// is the output (the ring is cleared once: it still holds the oldest frame).
		if (quiet > this.partitions) {
			if (quiet === this.partitions + 1) {
				out.fill(0);
				this.fdl[c]!.fill(0);
			}
			frame.copyWithin(0, b, 2 * b);
			return;
		}
		const bins = this.bins;
		const fdl = this.fdl[c]!;
		// (A channel that skipped holds only zeros, so its ring position does not matter.)
		const head = (this.heads[c]! + 1) % this.partitions;
		this.heads[c] = head;
		this.fft.forward(frame, fdl, head * bins);
		frame.copyWithin(0, b, 2 * b);
		const acc = this.acc;
		acc.fill(0);
		for (let p = 0; p < this.partitions; p++) {
			const x = ((head - p + this.partitions) % this.partitions) * bins;
			const h = p * bins;
			for (let k = 0; k < bins; k += 2) {
				const xr = fdl[x + k]!;
				const xi = fdl[x + k + 1]!;
				const hr = spectra[h + k]!;
				const hi = spectra[h + k + 1]!;
				acc[k] += xr * hr - xi * hi;
				acc[k + 1] += xr * hi + xi * hr;
			}
		}
		this.fft.inverse(acc, this.time);
		for (let i = 0; i < b; i++) out[i] = this.time[b + i]!;
	}
}

/**
 * y = x ∗ ir per channel, exactly (float rounding aside), without latency. `ir` holds one
 * response for every channel or one per channel.
 */
export class PartitionedConvolution {
	readonly length: number;
	private readonly head: Float64Array[];
	private readonly headTaps: number;
	private readonly history: Float64Array[];
	/** Per channel: how many input samples in a row were zero (capped), to skip a silent head. */
	private readonly zeroRun: Int32Array;
	private readonly levels: Level[];
	/** Samples since reset() modulo the largest block. */
	private phase = 0;
	private readonly period: number;

	/** Off the audio path. */
	constructor(
		ir: readonly Float64Array[],
		private readonly channels: number,
	) {
		this.length = ir.reduce((m, h) => Math.max(m, h.length), 0);
		this.headTaps = Math.min(HEAD, this.length);
		this.head = ir.map((h) => Float64Array.from({ length: HEAD }, (_, t) => (t < h.length ? h[t]! : 0)));
		this.history = Array.from({ length: channels }, () => new Float64Array(2 * HEAD));
		this.zeroRun = new Int32Array(channels);
		this.levels = [];
		for (let block = HEAD; block < this.length; block *= GROWTH) {
			const last = block >= MAX_BLOCK || block * GROWTH >= this.length;
			const end = last ? this.length : block * GROWTH;
			this.levels.push(new Level(block, Math.ceil((end - block) / block), ir, block, channels));
			if (last) break;
		}
		this.period = this.levels.length > 0 ? this.levels[this.levels.length - 1]!.block : HEAD;
		this.reset();
	}

	/** Audio thread. */
	reset(): void {
		for (const h of this.history) h.fill(0);
		this.zeroRun.fill(2 * HEAD);
		for (const l of this.levels) l.reset();
		this.phase = 0;
	}

	/** Audio thread. dst[c][0..frames) = the convolution of src[c] (they may be the same arrays). */
	process(src: Float64Array[], dst: Float64Array[], frames: number): void {
		let i = 0;
		while (i < frames) {
			const n = Math.min(frames - i, HEAD - (this.phase % HEAD));
			for (let c = 0; c < this.channels; c++) this.chunk(c, src[c]!, dst[c]!, i, n);
			this.phase = (this.phase + n) % this.period;
			i += n;
		}
	}

	/** n samples from i of channel c, within one HEAD block. */
	private chunk(c: number, x: Float64Array, y: Float64Array, i: number, n: number): void {
		const phase = this.phase;
		const hist = this.history[c]!;
		const at = HEAD + (phase % HEAD);
		let run = this.zeroRun[c]!;
		for (let k = 0; k < n; k++) {
			const v = x[i + k]!;
			hist[at + k] = v;
			run = v === 0 ? run + 1 : 0;
		}
		this.zeroRun[c] = run < 2 * HEAD ? run : 2 * HEAD;
		for (let l = 0; l < this.levels.length; l++) {
			const level = this.levels[l]!;
			const pos = phase % level.block;
			const frame = level.frames[c]!;
			for (let k = 0; k < n; k++) frame[level.block + pos + k] = hist[at + k]!;
		}
		const h = this.head[this.head.length === 1 ? 0 : c]!;
		const taps = this.headTaps;
		// Every tap of every output here sees a zero: the direct part is exactly zero.
		if (run >= HEAD + n) for (let k = 0; k < n; k++) y[i + k] = 0;
		else {
			for (let k = 0; k < n; k++) {
				let s = 0;
				const e = at + k;
				for (let t = 0; t < taps; t++) s += h[t]! * hist[e - t]!;
				y[i + k] = s;
			}
		}
		for (let l = 0; l < this.levels.length; l++) {
			const level = this.levels[l]!;
			const pos = phase % level.block;
			const out = level.out[c]!;
			for (let k = 0; k < n; k++) y[i + k] += out[pos + k]!;
			if ((pos + n) % level.block === 0) level.fire(c, level.spectra[level.spectra.length === 1 ? 0 : c]!);
		}
		// A HEAD block is complete: it becomes the history of the next.
		if (at + n === 2 * HEAD) hist.copyWithin(0, HEAD, 2 * HEAD);
	}
}
