// Small DSP kit for the demo's synthesis: filters with state (coefficients are set per block,
// samples are processed in loops over typed arrays), noise colours, envelopes and level tools.
// Nothing here allocates per sample.
import type { Rng } from './prng.js';

/** The demo's sample rate. */
export const SR = 48000;

/** Whole samples in `seconds` at SR. */
export function samples(seconds: number): number {
	return Math.round(seconds * SR);
}

/** A zeroed mono buffer `seconds` long. */
export function alloc(seconds: number): Float32Array {
	return new Float32Array(samples(seconds));
}

/** 10^(dB/20). */
export function db(dB: number): number {
	return Math.pow(10, dB / 20);
}

/** Equal-tempered pitch of a MIDI note (A4 = 69 = 440 Hz). */
export function midiHz(note: number): number {
	return 440 * Math.pow(2, (note - 69) / 12);
}

/** RBJ-cookbook biquad, transposed direct form II, at `rate` (default SR). */
export class Biquad {
	constructor(readonly rate = SR) {}

	b0 = 1;
	b1 = 0;
	b2 = 0;
	a1 = 0;
	a2 = 0;
	z1 = 0;
	z2 = 0;

	lowpass(f: number, q = Math.SQRT1_2): this {
		const { cos, alpha } = omega(f, q, this.rate);
		return this.#set((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
	}

	highpass(f: number, q = Math.SQRT1_2): this {
		const { cos, alpha } = omega(f, q, this.rate);
		return this.#set((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
	}

	/** Band-pass with 0 dB at the centre. */
	bandpass(f: number, q: number): this {
		const { cos, alpha } = omega(f, q, this.rate);
		return this.#set(alpha, 0, -alpha, 1 + alpha, -2 * cos, 1 - alpha);
	}

	peaking(f: number, q: number, gainDb: number): this {
		const { cos, alpha } = omega(f, q, this.rate);
		const a = Math.pow(10, gainDb / 40);
		return this.#set(1 + alpha * a, -2 * cos, 1 - alpha * a, 1 + alpha / a, -2 * cos, 1 - alpha / a);
	}

	reset(): this {
		this.z1 = this.z2 = 0;
		return this;
	}

	tick(x: number): number {
		const y = this.b0 * x + this.z1;
		this.z1 = this.b1 * x - this.a1 * y + this.z2;
		this.z2 = this.b2 * x - this.a2 * y;
		return y;
	}

	/** Filters buf[from, to) in place. */
	process(buf: Float32Array, from = 0, to = buf.length): void {
		const { b0, b1, b2, a1, a2 } = this;
		let { z1, z2 } = this;
		for (let i = from; i < to; i++) {
			const x = buf[i]!;
			const y = b0 * x + z1;
			z1 = b1 * x - a1 * y + z2;
			z2 = b2 * x - a2 * y;
			buf[i] = y;
		}
		this.z1 = z1;
		this.z2 = z2;
	}

	#set(b0: number, b1: number, b2: number, a0: number, a1: number, a2: number): this {
		this.b0 = b0 / a0;
		this.b1 = b1 / a0;
		this.b2 = b2 / a0;
		this.a1 = a1 / a0;
		this.a2 = a2 / a0;
		return this;
	}
}

function omega(f: number, q: number, rate: number): { cos: number; alpha: number } {
	const w = (2 * Math.PI * Math.min(f, rate * 0.49)) / rate;
	return { cos: Math.cos(w), alpha: Math.sin(w) / (2 * q) };
}

/** Klatt's two-pole resonator: unity gain at DC, so a cascade keeps a vowel's overall level. */
export class Resonator {
	a = 1;
	b = 0;
	c = 0;
	y1 = 0;
	y2 = 0;

	set(f: number, bandwidth: number): void {
		const r = Math.exp((-Math.PI * bandwidth) / SR);
		this.c = -r * r;
		this.b = 2 * r * Math.cos((2 * Math.PI * f) / SR);
		this.a = 1 - this.b - this.c;
	}

