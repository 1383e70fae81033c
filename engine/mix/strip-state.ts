// Per-strip state the renderer keeps between blocks: buffers allocated once, the ramps that
// de-click live changes, the strip's processor chain and its latency compensation. Built off the
// audio thread with the renderer.
import type { PlanBus, PlanTrack } from '../plan.js';
import type { PlanStrip } from '../plan-strip.js';
import { CHANNELS } from '../dsp/pan.js';
import { DelayLine } from '../dsp/delay.js';
import { Ramp } from '../dsp/ramp.js';
import { dbToGain } from '../units.js';
import type { ClipSource } from './clip-source.js';
import { StripChain } from './strip-chain.js';
import type { ParamLanes } from './param-lanes.js';
import type { Lane } from '../dsp/automation.js';
import type { Ducker } from '../dsp/dynamics/ducker.js';
import { makeProcessor } from './sections.js';

/** The live ducker of a plan's one-section 'duck' strip, configured (off the audio path). */
function duckOf(strip: PlanStrip | undefined, channels: number, sampleRate: number, maxBlock: number): Ducker | undefined {
	const section = strip?.sections[0];
	if (!section) return undefined;
	const d = makeProcessor(section) as Ducker;
	d.configure(channels, sampleRate, maxBlock);
	return d;
}

function chainOf(strip: PlanStrip | undefined, channels: number, sampleRate: number, maxBlock: number): StripChain | undefined {
	return strip ? new StripChain(strip, channels, sampleRate, maxBlock) : undefined;
}

export class TrackState {
	readonly buffer: Float64Array[];
	readonly fader: Ramp;
	/** 1 when audible, 0 when muted or soloed out. */
	readonly gate: Ramp;
	readonly sign: Ramp;
	readonly pan: Ramp;
	/** Front/rear and the LFE send (a linear gain): heard only when `surround`. */
	readonly panY: Ramp;
	readonly lfe: Ramp;
	/** A mono or stereo track on a 5.1 master: panY and lfe place it. */
	readonly surround: boolean;
	readonly matrix: Float64Array;
	readonly inCh: number;
	readonly chain: StripChain | undefined;
	/** The live ducker, after the fader (its gains are multiplied into the fader's). */
	readonly duck: Ducker | undefined;
	/** The ducker's key: its key node's output (set by the renderer). */
	duckKey: Float64Array[] | null = null;
	/** When the key comes earlier than the ducked audio: its delay, and the buffers it is delayed in. */
	duckKeyDelay: DelayLine | undefined;
	duckKeyBuffer: Float64Array[] | undefined;
	/** Automated strip parameters (set by the renderer once the chain's keys are known). */
	lanes: ParamLanes | undefined;
	/** Latency compensation after the strip (set by the renderer once every latency is known). */
	delay: DelayLine | undefined;
	/** Samples of delayed audio still to flush after the last clip ended (delay without a strip). */
	tail = 0;
	/**
	 * This track's post-pan output, kept apart when it has sends or another strip keys from it
	 * (otherwise the track mixes straight into its bus).
	 */
	keyOut: Float64Array[] | undefined;
	/** The pre-fader panned signal, for pre-fader sends. */
	preOut: Float64Array[] | undefined;
	/** Latency compensation of the output into its bus (tracks with sends, or keying a ducker), and its buffers. */
	outDelay: DelayLine | undefined;
	outFeed: Float64Array[] | undefined;
	readonly sends: SendState[] = [];
	/** Any pre-fader send. */
	hasPre = false;
	/** The longest of its delays: how long it must run on silence after its last clip. */
	tailLength = 0;
	/** Each chain section's sidechain (null when it has none), or null when no section has one. */
	keys: (Float64Array[] | null)[] | null = null;
	mute: boolean;
	solo: boolean;
	/** The pan (and panY, LFE gain) the matrix was last computed for (NaN: stale). */
	matrixPan = NaN;
	matrixPanY = NaN;
	matrixLfe = NaN;

