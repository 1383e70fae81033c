// Point edits of automation lanes as pure functions, table-driven: add, remove, move (time and
// value), set, range trim and clear; points stay sorted, values clamped (and said), times ≥ 0.
// Lane values are checked against linear interpolation written here (dB lanes with −∞ as the
// −144 dB floor), and against the engine's own lane evaluation.
import { describe, expect, it } from 'vitest';
import { GAIN_FLOOR_DB, linearAt, makeLane } from '../../engine/dsp/automation.js';
import {
	LANE_FLOOR_DB,
	TRIM_RAMP,
	addPoint,
	clampLaneValue,
	clearRange,
	laneSpec,
	laneValueAt,
	lanesOf,
	movePoint,
	removePoint,
	resolvedPoints,
	setPointValue,
	trimRange,
	type LaneOwner,
} from '../../sessions/edit.js';
import { parseSession } from '../../sessions/load.js';
import type { Session } from '../../sessions/types.js';

const YAML = `dubdesk: 1
frameRate: 25
start: "01:00:00:00"
buses:
  - { id: DX }
  - { id: VERB }
tracks:
  - id: dx1
    output: DX
    gain: -3
    pan: 0.25
    sends: [{ to: VERB, gain: -12 }]
    strip:
      hpf: { freq: 80 }
      eq: [{ type: bell, freq: 1000, gain: 2, q: 1 }]
      compressor: { threshold: -20 }
    automation:
      mode: touch
      gain: [[0, -20], [10, 0], ["01:00:20:00", -10]]
  - id: dx2
    automation:
      pan: [[0, -1], [4, 1]]
      mute: [[2, 1], [3, 0]]
`;

const load = (yaml = YAML): Session => parseSession(yaml, '/tmp/lanes.yaml');
const dx1: LaneOwner = { kind: 'track', id: 'dx1' };
const dx2: LaneOwner = { kind: 'track', id: 'dx2' };
const gainOf = (s: Session, t = 0) => s.tracks[t]!.automation?.gain;

/** Linear interpolation of [t, v] points, the first and last values holding outside; dB lanes floor −∞ at −144. */
function lerp(points: readonly (readonly [number, number])[], t: number, db = false): number {
	const f = (v: number) => (db ? Math.max(-144, v) : v);
	if (t <= points[0]![0]) return f(points[0]![1]);
	for (let i = 1; i < points.length; i++) {
		const [t1, v1] = points[i]!;
		const [t0, v0] = points[i - 1]!;
		if (t < t1) return f(v0) + ((f(v1) - f(v0)) * (t - t0)) / (t1 - t0);
	}
	return f(points.at(-1)![1]);
}

describe('lane specs and names', () => {
	it.each([
		['gain', { unit: 'dB', min: -Infinity, max: 12, step: 0.5, fader: true }],
		['pan', { unit: '', min: -1, max: 1, step: 0.05 }],
		['mute', { unit: '', min: 0, max: 1, step: 1, steps: true }],
		['send.VERB', { unit: 'dB', min: -Infinity, max: 12, step: 0.5, fader: true }],
		['eq.0.gain', { unit: 'dB', min: -24, max: 24, step: 0.5 }],
		['hpf.freq', { unit: 'Hz', min: 10, max: 23760, step: 1 / 12, log: true }],
		['compressor.threshold', { unit: 'dBFS', min: -80, max: 0, step: 1 }],
		['hpf.slope', undefined],
		['eq.0.type', undefined],
		['nonsense', undefined],
	])('%s', (lane, spec) => {
		expect(laneSpec(lane, 48000)).toEqual(spec);
	});

	it('offers gain, pan, mute, the sends, the strip parameters in signal order, then the duck lane', () => {
		expect(lanesOf(load(), dx1)).toEqual([
			'gain', 'pan', 'mute', 'send.VERB', 'trim', 'hpf.freq', 'eq.0.freq', 'eq.0.gain', 'eq.0.q',
			'compressor.threshold', 'compressor.ratio', 'compressor.knee', 'compressor.attack', 'compressor.release', 'compressor.makeup', 'duck',
		]);
		expect(lanesOf(load(), dx2)).toEqual(['gain', 'pan', 'mute', 'duck']);
		expect(lanesOf(load(), { kind: 'bus', id: 'DX' })).toEqual(['gain', 'mute', 'duck']);
	});

	it.each([
		// [owner, lane, time, value]: lanes as the engine plays them; the static value without points.
		[dx1, 'gain', 2.5, -15],
		[dx1, 'gain', 15, -5],
		[dx1, 'gain', 30, -10],
		[dx2, 'pan', 1, -0.5],
		[dx2, 'pan', 2, 0],
		[dx2, 'mute', 1.9, 1],
		[dx2, 'mute', 2.5, 1],
		[dx2, 'mute', 3, 0],
		[dx2, 'gain', 5, 0],
		[dx1, 'pan', 5, 0.25],
		[dx1, 'send.VERB', 5, -12],
		[dx1, 'eq.0.gain', 5, 2],
	] as const)('%o %s at %f s is %f', (owner, lane, t, v) => {
		expect(laneValueAt(load(), owner, lane, t)).toBeCloseTo(v, 12);
	});

	it('evaluates a fade from −∞ with the engine (the −144 dB floor), −∞ below it', () => {
		const s = load(YAML.replace('[[0, -20], [10, 0]', '[[0, -.inf], [10, 0]'));
		const engine = makeLane([[0, -Infinity], [10, 0], [20, -10]], GAIN_FLOOR_DB);
		expect(LANE_FLOOR_DB).toBe(GAIN_FLOOR_DB);
		for (const t of [0.5, 2.5, 5, 9.99, 12, 25]) {
			expect(laneValueAt(s, dx1, 'gain', t)).toBeCloseTo(linearAt(engine, t), 9);
			expect(laneValueAt(s, dx1, 'gain', t)).toBeCloseTo(lerp([[0, -144], [10, 0], [20, -10]], t), 9);
		}
		expect(laneValueAt(s, dx1, 'gain', 0)).toBe(-Infinity);
	});
});

