// The live ducker: dips a track or a bus under another one's output (music under dialogue).
// The key's level is the peak detector of detector.ts. At or over the threshold the target gain
// is `depth` dB; once the key has stayed under it for `hold`, it is 0 dB. The gain follows its
// target in dB with one-pole time constants, `attack` going down and `release` coming back
// (gain.ts). The ducked signal is delayed by `lookahead` (the processor's latency, compensated
// by the plan) while the key is not, so the dip starts that much before the key rises.
//
// Hold is counted from the last sample at or over the threshold, and includes the detector's
// own 10 ms window (as in the gate). Depth glides over GLIDE_MS, and switching the ducker off
// glides its depth to 0 dB (the look-ahead stays, so nothing moves against the mix); threshold,
// attack, hold and release take effect at the next block; the look-ahead is fixed once configured.
import type { ParamSpec, Processor } from '../processor.js';
import { defaultParams } from '../processor.js';
import { DUCK_PARAMS } from '../../../sessions/strip-params.js';
import { DelayLine } from '../delay.js';
import { PeakDetector } from './detector.js';
import { G_DOWN, G_LIN, G_LOWEST, G_PROBE, G_UNITY, G_UP, gainState, resetGainState, smoothToGains, steadyBlock } from './gain.js';
import { Glides } from './glides.js';

export const DUCK_SPECS: readonly ParamSpec[] = DUCK_PARAMS;
export const DUCK_THRESHOLD = 0;
export const DUCK_DEPTH = 1;
export const DUCK_ATTACK = 2;
export const DUCK_HOLD = 3;
export const DUCK_RELEASE = 4;
export const DUCK_LOOKAHEAD = 5;

/** The look-ahead of `ms` at `sampleRate` in samples (the ducker's latency). Any thread. */
export function duckLatency(ms: number, sampleRate: number): number {
	return Math.max(0, Math.round((ms * sampleRate) / 1000));
}

export class Ducker implements Processor {
	latency = 0;
	readonly specs = DUCK_SPECS;
	readonly params = defaultParams(DUCK_SPECS);
	readonly reduction = new Float64Array(1);
	/** [0]: 1 while on, 0 off (the depth glides to 0 dB). Written between blocks. */
	readonly on = new Float64Array([1]);
	/** The linear gain of each sample of the last processGains() block, and [0] of `unity`: 1 when all were exactly 1. */
	gains = new Float64Array(0);
	readonly unity = new Uint8Array([1]);
	/** The targets with the depth switched (depth · on), the form that glides. */
	private readonly shaped = new Float64Array(DUCK_SPECS.length);
	private readonly glides = new Glides(this.shaped, DUCK_SPECS, [DUCK_DEPTH]);
	private readonly detector = new PeakDetector();
	private readonly state = gainState();
	/** [threshold, attack, hold, release] the derived values below are for. */
	private readonly derivedFor = new Float64Array(4);
	private delay: DelayLine | null = null;
	private sampleRate = 48000;
	private level = new Float64Array(0);
	private target = new Float64Array(0);
	private depths = new Float64Array(0);
	/** Where smoothToGains applies its gain in processGains() (the gain is wanted, not applied). */
	private sink = new Float64Array(0);
	private threshold = 0;
	private holdSamples = 0;
	private holdLeft = 0;

	/** Off the audio path. The look-ahead is read from params here and fixed from then on. */
	configure(channels: number, sampleRate: number, maxBlock: number): void {
		this.sampleRate = sampleRate;
		const ms = this.params[DUCK_LOOKAHEAD]!;
		const spec = DUCK_SPECS[DUCK_LOOKAHEAD]!;
		this.latency = duckLatency(ms >= spec.min ? Math.min(ms, spec.max) : spec.min, sampleRate);
		this.delay = this.latency > 0 ? new DelayLine(channels, this.latency) : null;
		this.detector.configure(sampleRate);
		this.glides.configure(sampleRate);
		this.level = new Float64Array(maxBlock);
		this.target = new Float64Array(maxBlock);
		this.depths = new Float64Array(maxBlock);
		this.sink = new Float64Array(maxBlock);
		this.gains = new Float64Array(maxBlock);
		this.reset();
	}

	/** Audio thread. Delays buffers by the look-ahead and dips them in place. */
	process(buffers: Float64Array[], frames: number, key: Float64Array[] | null): void {
		this.processGains(buffers, frames, key);
		if (this.unity[0] === 1) return;
		const g = this.gains;
		for (let c = 0; c < buffers.length; c++) {
			const x = buffers[c]!;
			for (let i = 0; i < frames; i++) x[i]! *= g[i]!;
		}
	}

