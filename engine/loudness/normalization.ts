// Planning and reporting loudness normalisation (`render --normalize`). The render measures the
// mix, plans a gain from the measurement, renders again with that gain into a TruePeakLimiter
// at the target's ceiling, measures what it wrote and reports it. Limiting is capped: when the
// target would need more than `maxLimitingDb` of peak reduction, the gain is lowered so the
// limiter never works harder than that, the target is missed, and the note says so plainly.
import { formatDb } from '../units.js';
import type { LoudnessReport } from './loudness-meter.js';
import type { NormalizeTarget } from './presets.js';

/** Most peak reduction a normalisation may ask of the limiter before it gives up loudness, dB. */
export const DEFAULT_MAX_LIMITING_DB = 6;

export interface NormalizationPlan {
	target: NormalizeTarget;
	/** Gain to apply, dB (below `neededGainDb` when capped by the limiting allowance). */
	gainDb: number;
	/** Gain that would reach the target exactly; null when the mix has no measurable loudness. */
	neededGainDb: number | null;
	/** The mix's true peak after `gainDb`, before the limiter, dBTP; null for silence. */
	expectedPeakDbtp: number | null;
	/** True when `expectedPeakDbtp` is over the ceiling. */
	limiterNeeded: boolean;
	/** Peak reduction the limiter will apply at most, dB (≥ 0). */
	expectedReductionDb: number;
	/** The allowance that capped (or would have capped) the gain, dB. */
	maxLimitingDb: number;
	/** Whether the target is reachable within the allowance. */
	feasible: boolean;
	/** One or two sentences for the user. */
	note: string;
}

/** The `normalization` object of `render --report` (numbers rounded to 0.01). */
export interface NormalizationReport {
	/** Preset name, or "custom" for a number. */
	target: string;
	targetLufs: number;
	/** True-peak ceiling, dBTP. */
	ceiling: number;
	/** ± LU around targetLufs that counts as met. */
	tolerance: number;
	/** Gain applied before the limiter, dB. */
	gainDb: number;
	/** Largest reduction the limiter applied, dB. */
	limiterMaxReductionDb: number;
	/** Share (0…1) of output frames the limiter turned down by 0.1 dB or more. */
	limitedShare: number;
	/** Integrated loudness of what was written, LUFS. */
	integrated: number | null;
	/** True peak of what was written, dBTP. */
	truePeak: number | null;
	/** Integrated within tolerance of the target and true peak at or under the ceiling. */
	met: boolean;
	note: string;
}

/** What the limiter did; a TruePeakLimiter satisfies this. */
export interface LimiterStats {
	maxReductionDb: number;
	limitedFrames: number;
	processedFrames: number;
}

const db1 = (x: number) => `${formatDb(x, 1)} dB`;
const lufs1 = (x: number) => `${formatDb(x, 1)} LUFS`;
const dbtp1 = (x: number) => `${formatDb(x, 1)} dBTP`;
const round2 = (x: number) => Math.round(x * 100) / 100 + 0;
const name = (t: NormalizeTarget) => t.preset ?? lufs1(t.targetLufs);

