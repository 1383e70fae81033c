// The values a track's pan matrix is built from over a block: x (pan), and on a 5.1 master y
// (panY) and the LFE send. Each comes from its lane when one plays, else from its de-click ramp.
// Audio thread; nothing here allocates.
import { fillLinear } from '../dsp/automation.js';
import type { TrackState } from './strip-state.js';

/** Whether the track's matrix changes within the block (a lane plays or a ramp moves). */
export function panMoves(track: TrackState): boolean {
	const plan = track.plan;
	if (plan.panLane !== undefined || !track.pan.steady) return true;
	// On a stereo master (or a 5.1 source) panY and the LFE send are not heard: never per sample.
	return track.surround && (plan.panYLane !== undefined || plan.lfeLane !== undefined || !track.panY.steady || !track.lfe.steady);
}

/**
 * Fills xs, and for a surround track ys and lfes (linear gains), with the values at samples
 * at … at+frames−1, advancing the ramps (a lane snaps its ramp: the lane is what plays).
 */
export function fillPans(track: TrackState, at: number, frames: number, sampleRate: number, xs: Float64Array, ys: Float64Array, lfes: Float64Array): void {
	const plan = track.plan;
	if (plan.panLane) {
		fillLinear(plan.panLane, at, frames, sampleRate, xs);
		track.pan.snap();
	} else track.pan.fill(xs, frames);
	track.matrixPan = NaN;
	if (!track.surround) return;
	if (plan.panYLane) {
		fillLinear(plan.panYLane, at, frames, sampleRate, ys);
		track.panY.snap();
	} else track.panY.fill(ys, frames);
	if (plan.lfeLane) {
		fillLinear(plan.lfeLane, at, frames, sampleRate, lfes, true);
		track.lfe.snap();
	} else track.lfe.fill(lfes, frames);
}

/** Audio thread: lets any live change land at once (nothing audible depends on the ramps). */
export function snapPans(track: TrackState): void {
	track.pan.snap();
	track.panY.snap();
	track.lfe.snap();
}
