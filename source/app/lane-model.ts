// The timeline's lane view, as a model: whose lane it is (the selected row: a track, a bus on
// the rows below the tracks, or the master's row after the buses), which lane is shown, the selected point and the range marks (UI
// state in the store), how a lane is named and how its values read and are typed, in its unit.
import { laneSpec, lanesOf, resolvedPoints, type LaneOwner, type LaneSpec } from '../../sessions/edit-lanes.js';
import type { Session } from '../../sessions/types.js';
import { formatHz } from '../../engine/dsp/response.js';
import { faderText, panText, parseDb } from './format.js';

/** The lane view's UI state. */
export interface LaneState {
	/** The lane to show: 'gain', 'pan', 'mute', 'send.VERB', 'eq.0.gain' … (gain when the track has no such lane). */
	name: string;
	/** The selected point, with the row and lane it belongs to (stale after a change of either); `track` is a bus's id when `kind` is 'bus', 'master' for the master. */
	point: { track: string; kind?: 'bus' | 'master'; lane: string; index: number } | undefined;
	/** Range marks, session seconds. */
	in: number | undefined;
	out: number | undefined;
}

export const NO_LANE_SELECTION: LaneState = { name: 'gain', point: undefined, in: undefined, out: undefined };

/** A timeline row whose lanes the lane view shows: a track's, a bus's (labelled by its id) or the master's. */
export interface LaneRow {
	owner: LaneOwner;
	name: string;
}

/** The timeline's label of the master's row. */
export const MASTER_ROW = 'MASTER';

/** The store's selection as the timeline has it: the master or the selected bus when the focus is on one, else the selected track. */
export function selectedRow(session: Session, sel: { focus: string; selected: number; selectedBus: number }): LaneRow | undefined {
	if (sel.focus === 'master') return { owner: { kind: 'master', id: 'master' }, name: MASTER_ROW };
	const bus = sel.focus === 'bus' ? session.buses[sel.selectedBus] : undefined;
	if (bus) return { owner: { kind: 'bus', id: bus.id }, name: bus.id };
	const track = session.tracks[sel.selected];
	return track ? { owner: { kind: 'track', id: track.id }, name: track.name ?? track.id } : undefined;
}

/** The point reference stored for point `index` of a row's lane (tracks keep the old shape, without `kind`). */
export function pointRef(owner: LaneOwner, lane: string, index: number): NonNullable<LaneState['point']> {
	return owner.kind === 'track' ? { track: owner.id, lane, index } : { track: owner.id, kind: owner.kind, lane, index };
}

/** The lane shown for a row: the chosen one when the track, bus or master offers it, else gain. */
export function shownLane(session: Session, owner: LaneOwner, name: string): string {
	return lanesOf(session, owner).includes(name) ? name : 'gain';
}

/** The selected point's index when it belongs to this row and lane and still exists. */
export function selectedPoint(session: Session, state: LaneState, owner: LaneOwner, lane: string): number | undefined {
	const p = state.point;
	if (!p || p.track !== owner.id || (p.kind ?? 'track') !== owner.kind || p.lane !== lane) return undefined;
	return p.index < resolvedPoints(session, owner, lane).length ? p.index : undefined;
}

const SECTIONS: Record<string, [string, string]> = {
	trim: ['trim', 'trim'],
	hpf: ['HPF', 'high-pass'],
	lpf: ['LPF', 'low-pass'],
	gate: ['gate', 'gate'],
	compressor: ['comp', 'compressor'],
	deesser: ['de-ess', 'de-esser'],
	limiter: ['lim', 'limiter'],
};
const SHORT_PARAMS: Record<string, string> = { threshold: 'thr', attack: 'att', release: 'rel', ceiling: 'ceil', makeup: 'mkup' };

/** A lane's name in full, for messages: 'fader', 'pan', 'send to VERB', 'EQ 1 gain', 'compressor threshold'. */
export function laneTitle(lane: string): string {
	return laneName(lane, false);
}

/** A lane's name in a few characters, for the lane's label: 'fader', 'VERB send', 'EQ1 gain', 'comp thr'. */
export function laneShort(lane: string): string {
	return laneName(lane, true);
}