	/**
	 * Audio thread. Delays buffers by the look-ahead and leaves the block's gains in `gains`
	 * (unity[0] = 1 when they are all exactly 1) for the caller to apply with its fader.
	 * Without a key (or an empty one) the key is silence.
	 */
	processGains(buffers: Float64Array[], frames: number, key: Float64Array[] | null): void {
		this.delay?.process(buffers, frames);
		const level = this.level;
		if (key !== null && key.length > 0) this.detector.run(key, frames, level);
		else {
			level.fill(0, 0, frames);
			this.detector.bounds[0] = this.detector.bounds[1] = 0;
		}
		this.shape();
		const glides = this.glides;
		glides.begin();
		const v = glides.value;
		const f = this.derivedFor;
		const s = this.state;
		if (v[DUCK_THRESHOLD] !== f[0] || v[DUCK_ATTACK] !== f[1] || v[DUCK_HOLD] !== f[2] || v[DUCK_RELEASE] !== f[3]) {
			f[0] = v[DUCK_THRESHOLD]!;
			f[1] = v[DUCK_ATTACK]!;
			f[2] = v[DUCK_HOLD]!;
			f[3] = v[DUCK_RELEASE]!;
			const sr = this.sampleRate;
			this.threshold = Math.pow(10, f[0] / 20);
			s[G_DOWN] = Math.exp(-1000 / (f[1] * sr));
			s[G_UP] = Math.exp(-1000 / (f[3] * sr));
			this.holdSamples = Math.max(0, Math.round((f[2] * sr) / 1000) - this.detector.window);
		}
		const thr = this.threshold;
		const depth = v[DUCK_DEPTH]!;
		let left = this.holdLeft;
		if (glides.moving === 0) {
			// All at or over the threshold, or all under it with the hold run out, with the gain
			// already there: one constant gain for the block (the same bits as the per-sample path).
			const b = this.detector.bounds;
			const over = b[0]! >= thr;
			const probe = over ? depth : b[1]! < thr && left === 0 ? 0 : NaN;
			if (probe === probe) {
				s[G_PROBE] = probe;
				if (steadyBlock(s)) {
					if (over) this.holdLeft = this.holdSamples;
					this.meter();
					this.unity[0] = s[G_UNITY] === 1 ? 1 : 0;
					if (this.unity[0] === 0) {
						// A loop, not fill(): a double passed to a builtin is boxed.
						const g = s[G_LIN]!;
						const out = this.gains;
						for (let i = 0; i < frames; i++) out[i] = g;
					}
					glides.advance(frames);
					return;
				}
			}
		}
		const depths = glides.moving > 0 ? this.depths : null;
		if (depths !== null) glides.fill(DUCK_DEPTH, depths, frames);
		glides.advance(frames);
		const target = this.target;
		const hold = this.holdSamples;
		for (let i = 0; i < frames; i++) {
			const d = depths === null ? depth : depths[i]!;
			if (level[i]! >= thr) {
				left = hold;
				target[i] = d;
			} else if (left > 0) {
				left--;
				target[i] = d;
			} else target[i] = 0;
		}
		this.holdLeft = left;
		smoothToGains(target, null, this.gains, frames, s, this.sink, null);
		this.meter();
		this.unity[0] = s[G_UNITY] === 1 ? 1 : 0;
	}

	/** The deepest dip of the block into `reduction`. */
	private meter(): void {
		const s = this.state;
		if (s[G_LOWEST]! < this.reduction[0]!) this.reduction[0] = s[G_LOWEST]!;
		s[G_LOWEST] = 0;
	}

	/** Copies the targets into `shaped`, the depth times the switch. */
	private shape(): void {
		const p = this.params;
		const s = this.shaped;
		for (let k = 0; k < s.length; k++) s[k] = p[k]!;
		s[DUCK_DEPTH] = this.on[0] === 1 ? p[DUCK_DEPTH]! : 0;
	}

	/** Audio thread. Undipped, the look-ahead and the detector cleared; parameters jump to their targets. */
	reset(): void {
		this.shape();
		this.glides.snap();
		this.detector.reset();
		this.delay?.reset();
		this.derivedFor.fill(NaN);
		this.holdLeft = 0;
		resetGainState(this.state);
		this.unity[0] = 1;
	}
}
