// Clip edits a mixer makes on stage: nudging several clips together, trimming a clip's head or
// tail, stepping fades and crossfading two overlapping clips. Same rules as edit.ts (pure,
// structural sharing, unknown ids throw).
//
// Everything is exact to the sample. The engine plays a clip from timeline sample round(at·sr)
// for round(length·sr) samples, so an edit works out the new edges in samples first and then
// writes seconds that round back to exactly those samples. A group nudge moves every clip by
// the same number of samples, so clips that join end to end (a looped cue) still join.
import { finite, round2, updateClip, withKey } from './edit-util.js';
import { isOnFrame, sessionTimecode, timeToSeconds } from './time.js';
import type { Clip, Session } from './types.js';

/** A clip by its track id and its index in the track's `clips`. */
export interface ClipRef {
	track: string;
	clip: number;
}

/** A clip with where it actually sits: its first timeline sample and its length in samples. */
export interface PlacedClip extends ClipRef {
	/** Timeline seconds of its start (what `at` resolves to, or its BWF position). */
	start: number;
	/** Samples it plays (its written length, or to the end of its media). */
	frames?: number;
	/** Samples of media after its offset (a tail cannot run past them), when known. */
	available?: number;
}

/** Seconds rounded to 1e-9 (far below a sample) so positions stay readable. */
const tidy = (s: number) => Math.round(s * 1e9) / 1e9 || 0;

/** Seconds that the engine rounds back to timeline sample `n`. */
const secondsOf = (n: number, sr: number) => tidy(n / sr);

/**
 * `seconds + delta` written readably when it rounds to sample `target`, else the sample-exact
 * time: repeated steps of a frame stay whole frames (no rounding builds up) and the engine
 * still gets exactly the sample it was meant to.
 */
function follow(seconds: number, delta: number, target: number, sr: number): number {
	const readable = tidy(seconds + delta);
	return Math.round(readable * sr) === target ? readable : secondsOf(target, sr);
}

/** How a position is written: a timecode stays a timecode when it lands on a frame. */
function written(clip: Clip, seconds: number, session: Session): Clip['at'] {
	return typeof clip.at === 'string' && isOnFrame(seconds, session.frameRate) ? sessionTimecode(seconds, session) : seconds;
}

function clipOf(session: Session, ref: ClipRef): Clip {
	const clip = session.tracks.find((t) => t.id === ref.track)?.clips[ref.clip];
	if (!clip) throw new Error(`track "${ref.track}" has no clip ${ref.clip}`);
	return clip;
}

/** The start of a clip in session seconds: its `at`, or the resolved position given for a BWF clip. */
function startOf(session: Session, ref: PlacedClip | ClipRef): number {
	const clip = clipOf(session, ref);
	if (clip.at !== undefined) return timeToSeconds(clip.at, session);
	if ('start' in ref) return finite(ref.start, 'BWF position');
	throw new Error(`clip ${ref.clip} of track "${ref.track}" has no "at": pass its BWF position`);
}

/**
 * Moves clips together by `deltaSeconds`. The first one moves by exactly that (a timecode stays
 * a timecode on a frame); every other moves by the same number of samples, written as the
 * readable `at + delta` when that rounds to the same sample, else as the sample-exact time.
 * Refuses (throws) when any clip would start before 0: moving only some would break a join.
 */
export function nudgeClips(session: Session, clips: readonly (PlacedClip | ClipRef)[], deltaSeconds: number): Session {
	finite(deltaSeconds, 'nudge');
	if (clips.length === 0 || deltaSeconds === 0) return session;
	const sr = session.sampleRate;
	const from0 = startOf(session, clips[0]!);
	const shift = Math.round(tidy(from0 + deltaSeconds) * sr) - Math.round(from0 * sr);
	let next = session;
	for (const ref of clips) {
		const from = startOf(session, ref);
		const n = Math.round(from * sr) + shift;
		if (n < 0) throw new Error(`${clipOf(session, ref).name ?? clipOf(session, ref).file} would start before the session start: nothing moved`);
		const to = follow(from, deltaSeconds, n, sr);
		next = updateClip(next, ref.track, ref.clip, (c) => withKey(c, 'at', written(c, to, session)));
	}
	return next;
}

/** The samples a clip plays: its written length, or what its placement says. */
function framesOf(session: Session, ref: PlacedClip): number {
	const clip = clipOf(session, ref);
	if (ref.frames !== undefined) return ref.frames;
	if (clip.length !== undefined) return Math.round(clip.length * session.sampleRate);
	throw new Error(`the length of clip ${ref.clip} of track "${ref.track}" is not known yet (media header unread)`);
}

/** Fades no longer than the clip (a shorter clip keeps its fades inside it). */
function fitFades(c: Clip, seconds: number): Clip {
	let next = c;
	if (c.fadeIn > seconds) next = withKey(next, 'fadeIn', seconds);
	if (c.fadeOut > seconds) next = withKey(next, 'fadeOut', seconds);
	return next;
}

/**
 * Moves a clip's start edge by `deltaSeconds` (later shortens it) while its audio stays where
 * it is on the timeline: `at`, `offset` and `length` move together by the same samples. The
 * edge cannot go before the start of the media, nor past the clip's end.
 */
