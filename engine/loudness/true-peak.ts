// True peak (ITU-R BS.1770-4 Annex 2): the peak of the signal reconstructed between samples,
// estimated with the Annex's 48-tap, 4-phase interpolating FIR.
//
// The prototype is symmetric with an even length, so its four phases land between samples,
// at 1/8, 3/8, 5/8 and 7/8 of a sample; none of them is the sample itself (phase sums are
// 1.0016 and 0.9730), so the samples are measured too and the true peak is the larger of the
// two: it is never below the sample peak.
//
// Rates: below 88.2 kHz all four phases (4× oversampling, as the Annex requires at 44.1/48 kHz);
// from 88.2 kHz the two middle phases (3/8 and 5/8: with the samples, three points per sample,
// at least 2×); from 176.4 kHz the samples alone.
//
// Cost is ~48 multiply-adds per sample and channel, but most of it is skipped exactly: an
// interpolated value is a weighted sum of 12 samples, so |y| ≤ max|window| · Σ|h| (Σ|h| ≤ 1.965
// for every phase). Where that bound cannot exceed the running maximum, the interpolation
// cannot change the result and is not computed. The bound carries a 1e-12 relative margin for
// rounding in the FIR sum, so skipping gives bit-identical results (tested).

import { ITU_TRUE_PEAK_PHASES, TRUE_PEAK_TAPS, truePeakBound, truePeakPhases } from '../dsp/true-peak-design.js';

export { ITU_TRUE_PEAK_PHASES, TRUE_PEAK_TAPS, truePeakBound, truePeakPhases };

const HISTORY = TRUE_PEAK_TAPS - 1;
const BLOCK = 1024;
// Samples per bound check: small enough that quiet stretches between peaks are skipped, and at
// least HISTORY so one previous group covers a FIR's history.
const GROUP = 16;

export interface TruePeakMeterOptions {
	/** Interpolate every sample even where the bound proves it useless (for tests). */
	exhaustive?: boolean;
}

/**
 * Running true and sample peak over all channels. `configure` happens in the constructor;
 * `process` runs on the audio thread (or offline) and never allocates.
 */
export class TruePeakMeter {
	readonly channels: number;
	private readonly phaseCount: number;
	private readonly coef: Float64Array;
	private readonly bound: number;
	private readonly exhaustive: boolean;
	private readonly buffers: Float64Array[];
	private readonly groupMax = new Float64Array(BLOCK / GROUP);
	private interpolatedMax = 0;
	private sampleMax = 0;

	constructor(channels: number, sampleRate: number, options: TruePeakMeterOptions = {}) {
		const phases = truePeakPhases(sampleRate);
		this.channels = channels;
		this.phaseCount = phases.length;
		this.coef = new Float64Array(phases.length * TRUE_PEAK_TAPS);
		phases.forEach((p, k) => this.coef.set(ITU_TRUE_PEAK_PHASES[p]!, k * TRUE_PEAK_TAPS));
		this.bound = truePeakBound(phases);
		this.exhaustive = options.exhaustive ?? false;
		this.buffers = Array.from({ length: channels }, () => new Float64Array(HISTORY + BLOCK));
	}

	/** Linear true peak so far (never below the sample peak). Any thread. */
	get truePeak(): number {
		return Math.max(this.interpolatedMax, this.sampleMax);
	}

	/** Linear sample peak so far. Any thread. */
	get samplePeak(): number {
		return this.sampleMax;
	}

	/** Measures `frames` samples of each channel from `offset`. Audio thread; never allocates. */
	process(channels: readonly ArrayLike<number>[], frames: number, offset = 0): void {
		for (let done = 0; done < frames; ) {
			const n = Math.min(BLOCK, frames - done);
			for (let c = 0; c < this.channels; c++) this.processBlock(this.buffers[c]!, channels[c]!, offset + done, n);
			done += n;
		}
	}

	private processBlock(buf: Float64Array, src: ArrayLike<number>, start: number, n: number): void {
		// Copy in, and note each group's largest |x| (Math.max/abs: branch-free, ~3× faster on noise).
		const groupMax = this.groupMax;
		let peak = this.sampleMax;
		for (let g = 0, k = 0; g < n; g += GROUP, k++) {
			const end = Math.min(n, g + GROUP);
			let m = 0;
			for (let i = g; i < end; i++) {
				const x = src[start + i]!;
				buf[HISTORY + i] = x;
				m = Math.max(m, Math.abs(x));
			}
			groupMax[k] = m;
			peak = Math.max(peak, m);
		}
		this.sampleMax = peak;
		if (this.phaseCount > 0) {
			// A group's FIRs read its own samples and the 11 before them: the previous full group,
			// or for the first group the history carried over from the last block.
			let before = 0;
			for (let i = 0; i < HISTORY; i++) before = Math.max(before, Math.abs(buf[i]!));
			for (let g = 0, k = 0; g < n; g += GROUP, k++) {
				const own = groupMax[k]!;
				const w = Math.max(own, before);
				before = own;
				if (!this.exhaustive && w * this.bound <= Math.max(this.interpolatedMax, this.sampleMax)) continue;
				const end = Math.min(n, g + GROUP);
				if (this.phaseCount === 4) this.interpolate4(buf, g, end);
				else this.interpolate2(buf, g, end);
			}
		}
		buf.copyWithin(0, n, n + HISTORY);
	}

	private interpolate4(buf: Float64Array, from: number, to: number): void {
		const c = this.coef;
		let m = this.interpolatedMax;
		for (let i = from; i < to; i++) {
			const newest = HISTORY + i;
			let y0 = 0;
			let y1 = 0;
			let y2 = 0;
			let y3 = 0;
			for (let j = 0; j < TRUE_PEAK_TAPS; j++) {
				const x = buf[newest - j]!;
				y0 += c[j]! * x;
				y1 += c[12 + j]! * x;
				y2 += c[24 + j]! * x;
				y3 += c[36 + j]! * x;
			}
			m = Math.max(m, Math.abs(y0), Math.abs(y1), Math.abs(y2), Math.abs(y3));
		}
		this.interpolatedMax = m;
	}

	private interpolate2(buf: Float64Array, from: number, to: number): void {
		const c = this.coef;
		let m = this.interpolatedMax;
		for (let i = from; i < to; i++) {
			const newest = HISTORY + i;
			let y0 = 0;
			let y1 = 0;
			for (let j = 0; j < TRUE_PEAK_TAPS; j++) {
				const x = buf[newest - j]!;
				y0 += c[j]! * x;
				y1 += c[12 + j]! * x;
			}
			m = Math.max(m, Math.abs(y0), Math.abs(y1));
		}
		this.interpolatedMax = m;
	}

	/** Forgets all audio. Audio thread (between blocks). */
	reset(): void {
		for (const b of this.buffers) b.fill(0);
		this.interpolatedMax = 0;
		this.sampleMax = 0;
	}
}
