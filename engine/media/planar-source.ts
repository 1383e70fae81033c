// What a clip's read-ahead decodes through when its media is not plain WAV at the session rate:
// FLAC frames, and/or a sample-rate converter in front of the file. WAV at the session rate keeps
// its byte path in clip-stream.ts (one copy fewer).
import type { PlanClip } from '../plan.js';
import { decodeFrames, firstNonFiniteFrame } from './decode.js';
import { FlacReader } from './flac-reader.js';
import { NonFiniteSamplesError, type NonFinitePolicy } from './non-finite.js';
import { StreamResampler, type PlanarSource } from './resample.js';
import type { MediaInfo } from './types.js';
import { WavReader } from './wav-reader.js';

/** Frames of a WAV file decoded to planar floats; NaN/Inf samples as the policy says. */
export class WavPlanarSource implements PlanarSource {
	readonly channels: number;
	readonly frames: number;
	nonFiniteSamples = 0;
	private readonly bytes: Buffer;
	private readonly chunk: number;

	constructor(
		private readonly reader: WavReader,
		private readonly release: () => Promise<void>,
		private readonly blocking: boolean,
		private readonly policy: NonFinitePolicy,
		chunkFrames: number,
	) {
		const info = reader.info;
		this.channels = info.channels;
		this.frames = info.frames;
		this.chunk = chunkFrames;
		this.bytes = Buffer.allocUnsafe(chunkFrames * info.blockAlign);
	}

	async read(at: number, n: number, dest: Float32Array[], off: number): Promise<number> {
		const info: MediaInfo = this.reader.info;
		let done = 0;
		while (done < n) {
			const want = Math.min(this.chunk, n - done);
			const got = this.blocking ? this.reader.readSync(at + done, want, this.bytes) : await this.reader.read(at + done, want, this.bytes);
			if (got === 0) break;
			const bad = decodeFrames(info, this.bytes, 0, got, dest, off + done);
			if (bad > 0) {
				if (this.policy === 'fail') throw new NonFiniteSamplesError(info.path, at + done + firstNonFiniteFrame(info, this.bytes, 0, got), info.sampleRate);
				this.nonFiniteSamples += bad;
			}
			done += got;
			if (got < want) break;
		}
		return done;
	}

	close(): Promise<void> {
		return this.release();
	}
}

/** Whether a clip goes through a planar source rather than the WAV byte path. */
export function needsPlanar(clip: PlanClip): boolean {
	return clip.media.container === 'flac' || clip.resampleTo !== undefined;
}

/**
 * Opens the planar source for `clip`: the file (WAV through the shared `acquire`d reader, FLAC
 * through a reader of its own, as a decoder holds a position), converted to the session rate when
 * the plan says so. Not the audio thread.
 */
export async function openPlanar(
	clip: PlanClip,
	acquire: () => Promise<WavReader>,
	release: () => Promise<void>,
	options: { blocking: boolean; nonFinite: NonFinitePolicy; chunkFrames: number },
): Promise<PlanarSource> {
	let source: PlanarSource;
	if (clip.media.container === 'flac') source = await FlacReader.open(clip.file, { blocking: options.blocking });
	else source = new WavPlanarSource(await acquire(), release, options.blocking, options.nonFinite, options.chunkFrames);
	if (clip.resampleTo === undefined) return source;
	// In real time the worker also runs the audio: the stream converts in short slices that yield
	// between them (clip-stream.ts), so no refill holds the thread for more than a fraction of a buffer.
	return new StreamResampler(source, clip.media.sampleRate, clip.resampleTo, Math.min(options.chunkFrames, options.blocking ? 8192 : 2048));
}
