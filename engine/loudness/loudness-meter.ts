// ITU-R BS.1770-4 loudness with EBU R128 readings (EBU Tech 3341 "EBU Mode", Tech 3342 LRA),
// streaming in constant memory. The same class meters the master bus live (blocks of 128–1024
// frames) and measures files offline (blocks of any size); every result is bit-identical
// however the audio is split into blocks, because all state advances per sample and every
// window boundary is a fixed sample index counted from the start.
//
// Time base: 10 ms hops (sample boundaries floor(k·sr/100)). Per hop and channel the K-weighted
// squares are summed; a hop's power is Σ G_i · sum_i (k-weighted-sums.ts).
// - Momentary: the last 40 hops (400 ms), short-term: the last 300 hops (3 s), both evaluated
//   every 10 ms. Their maxima are taken over those evaluations: a 10 ms grid is what lets
//   max M / max S read bursts at any offset (Tech 3341 cases 10 and 13) within tolerance.
// - Integrated: 400 ms gating blocks every 100 ms (75 % overlap, the first ending at 0.4 s),
//   absolute gate > −70 LUFS, relative gate > −10 LU; an incomplete last block is discarded.
// - Loudness range: short-term values every 100 ms (the first ending at 3 s), gates ≥ −70 LUFS
//   and ≥ −20 LU, 95th minus 10th percentile.
// Gating statistics live in 0.01 LU histograms (see loudness-histogram.ts).
import type { Speaker } from '../media/types.js';
import { KWeightedSums } from './k-weighted-sums.js';
import { LoudnessHistogram, powerToLufs } from './loudness-histogram.js';
import { TruePeakMeter } from './true-peak.js';

/** What a measurement reports; null where a value is undefined (silence, too short). */
export interface LoudnessReport {
	/** Gated programme loudness, LUFS. */
	integrated: number | null;
	/** Loudness range (EBU Tech 3342), LU. */
	range: number | null;
	/** Maximum true peak over all channels, dBTP. */
	truePeak: number | null;
	/** Maximum sample peak over all channels, dBFS. */
	samplePeak: number | null;
	/** Highest momentary loudness, LUFS. */
	momentaryMax: number | null;
	/** Highest short-term loudness, LUFS. */
	shortTermMax: number | null;
}

export interface LoudnessMeterOptions {
	/** Interpolate every sample for the true peak instead of skipping provably lower stretches (tests). */
	exhaustiveTruePeak?: boolean;
}

const HOPS_PER_SECOND = 100;
const MOMENTARY_HOPS = 40;
const SHORT_TERM_HOPS = 300;
/** Gating blocks and LRA values every 100 ms. */
const BLOCK_EVERY = 10;
const ABSOLUTE_GATE = -70;
const RELATIVE_GATE = -10;
const LRA_RELATIVE_GATE = -20;

export class LoudnessMeter {
	readonly channels: number;
	readonly sampleRate: number;
	/** K-weighting and the squares of the current hop. */
	private readonly kw: KWeightedSums;
	private readonly hopPowers = new Float64Array(SHORT_TERM_HOPS);
	private readonly gating = new LoudnessHistogram();
	private readonly shortTermBlocks = new LoudnessHistogram();
	private readonly peaks: TruePeakMeter;
	private hops = 0;
	private position = 0;
	private hopEnd = 0;
	private momentaryLufs = -Infinity;
	private shortTermLufs = -Infinity;
	private momentaryMaxLufs = -Infinity;
	private shortTermMaxLufs = -Infinity;

	/**
	 * `speakers` gives each channel's place (engine/media Speaker, null = unknown); the default
	 * is mono for 1 channel, L R for 2, L R C LFE Ls Rs for 6, unknown (weight 1) otherwise.
	 * Allocates everything it will use; call off the audio thread.
	 */
	constructor(channels: number, sampleRate: number, speakers?: readonly (Speaker | null)[], options: LoudnessMeterOptions = {}) {
		this.kw = new KWeightedSums(channels, sampleRate, speakers);
		this.channels = channels;
		this.sampleRate = sampleRate;
		this.peaks = new TruePeakMeter(channels, sampleRate, { exhaustive: options.exhaustiveTruePeak ?? false });
		this.hopEnd = this.boundary(1);
	}

	private boundary(hop: number): number {
		return Math.floor((hop * this.sampleRate) / HOPS_PER_SECOND);
	}