describe('addPoint', () => {
	it.each([
		// [time, value, the gain lane after]
		[5, -6, [[0, -20], [5, -6], [10, 0], ['01:00:20:00', -10]]],
		[0.5, -18, [[0, -20], [0.5, -18], [10, 0], ['01:00:20:00', -10]]],
		[25, -10, [[0, -20], [10, 0], ['01:00:20:00', -10], [25, -10]]],
		['01:00:05:00', -7, [[0, -20], ['01:00:05:00', -7], [10, 0], ['01:00:20:00', -10]]],
		// A point at exactly that time takes the value.
		[10, -1, [[0, -20], [10, -1], ['01:00:20:00', -10]]],
		// Clamped to the fader's +12 dB; below −200 dB is −∞.
		[5, 30, [[0, -20], [5, 12], [10, 0], ['01:00:20:00', -10]]],
		[5, -300, [[0, -20], [5, -Infinity], [10, 0], ['01:00:20:00', -10]]],
	] as const)('at %s with %f', (at, value, after) => {
		const s = load();
		const clamps: number[] = [];
		const next = addPoint(s, dx1, 'gain', at, value, (v) => clamps.push(v));
		expect(gainOf(next)).toEqual(after);
		expect(clamps).toEqual(value === 30 ? [12] : []);
		// Pure: the input is untouched, other tracks are shared.
		expect(gainOf(s)).toEqual([[0, -20], [10, 0], ['01:00:20:00', -10]]);
		expect(next.tracks[1]).toBe(s.tracks[1]);
	});

	it('starts a lane, keeps the mode, and refuses negative times and unknown lanes', () => {
		const s = addPoint(load(), dx1, 'eq.0.gain', 3, 30);
		expect(s.tracks[0]!.automation).toMatchObject({ mode: 'touch', 'eq.0.gain': [[3, 24]] });
		expect(() => addPoint(load(), dx1, 'gain', -1, 0)).toThrow(/negative/);
		expect(() => addPoint(load(), dx1, 'hpf.slope', 1, 12)).toThrow(/not an automation lane/);
		expect(() => addPoint(load(), dx1, 'gain', 1, Number.NaN)).toThrow(/NaN/);
	});

	it('adding the same point again changes nothing', () => {
		const s = load();
		expect(addPoint(s, dx1, 'gain', 10, 0)).toBe(s);
	});
});

describe('removePoint', () => {
	it('removes one point; the last one takes the lane, then the automation block, with it', () => {
		const s = removePoint(load(), dx1, 'gain', 1);
		expect(gainOf(s)).toEqual([[0, -20], ['01:00:20:00', -10]]);
		let t = removePoint(load(), dx2, 'mute', 0);
		t = removePoint(t, dx2, 'mute', 0);
		expect(t.tracks[1]!.automation).toEqual({ pan: [[0, -1], [4, 1]] });
		t = removePoint(removePoint(t, dx2, 'pan', 1), dx2, 'pan', 0);
		expect(t.tracks[1]!.automation).toBeUndefined();
		// A mode stays when the lanes go.
		let u = load();
		for (let i = 0; i < 3; i++) u = removePoint(u, dx1, 'gain', 0);
		expect(u.tracks[0]!.automation).toEqual({ mode: 'touch' });
		expect(() => removePoint(load(), dx1, 'gain', 3)).toThrow(/no point 3/);
	});
});

