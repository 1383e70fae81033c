// Timeline edits: clip position, gain and fades, markers, loop, automation. Same rules as
// edit.ts (pure, structural sharing, unchanged input returned as is, unknown ids throw).
//
// Clip positions keep the user's notation: a clip placed by timecode stays on timecode when a
// move lands on a frame boundary. A clip without `at` sits on its file's BWF time reference,
// which only the engine knows (it reads the media header), so nudging it takes that resolved
// position as a parameter; the nudged clip gets an explicit `at`.
import { clampFader, finite, nudgeDb, updateClip, updateTrack, withKey } from './edit-util.js';
import { isOnFrame, sessionTimecode, timeToSeconds } from './time.js';
import type { Automation, AutomationPoint, Clip, Decibels, FadeShape, Marker, Session, Time } from './types.js';

/** Clip gain bounds (the schema's). */
const CLIP_GAIN_MAX: Decibels = 24;

/** Throws unless `t` is a valid session time (≥ 0 seconds, or a timecode not before start). */
function checkTime(session: Session, t: Time, what: string): number {
	const s = typeof t === 'number' ? finite(t, what) : timeToSeconds(t, session);
	if (s < 0) throw new Error(`${what} must not be negative, got ${t}`);
	return s;
}

/** Places a clip at `at` (session seconds or an absolute timecode), as written. */
export function moveClip(session: Session, trackId: string, clipIndex: number, at: Time): Session {
	checkTime(session, at, 'clip position');
	return updateClip(session, trackId, clipIndex, (c) => withKey(c, 'at', at));
}

/**
 * Moves a clip by `deltaSeconds` (clamped at session time 0). `bwfAt` is the clip's resolved
 * position in session seconds, needed only when the clip has no `at` (throws without it).
 * A timecode `at` stays timecode when the result is on a frame, e.g. a nudge by whole frames.
 */
export function nudgeClip(session: Session, trackId: string, clipIndex: number, deltaSeconds: number, bwfAt?: number): Session {
	finite(deltaSeconds, 'nudge');
	return updateClip(session, trackId, clipIndex, (c) => {
		if (deltaSeconds === 0) return c;
		let from: number;
		if (c.at !== undefined) from = timeToSeconds(c.at, session);
		else if (bwfAt !== undefined) from = finite(bwfAt, 'BWF position');
		else throw new Error(`clip ${clipIndex} of track "${trackId}" has no "at": pass its BWF position`);
		// Round away float noise (1e-9 s is far below a sample) so positions stay readable.
		const to = Math.max(0, Math.round((from + deltaSeconds) * 1e9) / 1e9);
		const keepTimecode = typeof c.at === 'string' && isOnFrame(to, session.frameRate);
		return withKey(c, 'at', keepTimecode ? sessionTimecode(to, session) : to);
	});
}

/** Drops a clip's `at` so it sits on its file's BWF time reference again. */
export function spotClipToBwf(session: Session, trackId: string, clipIndex: number): Session {
	return updateClip(session, trackId, clipIndex, (c) => withKey(c, 'at', undefined));
}

/** Sets a clip's gain (≤ +24 dB; below −200 dB is −∞). */
export function setClipGain(session: Session, trackId: string, clipIndex: number, db: Decibels): Session {
	const gain = clampFader(db, CLIP_GAIN_MAX);
	return updateClip(session, trackId, clipIndex, (c) => withKey(c, 'gain', gain));
}

/** Moves a clip's gain by `delta` dB, like a fader (see nudgeDb) but up to +24 dB. */
export function nudgeClipGain(session: Session, trackId: string, clipIndex: number, delta: number): Session {
	return updateClip(session, trackId, clipIndex, (c) => withKey(c, 'gain', nudgeDb(c.gain, delta, CLIP_GAIN_MAX)));
}

/** Fade fields to change; omitted ones are kept. Negative lengths become 0. */
export interface FadeChange {
	fadeIn?: number;
	fadeOut?: number;
	fadeShape?: FadeShape;
}

/** Sets a clip's fade lengths (seconds) and/or shape. */
export function setClipFades(session: Session, trackId: string, clipIndex: number, fades: FadeChange): Session {
	const len = (v: number | undefined, what: string) => (v === undefined ? undefined : Math.max(0, finite(v, what)));
	const fadeIn = len(fades.fadeIn, 'fade-in');
	const fadeOut = len(fades.fadeOut, 'fade-out');
	return updateClip(session, trackId, clipIndex, (c) => {
		let next: Clip = c;
		if (fadeIn !== undefined) next = withKey(next, 'fadeIn', fadeIn);
		if (fadeOut !== undefined) next = withKey(next, 'fadeOut', fadeOut);
		if (fades.fadeShape !== undefined) next = withKey(next, 'fadeShape', fades.fadeShape);
		return next;
	});
}

