// Generated impulse responses: their RT60 by Schroeder integration, per band, and their
// determinism, decorrelation and level.
import { describe, expect, it } from 'vitest';
import { generateIr } from '../../engine/dsp/reverb/generate-ir.js';
import { decayTime, octaveBand, schroederCurve } from '../../engine/dsp/reverb/schroeder.js';

const FS = 48000;
function energy(x: ArrayLike<number>): number {
	let e = 0;
	for (let i = 0; i < x.length; i++) e += x[i]! * x[i]!;
	return e;
}

describe('schroeder', () => {
	it('reads the RT60 of an exact exponential decay', () => {
		// A decaying alternating sequence: energy falls 60 dB in 0.8 s exactly.
		const h = Float64Array.from({ length: FS }, (_, n) => (n % 2 ? -1 : 1) * 10 ** ((-3 * n) / (0.8 * FS)));
		expect(decayTime(h, FS)).toBeCloseTo(0.8, 2);
		expect(schroederCurve(h)[0]).toBe(0);
		expect(decayTime(new Float64Array(10), FS)).toBeNaN();
	});
});

describe('generateIr', () => {
	it('a hall (2.5 s) and a room (0.5 s): T30 within 10 % of the rt60 asked, broadband and at 1 kHz', () => {
		for (const [rt60, brightness] of [[2.5, 0.6], [0.5, 0.8], [1.2, 1]] as const) {
			const [l, r] = generateIr({ seconds: 2 * rt60, rt60, sampleRate: FS, channels: 2, seed: 7, brightness });
			for (const h of [l!, r!]) {
				expect(Math.abs(decayTime(octaveBand(h, FS, 1000), FS) / rt60 - 1)).toBeLessThan(0.1);
				if (brightness === 1) expect(Math.abs(decayTime(h, FS) / rt60 - 1)).toBeLessThan(0.1);
			}
		}
	});

	it('darker means shorter highs', () => {
		const t8k = (brightness: number) => decayTime(octaveBand(generateIr({ seconds: 4, rt60: 2, sampleRate: FS, channels: 1, seed: 3, brightness })[0]!, FS, 8000), FS);
		expect(t8k(1)).toBeGreaterThan(1.8);
		expect(t8k(0)).toBeLessThan(0.5 * t8k(1));
	});

	it('is deterministic per seed, decorrelated between channels, and of unit energy', () => {
		const o = { seconds: 1, rt60: 0.5, sampleRate: FS, channels: 2, seed: 42, brightness: 0.5 };
		const a = generateIr(o);
		const b = generateIr(o);
		expect(a[0]).toEqual(b[0]);
		expect(a[1]).toEqual(b[1]);
		expect(generateIr({ ...o, seed: 43 })[0]).not.toEqual(a[0]);
		let x = 0;
		for (let i = 0; i < a[0]!.length; i++) x += a[0]![i]! * a[1]![i]!;
		expect(Math.abs(x / Math.sqrt(energy(a[0]!) * energy(a[1]!)))).toBeLessThan(0.05);
		expect((energy(a[0]!) + energy(a[1]!)) / 2).toBeCloseTo(1, 4);
		expect(a[0]![a[0]!.length - 1]).toBeCloseTo(0, 6);
		expect(() => generateIr({ ...o, rt60: 0 })).toThrow(/rt60/);
	});
});
