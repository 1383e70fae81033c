// Pure edits of automation lanes, point by point: add, remove, move, set, and range trims and
// clears. Same rules as edit.ts (pure, structural sharing, the input itself when nothing changes,
// unknown ids and point indexes throw). Points stay in time order (a moved point stops at its
// neighbours), times stay ≥ 0, and values are clamped to the lane's range; an optional `clamped`
// callback hears the value a request was clamped to, so the UI can say so. A lane left without
// points is removed (the static value plays again), and so is an automation block left empty.
import { FADER_MAX, busIndex, clampFader, finite, nudgeDb, trackIndex, updateBus, updateTrack } from './edit-util.js';
import { getParam, LFE_SPEC, PAN_Y_SPEC, stripParamSpec } from './params.js';
import { SEND_SPEC, STRIP_PARAMS } from './strip-params.js';
import { isOnFrame, sessionTimecode, timeToSeconds } from './time.js';
import type { Automation, AutomationPoint, Bus, Session, Time, Track } from './types.js';

/** Whose lane: a track's, a bus's or the master's (id 'master'; its fader and strip lanes only). */
export type LaneOwner = { kind: 'track' | 'bus' | 'master'; id: string };

/** What a lane's values are: their range, unit and nudge step. */
export interface LaneSpec {
	/** 'dB', 'Hz', 'ms' …; '' for pan and mute. */
	unit: string;
	min: number;
	max: number;
	/** A fine nudge (coarse is ten). With `log`, a fraction of an octave. */
	step: number;
	log?: boolean;
	/** A level in dB that may be −∞: nudged like a fader (from −∞ up to −60 dB, down past −60 closes). */
	fader?: boolean;
	/** Steps (mute, 0 or 1): a value holds until the next point. */
	steps?: boolean;
}

/** The engine plays dB lanes with −∞ as this floor (and anything at or below it as silence). */
export const LANE_FLOOR_DB = -144;

/** Seconds a range trim takes to ramp in and out at each edge (a quarter of a shorter range). */
export const TRIM_RAMP = 0.01;

/** The spec of a lane by name, at a sample rate (frequencies stay below Nyquist); undefined for names that are not lanes. */
export function laneSpec(lane: string, sampleRate = 48000): LaneSpec | undefined {
	if (lane === 'gain') return { unit: 'dB', min: -Infinity, max: FADER_MAX, step: 0.5, fader: true };
	if (lane === 'pan') return { unit: '', min: -1, max: 1, step: 0.05 };
	if (lane === 'panY') return { unit: '', min: PAN_Y_SPEC.min, max: PAN_Y_SPEC.max, step: PAN_Y_SPEC.step };
	if (lane === 'lfe') return { unit: 'dB', min: -Infinity, max: LFE_SPEC.max, step: LFE_SPEC.step, fader: true };
	if (lane === 'mute') return { unit: '', min: 0, max: 1, step: 1, steps: true };
	// Dips added to the fader (dubdesk duck writes them): 0 dB is no dip.
	if (lane === 'duck') return { unit: 'dB', min: -Infinity, max: 0, step: 0.5, fader: true };
	if (lane.startsWith('send.')) return { unit: 'dB', min: -Infinity, max: SEND_SPEC.max, step: SEND_SPEC.step, fader: true };
	const spec = stripParamSpec(`strip.${lane}`);
	if (!spec || spec.choices) return undefined;
	const hz = spec.unit === 'Hz';
	return {
		unit: spec.unit,
		min: spec.minExclusive ? spec.min + (hz ? 1 : 0.01) : spec.min,
		max: hz ? Math.min(spec.max, (sampleRate / 2) * 0.99) : spec.max,
		step: spec.step,
		...(spec.log ? { log: true } : {}),
	};
}

type Holder = Track | Bus | Session['master'];

function holderOf(session: Session, owner: LaneOwner): Holder {
	if (owner.kind === 'master') return session.master;
	return owner.kind === 'track' ? session.tracks[trackIndex(session, owner.id)]! : session.buses[busIndex(session, owner.id)]!;
}

function specOf(session: Session, lane: string): LaneSpec {
	const spec = laneSpec(lane, session.sampleRate);
	if (!spec) throw new Error(`"${lane}" is not an automation lane`);
	return spec;
}

/**
 * The lanes a track or bus offers, in the order the lane key steps through them: gain, pan and
 * mute, each send's level, each continuous parameter of the strip's sections (in signal order),
 * the duck lane (the dips ducking adds to the fader), then any other lane it has. The master has
 * its fader and its strip's lanes only (no pan, mute, sends or ducking to automate).
 */
