// Automation lanes evaluated per sample (docs/mix-semantics.md): gain linear in dB, pan linear, mute as
// steps; before the first point the first value holds, after the last the last.
// Every sample is computed from its own time (never accumulated across samples), so the
// result does not depend on block boundaries: real time and offline print the same bits.

/** Gain points below this are silence; interpolation treats −∞ as this floor. */
export const GAIN_FLOOR_DB = -144;

/** A lane with times in seconds, ascending. */
export interface Lane {
	times: Float64Array;
	values: Float64Array;
}

export function makeLane(points: readonly (readonly [number, number])[], floor = -Infinity): Lane {
	const times = new Float64Array(points.length);
	const values = new Float64Array(points.length);
	points.forEach(([t, v], i) => {
		times[i] = t;
		values[i] = Math.max(v, floor);
	});
	return { times, values };
}

/** Index of the last point with time ≤ x, or −1 before the first. */
function segmentAt(times: Float64Array, x: number): number {
	let lo = 0;
	let hi = times.length - 1;
	if (x < times[0]!) return -1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (times[mid]! <= x) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** The lane's value at time x (seconds), linear between points. */
export function linearAt(lane: Lane, x: number): number {
	const { times, values } = lane;
	const k = segmentAt(times, x);
	if (k < 0) return values[0]!;
	if (k >= times.length - 1) return values[times.length - 1]!;
	const t0 = times[k]!;
	const t1 = times[k + 1]!;
	const v0 = values[k]!;
	return v0 + ((values[k + 1]! - v0) * (x - t0)) / (t1 - t0);
}

/** What a run along a lane writes: the value, its gain (dB → factor) or the gain multiplied in (linear), or 0 where a step lane is on. */
const enum Write {
	Value,
	Gain,
	TimesGain,
	ZeroWhereMuted,
}

/**
 * Audio thread. out[i] = the lane at sample start+i (time (start+i)/sampleRate), linear; with
 * `dbToGain` the lane is in dB and out[i] is its gain factor (0 at or below GAIN_FLOOR_DB).
 */
export function fillLinear(lane: Lane, start: number, frames: number, sampleRate: number, out: Float64Array, dbToGain = false): void {
	laneRun(lane, start, frames, sampleRate, out, dbToGain ? Write.Gain : Write.Value);
}

/** Audio thread. out[i] *= 1 − mute(start+i), mute as steps (0 or 1). */
export function applyMuteSteps(lane: Lane, start: number, frames: number, sampleRate: number, out: Float64Array): void {
	laneRun(lane, start, frames, sampleRate, out, Write.ZeroWhereMuted);
}

/** True when the mute lane is the same value over [start, start+frames) (the common case). */
export function muteConstant(lane: Lane, start: number, frames: number, sampleRate: number): number | undefined {
	const { times, values } = lane;
	const a = segmentAt(times, start / sampleRate);
	const b = segmentAt(times, (start + frames - 1) / sampleRate);
	const va = values[a < 0 ? 0 : a]!;
	for (let k = Math.max(a, 0); k <= b; k++) if (values[k] !== va) return undefined;
	return va;
}

/**
 * Audio thread. out[i] *= the gain of a dB lane at sample start+i (a duck lane on top of the
 * fader): the same per-sample values as fillLinear(…, true), multiplied in.
 */
export function applyGainLane(lane: Lane, start: number, frames: number, sampleRate: number, out: Float64Array): void {
	laneRun(lane, start, frames, sampleRate, out, Write.TimesGain);
}

/** fillLinear, applyGainLane and applyMuteSteps: one walk along the lane, sample by sample. */
function laneRun(lane: Lane, start: number, frames: number, sampleRate: number, out: Float64Array, write: Write): void {
	const { times, values } = lane;
	const last = times.length - 1;
	let k = segmentAt(times, start / sampleRate);
	for (let i = 0; i < frames; i++) {
		const x = (start + i) / sampleRate;
		while (k < last && times[k + 1]! <= x) k++;
		if (write === Write.ZeroWhereMuted) {
			if (values[k < 0 ? 0 : k] !== 0) out[i] = 0;
			continue;
		}
		let v: number;
		if (k < 0) v = values[0]!;
		else if (k >= last) v = values[last]!;
		else {
			const t0 = times[k]!;
			const v0 = values[k]!;
			v = v0 + ((values[k + 1]! - v0) * (x - t0)) / (times[k + 1]! - t0);
		}
		if (write === Write.Value) out[i] = v;
		else {
			const gain = v <= GAIN_FLOOR_DB ? 0 : Math.pow(10, v / 20);
			if (write === Write.Gain) out[i] = gain;
			else out[i]! *= gain;
		}
	}
}
