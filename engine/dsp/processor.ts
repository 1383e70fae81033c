// The contract of every unit in a strip's processing chain (docs/engine.md, "Processors").
//
// Lifecycle: a processor is constructed and configured off the audio path, where it allocates
// everything it will need. From then on the audio thread calls process() and reset(), and
// writes parameter targets into `params`; none of that allocates, awaits or logs.
//
// Parameters travel in a Float64Array rather than through a setter: V8 boxes a double passed to
// a call it does not inline, which would be garbage on the audio path for every automated
// value. A processor picks up changed targets at its next process() call and moves to them
// without clicks or zipper noise (its own smoothing, counted in samples so the result does not
// depend on how the audio was split into blocks).

/** One parameter a processor takes: its session key, its unit and its range. */
export interface ParamSpec {
	/** Session key inside the section (`freq`, `gain`, `threshold` …). */
	name: string;
	/** Shown in the UI: 'Hz', 'dB', 'ms', 'dBFS', '' … */
	unit: string;
	min: number;
	max: number;
	/** Used when the session omits it. */
	default: number;
	/** A step for a keyboard nudge (fine); coarse is ten times it. Frequencies nudge in ratio (see `log`). */
	step: number;
	/** Nudge geometrically (frequencies): step is then a ratio exponent in octaves. */
	log?: boolean;
	/** Discrete choices (a filter slope, a band type): the value is an index or one of these numbers. */
	choices?: readonly number[];
}

export interface Processor {
	/** Samples the output lags the input (look-ahead). Fixed once configured; the plan delays every other path to match. */
	readonly latency: number;
	/** The parameters in slot order. */
	readonly specs: readonly ParamSpec[];
	/** Parameter targets by slot, in the session's units. Written by the audio thread between process() calls. */
	readonly params: Float64Array;
	/**
	 * Deepest gain reduction (dB, ≤ 0) since the reader last set [0] back to 0, for meters; absent
	 * on processors that do not reduce gain.
	 */
	readonly reduction?: Float64Array;
	/** Off the audio path. Allocates for `channels` channels at `sampleRate`, blocks of up to `maxBlock` frames. */
	configure(channels: number, sampleRate: number, maxBlock: number): void;
	/**
	 * Audio thread. Processes buffers[c][0..frames) in place. `key` is a sidechain input (another
	 * bus or track's output, same frames) for processors that take one, else null.
	 */
	process(buffers: Float64Array[], frames: number, key: Float64Array[] | null): void;
	/** Audio thread. Clears filter memories and envelopes; smoothed parameters jump to their targets. */
	reset(): void;
}

/** A processor's default targets, in slot order. */
export function defaultParams(specs: readonly ParamSpec[]): Float64Array {
	return Float64Array.from(specs, (s) => s.default);
}

/** The slot of parameter `name`, or −1. */
export function slotOf(p: Pick<Processor, 'specs'>, name: string): number {
	return p.specs.findIndex((s) => s.name === name);
}
