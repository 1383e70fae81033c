// Pan laws: how a track's channels land on the master format (README "Panning").
//
//   mono → stereo   constant power, −3 dB at centre: θ = (pan+1)·π/4, L = cos θ, R = sin θ
//   mono → 5.1      front F(x): constant power across L–C–R: pan ≤ 0 moves between L and C,
//                   pan ≥ 0 between C and R; centre is C at unity (dialogue to the centre
//                   speaker). Rear: θ = (pan+1)·π/4, Ls = cos θ, Rs = sin θ. With
//                   φ = (panY+1)·π/4 the gains are cos φ·F(x) + sin φ·rear(x) (constant power).
//                   LFE = 10^(lfe/20), the post-fader signal sent as it is
//   stereo → 5.1    balance on the front pair; each side splits by the same φ into its
//                   surround (L→Ls, R→Rs); LFE = the mean of both sides × 10^(lfe/20)
//   stereo → any    balance: the far side is attenuated linearly (1 − |pan|), the near side
//                   stays at unity; L→L and R→R at centre
//   5.1 → 5.1       channel to channel; pan is balance on the L/R pairs (L, Ls vs R, Rs);
//                   panY and lfe are not used (the source has its own surrounds and LFE)
//   5.1 → stereo    ITU-R BS.775 fold-down (L + 0.7071·C + 0.7071·Ls, likewise R; LFE dropped),
//                   then balance
// On a stereo master panY and lfe are not used. panY = −1 with lfe = −∞ is exactly the front law.
import type { MasterFormat } from '../../sessions/types.js';
import type { Speaker } from '../media/types.js';

/** The channel layouts a track can have inside the mixer. */
export type TrackFormat = 'mono' | 'stereo' | '5.1';

export const CHANNELS: Record<TrackFormat | MasterFormat, number> = { mono: 1, stereo: 2, '5.1': 6 };

/** Index of each 5.1 speaker in a 5.1 buffer (L R C LFE Ls Rs). */
export const SLOT: Record<Speaker, number> = { L: 0, R: 1, C: 2, LFE: 3, Ls: 4, Rs: 5 };

const HALF_PI = Math.PI / 2;
const FOLD = Math.SQRT1_2;

/**
 * Writes the pan matrix for pans[index] into `m` (row-major: m[out * inChannels + in]). Called
 * per block for a steady pan and per sample during pan automation or a ramp; the values come in
 * arrays so no double crosses the call (V8 boxes those when it does not inline). For a mono or
 * stereo source on a 5.1 master, ys[index] is panY and lfes[index] the LFE send as a linear
 * gain (absent: front, no LFE); every other case ignores them.
 */
export function panMatrixAt(from: TrackFormat, to: MasterFormat, pans: Float64Array, index: number, m: Float64Array, ys?: Float64Array, lfes?: Float64Array): void {
	const pan = pans[index]!;
	const y = ys ? ys[index]! : -1;
	const lfe = lfes ? lfes[index]! : 0;
	if (from === 'mono') {
		if (to === 'stereo') {
			const theta = (pan + 1) * (Math.PI / 4);
			m[0] = Math.cos(theta);
			m[1] = Math.sin(theta);
		} else {
			m.fill(0, 0, 6);
			if (pan <= 0) {
				const theta = (pan + 1) * HALF_PI; // −1 → all L, 0 → all C
				m[SLOT.L] = Math.cos(theta);
				m[SLOT.C] = Math.sin(theta);
			} else {
				const theta = pan * HALF_PI; // 0 → all C, +1 → all R
				m[SLOT.C] = Math.cos(theta);
				m[SLOT.R] = Math.sin(theta);
			}
			// At the front the front law alone, untouched (older prints keep their bits).
			if (y !== -1) {
				const phi = (y + 1) * (Math.PI / 4);
				const front = Math.cos(phi);
				const rear = Math.sin(phi);
				const theta = (pan + 1) * (Math.PI / 4);
				m[SLOT.L]! *= front;
				m[SLOT.C]! *= front;
				m[SLOT.R]! *= front;
				m[SLOT.Ls] = rear * Math.cos(theta);
				m[SLOT.Rs] = rear * Math.sin(theta);
			}
			m[SLOT.LFE] = lfe;
		}
		return;
	}
	const left = pan > 0 ? 1 - pan : 1;
	const right = pan < 0 ? 1 + pan : 1;
	if (from === 'stereo') {
		const w = 2;
		m.fill(0, 0, CHANNELS[to] * w);
		if (to === 'stereo' || y === -1) {
			m[SLOT.L * w + 0] = left;
			m[SLOT.R * w + 1] = right;
		} else {
			const phi = (y + 1) * (Math.PI / 4);
			const front = Math.cos(phi);
			const rear = Math.sin(phi);
			m[SLOT.L * w + 0] = left * front;
			m[SLOT.R * w + 1] = right * front;
			m[SLOT.Ls * w + 0] = left * rear;
			m[SLOT.Rs * w + 1] = right * rear;
		}
		if (to === '5.1') {
			m[SLOT.LFE * w + 0] = 0.5 * lfe;
			m[SLOT.LFE * w + 1] = 0.5 * lfe;
		}
		return;
	}
	// from 5.1
	const w = 6;
	if (to === '5.1') {
		m.fill(0, 0, 36);
		m[SLOT.L * w + SLOT.L] = left;
		m[SLOT.R * w + SLOT.R] = right;
		m[SLOT.C * w + SLOT.C] = 1;
		m[SLOT.LFE * w + SLOT.LFE] = 1;
		m[SLOT.Ls * w + SLOT.Ls] = left;
		m[SLOT.Rs * w + SLOT.Rs] = right;
		return;
	}
	m.fill(0, 0, 12);
	m[0 * w + SLOT.L] = left;
	m[0 * w + SLOT.C] = FOLD * left;
	m[0 * w + SLOT.Ls] = FOLD * left;
	m[1 * w + SLOT.R] = right;
	m[1 * w + SLOT.C] = FOLD * right;
	m[1 * w + SLOT.Rs] = FOLD * right;
}

/** The track format that holds every clip's channels: mono only when all clips are mono. */
export function trackFormatFor(clipSpeakers: readonly (readonly (Speaker | null)[])[]): TrackFormat {
	let format: TrackFormat = 'mono';
	for (const speakers of clipSpeakers) {
		if (speakers.length === 1) continue;
		const surround = speakers.some((s) => s !== null && s !== 'L' && s !== 'R');
		if (surround) return '5.1';
		format = 'stereo';
	}
	return format;
}

/**
 * Where each channel of a clip goes in its track's buffer: a track channel index, or −1 (dropped).
 * A mono clip on a wider track plays on both sides of a stereo track, or the centre of a 5.1 one.
 */
export function clipChannelMap(speakers: readonly (Speaker | null)[], track: TrackFormat): Int8Array[] {
	if (speakers.length === 1) {
		if (track === 'mono') return [Int8Array.of(0)];
		if (track === 'stereo') return [Int8Array.of(0, 1)];
		return [Int8Array.of(SLOT.C)];
	}
	return speakers.map((s) => {
		if (s === null) return new Int8Array(0);
		if (track === 'stereo') return s === 'L' ? Int8Array.of(0) : s === 'R' ? Int8Array.of(1) : new Int8Array(0);
		return Int8Array.of(SLOT[s]);
	});
}