describe('movePoint', () => {
	const frame = 1 / 25;
	it.each([
		// [lane, owner, index, move, points after]
		['gain', dx1, 1, { seconds: frame }, [[0, -20], [10.04, 0], ['01:00:20:00', -10]]],
		['gain', dx1, 1, { seconds: 25 }, [[0, -20], [20, 0], ['01:00:20:00', -10]]],
		['gain', dx1, 0, { seconds: -1 }, [[0, -20], [10, 0], ['01:00:20:00', -10]]],
		// A timecode stays timecode on a frame, and becomes seconds off one.
		['gain', dx1, 2, { seconds: -frame }, [[0, -20], [10, 0], ['01:00:19:24', -10]]],
		['gain', dx1, 2, { seconds: -frame / 4 }, [[0, -20], [10, 0], [19.99, -10]]],
		['gain', dx1, 0, { steps: 1 }, [[0, -19.5], [10, 0], ['01:00:20:00', -10]]],
		['gain', dx1, 0, { steps: -10 }, [[0, -25], [10, 0], ['01:00:20:00', -10]]],
		['gain', dx1, 1, { seconds: 1, steps: 1 }, [[0, -20], [11, 0.5], ['01:00:20:00', -10]]],
		['pan', dx2, 1, { steps: -1 }, [[0, -1], [4, 0.95]]],
		['mute', dx2, 1, { steps: 1 }, [[2, 1], [3, 1]]],
	] as const)('%s point %i by %o', (lane, owner, index, move, after) => {
		const s = movePoint(load(), owner, lane, index, move);
		expect(s.tracks[owner === dx1 ? 0 : 1]!.automation![lane]).toEqual(after);
	});

	it('moves a level like a fader: up from −∞ to −60 dB, down past −60 dB closes it', () => {
		let s = setPointValue(load(), dx1, 'gain', 0, -Infinity);
		s = movePoint(s, dx1, 'gain', 0, { steps: 1 });
		expect(gainOf(s)![0]).toEqual([0, -60]);
		s = movePoint(s, dx1, 'gain', 0, { steps: -1 });
		expect(gainOf(s)![0]).toEqual([0, -Infinity]);
	});

	it('steps frequencies in twelfths of an octave and clamps at the range, saying so', () => {
		let s = addPoint(load(), dx1, 'hpf.freq', 1, 1000);
		s = movePoint(s, dx1, 'hpf.freq', 0, { steps: 12 });
		expect(s.tracks[0]!.automation!['hpf.freq']![0]![1]).toBeCloseTo(2000, 6);
		s = movePoint(s, dx1, 'hpf.freq', 0, { steps: 1 });
		expect(s.tracks[0]!.automation!['hpf.freq']![0]![1]).toBeCloseTo(2000 * 2 ** (1 / 12), 4);
		const clamps: number[] = [];
		const up = movePoint(load(), dx2, 'pan', 1, { steps: 1 }, (v) => clamps.push(v));
		expect(up.tracks[1]!.automation!.pan).toEqual([[0, -1], [4, 1]]);
		expect(clamps).toEqual([1]);
	});

	it('a move that changes nothing returns the session itself', () => {
		const s = load();
		expect(movePoint(s, dx1, 'gain', 0, { seconds: -1 })).toBe(s);
		expect(movePoint(s, dx1, 'gain', 0, {})).toBe(s);
	});
});

describe('setPointValue', () => {
	it.each([
		['gain', 0, -6, -6, []],
		['gain', 0, 20, 12, [12]],
		['gain', 0, -250, -Infinity, []],
		['eq.0.gain', 0, -40, -24, [-24]],
		['compressor.threshold', 0, 5, 0, [0]],
	] as const)('%s point %i to %f is %f', (lane, index, value, stored, clamps) => {
		let s = load();
		if (lane !== 'gain') s = addPoint(s, dx1, lane, 1, lane === 'eq.0.gain' ? 0 : -20);
		const said: number[] = [];
		s = setPointValue(s, dx1, lane, index, value, (v) => said.push(v));
		expect(s.tracks[0]!.automation![lane]![index]![1]).toBe(stored);
		expect(said).toEqual(clamps);
	});

	it('reports clamping only for values outside the range', () => {
		const s = load();
		expect(clampLaneValue(s, 'pan', 0.5)).toEqual({ value: 0.5, clamped: false });
		expect(clampLaneValue(s, 'pan', -2)).toEqual({ value: -1, clamped: true });
		expect(clampLaneValue(s, 'mute', 1)).toEqual({ value: 1, clamped: false });
		expect(clampLaneValue(s, 'mute', 0.7)).toEqual({ value: 1, clamped: true });
	});
});

