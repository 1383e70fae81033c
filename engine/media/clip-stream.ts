// Read-ahead for clips: each playing clip owns a ring of decoded samples that an async filler
// keeps ahead of the playhead. The renderer only copies out of rings (never waits for disk);
// a frame the filler has not reached plays as silence and is counted as an underrun.
// Memory is bounded by ring capacity × active clips, whatever the length of the media.
import type { PlanClip } from '../plan.js';
import { decodeFrames, firstNonFiniteFrame } from './decode.js';
import { NonFiniteSamplesError, type NonFinitePolicy } from './non-finite.js';
import { WavReader } from './wav-reader.js';
import { needsPlanar, openPlanar } from './planar-source.js';
import type { PlanarSource } from './resample.js';
import { ARG_GAIN, ARG_LEFT, ARG_PEAK, ARG_RIGHT, ARG_SCALAR } from '../mix/kernels.js';

/** Shares one open reader per file among the clips that use it. */
export class MediaPool {
	private readers = new Map<string, { reader: Promise<WavReader>; users: number }>();

	acquire(file: string): Promise<WavReader> {
		let entry = this.readers.get(file);
		if (!entry) {
			entry = { reader: WavReader.open(file), users: 0 };
			this.readers.set(file, entry);
		}
		entry.users++;
		return entry.reader;
	}

	async release(file: string): Promise<void> {
		const entry = this.readers.get(file);
		if (!entry || --entry.users > 0) return;
		this.readers.delete(file);
		await (await entry.reader).close();
	}

	async close(): Promise<void> {
		const all = [...this.readers.values()];
		this.readers.clear();
		await Promise.all(all.map(async (e) => (await e.reader).close()));
	}
}

/** Frames a converted clip's real-time fill converts between yields to the event loop. */
export const CONVERT_SLICE = 512;

/** Lets timers and I/O run (the audio loop among them) before going on. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface StreamOptions {
	/** Ring size in frames (a power of two is not required). */
	capacity: number;
	/** Frames per disk read. */
	chunkFrames: number;
	/** Offline only: read with blocking calls (no thread-pool round trips, no idle waits). */
	blocking?: boolean;
	/** NaN/Inf samples in float media: 'zero' (the default) plays them as silence and counts them; 'fail' stops the fill with NonFiniteSamplesError. */
	nonFinite?: NonFinitePolicy;
	/** Counts shared by every stream given these options (a render pass reads each frame once). */
	tally?: MediaTally;
}

export interface MediaTally {
	/** NaN/Inf samples played as silence. */
	nonFiniteSamples: number;
}

export class ClipStream {
	readonly channels: number;
	/** Audio thread reads; the filler writes [bufStart, bufEnd) in source frames. */
	private ring: Float32Array[] | null = null;
	private bufStart = 0;
	private bufEnd = 0;
	private generation = 0;
	private chain: Promise<void> = Promise.resolve();
	private pending = 0;
	private reader: WavReader | null = null;
	private bytes: Buffer | null = null;
	/** FLAC or media at another rate: decoded (and converted) frames, written straight into the ring. */
	private planar: PlanarSource | null = null;
	/** Frames the renderer wanted that were not decoded yet. */
	underrunFrames = 0;
	/** Times a render found missing frames. */
	underruns = 0;
	/** NaN/Inf samples decoded as silence (counted again if the same frames are read again). */
	nonFiniteSamples = 0;
	private readonly sourceEnd: number;

	constructor(
		readonly clip: PlanClip,
		private readonly pool: MediaPool,
		private readonly options: StreamOptions,
	) {
		this.channels = clip.media.channels;
		this.sourceEnd = clip.sourceStart + clip.length;
	}

	get active(): boolean {
		return this.ring !== null;
	}

	/** Source frames ready to play from `from`. */
	readyFrom(from: number): number {
		return from >= this.bufStart && from <= this.bufEnd ? this.bufEnd - from : 0;
	}

	/**
	 * Not the audio thread. Makes source frames [from, to) resident, reading ahead as far as the
	 * ring allows; frames before `from` are dropped. Resolves when the frames are there.
	 * Fills and releases run one after another; a jump outside the window cancels a fill in flight.
	 */
	fill(from: number, to: number): Promise<void> {
		from = Math.max(from, this.clip.sourceStart);
		if (from < this.bufStart || from > this.bufEnd) this.generation++;
		return this.enqueue(() => this.fillNow(from, to));
	}

