// Streaming, atomic WAV writer: samples go to a temporary file beside the target, which is
// renamed into place only by finish(). Past 4 GiB the reserved JUNK chunk becomes ds64 (RF64;
// the header bytes are built in wav-writer-header.ts).
// A symlink is written through to its target; a character device or FIFO (/dev/null, a named
// pipe) gets the bytes straight, with a header that announces the length given up front.
import { writeSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isatty } from 'node:tty';
import { MediaError } from '../../sessions/errors.js';
import { openStream, resolveOutput, type StreamTarget } from '../../sessions/atomic-write.js';
import { DEFAULT_DITHER_SEED, quantizeTpdf, TpdfDither } from './dither.js';
import { fsProblem, RF64_SIZE_MARKER } from './wav-header.js';
import { buildHeader, layoutFor, validate, type Layout, type WavWriterOptions } from './wav-writer-header.js';

export type { BitDepth, WavWriterOptions } from './wav-writer-header.js';

let tempCounter = 0;

/** Writes a WAV (or RF64) file atomically. One writer per output; calls must not overlap. */
export class WavWriter {
	#handle: FileHandle | null;
	#buffer: Buffer = Buffer.alloc(0);
	#f32: Float32Array = new Float32Array(0);
	readonly #dithers: TpdfDither[];
	#inflight: Promise<void> | null = null;
	#state: 'open' | 'finishing' | 'finished' | 'aborted' = 'open';
	#finishing: Promise<void> | null = null;
	#framesWritten = 0;
	#clipped = 0;
	readonly #blockAlign: number;
	/** Where finish() renames to: the real path (a symlink is written through). */
	#target = '';
	/** A device or FIFO: no temporary file, sequential writes, the header written once. */
	#stream = false;

	private constructor(
		/** The requested output path. */
		readonly path: string,
		/** The temporary file written until finish(); empty for a device or FIFO (written straight). */
		readonly tempPath: string,
		handle: FileHandle,
		private readonly layout: Layout,
		private readonly options: WavWriterOptions,
	) {
		this.#handle = handle;
		this.#dithers = Array.from({ length: layout.channels }, (_, c) => new TpdfDither(options.ditherSeed ?? DEFAULT_DITHER_SEED, c));
		this.#blockAlign = (layout.channels * layout.bits) / 8;
	}

	/** Frames written so far. */
	get framesWritten(): number {
		return this.#framesWritten;
	}

	/** 16/24-bit samples clamped to full scale so far; always 0 for 32f. */
	get clippedSamples(): number {
		return this.#clipped;
	}

