// The in-memory session document: exactly the YAML file after defaults are filled in.
import type { z } from 'zod';
import type { sessionSchema } from './schema.js';
import type { BandType } from './strip-params.js';

/** Decibels; −Infinity is a closed fader. */
export type Decibels = number;
/** −1 (left) … +1 (right). */
export type Pan = number;
/** Seconds on the session timeline, or an absolute timecode string "HH:MM:SS:FF". */
export type Time = number | string;
/** Display frame rate; '29.97df' is drop-frame. */
export type FrameRate = 23.976 | 24 | 25 | 29.97 | '29.97df' | 30;
export type MasterFormat = 'stereo' | '5.1';
export type FadeShape = 'linear' | 'equal-power';
/** [time, value]: gain in dB (linear in dB between points), pan, or mute 0|1 (steps). */
export type AutomationPoint<V extends number = number> = [Time, V];

export interface Clip {
	/** Media path, relative to the session file. */
	file: string;
	/** Shown on the timeline; defaults to the file's base name. */
	name?: string;
	/** Timeline position; omitted: the file's BWF time reference relative to `start`. */
	at?: Time;
	/** Seconds into the source. */
	offset: number;
	/** Seconds; omitted: to the end of the source. */
	length?: number;
	/** Clip gain. */
	gain: Decibels;
	/** Seconds. */
	fadeIn: number;
	/** Seconds. */
	fadeOut: number;
	fadeShape: FadeShape;
}

/** How a strip's lanes play and get written (README "Automation"). */
export type AutomationMode = 'off' | 'read' | 'touch' | 'latch' | 'write' | 'trim';

/** A strip's automation: its mode and its lanes. */
export type Automation = {
	/** Default: read (lanes play). `off` ignores the lanes. */
	mode?: AutomationMode;
	gain?: AutomationPoint<Decibels>[];
	pan?: AutomationPoint<Pan>[];
	/** Front (−1) … rear (+1). */
	panY?: AutomationPoint<Pan>[];
	/** The LFE send, dB. */
	lfe?: AutomationPoint<Decibels>[];
	mute?: AutomationPoint<0 | 1>[];
	/** Dips in dB added to the fader and its gain lane (tracks and buses). */
	duck?: AutomationPoint<Decibels>[];
} & {
	/** 'send.VERB' (dB), or a strip parameter by path: 'trim', 'eq.0.gain', 'compressor.threshold' … */
	[lane: string]: AutomationPoint[];
};

/** The master's automation: its mode, its fader lane and its strip's lanes (no sends, no pan). */
export type MasterAutomation = Automation;

/** A section of the strip: `on: false` bypasses it (bit-transparent). */
interface Section {
	on: boolean;
}
export interface FilterSection extends Section {
	/** Hz: −3.01 dB there. */
	freq: number;
	/** 6 | 12 | 18 | 24 dB/oct (Butterworth of order slope/6). */
	slope: number;
}
export interface EqBand extends Section {
	type: BandType;
	freq: number;
	gain: Decibels;
	q: number;
}
export interface GateSection extends Section {
	threshold: Decibels;
	/** Attenuation when closed (dB, ≤ 0). */
	range: Decibels;
	attack: number;
	hold: number;
	release: number;
}
export interface CompressorSection extends Section {
	threshold: Decibels;
	ratio: number;
	/** Soft-knee width, dB. */
	knee: Decibels;
	attack: number;
	release: number;
	makeup: Decibels;
	/** A bus or track whose output sets the level (sidechain). */
	key?: string;
}
export interface DeEsserSection extends Section {
	freq: number;
	threshold: Decibels;
	range: Decibels;
}
export interface LimiterSection extends Section {
	/** dBTP. */
	ceiling: Decibels;
	release: number;
}
/** The channel strip; sections run in this order. Times ms, levels dBFS, gains dB, frequencies Hz. */
export interface Strip {
	/** Bypasses the whole strip. */
	bypass: boolean;
	trim: Decibels;
	hpf?: FilterSection;
	lpf?: FilterSection;
	gate?: GateSection;
	/** 1–8 bands, in list order. */
	eq?: EqBand[];
	compressor?: CompressorSection;
	deesser?: DeEsserSection;
	limiter?: LimiterSection;
}

/** An aux send: a tap of the track into a bus (post-fader unless `pre`). */
export interface Send {
	on: boolean;
	/** A bus id. */
	to: string;
	/** dB applied to the tap. */
	gain: Decibels;
	/** Before the fader (after the strip, with mute/solo and the pan). */
	pre: boolean;
}