	tick(x: number): number {
		const y = this.a * x + this.b * this.y1 + this.c * this.y2;
		this.y2 = this.y1;
		this.y1 = y;
		return y;
	}

	/** Filters buf[from, to) in place (state in locals: much faster than tick() per sample). */
	process(buf: Float32Array, from: number, to: number): void {
		const { a, b, c } = this;
		let { y1, y2 } = this;
		for (let i = from; i < to; i++) {
			const y = a * buf[i]! + b * y1 + c * y2;
			y2 = y1;
			y1 = y;
			buf[i] = y;
		}
		this.y1 = y1;
		this.y2 = y2;
	}
}

/** Pink-ish noise (Paul Kellet's economy filter): −3 dB/octave within about ±0.5 dB. */
export class PinkNoise {
	#b0 = 0;
	#b1 = 0;
	#b2 = 0;

	constructor(private readonly rng: Rng) {}

	tick(): number {
		const w = this.rng.noise();
		this.#b0 = 0.99765 * this.#b0 + w * 0.099046;
		this.#b1 = 0.963 * this.#b1 + w * 0.2965164;
		this.#b2 = 0.57 * this.#b2 + w * 1.0526913;
		return (this.#b0 + this.#b1 + this.#b2 + w * 0.1848) * 0.2;
	}

	/** Adds `buf.length` samples × gain into buf. */
	addTo(buf: Float32Array, gain: number): void {
		for (let i = 0; i < buf.length; i++) buf[i]! += this.tick() * gain;
	}
}

/** Brown (−6 dB/octave) noise, leaky so it never drifts off. */
export class BrownNoise {
	#y = 0;

	constructor(private readonly rng: Rng) {}

	tick(): number {
		this.#y = 0.998 * this.#y + 0.06 * this.rng.noise();
		return this.#y;
	}

