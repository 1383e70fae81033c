// Shared helpers of the edit functions: look-ups that throw on unknown ids (a programming
// error: the UI only offers ids it has) and copy-on-write updates that return the very same
// object when nothing changed, so history can skip no-op steps.
import type { Bus, Clip, Decibels, Session, Track } from './types.js';

/** Index of a track; throws a plain Error for an unknown id. */
export function trackIndex(session: Session, id: string): number {
	const i = session.tracks.findIndex((t) => t.id === id);
	if (i < 0) throw new Error(`no track "${id}"`);
	return i;
}

/** Index of a bus; throws a plain Error for an unknown id. */
export function busIndex(session: Session, id: string): number {
	const i = session.buses.findIndex((b) => b.id === id);
	if (i < 0) throw new Error(`no bus "${id}"`);
	return i;
}

/** `list` with item i replaced, or `list` itself when the item is unchanged. */
export function replaceAt<T>(list: T[], i: number, item: T): T[] {
	if (list[i] === item) return list;
	const copy = list.slice();
	copy[i] = item;
	return copy;
}

/** `obj` with one key set, or `obj` itself when the value is already that. */
export function withKey<T extends object, K extends keyof T>(obj: T, key: K, value: T[K]): T {
	if (Object.is(obj[key], value)) return obj;
	if (value === undefined) {
		if (!(key in obj)) return obj;
		const copy = { ...obj };
		delete copy[key];
		return copy;
	}
	return { ...obj, [key]: value };
}

/** The session with one track transformed (unchanged session when `fn` returns the track). */
export function updateTrack(session: Session, id: string, fn: (track: Track) => Track): Session {
	const i = trackIndex(session, id);
	const tracks = replaceAt(session.tracks, i, fn(session.tracks[i]));
	return tracks === session.tracks ? session : { ...session, tracks };
}

/** The session with one bus transformed. */
export function updateBus(session: Session, id: string, fn: (bus: Bus) => Bus): Session {
	const i = busIndex(session, id);
	const buses = replaceAt(session.buses, i, fn(session.buses[i]));
	return buses === session.buses ? session : { ...session, buses };
}

/** The session with one clip transformed; throws for an unknown track or clip index. */
export function updateClip(session: Session, trackId: string, clipIndex: number, fn: (clip: Clip) => Clip): Session {
	return updateTrack(session, trackId, (track) => {
		const clip = track.clips[clipIndex];
		if (!Number.isInteger(clipIndex) || !clip) throw new Error(`track "${trackId}" has no clip ${clipIndex}`);
		const clips = replaceAt(track.clips, clipIndex, fn(clip));
		return clips === track.clips ? track : { ...track, clips };
	});
}

/** Throws unless `v` is a finite number; edits never store NaN. */
export function finite(v: number, what: string): number {
	if (!Number.isFinite(v)) throw new Error(`${what} must be a finite number, got ${v}`);
	return v;
}

/** Rounds to 1/100 so repeated nudges do not write 2.9000000000000004 (and −0 becomes 0). */
export function round2(v: number): number {
	return Math.round(v * 100) / 100 || 0;
}

/** Faders (track, bus, master) top out here. */
export const FADER_MAX: Decibels = 12;
/** Nudging up from −∞ lands here; nudging down below it closes the fader (−∞). */
export const FADER_FLOOR: Decibels = -60;
/** The schema's lowest finite level; anything lower is stored as −∞. */
export const DB_MIN: Decibels = -200;

/** A fader value as stored: ≤ `max` dB, below −200 dB is −∞. Throws on NaN. */
export function clampFader(db: Decibels, max: Decibels = FADER_MAX): Decibels {
	if (Number.isNaN(db)) throw new Error('gain must be a number, got NaN');
	if (db < DB_MIN) return -Infinity;
	return Math.min(db, max) || 0;
}

/**
 * A fader moved by `delta` dB, the way a key or encoder moves it: from −∞ up lands on
 * FADER_FLOOR, down past FADER_FLOOR closes it, up never passes `max` (a value above it,
 * loaded from a file, is kept rather than cut), results are rounded to 0.01 dB.
 */
export function nudgeDb(current: Decibels, delta: number, max: Decibels = FADER_MAX): Decibels {
	finite(delta, 'gain change');
	if (delta === 0) return current;
	if (current === -Infinity) return delta > 0 ? FADER_FLOOR : -Infinity;
	const next = round2(current + delta);
	if (delta < 0) return next < FADER_FLOOR ? -Infinity : next;
	return Math.min(next, Math.max(current, max));
}

/**
 * Faders a file sets above FADER_MAX (the format allows up to +24 dB, as older sessions may
 * have): they load and play as written, and `check` says so, because the keys and surfaces
 * stop at FADER_MAX and the first move down brings such a fader into range.
 */
export function faderWarnings(session: Session): string[] {
	const over = (gain: Decibels) => gain > FADER_MAX;
	const say = (where: string, gain: Decibels) => `${where}: gain ${gain} dB is above the faders' +${FADER_MAX} dB top; it plays as written, and once moved down it cannot go back above +${FADER_MAX} dB`;
	return [
		...session.tracks.flatMap((t, i) => (over(t.gain) ? [say(`tracks[${i}] (${t.id})`, t.gain)] : [])),
		...session.buses.flatMap((b, i) => (over(b.gain) ? [say(`buses[${i}] (${b.id})`, b.gain)] : [])),
		...(over(session.master.gain) ? [say('master', session.master.gain)] : []),
	];
}
