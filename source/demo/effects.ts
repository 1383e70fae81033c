// Hard effects: a door opening and slamming, an impact, a car passing by (Doppler, distance
// and air absorption; the pan is the session's automation, so the file is mono) and a whoosh.
// Impacts are a low thump with a falling pitch, a noise crack and the object's resonances.
import { Biquad, BrownNoise, db, edgeFades, normalizePeak, PinkNoise, ring, samples, sine, SR } from './dsp.js';
import { Rng } from './prng.js';

/** A low sine thump whose pitch falls from `f0` to `f1`, decaying over `decay` seconds. */
function thump(out: Float32Array, at: number, f0: number, f1: number, decay: number, gain: number): void {
	const n = Math.min(out.length - at, Math.round(decay * 6 * SR));
	const k = Math.exp(-1 / (decay * SR));
	let env = gain;
	let phase = 0;
	for (let i = 0; i < n; i++) {
		const f = f1 + (f0 - f1) * Math.exp(-i / (0.04 * SR));
		phase += f / SR;
		out[at + i]! += sine(phase) * env * Math.min(1, i / 48);
		env *= k;
	}
}

/** A broadband crack: noise with a fast exponential decay, band-limited. */
function crack(out: Float32Array, at: number, rng: Rng, decay: number, gain: number, lowCut: number, highCut: number): void {
	const n = Math.min(out.length - at, Math.round(decay * 7 * SR));
	const hp = new Biquad().highpass(lowCut);
	const lp = new Biquad().lowpass(highCut);
	const k = Math.exp(-1 / (decay * SR));
	let env = gain;
	for (let i = 0; i < n; i++) {
		out[at + i]! += lp.tick(hp.tick(rng.noise())) * env;
		env *= k;
	}
}

/** Early reflections of a small room: delayed, darker copies. */
function smallRoom(out: Float32Array, taps: readonly (readonly [number, number])[]): void {
	const dry = out.slice();
	const lp = new Biquad().lowpass(3000);
	lp.process(dry);
	for (const [delay, gainDb] of taps) {
		const d = samples(delay);
		const g = db(gainDb);
		for (let i = d; i < out.length; i++) out[i]! += dry[i - d]! * g;
	}
}

/** Latch, a creaking hinge, the air of the door swinging. */
export function synthDoorOpen(seed: string): Float32Array {
	const rng = new Rng(seed);
	const out = new Float32Array(samples(1.8));
	crack(out, samples(0.05), rng, 0.004, 0.7, 1500, 9000);
	crack(out, samples(0.11), rng, 0.006, 0.5, 900, 7000);
	// Hinge creak: stick-slip pulses whose rate rises and falls, through narrow resonances.
	const creak = new Float32Array(out.length);
	const from = samples(0.25);
	const n = samples(1.1);
	let phase = 0;
	for (let i = 0; i < n; i++) {
		const t = i / n;
		phase += (28 + 55 * Math.sin(Math.PI * t) + 6 * rng.noise()) / SR;
		if (phase >= 1) {
			phase -= 1;
			creak[from + i] = Math.sin(Math.PI * t) ** 0.5;
		}
	}
	const r1 = new Biquad().bandpass(430, 9);
	const r2 = new Biquad().bandpass(920, 10);
	const r3 = new Biquad().bandpass(1750, 8);
	const air = new Biquad().lowpass(500);
	for (let i = 0; i < out.length; i++) {
		const x = creak[i]!;
		const swing = i > from && i < from + n ? Math.sin((Math.PI * (i - from)) / n) : 0;
		out[i]! += 0.9 * r1.tick(x) + 0.6 * r2.tick(x) + 0.3 * r3.tick(x) + 0.08 * swing * air.tick(rng.noise());
	}
	smallRoom(out, [[0.011, -9], [0.023, -12], [0.037, -15]]);
	normalizePeak([out], -20);
	edgeFades(out, 24, 9600);
	return out;
}

