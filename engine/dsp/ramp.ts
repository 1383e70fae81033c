// De-clicking for live parameter changes (fader moves, mute, solo, pan, polarity).
// A change moves the applied value linearly to the new target over RAMP_SECONDS; a new target
// during a ramp restarts it from the value reached. When current equals target the renderer
// takes the scalar fast path, so an offline render (no live changes) is exact.

/** 10 ms: long enough that a full-scale step has no audible click, short enough to feel immediate. */
export const RAMP_SECONDS = 0.01;

export class Ramp {
	private current: number;
	private target: number;
	private step = 0;
	private remaining = 0;

	/** Main/UI side builds it; the audio thread calls everything else. */
	constructor(
		value: number,
		private readonly length: number,
	) {
		this.current = value;
		this.target = value;
	}

	/** Audio thread. Starts a ramp to `target` (no-op when already there). */
	set(target: number): void {
		if (target === this.target && this.remaining === 0) return;
		this.target = target;
		if (this.length <= 1 || !Number.isFinite(target - this.current)) {
			this.current = target;
			this.remaining = 0;
			return;
		}
		this.remaining = this.length;
		this.step = (target - this.current) / this.length;
	}

	/** Audio thread. Jumps to the target (nothing audible depends on the ramp, e.g. a silent track). */
	snap(): void {
		this.current = this.target;
		this.remaining = 0;
	}

	get steady(): boolean {
		return this.remaining === 0;
	}

	/** The value now (the scalar used on the fast path). */
	get value(): number {
		return this.current;
	}

	get goal(): number {
		return this.target;
	}

	/** Audio thread. Writes the next `frames` values into out[0..frames) and advances. */
	fill(out: Float64Array, frames: number): void {
		let i = 0;
		let v = this.current;
		const n = Math.min(frames, this.remaining);
		for (; i < n; i++) {
			v += this.step;
			out[i] = v;
		}
		this.remaining -= n;
		if (this.remaining === 0) {
			v = this.target;
			for (; i < frames; i++) out[i] = v;
		}
		this.current = v;
	}

	/** Audio thread. Multiplies out[0..frames) by the next values and advances. */
	apply(out: Float64Array, frames: number): void {
		let i = 0;
		let v = this.current;
		const n = Math.min(frames, this.remaining);
		for (; i < n; i++) {
			v += this.step;
			out[i] *= v;
		}
		this.remaining -= n;
		if (this.remaining === 0) {
			v = this.target;
			for (; i < frames; i++) out[i] *= v;
		}
		this.current = v;
	}
}
