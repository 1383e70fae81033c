// The strip's compressor: a feed-forward peak compressor with the soft-knee static curve of
// Giannoulis, Massberg and Reiss ("Digital Dynamic Range Compressor Design", JAES 2012).
//
// Level x (dBFS, the peak detector of detector.ts, read from the sidechain key when one is
// given), threshold T, ratio R, knee W (dB, 0 = hard knee):
//   y = x                                  when 2(x − T) < −W
//   y = x + (1/R − 1)(x − T + W/2)² / (2W)  inside the knee
//   y = T + (x − T)/R                      above it
// The gain y − x is smoothed in dB (attack while it goes down, release while it comes up),
// then the makeup is added. Threshold, ratio, knee and makeup glide over GLIDE_MS when they
// change (the ratio as 1/R, which the curve is linear in: a glide in R from 2 to 20 would do
// most of its work in the first few ms); attack and release take effect at the next block.
import type { ParamSpec, Processor } from '../processor.js';
import { defaultParams } from '../processor.js';
import { STRIP_PARAMS } from '../../../sessions/strip-params.js';
import { applyGains, applySteady, gainState, Glides, G_DOWN, G_LOWEST, G_OFFSET, G_PROBE, G_UP, PeakDetector, resetGainState, smoothToGains, steadyBlock } from './detector.js';

export const COMPRESSOR_SPECS: readonly ParamSpec[] = STRIP_PARAMS.compressor;
export const COMP_THRESHOLD = 0;
export const COMP_RATIO = 1;
export const COMP_KNEE = 2;
export const COMP_ATTACK = 3;
export const COMP_RELEASE = 4;
export const COMP_MAKEUP = 5;

/** The static curve's gain y − x in dB at level x (dBFS), without makeup. Any thread (UI curves, tests). */
export function compressorGain(x: number, threshold: number, ratio: number, knee: number): number {
	const d = x - threshold;
	const slope = 1 / ratio - 1;
	if (2 * d < -knee) return 0;
	if (2 * d > knee || knee === 0) return slope * d;
	const u = d + knee / 2;
	return (slope * u * u) / (2 * knee);
}

/** A short label for a strip: "3:1 -20". */
export function describeCompressor(params: ArrayLike<number>): string {
	const r = params[COMP_RATIO]!;
	return `${Number.isInteger(r) ? r : r.toFixed(1)}:1 ${Math.round(params[COMP_THRESHOLD]!)}`;
}

/** The specs with the ratio slot as 1/R. */
const SHAPED_SPECS: readonly ParamSpec[] = COMPRESSOR_SPECS.map((s, k) => (k === COMP_RATIO ? { ...s, min: 1 / s.max, max: 1 / s.min, default: 1 / s.default } : s));

export class Compressor implements Processor {
	readonly latency = 0;
	readonly specs = COMPRESSOR_SPECS;
	readonly params = defaultParams(COMPRESSOR_SPECS);
	readonly reduction = new Float64Array(1);
	/** The targets with the ratio as 1/R, the form that glides. */
	private readonly shaped = new Float64Array(COMPRESSOR_SPECS.length);
	private readonly glides = new Glides(this.shaped, SHAPED_SPECS, [COMP_THRESHOLD, COMP_RATIO, COMP_KNEE, COMP_MAKEUP]);
	private readonly detector = new PeakDetector();
	private readonly gains = gainState();
	/** [attack, release] the smoother's coefficients are for; [threshold, knee] `kneeStart` is for. */
	private readonly times = new Float64Array(2);
	private readonly curveFor = new Float64Array(2);
	private sampleRate = 48000;
	private level = new Float64Array(0);
	private target = new Float64Array(0);
	private linear = new Float64Array(0);
	private makeup = new Float64Array(0);
	/** Threshold, knee and 1/R per sample while they glide. */
	private curve: Float64Array[] = [];
	/** Linear level under which the curve's gain is 0 (T − W/2), while the curve is steady. */
	private kneeStart = 0;
	private lastLevel = -1;
	private lastTarget = 0;

	/** Off the audio path. */
	configure(_channels: number, sampleRate: number, maxBlock: number): void {
		this.sampleRate = sampleRate;
		this.detector.configure(sampleRate);
		this.glides.configure(sampleRate);
		this.level = new Float64Array(maxBlock);
		this.target = new Float64Array(maxBlock);
		this.linear = new Float64Array(maxBlock);
		this.makeup = new Float64Array(maxBlock);
		this.curve = [new Float64Array(maxBlock), new Float64Array(maxBlock), new Float64Array(maxBlock)];
		this.reset();
	}

