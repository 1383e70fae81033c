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
import { CURVE_FLOOR, CURVE_GAIN, CURVE_KNEE, CURVE_SLOPE, CURVE_START, CURVE_THRESHOLD, curveChanged, PeakDetector } from './detector.js';
import { applyGains, applySteady, G_DOWN, G_LOWEST, G_OFFSET, G_PROBE, G_UP, gainState, resetGainState, smoothToGains, steadyBlock } from './gain.js';
import { Glides } from './glides.js';

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
	/** [attack, release] the smoother's coefficients are for. */
	private readonly times = new Float64Array(2);
	/** The static curve while it is steady (see CURVE_* in detector.ts). */
	private readonly curve = new Float64Array(7);
	private sampleRate = 48000;
	private level = new Float64Array(0);
	private target = new Float64Array(0);
	private linear = new Float64Array(0);
	private makeup = new Float64Array(0);
	/** Threshold, knee and 1/R per sample while they glide. */
	private moving: Float64Array[] = [];

	/** Off the audio path. */
	configure(_channels: number, sampleRate: number, maxBlock: number): void {
		this.sampleRate = sampleRate;
		this.detector.configure(sampleRate);
		this.glides.configure(sampleRate);
		this.level = new Float64Array(maxBlock);
		this.target = new Float64Array(maxBlock);
		this.linear = new Float64Array(maxBlock);
		this.makeup = new Float64Array(maxBlock);
		this.moving = [new Float64Array(maxBlock), new Float64Array(maxBlock), new Float64Array(maxBlock)];
		this.reset();
	}

	/** Audio thread. Compresses buffers in place; the level comes from `key` when given. */
	process(buffers: Float64Array[], frames: number, key: Float64Array[] | null): void {
		const src = key !== null && key.length > 0 ? key : buffers;
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
		const target = this.target;
		const c = this.curve;
		sm[G_OFFSET] = v[COMP_MAKEUP]!;
		if (!moved) {
			// Nothing moves, but calling it every block keeps it compiled (a rarely run method runs
			// interpreted, where every double is an allocation).
			glides.advance(frames);
			// Steady curve: level and target in one pass.
			if (v[COMP_THRESHOLD] !== c[CURVE_THRESHOLD] || v[COMP_KNEE] !== c[CURVE_KNEE] || v[COMP_RATIO]! - 1 !== c[CURVE_SLOPE]) {
				c[CURVE_THRESHOLD] = v[COMP_THRESHOLD]!;
				c[CURVE_KNEE] = v[COMP_KNEE]!;
				c[CURVE_SLOPE] = v[COMP_RATIO]! - 1;
				c[CURVE_FLOOR] = -Infinity;
				curveChanged(c);
			}
			this.detector.runCurve(src, frames, target, c);
			// A block all under the knee, or all at one level, with the gain already at its target,
			// is one constant gain: skip the per-sample gain path (same bits).
			const b = this.detector.bounds;
			if (b[0] === b[1] || b[1]! <= c[CURVE_START]!) {
				sm[G_PROBE] = c[CURVE_GAIN]!;
				if (steadyBlock(sm)) {
					this.meter();
					applySteady(buffers, frames, sm);
					return;
				}
			}
			smoothToGains(target, null, this.linear, frames, sm, buffers[0]!, null);
		} else {
			// The curve moves: its parameters per sample, the level's dB only when the level changes.
			const level = this.level;
			const makeup = this.makeup;
			this.detector.run(src, frames, level);
			const thr = this.moving[0]!;
			const knee = this.moving[1]!;
			const inv = this.moving[2]!;
			glides.fill(COMP_THRESHOLD, thr, frames);
			glides.fill(COMP_KNEE, knee, frames);
			glides.fill(COMP_RATIO, inv, frames);
			glides.fill(COMP_MAKEUP, makeup, frames);
			glides.advance(frames);
			let x = -Infinity;
			let last = -1;
			for (let i = 0; i < frames; i++) {
				const L = level[i]!;
				if (L !== last) {
					last = L;
					x = 20 * Math.log10(L);
				}
				// The static curve (compressorGain, inlined: no double crosses a call here).
				const w = knee[i]!;
				const d = x - thr[i]!;
				let t = 0;
				if (2 * d < -w) t = 0;
				else if (2 * d > w || w === 0) t = (inv[i]! - 1) * d;
				else {
					const u = d + w / 2;
					t = ((inv[i]! - 1) * u * u) / (2 * w);
				}
				target[i] = t;
			}
			// The steady curve is set up again after the glide.
			c[CURVE_THRESHOLD] = NaN;
			// The makeup per sample while it glides (the steady value is G_OFFSET): the same sums either way.
			smoothToGains(target, makeup, this.linear, frames, sm, buffers[0]!, null);
		}
		this.meter();
		applyGains(buffers, 1, this.linear, frames, sm);
	}

	/** The deepest gain reduction of the block into `reduction`. */
	private meter(): void {
		const sm = this.gains;
		if (sm[G_LOWEST]! < this.reduction[0]!) this.reduction[0] = sm[G_LOWEST]!;
		sm[G_LOWEST] = 0;
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
		this.curve[CURVE_THRESHOLD] = NaN;
		this.curve[CURVE_GAIN] = 0;
		resetGainState(this.gains);
	}
}
