// Phase-correlation meter for the stereo master: r = ⟨L·R⟩ / √(⟨L²⟩·⟨R²⟩), −1…+1, with the three
// averages taken by one-pole (exponential) integrators, time constant 200 ms by default: slow
// enough to read steadily on programme, fast enough to follow a cut. Unweighted (full band).
// Reads 0 when either side is below −100 dBFS RMS (silence has no correlation).

const SILENCE = 1e-10;

export interface CorrelationMeterOptions {
	/** Integration time constant in seconds (default 0.2). */
	integrationSeconds?: number;
}

export class CorrelationMeter {
	private readonly a: number;
	private lr = 0;
	private ll = 0;
	private rr = 0;

	/** Call off the audio thread. */
	constructor(sampleRate: number, options: CorrelationMeterOptions = {}) {
		this.a = Math.exp(-1 / ((options.integrationSeconds ?? 0.2) * sampleRate));
	}

	/** Meters `frames` frames of [left, right] from `offset`. Audio thread; never allocates. */
	process(channels: readonly ArrayLike<number>[], frames: number, offset = 0): void {
		const l = channels[0]!;
		const r = channels[1]!;
		const a = this.a;
		const b = 1 - a;
		let lr = this.lr;
		let ll = this.ll;
		let rr = this.rr;
		for (let i = offset, end = offset + frames; i < end; i++) {
			const x = l[i]!;
			const y = r[i]!;
			lr = a * lr + b * x * y;
			ll = a * ll + b * x * x;
			rr = a * rr + b * y * y;
		}
		// Flush what long silences would otherwise decay into subnormals.
		this.lr = lr < 1e-30 && lr > -1e-30 ? 0 : lr;
		this.ll = ll < 1e-30 ? 0 : ll;
		this.rr = rr < 1e-30 ? 0 : rr;
	}

	/** Correlation now, −1…+1; 0 for silence. Any thread that owns the meter; never allocates. */
	value(): number {
		if (this.ll < SILENCE || this.rr < SILENCE) return 0;
		const r = this.lr / Math.sqrt(this.ll * this.rr);
		return r > 1 ? 1 : r < -1 ? -1 : r;
	}

	/** Writes `value()` into `dest[offset]` (a SharedArrayBuffer view). Audio thread; never allocates. */
	writeState(dest: Float32Array, offset: number): void {
		dest[offset] = this.value();
	}

	/** Clears the integrators. Audio thread, between blocks. */
	reset(): void {
		this.lr = 0;
		this.ll = 0;
		this.rr = 0;
	}
}
