// What automation shows and how its mode changes, for the mixer screen and the surfaces alike:
// the mode letters a strip carries, the value a lane plays at the playhead (evaluated by the
// engine's own lane code, so the screen and the motor faders read what is heard), the one
// warning when a key or a surface moves a control that a lane drives in read mode, and the mode
// edits as undo steps.
import { GAIN_FLOOR_DB, linearAt, makeLane, type Lane } from '../../engine/dsp/automation.js';
import { hasLanes, modeOf, setAllAutomationModes, setAutomationMode, type AutomationTarget } from '../../sessions/edit-automation.js';
import type { ParamAddress } from '../../sessions/params.js';
import { timeToSeconds } from '../../sessions/time.js';
import type { Automation, AutomationMode, AutomationPoint, Bus, Decibels, MasterAutomation, Pan, Session, Track } from '../../sessions/types.js';
import type { MixerStore } from './mixer-store.js';

/** A strip's mode as the mixer and the surfaces letter it. */
export const MODE_LETTERS: Readonly<Record<AutomationMode, string>> = { off: '', read: 'R', touch: 'T', latch: 'L', write: 'W', trim: 'Tr' };

/**
 * The letters a strip shows for its mode: none when off, none in read with no lane (nothing to
 * read), otherwise the mode's, lanes or not (a strip set to touch is ready to write its first pass).
 */
export function modeLetters(automation: Automation | MasterAutomation | undefined): string {
	const mode = automation?.mode ?? 'read';
	if (mode === 'read' && !hasLanes(automation)) return '';
	return MODE_LETTERS[mode];
}

/** The points of `lane` that the engine plays: undefined when the mode is off or the lane is empty. */
export function playedPoints(automation: Automation | undefined, lane: string): readonly AutomationPoint[] | undefined {
	if (!automation || automation.mode === 'off') return undefined;
	const points = automation[lane];
	return points && points.length > 0 ? points : undefined;
}

interface CachedLane {
	lane: Lane;
	start: string;
	frameRate: Session['frameRate'];
}

const lanes = new WeakMap<readonly AutomationPoint[], CachedLane>();

/** The lane of `points` in seconds (cached per points list; timecodes depend on start and frame rate). */
function laneOf(points: readonly AutomationPoint[], session: Session, floor?: number): Lane {
	const cached = lanes.get(points);
	if (cached && cached.start === session.start && cached.frameRate === session.frameRate) return cached.lane;
	const lane = makeLane(
		points.map(([t, v]) => [timeToSeconds(t, session), v] as const),
		floor,
	);
	lanes.set(points, { lane, start: session.start, frameRate: session.frameRate });
	return lane;
}

/** A gain lane's level at `seconds`, as the engine plays it (−∞ interpolates as the floor, which is silence). */
export function gainLaneAt(session: Session, points: readonly AutomationPoint[], seconds: number): Decibels {
	const db = linearAt(laneOf(points, session, GAIN_FLOOR_DB), seconds);
	return db <= GAIN_FLOOR_DB ? -Infinity : db;
}

/** A linear lane's value at `seconds` (pan, strip parameters). */
export function linearLaneAt(session: Session, points: readonly AutomationPoint[], seconds: number): number {
	return linearAt(laneOf(points, session), seconds);
}

/** The fader level a track, a bus or the master plays at `seconds`: its gain lane unless the mode is off. */
export function faderAt(session: Session, holder: Track | Bus | Session['master'], seconds: number): Decibels {
	const points = playedPoints(holder.automation, 'gain');
	return points ? gainLaneAt(session, points, seconds) : holder.gain;
}

/** The pan a track plays at `seconds`. */
export function trackPanAt(session: Session, track: Track, seconds: number): Pan {
	const points = playedPoints(track.automation, 'pan');
	return points ? linearLaneAt(session, points, seconds) : track.pan;
}

/**
 * The lane that drives a control, as the engine plays lanes: the fader and strip parameters of
 * tracks and buses ('strip.eq.0.gain' is lane 'eq.0.gain'), a track's pan, front/rear pan, LFE
 * send, mute and send levels.
 * (The engine plays no mute lane on a bus; the master has its fader and strip lanes only.)
 */
export function laneOfControl(address: ParamAddress): string | undefined {
	const { target, param } = address;
	if (param.startsWith('strip.')) return param.slice('strip.'.length);
	if (param === 'gain') return param;
	if (target !== 'track') return undefined;
	if (param === 'pan' || param === 'panY' || param === 'lfe' || param === 'mute') return param;
	return param.startsWith('send.') && !param.endsWith('.on') ? param : undefined;
}

function automationAt(session: Session, address: ParamAddress): Automation | undefined {
	if (address.target === 'track') return session.tracks.find((t) => t.id === address.id)?.automation;
	if (address.target === 'bus') return session.buses.find((b) => b.id === address.id)?.automation;
	return session.master.automation;
}

/** The lane driving `address` in read mode right now, or undefined. */
export function readLane(session: Session, address: ParamAddress): string | undefined {
	const automation = automationAt(session, address);
	const lane = laneOfControl(address);
	if (!automation || lane === undefined || (automation.mode ?? 'read') !== 'read') return undefined;
	return playedPoints(automation, lane) ? lane : undefined;
}

/** Controls already warned about, per automation block: a new block (a mode change, an undo) warns again. */
const warned = new WeakMap<Automation, Set<string>>();

function controlName(param: string): string {
	if (param === 'gain') return 'fader';
	if (param.startsWith('send.')) return `send to ${param.slice('send.'.length)}`;
	return param.startsWith('strip.') ? param.slice('strip.'.length) : param;
}

/**
 * Says once per control, after the edit's own status, that a lane plays over what was just
 * moved: in read mode the control's value is stored but not heard.
 */
export function warnIfRead(store: MixerStore, address: ParamAddress, name: string): void {
	const session = store.getState().session;
	if (readLane(session, address) === undefined) return;
	const automation = automationAt(session, address)!;
	let seen = warned.get(automation);
	if (!seen) warned.set(automation, (seen = new Set()));
	if (seen.has(address.param)) return;
	seen.add(address.param);
	const control = controlName(address.param);
	store.say(`${name} ${control} is under automation (read): switch to touch to ride it, or off to use the ${control}`);
}

/** A strip for the mode commands, with the name messages use. */
export type NamedAutomationTarget = AutomationTarget & { name?: string };

function nameOf(target: NamedAutomationTarget): string {
	return target.kind === 'master' ? 'Master' : (target.name ?? target.id);
}

/** Puts one strip in `mode` (one undo step); says so when it already is. */
export function editAutomationMode(store: MixerStore, target: NamedAutomationTarget, mode: AutomationMode): boolean {
	const session = store.getState().session;
	if (modeOf(session, target) === mode) {
		store.say(`${nameOf(target)} automation is ${mode} already`);
		return false;
	}
	return store.edit(`Automation ${nameOf(target)}: ${mode}`, (s) => setAutomationMode(s, target, mode));
}

/** Puts every track, bus and the master in `mode` (one undo step). */
export function editAllAutomationModes(store: MixerStore, mode: AutomationMode): boolean {
	const session = store.getState().session;
	const next = setAllAutomationModes(session, mode);
	if (next === session) {
		store.say(`every strip's automation is ${mode} already`);
		return false;
	}
	return store.edit(`Automation of every strip: ${mode}`, () => next);
}
