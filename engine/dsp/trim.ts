// The strip's input trim: a gain in dB ahead of everything else. A change moves the applied
// gain linearly over RAMP_SECONDS, like the faders (ramp.ts); at exactly 0 dB and steady it
// touches nothing, so an unused trim is bit-transparent.
import { TRIM_SPEC } from '../../sessions/strip-params.js';
import { defaultParams, type ParamSpec, type Processor } from './processor.js';
import { Ramp, RAMP_SECONDS } from './ramp.js';

/** [gain (dB)]. */
export const TRIM_SPECS: readonly ParamSpec[] = [{ ...TRIM_SPEC, name: 'gain' }];

export class Trim implements Processor {
	readonly latency = 0;
	readonly specs = TRIM_SPECS;
	readonly params = defaultParams(TRIM_SPECS);
	private ramp = new Ramp(1, 1);
	private gains = new Float64Array(0);
	/** The target (dB) the ramp was last given; a Float64Array so the comparison never boxes. */
	private readonly applied = new Float64Array(1);

	/** Off the audio path. */
	configure(_channels: number, sampleRate: number, maxBlock: number): void {
		this.ramp = new Ramp(1, Math.round(RAMP_SECONDS * sampleRate));
		this.gains = new Float64Array(maxBlock);
		this.applied[0] = NaN;
		this.reset();
	}

	/** Audio thread. */
	process(buffers: Float64Array[], frames: number, _key: Float64Array[] | null): void {
		this.follow();
		const ramp = this.ramp;
		if (ramp.steady) {
			const g = ramp.value;
			if (g === 1) return;
			for (let c = 0; c < buffers.length; c++) {
				const x = buffers[c]!;
				for (let i = 0; i < frames; i++) x[i] *= g;
			}
			return;
		}
		const gains = this.gains;
		ramp.fill(gains, frames);
		for (let c = 0; c < buffers.length; c++) {
			const x = buffers[c]!;
			for (let i = 0; i < frames; i++) x[i] *= gains[i]!;
		}
	}

	/** Audio thread. The gain jumps to its target. */
	reset(): void {
		this.follow();
		this.ramp.snap();
	}

	/** Starts a ramp when the target moved (clamped to the spec; NaN → 0 dB). */
	private follow(): void {
		const v = this.params[0]!;
		const spec = TRIM_SPECS[0]!;
		const db = v > spec.max ? spec.max : v < spec.min ? spec.min : v === v ? v : 0;
		if (db === this.applied[0]) return;
		this.applied[0] = db;
		this.ramp.set(Math.pow(10, db / 20));
	}
}
