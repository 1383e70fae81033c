import { describe, expect, it } from 'vitest';
import { DEESS_FREQ, DEESS_RANGE, DEESS_THRESHOLD, DeEsser, deesserResponse } from '../../engine/dsp/dynamics/deesser.js';
import { amplitudeAt, db, fixed, lin, peak, random, rng, run, sine, SR } from './dynamics-helpers.js';

function deesser(freq: number, threshold: number, range: number, channels = 1, sampleRate = SR): DeEsser {
	const d = new DeEsser();
	d.params[DEESS_FREQ] = freq;
	d.params[DEESS_THRESHOLD] = threshold;
	d.params[DEESS_RANGE] = range;
	d.configure(channels, sampleRate, 512);
	d.reset();
	return d;
}

// A 4th-order Linkwitz-Riley crossover is a squared Butterworth pair: with ρ the prewarped
// frequency ratio tan(πf/fs) / tan(πfc/fs), |LP| = 1/(1 + ρ⁴) and |HP| = ρ⁴/(1 + ρ⁴), and the two
// bands are in phase, so low + g·high has magnitude |LP| + g·|HP|.
function bands(f: number, fc: number, sampleRate = SR): { low: number; high: number } {
	const rho4 = (Math.tan((Math.PI * f) / sampleRate) / Math.tan((Math.PI * fc) / sampleRate)) ** 4;
	return { low: 1 / (1 + rho4), high: rho4 / (1 + rho4) };
}
const expected = (f: number, fc: number, gainDb: number, sampleRate = SR) => {
	const b = bands(f, fc, sampleRate);
	return b.low + lin(gainDb) * b.high;
};

/** Integer frequencies spaced evenly in log from 20 Hz to 20 kHz. */
const grid = Array.from({ length: 31 }, (_, k) => Math.round(20 * Math.pow(1000, k / 30)));

