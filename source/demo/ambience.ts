// Backgrounds as seamless stereo loops, placed end to end by several clips: a kitchen room tone
// and a city night. Left and right are independent noise (decorrelated, so the loop sounds
// wide); every modulation is periodic in the loop length, so the loop point cannot be heard.
// Both are dark (nothing much above 3 kHz), so they are made at a quarter of the sample rate
// and interpolated up: a quarter of the work, and what the interpolation images add is some
// 30 dB under backgrounds that sit 30 dB under the dialogue.
import { Biquad, BrownNoise, db, loopCrossfade, normalizePeak, PinkNoise, sine, SR, upsample } from './dsp.js';
import { Rng } from './prng.js';

const FACTOR = 4;
const RATE = SR / FACTOR;
const OVERLAP = 0.75; // seconds crossfaded across the loop point

const low = (seconds: number) => Math.round(seconds * RATE);

/** Filtered noise at RATE, `length + overlap` long, crossfaded into a loop of `length`. */
function noiseLoop(length: number, rng: Rng, pinkGain: number, brownGain: number, filters: readonly Biquad[]): Float32Array {
	const raw = new Float32Array(length + low(OVERLAP));
	if (pinkGain !== 0) new PinkNoise(rng).addTo(raw, pinkGain);
	if (brownGain !== 0) new BrownNoise(rng).addTo(raw, brownGain);
	for (const f of filters) f.process(raw);
	return loopCrossfade(raw, length, low(OVERLAP));
}

/** Both channels from RATE up to SR, as a loop, at `peakDb`. */
function finish(channels: Float32Array[], loop: boolean, peakDb: number): Float32Array[] {
	const out = channels.map((ch) => upsample(ch, FACTOR, loop));
	normalizePeak(out, peakDb);
	return out;
}

/** Kitchen at night: air and a low rumble, and a fridge humming at 50 Hz. `seconds` × 50 must be whole. */
export function synthRoomTone(seconds: number, seed: string, peakDb: number): Float32Array[] {
	const length = low(seconds);
	const channels = [0, 1].map((c) => noiseLoop(length, new Rng(`${seed}/${c}`), 0.35, 1.2, [new Biquad(RATE).lowpass(2500, 0.6), new Biquad(RATE).highpass(30)]));
	// The hum is the same in both channels (one fridge), with a slow beat once per loop.
	for (let i = 0; i < length; i++) {
		const t = i / RATE;
		const swell = 1 + 0.25 * sine(t / seconds);
		const hum = swell * (sine(50 * t) * 0.6 + sine(100 * t) * 0.35 + sine(150 * t + 0.2) * 0.12) * 0.02;
		channels[0]![i]! += hum;
		channels[1]![i]! += hum;
	}
	return finish(channels, true, peakDb);
}

/**
 * A city at night heard from a street: traffic rumble in slow swells, distant hiss, a car
 * passing far off on the right and a horn on the left.
 */
export function synthCity(seconds: number, seed: string, peakDb: number): Float32Array[] {
	const length = low(seconds);
	const channels = [0, 1].map((c) => {
		const rng = new Rng(`${seed}/${c}`);
		// Rumble (brown, low-passed) and hiss (pink, band-passed) as separate loops.
		const rumble = noiseLoop(length, rng, 0, 3, [new Biquad(RATE).lowpass(220, 0.7)]);
		const hiss = noiseLoop(length, rng, 0.25, 0, [new Biquad(RATE).bandpass(900, 0.5)]);
		// Swells of whole cycles per loop, so they line up across the loop point.
		const phase = c * 0.13;
		for (let i = 0; i < length; i++) {
			const t = i / length;
			rumble[i] = (rumble[i]! + hiss[i]!) * (0.7 + 0.3 * sine(t + phase) + 0.15 * sine(3 * t + phase * 2));
		}
		return rumble;
	});
	// A far-off car on the right: band-limited noise in a slow bell-shaped swell.
	const rng = new Rng(`${seed}/events`);
	const car = new Biquad(RATE).bandpass(500, 0.7);
	const brown = new BrownNoise(rng);
	const centre = seconds * 0.35;
	for (let i = low(centre - 2.5); i < low(centre + 2.5); i++) {
		const x = (i / RATE - centre) / 1.1;
		const v = car.tick(brown.tick() * 4 + rng.noise() * 0.3) * Math.exp(-x * x);
		channels[0]![i]! += v * 0.35;
		channels[1]![i]! += v;
	}
	// A horn, two short blasts, on the left and muffled by distance.
	const horn = new Biquad(RATE).lowpass(1400, 0.7);
	for (const start of [seconds * 0.7, seconds * 0.7 + 0.32]) {
		const n = low(0.22);
		const at = low(start);
		for (let i = 0; i < n; i++) {
			const t = i / RATE;
			const env = Math.min(1, i / low(0.01), (n - i) / low(0.02));
			const tone = Math.tanh(2 * (sine(392 * t) + sine(494 * t))) * env;
			const v = horn.tick(tone) * db(-22);
			channels[0]![at + i]! += v;
			channels[1]![at + i]! += v * 0.5;
		}
	}
	return finish(channels, true, peakDb);
}