	/** Adds `buf.length` samples × gain into buf. */
	addTo(buf: Float32Array, gain: number): void {
		for (let i = 0; i < buf.length; i++) buf[i]! += this.tick() * gain;
	}
}

const SINE_SIZE = 4096;
const SINE = new Float32Array(SINE_SIZE + 1).map((_, i) => Math.sin((2 * Math.PI * i) / SINE_SIZE));

/** sin(2π·phase) by table lookup; `phase` in cycles, any real value. */
export function sine(phase: number): number {
	const p = (phase - Math.floor(phase)) * SINE_SIZE;
	const i = p | 0;
	const f = p - i;
	return SINE[i]! + (SINE[i + 1]! - SINE[i]!) * f;
}

/** One-pole smoothing in place, time constant `tau` seconds (a control curve's glide). */
export function smooth(curve: Float32Array, tau: number, rate = SR): void {
	const k = 1 - Math.exp(-1 / (tau * rate));
	let y = curve[0] ?? 0;
	for (let i = 0; i < curve.length; i++) {
		y += k * (curve[i]! - y);
		curve[i] = y;
	}
}

/** Largest absolute sample over all channels. */
export function peak(channels: readonly Float32Array[]): number {
	let m = 0;
	for (const ch of channels) for (let i = 0; i < ch.length; i++) m = Math.max(m, Math.abs(ch[i]!));
	return m;
}

/** Scales all channels together so the peak sits at `dBFS`. */
export function normalizePeak(channels: readonly Float32Array[], dBFS: number): void {
	const p = peak(channels);
	if (p === 0) return;
	const g = db(dBFS) / p;
	for (const ch of channels) for (let i = 0; i < ch.length; i++) ch[i]! *= g;
}

/**
 * A seamless loop of `length` samples from a buffer `length + overlap` long: the overlap past
 * the end is crossfaded (equal power: the material is uncorrelated noise) into the head, so the
 * last sample runs straight on into the first.
 */
export function loopCrossfade(buf: Float32Array, length: number, overlap: number): Float32Array {
	const out = buf.slice(0, length);
	for (let i = 0; i < overlap; i++) {
		const t = ((i + 0.5) / overlap) * (Math.PI / 2);
		out[i] = buf[i]! * Math.sin(t) + buf[length + i]! * Math.cos(t);
	}
	return out;
}

/** Adds `src` × gain into `dst` from sample `at` (clipped to dst's end). */
export function mixInto(dst: Float32Array, src: Float32Array, at: number, gain = 1): void {
	const n = Math.min(src.length, dst.length - at);
	for (let i = Math.max(0, -at); i < n; i++) dst[at + i]! += src[i]! * gain;
}

/** A linear fade over the first and last samples (so generated files start and end at zero). */
export function edgeFades(buf: Float32Array, fadeIn: number, fadeOut: number): void {
	const n = buf.length;
	for (let i = 0; i < Math.min(fadeIn, n); i++) buf[i]! *= i / fadeIn;
	for (let i = 0; i < Math.min(fadeOut, n); i++) buf[n - 1 - i]! *= i / fadeOut;
}

/** Adds decaying partials (Hz, relative gain, decay s) at sample `at`: glass, ceramic, metal. */
export function ring(out: Float32Array, at: number, partials: readonly (readonly [number, number, number])[], gain: number): void {
	for (const [f, g, decay] of partials) {
		const n = Math.min(out.length - at, Math.round(decay * 7 * SR));
		const k = Math.exp(-1 / (decay * SR));
		let env = g * gain;
		for (let i = 0; i < n; i++) {
			out[at + i]! += sine((f * i) / SR) * env * Math.min(1, i / 24);
			env *= k;
		}
	}
}

/**
 * A feed-forward compressor at control rate (gain computed per 32-sample block from the block's
 * peak, interpolated across it): `threshold` in dB relative to full scale, `ratio` above it.
 */
export function compress(buf: Float32Array, threshold: number, ratio: number, attack = 0.002, release = 0.08): void {
	const block = 32;
	const ka = 1 - Math.exp(-block / (attack * SR));
	const kr = 1 - Math.exp(-block / (release * SR));
	let env = 0;
	let gain = 1;
	for (let i = 0; i < buf.length; i += block) {
		const end = Math.min(buf.length, i + block);
		let p = 0;
		for (let j = i; j < end; j++) p = Math.max(p, Math.abs(buf[j]!));
		env += (p > env ? ka : kr) * (p - env);
		const over = env > 0 ? 20 * Math.log10(env) - threshold : -1;
		const target = over > 0 ? Math.pow(10, (-over * (1 - 1 / ratio)) / 20) : 1;
		const step = (target - gain) / (end - i);
		for (let j = i; j < end; j++) {
			buf[j]! *= gain;
			gain += step;
		}
	}
}

/**
 * Fills env[0, n) with a note envelope: a linear rise over `attack` samples, held at 1 until
 * `hold`, then an exponential release (factor k per sample). Separate loops rather than a
 * branch per sample: a hot loop whose branch changes halfway would be deoptimised each time.
 */
export function envelope(env: Float32Array, n: number, attack: number, hold: number, k: number): void {
	const a = Math.min(attack, n);
	for (let i = 0; i < a; i++) env[i] = i / attack;
	const h = Math.min(hold, n);
	for (let i = a; i < h; i++) env[i] = 1;
	let level = 1;
	for (let i = h; i < n; i++) env[i] = level *= k;
}

/** `low` (at SR / factor) interpolated linearly up to SR; a loop wraps its last interval. */
export function upsample(low: Float32Array, factor: number, loop: boolean): Float32Array {
	const n = low.length;
	const out = new Float32Array(n * factor);
	for (let j = 0; j < n; j++) {
		const a = low[j]!;
		const d = ((j + 1 < n ? low[j + 1]! : loop ? low[0]! : 0) - a) / factor;
		for (let k = 0; k < factor; k++) out[j * factor + k] = a + d * k;
	}
	return out;
}
