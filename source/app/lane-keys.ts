// What the timeline's lane keys do: choose the lane shown under the selected row (a track, a bus
// below the tracks or the master after them: the same keys, the same edits), add, remove,
// select and move its points, type a point's value, mark a range and trim or clear it (with a
// range marked, the type and delete keys work on it). Every
// change is one store.edit of a pure edit in sessions/edit-lanes.ts (one undo step; repeated
// moves of the same point within a second are one step, like a held key), and a value that had
// to be clamped to the lane's range says so on the status line.
import {
	addPoint,
	clearRange,
	laneValueAt,
	lanesOf,
	movePoint,
	removePoint,
	resolvedPoints,
	setPointValue,
	trimRange,
	type LaneOwner,
	type LaneSpec,
} from '../../sessions/edit-lanes.js';
import { frameDuration, sessionTimecode } from '../../sessions/time.js';
import type { Session } from '../../sessions/types.js';
import type { TimelineAction } from '../input/actions.js';
import { MASTER_ROW, laneRangeText, laneTitle, laneValueText, parseLaneValue, parseTrim, pointRef, selectedPoint, selectedRow, shownLane, specOfLane, type LaneState } from './lane-model.js';
import type { MixerStore, Prompt } from './mixer-store.js';
import type { ActionContext } from './run-action.js';

/** The lane the keys work on: the selected row's shown lane, its points and the selected one. */
interface Here {
	session: Session;
	owner: LaneOwner;
	/** The row's label: the track's name, the bus's id. */
	rowName: string;
	lane: string;
	spec: LaneSpec;
	points: [number, number][];
	point: number | undefined;
	state: LaneState;
}

function here(store: MixerStore): Here | undefined {
	const { session, lane: state } = store.getState();
	const row = selectedRow(session, store.getState());
	if (!row) {
		store.say('no tracks or buses: nothing to automate', 'error');
		return undefined;
	}
	const { owner } = row;
	const lane = shownLane(session, owner, state.name);
	return { session, owner, rowName: row.name, lane, spec: specOfLane(session, lane), points: resolvedPoints(session, owner, lane), point: selectedPoint(session, state, owner, lane), state };
}

const tc = (h: Here, t: number) => sessionTimecode(t, h.session);
const what = (h: Here) => `${h.rowName} ${laneTitle(h.lane)}`;
const valueOf = (h: Here, v: number) => laneValueText(h.lane, h.spec, v);

/** Selects point `index` of the lane shown (and shows the lane). */
function select(store: MixerStore, h: Here, index: number | undefined): void {
	const point = index === undefined ? undefined : pointRef(h.owner, h.lane, index);
	store.update({ lane: { ...store.getState().lane, name: h.lane, point }, showAutomation: true });
}

/** Brings a time on screen, as selecting a clip does. */
function reveal(ctx: ActionContext, t: number): void {
	const { scroll, zoom } = ctx.store.getState();
	const width = Math.max(8, ctx.laneColumns) * zoom;
	if (t < scroll || t >= scroll + width) ctx.store.update({ scroll: Math.max(0, t - width / 8) });
}

/** Runs an edit; a clamped value is said after the edit's own status. False when nothing changed. */
function edit(store: MixerStore, label: string, fn: (s: Session, onClamp: (v: number) => void) => Session, h: Here, coalesce?: string): { changed: boolean; clamped: boolean; failed: boolean } {
	let clampedTo: number | undefined;
	const before = store.getState().status;
	const changed = store.edit(label, (s) => fn(s, (v) => (clampedTo = v)), coalesce ? { coalesce } : {});
	if (changed && clampedTo !== undefined) {
		const edge = clampedTo >= h.spec.max ? 'maximum' : 'minimum';
		store.say(`${label}: clamped to ${valueOf(h, clampedTo)}, the lane's ${edge}`);
	}
	// A throwing edit has said why (an error on the status line); the callers say nothing more then.
	const status = store.getState().status;
	return { changed, clamped: changed && clampedTo !== undefined, failed: !changed && status !== before && status?.kind === 'error' };
}

/** The marked range, in order: in to out, or in to the playhead while out is not marked yet. Undefined when no range is marked. */
function range(store: MixerStore, h: Here): { from: number; to: number } | undefined | 'empty' {
	const { in: a, out: b } = h.state;
	if (a === undefined) return undefined;
	const end = b ?? store.position();
	const [from, to] = a <= end ? [a, end] : [end, a];
	if (!(to > from)) {
		store.say(`the range is empty (in and ${b === undefined ? 'the playhead' : 'out'} both at ${tc(h, from)}): move the playhead, or mark again`, 'error');
		return 'empty';
	}
	return { from, to };
}

/** Whose lane a prompt edits: `track` holds the id (a bus's with kind 'bus', 'master' with kind 'master'). */
const promptOwner = (owner: LaneOwner) => (owner.kind === 'track' ? { track: owner.id } : { track: owner.id, kind: owner.kind });

