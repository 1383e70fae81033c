// The score's instruments: pads (detuned band-limited saws), an FM pluck and a sine bass, and
// the stereo buses they play into. Pads and bass are dark (low-passed at 1.5 kHz later), so they
// are rendered at a quarter of the sample rate and interpolated up: a quarter of the work.
import { envelope, midiHz, samples, sine, SR } from './dsp.js';

/** A stereo buffer at `rate`; a loop's has a tail past its end that fold() adds onto its start. */
export interface Bus {
	l: Float32Array;
	r: Float32Array;
	/** Loop length in samples (the arrays are longer by the tail), or 0 when not a loop. */
	loop: number;
	/** Samples per second. */
	rate: number;
}

const TAIL = 5; // seconds: longer than any note's release

/** Rate of the pad and bass bus. */
export const LOW_RATE = SR / 4;

export function bus(seconds: number, loop: boolean, rate = SR): Bus {
	const length = Math.round(seconds * rate);
	const n = length + (loop ? Math.round(TAIL * rate) : 0);
	return { l: new Float32Array(n), r: new Float32Array(n), loop: loop ? length : 0, rate };
}

/** Wraps a loop's tail around onto its start and returns the loop-length channels. */
export function fold(b: Bus): [Float32Array, Float32Array] {
	if (b.loop === 0) return [b.l, b.r];
	const wrap = (ch: Float32Array) => {
		for (let i = b.loop; i < ch.length; i++) ch[i - b.loop]! += ch[i]!;
		return ch.subarray(0, b.loop);
	};
	return [wrap(b.l), wrap(b.r)];
}

const SAW_SIZE = 2048;

/** One cycle of a sawtooth with `harmonics` harmonics (band-limited by construction). */
export function sawTable(harmonics: number): Float32Array {
	const t = new Float32Array(SAW_SIZE + 1);
	for (let h = 1; h <= harmonics; h++) for (let i = 0; i <= SAW_SIZE; i++) t[i]! += Math.sin((2 * Math.PI * h * i) / SAW_SIZE) / h;
	return t;
}

/** A table's value at `phase` in [0, 1). */
export function lookup(table: Float32Array, phase: number): number {
	const p = phase * SAW_SIZE;
	const i = p | 0;
	return table[i]! + (table[i + 1]! - table[i]!) * (p - i);
}

// 11 harmonics stay under the quarter rate's Nyquist (6 kHz) up to A4, the highest pad note.
const PAD_SAW = sawTable(11);

/** Envelope scratch, long enough for any note at any rate used here. */
const ENV = new Float32Array(samples(12));

/** A pad note at `at` seconds: one detuned saw per side (wide, and cheap), slow attack and release. */
export function pad(b: Bus, at: number, seconds: number, note: number, gain: number, attack = 0.7, release = 1.4): void {
	const f = midiHz(note);
	const fl = (f * Math.pow(2, -6 / 1200)) / b.rate;
	const fr = (f * Math.pow(2, 7 / 1200)) / b.rate;
	const start = Math.round(at * b.rate);
	const hold = Math.round(seconds * b.rate);
	const n = Math.min(hold + Math.round(release * b.rate), b.l.length - start);
	envelope(ENV, n, Math.round(attack * b.rate), hold, Math.exp(-1 / (release * 0.3 * b.rate)));
	const { l, r } = b;
	let pl = 0;
	let pr = 0.37;
	for (let i = 0; i < n; i++) {
		const env = ENV[i]! * gain;
		l[start + i]! += lookup(PAD_SAW, pl) * env;
		r[start + i]! += lookup(PAD_SAW, pr) * env;
		pl += fl;
		pr += fr;
		if (pl >= 1) pl -= 1;
		if (pr >= 1) pr -= 1;
	}
}

/** A sine bass with a touch of second harmonic, held for `seconds` and sagging a little. */
export function bass(b: Bus, at: number, seconds: number, note: number, gain: number): void {
	const f = midiHz(note) / b.rate;
	const start = Math.round(at * b.rate);
	const hold = Math.round(seconds * b.rate);
	const n = Math.min(hold + Math.round(0.4 * b.rate), b.l.length - start);
	envelope(ENV, n, Math.round(0.08 * b.rate), hold, Math.exp(-1 / (0.1 * b.rate)));
	for (let i = 0; i < n; i++) {
		const v = (sine(i * f) + 0.2 * sine(2 * i * f)) * ENV[i]! * gain * (1 - (0.3 * Math.min(i, hold)) / hold);
		b.l[start + i]! += v;
		b.r[start + i]! += v;
	}
}

/** An FM pluck at SR (modulator at the carrier's frequency, index decaying fast): a soft e-piano. */
export function pluckWave(note: number, decay: number): Float32Array {
	const f = midiHz(note) / SR;
	// Down 30 dB at the end, where a short fade takes it to zero: the reverb hides the rest.
	const out = new Float32Array(samples(decay * 3.5));
	const ka = Math.exp(-1 / (decay * SR));
	const ki = Math.exp(-1 / (0.12 * SR));
	const fade = samples(0.2);
	let amp = 1;
	let index = 2.2 / (2 * Math.PI);
	for (let i = 0; i < out.length; i++) {
		const phase = i * f;
		out[i] = sine(phase + index * sine(phase)) * amp * Math.min(1, i / 96, (out.length - i) / fade);
		amp *= ka;
		index *= ki;
	}
	return out;
}

/** Adds a pluck (rendered once per note, see pluckWave) at sample `start`, panned constant-power. */
export function pluck(b: Bus, start: number, wave: Float32Array, gain: number, pan: number): void {
	const gl = Math.cos(((pan + 1) * Math.PI) / 4) * gain;
	const gr = Math.sin(((pan + 1) * Math.PI) / 4) * gain;
	const n = Math.min(wave.length, b.l.length - start);
	for (let i = 0; i < n; i++) {
		b.l[start + i]! += wave[i]! * gl;
		b.r[start + i]! += wave[i]! * gr;
	}
}