	/** Fills or releases queued or running. */
	get busy(): boolean {
		return this.pending > 0;
	}

	private enqueue(op: () => Promise<void>): Promise<void> {
		this.pending++;
		const next = this.chain.then(op).finally(() => {
			this.pending--;
		});
		this.chain = next.catch(() => undefined);
		return next;
	}

	private async fillNow(from: number, to: number): Promise<void> {
		const { capacity, chunkFrames } = this.options;
		if (!this.ring) {
			const file = this.clip.file;
			if (needsPlanar(this.clip)) {
				const { blocking = false, nonFinite = 'zero' } = this.options;
				this.planar = await openPlanar(this.clip, () => this.pool.acquire(file), () => this.pool.release(file), { blocking, nonFinite, chunkFrames });
			} else {
				this.reader = await this.pool.acquire(file);
				this.bytes = Buffer.allocUnsafe(chunkFrames * this.clip.media.blockAlign);
			}
			this.ring = Array.from({ length: this.channels }, () => new Float32Array(capacity));
		}
		if (from < this.bufStart || from > this.bufEnd) {
			this.bufStart = this.bufEnd = from;
		} else {
			this.bufStart = from;
		}
		const target = Math.min(to, this.bufStart + capacity, this.sourceEnd);
		const generation = this.generation;
		const ring = this.ring;
		if (this.planar) return this.fillPlanar(this.planar, target, generation);
		const reader = this.reader!;
		const bytes = this.bytes!;
		while (this.bufEnd < target) {
			const want = Math.min(chunkFrames, target - this.bufEnd);
			const at = this.bufEnd;
			const got = this.options.blocking ? reader.readSync(at, want, bytes) : await reader.read(at, want, bytes);
			// A jump requested while the read was in flight makes the rest of this fill moot.
			if (generation !== this.generation) return;
			const index = at % capacity;
			const first = Math.min(got, capacity - index);
			let bad = decodeFrames(this.clip.media, bytes, 0, first, ring, index);
			if (got > first) bad += decodeFrames(this.clip.media, bytes, first * this.clip.media.blockAlign, got - first, ring, 0);
			if (bad > 0) this.nonFinite(bad, at, got, bytes);
			this.bufEnd = at + got;
			if (got < want) break;
		}
	}

	/**
	 * fillNow for a planar source: it writes frames past bufEnd, ring slots the renderer is not reading.
	 * Converting is the one costly fill, and in real time it shares the worker's thread with the
	 * audio loop: it goes CONVERT_SLICE frames at a time, yielding to the event loop after each, so
	 * that many clips refilling at once hold the thread ~0.1 ms each, not a read's worth (a few ms).
	 */
	private async fillPlanar(planar: PlanarSource, target: number, generation: number): Promise<void> {
		const { capacity, chunkFrames } = this.options;
		const ring = this.ring!;
		const sliced = !this.options.blocking && this.clip.resampleTo !== undefined;
		const most = sliced ? Math.min(CONVERT_SLICE, chunkFrames) : chunkFrames;
		while (this.bufEnd < target) {
			const want = Math.min(most, target - this.bufEnd);
			const at = this.bufEnd;
			const index = at % capacity;
			const first = Math.min(want, capacity - index);
			const before = planar.nonFiniteSamples;
			let got = await planar.read(at, first, ring, index);
			if (got === first && want > first) got += await planar.read(at + first, want - first, ring, 0);
			if (generation !== this.generation) return;
			const bad = planar.nonFiniteSamples - before;
			if (bad > 0) {
				this.nonFiniteSamples += bad;
				if (this.options.tally) this.options.tally.nonFiniteSamples += bad;
			}
			this.bufEnd = at + got;
			if (got < want) break;
			if (sliced && this.bufEnd < target) {
				await yieldToLoop();
				if (generation !== this.generation) return;
			}
		}
	}

	/** Not the audio thread: a fill decoded `bad` NaN/Inf samples (as silence) in frames [at, at + got) held in `bytes`. */
	private nonFinite(bad: number, at: number, got: number, bytes: Uint8Array): void {
		const media = this.clip.media;
		if (this.options.nonFinite === 'fail') throw new NonFiniteSamplesError(this.clip.file, at + firstNonFiniteFrame(media, bytes, 0, got), media.sampleRate);
		this.nonFiniteSamples += bad;
		if (this.options.tally) this.options.tally.nonFiniteSamples += bad;
	}

