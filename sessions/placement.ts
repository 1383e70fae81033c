// Where a clip sits on the timeline: the one rule the engine's plan and the timeline view both
// use. A clip without `at` sits on its file's BWF time reference (samples since midnight) less
// the session start; a clip without `length` runs to the end of its media; a length past the
// end of the media stops there. Everything is in samples at the session rate.
import { DAY_SECONDS, parseTimecode, timeToSeconds } from './time.js';
import type { Clip, Session } from './types.js';

/** What placement needs from a media header. */
export interface MediaFacts {
	frames: number;
	sampleRate: number;
	/** BWF TimeReference: samples since midnight. */
	timeReference?: number;
}

export interface Placement {
	/** Timeline sample of the clip's first sample: round(at·sr). */
	start: number;
	/** Samples. */
	length: number;
	/** Source sample played at `start`: round(offset·sr). */
	sourceStart: number;
	/** Seconds on the timeline (what `at` resolved to). */
	at: number;
	/** The written length ran past the end of the media and was cut there. */
	cut: boolean;
}

/** Why a clip cannot be placed: the field at fault and one line saying why. */
export interface PlacementProblem {
	field: 'at' | 'offset' | '';
	problem: string;
}

/** The clip's placement, or why it has none. Timecode errors in `at` throw (the validator reports them). */
export function placeClip(clip: Clip, session: Session, media: MediaFacts): Placement | PlacementProblem {
	const sr = session.sampleRate;
	let at: number;
	if (clip.at === undefined) {
		const ref = media.timeReference;
		if (ref === undefined) return { field: 'at', problem: `omitted, but ${clip.file} has no BWF time reference: give the clip a position` };
		// Samples since midnight: a larger one is damage, and would make a render write silence for days.
		if (ref / media.sampleRate >= DAY_SECONDS) {
			const h = ref / media.sampleRate / 3600;
			return { field: 'at', problem: `omitted, but ${clip.file}'s BWF time reference (${ref} samples, ${h.toFixed(3)} h) is past 24 h: give the clip a position` };
		}
		at = ref / media.sampleRate - parseTimecode(session.start, session.frameRate);
		if (at < 0) return { field: 'at', problem: `${clip.file}'s BWF time reference is before the session start ${session.start}` };
	} else at = timeToSeconds(clip.at, session);
	const sourceStart = Math.round(clip.offset * sr);
	const available = media.frames - sourceStart;
	if (available <= 0) return { field: 'offset', problem: `${clip.offset} s is past the end of ${clip.file} (${(media.frames / sr).toFixed(3)} s)` };
	const written = clip.length === undefined ? available : Math.round(clip.length * sr);
	const length = Math.min(written, available);
	const end = at + length / sr;
	if (end > DAY_SECONDS) {
		const placed = clip.at === undefined ? ` (placed by ${clip.file}'s BWF time reference)` : '';
		return { field: '', problem: `${clip.file} would end at ${end.toFixed(3)} s${placed}, past 24 h (${DAY_SECONDS} s)` };
	}
	return { start: Math.round(at * sr), length, sourceStart, at, cut: written > available };
}

export function isPlaced(p: Placement | PlacementProblem): p is Placement {
	return 'start' in p;
}
