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

/** Mono track onto a stereo destination: y += (x · gain) · pan, returning the running peak. */
export function mixMonoStereo(x: Float64Array, left: Float64Array, right: Float64Array, gl: number, gr: number, scalar: number | undefined, gains: Float64Array, frames: number, peak: number): number {
	if (scalar !== undefined) {
		for (let n = 0; n < frames; n++) {
			const v = x[n]! * scalar;
			const a = v < 0 ? -v : v;
			if (a > peak) peak = a;
			left[n]! += v * gl;
			right[n]! += v * gr;
		}
	} else {
		for (let n = 0; n < frames; n++) {
			const v = x[n]! * gains[n]!;
			const a = v < 0 ? -v : v;
			if (a > peak) peak = a;
			left[n]! += v * gl;
			right[n]! += v * gr;
		}
	}
	return peak;
}