	/**
	 * Audio thread. Adds source frames [srcFrame, srcFrame+frames) × args[ARG_GAIN] (× envelope[j])
	 * into dest[map[ch][…]][destOffset + j]. Frames not resident add nothing and count as an underrun.
	 */
	mixInto(srcFrame: number, frames: number, dest: Float64Array[], destOffset: number, map: Int8Array[], args: Float64Array, envelope: Float64Array | null): void {
		const gain = args[ARG_GAIN]!;
		const ring = this.ring;
		let a = srcFrame;
		let b = srcFrame + frames;
		if (ring) {
			a = Math.max(a, this.bufStart);
			b = Math.min(b, this.bufEnd);
		}
		if (!ring || a >= b) {
			this.underrunFrames += frames;
			this.underruns++;
			return;
		}
		if (b - a < frames) {
			this.underrunFrames += frames - (b - a);
			this.underruns++;
		}
		const capacity = this.options.capacity;
		let j = destOffset + (a - srcFrame);
		let e = a - srcFrame;
		// Split at the ring's wrap point so the inner loops index linearly.
		let pos = a;
		while (pos < b) {
			const index = pos % capacity;
			const n = Math.min(b - pos, capacity - index);
			for (let ch = 0; ch < this.channels; ch++) {
				const src = ring[ch]!;
				const targets = map[ch]!;
				for (let t = 0; t < targets.length; t++) {
					const d = dest[targets[t]!]!;
					if (envelope === null) {
						for (let i = 0; i < n; i++) d[j + i] += src[index + i]! * gain;
					} else {
						for (let i = 0; i < n; i++) d[j + i] += src[index + i]! * (gain * envelope[e + i]!);
					}
				}
			}
			pos += n;
			j += n;
			e += n;
		}
	}

	/** Audio thread. See ClipSource.mixMonoStereo: the one-pass path for a lone mono clip. */
	mixMonoStereo(srcFrame: number, frames: number, constant: boolean, gains: Float64Array, left: Float64Array, right: Float64Array, meter: boolean, args: Float64Array): boolean {
		const ring = this.ring;
		if (!ring || srcFrame < this.bufStart || srcFrame + frames > this.bufEnd || this.channels !== 1) return false;
		const src = ring[0]!;
		const capacity = this.options.capacity;
		const clipGain = args[ARG_GAIN]!;
		const scalar = args[ARG_SCALAR]!;
		const gl = args[ARG_LEFT]!;
		const gr = args[ARG_RIGHT]!;
		let peak = args[ARG_PEAK]!;
		let n = 0;
		while (n < frames) {
			const index = (srcFrame + n) % capacity;
			const run = Math.min(frames - n, capacity - index);
			const base = index - n;
			const end = n + run;
			// Four variants so the loop a render runs has no test it does not need.
			if (constant) {
				if (meter) {
					for (let i = n; i < end; i++) {
						const v = src[base + i]! * clipGain * scalar;
						const a = v < 0 ? -v : v;
						if (a > peak) peak = a;
						left[i]! += v * gl;
						right[i]! += v * gr;
					}
				} else {
					for (let i = n; i < end; i++) {
						const v = src[base + i]! * clipGain * scalar;
						left[i]! += v * gl;
						right[i]! += v * gr;
					}
				}
			} else if (meter) {
				for (let i = n; i < end; i++) {
					const v = src[base + i]! * clipGain * gains[i]!;
					const a = v < 0 ? -v : v;
					if (a > peak) peak = a;
					left[i]! += v * gl;
					right[i]! += v * gr;
				}
			} else {
				for (let i = n; i < end; i++) {
					const v = src[base + i]! * clipGain * gains[i]!;
					left[i]! += v * gl;
					right[i]! += v * gr;
				}
			}
			n = end;
		}
		args[ARG_PEAK] = peak;
		return true;
	}

	/** Not the audio thread. Drops the ring and closes the file when no clip needs it. */
	release(): Promise<void> {
		this.generation++;
		return this.enqueue(async () => {
			if (!this.ring) return;
			this.ring = null;
			this.bytes = null;
			this.bufStart = this.bufEnd = 0;
			const planar = this.planar;
			this.planar = null;
			if (planar) return planar.close();
			this.reader = null;
			await this.pool.release(this.clip.file);
		});
	}
}
