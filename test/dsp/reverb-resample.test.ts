// The IR resampler with tones: the level of a tone in the passband, and everything that is not
// the tone (images going up, aliases going down) against the stopband figure.
import { describe, expect, it } from 'vitest';
import { resample, resampleIr } from '../../engine/dsp/reverb/resample-ir.js';

/** Least-squares fit of a sinusoid at `freq` over y[from..to): amplitude and the residual's RMS. */
function fit(y: Float64Array, from: number, to: number, freq: number, fs: number): { amplitude: number; residual: number } {
	let ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
	for (let n = from; n < to; n++) {
		const s = Math.sin((2 * Math.PI * freq * n) / fs);
		const c = Math.cos((2 * Math.PI * freq * n) / fs);
		ss += s * s;
		cc += c * c;
		sc += s * c;
		ys += y[n]! * s;
		yc += y[n]! * c;
	}
	const det = ss * cc - sc * sc;
	const a = (ys * cc - yc * sc) / det;
	const b = (yc * ss - ys * sc) / det;
	let e = 0;
	for (let n = from; n < to; n++) {
		const w = (2 * Math.PI * freq * n) / fs;
		const r = y[n]! - a * Math.sin(w) - b * Math.cos(w);
		e += r * r;
	}
	return { amplitude: Math.hypot(a, b), residual: Math.sqrt(e / (to - from)) };
}

const tone = (freq: number, fs: number, seconds: number) => Float64Array.from({ length: Math.round(fs * seconds) }, (_, n) => Math.sin((2 * Math.PI * freq * n) / fs));
const db = (v: number) => 20 * Math.log10(v);
/** The middle of the output, clear of the ends' transients. */
const middle = (y: Float64Array) => [Math.floor(y.length * 0.2), Math.floor(y.length * 0.8)] as const;

describe('resample (windowed sinc)', () => {
	for (const [from, to] of [[44100, 48000], [96000, 48000], [48000, 44100]] as const) {
		it(`${from} → ${to}: passband tones flat within 0.01 dB, all else ≤ −96 dB`, () => {
			for (const f of [50, 1000, 7000, 15000, 19000, 20000]) {
				const y = resample(tone(f, from, 0.25), from, to);
				const [a, b] = middle(y);
				const { amplitude, residual } = fit(y, a, b, f, to);
				expect(Math.abs(db(amplitude)), `${f} Hz level`).toBeLessThan(0.01);
				// Residual RMS against the tone's RMS (1/√2).
				expect(db(residual * Math.SQRT2), `${f} Hz residual`).toBeLessThan(-96);
			}
		});
	}

	it('44100 → 48000: the images of a tone near the top of the band are ≤ −96 dB', () => {
		for (const f of [21000, 21800]) {
			const y = resample(tone(f, 44100, 0.25), 44100, 48000);
			const [a, b] = middle(y);
			const { residual } = fit(y, a, b, f, 48000);
			expect(db(residual * Math.SQRT2), `${f} Hz`).toBeLessThan(-96);
		}
	});

	it('96000 → 48000: tones above the new Nyquist frequency are gone (≥ 96 dB down)', () => {
		for (const f of [24500, 28000, 30000, 40000, 47000]) {
			const y = resample(tone(f, 96000, 0.25), 96000, 48000);
			const [a, b] = middle(y);
			let e = 0;
			for (let n = a; n < b; n++) e += y[n]! * y[n]!;
			expect(db(Math.sqrt(e / (b - a)) * Math.SQRT2), `${f} Hz`).toBeLessThan(-96);
		}
	});

	it('keeps the duration, and an impulse response keeps its level (samples scaled by the rate ratio)', () => {
		expect(resample(new Float64Array(44100), 44100, 48000).length).toBeGreaterThanOrEqual(48000);
		const dc = new Float64Array(4410).fill(1);
		const y = resampleIr([dc], 44100, 48000)[0]!;
		// A DC IR's gain is its sum: 4410 at 44.1 kHz must stay 4410 at 48 kHz.
		expect(y.reduce((s, v) => s + v, 0)).toBeCloseTo(4410, 0);
		expect(resample(Float64Array.of(1, 2, 3), 48000, 48000)).toEqual(Float64Array.of(1, 2, 3));
	});
});