/** An algorithmic reverb: `decay` is RT60 at 1 kHz in seconds; `predelay` ms; the rest 0..1. */
export interface AlgorithmicReverb {
	on: boolean;
	decay: number;
	predelay: number;
	size: number;
	damping: number;
	width: number;
	/** Wet share: output = mix·wet + (1 − mix)·dry. */
	mix: number;
}

/** A convolution reverb with an impulse response (a WAV, relative to the session). */
export interface ConvolutionReverb {
	on: boolean;
	ir: string;
	predelay: number;
	mix: number;
}

export type Reverb = ConvolutionReverb | AlgorithmicReverb;

/**
 * The live ducker: `key`'s output (a bus after its gain and mute, or a track after its fader and
 * mute/solo) at or over `threshold` (dBFS) dips this strip to `depth` dB over `attack` ms; after
 * `hold` ms under it, back to 0 dB over `release` ms. `lookahead` ms starts the dip early.
 */
export interface Duck {
	on: boolean;
	/** A bus or track id. */
	key: string;
	threshold: Decibels;
	/** ≤ 0. */
	depth: Decibels;
	attack: number;
	hold: number;
	release: number;
	lookahead: number;
}

export interface Track {
	/** Unique among tracks. */
	id: string;
	name?: string;
	/** A bus id or 'master'. */
	output: string;
	/** Fader. */
	gain: Decibels;
	pan: Pan;
	/** Front (−1) … rear (+1) on a 5.1 master; absent: −1 (front). A stereo master ignores it. */
	panY?: Pan;
	/** The LFE send in dB on a 5.1 master; absent: −∞ (none). A stereo master ignores it. */
	lfe?: Decibels;
	mute: boolean;
	solo: boolean;
	/** true inverts. */
	polarity: boolean;
	clips: Clip[];
	/** When a lane is present it replaces the static value. */
	automation?: Automation;
	strip?: Strip;
	sends?: Send[];
	/** Dipped under another bus or track (the live ducker). */
	duck?: Duck;
}

export interface Bus {
	/** Unique among buses; names the stem file (DX.wav). */
	id: string;
	name?: string;
	/** Another bus id or 'master'. */
	output: string;
	gain: Decibels;
	mute: boolean;
	/** A return: the bus's summed input goes through this reverb first. */
	reverb?: Reverb;
	strip?: Strip;
	automation?: Automation;
	/** Dipped under another bus or track (the live ducker). */
	duck?: Duck;
}

export interface Marker {
	at: Time;
	name: string;
	/** A review note (the notes view edits it; `dubdesk notes` lists it). */
	note?: string;
}

export interface Session {
	/** Format version. */
	dubdesk: 1;
	name: string;
	sampleRate: number;
	frameRate: FrameRate;
	/** Timecode of session time 0 (display, and the origin of timecode-valued times). */
	start: string;
	master: { format: MasterFormat; gain: Decibels; strip?: Strip; automation?: MasterAutomation };
	buses: Bus[];
	tracks: Track[];
	markers: Marker[];
	/** Playback loop range. */
	loop?: { from: Time; to: Time };
	/**
	 * How automation passes move, seconds: `return` (AutoMatch), how long a released control
	 * takes back to its lane (default 0.25); `glide`, how long each written value takes to be
	 * reached (default 0.01).
	 */
	passes?: { return?: number; glide?: number };
	/** The files `dubdesk deliver` prints (README "Deliverables"). */
	deliverables?: Deliverable[];
}

/** A loudness preset name ('ebu-r128' …) or a target in LUFS. */
export type LoudnessTargetSpec = 'ebu-r128' | 'atsc-a85' | 'netflix' | 'spotify' | 'apple' | number;

/** One file of a delivery: the whole master, the master without some buses (M&E), or a bus (a stem). */
export interface Deliverable {
	/** File name without .wav; unique in the list. */
	name: string;
	/** Absent: the master's. Stereo from a 5.1 source is its BS.775 fold-down. */
	format?: MasterFormat;
	/** Absent: 24 (TPDF dithered). */
	bitDepth?: 16 | 24 | '32f';
	/** Normalise this file to the target (as `render --normalize`). */
	normalize?: LoudnessTargetSpec;
	/** Only check against the target. */
	spec?: LoudnessTargetSpec;
	/** Bus ids muted for this file (an M&E: without: [DX]). */
	without?: string[];
	/** A bus id: its stem instead of the master. */
	bus?: string;
}

// The hand-written types above are the documentation; this keeps them equal to the schema.
type Parsed = z.output<typeof sessionSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const typesMatchSchema: Same<Parsed, Session> = true;
void typesMatchSchema;
