// How the audio loop is doing, published to shared memory every buffer: the share of each
// buffer's time spent rendering (DSP load, smoothed and peak) and output underflows (the
// device's queue running dry shows up as the clock overtaking what was written). Every buffer
// the device is given counts as written, the silence of a locate or a start included: a gap the
// transport feeds on purpose is not an underflow, a loop that falls behind is.
// Engine thread, per buffer: state in a typed array and no double crosses a call (V8 boxes those).
import type { SharedState } from './shared-state.js';

const enum S {
	RenderStart,
	LoadAvg,
	LoadMax,
	ClockStart,
	Written,
	Count,
}

export class LoopMonitor {
	private readonly s = new Float64Array(S.Count);
	private readonly bufferMs: number;

	constructor(
		private readonly shared: SharedState,
		private readonly sampleRate: number,
		private readonly frames: number,
		private readonly now: () => number,
	) {
		this.bufferMs = (frames / sampleRate) * 1000;
	}

	renderStarts(): void {
		this.s[S.RenderStart] = this.now();
	}

	/** After a buffer is rendered: DSP load into shared memory. */
	renderEnds(): void {
		const s = this.s;
		const load = (this.now() - s[S.RenderStart]!) / this.bufferMs;
		s[S.LoadAvg] = s[S.LoadAvg] === 0 ? load : s[S.LoadAvg]! * 0.9 + load * 0.1;
		if (load > s[S.LoadMax]!) s[S.LoadMax] = load;
		this.shared.setDspLoad(s[S.LoadAvg]!, s[S.LoadMax]!);
	}

	/** Just before any buffer (audio, a fade or silence) goes to the device: counts an underflow if it ran dry. */
	beforeWrite(): void {
		const s = this.s;
		const t = this.now();
		if (s[S.Written] === 0) s[S.ClockStart] = t;
		else if (((t - s[S.ClockStart]!) / 1000) * this.sampleRate > s[S.Written]! + this.frames) {
			this.shared.addOutputUnderrun();
			s[S.ClockStart] = t - (s[S.Written]! / this.sampleRate) * 1000;
		}
		s[S.Written] = s[S.Written]! + this.frames;
	}
}
