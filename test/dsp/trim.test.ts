import { describe, expect, it } from 'vitest';
import { RAMP_SECONDS } from '../../engine/dsp/ramp.js';
import { Trim } from '../../engine/dsp/trim.js';
import { firstDifference, noise, rng, runBlocks, type Change } from './helpers.js';

function trim(gainDb: number, channels = 1, fs = 48000, maxBlock = 512): Trim {
	const t = new Trim();
	t.params[0] = gainDb;
	t.configure(channels, fs, maxBlock);
	return t;
}

describe('Trim', () => {
	it('spec: gain in dB, −24 … +24, default 0', () => {
		expect(new Trim().specs).toEqual([expect.objectContaining({ name: 'gain', unit: 'dB', min: -24, max: 24, default: 0 })]);
		expect(new Trim().latency).toBe(0);
	});

	it('is bit-transparent at 0 dB', () => {
		const x = [noise(3000, 1), noise(3000, 2)];
		const y = runBlocks(trim(0, 2), x, () => 256);
		for (let c = 0; c < 2; c++) expect(firstDifference(y[c]!, x[c]!)).toBe(-1);
	});

	it('multiplies by 10^(dB/20) when steady, clamped to ±24 dB', () => {
		const x = noise(2000, 3);
		for (const [set, want] of [[-6, -6], [12.5, 12.5], [-24, -24], [40, 24], [-90, -24]] as const) {
			const y = runBlocks(trim(set), [x], () => 300)[0]!;
			const g = 10 ** (want / 20);
			for (let i = 0; i < x.length; i++) expect(y[i]).toBeCloseTo(x[i]! * g, 14);
		}
		// A NaN target is ignored as 0 dB rather than poisoning the audio.
		expect(firstDifference(runBlocks(trim(NaN), [x], () => 300)[0]!, x)).toBe(-1);
	});

	it('moves linearly in gain over 10 ms after a change, then holds the target exactly', () => {
		const fs = 48000;
		const ones = new Float64Array(2000).fill(1);
		const y = runBlocks(trim(0, 1, fs), [ones], () => 100, [{ at: 500, slot: 0, value: -12 }])[0]!;
		const length = Math.round(RAMP_SECONDS * fs);
		const g = 10 ** (-12 / 20);
		for (let i = 0; i < 500; i++) expect(y[i]).toBe(1);
		for (let k = 1; k <= length; k++) expect(y[500 + k - 1]).toBeCloseTo(1 + ((g - 1) * k) / length, 12);
		for (let i = 500 + length; i < y.length; i++) expect(y[i]).toBe(g);
	});

	it('gives the same bits however the audio is split, with changes at the same samples', () => {
		const x = [noise(48000, 4), noise(48000, 5)];
		const changes: Change[] = [
			{ at: 100, slot: 0, value: 6 },
			{ at: 300, slot: 0, value: -18 }, // mid-ramp
			{ at: 9000, slot: 0, value: 0 },
			{ at: 30001, slot: 0, value: 3 },
		];
		const whole = runBlocks(trim(-3, 2, 48000, 4096), x, () => 4096, changes);
		const r = rng(9);
		const split = runBlocks(trim(-3, 2, 48000, 4096), x, () => 1 + Math.floor(((r() + 1) / 2) * 4096), changes);
		for (let c = 0; c < 2; c++) expect(firstDifference(whole[c]!, split[c]!)).toBe(-1);
	});

	it('silence in, silence out; reset() jumps to the target', () => {
		const t = trim(9);
		expect(runBlocks(t, [new Float64Array(1024)], () => 256)[0]!.every((v) => v === 0)).toBe(true);
		t.params[0] = -6;
		t.reset();
		const y = runBlocks(t, [new Float64Array(64).fill(1)], () => 64)[0]!;
		expect(y.every((v) => v === 10 ** (-6 / 20))).toBe(true);
	});
});
