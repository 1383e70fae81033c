// The renderer's inner loops, kept apart so the hot paths are easy to read and to measure.
import type { PlanClip } from '../plan.js';

/**
 * Per-sample fade gains for timeline samples [a, b) of a clip into `env`, or null when no fade
 * touches them. k = sample index in the clip; fade-in shape(k/Fi) for k < Fi, fade-out
 * shape((L−k)/Fo) for k ≥ L−Fo; both apply when they overlap.
 */
export function fadeEnvelope(clip: PlanClip, a: number, b: number, env: Float64Array): Float64Array | null {
	const L = clip.length;
	const Fi = clip.fadeIn;
	const Fo = clip.fadeOut;
	const k0 = a - clip.start;
	const k1 = b - clip.start;
	if (k0 >= Fi && k1 <= L - Fo) return null;
	const ep = clip.equalPower;
	for (let k = k0; k < k1; k++) {
		let g = 1;
		if (k < Fi) g = ep ? Math.sin(((k / Fi) * Math.PI) / 2) : k / Fi;
		if (k >= L - Fo) {
			const x = (L - k) / Fo;
			g *= ep ? Math.sin((x * Math.PI) / 2) : x;
		}
		env[k - k0] = g;
	}
	return env;
}

/**
 * Slots of the renderer's kernel arguments. Doubles travel to and from the inner loops in one
 * Float64Array: V8 boxes a double passed to (or returned from) a call it does not inline, which
 * would be garbage on the audio path every block.
 */
export const ARG_GAIN = 0;
/** The track gain when it is constant over the block. */
export const ARG_SCALAR = 1;
export const ARG_LEFT = 2;
export const ARG_RIGHT = 3;
/** Running post-fader peak (in and out). */
export const ARG_PEAK = 4;
export const ARG_COUNT = 5;

/**
 * Mono track onto a stereo destination: y += (x · g) · pan, g = args[ARG_SCALAR] when
 * `constant`, else gains[n]; with `meter`, args[ARG_PEAK] becomes the running peak of x · g.
 */
export function mixMonoStereo(x: Float64Array, left: Float64Array, right: Float64Array, constant: boolean, gains: Float64Array, frames: number, meter: boolean, args: Float64Array): void {
	const gl = args[ARG_LEFT]!;
	const gr = args[ARG_RIGHT]!;
	const scalar = args[ARG_SCALAR]!;
	let peak = args[ARG_PEAK]!;
	if (constant) {
		for (let n = 0; n < frames; n++) {
			const v = x[n]! * scalar;
			if (meter) {
				const a = v < 0 ? -v : v;
				if (a > peak) peak = a;
			}
			left[n]! += v * gl;
			right[n]! += v * gr;
		}
	} else {
		for (let n = 0; n < frames; n++) {
			const v = x[n]! * gains[n]!;
			if (meter) {
				const a = v < 0 ? -v : v;
				if (a > peak) peak = a;
			}
			left[n]! += v * gl;
			right[n]! += v * gr;
		}
	}
	args[ARG_PEAK] = peak;
}