function laneName(lane: string, short: boolean): string {
	if (lane === 'gain') return 'fader';
	if (lane === 'pan' || lane === 'mute' || lane === 'duck') return lane;
	if (lane.startsWith('send.')) return short ? `${lane.slice(5)} send` : `send to ${lane.slice(5)}`;
	const parts = lane.split('.');
	if (parts[0] === 'eq') return `EQ${short ? '' : ' '}${Number(parts[1]) + 1} ${parts[2]}`;
	const section = SECTIONS[parts[0]!];
	if (!section) return lane;
	if (parts.length === 1) return section[0];
	const param = parts[1]!;
	return `${section[short ? 0 : 1]} ${short ? (SHORT_PARAMS[param] ?? param) : param}`;
}

/** A lane value in its unit: '-12.0 dB', 'L30', 'muted', '2.5 kHz', '3.0:1', '5 ms' (`sep` '' packs it for a label). */
export function laneValueText(lane: string, spec: LaneSpec, v: number, sep = ' '): string {
	if (spec.steps) return v >= 0.5 ? 'muted' : 'unmuted';
	if (lane === 'pan') return panText(v);
	if (spec.fader) return `${faderText(v)}${sep}dB`;
	if (spec.unit === 'Hz') return formatHz(v).replace(' ', sep);
	if (spec.unit === ':1') return `${v.toFixed(1)}:1`;
	if (spec.unit.startsWith('dB')) return `${faderText(v)}${sep}${spec.unit}`;
	const text = String(Number(v.toFixed(Math.abs(v) >= 100 ? 0 : 2)));
	return spec.unit ? `${text}${sep}${spec.unit}` : text;
}

/** The lane's range as a prompt says it: '-inf … +12 dB', 'L100 … R100', '10 … 23760 Hz'. */
export function laneRangeText(lane: string, spec: LaneSpec): string {
	if (spec.steps) return 'on or off';
	if (lane === 'pan') return 'L100 … R100, or -1 … 1';
	if (spec.fader) return `-inf … ${faderText(spec.max)} dB`;
	return `${+spec.min.toFixed(2)} … ${+spec.max.toFixed(2)}${spec.unit ? ` ${spec.unit}` : ''}`;
}

/** Parses a typed lane value (range is the edit's business: it clamps); undefined when it is not one. */
export function parseLaneValue(lane: string, spec: LaneSpec, text: string): number | undefined {
	const t = text.trim().toLowerCase();
	if (spec.steps) {
		if (['1', 'on', 'muted', 'mute', 'm'].includes(t)) return 1;
		if (['0', 'off', 'unmuted', 'open'].includes(t)) return 0;
		return undefined;
	}
	if (spec.fader) return parseDb(t);
	if (lane === 'pan') {
		if (t === 'c') return 0;
		const m = /^([lr])\s*(\d+(\.\d*)?)$/.exec(t);
		if (m) return (m[1] === 'l' ? -1 : 1) * (Number(m[2]) / 100);
	}
	// A number with the unit or not: '2.5k', '2.5 kHz', '80 Hz', '-18 dB', '4:1', '5 ms'.
	let n = t.replace(/\s+/g, '');
	const unit = spec.unit.toLowerCase();
	if (unit && n.endsWith(unit)) n = n.slice(0, -unit.length);
	let scale = 1;
	if (unit === 'hz' && n.endsWith('k')) {
		scale = 1000;
		n = n.slice(0, -1);
	}
	return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(n) ? Number(n) * scale : undefined;
}

/** Parses a typed trim amount: a signed number, with the lane's unit or dB allowed after it. */
export function parseTrim(spec: LaneSpec, text: string): number | undefined {
	const t = text.trim().toLowerCase().replace(/\s+/g, '');
	const unit = spec.unit.toLowerCase();
	const bare = unit && t.endsWith(unit) ? t.slice(0, -unit.length) : t.replace(/db$/, '');
	return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(bare) ? Number(bare) : undefined;
}

/** The spec of a lane at the session's rate (lanes shown are always lanes). */
export function specOfLane(session: Session, lane: string): LaneSpec {
	return laneSpec(lane, session.sampleRate)!;
}
