// K-weighted power per 100 ms hop (ITU-R BS.1770-4: the same K-weighting and channel weights as
// the loudness meter), kept for a whole analysis so loudness can be read over any run of hops:
// a hop's value is the channel-weighted mean square, and a run's loudness is
// −0.691 + 10·log10 of the mean over its hops. Offline only (the analysis of `dubdesk duck`).
import type { Speaker } from '../media/types.js';
import { channelWeights } from '../loudness/channel-weights.js';
import { kWeighting } from '../loudness/k-weighting.js';
import { powerToLufs } from '../loudness/loudness-histogram.js';

/** Seconds per hop. */
export const HOP_SECONDS = 0.1;

export class HopMeter {
	/** Mean square of each hop (channel-weighted); hops past the end of what was fed stay 0. */
	readonly powers: Float64Array;
	private readonly weights: Float64Array;
	private readonly coef: Float64Array;
	/** Per channel: shelf s1 s2, high-pass s1 s2. */
	private readonly state: Float64Array;
	private readonly sums: Float64Array;
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
		this.weights = channelWeights(channels, speakers);
		const { shelf, highPass } = kWeighting(sampleRate);
		this.coef = Float64Array.of(shelf.b0, shelf.b1, shelf.b2, shelf.a1, shelf.a2, highPass.a1, highPass.a2);
		this.state = new Float64Array(channels * 4);
		this.sums = new Float64Array(channels);
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
			for (let c = 0; c < this.channels; c++) if (this.weights[c] !== 0) this.filter(c, channels[c]!, offset + done, n);
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
		let power = 0;
		for (let c = 0; c < this.channels; c++) {
			power += this.weights[c]! * this.sums[c]!;
			this.sums[c] = 0;
		}
		if (this.hop < this.powers.length) this.powers[this.hop] = power / (this.position - this.hopStart);
		this.hop++;
		this.hopStart = this.position;
		this.hopEnd = this.boundary(this.hop + 1);
	}

	// Both K-weighting stages (transposed direct form II; stage 2's numerator is 1, −2, 1).
	private filter(c: number, src: ArrayLike<number>, start: number, n: number): void {
		const k = this.coef;
		const b0 = k[0]!;
		const b1 = k[1]!;
		const b2 = k[2]!;
		const a1 = k[3]!;
		const a2 = k[4]!;
		const c1 = k[5]!;
		const c2 = k[6]!;
		const st = this.state;
		const o = c * 4;
		let s1 = st[o]!;
		let s2 = st[o + 1]!;
		let r1 = st[o + 2]!;
		let r2 = st[o + 3]!;
		let sum = this.sums[c]!;
		for (let i = start, end = start + n; i < end; i++) {
			const x = src[i]!;
			const v = b0 * x + s1;
			s1 = b1 * x - a1 * v + s2;
			s2 = b2 * x - a2 * v;
			const y = v + r1;
			r1 = r2 - 2 * v - c1 * y;
			r2 = v - c2 * y;
			sum += y * y;
		}
		st[o] = s1;
		st[o + 1] = s2;
		st[o + 2] = r1;
		st[o + 3] = r2;
		this.sums[c] = sum;
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
