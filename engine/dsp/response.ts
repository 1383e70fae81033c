// Magnitude responses for the strip page's EQ curve (hpf + lpf + bands in one line) and the
// frequency labels the strip shows. Any thread; these allocate and are not for the audio path.
import { biquadMagnitude, type BiquadCoefficients } from './biquad.js';

/**
 * The cascade's magnitude in dB at each of `freqs` (Hz): the sum of its sections' responses.
 * An exact zero (a notch at its centre) reads −Infinity.
 */
export function magnitudeDb(sections: readonly BiquadCoefficients[], freqs: Float64Array, sampleRate: number): Float64Array {
	const out = new Float64Array(freqs.length);
	for (let i = 0; i < freqs.length; i++) {
		let db = 0;
		for (const s of sections) db += 20 * Math.log10(biquadMagnitude(s, freqs[i]!, sampleRate));
		out[i] = db;
	}
	return out;
}

/** `n` frequencies spaced evenly in octaves from `from` to `to` Hz, both included. */
export function logFrequencies(n: number, from = 20, to = 20000): Float64Array {
	const out = new Float64Array(Math.max(0, n));
	if (n === 1) out[0] = from;
	const ratio = Math.log(to / from);
	for (let i = 0; n > 1 && i < n; i++) out[i] = i === n - 1 ? to : from * Math.exp((ratio * i) / (n - 1));
	return out;
}

/** '80 Hz', '120 Hz', '1.5 kHz', '16 kHz': three significant digits at most. */
export function formatHz(hz: number): string {
	if (hz < 1000) return `${Math.round(hz)} Hz`;
	const k = hz / 1000;
	const digits = k < 10 ? 2 : k < 100 ? 1 : 0;
	return `${Number(k.toFixed(digits))} kHz`;
}
