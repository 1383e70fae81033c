// The strip's limiter: the project's look-ahead true-peak limiter (../true-peak-limiter.ts, the
// one `render --normalize` uses) as a strip processor. `ceiling` (dBTP) is where the output's
// true peak stays, less the limiter's 0.05 dB margin; `release` is its fast follower's time
// constant (the slow, programme-dependent follower stays at 400 ms). A ceiling change glides
// over 20 ms, a release change applies at the next block. The look-ahead makes the output lag
// the input by `latency` samples (2 ms + 10 samples, fixed for a sample rate); below the ceiling
// the output is exactly the input delayed by that much.
import type { ParamSpec, Processor } from '../processor.js';
import { defaultParams } from '../processor.js';
import { STRIP_PARAMS } from '../../../sessions/strip-params.js';
import { TARGET_CEILING, TARGET_RELEASE, TruePeakLimiter } from '../true-peak-limiter.js';

export const LIMITER_SPECS: readonly ParamSpec[] = STRIP_PARAMS.limiter;
export const LIMIT_CEILING = 0;
export const LIMIT_RELEASE = 1;

/** A short label for a strip: "-1.0 dBTP". */
export function describeLimiter(params: ArrayLike<number>): string {
	return `${params[LIMIT_CEILING]!.toFixed(1)} dBTP`;
}

export class StripLimiter implements Processor {
	readonly specs = LIMITER_SPECS;
	readonly params = defaultParams(LIMITER_SPECS);
	readonly reduction = new Float64Array(1);
	private limiter: TruePeakLimiter | null = null;

	/** The look-ahead in samples (0 until configured). */
	get latency(): number {
		return this.limiter?.latency ?? 0;
	}

	/** Off the audio path. Builds the limiter with the current targets. */
	configure(channels: number, sampleRate: number, _maxBlock: number): void {
		this.limiter = new TruePeakLimiter(channels, sampleRate, this.clamped(LIMIT_CEILING), { releaseFastMs: this.clamped(LIMIT_RELEASE) });
	}

	/** Audio thread. Limits buffers in place (delayed by `latency`). */
	process(buffers: Float64Array[], frames: number, _key: Float64Array[] | null): void {
		const lim = this.limiter!;
		this.pushTargets(lim);
		lim.process(buffers, frames);
		const low = lim.lowest[0]!;
		if (low < 1) {
			const db = 20 * Math.log10(low);
			if (db < this.reduction[0]!) this.reduction[0] = db;
			lim.lowest[0] = 1;
		}
	}

	/** Audio thread. Clears the look-ahead and the followers; the targets apply at once. */
	reset(): void {
		const lim = this.limiter;
		if (lim === null) return;
		this.pushTargets(lim);
		lim.reset();
	}

	private pushTargets(lim: TruePeakLimiter): void {
		const p = this.params;
		const s = this.specs;
		for (let k = 0; k < 2; k++) {
			let t = p[k]!;
			if (!(t >= s[k]!.min)) t = s[k]!.min;
			else if (t > s[k]!.max) t = s[k]!.max;
			lim.targets[k === LIMIT_CEILING ? TARGET_CEILING : TARGET_RELEASE] = t;
		}
	}

	private clamped(slot: number): number {
		const t = this.params[slot]!;
		const s = this.specs[slot]!;
		return t >= s.min ? Math.min(t, s.max) : s.min;
	}
}
