// What both reverbs do around their tank: the predelay ahead of the wet path and the wet/dry
// mix after it. A predelay change crossfades from the old tap to the new one over
// PREDELAY_FADE_SECONDS (a jump of the read position would click); a change arriving during a
// fade starts when that fade ends. The mix moves linearly over RAMP_SECONDS like a fader. Both
// count samples, so the result does not depend on how the audio is split into blocks.
import { Ramp, RAMP_SECONDS } from '../ramp.js';

/** The predelay crossfade: long enough not to click, short against the reverb's own onset. */
export const PREDELAY_FADE_SECONDS = 0.02;
/** The longest predelay (ms), the spec's maximum. */
export const MAX_PREDELAY_MS = 500;

/** A target clamped into [min, max]; NaN → min. */
export function clampTarget(v: number, min: number, max: number): number {
	return v > max ? max : v >= min ? v : min;
}

export class Predelay {
	private rings: Float64Array[] = [];
	private mask = 0;
	private write = 0;
	private current = 0;
	private next = 0;
	private fadeLength = 1;
	/** Samples into the running crossfade, or −1. */
	private fadePos = -1;
	private sampleRate = 48000;

	/** Off the audio path. Rings for MAX_PREDELAY_MS plus a block. */
	configure(channels: number, sampleRate: number, maxBlock: number): void {
		this.sampleRate = sampleRate;
		let size = 1;
		while (size < Math.ceil((MAX_PREDELAY_MS * sampleRate) / 1000) + maxBlock + 1) size <<= 1;
		this.mask = size - 1;
		this.rings = Array.from({ length: channels }, () => new Float64Array(size));
		this.fadeLength = Math.max(1, Math.round(PREDELAY_FADE_SECONDS * sampleRate));
	}

	/** Audio thread. Clears the history; the delay jumps to params[slot] (ms). */
	reset(params: Float64Array, slot: number): void {
		for (const r of this.rings) r.fill(0);
		this.write = 0;
		this.current = this.next = this.samplesOf(params, slot);
		this.fadePos = -1;
	}

	/**
	 * Audio thread. dst[c][0..frames) = src[c] delayed by the predelay params[slot] (ms),
	 * crossfading to a new value. (The value travels in its array: a double argument is boxed.)
	 */
	process(src: Float64Array[], dst: Float64Array[], frames: number, params: Float64Array, slot: number): void {
		const target = this.samplesOf(params, slot);
		const mask = this.mask;
		let i = 0;
		while (i < frames) {
			if (this.fadePos < 0 && target !== this.current) {
				this.next = target;
				this.fadePos = 0;
			}
			const n = this.fadePos < 0 ? frames - i : Math.min(frames - i, this.fadeLength - this.fadePos);
			const a = this.current;
			const b = this.next;
			const inv = 1 / this.fadeLength;
			const pos = this.fadePos + 1;
			for (let c = 0; c < this.rings.length; c++) {
				const ring = this.rings[c]!;
				const x = src[c]!;
				const y = dst[c]!;
				let w = this.write;
				if (this.fadePos < 0) {
					for (let k = i; k < i + n; k++) {
						ring[w] = x[k]!;
						y[k] = ring[(w - a) & mask]!;
						w = (w + 1) & mask;
					}
				} else {
					for (let k = 0; k < n; k++) {
						ring[w] = x[i + k]!;
						const old = ring[(w - a) & mask]!;
						y[i + k] = old + (ring[(w - b) & mask]! - old) * ((pos + k) * inv);
						w = (w + 1) & mask;
					}
				}
			}
			this.write = (this.write + n) & mask;
			if (this.fadePos >= 0) {
				this.fadePos += n;
				if (this.fadePos === this.fadeLength) {
					this.current = this.next;
					this.fadePos = -1;
				}
			}
			i += n;
		}
	}

	private samplesOf(params: Float64Array, slot: number): number {
		return Math.round((clampTarget(params[slot]!, 0, MAX_PREDELAY_MS) * this.sampleRate) / 1000) | 0;
	}
}

/** The wet/dry mix: out = mix·wet + (1 − mix)·dry, the mix de-clicked by a linear ramp. */
export class WetMix {
	private ramp = new Ramp(1, 1);
	private gains = new Float64Array(0);
	private readonly applied = new Float64Array(1);

	/** Off the audio path. */
	configure(sampleRate: number, maxBlock: number): void {
		this.ramp = new Ramp(1, Math.max(1, Math.round(RAMP_SECONDS * sampleRate)));
		this.gains = new Float64Array(maxBlock);
		this.applied[0] = NaN;
	}

	/** Audio thread. The mix jumps to params[slot]. */
	reset(params: Float64Array, slot: number): void {
		this.follow(params, slot);
		this.ramp.snap();
	}

	/** Audio thread. buffers (dry, in place) become the mix of themselves and wet by params[slot]. */
	process(buffers: Float64Array[], wet: Float64Array[], frames: number, params: Float64Array, slot: number): void {
		this.follow(params, slot);
		const ramp = this.ramp;
		if (ramp.steady) {
			const m = ramp.value;
			if (m === 0) return;
			for (let c = 0; c < buffers.length; c++) {
				const x = buffers[c]!;
				const y = wet[c]!;
				if (m === 1) for (let i = 0; i < frames; i++) x[i] = y[i]!;
				else for (let i = 0; i < frames; i++) x[i] = x[i]! + (y[i]! - x[i]!) * m;
			}
			return;
		}
		const g = this.gains;
		ramp.fill(g, frames);
		for (let c = 0; c < buffers.length; c++) {
			const x = buffers[c]!;
			const y = wet[c]!;
			for (let i = 0; i < frames; i++) x[i] = x[i]! + (y[i]! - x[i]!) * g[i]!;
		}
	}

	private follow(params: Float64Array, slot: number): void {
		const m = clampTarget(params[slot]!, 0, 1);
		if (m === this.applied[0]) return;
		this.applied[0] = m;
		this.ramp.set(m);
	}
}
