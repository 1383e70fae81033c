// Per-strip state the renderer keeps between blocks: buffers allocated once, and the ramps
// that de-click live changes. Built off the audio thread with the renderer.
import type { PlanTrack } from '../plan.js';
import { CHANNELS } from '../dsp/pan.js';
import { Ramp } from '../dsp/ramp.js';
import { dbToGain } from '../units.js';
import type { ClipSource } from './renderer.js';

export class TrackState {
	readonly buffer: Float64Array[];
	readonly fader: Ramp;
	/** 1 when audible, 0 when muted or soloed out. */
	readonly gate: Ramp;
	readonly sign: Ramp;
	readonly pan: Ramp;
	readonly matrix: Float64Array;
	readonly inCh: number;
	mute: boolean;
	solo: boolean;
	/** The pan the matrix was last computed for (NaN: stale). */
	matrixPan = NaN;

	constructor(
		readonly plan: PlanTrack,
		readonly sources: ClipSource[],
		maxBlock: number,
		outCh: number,
		ramp: number,
	) {
		this.inCh = CHANNELS[plan.format];
		this.buffer = Array.from({ length: this.inCh }, () => new Float64Array(maxBlock));
		this.fader = new Ramp(dbToGain(plan.gainDb), ramp);
		this.gate = new Ramp(1, ramp);
		this.sign = new Ramp(plan.polarity ? -1 : 1, ramp);
		this.pan = new Ramp(plan.pan, ramp);
		this.matrix = new Float64Array(outCh * this.inCh);
		this.mute = plan.mute;
		this.solo = plan.solo;
	}
}

export class BusState {
	readonly buffer: Float64Array[];
	readonly gain: Ramp;
	readonly gate: Ramp;

	constructor(
		readonly output: number,
		gainDb: number,
		mute: boolean,
		maxBlock: number,
		channels: number,
		ramp: number,
	) {
		this.buffer = Array.from({ length: channels }, () => new Float64Array(maxBlock));
		this.gain = new Ramp(dbToGain(gainDb), ramp);
		this.gate = new Ramp(mute ? 0 : 1, ramp);
	}
}
