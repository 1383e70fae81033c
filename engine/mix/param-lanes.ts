// Automation of strip parameters: each lane writes its parameter's target on a grid of GRID
// samples counted from timeline 0, and the chain runs between grid points. The grid is fixed to
// the timeline, not to blocks, so real time and offline (whatever their block sizes) set the
// same values at the same samples and print the same bits; the processors glide between them.
import type { Lane } from '../dsp/automation.js';
import { fillLinear } from '../dsp/automation.js';
import { slotOf } from '../dsp/processor.js';
import type { ParamLane } from '../plan.js';
import type { StripChain } from './strip-chain.js';

/** Samples between automation updates of a strip parameter (0.67 ms at 48 kHz). */
export const GRID = 32;

interface Target {
	param: string;
	lane: Lane;
	params: Float64Array;
	slot: number;
}

/** A strip's automated parameters, resolved to the slots of its chain, with the buffers a grid step needs. */
export class ParamLanes {
	private readonly targets: Target[];
	private readonly value = new Float64Array(1);
	private readonly chunk: Float64Array[];
	private readonly keyChunks: (Float64Array[] | null)[] | null;

	/** Off the audio path. Lanes naming a section the chain does not have are dropped. */
	constructor(
		lanes: readonly ParamLane[],
		readonly chain: StripChain,
		channels: number,
		readonly keys: (Float64Array[] | null)[] | null,
	) {
		this.targets = [];
		for (const { param, lane } of lanes) this.set(param, lane);
		this.chunk = Array.from({ length: channels }, () => new Float64Array(GRID));
		this.keyChunks = keys ? keys.map((k) => (k ? k.map(() => new Float64Array(GRID)) : null)) : null;
	}

	get empty(): boolean {
		return this.targets.length === 0;
	}

	/** The lane of `param` ('strip.eq.0.gain'), if it has one. */
	lane(param: string): Lane | undefined {
		return this.targets.find((t) => t.param === param)?.lane;
	}

	/**
	 * Between blocks (a pass being written): gives `param` a new lane, or none. False when the
	 * chain has no such parameter.
	 */
	set(param: string, lane: Lane | undefined): boolean {
		const i = this.targets.findIndex((t) => t.param === param);
		if (!lane) {
			if (i >= 0) this.targets.splice(i, 1);
			return true;
		}
		if (i >= 0) {
			this.targets[i]!.lane = lane;
			return true;
		}
		const parts = param.slice('strip.'.length).split('.');
		const name = parts.pop()!;
		const path = parts.length === 0 ? 'trim' : parts.join('.');
		const index = this.chain.indexOf(path);
		if (index < 0) return false;
		const p = this.chain.processor(index);
		const slot = slotOf(p, path === 'trim' ? 'gain' : name);
		if (slot < 0) return false;
		this.targets.push({ param, lane, params: p.params, slot });
		return true;
	}

	/** Audio thread. Every lane's value at timeline sample `at` into its parameter (a seek). */
	prime(at: number, sampleRate: number): void {
		for (let t = 0; t < this.targets.length; t++) {
			const target = this.targets[t]!;
			fillLinear(target.lane, at, 1, sampleRate, this.value);
			target.params[target.slot] = this.value[0]!;
		}
	}

	/** Audio thread. Runs the chain over buffers[c][0, frames) at timeline sample `at`, setting the lanes' values on the grid. */
	process(buffers: Float64Array[], frames: number, at: number, sampleRate: number): void {
		const ch = buffers.length;
		let n = 0;
		while (n < frames) {
			const pos = at + n;
			const phase = ((pos % GRID) + GRID) % GRID;
			const len = Math.min(frames - n, GRID - phase);
			if (phase === 0) {
				for (let t = 0; t < this.targets.length; t++) {
					const target = this.targets[t]!;
					fillLinear(target.lane, pos, 1, sampleRate, this.value);
					target.params[target.slot] = this.value[0]!;
				}
			}
			if (n === 0 && len === frames) {
				this.chain.process(buffers, frames, this.keys);
				return;
			}
			// A piece between grid points, through the chunk buffers (no views allocated).
			for (let c = 0; c < ch; c++) {
				const src = buffers[c]!;
				const dst = this.chunk[c]!;
				for (let i = 0; i < len; i++) dst[i] = src[n + i]!;
			}
			const keys = this.keyChunks;
			if (keys) {
				for (let k = 0; k < keys.length; k++) {
					const from = this.keys![k];
					const to = keys[k];
					if (!from || !to) continue;
					for (let c = 0; c < to.length; c++) for (let i = 0; i < len; i++) to[c]![i] = from[c]![n + i]!;
				}
			}
			this.chain.process(this.chunk, len, keys);
			for (let c = 0; c < ch; c++) {
				const src = this.chunk[c]!;
				const dst = buffers[c]!;
				for (let i = 0; i < len; i++) dst[n + i] = src[i]!;
			}
			n += len;
		}
	}
}
