// NaN and infinite samples in float media. Real recordings never hold them, but a damaged file
// or a bad bounce can, and one such sample turns a whole mix into NaN and its loudness into
// "silent". Decoding zeroes and counts them (decode.ts); this file finds and describes them for
// `check`, a render that refuses them, and `loudness`.
import { MediaError } from '../../sessions/errors.js';
import type { MixPlan } from '../plan.js';
import { decodeFrames, firstNonFiniteFrame } from './decode.js';
import type { MediaInfo } from './types.js';
import { WavReader } from './wav-reader.js';
import { inputSpan } from './resample.js';

/** What a stream does with a NaN or infinite sample: play it as silence (and count it), or fail. */
export type NonFinitePolicy = 'zero' | 'fail';

/** What a render that refuses NaN/Inf samples tells the user to do instead. */
export const ZERO_NAN_HINT = 'render refuses them; render --zero-nan prints them as silence';

/** Thrown by a stream told to fail on NaN/Inf samples; the render replaces it with the full count (planNonFiniteProblems). */
export class NonFiniteSamplesError extends MediaError {
	override name = 'NonFiniteSamplesError';
	constructor(
		file: string,
		/** Source frame of the first bad sample this stream met. */
		readonly firstFrame: number,
		sampleRate: number,
	) {
		super(file, `NaN or infinite samples, the first ${at(firstFrame, sampleRate)} into the file; ${ZERO_NAN_HINT}`);
	}
}

const at = (frame: number, sampleRate: number) => `${(frame / sampleRate).toFixed(3)} s (sample frame ${frame})`;

/** The line for `count` bad samples, the first at `firstFrame`, followed by what it means. */
export function nonFiniteMessage(info: MediaInfo, count: number, firstFrame: number, consequence: string): string {
	const what = `${info.bitsPerSample}-bit float`;
	return `${count} NaN or infinite sample${count === 1 ? '' : 's'} in its ${what} data, the first ${at(firstFrame, info.sampleRate)} into the file; ${consequence}`;
}

export interface NonFiniteScan {
	/** Bad samples (not frames) in the scanned ranges. */
	count: number;
	/** Source frame of the first, or −1. */
	firstFrame: number;
}

/** Frames per read while scanning. */
const BLOCK = 65536;

/**
 * Counts NaN/Inf samples in the source frames [start, end) of `ranges` (sorted, disjoint) of
 * `reader`'s file. Reads in bounded blocks; throws the signal's reason when it aborts.
 */
export async function scanNonFinite(reader: WavReader, ranges: readonly (readonly [number, number])[], signal?: AbortSignal): Promise<NonFiniteScan> {
	const { info } = reader;
	const scan: NonFiniteScan = { count: 0, firstFrame: -1 };
	if (info.encoding !== 'float') return scan;
	const bytes = new Uint8Array(BLOCK * info.blockAlign);
	const planar = Array.from({ length: info.channels }, () => new Float32Array(BLOCK));
	for (const [start, end] of ranges) {
		for (let pos = start; pos < end; ) {
			signal?.throwIfAborted();
			const got = await reader.read(pos, Math.min(BLOCK, end - pos), bytes);
			if (got === 0) break;
			const bad = decodeFrames(info, bytes, 0, got, planar, 0);
			if (bad > 0 && scan.firstFrame < 0) scan.firstFrame = pos + firstNonFiniteFrame(info, bytes, 0, got);
			scan.count += bad;
			pos += got;
		}
	}
	return scan;
}

/** For each float file a plan plays: its header and the source frames played, sorted and merged. */
export function playedFloatRanges(plan: MixPlan): Map<string, { info: MediaInfo; ranges: [number, number][] }> {
	const files = new Map<string, { info: MediaInfo; ranges: [number, number][] }>();
	for (const track of plan.tracks) {
		for (const clip of track.clips) {
			if (clip.media.encoding !== 'float') continue;
			let entry = files.get(clip.file);
			if (!entry) files.set(clip.file, (entry = { info: clip.media, ranges: [] }));
			if (clip.resampleTo === undefined) entry.ranges.push([clip.sourceStart, clip.sourceStart + clip.length]);
			else {
				// Converted media: the file's frames the converter reads for the played ones.
				const [first, end] = inputSpan(clip.sourceStart, clip.length, clip.media.sampleRate, clip.resampleTo);
				entry.ranges.push([Math.max(0, first), Math.min(clip.media.frames, end)]);
			}
		}
	}
	for (const entry of files.values()) {
		entry.ranges.sort((a, b) => a[0] - b[0]);
		const merged: [number, number][] = [];
		for (const r of entry.ranges) {
			const last = merged[merged.length - 1];
			if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
			else merged.push([r[0], r[1]]);
		}
		entry.ranges = merged;
	}
	return files;
}

/**
 * One MediaError per float file whose played frames hold NaN/Inf samples: `check` lists them,
 * and a render that met one throws it (`only` limits the scan to that file).
 */
export async function planNonFiniteProblems(plan: MixPlan, options: { only?: string; signal?: AbortSignal } = {}): Promise<MediaError[]> {
	const problems: MediaError[] = [];
	for (const [file, { info, ranges }] of playedFloatRanges(plan)) {
		if (options.only !== undefined && file !== options.only) continue;
		const reader = await WavReader.open(file);
		try {
			const scan = await scanNonFinite(reader, ranges, options.signal);
			if (scan.count > 0) problems.push(new MediaError(file, nonFiniteMessage(info, scan.count, scan.firstFrame, ZERO_NAN_HINT)));
		} finally {
			await reader.close();
		}
	}
	return problems;
}
