// One strip's chain of processors (trim → hpf → lpf → gate → eq bands → compressor → de-esser →
// limiter), built off the audio path from the plan and run in place on the audio thread.
// Sections can be switched on and off live: the switch crossfades between the processed and
// the dry signal over the de-click time, and a section that looks ahead keeps its delay while
// off (its dry path goes through a delay line of the same length), so switching never moves
// the strip against the rest of the mix. A section that is off when the graph is built is not
// built at all: bit-transparent and without latency.
import type { Processor } from '../dsp/processor.js';
import { DelayLine } from '../dsp/delay.js';
import { RAMP_SECONDS } from '../dsp/ramp.js';
import type { PlanSection, PlanStrip } from '../plan-strip.js';
import { makeProcessor } from './sections.js';

/** Writes `value` into a processor parameter (between blocks). */
export interface ParamTarget {
	params: Float64Array;
	slot: number;
}

class Stage {
	readonly dry: DelayLine | undefined;

	constructor(
		readonly section: PlanSection,
		readonly processor: Processor,
		channels: number,
	) {
		this.dry = processor.latency > 0 ? new DelayLine(channels, processor.latency) : undefined;
	}
}

export class StripChain {
	readonly latency: number;
	private readonly stages: Stage[];
	private readonly scratch: Float64Array[];
	private readonly rampLength: number;
	/**
	 * Per stage, how much of the processed signal is heard (1 on, 0 off, between while switching)
	 * and where it is going; then the whole strip's, at [2·size] and [2·size + 1]. Typed arrays:
	 * a double field that changes between whole and fractional values gets boxed by V8.
	 */
	private readonly mix: Float64Array;
	/** The dry path of the whole strip while it is bypassed (delayed like the chain). */
	private readonly bypassDry: DelayLine | undefined;
	private readonly bypassScratch: Float64Array[];

	/** Off the audio path: builds and configures every processor. */
	constructor(
		readonly plan: PlanStrip,
		readonly channels: number,
		readonly sampleRate: number,
		maxBlock: number,
	) {
		this.stages = plan.sections.map((s) => {
			const p = makeProcessor(s);
			p.configure(channels, sampleRate, maxBlock);
			p.reset();
			return new Stage(s, p, channels);
		});
		this.mix = new Float64Array(2 * this.stages.length + 2).fill(1);
		this.latency = this.stages.reduce((sum, s) => sum + s.processor.latency, 0);
		this.scratch = Array.from({ length: channels }, () => new Float64Array(maxBlock));
		this.bypassScratch = Array.from({ length: channels }, () => new Float64Array(maxBlock));
		this.bypassDry = this.latency > 0 ? new DelayLine(channels, this.latency) : undefined;
		this.rampLength = Math.max(1, Math.round(RAMP_SECONDS * sampleRate));
		this.setBypass(plan.bypass, true);
	}

	/** Number of sections. */
	get size(): number {
		return this.stages.length;
	}

	/** The section at `index` as planned. */
	section(index: number): PlanSection {
		return this.stages[index]!.section;
	}

	processor(index: number): Processor {
		return this.stages[index]!.processor;
	}

	/** The stage index of the section at `path` ('hpf', 'eq.2' …), or −1. */
	indexOf(path: string): number {
		return this.stages.findIndex((s) => s.section.path === path);
	}

	/** Audio thread, between blocks. Switches a section on or off (crossfaded). */
	setOn(index: number, on: boolean): void {
		const s = this.stages[index]!;
		const mix = this.mix;
		// Coming back from off: start from clean state rather than what it held when switched off.
		if (on && mix[2 * index] === 0 && mix[2 * index + 1] === 0) {
			s.processor.reset();
			s.dry?.reset();
		}
		mix[2 * index + 1] = on ? 1 : 0;
	}

	/** Audio thread, between blocks. Bypasses the whole strip (crossfaded; `immediate` jumps). */
	setBypass(bypass: boolean, immediate = false): void {
		const k = 2 * this.stages.length;
		this.mix[k + 1] = bypass ? 0 : 1;
		if (immediate) this.mix[k] = this.mix[k + 1]!;
	}

	/** Deepest gain reduction (dB ≤ 0) of the section since the last call, and clears it; 0 for sections without one. */
	takeReduction(index: number, out: Float64Array, at: number): void {
		const r = this.stages[index]!.processor.reduction;
		out[at] = r ? r[0]! : 0;
		if (r) r[0] = 0;
	}

	/** Audio thread. Clears every processor's state and every delay line (a locate). */
	reset(): void {
		const mix = this.mix;
		this.stages.forEach((s, i) => {
			s.processor.reset();
			s.dry?.reset();
			mix[2 * i] = mix[2 * i + 1]!;
		});
		this.bypassDry?.reset();
		const k = 2 * this.stages.length;
		mix[k] = mix[k + 1]!;
	}

	/** Audio thread. Runs the chain over buffers[c][0..frames) in place; keys[i] is section i's sidechain (or null). */
	process(buffers: Float64Array[], frames: number, keys: (Float64Array[] | null)[] | null): void {
		const ch = this.channels;
		const mix = this.mix;
		const k = 2 * this.stages.length;
		const bypassSteady = mix[k] === mix[k + 1];
		if (bypassSteady && mix[k] === 0) {
			this.bypassDry?.process(buffers, frames);
			return;
		}
		if (!bypassSteady) for (let c = 0; c < ch; c++) copy(buffers[c]!, this.bypassScratch[c]!, frames);
		for (let i = 0; i < this.stages.length; i++) {
			const s = this.stages[i]!;
			const key = keys === null ? null : keys[i]!;
			const now = mix[2 * i]!;
			const target = mix[2 * i + 1]!;
			if (now === target) {
				if (now === 1) s.processor.process(buffers, frames, key);
				else if (s.dry) s.dry.process(buffers, frames);
				continue;
			}
			// Crossfade dry ↔ processed over the de-click time.
			for (let c = 0; c < ch; c++) copy(buffers[c]!, this.scratch[c]!, frames);
			s.processor.process(buffers, frames, key);
			if (s.dry) s.dry.process(this.scratch, frames);
			mix[2 * i] = crossfade(this.scratch, buffers, ch, frames, now, target, this.rampLength);
		}
		if (!bypassSteady) {
			this.bypassDry?.process(this.bypassScratch, frames);
			mix[k] = crossfade(this.bypassScratch, buffers, ch, frames, mix[k]!, mix[k + 1]!, this.rampLength);
		}
	}
}

/** dst[0, frames) = src[0, frames), without the view object subarray() would allocate. */
function copy(src: Float64Array, dst: Float64Array, frames: number): void {
	for (let i = 0; i < frames; i++) dst[i] = src[i]!;
}

/**
 * wet[c][n] = dry + (wet − dry)·m with m moving from `from` toward `to` by 1/length a sample;
 * returns where m ended. Doubles cross this call once a block (not per sample).
 */
function crossfade(dry: Float64Array[], wet: Float64Array[], ch: number, frames: number, from: number, to: number, length: number): number {
	const step = (to - from) / length;
	let m = from;
	for (let n = 0; n < frames; n++) {
		m += step;
		if (step > 0 ? m >= to : m <= to) m = to;
		for (let c = 0; c < ch; c++) {
			const y = wet[c]!;
			const d = dry[c]![n]!;
			y[n] = d + (y[n]! - d) * m;
		}
	}
	return m;
}
