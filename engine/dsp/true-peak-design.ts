// The interpolator of ITU-R BS.1770-4 Annex 2 (true peak): its coefficients, which phases run at
// which rate, and the bound that lets the meter and the limiter skip work exactly. Shared by the
// loudness meter (engine/loudness/true-peak.ts) and the true-peak limiter.

/** The Annex 2 coefficients, one row per phase: y_k[n] = Σ_j PHASES[k][j] · x[n − j]. */
export const ITU_TRUE_PEAK_PHASES: readonly (readonly number[])[] = [
	[
		0.001708984375, 0.010986328125, -0.0196533203125, 0.033203125, -0.0594482421875, 0.1373291015625,
		0.97216796875, -0.102294921875, 0.047607421875, -0.026611328125, 0.014892578125, -0.00830078125,
	],
	[
		-0.0291748046875, 0.029296875, -0.0517578125, 0.0891113281250, -0.16650390625, 0.465087890625,
		0.77978515625, -0.2003173828125, 0.1015625, -0.0582275390625, 0.0330810546875, -0.0189208984375,
	],
	[
		-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625, -0.2003173828125, 0.77978515625,
		0.465087890625, -0.16650390625, 0.0891113281250, -0.0517578125, 0.029296875, -0.0291748046875,
	],
	[
		-0.00830078125, 0.014892578125, -0.026611328125, 0.047607421875, -0.102294921875, 0.97216796875,
		0.1373291015625, -0.0594482421875, 0.033203125, -0.0196533203125, 0.010986328125, 0.001708984375,
	],
];

/** Taps per phase. The interpolated points of sample n lie between samples n−6 and n−5. */
export const TRUE_PEAK_TAPS = 12;

/** Which Annex 2 phases are evaluated at `sampleRate` (see the file comment). */
export function truePeakPhases(sampleRate: number): number[] {
	if (sampleRate < 88200) return [0, 1, 2, 3];
	if (sampleRate < 176400) return [1, 2];
	return [];
}

/** max over the given phases of Σ|h|, inflated by 1e-12 to cover rounding in the FIR sum. */
export function truePeakBound(phases: readonly number[]): number {
	let bound = 0;
	for (const p of phases) {
		let sum = 0;
		for (const h of ITU_TRUE_PEAK_PHASES[p]!) sum += Math.abs(h);
		bound = Math.max(bound, sum);
	}
	return bound * (1 + 1e-12);
}
