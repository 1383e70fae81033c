// Keeps every clip that is about to sound resident, for one plan. Offline render awaits what
// the next block needs; real-time playback only kicks reads off and never waits.
import type { MixPlan } from '../plan.js';
import type { ClipSource } from '../mix/clip-source.js';
import { ClipStream, MediaPool, type StreamOptions } from './clip-stream.js';
import { NonFiniteSamplesError, planNonFiniteProblems } from './non-finite.js';

export interface StreamSetOptions extends StreamOptions {
	/** Frames kept resident ahead of the playhead. Must be below capacity. */
	lookahead: number;
}

/** Offline: big reads, ~1.4 s resident per clip (mono: 512 KB); NaN/Inf media stops a print unless asked otherwise. */
export const OFFLINE_STREAMS: StreamSetOptions = { capacity: 1 << 17, chunkFrames: 1 << 15, lookahead: 1 << 16, blocking: true, nonFinite: 'fail' };
/** Real time: ~1.4 s ahead at 48 kHz, refilled in 170 ms reads; NaN/Inf samples play as silence. */
export const REALTIME_STREAMS: StreamSetOptions = { capacity: 1 << 17, chunkFrames: 1 << 13, lookahead: 1 << 16 };

/**
 * The renderer's handle on one clip. A clip that sounds both just before a loop's end and at
 * its start needs two windows at once: the second stream fills for the loop start and the two
 * swap when the playhead wraps.
 */
class ClipSlot implements ClipSource {
	alternate: ClipStream | null = null;
	alternateReady = false;

	constructor(public current: ClipStream) {}

	mixInto(srcFrame: number, frames: number, dest: Float64Array[], destOffset: number, map: Int8Array[], args: Float64Array, envelope: Float64Array | null): void {
		this.current.mixInto(srcFrame, frames, dest, destOffset, map, args, envelope);
	}

	mixMonoStereo(srcFrame: number, frames: number, constant: boolean, gains: Float64Array, left: Float64Array, right: Float64Array, meter: boolean, args: Float64Array): boolean {
		return this.current.mixMonoStereo(srcFrame, frames, constant, gains, left, right, meter, args);
	}
}

export class StreamSet {
	/** slots[track][clip], parallel to plan.tracks[t].clips. */
	private readonly slots: ClipSlot[][];
	/** The first read error (a file vanished or became unreadable mid-play). */
	error: Error | undefined;
	private readonly waits: Promise<void>[] = [];
	private readonly explained = new Map<string, Promise<Error>>();

	constructor(
		readonly plan: MixPlan,
		readonly options: StreamSetOptions,
		private readonly pool: MediaPool = new MediaPool(),
	) {
		this.slots = plan.tracks.map((t) => t.clips.map((c) => new ClipSlot(new ClipStream(c, pool, options))));
	}

	/** What the renderer reads clip k of track t through. */
	source(track: number, clip: number): ClipSource {
		return this.slots[track]![clip]!;
	}

	/**
	 * Not the audio thread. Starts reads so clips sounding in [pos, pos + lookahead) are resident,
	 * and returns promises for the clips whose frames in [pos, pos + need) are not resident yet.
	 * Clips outside every window give their memory back. `loopStart` is a second window kept
	 * warm while the playhead nears the end of a loop; `wrap()` switches to it. The returned
	 * array is reused by the next call: await it before scheduling again.
	 */
	schedule(pos: number, need: number, lookahead = this.options.lookahead, loopStart?: number): Promise<void>[] {
		// Runs every device buffer: reuse one array, and index loops (no iterator garbage).
		const waits = this.waits;
		waits.length = 0;
		const horizon = pos + lookahead;
		const tracks = this.plan.tracks;
		for (let t = 0; t < tracks.length; t++) {
			const clips = tracks[t]!.clips;
			for (let k = 0; k < clips.length; k++) {
				const clip = clips[k]!;
				const slot = this.slots[t]![k]!;
				const clipEnd = clip.start + clip.length;
				const inMain = clipEnd > pos && clip.start < horizon;
				const inLoop = loopStart !== undefined && clipEnd > loopStart && clip.start < loopStart + lookahead;
				if (inMain) {
					const a = Math.max(pos, clip.start);
					const wait = this.keep(slot.current, clip.sourceStart + (a - clip.start), Math.min(horizon, clipEnd) - a, Math.max(0, Math.min(pos + need, clipEnd) - a));
					if (wait) waits.push(wait);
				} else if (!inLoop && slot.current.active && !slot.current.busy) {
					void slot.current.release();
				}
				if (inLoop) {
					const a = Math.max(loopStart, clip.start);
					if (!inMain) {
						// Not sounding now: its own stream can wait at the loop start.
						void this.keep(slot.current, clip.sourceStart + (a - clip.start), Math.min(loopStart + lookahead, clipEnd) - a, 0);
					} else {
						slot.alternate ??= new ClipStream(clip, this.pool, this.options);
						slot.alternateReady = true;
						void this.keep(slot.alternate, clip.sourceStart + (a - clip.start), Math.min(loopStart + lookahead, clipEnd) - a, 0);
					}
				} else if (slot.alternate && !slot.alternate.busy) {
					slot.alternateReady = false;
					if (slot.alternate.active) void slot.alternate.release();
				}
			}
		}
		return waits;
	}

	/** Audio thread, at the moment the playhead jumps to the loop start. */
	wrap(): void {
		for (const track of this.slots) {
			for (const slot of track) {
				if (!slot.alternateReady || !slot.alternate) continue;
				const previous = slot.current;
				slot.current = slot.alternate;
				slot.alternate = previous;
				slot.alternateReady = false;
			}
		}
	}

	/** Starts a fill when less than half the window is resident; returns it when `need` frames are missing. */
	private keep(stream: ClipStream, from: number, aheadFrames: number, needFrames: number): Promise<void> | undefined {
		const ready = stream.readyFrom(from);
		if (ready >= needFrames && (ready >= aheadFrames / 2 || stream.busy)) return undefined;
		const fill = stream.fill(from, from + aheadFrames).catch(async (error: Error) => {
			error = await this.explain(error);
			this.error ??= error;
			throw error;
		});
		if (ready < needFrames) return fill;
		fill.catch(() => undefined);
		return undefined;
	}

	/** A refused NaN becomes the full account (how many, over every clip of that file), worked out once per file. */
	private explain(error: Error): Promise<Error> {
		if (!(error instanceof NonFiniteSamplesError)) return Promise.resolve(error);
		let full = this.explained.get(error.file);
		if (!full) {
			full = planNonFiniteProblems(this.plan, { only: error.file }).then(
				([problem]) => problem ?? error,
				() => error,
			);
			this.explained.set(error.file, full);
		}
		return full;
	}

	private all(): ClipStream[] {
		return this.slots.flat().flatMap((s) => (s.alternate ? [s.current, s.alternate] : [s.current]));
	}

	/** NaN/Inf samples played as silence, over every clip. */
	nonFiniteSamples(): number {
		return this.all().reduce((n, s) => n + s.nonFiniteSamples, 0);
	}

	/** Frames the renderer found missing, over every clip. Every device buffer: index loops, no garbage. */
	underrunFrames(): number {
		let n = 0;
		for (let t = 0; t < this.slots.length; t++) {
			const track = this.slots[t]!;
			for (let k = 0; k < track.length; k++) {
				const slot = track[k]!;
				n += slot.current.underrunFrames + (slot.alternate?.underrunFrames ?? 0);
			}
		}
		return n;
	}

	async close(): Promise<void> {
		await Promise.all(this.all().map((s) => s.release()));
		await this.pool.close();
	}
}
