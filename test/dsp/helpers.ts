// Signals and measurements shared by the strip DSP tests.
import type { Processor } from '../../engine/dsp/processor.js';

/** A deterministic uniform generator in [−1, 1) (a 32-bit LCG), for reproducible noise. */
export function rng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 2 ** 31 - 1;
	};
}

export function noise(frames: number, seed: number, amplitude = 1): Float64Array {
	const r = rng(seed);
	return Float64Array.from({ length: frames }, () => amplitude * r());
}

export function sine(frames: number, freq: number, sampleRate: number, amplitude = 1, phase = 0): Float64Array {
	return Float64Array.from({ length: frames }, (_, n) => amplitude * Math.sin((2 * Math.PI * freq * n) / sampleRate + phase));
}

/** A parameter write at sample `at` (before that sample is processed). */
export interface Change {
	at: number;
	slot: number;
	value: number;
}

/**
 * Runs `proc` over copies of `input` in blocks of `size()` frames (≤ maxBlock), cut wherever a
 * change falls so each lands at its sample, and returns the output.
 */
export function runBlocks(proc: Processor, input: Float64Array[], size: () => number, changes: readonly Change[] = []): Float64Array[] {
	const out = input.map((x) => Float64Array.from(x));
	const frames = input[0]!.length;
	const pending = [...changes].sort((a, b) => a.at - b.at);
	const views = out.map(() => new Float64Array(0));
	let pos = 0;
	let next = 0;
	while (pos < frames) {
		while (next < pending.length && pending[next]!.at <= pos) {
			const c = pending[next++]!;
			proc.params[c.slot] = c.value;
		}
		const limit = next < pending.length ? pending[next]!.at : frames;
		const n = Math.min(size(), limit - pos);
		for (let c = 0; c < out.length; c++) views[c] = out[c]!.subarray(pos, pos + n);
		proc.process(views, n, null);
		pos += n;
	}
	return out;
}

/** Amplitude of the sinusoid at `freq` in y[from..to), by least squares (exact for a pure sinusoid). */
export function sineAmplitude(y: Float64Array, from: number, to: number, freq: number, sampleRate: number): number {
	let ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
	for (let n = from; n < to; n++) {
		const w = (2 * Math.PI * freq * n) / sampleRate;
		const s = Math.sin(w);
		const c = Math.cos(w);
		ss += s * s;
		cc += c * c;
		sc += s * c;
		ys += y[n]! * s;
		yc += y[n]! * c;
	}
	const det = ss * cc - sc * sc;
	const a = (ys * cc - yc * sc) / det;
	const b = (yc * ss - ys * sc) / det;
	return Math.hypot(a, b);
}

/** The largest |y[n] − y[n−1]| over y[from..). */
export function maxStep(y: Float64Array, from = 1): number {
	let m = 0;
	for (let n = Math.max(1, from); n < y.length; n++) m = Math.max(m, Math.abs(y[n]! - y[n - 1]!));
	return m;
}

/** Index of the first sample whose bits differ, or −1. */
export function firstDifference(a: Float64Array, b: Float64Array): number {
	if (a.length !== b.length) return 0;
	for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
	return -1;
}

export const db = (gain: number) => 20 * Math.log10(gain);
