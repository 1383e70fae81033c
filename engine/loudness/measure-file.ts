// Measures a WAV/RF64 file in bounded blocks (memory is flat whatever its length). The next
// block is read while the current one is measured, so disk and CPU overlap.
import { MediaError } from '../../sessions/errors.js';
import { decodeFrames, firstNonFiniteFrame } from '../media/decode.js';
import { nonFiniteMessage } from '../media/non-finite.js';
import type { MediaInfo, Speaker } from '../media/types.js';
import { mediaWarnings, noAudioProblem } from '../media/wav-header.js';
import { WavReader } from '../media/wav-reader.js';
import { LoudnessMeter, type LoudnessReport } from './loudness-meter.js';

/** Below this rate the K-weighting shelf (1.7 kHz) is too near Nyquist to be re-derived (kWeighting refuses it). */
const MIN_SAMPLE_RATE = 8000;

/** Frames per read: 64 k frames is 384 KiB of stereo 24-bit. */
const BLOCK = 65536;

export interface FileLoudness {
	info: MediaInfo;
	report: LoudnessReport;
	/** What is odd but measurable about the file (cut short, a partial last frame), one line each. */
	warnings: string[];
}

/** The file's speakers as the meter takes them: one per channel, unknown places as null. */
export function meterSpeakers(info: MediaInfo): (Speaker | null)[] {
	return Array.from({ length: info.channels }, (_, c) => info.speakers[c] ?? null);
}

/**
 * Opens, measures and closes `path`. Throws MediaError for unreadable files, files with no audio,
 * rates below 8 kHz and float data holding NaN or infinite samples (which would read as
 * silence); stops early and throws the signal's reason when `signal` aborts. Offline.
 */
export async function measureWavFile(path: string, signal?: AbortSignal): Promise<FileLoudness> {
	const reader = await WavReader.open(path);
	try {
		const { info } = reader;
		const noAudio = noAudioProblem(info);
		if (noAudio) throw new MediaError(path, `${noAudio}; nothing to measure`);
		if (info.sampleRate < MIN_SAMPLE_RATE) {
			throw new MediaError(path, `sample rate ${info.sampleRate} Hz is too low to measure: BS.1770 K-weighting is supported from ${MIN_SAMPLE_RATE} Hz up`);
		}
		const meter = new LoudnessMeter(info.channels, info.sampleRate, meterSpeakers(info));
		const planar = Array.from({ length: info.channels }, () => new Float32Array(BLOCK));
		const buffers = [new Uint8Array(BLOCK * info.blockAlign), new Uint8Array(BLOCK * info.blockAlign)];
		let at = 0;
		let which = 0;
		let bad = 0;
		let firstBad = -1;
		let pending = reader.read(at, BLOCK, buffers[which]!);
		try {
			for (;;) {
				const got = await pending;
				if (got === 0) break;
				signal?.throwIfAborted();
				const bytes = buffers[which]!;
				at += got;
				which ^= 1;
				pending = at < info.frames ? reader.read(at, BLOCK, buffers[which]!) : Promise.resolve(0);
				const n = decodeFrames(info, bytes, 0, got, planar, 0);
				if (n > 0 && firstBad < 0) firstBad = at - got + firstNonFiniteFrame(info, bytes, 0, got);
				bad += n;
				// Past a bad sample the reading is void: only the count goes on.
				if (bad === 0) meter.process(planar, got);
			}
		} finally {
			// Never close under a read still in flight (an abort or a decode error leaves one).
			await pending.catch(() => 0);
		}
		if (bad > 0) throw new MediaError(path, nonFiniteMessage(info, bad, firstBad, 'its loudness cannot be measured'));
		return { info, report: meter.report(), warnings: mediaWarnings(info) };
	} finally {
		await reader.close();
	}
}
