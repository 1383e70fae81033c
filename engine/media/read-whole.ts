// Reads a short media file whole (an impulse response), off the audio path, with a bound on its
// length so a wrong file cannot fill memory.
import { MediaError } from '../../sessions/errors.js';
import { WavReader } from './wav-reader.js';
import { decodeFrames } from './decode.js';
import type { MediaInfo } from './types.js';

export interface WholeMedia {
	info: MediaInfo;
	/** Planar samples, one array per channel. */
	channels: Float32Array[];
}

/** The whole file, or a MediaError when it is longer than `maxSeconds` or has NaN/∞ samples. */
export async function readWholeMedia(path: string, maxSeconds: number): Promise<WholeMedia> {
	const reader = await WavReader.open(path);
	try {
		const info = reader.info;
		if (info.frames > maxSeconds * info.sampleRate) {
			throw new MediaError(path, `is ${(info.frames / info.sampleRate).toFixed(1)} s long; an impulse response may be at most ${maxSeconds} s`);
		}
		const channels = Array.from({ length: info.channels }, () => new Float32Array(info.frames));
		const chunk = 1 << 15;
		const bytes = new Uint8Array(chunk * info.blockAlign);
		let bad = 0;
		for (let pos = 0; pos < info.frames; pos += chunk) {
			const got = reader.readSync(pos, Math.min(chunk, info.frames - pos), bytes);
			if (got === 0) break;
			bad += decodeFrames(info, bytes, 0, got, channels, pos);
		}
		if (bad > 0) throw new MediaError(path, `has ${bad} NaN or infinite samples`);
		return { info, channels };
	} finally {
		await reader.close();
	}
}
