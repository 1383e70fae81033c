// Sample-peak meter for channel strips: instant attack, a bar that falls back at a fixed rate in
// dB (IEC 60268-18 return time: 20 dB in 1.7 s), a peak-hold reading and a latched clip flag.
// Ballistics run per sample, so readings do not depend on the audio block size.

/** Floats per channel written by `writeState`: bar level, hold level (linear), clip (0 | 1). */
export const PEAK_METER_STRIDE = 3;

export interface PeakMeterOptions {
	/** Seconds the hold reading stays at a peak before it falls (default 1.5). */
	holdSeconds?: number;
	/** Fall-back rate of the bar, and of the hold once released, in dB/s (default 20/1.7 ≈ 11.8). */
	fallDbPerSecond?: number;
}

export class PeakMeter {
	readonly channels: number;
	private readonly fall: number;
	private readonly holdSamples: number;
	private readonly levels: Float64Array;
	private readonly holds: Float64Array;
	private readonly holdAge: Float64Array;
	private readonly clips: Uint8Array;

	/** Allocates its state; call off the audio thread. */
	constructor(channels: number, sampleRate: number, options: PeakMeterOptions = {}) {
		const fallDb = options.fallDbPerSecond ?? 20 / 1.7;
		this.channels = channels;
		// Per-sample factor: a fall linear in dB is exponential in amplitude.
		this.fall = Math.pow(10, -fallDb / 20 / sampleRate);
		this.holdSamples = Math.round((options.holdSeconds ?? 1.5) * sampleRate);
		this.levels = new Float64Array(channels);
		this.holds = new Float64Array(channels);
		this.holdAge = new Float64Array(channels);
		this.clips = new Uint8Array(channels);
	}

	/** Meters `frames` frames of planar audio from `offset`. Audio thread; never allocates. */
	process(channels: readonly ArrayLike<number>[], frames: number, offset = 0): void {
		const k = this.fall;
		const holdSamples = this.holdSamples;
		for (let c = 0; c < this.channels; c++) {
			const src = channels[c]!;
			let level = this.levels[c]!;
			let hold = this.holds[c]!;
			let age = this.holdAge[c]!;
			let clip = this.clips[c]!;
			for (let i = offset, end = offset + frames; i < end; i++) {
				const x = src[i]!;
				const a = x < 0 ? -x : x;
				level *= k;
				if (a > level) level = a;
				if (a >= 1) clip = 1;
				if (a >= hold) {
					hold = a;
					age = 0;
				} else if (age < holdSamples) {
					age++;
				} else {
					hold *= k;
					if (hold < level) hold = level;
				}
			}
			// Keep long silences out of subnormal range (a 1e-30 bar is −600 dBFS).
			this.levels[c] = level < 1e-30 ? 0 : level;
			this.holds[c] = hold < 1e-30 ? 0 : hold;
			this.holdAge[c] = age;
			this.clips[c] = clip;
		}
	}

	/**
	 * Meters a block known only by its peak per channel (peaks[c], e.g. the renderer's post-fader
	 * track peaks): the same ballistics as `process` at block resolution (the bar decays over the
	 * block, then takes the peak). Audio thread; never allocates.
	 */
	processPeaks(peaks: Float32Array, frames: number): void {
		const decay = Math.pow(this.fall, frames);
		for (let c = 0; c < this.channels; c++) {
			const peak = peaks[c]!;
			let level = this.levels[c]! * decay;
			if (peak > level) level = peak;
			if (peak >= 1) this.clips[c] = 1;
			let hold = this.holds[c]!;
			let age = this.holdAge[c]!;
			if (peak >= hold) {
				hold = peak;
				age = 0;
			} else if (age + frames <= this.holdSamples) {
				age += frames;
			} else {
				hold *= Math.pow(this.fall, Math.min(frames, age + frames - this.holdSamples));
				age = this.holdSamples;
				if (hold < level) hold = level;
			}
			this.levels[c] = level < 1e-30 ? 0 : level;
			this.holds[c] = hold < 1e-30 ? 0 : hold;
			this.holdAge[c] = age;
		}
	}

	/**
	 * Writes [level dBFS, hold dBFS, clip 0|1] per channel into `dest` from `offset`, `stride`
	 * floats apart (the engine's shared meter layout). Audio thread; never allocates.
	 */
	writeDb(dest: Float64Array, offset: number, stride: number): void {
		for (let c = 0; c < this.channels; c++) {
			const o = offset + c * stride;
			const level = this.levels[c]!;
			const hold = this.holds[c]!;
			dest[o] = level > 0 ? 20 * Math.log10(level) : -Infinity;
			dest[o + 1] = hold > 0 ? 20 * Math.log10(hold) : -Infinity;
			dest[o + 2] = this.clips[c]!;
		}
	}

	/** Bar level of `channel`, linear. Any thread that owns the meter. */
	level(channel: number): number {
		return this.levels[channel]!;
	}

	/** Hold reading of `channel`, linear. */
	hold(channel: number): number {
		return this.holds[channel]!;
	}

	/** True once any sample of `channel` reached ±1.0 (0 dBFS), until `resetClip`. */
	clipped(channel: number): boolean {
		return this.clips[channel] === 1;
	}

	/**
	 * Writes [level, hold, clip] per channel into `dest` from `offset` (PEAK_METER_STRIDE floats
	 * per channel), e.g. a Float32Array over the engine's SharedArrayBuffer. Audio thread, after
	 * `process`; never allocates. The UI thread reads the shared floats on its own tick.
	 */
	writeState(dest: Float32Array, offset: number): void {
		for (let c = 0; c < this.channels; c++) {
			const o = offset + c * PEAK_METER_STRIDE;
			dest[o] = this.levels[c]!;
			dest[o + 1] = this.holds[c]!;
			dest[o + 2] = this.clips[c]!;
		}
	}

	/** Clears the clip indicators (the user acknowledged them). Audio thread, between blocks. */
	resetClip(): void {
		this.clips.fill(0);
	}

	/** Clears everything. Audio thread, between blocks. */
	reset(): void {
		this.levels.fill(0);
		this.holds.fill(0);
		this.holdAge.fill(0);
		this.clips.fill(0);
	}
}
