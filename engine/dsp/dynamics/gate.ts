// The strip's gate: a downward gate with a floor. At or above the threshold (the peak detector
// of detector.ts) the gain is 0 dB; once the signal has stayed under it for `hold`, the gain
// falls to `range` dB (the floor, a negative number) with the release time constant, and it
// rises again with the attack time constant, both one-poles in dB.
//
// Hold is counted from the last sample at or above the threshold. The detector already holds a
// level for its window (10 ms), so a hold shorter than that acts as the window: that is what
// keeps a gate from chattering inside the cycle of a low note. Range glides over GLIDE_MS when
// it changes; threshold, attack, hold and release take effect at the next block.
import type { ParamSpec, Processor } from '../processor.js';
import { defaultParams } from '../processor.js';
import { STRIP_PARAMS } from '../../../sessions/strip-params.js';
import { PeakDetector } from './detector.js';
import { applyGains, applySteady, G_DOWN, G_LOWEST, G_PROBE, G_TARGET, G_UP, gainState, resetGainState, smoothToGains, steadyBlock } from './gain.js';
import { Glides } from './glides.js';

export const GATE_SPECS: readonly ParamSpec[] = STRIP_PARAMS.gate;
export const GATE_THRESHOLD = 0;
export const GATE_RANGE = 1;
export const GATE_ATTACK = 2;
export const GATE_HOLD = 3;
export const GATE_RELEASE = 4;

/** The static gain in dB at level x (dBFS): 0 at or above the threshold, `range` under it. Any thread. */
export function gateGain(x: number, threshold: number, range: number): number {
	return x >= threshold ? 0 : range;
}

/** A short label for a strip: "-50 -20". */
export function describeGate(params: ArrayLike<number>): string {
	return `${Math.round(params[GATE_THRESHOLD]!)} ${Math.round(params[GATE_RANGE]!)}`;
}

export class Gate implements Processor {
	readonly latency = 0;
	readonly specs = GATE_SPECS;
	readonly params = defaultParams(GATE_SPECS);
	readonly reduction = new Float64Array(1);
	private readonly glides = new Glides(this.params, GATE_SPECS, [GATE_RANGE]);
	private readonly detector = new PeakDetector();
	private readonly gains = gainState();
	/** [threshold, attack, hold, release] the derived values below are for. */
	private readonly derivedFor = new Float64Array(4);
	private sampleRate = 48000;
	private level = new Float64Array(0);
	private target = new Float64Array(0);
	private linear = new Float64Array(0);
	private threshold = 0;
	/** Samples the windowed level may stay under the threshold before the gate closes. */
	private holdSamples = 0;
	private holdLeft = 0;

	/** Off the audio path. */
	configure(_channels: number, sampleRate: number, maxBlock: number): void {
		this.sampleRate = sampleRate;
		this.detector.configure(sampleRate);
		this.glides.configure(sampleRate);
		this.level = new Float64Array(maxBlock);
		this.target = new Float64Array(maxBlock);
		this.linear = new Float64Array(maxBlock);
		this.reset();
	}

	/** Audio thread. Gates buffers in place; the level comes from `key` when given. */
	process(buffers: Float64Array[], frames: number, key: Float64Array[] | null): void {
		this.detector.run(key !== null && key.length > 0 ? key : buffers, frames, this.level);
		const glides = this.glides;
		glides.begin();
		const v = glides.value;
		const f = this.derivedFor;
		if (v[GATE_THRESHOLD] !== f[0] || v[GATE_ATTACK] !== f[1] || v[GATE_HOLD] !== f[2] || v[GATE_RELEASE] !== f[3]) {
			f[0] = v[GATE_THRESHOLD]!;
			f[1] = v[GATE_ATTACK]!;
			f[2] = v[GATE_HOLD]!;
			f[3] = v[GATE_RELEASE]!;
			const sr = this.sampleRate;
			this.threshold = Math.pow(10, f[0] / 20);
			this.gains[G_UP] = Math.exp(-1000 / (f[1] * sr));
			this.gains[G_DOWN] = Math.exp(-1000 / (f[3] * sr));
			this.holdSamples = Math.max(0, Math.round((f[2] * sr) / 1000) - this.detector.window);
		}
		const level = this.level;
		const target = this.target;
		const thr = this.threshold;
		const hold = this.holdSamples;
		let left = this.holdLeft;
		const floor = v[GATE_RANGE]!;
		const sm = this.gains;
		if (glides.moving === 0) {
			// All at or over the threshold (open), or all under it with the hold run out (closed), with
			// the gain already there: one constant gain for the block (same bits as the per-sample path).
			const b = this.detector.bounds;
			const open = b[0]! >= thr;
			const probe = open ? 0 : b[1]! < thr && left === 0 ? floor : NaN;
			if (probe === probe) {
				sm[G_PROBE] = probe;
				if (steadyBlock(sm)) {
					if (open) this.holdLeft = hold;
					if (sm[G_LOWEST]! < this.reduction[0]!) this.reduction[0] = sm[G_LOWEST]!;
					sm[G_LOWEST] = 0;
					applySteady(buffers, frames, sm);
					return;
				}
			}
		}
		// While the range glides, its value per sample (in `linear`, free until smoothToGains fills it).
		const floors = glides.moving > 0 ? this.linear : null;
		if (floors !== null) glides.fill(GATE_RANGE, floors, frames);
		// Every block (a no-op when nothing moves), so it stays compiled.
		glides.advance(frames);
		for (let i = 0; i < frames; i++) {
			if (level[i]! >= thr) {
				left = hold;
				target[i] = 0;
			} else if (left > 0) {
				left--;
				target[i] = 0;
			} else target[i] = floors === null ? floor : floors[i]!;
		}
		this.holdLeft = left;
		smoothToGains(target, null, this.linear, frames, sm, buffers[0]!, null);
		if (sm[G_LOWEST]! < this.reduction[0]!) this.reduction[0] = sm[G_LOWEST]!;
		sm[G_LOWEST] = 0;
		applyGains(buffers, 1, this.linear, frames, sm);
	}

	/** Audio thread. The gate starts closed (at its floor); parameters jump to their targets. */
	reset(): void {
		this.glides.snap();
		this.detector.reset();
		this.derivedFor.fill(NaN);
		this.holdLeft = 0;
		resetGainState(this.gains);
		this.gains[G_TARGET] = this.glides.value[GATE_RANGE]!;
	}
}
