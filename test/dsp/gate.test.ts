import { describe, expect, it } from 'vitest';
import { GATE_ATTACK, GATE_HOLD, GATE_RANGE, GATE_RELEASE, GATE_THRESHOLD, Gate } from '../../engine/dsp/dynamics/gate.js';
import { DETECTOR_WINDOW_MS } from '../../engine/dsp/dynamics/detector.js';
import { fixed, gainDb, lin, maxStep, peak, random, rng, run, sine, SR, steps } from './dynamics-helpers.js';

interface Settings {
	threshold?: number;
	range?: number;
	attack?: number;
	hold?: number;
	release?: number;
}

function gate(s: Settings, channels = 1): Gate {
	const g = new Gate();
	const set = (slot: number, v: number | undefined) => v !== undefined && (g.params[slot] = v);
	set(GATE_THRESHOLD, s.threshold);
	set(GATE_RANGE, s.range);
	set(GATE_ATTACK, s.attack);
	set(GATE_HOLD, s.hold);
	set(GATE_RELEASE, s.release);
	g.configure(channels, SR, 512);
	return g;
}

const WINDOW = Math.round((DETECTOR_WINDOW_MS / 1000) * SR);
const ms = (t: number) => Math.round((t / 1000) * SR);

describe('Gate', () => {
	it.each([-20, -40, -90])('closed, it attenuates by exactly range (%d dB)', (range) => {
		const g = gate({ threshold: -50, range });
		const input = sine(0.5 * SR, 1000, lin(-60));
		const [out] = run(g, [input], fixed(256));
		const want = Math.pow(10, range / 20);
		for (let i = 0; i < input.length; i += 97) expect(out![i]!).toBeCloseTo(input[i]! * want, 14);
	});

	it('open at or above the threshold: unity, bit for bit', () => {
		const g = gate({ threshold: -30, range: -40, attack: 0.1 });
		// Steady from the first sample at exactly the threshold's level (a 1 kHz sine has samples on its crests).
		const input = sine(0.5 * SR, 1000, lin(-30));
		const [out] = run(g, [input], fixed(512));
		expect(out!.subarray(ms(20))).toEqual(input.subarray(ms(20)));
	});

	it('opens over attack: 1 − 1/e of the way from the floor in τ', () => {
		for (const attack of [0.5, 2, 10]) {
			const g = gate({ threshold: -40, range: -30, attack });
			const at = 0.1 * SR;
			const input = steps([[at, 0.001], [0.3 * SR, 0.1]]);
			const d = gainDb(run(g, [input], fixed(128))[0]!, input);
			expect(d[at - 1]).toBeCloseTo(-30, 10);
			const opened = 1 - d[at + ms(attack) - 1]! / -30;
			expect(opened).toBeCloseTo(1 - Math.exp(-1), 2);
			expect(d[at + 0.25 * SR]).toBe(0);
		}
	});

	it('holds for `hold` after the last sample over the threshold, then closes over release', () => {
		for (const [hold, release] of [[50, 150], [200, 20], [500, 1000]]) {
			const g = gate({ threshold: -40, range: -24, attack: 0.1, hold, release });
			const drop = 0.2 * SR;
			const input = steps([[drop, 0.1], [3 * SR, 0.001]]);
			const d = gainDb(run(g, [input], fixed(512))[0]!, input);
			const last = drop - 1;
			// Open through the hold …
			expect(d[last + ms(hold) - 1]).toBe(0);
			expect(d[last + ms(hold)]).toBeLessThan(0);
			// … then down toward the floor with the release time constant.
			const closed = d[last + ms(hold) + ms(release) - 1]! / -24;
			expect(closed).toBeCloseTo(1 - Math.exp(-1), 2);
		}
	});

	it('a hold shorter than the detector window acts as the window', () => {
		const g = gate({ threshold: -40, range: -24, hold: 0, release: 10 });
		const drop = 0.2 * SR;
		const input = steps([[drop, 0.1], [0.2 * SR, 0.001]]);
		const d = gainDb(run(g, [input], fixed(512))[0]!, input);
		expect(d[drop - 1 + WINDOW - 1]).toBe(0);
		expect(d[drop - 1 + WINDOW]).toBeLessThan(0);
	});

	it('a sidechain key opens it', () => {
		const g = gate({ threshold: -40, range: -30, attack: 0.1 });
		const input = sine(0.5 * SR, 1000, lin(-60));
		const key = steps([[0.25 * SR, 0], [0.25 * SR, 0.5]]);
		const [out] = run(g, [input], fixed(256), [], [key]);
		expect(peak(out!, 0.1 * SR, 0.25 * SR)).toBeCloseTo(lin(-90), 12);
		expect(peak(out!, 0.4 * SR)).toBeCloseTo(lin(-60), 12);
	});

	it('a range change while closed glides, with no step', () => {
		const g = gate({ threshold: -20, range: -10, attack: 0.1, release: 5 });
		const input = new Float64Array(0.5 * SR).fill(0.01);
		const d = gainDb(run(g, [input], fixed(64), [{ at: 10_000, slot: GATE_RANGE, value: -80 }, { at: 15_000, slot: GATE_RANGE, value: 0 }])[0]!, input);
		// 70 dB over the 20 ms glide is 0.073 dB a sample; a jump would be 70 dB.
		expect(maxStep(d)).toBeLessThan(0.1);
		expect(d[14_999]).toBeCloseTo(-80, 10);
		expect(d[20_000]).toBe(0);
	});

	it('the same input gives the same bits whatever the block sizes, parameter changes included', () => {
		const r = rng(5);
		let env = 0;
		const x = Float64Array.from({ length: SR }, (_, i) => {
			if (i % 3000 === 0) env = r() < 0.5 ? 0.002 : 0.3;
			return env * (2 * r() - 1);
		});
		const y = Float64Array.from(x, (v) => -0.7 * v);
		const changes = [
			{ at: 10_000, slot: GATE_RANGE, value: -60 },
			{ at: 20_003, slot: GATE_THRESHOLD, value: -20 },
			{ at: 30_000, slot: GATE_HOLD, value: 5 },
			{ at: 30_000, slot: GATE_ATTACK, value: 20 },
			{ at: 35_000, slot: GATE_RELEASE, value: 40 },
		];
		const a = run(gate({}, 2), [x, y], fixed(512), changes);
		for (const seed of [3, 4]) expect(run(gate({}, 2), [x, y], random(512, seed), changes)).toEqual(a);
	});

	it('silence in, silence out; reset closes it; the meter shows the floor', () => {
		const g = gate({ range: -30 }, 2);
		const quiet = [new Float64Array(512), new Float64Array(512)];
		g.process(quiet, 512, null);
		expect(peak(quiet[0]!)).toBe(0);
		expect(g.reduction[0]).toBe(-30);
		g.reduction[0] = 0;
		g.process([new Float64Array(512).fill(0.5), new Float64Array(512).fill(0.5)], 512, null);
		// Opening (default attack 1 ms), the deepest gain is the first sample's, one step up from the floor.
		expect(g.reduction[0]).toBeCloseTo(-30 * Math.exp(-1000 / (1 * SR)), 9);
		g.reset();
		const low = [new Float64Array(512).fill(0.001), new Float64Array(512)];
		g.process(low, 512, null);
		expect(low[0]![0]).toBeCloseTo(0.001 * lin(-30), 15);
	});
});
