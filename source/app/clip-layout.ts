// Where clips sit on the timeline. A clip without `at` sits on its file's BWF time reference and
// a clip without `length` runs to the end of its file: both need the media header, which the UI
// reads itself (headers only, once per file) so the timeline and the nudge keys know them.
import path from 'node:path';
import { readMediaInfo } from '../../engine/media/probe.js';
import { resampledFrames, resampleProblem } from '../../engine/media/resample.js';
import type { MediaInfo } from '../../engine/media/types.js';
import type { Session } from '../../sessions/types.js';
import { timeToSeconds } from '../../sessions/time.js';
import { isPlaced, placeClip, type Placement, type PlacementProblem } from '../../sessions/placement.js';

/** What the timeline needs from a media header. */
export type MediaFacts = Pick<MediaInfo, 'frames' | 'sampleRate' | 'timeReference'>;

/** Media headers by absolute path, read on demand; subscribers hear when one arrives. */
/** Media at another rate as the engine plays it: converted, so its facts are counted at the session rate. */
function atSessionRate(facts: MediaFacts, rate: number): MediaFacts {
	const { frames, sampleRate, timeReference } = facts;
	if (sampleRate === rate || resampleProblem(sampleRate, rate) !== undefined) return { frames, sampleRate, timeReference };
	return { frames: resampledFrames(frames, sampleRate, rate), sampleRate: rate, ...(timeReference !== undefined ? { timeReference: (timeReference * rate) / sampleRate } : {}) };
}

export class MediaCache {
	private readonly facts = new Map<string, MediaFacts | Error>();
	private readonly pending = new Set<string>();
	private readonly listeners = new Set<() => void>();
	/** Bumped whenever a header arrives (a dependency for memoised layouts). */
	version = 0;

	constructor(private readonly probe: (file: string) => Promise<MediaFacts> = readMediaInfo) {}

	get(file: string): MediaFacts | undefined {
		const f = this.facts.get(file);
		return f instanceof Error ? undefined : f;
	}

	/** Stores known facts directly (tests, or a caller that already read the header). */
	set(file: string, facts: MediaFacts): void {
		this.facts.set(file, facts);
		this.version++;
		for (const l of this.listeners) l();
	}

	/** Starts reading every header of the session not yet known. */
	request(session: Session, sessionFile: string): void {
		const dir = path.dirname(sessionFile);
		for (const track of session.tracks) {
			for (const clip of track.clips) {
				const file = path.resolve(dir, clip.file);
				if (this.facts.has(file) || this.pending.has(file)) continue;
				this.pending.add(file);
				this.probe(file).then(
					(facts) => this.arrive(file, atSessionRate(facts, session.sampleRate)),
					(error: unknown) => this.arrive(file, error instanceof Error ? error : new Error(String(error))),
				);
			}
		}
	}

	private arrive(file: string, facts: MediaFacts | Error): void {
		this.pending.delete(file);
		this.facts.set(file, facts);
		this.version++;
		for (const l of this.listeners) l();
	}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};
}

/** A clip as the timeline draws it. */
export interface ClipBlock {
	/** Index in the track's `clips` (the session's order). */
	clip: number;
	name: string;
	/** Session seconds. */
	start: number;
	end: number;
	fadeIn: number;
	fadeOut: number;
	fadeShape: 'linear' | 'equal-power';
	/** Placed by its BWF time reference (no `at`). */
	bwf: boolean;
}

/**
 * The clips of one track in time order. Clips whose place or length is still unknown (header
 * not read yet, or unreadable) are left out.
 */
export function trackBlocks(session: Session, sessionFile: string, trackIndex: number, media: MediaCache): ClipBlock[] {
	const track = session.tracks[trackIndex];
	if (!track) return [];
	const dir = path.dirname(sessionFile);
	const blocks: ClipBlock[] = [];
	track.clips.forEach((clip, i) => {
		const facts = media.get(path.resolve(dir, clip.file));
		let start: number;
		let length: number | undefined;
		if (facts && facts.sampleRate === session.sampleRate) {
			// The engine's rule, so the timeline shows what plays.
			let placed: Placement | PlacementProblem;
			try {
				placed = placeClip(clip, session, facts);
			} catch {
				return;
			}
			if (!isPlaced(placed)) return;
			start = placed.start / session.sampleRate;
			length = placed.length / session.sampleRate;
		} else {
			// Header not read yet (or unplayable): a written position still shows.
			if (clip.at === undefined || clip.length === undefined) return;
			try {
				start = timeToSeconds(clip.at, session);
			} catch {
				return;
			}
			length = clip.length;
		}
		if (!(length > 0)) return;
		blocks.push({
			clip: i,
			name: clip.name ?? path.basename(clip.file).replace(/\.[^.]+$/, ''),
			start,
			end: start + length,
			fadeIn: clip.fadeIn,
			fadeOut: clip.fadeOut,
			fadeShape: clip.fadeShape,
			bwf: clip.at === undefined,
		});
	});
	return blocks.sort((a, b) => a.start - b.start || a.clip - b.clip);
}

/** The resolved start of a clip (seconds), when known: what nudgeClip needs for a BWF clip. */
export function clipStart(session: Session, sessionFile: string, trackIndex: number, clipIndex: number, media: MediaCache): number | undefined {
	return trackBlocks(session, sessionFile, trackIndex, media).find((b) => b.clip === clipIndex)?.start;
}