	constructor(
		readonly plan: PlanTrack,
		readonly sources: ClipSource[],
		maxBlock: number,
		outCh: number,
		ramp: number,
		sampleRate: number,
	) {
		this.inCh = CHANNELS[plan.format];
		this.buffer = Array.from({ length: this.inCh }, () => new Float64Array(maxBlock));
		this.fader = new Ramp(dbToGain(plan.gainDb), ramp);
		this.gate = new Ramp(1, ramp);
		this.sign = new Ramp(plan.polarity ? -1 : 1, ramp);
		this.pan = new Ramp(plan.pan, ramp);
		this.panY = new Ramp(plan.panY ?? -1, ramp);
		this.lfe = new Ramp(dbToGain(plan.lfeDb ?? -Infinity), ramp);
		this.surround = outCh === 6 && this.inCh < 6;
		this.matrix = new Float64Array(outCh * this.inCh);
		this.mute = plan.mute;
		this.solo = plan.solo;
		this.chain = chainOf(plan.strip, this.inCh, sampleRate, maxBlock);
		this.duck = duckOf(plan.duck, this.inCh, sampleRate, maxBlock);
		for (const send of plan.sends ?? []) {
			if (send.bus < 0) continue;
			const state = new SendState(send.bus, send.pre, send.gainDb, send.on, outCh, maxBlock, ramp);
			state.lane = send.lane;
			this.sends.push(state);
			if (send.pre) this.hasPre = true;
		}
		if (this.sends.length > 0) this.keyOut = Array.from({ length: outCh }, () => new Float64Array(maxBlock));
		if (this.hasPre) this.preOut = Array.from({ length: outCh }, () => new Float64Array(maxBlock));
	}
}

/** One aux send of a track: its level (de-clicked), its bus and its latency compensation. */
export class SendState {
	readonly gain: Ramp;
	delay: DelayLine | undefined;
	/** The tap, delayed and scaled before it is added to the bus. */
	readonly scratch: Float64Array[];
	/** Its level automated (dB): replaces the static level while the send is on. */
	lane: Lane | undefined;

	constructor(
		readonly bus: number,
		readonly pre: boolean,
		/** The level in dB and the switch; the gain ramp goes to their product. */
		public db: number,
		public on: boolean,
		channels: number,
		maxBlock: number,
		ramp: number,
	) {
		this.gain = new Ramp(on ? dbToGain(db) : 0, ramp);
		this.scratch = Array.from({ length: channels }, () => new Float64Array(maxBlock));
	}
}

export class BusState {
	readonly buffer: Float64Array[];
	readonly gain: Ramp;
	readonly gate: Ramp;
	readonly chain: StripChain | undefined;
	/** The live ducker, after the strip (in place). */
	readonly duck: Ducker | undefined;
	duckKey: Float64Array[] | null = null;
	duckKeyDelay: DelayLine | undefined;
	duckKeyBuffer: Float64Array[] | undefined;
	lanes: ParamLanes | undefined;
	/** A return's reverb, before the strip. */
	readonly reverb: StripChain | undefined;
	readonly output: number;
	feedDelay: DelayLine | undefined;
	/** The stem aligned to the timeline (the bus buffer itself when no delay is needed). */
	stem: Float64Array[];
	stemDelay: DelayLine | undefined;
	/** Scratch for the delayed feed into the parent. */
	feed: Float64Array[] | undefined;
	keys: (Float64Array[] | null)[] | null = null;

	constructor(plan: PlanBus, maxBlock: number, channels: number, ramp: number, sampleRate: number) {
		this.output = plan.output;
		this.buffer = Array.from({ length: channels }, () => new Float64Array(maxBlock));
		this.stem = this.buffer;
		this.gain = new Ramp(dbToGain(plan.gainDb), ramp);
		this.gate = new Ramp(plan.mute ? 0 : 1, ramp);
		this.chain = chainOf(plan.strip, channels, sampleRate, maxBlock);
		this.reverb = chainOf(plan.reverb, channels, sampleRate, maxBlock);
		this.duck = duckOf(plan.duck, channels, sampleRate, maxBlock);
	}
}

export { chainOf };
