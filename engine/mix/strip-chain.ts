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
	/** 1 on, 0 off; ramps between them over `length` samples. */
	mix: number;
	target: number;
	readonly dry: DelayLine | undefined;

	constructor(
		readonly section: PlanSection,
		readonly processor: Processor,
		on: boolean,
		channels: number,
	) {
		this.mix = on ? 1 : 0;
		this.target = this.mix;
		this.dry = processor.latency > 0 ? new DelayLine(channels, processor.latency) : undefined;
	}
}

export class StripChain {
	readonly latency: number;
	private readonly stages: Stage[];
	private readonly scratch: Float64Array[];
	private readonly rampLength: number;
	private bypassMix = 1;
	private bypassTarget = 1;
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
			return new Stage(s, p, true, channels);
		});
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
		// Coming back from off: start from clean state rather than what it held when switched off.
		if (on && s.mix === 0 && s.target === 0) {
			s.processor.reset();
			s.dry?.reset();
		}
		s.target = on ? 1 : 0;
	}

	/** Audio thread, between blocks. Bypasses the whole strip (crossfaded; `immediate` jumps). */
	setBypass(bypass: boolean, immediate = false): void {
		this.bypassTarget = bypass ? 0 : 1;
		if (immediate) this.bypassMix = this.bypassTarget;
	}

	/** Deepest gain reduction (dB ≤ 0) of the section since the last call, and clears it; 0 for sections without one. */
	takeReduction(index: number, out: Float64Array, at: number): void {
		const r = this.stages[index]!.processor.reduction;
		out[at] = r ? r[0]! : 0;
		if (r) r[0] = 0;
	}

	/** Audio thread. Clears every processor's state and every delay line (a locate). */
	reset(): void {
		for (const s of this.stages) {
			s.processor.reset();
			s.dry?.reset();
			s.mix = s.target;
		}
		this.bypassDry?.reset();
		this.bypassMix = this.bypassTarget;
	}

	/** Audio thread. Runs the chain over buffers[c][0..frames) in place; keys[i] is section i's sidechain (or null). */
	process(buffers: Float64Array[], frames: number, keys: (Float64Array[] | null)[] | null): void {
		const ch = this.channels;
		const bypassSteady = this.bypassMix === this.bypassTarget;
		if (bypassSteady && this.bypassMix === 0) {
			this.bypassDry?.process(buffers, frames);
			return;
		}
		if (!bypassSteady) for (let c = 0; c < ch; c++) this.bypassScratch[c]!.set(buffers[c]!.subarray(0, frames));
		for (let i = 0; i < this.stages.length; i++) {
			const s = this.stages[i]!;
			const key = keys === null ? null : keys[i]!;
			if (s.mix === s.target) {
				if (s.mix === 1) s.processor.process(buffers, frames, key);
				else if (s.dry) s.dry.process(buffers, frames);
				continue;
			}
			// Crossfade dry ↔ processed over the de-click time.
			for (let c = 0; c < ch; c++) this.scratch[c]!.set(buffers[c]!.subarray(0, frames));
			s.processor.process(buffers, frames, key);
			if (s.dry) s.dry.process(this.scratch, frames);
			const step = (s.target - s.mix) / this.rampLength;
			let m = s.mix;
			for (let n = 0; n < frames; n++) {
				m += step;
				if (step > 0 ? m >= s.target : m <= s.target) m = s.target;
				for (let c = 0; c < ch; c++) {
					const y = buffers[c]!;
					y[n] = this.scratch[c]![n]! + (y[n]! - this.scratch[c]![n]!) * m;
				}
			}
			s.mix = m;
		}
		if (!bypassSteady) {
			this.bypassDry?.process(this.bypassScratch, frames);
			const step = (this.bypassTarget - this.bypassMix) / this.rampLength;
			let m = this.bypassMix;
			for (let n = 0; n < frames; n++) {
				m += step;
				if (step > 0 ? m >= this.bypassTarget : m <= this.bypassTarget) m = this.bypassTarget;
				for (let c = 0; c < ch; c++) {
					const y = buffers[c]!;
					const d = this.bypassScratch[c]![n]!;
					y[n] = d + (y[n]! - d) * m;
				}
			}
			this.bypassMix = m;
		}
	}
}
