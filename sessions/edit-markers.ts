// Marker notes (the review pass): the note of a marker, and the time a marker is written at.
// Same rules as edit.ts: pure, unchanged input returned as is, a missing marker throws.
import { withKey } from './edit-util.js';
import type { Marker, Session } from './types.js';

/**
 * The session time a marker taken at `seconds` is written at: seconds to the millisecond, not
 * a timecode, since a frame (42 ms at 24 fps) is coarser than the block a key press lands in.
 */
export function markerTime(seconds: number): number {
	return Math.max(0, Math.round(seconds * 1000) / 1000);
}

/** Sets the note of marker `index`; an empty (or blank) note removes it. */
export function setMarkerNote(session: Session, index: number, note: string): Session {
	const old = session.markers[index];
	if (!Number.isInteger(index) || !old) throw new Error(`no marker ${index}`);
	const marker: Marker = withKey(old, 'note', note.trim() === '' ? undefined : note);
	if (marker === old) return session;
	const markers = session.markers.slice();
	markers[index] = marker;
	return { ...session, markers };
}

/** Where `marker` (an object of an earlier version of the document) is now, or -1 when it is gone. */
export function markerIndex(session: Session, marker: Marker, hint = -1): number {
	if (session.markers[hint] === marker) return hint;
	return session.markers.indexOf(marker);
}

/** The index of the marker `next` has that `previous` did not (after an add or a move), or -1. */
export function newMarkerIndex(previous: Session, next: Session): number {
	const old = new Set(previous.markers);
	return next.markers.findIndex((m) => !old.has(m));
}