export function lanesOf(session: Session, owner: LaneOwner): string[] {
	const h = holderOf(session, owner);
	// Front/rear and the LFE send are heard on a 5.1 master only (a lane already written still shows, below).
	const surround = owner.kind === 'track' && session.master.format === '5.1' ? ['panY', 'lfe'] : [];
	const master = owner.kind === 'master';
	const out = ['gain', ...(owner.kind === 'track' ? ['pan'] : []), ...surround, ...(master ? [] : ['mute'])];
	for (const s of (h as Track).sends ?? []) out.push(`send.${s.to}`);
	const strip = h.strip;
	if (strip) {
		out.push('trim');
		// In the order of the parameter table (the strip page's order), continuous ones only.
		const section = (key: string, values: object | undefined) => {
			if (!values) return;
			const specs = key.startsWith('eq.') ? STRIP_PARAMS.band : STRIP_PARAMS[key as keyof typeof STRIP_PARAMS];
			for (const { name, choices } of specs) if (!choices && name in values) out.push(`${key}.${name}`);
		};
		section('hpf', strip.hpf);
		section('lpf', strip.lpf);
		section('gate', strip.gate);
		strip.eq?.forEach((band, i) => section(`eq.${i}`, band));
		section('compressor', strip.compressor);
		section('deesser', strip.deesser);
		section('limiter', strip.limiter);
	}
	if (!master) out.push('duck');
	// The master's lanes it cannot have (validation refuses them) are not offered either.
	const foreign = (lane: string) => master && (MASTER_NO_LANES.includes(lane) || lane.startsWith('send.'));
	for (const lane of Object.keys(h.automation ?? {})) if (lane !== 'mode' && !out.includes(lane) && !foreign(lane)) out.push(lane);
	return out;
}

/** Lanes the master has no control for. */
const MASTER_NO_LANES = ['pan', 'panY', 'lfe', 'mute', 'duck'];

/** A lane's points as written (empty when it has none). */
export function pointsOf(session: Session, owner: LaneOwner, lane: string): readonly AutomationPoint[] {
	return holderOf(session, owner).automation?.[lane] ?? [];
}

/** A lane's points with their times in session seconds. */
export function resolvedPoints(session: Session, owner: LaneOwner, lane: string): [number, number][] {
	return pointsOf(session, owner, lane).map(([t, v]) => [timeToSeconds(t, session), v]);
}

/** The value the control has without a lane: the fader, pan, mute, send level or strip value. */
export function staticValue(session: Session, owner: LaneOwner, lane: string): number {
	const h = holderOf(session, owner);
	if (lane === 'gain') return h.gain;
	if (lane === 'pan') return (h as Track).pan ?? 0;
	if (lane === 'panY' || lane === 'lfe') return getParam(session, { target: owner.kind, id: owner.id, param: lane }) as number;
	if (lane === 'mute') return (h as Track | Bus).mute ? 1 : 0;
	if (lane === 'duck') return 0;
	const param = lane.startsWith('send.') ? lane : `strip.${lane}`;
	const v = getParam(session, { target: owner.kind, id: owner.id, param });
	if (typeof v !== 'number') throw new Error(`${owner.id} has no ${lane.startsWith('send.') ? `send to ${lane.slice(5)}` : lane} to automate`);
	return v;
}

/** The value of resolved points at `t`, as the engine plays them: linear (dB lanes with −∞ as the floor), or steps. */
function evaluate(points: readonly (readonly [number, number])[], t: number, spec: LaneSpec): number {
	const floor = (v: number) => (spec.fader ? Math.max(v, LANE_FLOOR_DB) : v);
	let k = -1;
	for (let i = 0; i < points.length && points[i]![0] <= t; i++) k = i;
	if (spec.steps) return points[Math.max(0, k)]![1];
	let v: number;
	if (k < 0) v = floor(points[0]![1]);
	else if (k >= points.length - 1) v = floor(points[points.length - 1]![1]);
	else {
		const [t0, a] = points[k]!;
		const [t1, b] = points[k + 1]!;
		v = floor(a) + ((floor(b) - floor(a)) * (t - t0)) / (t1 - t0);
	}
	return spec.fader && v <= LANE_FLOOR_DB ? -Infinity : v;
}

/** The lane's value at `seconds` as the engine plays it (the static value when the lane has no points). */
export function laneValueAt(session: Session, owner: LaneOwner, lane: string, seconds: number): number {
	const points = resolvedPoints(session, owner, lane);
	if (points.length === 0) return staticValue(session, owner, lane);
	return evaluate(points, seconds, specOf(session, lane));
}

