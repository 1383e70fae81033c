// The per-frame part of the screen (meters, playhead, loudness, underruns), read from the
// engine's shared memory on the UI's own tick and quantised to what the screen can show: two
// reads that would draw the same characters compare equal, so nothing re-renders for them.
import { REDUCTION_FIELDS, type SharedState } from '../../engine/worker/shared-state.js';
import type { FrameRate } from '../../sessions/types.js';
import { secondsToFrames } from '../../sessions/time.js';
import { cellsFor } from './meter-scale.js';

/** One meter as drawn: cells lit, the peak-hold cell (0 = none), clip latched, the hold in dB as text. */
export interface LiveMeter {
	cells: number;
	hold: number;
	clip: boolean;
	holdText: string;
}

/** Everything that changes while the transport runs. */
export interface Live {
	playing: boolean;
	/** Playhead in frames at the session frame rate (the transport shows timecode). */
	frame: number;
	/** Playhead, seconds (timeline playhead column). */
	seconds: number;
	tracks: LiveMeter[];
	buses: LiveMeter[];
	master: LiveMeter[];
	/** Master loudness, one decimal as text ('-' when undefined). */
	momentary: string;
	shortTerm: string;
	integrated: string;
	truePeak: string;
	/** Loudness range (LU) and the stereo master's phase correlation (−1…+1), as text. */
	range: string;
	correlation: string;
	/** Output buffers that ran dry, and whether media reading fell behind. */
	underruns: number;
	diskUnderruns: number;
	/** Engine DSP load, whole percent. */
	dsp: number;
	/**
	 * Gain reduction of each strip's gate, compressor, de-esser and limiter (REDUCTION_FIELDS per
	 * strip, strips in mixer order: tracks, buses, the master), dB ≤ 0 in 0.5 dB steps; 0 stopped.
	 */
	reductions: readonly number[];
}

/** What a read needs to know about the screen. */
export interface LiveShape {
	tracks: number;
	buses: number;
	masterChannels: number;
	/** Meter height in cells. */
	rows: number;
	frameRate: FrameRate;
}

const EMPTY: LiveMeter = { cells: 0, hold: 0, clip: false, holdText: '' };

function holdText(db: number): string {
	if (!(db > -70)) return '';
	return db > -10 ? db.toFixed(1) : db.toFixed(0);
}

function meterOf(shared: SharedState, offset: number, rows: number, playing: boolean, prev: LiveMeter | undefined): LiveMeter {
	const f = shared.floats;
	const level = f[offset]!;
	const holdDb = f[offset + 1]!;
	const clip = f[offset + 2] === 1;
	// Stopped, the levels freeze where the engine left them: show empty bars, keep hold and clip.
	const cells = playing ? cellsFor(level, rows) : 0;
	const hold = cellsFor(holdDb, rows);
	const text = holdText(holdDb);
	if (prev && prev.cells === cells && prev.hold === hold && prev.clip === clip && prev.holdText === text) return prev;
	return { cells, hold, clip, holdText: text };
}

function meters(shared: SharedState, count: number, offsetOf: (i: number) => number, rows: number, playing: boolean, prev: LiveMeter[] | undefined): LiveMeter[] {
	let changed = !prev || prev.length !== count;
	const out: LiveMeter[] = new Array(count);
	for (let i = 0; i < count; i++) {
		out[i] = meterOf(shared, offsetOf(i), rows, playing, prev?.[i]);
		if (out[i] !== prev?.[i]) changed = true;
	}
	return changed ? out : prev!;
}

const reading = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');

function reductions(shared: SharedState, shape: LiveShape, playing: boolean, prev: readonly number[] | undefined): readonly number[] {
	const n = (shape.tracks + shape.buses + 1) * REDUCTION_FIELDS;
	const out: number[] = new Array(n);
	let changed = !prev || prev.length !== n;
	for (let s = 0; s < shape.tracks + shape.buses + 1; s++) {
		const offset = s < shape.tracks ? shared.trackReductionOffset(s) : s < shape.tracks + shape.buses ? shared.busReductionOffset(s - shape.tracks) : shared.masterReductionOffset();
		for (let k = 0; k < REDUCTION_FIELDS; k++) {
			const db = shared.reduction(offset, k);
			// Quantised to what the screen shows; `|| 0` turns −0 into 0.
			const v = playing && db < -0.25 ? Math.max(-99, Math.round(db * 2) / 2) || 0 : 0;
			out[s * REDUCTION_FIELDS + k] = v;
			if (v !== prev?.[s * REDUCTION_FIELDS + k]) changed = true;
		}
	}
	return changed ? out : prev!;
}

/** Reads the shared state; returns `prev` itself when the screen would not change. */
export function readLive(shared: SharedState, shape: LiveShape, prev?: Live): Live {
	const playing = shared.playing;
	const seconds = shared.seconds;
	const frame = secondsToFrames(Number.isFinite(seconds) ? seconds : 0, shape.frameRate);
	const l = shared.loudness;
	const next: Live = {
		playing,
		frame,
		seconds: prev && prev.frame === frame ? prev.seconds : seconds,
		tracks: meters(shared, shape.tracks, (i) => shared.trackMeterOffset(i), shape.rows, playing, prev?.tracks),
		buses: meters(shared, shape.buses, (i) => shared.busMeterOffset(i), shape.rows, playing, prev?.buses),
		master: meters(shared, shape.masterChannels, (i) => shared.masterMeterOffset(i), shape.rows, playing, prev?.master),
		momentary: reading(l.momentary),
		shortTerm: reading(l.shortTerm),
		integrated: reading(l.integrated),
		truePeak: reading(l.truePeakMax),
		range: reading(l.range),
		correlation: playing && Number.isFinite(l.correlation) ? `${l.correlation >= 0 ? '+' : ''}${l.correlation.toFixed(2)}` : '-',
		underruns: shared.outputUnderruns,
		diskUnderruns: shared.diskUnderruns,
		dsp: Math.round(shared.dspLoad.load * 100),
		reductions: reductions(shared, shape, playing, prev?.reductions),
	};
	if (
		prev &&
		prev.playing === next.playing &&
		prev.frame === next.frame &&
		prev.tracks === next.tracks &&
		prev.buses === next.buses &&
		prev.master === next.master &&
		prev.momentary === next.momentary &&
		prev.shortTerm === next.shortTerm &&
		prev.integrated === next.integrated &&
		prev.truePeak === next.truePeak &&
		prev.range === next.range &&
		prev.correlation === next.correlation &&
		prev.underruns === next.underruns &&
		prev.diskUnderruns === next.diskUnderruns &&
		prev.dsp === next.dsp &&
		prev.reductions === next.reductions
	) {
		return prev;
	}
	return next;
}

/** A reading with nothing in it (no engine attached). */
export function emptyLive(shape: LiveShape): Live {
	return {
		playing: false,
		frame: 0,
		seconds: 0,
		tracks: new Array<LiveMeter>(shape.tracks).fill(EMPTY),
		buses: new Array<LiveMeter>(shape.buses).fill(EMPTY),
		master: new Array<LiveMeter>(shape.masterChannels).fill(EMPTY),
		momentary: '-',
		shortTerm: '-',
		integrated: '-',
		truePeak: '-',
		range: '-',
		correlation: '-',
		underruns: 0,
		diskUnderruns: 0,
		dsp: 0,
		reductions: new Array<number>((shape.tracks + shape.buses + 1) * REDUCTION_FIELDS).fill(0),
	};
}
