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
	/**
	 * The integrators ⟨L·R⟩, ⟨L²⟩, ⟨R²⟩. A typed array rather than fields: a field that holds both
	 * 0 and other numbers may be boxed by V8, and then every store allocates.
	 */
	private readonly sums = new Float64Array(3);
	private readonly scratch = new Float32Array(1);

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
		const sums = this.sums;
		let lr = sums[0]!;
		let ll = sums[1]!;
		let rr = sums[2]!;
		for (let i = offset, end = offset + frames; i < end; i++) {
			const x = l[i]!;
			const y = r[i]!;
			lr = a * lr + b * x * y;
			ll = a * ll + b * x * x;
			rr = a * rr + b * y * y;
		}
		// Flush what long silences would otherwise decay into subnormals.
		sums[0] = lr < 1e-30 && lr > -1e-30 ? 0 : lr;
		sums[1] = ll < 1e-30 ? 0 : ll;
		sums[2] = rr < 1e-30 ? 0 : rr;
	}

	/** Correlation now, −1…+1; 0 for silence. Any thread that owns the meter; never allocates. */
	value(): number {
		const one = this.scratch;
		this.writeState(one, 0);
		return one[0]!;
	}

	/** Writes the correlation into `dest[offset]` (e.g. shared memory). Audio thread; never allocates. */
	writeState(dest: Float32Array | Float64Array, offset: number): void {
		const sums = this.sums;
		const lr = sums[0]!;
		const ll = sums[1]!;
		const rr = sums[2]!;
		if (ll < SILENCE || rr < SILENCE) {
			dest[offset] = 0;
			return;
		}
		const r = lr / Math.sqrt(ll * rr);
		dest[offset] = r > 1 ? 1 : r < -1 ? -1 : r;
	}

	/** Clears the integrators. Audio thread, between blocks. */
	reset(): void {
		this.sums.fill(0);
	}
}