/** `value` within the lane's range, and whether it had to be moved there. Throws on NaN. */
export function clampLaneValue(session: Session, lane: string, value: number): { value: number; clamped: boolean } {
	const spec = specOf(session, lane);
	if (Number.isNaN(value)) throw new Error(`${lane} value must be a number, got NaN`);
	let v: number;
	if (spec.fader) v = clampFader(value, spec.max);
	else if (spec.steps) v = value >= 0.5 ? 1 : 0;
	else v = Math.min(spec.max, Math.max(spec.min, value));
	return { value: v, clamped: v !== value && !(spec.fader && value < -200 && v === -Infinity) };
}

/** `value` moved `steps` nudges on the lane: dB like a fader, octave fractions for log values, else by the step. */
export function steppedValue(spec: LaneSpec, value: number, steps: number): number {
	finite(steps, 'steps');
	if (spec.fader) return nudgeDb(value, steps * spec.step, spec.max);
	if (spec.steps) return Math.min(1, Math.max(0, value + Math.sign(steps)));
	const next = spec.log ? value * 2 ** (steps * spec.step) : value + steps * spec.step;
	return Math.round(next * 1e6) / 1e6 || 0;
}

/** Notified of the value a request was clamped to. */
export type OnClamp = (value: number) => void;

function clamp(session: Session, lane: string, value: number, onClamp: OnClamp | undefined): number {
	const c = clampLaneValue(session, lane, value);
	if (c.clamped) onClamp?.(c.value);
	return c.value;
}

/** Float noise off a time (1e-9 s is far below a sample), never below 0. */
function cleanTime(t: number): number {
	return Math.max(0, Math.round(t * 1e9) / 1e9);
}

/** The session with one lane's points replaced (`undefined` or empty removes the lane). */
function withPoints(session: Session, owner: LaneOwner, lane: string, points: AutomationPoint[] | undefined): Session {
	const update = <T extends Holder>(h: T): T => {
		const before = h.automation?.[lane];
		const empty = !points || points.length === 0;
		if (empty && !before) return h;
		const automation = { ...(h.automation ?? {}) } as Automation;
		if (empty) delete automation[lane];
		else automation[lane] = points;
		const next: T = { ...h, automation };
		if (Object.keys(automation).length === 0) delete next.automation;
		return next;
	};
	if (owner.kind === 'master') {
		const master = update(session.master);
		return master === session.master ? session : { ...session, master };
	}
	return owner.kind === 'track' ? updateTrack(session, owner.id, update) : updateBus(session, owner.id, update);
}

function pointAt(session: Session, owner: LaneOwner, lane: string, index: number): AutomationPoint {
	const p = pointsOf(session, owner, lane)[index];
	if (!Number.isInteger(index) || !p) throw new Error(`${owner.id} ${lane} has no point ${index}`);
	return p;
}

/**
 * Adds a point at `at` (seconds or an absolute timecode) with `value` (clamped), after any
 * points at that time; a point already at exactly that time takes the value instead.
 */
export function addPoint(session: Session, owner: LaneOwner, lane: string, at: Time, value: number, onClamp?: OnClamp): Session {
	specOf(session, lane);
	const t = typeof at === 'number' ? finite(at, 'point time') : timeToSeconds(at, session);
	if (t < 0) throw new Error(`a point's time must not be negative, got ${at}`);
	const v = clamp(session, lane, value, onClamp);
	const points = pointsOf(session, owner, lane);
	const times = resolvedPoints(session, owner, lane).map(([s]) => s);
	const same = times.findLastIndex((s) => s === t);
	if (same >= 0) return setPointValue(session, owner, lane, same, v);
	let i = times.length;
	while (i > 0 && times[i - 1]! > t) i--;
	const next = points.slice();
	next.splice(i, 0, [typeof at === 'number' ? cleanTime(at) : at, v]);
	return withPoints(session, owner, lane, next);
}

/** Removes point `index`; the lane goes when it was the last. */
export function removePoint(session: Session, owner: LaneOwner, lane: string, index: number): Session {
	pointAt(session, owner, lane, index);
	return withPoints(session, owner, lane, pointsOf(session, owner, lane).filter((_, k) => k !== index));
}

/** How far to move a point: `seconds` in time (stopping at its neighbours and at 0), `steps` nudges in value. */
export interface PointMove {
	seconds?: number;
	steps?: number;
}