function needPoint(store: MixerStore, h: Here): number | undefined {
	if (h.point === undefined) store.say('select a point first (previous / next point)', 'error');
	return h.point;
}

/** The lane keys of the timeline (the rest of its keys are in run-action.ts). */
export function runLaneAction(action: TimelineAction, ctx: ActionContext): void {
	const { store } = ctx;
	const h = here(store);
	if (!h) return;
	const now = store.position();
	switch (action) {
		case 'nextLane': {
			const lanes = lanesOf(h.session, h.owner);
			// Shown already: the next lane; hidden: show the current one first.
			const shown = store.getState().showAutomation;
			const i = (lanes.indexOf(h.lane) + (shown ? 1 : 0)) % lanes.length;
			const lane = lanes[i]!;
			store.update({ lane: { ...h.state, name: lane, point: undefined }, showAutomation: true });
			const n = resolvedPoints(h.session, h.owner, lane).length;
			return store.say(`lane ${i + 1}/${lanes.length}: ${h.rowName} ${laneTitle(lane)} (${n === 0 ? 'no points' : n === 1 ? '1 point' : `${n} points`})`);
		}
		case 'addPoint': {
			const value = laneValueAt(h.session, h.owner, h.lane, now);
			const label = `${what(h)}: point at ${tc(h, now)} ${valueOf(h, value)}`;
			const added = edit(store, label, (s, c) => addPoint(s, h.owner, h.lane, now, value, c), h);
			if (added.failed) return;
			if (!added.changed) store.say(`${what(h)} has that point already`);
			const index = resolvedPoints(store.getState().session, h.owner, h.lane).findLastIndex(([t]) => t <= now);
			return select(store, h, Math.max(0, index));
		}
		case 'removePoint': {
			if (h.points.length === 0) return store.say(`${what(h)} has no points`, 'error');
			// A marked range goes whole; otherwise one point.
			const r = range(store, h);
			if (r === 'empty') return;
			if (r) {
				const n = h.points.filter(([t]) => t >= r.from && t <= r.to).length;
				if (n === 0) return store.say(`${what(h)} has no points from ${tc(h, r.from)} to ${tc(h, r.to)}`);
				edit(store, `${what(h)}: clear ${n === 1 ? '1 point' : `${n} points`} ${tc(h, r.from)}–${tc(h, r.to)}`, (s) => clearRange(s, h.owner, h.lane, r.from, r.to), h);
				return select(store, h, undefined);
			}
			// The selected point, else the one nearest the playhead (the earlier on a tie).
			const i = h.point ?? h.points.reduce((best, [t], k) => (Math.abs(t - now) < Math.abs(h.points[best]![0] - now) ? k : best), 0);
			const [t, v] = h.points[i]!;
			edit(store, `${what(h)}: remove point ${i + 1} at ${tc(h, t)} (${valueOf(h, v)})`, (s) => removePoint(s, h.owner, h.lane, i), h);
			return select(store, h, undefined);
		}
		case 'previousPoint':
		case 'nextPoint': {
			if (h.points.length === 0) return store.say(`${what(h)} has no points: add one at the playhead`, 'error');
			const last = h.points.length - 1;
			let i: number;
			if (h.point !== undefined) i = Math.max(0, Math.min(last, h.point + (action === 'nextPoint' ? 1 : -1)));
			else if (action === 'nextPoint') {
				// From the playhead: a point on it counts as the next (and as the previous).
				const k = h.points.findIndex(([t]) => t >= now - 1e-9);
				i = k < 0 ? last : k;
			} else i = Math.max(0, h.points.findLastIndex(([t]) => t <= now + 1e-9));
			select(store, h, i);
			const [t, v] = h.points[i]!;
			reveal(ctx, t);
			return store.say(`${what(h)} point ${i + 1}/${h.points.length} at ${tc(h, t)}: ${valueOf(h, v)}`);
		}
		case 'pointEarlier':
		case 'pointLater': {
			const i = needPoint(store, h);
			if (i === undefined) return;
			const frames = action === 'pointLater' ? 1 : -1;
			const seconds = frames * frameDuration(h.session.frameRate);
			const moved = edit(store, `${what(h)}: point ${i + 1} ${frames > 0 ? '+' : '-'}frame`, (s) => movePoint(s, h.owner, h.lane, i, { seconds }), h, `lane:${h.owner.kind}:${h.owner.id}/${h.lane}/${i}/time`);
			if (moved.failed) return;
			if (!moved.changed) return store.say(`${what(h)} point ${i + 1} stops at ${frames < 0 && i === 0 ? 'the start' : 'its neighbour'}`);
			const t = resolvedPoints(store.getState().session, h.owner, h.lane)[i]![0];
			reveal(ctx, t);
			return;
		}
		case 'pointUp':
		case 'pointDown':
		case 'pointUpCoarse':
		case 'pointDownCoarse': {
			const i = needPoint(store, h);
			if (i === undefined) return;
			const steps = (action.endsWith('Coarse') ? 10 : 1) * (action.startsWith('pointUp') ? 1 : -1);
			let value = h.points[i]![1];
			const moved = edit(
				store,
				`${what(h)}: point ${i + 1}`,
				(s, c) => {
					const next = movePoint(s, h.owner, h.lane, i, { steps }, c);
					value = resolvedPoints(next, h.owner, h.lane)[i]![1];
					return next;
				},
				h,
				`lane:${h.owner.kind}:${h.owner.id}/${h.lane}/${i}/value`,
			);
			if (moved.failed) return;
			if (!moved.changed) return store.say(`${what(h)} point ${i + 1} is at its ${steps > 0 ? 'maximum' : 'minimum'} (${valueOf(h, value)})`);
			if (moved.clamped) return;
			return store.say(`${what(h)} point ${i + 1}: ${valueOf(h, value)}`);
		}
		case 'typeValue': {
			// With a range marked, a trim of it; else the selected point's value.
			const r = range(store, h);
			if (r === 'empty') return;
			if (r) {
				if (h.spec.steps) return store.say('mute is a switch: a range of it cannot be trimmed (delete its points instead)', 'error');
				const unit = h.spec.fader ? 'dB' : h.lane === 'pan' ? '-1 … 1' : h.spec.unit || 'amount';
				const prompt: Prompt = { kind: 'laneTrim', label: `Trim ${what(h)} ${tc(h, r.from)}–${tc(h, r.to)} by (${unit})`, value: '', lane: { ...promptOwner(h.owner), lane: h.lane, ...r } };
				return store.update({ prompt, showAutomation: true });
			}
			const i = h.point;
			if (i === undefined) return store.say('select a point (previous / next point), or mark a range to trim', 'error');
			const prompt: Prompt = { kind: 'laneValue', label: `${what(h)} point ${i + 1} (${laneRangeText(h.lane, h.spec)})`, value: '', lane: { ...promptOwner(h.owner), lane: h.lane, index: i } };
			return store.update({ prompt });
		}
		case 'markRange': {
			// In, then out, then neither: one key walks through them.
			const { in: a, out: b } = h.state;
			const state = a === undefined ? { ...h.state, in: now } : b === undefined ? { ...h.state, out: now } : { ...h.state, in: undefined, out: undefined };
			store.update({ lane: state, showAutomation: true });
			if (state.in === undefined) return store.say('range cleared');
			if (state.out === undefined) return store.say(`range in at ${tc(h, now)}; mark again for its out`);
			return store.say(`range ${tc(h, Math.min(state.in, state.out))}–${tc(h, Math.max(state.in, state.out))}`);
		}
		default:
			return;
	}
}