describe('DeEsser', () => {
	it('idle (the band under the threshold), it is flat within 0.01 dB from 20 Hz to 20 kHz', () => {
		const d = deesser(6000, -30, -8);
		for (const f of grid) {
			d.reset();
			const input = sine(1.2 * SR, f, lin(-40));
			const [out] = run(d, [input], fixed(512));
			expect(Math.abs(db(amplitudeAt(out!, 0.2 * SR, f) / lin(-40))), `${f} Hz`).toBeLessThan(0.01);
			expect(d.reduction[0]).toBe(0);
		}
	});

	it('a loud 8 kHz tone is turned down by range in the high band; 1 kHz in the same signal is untouched', () => {
		const d = deesser(6000, -30, -8);
		const a1 = lin(-12);
		const a8 = lin(-10);
		const input = sine(1.5 * SR, 1000, a1).map((v, n) => v + a8 * Math.sin((2 * Math.PI * 8000 * n) / SR));
		const [out] = run(d, [input], fixed(256));
		const at8 = amplitudeAt(out!, 0.5 * SR, 8000);
		const at1 = amplitudeAt(out!, 0.5 * SR, 1000);
		// The band is far over the threshold, so it is down by the whole range: −8 dB on its share of 8 kHz.
		expect(db(at8 / a8)).toBeCloseTo(db(expected(8000, 6000, -8)), 3);
		expect(db(at8 / a8)).toBeLessThan(-3);
		expect(db(at8 / a8)).toBeGreaterThanOrEqual(-8);
		expect(Math.abs(db(at1 / a1))).toBeLessThan(0.1);
		// Exactly what the crossover predicts: the high band's share of 1 kHz is 64 dB down.
		expect(db(at1 / a1)).toBeCloseTo(db(expected(1000, 6000, -8)), 4);
		expect(d.reduction[0]).toBeCloseTo(-8, 6);
	});

	it('over the threshold, the band is pulled down to it (dB for dB), no further than range', () => {
		// At 192 kHz a 4 kHz tone has 48 samples a period, so its sampled peak is its amplitude
		// within 0.02 dB, and the band level is amplitude · |HP|.
		const sr = 192000;
		for (const over of [3, 6, 12, 30]) {
			const d = deesser(2000, -30, -24, 1, sr);
			const a = lin(-30 + over) / bands(4000, 2000, sr).high;
			const [out] = run(d, [sine(1.3 * sr, 4000, a, sr)], fixed(512));
			const want = expected(4000, 2000, Math.max(-over, -24), sr);
			expect(Math.abs(db(amplitudeAt(out!, 0.3 * sr, 4000, sr) / a) - db(want)), `${over} dB over`).toBeLessThan(0.03);
		}
	});

	it('the exported response is the crossover with the band at a gain', () => {
		for (const f of grid) {
			expect(deesserResponse(6000, 0, f, SR)).toBeCloseTo(1, 12);
			expect(db(deesserResponse(6000, -8, f, SR))).toBeCloseTo(db(expected(f, 6000, -8)), 9);
		}
	});

	it('the same input gives the same bits whatever the block sizes, parameter changes included', () => {
		const r = rng(21);
		let hiss = 0;
		const x = Float64Array.from({ length: SR }, (_, n) => {
			if (n % 4000 === 0) hiss = r() < 0.5 ? 0 : 0.4;
			return 0.3 * Math.sin((2 * Math.PI * 300 * n) / SR) + hiss * (2 * r() - 1);
		});
		const y = Float64Array.from(x, (v) => 0.8 * v);
		const changes = [
			{ at: 8_000, slot: DEESS_FREQ, value: 3000 },
			{ at: 8_500, slot: DEESS_FREQ, value: 9000 },
			{ at: 20_001, slot: DEESS_THRESHOLD, value: -40 },
			{ at: 30_000, slot: DEESS_RANGE, value: -20 },
		];
		const a = run(deesser(6000, -30, -8, 2), [x, y], fixed(512), changes);
		for (const seed of [7, 8]) expect(run(deesser(6000, -30, -8, 2), [x, y], random(512, seed), changes)).toEqual(a);
	});

	it('parameter changes make no click', () => {
		const diff = (y: Float64Array, from: number, to: number) => {
			let m = 0;
			for (let i = from; i < to; i++) m = Math.max(m, Math.abs(y[i]! - y[i - 1]!));
			return m;
		};
		// Idle on a 1 kHz tone while freq sweeps 6 → 2 → 16 kHz (reversing mid-glide): the level of
		// every cycle stays within 0.15 dB (the sampled crest of a cycle is within 0.02 dB of the amplitude).
		const d = deesser(6000, 0, -8);
		const [idle] = run(d, [sine(0.5 * SR, 1000, 0.5)], fixed(64), [{ at: 12_000, slot: DEESS_FREQ, value: 2000 }, { at: 12_500, slot: DEESS_FREQ, value: 16000 }]);
		for (let p = 6_000; p < 20_000; p += 48) expect(Math.abs(db(peak(idle!, p, p + 48) / 0.5)), `cycle at ${p}`).toBeLessThan(0.15);
		// Reducing an 8 kHz tone while range and threshold move: no sample-to-sample difference exceeds the steady signal's own.
		const e = deesser(6000, -30, -4);
		const [cut] = run(e, [sine(0.5 * SR, 8000, 0.5)], fixed(64), [{ at: 12_000, slot: DEESS_RANGE, value: -24 }, { at: 13_000, slot: DEESS_THRESHOLD, value: -60 }]);
		expect(diff(cut!, 12_000, 20_000)).toBeLessThan(1.02 * diff(cut!, 6_000, 12_000));
	});

	it('silence in, silence out; reset clears the crossover', () => {
		const d = deesser(6000, -30, -8, 2);
		const quiet = [new Float64Array(512), new Float64Array(512)];
		d.process(quiet, 512, null);
		expect(peak(quiet[0]!)).toBe(0);
		d.process([sine(512, 7000, 1), sine(512, 7000, 1)], 512, null);
		d.reset();
		const after = [new Float64Array(512), new Float64Array(512)];
		d.process(after, 512, null);
		expect(peak(after[0]!)).toBe(0);
		expect(peak(after[1]!)).toBe(0);
	});
});
