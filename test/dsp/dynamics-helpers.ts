// Signals and a block runner for the dynamics tests (gate, compressor, de-esser, limiter).
import type { Processor } from '../../engine/dsp/processor.js';

export const SR = 48000;

/** A deterministic uniform generator in [0, 1) (a 32-bit LCG). */
export function rng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

export const db = (x: number) => 20 * Math.log10(x);
export const lin = (d: number) => Math.pow(10, d / 20);

/** A sine of peak `amplitude`; at 48 kHz a 1 kHz sine has a sample on every crest. */
export function sine(frames: number, freq: number, amplitude: number, sampleRate = SR, phase = 0): Float64Array {
	return Float64Array.from({ length: frames }, (_, n) => amplitude * Math.sin((2 * Math.PI * freq * n) / sampleRate + phase));
}

/** Piecewise-constant signal: [frames, value] segments one after another. */
export function steps(segments: readonly (readonly [number, number])[]): Float64Array {
	const out = new Float64Array(segments.reduce((n, [f]) => n + f, 0));
	let at = 0;
	for (const [f, v] of segments) {
		out.fill(v, at, at + f);
		at += f;
	}
	return out;
}

/** Largest |x| over x[from..to). */
export function peak(x: Float64Array, from = 0, to = x.length): number {
	let m = 0;
	for (let i = from; i < to; i++) m = Math.max(m, Math.abs(x[i]!));
	return m;
}

/** Amplitude of the component at integer `freq` Hz over a whole second from `from` (exact for a steady sinusoid). */
export function amplitudeAt(y: Float64Array, from: number, freq: number, sampleRate = SR): number {
	let s = 0;
	let c = 0;
	for (let n = 0; n < sampleRate; n++) {
		const w = (2 * Math.PI * freq * n) / sampleRate;
		s += y[from + n]! * Math.sin(w);
		c += y[from + n]! * Math.cos(w);
	}
	return (2 / sampleRate) * Math.hypot(s, c);
}

/** A parameter write before sample `at`. */
export interface Change {
	at: number;
	slot: number;
	value: number;
}

/**
 * Runs `proc` over copies of `input` in blocks of size() frames, cut where a change falls so it
 * lands on its sample; `key` (same length) is passed as the sidechain. Returns the output.
 */
export function run(proc: Processor, input: Float64Array[], size: () => number, changes: readonly Change[] = [], key?: Float64Array[]): Float64Array[] {
	const out = input.map((x) => Float64Array.from(x));
	const frames = input[0]!.length;
	const pending = [...changes].sort((a, b) => a.at - b.at);
	let pos = 0;
	let next = 0;
	while (pos < frames) {
		while (next < pending.length && pending[next]!.at <= pos) {
			const c = pending[next++]!;
			proc.params[c.slot] = c.value;
		}
		const limit = next < pending.length ? pending[next]!.at : frames;
		const n = Math.min(size(), limit - pos);
		proc.process(
			out.map((x) => x.subarray(pos, pos + n)),
			n,
			key ? key.map((x) => x.subarray(pos, pos + n)) : null,
		);
		pos += n;
	}
	return out;
}

/** Block sizes for run(): always `n`. */
export const fixed = (n: number) => () => n;
/** Block sizes for run(): uniform in 1..max, reproducible. */
export function random(max: number, seed: number): () => number {
	const r = rng(seed);
	return () => 1 + Math.floor(r() * max);
}

/** The gain in dB applied at each sample, out/in, where the input is not 0. */
export function gainDb(out: Float64Array, input: Float64Array, delay = 0): Float64Array {
	return Float64Array.from(out, (y, i) => (i >= delay && input[i - delay] !== 0 ? db(Math.abs(y / input[i - delay]!)) : NaN));
}

/** Largest change of gain (dB) from one sample to the next over [from, to). */
export function maxStep(g: Float64Array, from = 1, to = g.length): number {
	let m = 0;
	for (let i = Math.max(1, from); i < to; i++) if (Number.isFinite(g[i]!) && Number.isFinite(g[i - 1]!)) m = Math.max(m, Math.abs(g[i]! - g[i - 1]!));
	return m;
}