export function trimClipHead(session: Session, ref: PlacedClip, deltaSeconds: number): Session {
	finite(deltaSeconds, 'trim');
	const sr = session.sampleRate;
	const clip = clipOf(session, ref);
	const from = startOf(session, ref);
	const start = Math.round(from * sr);
	const frames = framesOf(session, ref);
	const offset = Math.round(clip.offset * sr);
	const shift = Math.round(tidy(from + deltaSeconds) * sr) - start;
	if (shift === 0) return session;
	if (offset + shift < 0) throw new Error(`the head cannot move earlier: the clip already starts ${clip.offset > 0 ? `${tidy(offset / sr)} s into` : 'at the start of'} ${clip.file}`);
	if (start + shift < 0) throw new Error('the head cannot move before the session start');
	if (frames - shift < 1) throw new Error('the head cannot move past the end of the clip');
	const length = follow(clip.length ?? frames / sr, -deltaSeconds, frames - shift, sr);
	return updateClip(session, ref.track, ref.clip, (c) => {
		let next = withKey(c, 'at', written(c, follow(from, deltaSeconds, start + shift, sr), session));
		next = withKey(next, 'offset', follow(c.offset, deltaSeconds, offset + shift, sr));
		return fitFades(withKey(next, 'length', length), length);
	});
}

/** Moves a clip's end edge by `deltaSeconds` (earlier shortens it); it cannot run past its media. */
export function trimClipTail(session: Session, ref: PlacedClip, deltaSeconds: number): Session {
	finite(deltaSeconds, 'trim');
	const sr = session.sampleRate;
	const clip = clipOf(session, ref);
	const frames = framesOf(session, ref);
	const seconds = clip.length ?? frames / sr;
	const shift = Math.round(tidy(seconds + deltaSeconds) * sr) - frames;
	if (shift === 0) return session;
	if (frames + shift < 1) throw new Error('the tail cannot move before the start of the clip');
	if (ref.available !== undefined && frames + shift > ref.available) throw new Error(`the tail cannot move later: ${clip.file} ends there`);
	const length = follow(seconds, deltaSeconds, frames + shift, sr);
	return updateClip(session, ref.track, ref.clip, (c) => fitFades(withKey(c, 'length', length), length));
}
/** Which fade. */
export type FadeEdge = 'fadeIn' | 'fadeOut';

/** Sets a fade's length in seconds; 0 … the clip's length. Throws outside that. */
export function setFade(session: Session, ref: PlacedClip, edge: FadeEdge, seconds: number): Session {
	finite(seconds, 'fade length');
	const sr = session.sampleRate;
	const frames = framesOf(session, ref);
	const n = Math.round(seconds * sr);
	if (n < 0) throw new Error('a fade cannot be shorter than 0');
	if (n > frames) throw new Error(`a fade cannot be longer than the clip (${tidy(frames / sr)} s)`);
	return updateClip(session, ref.track, ref.clip, (c) => withKey(c, edge, follow(seconds, 0, n, sr)));
}

/** Moves a fade's length by `deltaSeconds`, stopping at 0 and at the clip's length. */
export function nudgeFade(session: Session, ref: PlacedClip, edge: FadeEdge, deltaSeconds: number): Session {
	const sr = session.sampleRate;
	const frames = framesOf(session, ref);
	const wanted = tidy(clipOf(session, ref)[edge] + finite(deltaSeconds, 'fade change'));
	return setFade(session, ref, edge, wanted < 0 ? 0 : Math.round(wanted * sr) > frames ? frames / sr : wanted);
}

/** Switches a clip's fade shape between linear and equal-power (both its fades share it). */
export function toggleFadeShape(session: Session, ref: ClipRef): Session {
	return updateClip(session, ref.track, ref.clip, (c) => withKey(c, 'fadeShape', c.fadeShape === 'linear' ? 'equal-power' : 'linear'));
}

/** Sets a clip's gain in dB, refusing (throwing) values outside −∞ … +24 dB. */
export function setClipGainChecked(session: Session, ref: ClipRef, db: number): Session {
	if (Number.isNaN(db)) throw new Error('clip gain must be a number');
	if (db > 24) throw new Error(`clip gain ${db} dB is above +24 dB, the most a clip takes`);
	const gain = db < -200 ? -Infinity : round2(db);
	return updateClip(session, ref.track, ref.clip, (c) => withKey(c, 'gain', gain));
}

/**
 * Crossfades two overlapping clips of a track: the earlier one fades out and the later one
 * fades in over exactly their overlap, both equal-power (the shape is per clip, so each clip's
 * other fade takes it too). Clips that do not overlap are refused: make an overlap by trimming
 * first (extending needs media beyond the edges, which only the editor knows is usable).
 */
export function crossfadeClips(session: Session, a: PlacedClip, b: PlacedClip): Session {
	if (a.track !== b.track) throw new Error('a crossfade is between two clips on one track');
	const sr = session.sampleRate;
	const [early, late] = startOf(session, a) <= startOf(session, b) ? [a, b] : [b, a];
	const s0 = Math.round(startOf(session, early) * sr);
	const e0 = s0 + framesOf(session, early);
	const s1 = Math.round(startOf(session, late) * sr);
	const e1 = s1 + framesOf(session, late);
	const overlap = e0 - s1;
	if (overlap <= 0) throw new Error('the clips do not overlap: trim the earlier one\'s tail later or the later one\'s head earlier first');
	if (e1 <= e0) throw new Error('one clip lies inside the other: there is nothing to crossfade');
	const seconds = secondsOf(overlap, sr);
	let next = updateClip(session, early.track, early.clip, (c) => withKey(withKey(c, 'fadeOut', seconds), 'fadeShape', 'equal-power'));
	next = updateClip(next, late.track, late.clip, (c) => withKey(withKey(c, 'fadeIn', seconds), 'fadeShape', 'equal-power'));
	return next;
}
