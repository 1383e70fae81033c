// What a surface strip shows: the session's tracks, then its buses (the stems), in mixer order;
// the master has its own fader. Values are what is heard now: a lane of automation replaces the
// static value unless the strip's mode is off (docs/mix-semantics.md), so motor faders and rings
// follow automation during playback, evaluated as the mixer screen does (app/automation-values.ts).
import { faderAt, trackPanAt } from '../app/automation-values.js';
import type { Decibels, Session } from '../../sessions/types.js';

/** A channel a strip can hold. `index` is into session.tracks or session.buses. */
export type Strip =
	| { kind: 'track'; index: number; id: string; name: string }
	| { kind: 'bus'; index: number; id: string; name: string };

/** What a control can drive: a strip's channel or the master. */
export type Target = Strip | { kind: 'master' };

export const MASTER_TARGET: Target = { kind: 'master' };

const stripCache = new WeakMap<Session, readonly Strip[]>();

/** Tracks then buses, as strips (cached per session document). */
export function mixerStrips(session: Session): readonly Strip[] {
	let strips = stripCache.get(session);
	if (!strips) {
		strips = [
			...session.tracks.map((t, index): Strip => ({ kind: 'track', index, id: t.id, name: t.name ?? t.id })),
			...session.buses.map((b, index): Strip => ({ kind: 'bus', index, id: b.id, name: b.name ?? b.id })),
		];
		stripCache.set(session, strips);
	}
	return strips;
}

/** A stable key for a target ("track:dx1", "bus:DX", "master"). */
export function targetKey(target: Target): string {
	return target.kind === 'master' ? 'master' : `${target.kind}:${target.id}`;
}

/** Short name for messages: the track or bus name, or "master". */
export function targetName(target: Target): string {
	return target.kind === 'master' ? 'master' : target.name;
}

/** The static fader level (what an edit changes). */
export function staticGain(session: Session, target: Target): Decibels {
	if (target.kind === 'master') return session.master.gain;
	if (target.kind === 'bus') return session.buses[target.index]?.gain ?? 0;
	return session.tracks[target.index]?.gain ?? 0;
}

/** The fader level heard at `seconds`: a track's or bus's gain lane unless its mode is off. */
export function gainAt(session: Session, target: Target, seconds: number): Decibels {
	const holder = target.kind === 'track' ? session.tracks[target.index] : target.kind === 'bus' ? session.buses[target.index] : session.master;
	return holder ? faderAt(session, holder, seconds) : staticGain(session, target);
}

/** Pan heard at `seconds` (−1 … +1); undefined for buses and the master, which have none. */
export function panAt(session: Session, target: Target, seconds: number): number | undefined {
	if (target.kind !== 'track') return undefined;
	const track = session.tracks[target.index];
	return track ? trackPanAt(session, track, seconds) : undefined;
}

export function isMuted(session: Session, target: Target): boolean {
	if (target.kind === 'track') return session.tracks[target.index]?.mute ?? false;
	if (target.kind === 'bus') return session.buses[target.index]?.mute ?? false;
	return false;
}

export function isSoloed(session: Session, target: Target): boolean {
	return target.kind === 'track' && (session.tracks[target.index]?.solo ?? false);
}

export function isInverted(session: Session, target: Target): boolean {
	return target.kind === 'track' && (session.tracks[target.index]?.polarity ?? false);
}
