// The loudness JSON every command prints (`loudness --json`, `render --report`, deliver's
// report.json): the measurement rounded to 0.01, −0 printed as 0.
import type { LoudnessReport } from './loudness-meter.js';

const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100 + 0);

export function loudnessJson(r: LoudnessReport): LoudnessReport {
	return {
		integrated: round(r.integrated),
		range: round(r.range),
		truePeak: round(r.truePeak),
		samplePeak: round(r.samplePeak),
		momentaryMax: round(r.momentaryMax),
		shortTermMax: round(r.shortTermMax),
	};
}
