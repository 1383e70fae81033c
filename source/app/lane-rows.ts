// The selected row's automation lane (a track's, a bus's or the master's) under it on the timeline: a curve
// across one or more rows (each row holds six levels, _.-~=^ from low to high), its points marked
// o (the selected one @), the range marks [ and ], and the playhead as a | column. The curve is
// the engine's own evaluation of the lane (linear, dB lanes with −∞ as the −144 dB floor, mute as
// steps), sampled at the middle of each column, on a scale from the lowest to the highest point
// (widened to a minimum span, so a flat lane sits in the middle). The label column shows the
// value at the playhead in the lane's unit, the lane's name, and the selected point.
import { GAIN_FLOOR_DB, applyMuteSteps, makeLane } from '../../engine/dsp/automation.js';
import { pointsOf, resolvedPoints, staticValue, type LaneOwner, type LaneSpec } from '../../sessions/edit-lanes.js';
import type { Session } from '../../sessions/types.js';
import { gainLaneAt, linearLaneAt } from './automation-values.js';
import { fit } from './format.js';
import { laneShort, laneTitle, laneValueText, specOfLane } from './lane-model.js';

/** Glyphs of one row, low to high. */
export const LEVELS = '_.-~=^';

/** Rows the lane takes: what the tracks leave of the timeline (at least 1), up to 3, more on a tall terminal. */
export function laneHeight(laneRows: number, tracks: number): number {
	return Math.max(1, Math.min(laneRows - tracks, Math.max(3, Math.floor(laneRows / 8))));
}

/** The smallest span a lane's scale shows: 12 steps (6 dB on a fader lane), or a quarter of the value on a log lane. */
function minimumSpan(spec: LaneSpec, lo: number, hi: number): number {
	if (spec.steps) return 1;
	if (spec.log) return Math.max(1e-3, 0.25 * Math.max(Math.abs(lo), Math.abs(hi)));
	return 12 * spec.step;
}

/** The curve's scale: the lowest to the highest point (dB lanes floored at −144), widened about its middle to the minimum span. */
export function laneScale(spec: LaneSpec, values: readonly number[]): { lo: number; hi: number } {
	if (spec.steps) return { lo: 0, hi: 1 };
	const shown = values.map((v) => (spec.fader ? Math.max(GAIN_FLOOR_DB, v) : v));
	let lo = Math.min(...shown);
	let hi = Math.max(...shown);
	const span = minimumSpan(spec, lo, hi);
	if (hi - lo < span) {
		const mid = (lo + hi) / 2;
		lo = mid - span / 2;
		hi = mid + span / 2;
	}
	return { lo, hi };
}

/** The level (0 … 6·rows − 1) a value is drawn at. */
export function levelOf(v: number, scale: { lo: number; hi: number }, rows: number): number {
	const n = LEVELS.length * rows;
	const y = (v - scale.lo) / (scale.hi - scale.lo);
	return Math.max(0, Math.min(n - 1, Math.floor(y * n)));
}

/** What the lane rows need from the timeline. */
export interface LaneRowsInput {
	session: Session;
	owner: LaneOwner;
	lane: string;
	/** The selected point's index, when one is. */
	point: number | undefined;
	marks: { in: number | undefined; out: number | undefined };
	zoom: number;
	scroll: number;
	playhead: number;
	/** Lane columns (after the name column) and rows. */
	width: number;
	rows: number;
	nameWidth: number;
}

/** A function giving the lane's value at a time as the engine plays it (dB lanes: −∞ below the floor). */
export function laneEvaluator(session: Session, owner: LaneOwner, lane: string): ((t: number) => number) | undefined {
	const points = pointsOf(session, owner, lane);
	if (points.length === 0) return undefined;
	const spec = specOfLane(session, lane);
	if (spec.fader) return (t) => gainLaneAt(session, points, t);
	if (!spec.steps) return (t) => linearLaneAt(session, points, t);
	// Mute: the engine's step rule, sample by sample (a gain of 1 zeroed where muted).
	const steps = makeLane(resolvedPoints(session, owner, lane));
	const sr = session.sampleRate;
	const one = new Float64Array(1);
	return (t) => {
		one[0] = 1;
		applyMuteSteps(steps, Math.round(t * sr), 1, sr, one);
		return one[0] === 0 ? 1 : 0;
	};
}

/** The lane's lines, `rows` of them, each the name column then `width` lane columns. */
export function laneRows(input: LaneRowsInput): string[] {
	const { session, owner, lane, width, rows, nameWidth, zoom, scroll } = input;
	const spec = specOfLane(session, lane);
	const holder = owner.kind === 'master' ? session.master : owner.kind === 'track' ? session.tracks.find((t) => t.id === owner.id) : session.buses.find((b) => b.id === owner.id);
	const valueAt = laneEvaluator(session, owner, lane);
	const column = (t: number) => Math.floor((t - scroll) / zoom);
	const ph = column(input.playhead);
	const cells: string[][] = Array.from({ length: rows }, () => new Array<string>(width).fill(' '));
	if (!valueAt) {
		// What plays instead: 'fader 0.0 dB', 'pan C', 'send to VERB -12.0 dB', 'unmuted'.
		const control = spec.steps ? '' : `${laneTitle(lane)} `;
		const text = `(no ${lane === 'gain' ? 'gain' : laneTitle(lane)} automation; ${control}${laneValueText(lane, spec, staticValue(session, owner, lane))})`;
		return [fit(`  ${laneShort(lane)}`, nameWidth) + fit(text, width), ...Array.from({ length: rows - 1 }, () => ' '.repeat(nameWidth + width))];
	}
	const points = resolvedPoints(session, owner, lane);
	const scale = laneScale(spec, points.map(([, v]) => v));
	const put = (c: number, level: number, ch: string) => {
		if (c < 0 || c >= width) return;
		cells[rows - 1 - Math.floor(level / LEVELS.length)]![c] = ch;
	};
	const drawn = (v: number) => (v === -Infinity ? GAIN_FLOOR_DB : v);
	for (let c = 0; c < width; c++) {
		const level = levelOf(drawn(valueAt(scroll + (c + 0.5) * zoom)), scale, rows);
		put(c, level, LEVELS[level % LEVELS.length]!);
	}
	for (const [c, ch] of [[input.marks.in, '['], [input.marks.out, ']']] as const) {
		if (c === undefined) continue;
		const col = column(c);
		for (const row of cells) if (col >= 0 && col < width && row[col] === ' ') row[col] = ch;
	}
	if (ph >= 0 && ph < width) for (const row of cells) row[ph] = '|';
	points.forEach(([t, v], i) => i !== input.point && put(column(t), levelOf(drawn(v), scale, rows), 'o'));
	if (input.point !== undefined && points[input.point]) put(column(points[input.point]![0]), levelOf(drawn(points[input.point]![1]), scale, rows), '@');
	// Labels: the value at the playhead first (it is the one row a small terminal has), then the name and the point.
	const here = laneValueText(lane, spec, valueAt(input.playhead), '');
	const labels = [
		`${here.length <= nameWidth - 2 ? '  ' : ' '}${here}`,
		` ${laneShort(lane)}`,
		input.point !== undefined ? `  @${input.point + 1}/${points.length}` : holder?.automation?.mode === 'off' ? '  (off)' : '',
	];
	return cells.map((row, r) => fit(labels[r] ?? '', nameWidth) + row.join(''));
}
