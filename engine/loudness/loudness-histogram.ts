// Constant-memory gating statistics: block loudness is binned at 0.01 LU over −70…+10 LUFS
// (louder blocks share the top bin), and each bin keeps its block count and the exact sum of
// the blocks' mean-square powers. Means over bins are therefore exact; only a decision at a
// threshold is approximate, and only for the single bin the threshold falls in, which is kept
// or dropped as a whole by comparing its mean loudness with the threshold. Percentiles read
// the mean loudness of the bin they fall in (exact when the bin holds equal values, within
// 0.01 LU otherwise).
import { LOUDNESS_OFFSET } from './k-weighting.js';

const FLOOR = -70;
const CEILING = 10;
const STEP = 0.01;
const BINS = Math.round((CEILING - FLOOR) / STEP);

/** Loudness (LUFS) of a K-weighted, channel-weighted mean-square power; −∞ for 0. */
export function powerToLufs(power: number): number {
	return power > 0 ? LOUDNESS_OFFSET + 10 * Math.log10(power) : -Infinity;
}

/** Inverse of powerToLufs. */
export function lufsToPower(lufs: number): number {
	return Math.pow(10, (lufs - LOUDNESS_OFFSET) / 10);
}

/** Histogram of block loudness. `add` runs on the audio thread; the readers scan 8000 bins. */
export class LoudnessHistogram {
	private readonly counts = new Float64Array(BINS);
	private readonly powers = new Float64Array(BINS);

	/** Adds one block; the caller applies the absolute gate. Never allocates. */
	add(power: number, lufs: number): void {
		let bin = Math.floor((lufs - FLOOR) / STEP);
		if (bin < 0) bin = 0;
		else if (bin >= BINS) bin = BINS - 1;
		this.counts[bin]! += 1;
		this.powers[bin]! += power;
	}

	/** Number of blocks added. */
	get count(): number {
		let n = 0;
		for (let b = 0; b < BINS; b++) n += this.counts[b]!;
		return n;
	}

	/** Mean power of all blocks (0 when empty). */
	meanPower(): number {
		let n = 0;
		let p = 0;
		for (let b = 0; b < BINS; b++) {
			n += this.counts[b]!;
			p += this.powers[b]!;
		}
		return n > 0 ? p / n : 0;
	}

	/** First bin kept by a gate at `threshold` LUFS (`inclusive`: loudness ≥ threshold, else >). */
	private firstBin(threshold: number, inclusive: boolean): number {
		let bin = Math.floor((threshold - FLOOR) / STEP);
		if (bin < 0) return 0;
		if (bin >= BINS) bin = BINS - 1;
		const n = this.counts[bin]!;
		if (n === 0) return bin + 1;
		const l = powerToLufs(this.powers[bin]! / n);
		return (inclusive ? l >= threshold : l > threshold) ? bin : bin + 1;
	}

	/** Mean power of the blocks louder than `threshold` LUFS (strictly); 0 when none. */
	meanPowerAbove(threshold: number): number {
		let n = 0;
		let p = 0;
		for (let b = this.firstBin(threshold, false); b < BINS; b++) {
			n += this.counts[b]!;
			p += this.powers[b]!;
		}
		return n > 0 ? p / n : 0;
	}

	/**
	 * Spread between two percentiles (0…1) of the blocks at or above `threshold` LUFS, the
	 * EBU Tech 3342 way: sorted values v, index round((n − 1)·p). null when no block qualifies.
	 */
	percentileRange(threshold: number, low: number, high: number): number | null {
		const first = this.firstBin(threshold, true);
		let n = 0;
		for (let b = first; b < BINS; b++) n += this.counts[b]!;
		if (n === 0) return null;
		return this.valueAt(first, Math.round((n - 1) * high)) - this.valueAt(first, Math.round((n - 1) * low));
	}

	private valueAt(first: number, index: number): number {
		let seen = 0;
		for (let b = first; b < BINS; b++) {
			const n = this.counts[b]!;
			seen += n;
			if (seen > index) return powerToLufs(this.powers[b]! / n);
		}
		return NaN;
	}

	/** Empties the histogram. */
	reset(): void {
		this.counts.fill(0);
		this.powers.fill(0);
	}
}