/** Moves point `index` in time and/or value. A timecode time stays timecode when it lands on a frame. */
export function movePoint(session: Session, owner: LaneOwner, lane: string, index: number, move: PointMove, onClamp?: OnClamp): Session {
	const spec = specOf(session, lane);
	const [at, value] = pointAt(session, owner, lane, index);
	const times = resolvedPoints(session, owner, lane).map(([s]) => s);
	let time: Time = at;
	if (move.seconds) {
		finite(move.seconds, 'point move');
		const lo = index > 0 ? times[index - 1]! : 0;
		const hi = index < times.length - 1 ? times[index + 1]! : Infinity;
		const to = Math.min(hi, Math.max(lo, cleanTime(times[index]! + move.seconds)));
		if (to !== times[index]) time = typeof at === 'string' && isOnFrame(to, session.frameRate) ? sessionTimecode(to, session) : to;
	}
	const v = move.steps ? clamp(session, lane, steppedValue(spec, value, move.steps), onClamp) : value;
	if (time === at && Object.is(v, value)) return session;
	const points = pointsOf(session, owner, lane).slice();
	points[index] = [time, v];
	return withPoints(session, owner, lane, points);
}

/** Sets point `index`'s value (clamped). */
export function setPointValue(session: Session, owner: LaneOwner, lane: string, index: number, value: number, onClamp?: OnClamp): Session {
	const [at, old] = pointAt(session, owner, lane, index);
	const v = clamp(session, lane, value, onClamp);
	if (Object.is(v, old)) return session;
	const points = pointsOf(session, owner, lane).slice();
	points[index] = [at, v];
	return withPoints(session, owner, lane, points);
}

function checkRange(from: number, to: number): void {
	finite(from, 'range start');
	finite(to, 'range end');
	if (from < 0) throw new Error(`a range cannot start before 0, got ${from}`);
	if (!(to > from)) throw new Error(`the range is empty (${from} to ${to} s)`);
}

/**
 * Adds `amount` (dB for levels, else the lane's unit) to the lane over [from, to] seconds: the
 * lane keeps its value at both edges and outside, and inside it plays `amount` higher, reached
 * over TRIM_RAMP at each edge (a quarter of a shorter range) so the change does not click. Points
 * inside the ramps are replaced by them; −∞ stays −∞. A lane with no points starts from the
 * control's static value.
 */
export function trimRange(session: Session, owner: LaneOwner, lane: string, from: number, to: number, amount: number, onClamp?: OnClamp): Session {
	const spec = specOf(session, lane);
	checkRange(from, to);
	finite(amount, 'trim');
	if (spec.steps) throw new Error('mute is a switch: it cannot be trimmed (clear the range instead)');
	if (amount === 0) return session;
	const written = pointsOf(session, owner, lane);
	const resolved = resolvedPoints(session, owner, lane);
	const base: [number, number][] = resolved.length > 0 ? resolved : [[from, staticValue(session, owner, lane)]];
	const at = (t: number) => evaluate(base, t, spec);
	const ramp = Math.min(TRIM_RAMP, (to - from) / 4);
	const a = cleanTime(from + ramp);
	const b = cleanTime(to - ramp);
	let clampedTo: number | undefined;
	const trimmed = (v: number) => {
		const c = clampLaneValue(session, lane, v === -Infinity ? v : v + amount);
		if (c.clamped) clampedTo = c.value;
		return c.value;
	};
	const out: AutomationPoint[] = [];
	const keep = (i: number) => out.push(written[i]!);
	resolved.forEach(([t], i) => t <= from && keep(i));
	// The edges keep the lane's own value unless a point already holds it there.
	if (!resolved.some(([t]) => t === from)) out.push([cleanTime(from), at(from)]);
	out.push([a, trimmed(at(a))]);
	resolved.forEach(([t, v], i) => t > a && t < b && out.push([written[i]![0], trimmed(v)]));
	out.push([b, trimmed(at(b))]);
	if (!resolved.some(([t]) => t === to)) out.push([cleanTime(to), at(to)]);
	resolved.forEach(([t], i) => t >= to && keep(i));
	if (clampedTo !== undefined) onClamp?.(clampedTo);
	return withPoints(session, owner, lane, out);
}

/** Removes every point in [from, to] seconds (the lane then runs straight between the points either side). */
export function clearRange(session: Session, owner: LaneOwner, lane: string, from: number, to: number): Session {
	specOf(session, lane);
	checkRange(from, to);
	const resolved = resolvedPoints(session, owner, lane);
	if (!resolved.some(([t]) => t >= from && t <= to)) return session;
	return withPoints(session, owner, lane, pointsOf(session, owner, lane).filter((_, i) => resolved[i]![0] < from || resolved[i]![0] > to));
}
