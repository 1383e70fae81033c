// BS.1770-4 channel weights (G_i) by speaker position.
import type { Speaker } from '../media/types.js';

/** Surround weight: 1.41 (≈ +1.5 dB), as BS.1770-4 Table 3 gives for Ls/Rs. */
export const SURROUND_WEIGHT = 1.41;

const WEIGHTS: Record<Speaker, number> = { L: 1, R: 1, C: 1, LFE: 0, Ls: SURROUND_WEIGHT, Rs: SURROUND_WEIGHT };

/** The layout assumed when none is given: mono, stereo, 5.1 in file order (L R C LFE Ls Rs). */
export function defaultSpeakers(channels: number): (Speaker | null)[] {
	if (channels === 1) return ['C'];
	if (channels === 2) return ['L', 'R'];
	if (channels === 6) return ['L', 'R', 'C', 'LFE', 'Ls', 'Rs'];
	return new Array<Speaker | null>(channels).fill(null);
}

/**
 * Weight per channel. LFE is excluded (0). A channel with no known place (null) counts 1.0,
 * the BS.1770-4 weight for any position outside the ±60°–120° surround zone. A single channel
 * is mono and counts once with weight 1.0, whatever its speaker (BS.1770 measures mono as one
 * channel; it is not treated as dual mono, which would read +3 LU).
 */
export function channelWeights(channels: number, speakers?: readonly (Speaker | null)[]): Float64Array {
	if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`channel count must be a positive integer, got ${channels}`);
	const layout = speakers ?? defaultSpeakers(channels);
	if (layout.length !== channels) throw new RangeError(`${layout.length} speakers given for ${channels} channels`);
	const weights = new Float64Array(channels);
	if (channels === 1) {
		weights[0] = 1;
		return weights;
	}
	layout.forEach((s, i) => (weights[i] = s === null ? 1 : WEIGHTS[s]));
	return weights;
}