/** Plans the gain for a measured mix. Pure; any thread. */
export function planNormalization(measured: LoudnessReport, target: NormalizeTarget, options: { maxLimitingDb?: number } = {}): NormalizationPlan {
	const maxLimitingDb = options.maxLimitingDb ?? DEFAULT_MAX_LIMITING_DB;
	const base = { target, maxLimitingDb };
	if (measured.integrated === null) {
		return {
			...base,
			gainDb: 0,
			neededGainDb: null,
			expectedPeakDbtp: measured.truePeak,
			limiterNeeded: measured.truePeak !== null && measured.truePeak > target.ceilingDbtp,
			expectedReductionDb: Math.max(0, (measured.truePeak ?? -Infinity) - target.ceilingDbtp),
			feasible: false,
			note: `${name(target)} not met: the mix has no measurable loudness (silent, or shorter than 0.4 s), so it is written at unity gain.`,
		};
	}
	const needed = target.targetLufs - measured.integrated;
	const peak = measured.truePeak ?? -Infinity;
	const over = peak + needed - target.ceilingDbtp;
	const ceiling = `the ${dbtp1(target.ceilingDbtp)} ceiling`;
	if (over <= 0) {
		return {
			...base,
			gainDb: needed,
			neededGainDb: needed,
			expectedPeakDbtp: measured.truePeak === null ? null : peak + needed,
			limiterNeeded: false,
			expectedReductionDb: 0,
			feasible: true,
			note: `${name(target)}: ${db1(needed)} of gain takes ${lufs1(measured.integrated)} to ${lufs1(target.targetLufs)}; peaks stay under ${ceiling}, no limiting.`,
		};
	}
	if (over <= maxLimitingDb) {
		return {
			...base,
			gainDb: needed,
			neededGainDb: needed,
			expectedPeakDbtp: peak + needed,
			limiterNeeded: true,
			expectedReductionDb: over,
			feasible: true,
			note: `${name(target)}: ${db1(needed)} of gain takes ${lufs1(measured.integrated)} to ${lufs1(target.targetLufs)}; peaks would reach ${dbtp1(peak + needed)}, so the true-peak limiter turns them down by up to ${db1(over)} to stay under ${ceiling}.`,
		};
	}
	const gain = needed - (over - maxLimitingDb);
	return {
		...base,
		gainDb: gain,
		neededGainDb: needed,
		expectedPeakDbtp: peak + gain,
		limiterNeeded: true,
		expectedReductionDb: maxLimitingDb,
		feasible: false,
		note:
			`${name(target)} cannot be met without more than ${db1(maxLimitingDb)} of limiting: reaching ${lufs1(target.targetLufs)} needs ${db1(needed)} of gain, ` +
			`which would put peaks ${db1(over)} over ${ceiling}. Gain is held to ${db1(gain)} instead, so the mix will measure about ${lufs1(measured.integrated + gain)}.`,
	};
}

/** The render's `normalization` report from the plan, the output's measurement and the limiter. */
export function normalizationReport(plan: NormalizationPlan, output: LoudnessReport, limiter: LimiterStats | null): NormalizationReport {
	const t = plan.target;
	const reduction = limiter?.maxReductionDb ?? 0;
	const share = limiter && limiter.processedFrames > 0 ? limiter.limitedFrames / limiter.processedFrames : 0;
	const loudnessMet = output.integrated !== null && Math.abs(output.integrated - t.targetLufs) <= t.tolerance;
	const peakMet = output.truePeak === null || output.truePeak <= t.ceilingDbtp;
	const met = loudnessMet && peakMet;
	const measured =
		output.integrated === null
			? 'no measurable loudness'
			: `${lufs1(output.integrated)} (target ${lufs1(t.targetLufs)} ±${t.tolerance} LU), true peak ${output.truePeak === null ? 'none' : dbtp1(output.truePeak)} (ceiling ${dbtp1(t.ceilingDbtp)})`;
	const limiting = reduction > 0 ? `; the limiter reduced peaks by up to ${db1(reduction)} on ${(share * 100).toFixed(1)} % of the programme` : '; no limiting';
	const why = met ? '' : plan.feasible ? ` ${!loudnessMet ? 'Loudness is outside the tolerance' : 'True peak is over the ceiling'}.` : ` ${plan.note}`;
	return {
		target: t.preset ?? 'custom',
		targetLufs: t.targetLufs,
		ceiling: t.ceilingDbtp,
		tolerance: t.tolerance,
		gainDb: round2(plan.gainDb),
		limiterMaxReductionDb: round2(reduction),
		limitedShare: Math.round(share * 10000) / 10000,
		integrated: output.integrated === null ? null : round2(output.integrated),
		truePeak: output.truePeak === null ? null : round2(output.truePeak),
		met,
		note: `${met ? 'Met' : 'Not met'}: ${measured}${limiting}.${why}`,
	};
}
