// Measures a WAV/RF64 file in bounded blocks (memory is flat whatever its length). The next
// block is read while the current one is measured, so disk and CPU overlap.
import { decodeFrames } from '../media/decode.js';
import type { MediaInfo, Speaker } from '../media/types.js';
import { WavReader } from '../media/wav-reader.js';
import { LoudnessMeter, type LoudnessReport } from './loudness-meter.js';

/** Frames per read: 64 k frames is 384 KiB of stereo 24-bit. */
const BLOCK = 65536;

export interface FileLoudness {
	info: MediaInfo;
	report: LoudnessReport;
}

/** The file's speakers as the meter takes them: one per channel, unknown places as null. */
export function meterSpeakers(info: MediaInfo): (Speaker | null)[] {
	return Array.from({ length: info.channels }, (_, c) => info.speakers[c] ?? null);
}

/**
 * Opens, measures and closes `path`. Throws MediaError for unreadable files; stops early and
 * throws the signal's reason when `signal` aborts. Offline (main thread or a worker).
 */
export async function measureWavFile(path: string, signal?: AbortSignal): Promise<FileLoudness> {
	const reader = await WavReader.open(path);
	try {
		const { info } = reader;
		const meter = new LoudnessMeter(info.channels, info.sampleRate, meterSpeakers(info));
		const planar = Array.from({ length: info.channels }, () => new Float32Array(BLOCK));
		const buffers = [new Uint8Array(BLOCK * info.blockAlign), new Uint8Array(BLOCK * info.blockAlign)];
		let at = 0;
		let which = 0;
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
				decodeFrames(info, bytes, 0, got, planar, 0);
				meter.process(planar, got);
			}
		} finally {
			// Never close under a read still in flight (an abort or a decode error leaves one).
			await pending.catch(() => 0);
		}
		return { info, report: meter.report() };
	} finally {
		await reader.close();
	}
}