	/** Audio thread. Compresses buffers in place; the level comes from `key` when given. */
	process(buffers: Float64Array[], frames: number, key: Float64Array[] | null): void {
		this.detector.run(key !== null && key.length > 0 ? key : buffers, frames, this.level);
		this.shape();
		const glides = this.glides;
		const moved = glides.begin();
		const v = glides.value;
		const sm = this.gains;
		if (v[COMP_ATTACK] !== this.times[0] || v[COMP_RELEASE] !== this.times[1]) {
			this.times[0] = v[COMP_ATTACK]!;
			this.times[1] = v[COMP_RELEASE]!;
			sm[G_DOWN] = Math.exp(-1000 / (v[COMP_ATTACK]! * this.sampleRate));
			sm[G_UP] = Math.exp(-1000 / (v[COMP_RELEASE]! * this.sampleRate));
		}
		const T = v[COMP_THRESHOLD]!;
		const W = v[COMP_KNEE]!;
		const slope = v[COMP_RATIO]! - 1;
		let lastLevel = this.lastLevel;
		if (moved) lastLevel = -1;
		else if (T !== this.curveFor[0] || W !== this.curveFor[1]) {
			this.curveFor[0] = T;
			this.curveFor[1] = W;
			this.kneeStart = Math.pow(10, (T - W / 2) / 20);
			lastLevel = -1;
		}
		// Linear shortcut below the knee only while the curve is steady (kneeStart is for it).
		const start = moved ? -1 : this.kneeStart;
		const level = this.level;
		const target = this.target;
		const makeup = this.makeup;
		let t = this.lastTarget;
		sm[G_OFFSET] = v[COMP_MAKEUP]!;
		if (!moved) {
			// A block all under the knee, or all at the level the last target is for, with the gain
			// already there, is one constant gain: skip the per-sample path (same bits).
			const b = this.detector.bounds;
			const probe = b[1]! <= start ? 0 : b[0] === b[1] && b[0] === lastLevel ? t : NaN;
			if (probe === probe) {
				sm[G_PROBE] = probe;
				if (steadyBlock(sm)) {
					this.lastLevel = probe === 0 ? -1 : lastLevel;
					this.lastTarget = probe;
					if (sm[G_LOWEST]! < this.reduction[0]!) this.reduction[0] = sm[G_LOWEST]!;
					sm[G_LOWEST] = 0;
					applySteady(buffers, frames, sm);
					return;
				}
			}
		}
		if (!moved) {
			// Steady curve: a new level is the only thing that changes the target.
			for (let i = 0; i < frames; i++) {
				const L = level[i]!;
				if (L !== lastLevel) {
					lastLevel = L;
					if (L <= start) t = 0;
					else {
						const d = 20 * Math.log10(L) - T;
						if (2 * d < -W) t = 0;
						else if (2 * d > W || W === 0) t = slope * d;
						else {
							const u = d + W / 2;
							t = (slope * u * u) / (2 * W);
						}
					}
				}
				target[i] = t;
			}
		} else {
			// The curve moves: its parameters per sample, the level's dB only when the level changes.
			const thr = this.curve[0]!;
			const knee = this.curve[1]!;
			const inv = this.curve[2]!;
			glides.fill(COMP_THRESHOLD, thr, frames);
			glides.fill(COMP_KNEE, knee, frames);
			glides.fill(COMP_RATIO, inv, frames);
			glides.fill(COMP_MAKEUP, makeup, frames);
			glides.advance(frames);
			let x = -Infinity;
			lastLevel = -1;
			for (let i = 0; i < frames; i++) {
				const L = level[i]!;
				if (L !== lastLevel) {
					lastLevel = L;
					x = 20 * Math.log10(L);
				}
				// The static curve (compressorGain, inlined: no double crosses a call here).
				const w = knee[i]!;
				const d = x - thr[i]!;
				if (2 * d < -w) t = 0;
				else if (2 * d > w || w === 0) t = (inv[i]! - 1) * d;
				else {
					const u = d + w / 2;
					t = ((inv[i]! - 1) * u * u) / (2 * w);
				}
				target[i] = t;
			}
		}
		// After a glide the cache is for no curve in particular: recompute next block.
		this.lastLevel = moved ? -1 : lastLevel;
		this.lastTarget = t;

		// The makeup per sample while it glides, else the steady value (G_OFFSET): the same sums either way.
		smoothToGains(target, moved ? makeup : null, this.linear, frames, sm, buffers[0]!, null);
		if (sm[G_LOWEST]! < this.reduction[0]!) this.reduction[0] = sm[G_LOWEST]!;
		sm[G_LOWEST] = 0;
		applyGains(buffers, 1, this.linear, frames, sm);
	}

	/** Copies the targets into `shaped`, the ratio as 1/R (NaN or under 1 counts as 1). */
	private shape(): void {
		const p = this.params;
		const s = this.shaped;
		for (let k = 0; k < s.length; k++) s[k] = p[k]!;
		const r = p[COMP_RATIO]!;
		s[COMP_RATIO] = r >= 1 ? 1 / r : 1;
	}

	/** Audio thread. Clears the detector and the gain; parameters jump to their targets. */
	reset(): void {
		this.shape();
		this.glides.snap();
		this.detector.reset();
		this.times[0] = this.times[1] = NaN;
		this.curveFor[0] = this.curveFor[1] = NaN;
		this.lastLevel = -1;
		this.lastTarget = 0;
		resetGainState(this.gains);
	}
}
