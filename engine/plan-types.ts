// The plan's shape: what the renderer, the streams and the checks read once a session is
// resolved (sample positions, route indices, checked clips, strips and lanes).
import type { MasterFormat } from '../sessions/types.js';
import type { UserError } from '../sessions/errors.js';
import type { MediaInfo } from './media/types.js';
import type { TrackFormat } from './dsp/pan.js';
import type { Lane } from './dsp/automation.js';
import type { NodeRef, PlanStrip } from './plan-strip.js';

export interface PlanClip {
	/** "trackId/index": stable name for streams and messages. */
	key: string;
	/** Absolute media path. */
	file: string;
	name: string;
	media: MediaInfo;
	/** Timeline sample where the clip starts: round(at·sr). */
	start: number;
	/** Samples. */
	length: number;
	/** Source sample played at `start`: round(offset·sr). */
	sourceStart: number;
	/** Linear clip gain. */
	gain: number;
	/** Samples. */
	fadeIn: number;
	fadeOut: number;
	equalPower: boolean;
	/** For each source channel, the track channels it feeds. */
	channelMap: Int8Array[];
	/**
	 * The session rate, when the media's is another: its frames are converted as they are read
	 * ahead, and sourceStart and length count frames at this rate.
	 */
	resampleTo?: number;
}

export interface PlanTrack {
	id: string;
	name: string;
	format: TrackFormat;
	/** Bus index, or −1 for master. */
	output: number;
	gainDb: number;
	pan: number;
	/** Front (−1, also when absent) … rear (+1); only a 5.1 master uses it. */
	panY?: number;
	/** The LFE send (dB; absent or −∞: none); only a 5.1 master uses it. */
	lfeDb?: number;
	mute: boolean;
	solo: boolean;
	polarity: boolean;
	/** Sorted by start. */
	clips: PlanClip[];
	gainLane?: Lane;
	/** Dips (dB) added to the fader or its lane; apart from gainLane, which a pass writes. */
	duckLane?: Lane;
	panLane?: Lane;
	panYLane?: Lane;
	/** dB, −∞ held at the floor (silence). */
	lfeLane?: Lane;
	muteLane?: Lane;
	strip?: PlanStrip;
	/** Lanes of strip parameters ('strip.eq.0.gain' …), played unless the mode is off. */
	paramLanes?: ParamLane[];
	/** Aux sends, in session order (on or off: a send switched off is still there, at 0). */
	sends?: PlanSend[];
	/** The live ducker (one keyed 'duck' section): after the fader, before mute/solo. */
	duck?: PlanStrip;
}

export interface PlanSend {
	/** Bus index. */
	bus: number;
	gainDb: number;
	pre: boolean;
	on: boolean;
	/** Its level automated (dB), replacing gainDb. */
	lane?: Lane;
}

/** A strip parameter's lane: the address inside the strip ('strip.eq.0.gain') and its points. */
export interface ParamLane {
	param: string;
	lane: Lane;
}

export interface PlanBus {
	id: string;
	name: string;
	/** Bus index, or −1 for master. */
	output: number;
	gainDb: number;
	mute: boolean;
	strip?: PlanStrip;
	/** The return's reverb: one section, before the strip. */
	reverb?: PlanStrip;
	paramLanes?: ParamLane[];
	/** Its fader automated (dB), replacing gainDb. */
	gainLane?: Lane;
	/** Dips (dB) added to its fader or its lane. */
	duckLane?: Lane;
	/** The live ducker (one keyed 'duck' section): after the strip, before the gain. */
	duck?: PlanStrip;
}

export interface MixPlan {
	sampleRate: number;
	format: MasterFormat;
	channels: number;
	masterGainDb: number;
	tracks: PlanTrack[];
	buses: PlanBus[];
	/** Bus indices with every bus before the bus it feeds. */
	busOrder: number[];
	masterStrip?: PlanStrip;
	/** The master fader's lane (dB) and its strip's lanes, unless its mode is off. */
	masterGainLane?: Lane;
	masterParamLanes?: ParamLane[];
	/**
	 * Tracks and buses in render order: everything a node needs (its inputs, the key of its
	 * compressor) comes before it. Without keys: the tracks, then the buses in busOrder.
	 */
	order: NodeRef[];
	/** End of the last clip, muted ones included (samples). */
	length: number;
	/** Samples after `length` for every reverb tail to decay below −90 dBFS (capped at TAIL_CAP_SECONDS). */
	tail: number;
	markers: { at: number; name: string }[];
	/** Things that play but deserve a look (dropped channels, clips cut at the end of media). */
	warnings: string[];
}

/** Reads a media header; the engine passes its own, tests may pass fakes. */
export type MediaProbe = (absolutePath: string) => Promise<MediaInfo>;

export interface PlanResult {
	plan?: MixPlan;
	problems: UserError[];
	warnings: string[];
}