/** Renames a clip; an empty name removes it (the file's base name is shown). */
export function renameClip(session: Session, trackId: string, clipIndex: number, name: string): Session {
	return updateClip(session, trackId, clipIndex, (c) => withKey(c, 'name', name === '' ? undefined : name));
}

// Markers

/** Session seconds of each marker, for ordering. */
function markerTimes(session: Session): number[] {
	return session.markers.map((m) => timeToSeconds(m.at, session));
}

function markerCheck(session: Session, index: number): void {
	if (!Number.isInteger(index) || !session.markers[index]) throw new Error(`no marker ${index}`);
}

/** Adds a marker (with a note when one is given) after any at the same time, keeping markers in time order. */
export function addMarker(session: Session, at: Time, name = '', note?: string): Session {
	const t = checkTime(session, at, 'marker time');
	const times = markerTimes(session);
	let i = times.length;
	while (i > 0 && times[i - 1] > t) i--;
	const markers = session.markers.slice();
	markers.splice(i, 0, note ? { at, name, note } : { at, name });
	return { ...session, markers };
}

/** Removes marker `index`. */
export function removeMarker(session: Session, index: number): Session {
	markerCheck(session, index);
	return { ...session, markers: session.markers.filter((_, k) => k !== index) };
}

/** Renames marker `index`. */
export function renameMarker(session: Session, index: number, name: string): Session {
	markerCheck(session, index);
	const marker: Marker = withKey(session.markers[index], 'name', name);
	if (marker === session.markers[index]) return session;
	const markers = session.markers.slice();
	markers[index] = marker;
	return { ...session, markers };
}

/** Moves a marker to a new time (re-sorted, like a remove then an add). */
export function moveMarker(session: Session, index: number, at: Time): Session {
	markerCheck(session, index);
	if (Object.is(session.markers[index].at, at)) return session;
	return addMarker(removeMarker(session, index), at, session.markers[index].name, session.markers[index].note);
}

/** Index of the first marker after session time `t` (for "next marker"), or undefined. */
export function nextMarker(session: Session, t: number): number | undefined {
	const i = markerTimes(session).findIndex((m) => m > t + 1e-9);
	return i < 0 ? undefined : i;
}

/** Index of the last marker before session time `t` (for "previous marker"), or undefined. */
export function previousMarker(session: Session, t: number): number | undefined {
	const times = markerTimes(session);
	for (let i = times.length - 1; i >= 0; i--) if (times[i] < t - 1e-9) return i;
	return undefined;
}

// Loop

/** Sets the loop range; throws unless from < to. */
export function setLoop(session: Session, from: Time, to: Time): Session {
	if (!(checkTime(session, from, 'loop start') < checkTime(session, to, 'loop end'))) {
		throw new Error(`loop start ${from} must be before its end ${to}`);
	}
	const loop = session.loop;
	if (loop && Object.is(loop.from, from) && Object.is(loop.to, to)) return session;
	return { ...session, loop: { from, to } };
}

/** Removes the loop range. */
export function clearLoop(session: Session): Session {
	return withKey(session, 'loop', undefined);
}

// Automation

/** An automation lane and the type of its values. */
export type Lane = keyof Automation;
type LaneValue<L extends Lane> = NonNullable<Automation[L]>[number] extends AutomationPoint<infer V> ? V : never;

/**
 * Replaces one automation lane of a track (`undefined` removes it; an empty automation block is
 * dropped). Throws when the points are not in time order.
 */
export function setAutomation<L extends Lane>(
	session: Session,
	trackId: string,
	lane: L,
	points: AutomationPoint<LaneValue<L>>[] | undefined,
): Session {
	if (points) {
		let previous = -Infinity;
		points.forEach(([t], i) => {
			const s = checkTime(session, t, `${lane} point ${i} time`);
			if (s < previous) throw new Error(`${lane} automation point ${i} is before the one before it`);
			previous = s;
		});
	}
	return updateTrack(session, trackId, (track) => {
		const automation: Automation = withKey(track.automation ?? {}, lane, points as Automation[L]);
		if (automation === track.automation) return track;
		const empty = automation.gain === undefined && automation.pan === undefined && automation.mute === undefined;
		return withKey(track, 'automation', empty ? undefined : automation);
	});
}

/** Removes all automation of a track (static values apply again). */
export function clearAutomation(session: Session, trackId: string): Session {
	return updateTrack(session, trackId, (t) => withKey(t, 'automation', undefined));
}