	/**
	 * Measures `frames` frames of planar audio (one array per channel, read from `offset`).
	 * Audio thread or offline; never allocates, awaits or logs.
	 */
	process(channels: readonly ArrayLike<number>[], frames: number, offset = 0): void {
		this.peaks.process(channels, frames, offset);
		for (let done = 0; done < frames; ) {
			const n = Math.min(frames - done, this.hopEnd - this.position);
			this.kw.add(channels, offset + done, n);
			done += n;
			this.position += n;
			if (this.position === this.hopEnd) this.endHop();
		}
	}

	private endHop(): void {
		this.kw.take(this.hopPowers, this.hops % SHORT_TERM_HOPS);
		// So that long silences never go subnormal.
		this.kw.flush();
		this.hops++;
		this.hopEnd = this.boundary(this.hops + 1);
		const onBlock = this.hops % BLOCK_EVERY === 0;
		if (this.hops >= MOMENTARY_HOPS) {
			const p = this.windowPower(MOMENTARY_HOPS);
			const l = powerToLufs(p);
			this.momentaryLufs = l;
			if (l > this.momentaryMaxLufs) this.momentaryMaxLufs = l;
			if (onBlock && l > ABSOLUTE_GATE) this.gating.add(p, l);
		}
		if (this.hops >= SHORT_TERM_HOPS) {
			const p = this.windowPower(SHORT_TERM_HOPS);
			const l = powerToLufs(p);
			this.shortTermLufs = l;
			if (l > this.shortTermMaxLufs) this.shortTermMaxLufs = l;
			if (onBlock && l >= ABSOLUTE_GATE) this.shortTermBlocks.add(p, l);
		}
	}

	/** Mean square (channel-weighted) over the last `hops` hops, oldest first. */
	private windowPower(hops: number): number {
		let sum = 0;
		for (let h = this.hops - hops; h < this.hops; h++) sum += this.hopPowers[h % SHORT_TERM_HOPS]!;
		return sum / (this.boundary(this.hops) - this.boundary(this.hops - hops));
	}

	/** Momentary loudness (LUFS) at the last 10 ms boundary; −∞ before 400 ms. Any thread that owns the meter; never allocates. */
	momentary(): number {
		return this.momentaryLufs;
	}

	/** Short-term loudness (LUFS) at the last 10 ms boundary; −∞ before 3 s. Never allocates. */
	shortTerm(): number {
		return this.shortTermLufs;
	}

	/**
	 * All readings so far. Writes into `into` when given (no allocation, for the engine's meter
	 * tick); otherwise returns a new object. Scans two 8000-bin histograms: call at UI rate or
	 * at the end, not per block.
	 */
	report(into?: LoudnessReport): LoudnessReport {
		const r = into ?? { integrated: null, range: null, truePeak: null, samplePeak: null, momentaryMax: null, shortTermMax: null };
		const absGated = this.gating.meanPower();
		const gated = absGated > 0 ? this.gating.meanPowerAbove(powerToLufs(absGated) + RELATIVE_GATE) : 0;
		r.integrated = gated > 0 ? powerToLufs(gated) : null;
		const stMean = this.shortTermBlocks.meanPower();
		r.range = stMean > 0 ? this.shortTermBlocks.percentileRange(powerToLufs(stMean) + LRA_RELATIVE_GATE, 0.1, 0.95) : null;
		r.truePeak = finite(20 * Math.log10(this.peaks.truePeak));
		r.samplePeak = finite(20 * Math.log10(this.peaks.samplePeak));
		r.momentaryMax = finite(this.momentaryMaxLufs);
		r.shortTermMax = finite(this.shortTermMaxLufs);
		return r;
	}

	/** Starts a new measurement. Audio thread between blocks (never allocates) or any owner. */
	reset(): void {
		this.kw.reset();
		this.hopPowers.fill(0);
		this.gating.reset();
		this.shortTermBlocks.reset();
		this.peaks.reset();
		this.hops = 0;
		this.position = 0;
		this.hopEnd = this.boundary(1);
		this.momentaryLufs = -Infinity;
		this.shortTermLufs = -Infinity;
		this.momentaryMaxLufs = -Infinity;
		this.shortTermMaxLufs = -Infinity;
	}
}

function finite(x: number): number | null {
	return Number.isFinite(x) ? x : null;
}
