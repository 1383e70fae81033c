// Streaming, atomic WAV writer: samples go to a temporary file beside the target, which is
// renamed into place only by finish(). Past 4 GiB the reserved JUNK chunk becomes ds64 (RF64).
// A symlink is written through to its target; a character device or FIFO (/dev/null, a named
// pipe) gets the bytes straight, with a header that announces the length given up front.
import { writeSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isatty } from 'node:tty';
import { MediaError } from '../../sessions/errors.js';
import { openStream, resolveOutput, type StreamTarget } from '../../sessions/atomic-write.js';
import { DEFAULT_DITHER_SEED, quantizeTpdf, TpdfDither } from './dither.js';
import {
	BEXT_TIME_REFERENCE_OFFSET,
	fsProblem,
	MAX_CHANNELS,
	RF64_SIZE_MARKER,
	SUBTYPE_GUID_TAIL,
	WAVE_FORMAT_EXTENSIBLE,
	WAVE_FORMAT_IEEE_FLOAT,
	WAVE_FORMAT_PCM,
} from './wav-header.js';

/** Output sample format: 16- or 24-bit PCM (TPDF dithered) or 32-bit float (never clipped). */
export type BitDepth = '16' | '24' | '32f';

export interface WavWriterOptions {
	/** 1–8. */
	channels: number;
	/** Hz. */
	sampleRate: number;
	bitDepth: BitDepth;
	/** WAVE_FORMAT_EXTENSIBLE speaker mask; given (or channels > 2) → extensible fmt. */
	channelMask?: number;
	/** BWF TimeReference (frames since midnight); given → a bext chunk is written. */
	timeReference?: number;
	/** Seed for the TPDF dither generator; the same seed gives the same bytes. */
	ditherSeed?: number;
	/**
	 * Frames the file will hold. Required for a device or FIFO, which cannot seek back to patch
	 * the header: it is written once with this length, and finish() fails if the count differs.
	 */
	frames?: number;
	/** Stops waiting for a FIFO's reader. */
	signal?: AbortSignal;
	/** Tests only: switch to RF64 above this many data bytes (default 0xFFFFFFFF − header). */
	rf64Threshold?: number;
	/**
	 * Offline prints: write with blocking calls. A print has nothing to do while a block goes to
	 * the page cache, and a thread-pool round trip per block costs more than the copy.
	 */
	blocking?: boolean;
}

// Masks used when none is given for > 2 channels; they read back as the reader's defaults.
const DEFAULT_MASKS = [0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3f, 0x23f, 0x63f];
const BEXT_BODY = 602; // EBU Tech 3285 minimum body, no coding history
const JUNK_BODY = 28; // exactly a ds64 body: riff size, data size, sample count (u64), table length (u32)

let tempCounter = 0;

interface Layout {
	channels: number;
	sampleRate: number;
	bits: number;
	float: boolean;
	extensible: boolean;
	channelMask: number;
	timeReference?: number;
	headerBytes: number;
}

function layoutFor(o: WavWriterOptions): Layout {
	const float = o.bitDepth === '32f';
	const extensible = o.channels > 2 || o.channelMask !== undefined;
	const fmtBody = extensible ? 40 : float ? 18 : 16;
	const headerBytes = 12 + 8 + JUNK_BODY + (o.timeReference !== undefined ? 8 + BEXT_BODY : 0) + 8 + fmtBody + (float ? 12 : 0) + 8;
	return {
		channels: o.channels,
		sampleRate: o.sampleRate,
		bits: o.bitDepth === '16' ? 16 : o.bitDepth === '24' ? 24 : 32,
		float,
		extensible,
		channelMask: o.channelMask ?? DEFAULT_MASKS[o.channels],
		timeReference: o.timeReference,
		headerBytes,
	};
}

function putU64(b: Buffer, p: number, n: number): void {
	b.writeUInt32LE(n % 0x100000000, p);
	b.writeUInt32LE(Math.floor(n / 0x100000000), p + 4);
}

/** The whole header for `dataBytes` of samples; its length never depends on the sizes. */
function buildHeader(l: Layout, dataBytes: number, frames: number, rf64: boolean): Buffer {
	const b = Buffer.alloc(l.headerBytes);
	const riffSize = l.headerBytes - 8 + dataBytes + (dataBytes % 2);
	const blockAlign = (l.channels * l.bits) / 8;
	let p = 0;
	const id = (s: string) => {
		b.write(s, p, 'latin1');
		p += 4;
	};
	const u32 = (n: number) => (p = b.writeUInt32LE(n, p));
	const u16 = (n: number) => (p = b.writeUInt16LE(n, p));
	id(rf64 ? 'RF64' : 'RIFF');
	u32(rf64 ? RF64_SIZE_MARKER : riffSize);
	id('WAVE');
	id(rf64 ? 'ds64' : 'JUNK');
	u32(JUNK_BODY);
	if (rf64) {
		putU64(b, p, riffSize);
		putU64(b, p + 8, dataBytes);
		putU64(b, p + 16, frames);
	}
	p += JUNK_BODY;
	if (l.timeReference !== undefined) {
		id('bext');
		u32(BEXT_BODY);
		putU64(b, p + BEXT_TIME_REFERENCE_OFFSET, l.timeReference);
		b.writeUInt16LE(1, p + BEXT_TIME_REFERENCE_OFFSET + 8); // Version
		p += BEXT_BODY;
	}
	id('fmt ');
	u32(l.extensible ? 40 : l.float ? 18 : 16);
	const tag = l.float ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM;
	u16(l.extensible ? WAVE_FORMAT_EXTENSIBLE : tag);
	u16(l.channels);
	u32(l.sampleRate);
	u32(l.sampleRate * blockAlign);
	u16(blockAlign);
	u16(l.bits);
	if (l.extensible) {
		u16(22);
		u16(l.bits);
		u32(l.channelMask);
		u16(tag);
		for (const v of SUBTYPE_GUID_TAIL) b[p++] = v;
	} else if (l.float) {
		u16(0);
	}
	if (l.float) {
		id('fact');
		u32(4);
		u32(rf64 || frames > 0xffffffff ? RF64_SIZE_MARKER : frames);
	}
	id('data');
	u32(rf64 ? RF64_SIZE_MARKER : dataBytes);
	return b;
}

function validate(path: string, o: WavWriterOptions): void {
	const fail = (problem: string) => new MediaError(path, problem);
	if (!Number.isInteger(o.channels) || o.channels < 1 || o.channels > MAX_CHANNELS) throw fail(`cannot write ${o.channels} channels (1–${MAX_CHANNELS})`);
	if (!Number.isInteger(o.sampleRate) || o.sampleRate < 1 || o.sampleRate > 0xffffffff) throw fail(`invalid sample rate ${o.sampleRate}`);
	if (o.bitDepth !== '16' && o.bitDepth !== '24' && o.bitDepth !== '32f') throw fail(`unsupported bit depth ${JSON.stringify(o.bitDepth)} (16, 24 or 32f)`);
	if (o.channelMask !== undefined && (!Number.isInteger(o.channelMask) || o.channelMask < 0 || o.channelMask > 0xffffffff)) {
		throw fail(`invalid channel mask ${o.channelMask}`);
	}
	if (o.timeReference !== undefined && (!Number.isSafeInteger(o.timeReference) || o.timeReference < 0)) {
		throw fail(`invalid time reference ${o.timeReference} (frames since midnight)`);
	}
	if (o.frames !== undefined && (!Number.isSafeInteger(o.frames) || o.frames < 0)) throw fail(`invalid length ${o.frames} frames`);
}

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
