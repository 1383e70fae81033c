// Pure edits of the automation mode of a track, a bus or the master. Read is the default, so
// setting read removes the `mode` key (and an automation block left empty goes with it): the
// file keeps saying only what differs from the default. A mode change changes what the engine
// plays (off ignores the lanes), so the engine takes it as a new graph.
import { AUTOMATION_MODES } from './schema.js';
import { busIndex, trackIndex, updateBus, updateTrack } from './edit-util.js';
import type { Automation, AutomationMode, MasterAutomation, Session } from './types.js';

/** A strip that carries a mode: a track or a bus by id, or the master. */
export type AutomationTarget = { kind: 'track'; id: string } | { kind: 'bus'; id: string } | { kind: 'master' };

/** Modes in the order the mode key steps through them. */
export const MODE_CYCLE: readonly AutomationMode[] = AUTOMATION_MODES;

/** The automation block of a target (undefined when it has none); throws for an unknown id. */
export function automationOf(session: Session, target: AutomationTarget): Automation | MasterAutomation | undefined {
	if (target.kind === 'master') return session.master.automation;
	if (target.kind === 'bus') return session.buses[busIndex(session, target.id)]!.automation;
	return session.tracks[trackIndex(session, target.id)]!.automation;
}

/** The mode a target plays in: its `mode`, or read. */
export function modeOf(session: Session, target: AutomationTarget): AutomationMode {
	return automationOf(session, target)?.mode ?? 'read';
}

/** Whether an automation block has a lane with points (the master's never has). */
export function hasLanes(automation: Automation | MasterAutomation | undefined): boolean {
	if (!automation) return false;
	for (const [key, value] of Object.entries(automation)) if (key !== 'mode' && Array.isArray(value) && value.length > 0) return true;
	return false;
}

/** `automation` with `mode`, or undefined when nothing would be left in it. */
function withMode<A extends { mode?: AutomationMode }>(automation: A | undefined, mode: AutomationMode): A | undefined {
	if ((automation?.mode ?? 'read') === mode) return automation;
	const next = { ...(automation ?? {}) } as A;
	if (mode === 'read') delete next.mode;
	else next.mode = mode;
	return Object.keys(next).length > 0 ? next : undefined;
}

/** Sets a target's mode; the session itself when it is already in that mode. */
export function setAutomationMode(session: Session, target: AutomationTarget, mode: AutomationMode): Session {
	if (!MODE_CYCLE.includes(mode)) throw new Error(`"${String(mode)}" is not an automation mode (expected ${MODE_CYCLE.join(', ')})`);
	if (target.kind === 'master') {
		const automation = withMode(session.master.automation, mode);
		if (automation === session.master.automation) return session;
		const master = { ...session.master, automation };
		if (!automation) delete master.automation;
		return { ...session, master };
	}
	const update = <T extends { automation?: Automation }>(holder: T): T => withHolderMode(holder, mode);
	return target.kind === 'bus' ? updateBus(session, target.id, update) : updateTrack(session, target.id, update);
}

/** A track or bus in `mode`: the same object when it already is. */
function withHolderMode<T extends { automation?: Automation }>(holder: T, mode: AutomationMode): T {
	const automation = withMode(holder.automation, mode);
	if (automation === holder.automation) return holder;
	const next = { ...holder, automation };
	if (!automation) delete next.automation;
	return next;
}

/** The mode after `mode` in MODE_CYCLE (`step` −1: before it), wrapping around. */
export function nextMode(mode: AutomationMode, step: 1 | -1 = 1): AutomationMode {
	const n = MODE_CYCLE.length;
	return MODE_CYCLE[(MODE_CYCLE.indexOf(mode) + step + n) % n]!;
}

/** Steps a target to the next mode: off → read → touch → latch → write → trim → off. */
export function cycleAutomationMode(session: Session, target: AutomationTarget, step: 1 | -1 = 1): Session {
	return setAutomationMode(session, target, nextMode(modeOf(session, target), step));
}

/** Every track, bus and the master in `mode` (one copy of each list). */
export function setAllAutomationModes(session: Session, mode: AutomationMode): Session {
	let next = setAutomationMode(session, { kind: 'master' }, mode);
	const tracks = session.tracks.map((t) => withHolderMode(t, mode));
	const buses = session.buses.map((b) => withHolderMode(b, mode));
	if (tracks.some((t, i) => t !== session.tracks[i])) next = { ...next, tracks };
	if (buses.some((b, i) => b !== session.buses[i])) next = { ...next, buses };
	return next;
}