/** Applies a typed point value or range trim; a bad one is said and the prompt stays open. */
export function submitLanePrompt(store: MixerStore, prompt: Prompt): void {
	const p = prompt.lane;
	const session = store.getState().session;
	const kind = p?.kind ?? 'track';
	const found = !p ? undefined : kind === 'master' ? { id: 'master', name: MASTER_ROW } : kind === 'bus' ? session.buses.find((b) => b.id === p.track) : session.tracks.find((t) => t.id === p.track);
	if (!p || !found) {
		store.update({ prompt: undefined });
		return store.say(`that ${kind} is gone`, 'error');
	}
	const owner: LaneOwner = { kind, id: found.id };
	const spec = specOfLane(session, p.lane);
	const h: Here = { session, owner, rowName: kind === 'bus' ? found.id : (found.name ?? found.id), lane: p.lane, spec, points: resolvedPoints(session, owner, p.lane), point: p.index, state: store.getState().lane };
	const text = prompt.value.trim();
	if (prompt.kind === 'laneValue') {
		const i = p.index!;
		if (!h.points[i]) {
			store.update({ prompt: undefined });
			return store.say('that point is gone (the lane changed)', 'error');
		}
		const value = parseLaneValue(p.lane, spec, text);
		if (value === undefined) return store.say(`"${text}" is not a ${laneTitle(p.lane)} value: ${laneRangeText(p.lane, spec)}`, 'error');
		store.update({ prompt: undefined });
		edit(store, `${what(h)}: point ${i + 1} ${valueOf(h, value)}`, (s, c) => setPointValue(s, owner, p.lane, i, value, c), h);
		return;
	}
	const amount = parseTrim(spec, text);
	if (amount === undefined) return store.say(`"${text}" is not an amount: type a signed number (e.g. -3 or +1.5)`, 'error');
	store.update({ prompt: undefined });
	const sign = amount > 0 ? '+' : '';
	const by = spec.fader ? `${sign}${amount} dB` : `${sign}${amount}${spec.unit ? ` ${spec.unit}` : ''}`;
	const label = `${what(h)}: trim ${tc(h, p.from!)}–${tc(h, p.to!)} by ${by}`;
	const trimmed = edit(store, label, (s, c) => trimRange(s, owner, p.lane, p.from!, p.to!, amount, c), h);
	if (!trimmed.changed && !trimmed.failed) store.say('a trim of 0 changes nothing');
}
