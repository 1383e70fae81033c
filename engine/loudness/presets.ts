// Delivery loudness targets for `render --normalize`. Every target is integrated loudness of the
// full mix (BS.1770-4 gating), with a true-peak ceiling.
import { UserError } from '../../sessions/errors.js';

export interface NormalizeTarget {
	/** Preset name, or null for a number given on the command line. */
	preset: string | null;
	/** Integrated loudness to reach, LUFS (LKFS is the same unit). */
	targetLufs: number;
	/** True-peak ceiling, dBTP. */
	ceilingDbtp: number;
	/** Accepted deviation of the result from the target, ± LU. */
	tolerance: number;
	/** One line for humans: what the target is and where it comes from. */
	description: string;
}

export const LOUDNESS_PRESETS: readonly (NormalizeTarget & { preset: string })[] = [
	{ preset: 'ebu-r128', targetLufs: -23, ceilingDbtp: -1, tolerance: 0.5, description: 'EBU R 128 broadcast: −23 LUFS ±0.5 LU, −1 dBTP' },
	{ preset: 'atsc-a85', targetLufs: -24, ceilingDbtp: -2, tolerance: 2, description: 'ATSC A/85 (US broadcast): −24 LKFS ±2 dB, −2 dBTP' },
	{
		preset: 'netflix',
		targetLufs: -27,
		ceilingDbtp: -2,
		tolerance: 2,
		description: 'Netflix-style −27 LKFS ±2 LU, −2 dBTP, measured on the full mix: Netflix specifies dialogue-gated loudness, which dubdesk does not measure, so check dialogue level separately',
	},
	{ preset: 'spotify', targetLufs: -14, ceilingDbtp: -1, tolerance: 1, description: 'Spotify playback level: −14 LUFS, −1 dBTP' },
	{ preset: 'apple', targetLufs: -16, ceilingDbtp: -1, tolerance: 1, description: 'Apple Music / podcasts: −16 LUFS ±1 LU, −1 dBTP' },
];

/** Ceiling for a target given as a plain number. */
export const DEFAULT_CEILING_DBTP = -1;
/** Tolerance for a target given as a plain number (the EBU R 128 one). */
export const DEFAULT_TOLERANCE_LU = 0.5;

/**
 * `--normalize` text: a preset name (any case) or a loudness in LUFS, e.g. "-16" or "-16 LUFS"
 * (ceiling −1 dBTP). Throws UserError naming the option otherwise.
 */
export function parseNormalizeTarget(text: string): NormalizeTarget {
	const trimmed = text.trim();
	const preset = LOUDNESS_PRESETS.find((p) => p.preset === trimmed.toLowerCase());
	if (preset) return { ...preset };
	const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?:lufs|lkfs)?$/i.exec(trimmed);
	const names = LOUDNESS_PRESETS.map((p) => p.preset).join(', ');
	if (!m) throw new UserError(`--normalize ${JSON.stringify(text)}: expected a preset (${names}) or a loudness in LUFS such as -23`);
	const lufs = Number(m[1]);
	if (!(lufs >= -60 && lufs <= 0)) throw new UserError(`--normalize ${JSON.stringify(text)}: a loudness target must be between -60 and 0 LUFS`);
	return {
		preset: null,
		targetLufs: lufs,
		ceilingDbtp: DEFAULT_CEILING_DBTP,
		tolerance: DEFAULT_TOLERANCE_LU,
		description: `${lufs} LUFS ±${DEFAULT_TOLERANCE_LU} LU, ${DEFAULT_CEILING_DBTP} dBTP`,
	};
}