/** A door slammed: heavy thump, crack, panel resonances, the latch rattling, the room. */
export function synthDoorSlam(seed: string): Float32Array {
	const rng = new Rng(seed);
	const out = new Float32Array(samples(1.6));
	const at = samples(0.02);
	crack(out, at, rng, 0.03, 0.8, 300, 6000);
	ring(out, at, [[112, 0.5, 0.2], [236, 0.35, 0.15], [391, 0.2, 0.1]], 0.5);
	thump(out, at, 90, 48, 0.16, 1.1);
	for (const [t, g] of [[0.06, 0.3], [0.085, 0.15], [0.11, 0.07]] as const) crack(out, samples(t), rng, 0.004, g, 2500, 10000);
	smallRoom(out, [[0.009, -6], [0.019, -8], [0.031, -11], [0.047, -14], [0.071, -18]]);
	normalizePeak([out], -8);
	edgeFades(out, 24, 9600);
	return out;
}

/** Something heavy knocked over: a thump and crack, then a metal bin ringing. */
export function synthImpact(seed: string): Float32Array {
	const rng = new Rng(seed);
	const out = new Float32Array(samples(2.2));
	const at = samples(0.01);
	crack(out, at, rng, 0.05, 0.6, 400, 8000);
	thump(out, at, 70, 40, 0.22, 1);
	crack(out, at, rng, 0.01, 0.5, 200, 12000);
	ring(out, at, [[418, 1, 0.7], [1127, 0.8, 0.5], [1873, 0.5, 0.4], [2931, 0.35, 0.25]], 0.12);
	normalizePeak([out], -10);
	edgeFades(out, 24, 9600);
	return out;
}

/**
 * A car passing at `speed` m/s, `distance` m from the listener at its closest, at the middle of
 * the file: engine harmonics with Doppler shift, tyre roar, 1/r level, distant highs absorbed.
 */
export function synthPassBy(seconds: number, seed: string, speed = 16, distance = 5): Float32Array {
	const rng = new Rng(seed);
	const out = new Float32Array(samples(seconds));
	const c = 343;
	const tc = seconds / 2;
	const pink = new PinkNoise(rng);
	const brown = new BrownNoise(rng);
	const air = new Biquad();
	const tyre = new Biquad().bandpass(700, 0.5);
	const block = 64;
	let phase = 0;
	for (let i = 0; i < out.length; i += block) {
		const t = i / SR;
		const x = speed * (t - tc);
		const r = Math.hypot(x, distance);
		// Radial velocity away from the listener: negative while approaching (pitch up).
		const away = (speed * x) / r;
		const doppler = c / (c + away);
		const level = distance / r;
		air.lowpass(Math.min(12000, 1200 + 60000 / r), 0.6);
		const firing = 38 * doppler;
		const end = Math.min(out.length, i + block);
		for (let j = i; j < end; j++) {
			phase += firing / SR;
			const engine = sine(phase) + 0.6 * sine(2 * phase) + 0.4 * sine(3 * phase + 0.3) + 0.25 * sine(4.02 * phase);
			const road = tyre.tick(pink.tick()) * 2.2 + brown.tick() * 0.6;
			out[j] = air.tick(engine * 0.35 + road) * level;
		}
	}
	normalizePeak([out], -14);
	edgeFades(out, 4800, 4800);
	return out;
}

/** A whoosh: noise through a band-pass sweeping up, swelling into a hard stop. */
export function synthWhoosh(seconds: number, seed: string): Float32Array {
	const rng = new Rng(seed);
	const out = new Float32Array(samples(seconds));
	const bp = new Biquad();
	const block = 64;
	for (let i = 0; i < out.length; i += block) {
		const t = i / out.length;
		bp.bandpass(250 * Math.pow(20, t * t), 1.8);
		const env = Math.pow(t, 2.2) * (t > 0.97 ? (1 - t) / 0.03 : 1);
		const end = Math.min(out.length, i + block);
		for (let j = i; j < end; j++) out[j] = bp.tick(rng.noise()) * env;
	}
	normalizePeak([out], -16);
	return out;
}
