// K-weighted power per 100 ms hop (ITU-R BS.1770-4: the same K-weighting and channel weights as
// the loudness meter), kept for a whole analysis so loudness can be read over any run of hops:
// a hop's value is the channel-weighted mean square, and a run's loudness is
// −0.691 + 10·log10 of the mean over its hops. Offline only (the analysis of `dubdesk duck`).
import type { Speaker } from '../media/types.js';
import { KWeightedSums } from '../loudness/k-weighted-sums.js';
import { powerToLufs } from '../loudness/loudness-histogram.js';

/** Seconds per hop. */
export const HOP_SECONDS = 0.1;

export class HopMeter {
	/** Mean square of each hop (channel-weighted); hops past the end of what was fed stay 0. */
	readonly powers: Float64Array;
	/** K-weighting and the squares of the current hop. */
	private readonly kw: KWeightedSums;
	private hop = 0;
	private position = 0;
	private hopStart = 0;
	private hopEnd: number;

	/** Allocates for `frames` samples of audio (a whole number of hops, the last one partial). Any thread. */
	constructor(
		readonly channels: number,
		readonly sampleRate: number,
		frames: number,
		speakers?: readonly (Speaker | null)[],
	) {
		this.kw = new KWeightedSums(channels, sampleRate, speakers);
		this.powers = new Float64Array(Math.max(1, Math.ceil(frames / this.boundary(1))));
		this.hopEnd = this.boundary(1);
	}

	/** First sample of hop `k` (counted from the first sample fed). */
	boundary(k: number): number {
		return Math.round(k * HOP_SECONDS * this.sampleRate);
	}

	/** Feeds `frames` frames of planar audio from `offset`. Never allocates. */
	process(channels: readonly ArrayLike<number>[], frames: number, offset = 0): void {
		for (let done = 0; done < frames; ) {
			const n = Math.min(frames - done, this.hopEnd - this.position);
			this.kw.add(channels, offset + done, n);
			done += n;
			this.position += n;
			if (this.position === this.hopEnd) this.endHop();
		}
	}

	/** Closes a last, partial hop (its mean over the samples it got). */
	finish(): void {
		if (this.position > this.hopStart) this.endHop();
	}

	private endHop(): void {
		this.kw.take(this.powers, this.hop);
		if (this.hop < this.powers.length) this.powers[this.hop]! /= this.position - this.hopStart;
		this.hop++;
		this.hopStart = this.position;
		this.hopEnd = this.boundary(this.hop + 1);
	}
}

/** Loudness (LUFS) of hops [from, to) of `powers`; −∞ for silence or an empty run. */
export function runLoudness(powers: Float64Array, from: number, to: number): number {
	const a = Math.max(0, from);
	const b = Math.min(powers.length, to);
	if (b <= a) return -Infinity;
	let sum = 0;
	for (let k = a; k < b; k++) sum += powers[k]!;
	return powerToLufs(sum / (b - a));
}

/**
 * Integrated loudness (BS.1770-4) from 100 ms hops: 400 ms blocks every 100 ms (four hops),
 * gated at −70 LUFS and then 10 LU under the mean of what passed. Null when nothing passes.
 */
export function integratedLoudness(powers: Float64Array): number | null {
	const blocks: number[] = [];
	for (let k = 0; k + 4 <= powers.length; k++) blocks.push((powers[k]! + powers[k + 1]! + powers[k + 2]! + powers[k + 3]!) / 4);
	const mean = (gate: number) => {
		let sum = 0;
		let n = 0;
		for (const p of blocks) {
			if (powerToLufs(p) > gate) {
				sum += p;
				n++;
			}
		}
		return n > 0 ? sum / n : 0;
	};
	const absolute = mean(-70);
	if (absolute === 0) return null;
	const relative = mean(powerToLufs(absolute) - 10);
	return relative > 0 ? powerToLufs(relative) : null;
}