	/**
	 * Creates the temporary file beside `path` (beside a symlink's target) and writes a
	 * provisional header; for a device or FIFO, opens it and writes the final header. Throws
	 * MediaError naming `path` when it cannot be written or is not a file, device or FIFO.
	 */
	static async create(path: string, options: WavWriterOptions): Promise<WavWriter> {
		validate(path, options);
		const target = await resolveOutput(path);
		if (target.kind === 'refused') throw new MediaError(path, target.problem);
		const layout = layoutFor(options);
		if (target.kind === 'stream') return WavWriter.#createStream(path, target, layout, options);
		const dir = dirname(target.path);
		const tempPath = join(dir, `.${basename(target.path)}.${process.pid}-${tempCounter++}.tmp`);
		let handle: FileHandle;
		try {
			handle = await open(tempPath, 'wx');
		} catch (err) {
			const code = (err as NodeJS.ErrnoException).code;
			const problem = code === 'ENOENT' ? `directory ${dir} does not exist` : `cannot create a file in ${dir}: ${fsProblem(err)}`;
			throw new MediaError(path, problem);
		}
		const writer = new WavWriter(path, tempPath, handle, layout, options);
		writer.#target = target.path;
		await writer.#guard(async () => {
			// A replaced file keeps its permissions.
			if (target.kind === 'file') await handle.chmod(target.stats.mode & 0o777);
			await writeAll(handle, buildHeader(layout, 0, 0, false), 0);
		});
		return writer;
	}

	static async #createStream(path: string, target: StreamTarget, layout: Layout, options: WavWriterOptions): Promise<WavWriter> {
		const frames = options.frames;
		if (frames === undefined) throw new MediaError(path, `is a ${target.fifo ? 'FIFO' : 'device'}, which cannot seek: a WAV goes there only when its length is known in advance`);
		let handle: FileHandle | null;
		try {
			handle = await openStream(target, options.signal);
		} catch (err) {
			throw new MediaError(path, `cannot open: ${fsProblem(err)}`);
		}
		if (!handle) throw new MediaError(path, 'interrupted while waiting for a reader on the FIFO');
		if (isatty(handle.fd)) {
			await handle.close();
			throw new MediaError(path, 'is a terminal; send the WAV to a file or a pipe');
		}
		const writer = new WavWriter(path, '', handle, layout, options);
		writer.#stream = true;
		const dataBytes = frames * writer.#blockAlign;
		const rf64 = dataBytes > (options.rf64Threshold ?? RF64_SIZE_MARKER - layout.headerBytes);
		await writer.#guard(() => writeAll(handle, buildHeader(layout, dataBytes, frames, rf64), null));
		return writer;
	}

	/**
	 * Converts and appends `frames` frames from planar `channels` (starting at `offset`),
	 * awaiting the disk write. The conversion buffer is reused and grows only for larger blocks.
	 */
	async write(channels: ArrayLike<number>[], frames: number, offset = 0): Promise<void> {
		this.#checkOpen('write');
		const { layout } = this;
		if (channels.length !== layout.channels) throw new RangeError(`write(): ${channels.length} channel arrays for a ${layout.channels}-channel file`);
		if (!Number.isInteger(frames) || frames < 0 || !Number.isInteger(offset) || offset < 0) throw new RangeError(`write(): bad frames ${frames} or offset ${offset}`);
		for (const c of channels) if (c.length < offset + frames) throw new RangeError(`write(): channel array shorter than ${offset + frames}`);
		if (frames === 0) return;
		if (this.#stream && this.#framesWritten + frames > this.options.frames!) {
			throw new RangeError(`write(): ${this.path} was announced as ${this.options.frames} frames`);
		}
		const bytes = frames * this.#blockAlign;
		if (this.#buffer.length < bytes) {
			// Own ArrayBuffer at offset 0 (a multiple of 4 long), so the float view is aligned.
			const ab = new ArrayBuffer(bytes + ((4 - (bytes % 4)) % 4));
			this.#buffer = Buffer.from(ab);
			if (layout.float) this.#f32 = new Float32Array(ab);
		}
		const run = this.#guard(async () => {
			if (layout.float) this.#encodeFloat(channels, frames, offset);
			else this.#clipped += quantizeTpdf(channels, offset, frames, layout.bits === 16 ? 2 : 3, this.#buffer, this.#dithers);
			const position = this.#stream ? null : layout.headerBytes + this.#framesWritten * this.#blockAlign;
			// A FIFO's reader sets the pace: never block the event loop (or Ctrl-C) on it.
			if (this.options.blocking && !this.#stream) writeAllSync(this.#handle!.fd, this.#buffer.subarray(0, bytes), position);
			else await writeAll(this.#handle!, this.#buffer.subarray(0, bytes), position);
			this.#framesWritten += frames;
		});
		this.#inflight = run;
		try {
			await run;
		} finally {
			this.#inflight = null;
		}
	}

	/**
	 * Patches the header (RF64 if needed), fsyncs and renames the file into place. A device or
	 * FIFO is closed, after checking that the announced length was written.
	 */
	async finish(): Promise<void> {
		this.#checkOpen('finish');
		const handle = this.#handle!;
		const dataBytes = this.#framesWritten * this.#blockAlign;
		if (this.#stream) {
			this.#state = 'finishing';
			this.#finishing = this.#guard(async () => {
				const announced = this.options.frames!;
				if (this.#framesWritten !== announced) throw new MediaError(this.path, `ended after ${this.#framesWritten} of the ${announced} frames its header announced`);
				if (dataBytes % 2 === 1) await writeAll(handle, Buffer.alloc(1), null);
				this.#handle = null;
				await handle.close();
				this.#state = 'finished';
			});
			return this.#finishing;
		}
		const threshold = this.options.rf64Threshold ?? RF64_SIZE_MARKER - this.layout.headerBytes;
		const rf64 = dataBytes > threshold;
		this.#state = 'finishing';
		this.#finishing = this.#guard(async () => {
			if (dataBytes % 2 === 1) await writeAll(handle, Buffer.alloc(1), this.layout.headerBytes + dataBytes); // pad byte
			await writeAll(handle, buildHeader(this.layout, dataBytes, this.#framesWritten, rf64), 0);
			await handle.sync();
			this.#handle = null;
			await handle.close();
			await rename(this.tempPath, this.#target);
			this.#state = 'finished';
		});
		await this.#finishing;
		await syncDir(dirname(this.#target));
	}

	/**
	 * Stops writing and removes the temporary file; nothing appears under `path`. Waits for a
	 * write() in flight. Idempotent; once finish() has begun it is left to complete (or fail).
	 */
	async abort(): Promise<void> {
		if (this.#state === 'finishing') await this.#finishing?.catch(() => undefined);
		if (this.#state !== 'open') return;
		this.#state = 'aborted';
		await this.#inflight?.catch(() => undefined);
		await this.#discard();
	}

	async #discard(): Promise<void> {
		this.#state = 'aborted';
		const handle = this.#handle;
		this.#handle = null;
		await handle?.close().catch(() => undefined);
		// A device or FIFO has no temporary file: what was sent is gone, nothing is removed.
		if (!this.#stream) await unlink(this.tempPath).catch(() => undefined);
	}

	#checkOpen(what: string): void {
		if (this.#state !== 'open') throw new Error(`WavWriter ${what}(): ${this.path} is already ${this.#state}`);
		if (this.#inflight) throw new Error(`WavWriter ${what}(): the previous write() to ${this.path} has not finished`);
	}

	// Any failure discards the temporary file; the error names the requested path.
	async #guard(io: () => Promise<void>): Promise<void> {
		try {
			await io();
		} catch (err) {
			await this.#discard();
			throw err instanceof MediaError ? err : new MediaError(this.path, `write failed: ${fsProblem(err)}`);
		}
	}

	#encodeFloat(channels: ArrayLike<number>[], frames: number, offset: number): void {
		const ch = channels.length;
		if (LITTLE_ENDIAN) {
			const f = this.#f32;
			for (let c = 0; c < ch; c++) {
				const x = channels[c];
				for (let i = 0, k = c; i < frames; i++, k += ch) f[k] = x[offset + i];
			}
		} else {
			const b = this.#buffer;
			for (let c = 0; c < ch; c++) {
				const x = channels[c];
				for (let i = 0, p = c * 4; i < frames; i++, p += ch * 4) b.writeFloatLE(x[offset + i], p);
			}
		}
	}
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// `position` null: write where the stream is (a FIFO cannot seek).
function writeAllSync(fd: number, data: Uint8Array, position: number | null): void {
	let done = 0;
	while (done < data.length) done += writeSync(fd, data, done, data.length - done, position === null ? null : position + done);
}

async function writeAll(handle: FileHandle, data: Uint8Array, position: number | null): Promise<void> {
	let done = 0;
	while (done < data.length) {
		const { bytesWritten } = await handle.write(data, done, data.length - done, position === null ? null : position + done);
		done += bytesWritten;
	}
}

// Makes the rename itself durable; best effort (not every file system allows it).
async function syncDir(dir: string): Promise<void> {
	const h = await open(dir, 'r').catch(() => null);
	if (!h) return;
	await h.sync().catch(() => undefined);
	await h.close().catch(() => undefined);
}