describe('trimRange', () => {
	/** The lane as seconds and values, evaluated on a grid with the test's interpolation. */
	const sampled = (s: Session, owner: LaneOwner, lane: string, times: number[], db = true) => {
		const points = resolvedPoints(s, owner, lane);
		return times.map((t) => lerp(points, t, db));
	};
	const grid = Array.from({ length: 3001 }, (_, i) => i * 0.01);

	it.each([
		// [from, to, amount]
		[2, 6, -6],
		[2, 6, 3],
		[0, 30, -2],
		[9, 11, 4],
		[12, 12.02, -3],
	])('[%f, %f] by %f dB: the offset inside, the lane unchanged outside and at the edges', (from, to, amount) => {
		const before = load();
		const after = trimRange(before, dx1, 'gain', from, to, amount);
		const old = sampled(before, dx1, 'gain', grid);
		const now = sampled(after, dx1, 'gain', grid);
		const ramp = Math.min(TRIM_RAMP, (to - from) / 4);
		grid.forEach((t, i) => {
			if (t <= from + 1e-9 || t >= to - 1e-9) expect(now[i], `at ${t}`).toBeCloseTo(old[i]!, 9);
			else if (t >= from + ramp - 1e-9 && t <= to - ramp + 1e-9) expect(now[i], `at ${t}`).toBeCloseTo(old[i]! + amount, 9);
		});
		// In time order, never before 0.
		const times = resolvedPoints(after, dx1, 'gain').map(([t]) => t);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(Math.min(...times)).toBeGreaterThanOrEqual(0);
	});

	it('writes the edge points: the value, then the offset a ramp inside', () => {
		const s = trimRange(load(YAML.replace('[[0, -20], [10, 0], ["01:00:20:00", -10]]', '[[0, -10], [10, -10]]')), dx1, 'gain', 2, 6, -6);
		expect(gainOf(s)).toEqual([[0, -10], [2, -10], [2.01, -16], [5.99, -16], [6, -10], [10, -10]]);
	});

	it('starts from the static value on a lane with no points, and keeps −∞ at −∞', () => {
		const s = trimRange(load(), dx1, 'send.VERB', 1, 3, 6);
		expect(s.tracks[0]!.automation!['send.VERB']).toEqual([[1, -12], [1.01, -6], [2.99, -6], [3, -12]]);
		const closed = trimRange(setPointValue(load(), dx1, 'gain', 1, -Infinity), dx1, 'gain', 9, 11, 6);
		expect(gainOf(closed)!.find(([t]) => t === 10)).toEqual([10, -Infinity]);
	});

	it('clamps to the lane and says so; refuses mute, empty ranges, and a trim of 0 changes nothing', () => {
		const said: number[] = [];
		const s = trimRange(load(), dx1, 'gain', 5, 15, 20, (v) => said.push(v));
		expect(Math.max(...resolvedPoints(s, dx1, 'gain').map(([, v]) => v))).toBe(12);
		expect(said).toEqual([12]);
		expect(() => trimRange(load(), dx2, 'mute', 0, 4, 1)).toThrow(/switch/);
		expect(() => trimRange(load(), dx1, 'gain', 4, 4, 1)).toThrow(/empty/);
		expect(() => trimRange(load(), dx1, 'gain', -1, 4, 1)).toThrow(/before 0/);
		const same = load();
		expect(trimRange(same, dx1, 'gain', 1, 4, 0)).toBe(same);
	});

	it('trims a pan lane in its own unit', () => {
		const s = trimRange(load(), dx2, 'pan', 1, 3, 0.5);
		const v = sampled(s, dx2, 'pan', [0.5, 2, 3.5], false);
		expect(v).toEqual([lerp([[0, -1], [4, 1]], 0.5), lerp([[0, -1], [4, 1]], 2) + 0.5, lerp([[0, -1], [4, 1]], 3.5)].map((x) => expect.closeTo(x, 9)));
	});
});

describe('clearRange', () => {
	it.each([
		// [from, to, the gain lane after]
		[5, 15, [[0, -20], ['01:00:20:00', -10]]],
		[0, 10, [['01:00:20:00', -10]]],
		[10, 20, [[0, -20]]],
		[0, 30, undefined],
	] as const)('[%f, %f] removes the points inside, ends included', (from, to, after) => {
		expect(gainOf(clearRange(load(), dx1, 'gain', from, to))).toEqual(after);
	});

	it('changes nothing with no point inside, and refuses an empty range', () => {
		const s = load();
		expect(clearRange(s, dx1, 'gain', 1, 9)).toBe(s);
		expect(() => clearRange(s, dx1, 'gain', 3, 2)).toThrow(/empty/);
	});
});
