// De-clicked parameters for the dynamics processors (the filters keep their own).
import type { ParamSpec } from '../processor.js';

/** Duration of a parameter glide (threshold, range, makeup …), ms. */
export const GLIDE_MS = 20;

/**
 * De-clicked parameters: the chosen slots of `params` move linearly to a new target over a
 * fixed number of samples (a new target mid-way restarts from where the value is), clamped to
 * their specs. value[k] = goal − step·left is a function of the samples left, so advancing
 * 1 + 1 or 2 samples gives the same bits.
 */
export class Glides {
	/** The current value of every slot of params (slots that do not glide jump), in the session's units. */
	readonly value: Float64Array;
	private readonly goal: Float64Array;
	private readonly step: Float64Array;
	private readonly left: Int32Array;
	private readonly gliding: Uint8Array;
	private readonly lo: Float64Array;
	private readonly hi: Float64Array;
	private length = 1;
	/** Slots still moving. */
	moving = 0;

	/** Off the audio path. */
	constructor(
		private readonly params: Float64Array,
		specs: readonly ParamSpec[],
		slots: readonly number[],
	) {
		const n = params.length;
		this.value = new Float64Array(n);
		this.goal = new Float64Array(n);
		this.step = new Float64Array(n);
		this.left = new Int32Array(n);
		this.gliding = Uint8Array.from({ length: n }, (_, k) => (slots.includes(k) ? 1 : 0));
		this.lo = Float64Array.from(specs, (s) => s.min);
		this.hi = Float64Array.from(specs, (s) => s.max);
		this.snap();
	}

	/** Off the audio path: glides last `ms` at `sampleRate`. */
	configure(sampleRate: number, ms = GLIDE_MS): void {
		this.length = Math.max(1, Math.round((ms * sampleRate) / 1000));
	}

	/** Audio thread, at the start of a block: picks up changed targets. True while something moves. */
	begin(): boolean {
		const p = this.params;
		for (let k = 0; k < p.length; k++) {
			let t = p[k]!;
			// NaN fails both comparisons and is replaced by the lower bound.
			if (!(t >= this.lo[k]!)) t = this.lo[k]!;
			else if (t > this.hi[k]!) t = this.hi[k]!;
			if (t === this.goal[k]!) continue;
			if (this.gliding[k] === 0) {
				this.value[k] = this.goal[k] = t;
				continue;
			}
			if (this.left[k] === 0) this.moving++;
			this.goal[k] = t;
			this.left[k] = this.length;
			this.step[k] = (t - this.value[k]!) / this.length;
		}
		return this.moving > 0;
	}

	/** Audio thread. Advances every moving slot by `samples`. */
	advance(samples: number): void {
		if (this.moving === 0) return;
		for (let k = 0; k < this.left.length; k++) {
			const left = this.left[k]!;
			if (left === 0) continue;
			if (left <= samples) {
				this.left[k] = 0;
				this.value[k] = this.goal[k]!;
				this.moving--;
			} else {
				this.left[k] = left - samples;
				this.value[k] = this.goal[k]! - this.step[k]! * (left - samples);
			}
		}
	}

	/** Audio thread. out[i] = value[k] after i + 1 more samples, for i in [0, frames) (what advance(1) before each sample gives). */
	fill(k: number, out: Float64Array, frames: number): void {
		const left = this.left[k]!;
		const goal = this.goal[k]!;
		const step = this.step[k]!;
		for (let i = 0; i < frames; i++) {
			const r = left - (i + 1);
			out[i] = r > 0 ? goal - step * r : goal;
		}
	}

	/** Audio thread. out[k] = what value[k] will be `samples` from now, if no target changes. */
	peek(samples: number, out: Float64Array): void {
		for (let k = 0; k < this.left.length; k++) {
			const left = this.left[k]!;
			out[k] = left <= samples ? this.goal[k]! : this.goal[k]! - this.step[k]! * (left - samples);
		}
	}

	/** Audio thread. Samples until slot k reaches its goal (0: there). */
	remaining(k: number): number {
		return this.left[k]!;
	}

	/** Audio thread. Every slot jumps to its (clamped) target. */
	snap(): void {
		const p = this.params;
		for (let k = 0; k < p.length; k++) {
			let t = p[k]!;
			if (!(t >= this.lo[k]!)) t = this.lo[k]!;
			else if (t > this.hi[k]!) t = this.hi[k]!;
			this.value[k] = this.goal[k] = t;
			this.left[k] = 0;
		}
		this.moving = 0;
	}
}
