// The live ducker as a processor: the gain per sample against the one-pole law written out here
// (attack toward depth from the first key sample at or over the threshold, hold from the last,
// then release), the look-ahead as an exact delay of the ducked signal, block independence,
// live changes without a click, silence in → silence out.
import { describe, expect, it } from 'vitest';
import { DUCK_ATTACK, DUCK_DEPTH, DUCK_HOLD, DUCK_LOOKAHEAD, DUCK_RELEASE, DUCK_THRESHOLD, Ducker } from '../../engine/dsp/dynamics/ducker.js';
import { SR, db, fixed, gainDb, maxStep, random, rng, run, sine } from './dynamics-helpers.js';

const L = Math.round(0.02 * SR);
const H = Math.round(0.3 * SR);
const alpha = (ms: number) => Math.exp(-1000 / (ms * SR));

function ducker(set: Partial<Record<number, number>> = {}): Ducker {
	const d = new Ducker();
	d.params[DUCK_THRESHOLD] = -40;
	d.params[DUCK_DEPTH] = -10;
	d.params[DUCK_ATTACK] = 40;
	d.params[DUCK_HOLD] = 300;
	d.params[DUCK_RELEASE] = 600;
	d.params[DUCK_LOOKAHEAD] = 20;
	for (const [k, v] of Object.entries(set)) d.params[Number(k)] = v!;
	d.configure(1, SR, 512);
	return d;
}

/** Key: silence, then a 1 kHz tone at −20 dBFS from `on` to `off` (its first sample on a crest), then silence. */
function key(frames: number, on: number, off: number, amplitude = 0.1): Float64Array {
	const tone = sine(off - on, 1000, amplitude, SR, Math.PI / 2);
	const k = new Float64Array(frames);
	k.set(tone, on);
	return k;
}

const noise = (frames: number, seed: number) => {
	const r = rng(seed);
	return Float64Array.from({ length: frames }, () => 0.5 * (r() - 0.5) + 0.3);
};

describe('Ducker', () => {
	const frames = 3 * SR;
	const on = SR / 2;
	const off = on + SR;
	const k = key(frames, on, off);
	const input = noise(frames, 7);

	it('delays the ducked signal by the look-ahead and dips it by the one-pole law', () => {
		const d = ducker();
		expect(d.latency).toBe(L);
		const out = run(d, [input], fixed(256), [], [k])[0]!;
		const g = gainDb(out, input, L);
		const aA = alpha(40);
		const aR = alpha(600);
		// Before the key: exactly the input, L samples late.
		for (let i = L; i < on; i++) expect(out[i]).toBe(input[i - L]);
		// Attack from the key's first sample: depth·(1 − α^(n+1)); the input it dips is L samples
		// earlier, so on the input's timeline the dip starts L before the key.
		for (const n of [0, 1, 10, 480, 1920, 4800]) expect(g[on + n]!).toBeCloseTo(-10 * (1 - Math.pow(aA, n + 1)), 6);
		// At depth through the line and the hold (counted from the last sample over the threshold, off − 1).
		const lastLoud = off - 1;
		for (const i of [on + SR / 2, off, lastLoud + H - 1]) expect(g[i]!).toBeCloseTo(-10, 6);
		// Then back over the release: depth·α^(n+1), 1/e of the dip after `release`.
		const r0 = lastLoud + H;
		for (const n of [0, 100, 4800]) expect(g[r0 + n]!).toBeCloseTo(-10 * Math.pow(aR, n + 1), 6);
		expect(g[r0 + Math.round(0.6 * SR) - 1]!).toBeCloseTo(-10 / Math.E, 4);
		// And exactly 0 dB (the input, bit for bit) once it has landed (within 0.0001 dB: 11.5 τ).
		const long = 10 * SR;
		const landed = run(ducker(), [noise(long, 3)], fixed(512), [], [key(long, on, off)])[0]!;
		expect(landed[long - 1]).toBe(noise(long, 3)[long - 1 - L]);
		expect(d.reduction[0]!).toBeCloseTo(-10, 6);
	});

	it('gives the same bits however the audio is cut into blocks', () => {
		const a = run(ducker(), [input], fixed(512), [], [k])[0]!;
		const b = run(ducker(), [input], random(300, 5), [], [k])[0]!;
		expect(b).toEqual(a);
	});

	it('leaves a signal alone while the key stays under the threshold (bit for bit, delayed)', () => {
		const quiet = key(frames, on, off, 0.005); // −46 dBFS, under −40
		const out = run(ducker(), [input], fixed(256), [], [quiet])[0]!;
		for (let i = L; i < frames; i += 997) expect(out[i]).toBe(input[i - L]);
		const none = run(ducker(), [input], fixed(256), [], undefined)[0]!;
		expect(none).toEqual(out);
	});

	it('takes a depth change and a switch-off while dipped without a click', () => {
		const d = ducker();
		const at = on + SR / 2;
		const out = run(d, [input], fixed(128), [{ at, slot: DUCK_DEPTH, value: -20 }], [k])[0]!;
		const g = gainDb(out, input, L);
		// The depth glides over 20 ms: no step bigger than 10 dB over 960 samples.
		expect(maxStep(g, at - 10, at + 4800)).toBeLessThanOrEqual(10 / 960 + 1e-9);
		expect(g[off + 1000]!).toBeCloseTo(-20, 3);
		// Switched off: the depth glides to 0 dB and the gain follows it back, no step either.
		const e = ducker();
		const outs = [Float64Array.from(input)];
		for (let pos = 0; pos < frames; pos += 128) {
			if (pos === at) e.on[0] = 0;
			e.process([outs[0]!.subarray(pos, pos + 128)], 128, [k.subarray(pos, pos + 128)]);
		}
		const h = gainDb(outs[0]!, input, L);
		expect(maxStep(h, at - 10, off)).toBeLessThanOrEqual(10 / 960 + 1e-9);
		// It comes back over the release, though the key is still loud.
		for (let i = at + 1; i < off; i += 97) expect(h[i]!).toBeGreaterThanOrEqual(h[i - 97]! - 1e-12);
		expect(h[off - 1]!).toBeCloseTo(-10 * Math.exp(-(off - 1 - at - 480) / (0.6 * SR)), 1);
	});

	it('a stereo key reads its louder channel; silence in, silence out; reset forgets the dip', () => {
		const d = new Ducker();
		d.configure(2, SR, 256);
		const quiet = [new Float64Array(256), new Float64Array(256)];
		const loudKey = [new Float64Array(256), Float64Array.from({ length: 256 }, () => 0.5)];
		for (let i = 0; i < 200; i++) d.process(quiet, 256, loudKey);
		expect(Math.max(...quiet.map((q) => Math.max(...q.map(Math.abs))))).toBe(0);
		expect(db(1) + d.reduction[0]!).toBeCloseTo(-10, 6);
		d.reset();
		// After a reset the look-ahead is empty again (silence for L samples), then unity.
		const blocks = [0, 1, 2, 3, 4].map(() => {
			const x = [Float64Array.from({ length: 256 }, () => 0.25), Float64Array.from({ length: 256 }, () => 0.25)];
			d.process(x, 256, null);
			return x;
		});
		expect(blocks[0]![0]![0]).toBe(0);
		expect(blocks[3]![1]![L - 3 * 256 - 1]).toBe(0);
		expect(blocks[3]![1]![L - 3 * 256]).toBe(0.25);
		expect(blocks[4]![0]![255]).toBe(0.25);
	});
});
