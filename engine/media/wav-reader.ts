// Streaming WAV/RF64 reader: the header is parsed with small positional reads and samples are
// read on request into caller-owned buffers, so memory never grows with file length.
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { MediaError } from '../../sessions/errors.js';
import { InputFileError, openRegularFile, printablePath } from '../../sessions/regular-file.js';
import type { MediaInfo } from './types.js';
import { fsProblem, parseWavHeader, type ReadAt } from './wav-header.js';

/** Reads until `length` bytes are in or the file ends; returns the bytes read. */
async function readFully(handle: FileHandle, buf: Uint8Array, offset: number, length: number, position: number): Promise<number> {
	let done = 0;
	while (done < length) {
		const { bytesRead } = await handle.read(buf, offset + done, length - done, position + done);
		if (bytesRead === 0) break;
		done += bytesRead;
	}
	return done;
}

// Header reads go through one 4 KiB window: a typical header is a single read(2).
function windowedReader(handle: FileHandle, path: string): ReadAt {
	const win = Buffer.allocUnsafe(4096);
	let winPos = 0;
	let winLen = 0;
	const read = async (buf: Uint8Array, length: number, position: number) => {
		try {
			return await readFully(handle, buf, 0, length, position);
		} catch (err) {
			throw new MediaError(path, `read failed: ${fsProblem(err)}`);
		}
	};
	return async (position, length) => {
		if (length > win.length) {
			const big = Buffer.allocUnsafe(length);
			return big.subarray(0, await read(big, length, position));
		}
		if (position < winPos || position + length > winPos + winLen) {
			winLen = await read(win, win.length, position);
			winPos = position;
		}
		const start = position - winPos;
		return win.subarray(start, Math.min(start + length, winLen));
	};
}

async function openForRead(path: string): Promise<FileHandle> {
	try {
		return await openRegularFile(path);
	} catch (err) {
		if (err instanceof InputFileError) {
			throw new MediaError(printablePath(path), err.kind ? `is ${err.kind}, not a media file` : err.problem);
		}
		throw new MediaError(path, fsProblem(err));
	}
}

async function parseOpen(path: string, handle: FileHandle): Promise<MediaInfo> {
	let size: number;
	try {
		size = (await handle.stat()).size;
	} catch (err) {
		throw new MediaError(path, fsProblem(err));
	}
	return parseWavHeader(path, size, windowedReader(handle, path));
}

/** Parses a WAV/RF64 file's header without reading its samples. Throws MediaError. */
export async function readWavInfo(path: string): Promise<MediaInfo> {
	const handle = await openForRead(path);
	try {
		return await parseOpen(path, handle);
	} finally {
		await handle.close();
	}
}

/** An open WAV/RF64 file read by frame position. Called from the engine worker's read-ahead. */
export class WavReader {
	#handle: FileHandle | null;

	private constructor(
		handle: FileHandle,
		/** The parsed header. */
		readonly info: MediaInfo,
	) {
		this.#handle = handle;
	}

	/** Opens and parses `path`; throws MediaError naming the file and the problem. */
	static async open(path: string): Promise<WavReader> {
		const handle = await openForRead(path);
		try {
			return new WavReader(handle, await parseOpen(path, handle));
		} catch (err) {
			await handle.close();
			throw err;
		}
	}

	/**
	 * Reads whole interleaved frames [startFrame, startFrame + frames) into `bytes` (from its
	 * start) and returns how many were read: fewer at the end of the data, 0 past it.
	 */
	async read(startFrame: number, frames: number, bytes: Uint8Array): Promise<number> {
		const handle = this.#handle;
		if (!handle) throw new Error(`WavReader for ${this.info.path} is closed`);
		if (!Number.isSafeInteger(startFrame) || startFrame < 0 || !Number.isSafeInteger(frames) || frames < 0) {
			throw new RangeError(`read(${startFrame}, ${frames}): frame numbers must be non-negative integers`);
		}
		const { blockAlign, dataOffset } = this.info;
		const n = Math.min(frames, Math.max(0, this.info.frames - startFrame));
		if (n === 0) return 0;
		const length = n * blockAlign;
		if (length > bytes.length) throw new RangeError(`read(): ${n} frames need ${length} bytes, buffer holds ${bytes.length}`);
		let got: number;
		try {
			got = await readFully(handle, bytes, 0, length, dataOffset + startFrame * blockAlign);
		} catch (err) {
			throw new MediaError(this.info.path, `read failed: ${fsProblem(err)}`);
		}
		// A file cut short after open() yields what is there, in whole frames.
		return Math.floor(got / blockAlign);
	}

	/**
	 * `read`, blocking: for offline renders, which have nothing else to do while the disk works
	 * and gain from skipping the thread-pool round trip. Never on a real-time path.
	 */
	readSync(startFrame: number, frames: number, bytes: Uint8Array): number {
		const handle = this.#handle;
		if (!handle) throw new Error(`WavReader for ${this.info.path} is closed`);
		const { blockAlign, dataOffset } = this.info;
		const n = Math.min(frames, Math.max(0, this.info.frames - startFrame));
		if (n <= 0) return 0;
		const length = n * blockAlign;
		if (length > bytes.length) throw new RangeError(`readSync(): ${n} frames need ${length} bytes, buffer holds ${bytes.length}`);
		let done = 0;
		try {
			while (done < length) {
				const got = readSync(handle.fd, bytes, done, length - done, dataOffset + startFrame * blockAlign + done);
				if (got === 0) break;
				done += got;
			}
		} catch (err) {
			throw new MediaError(this.info.path, `read failed: ${fsProblem(err)}`);
		}
		return Math.floor(done / blockAlign);
	}

	/** Closes the file; further reads throw. Safe to call twice. */
	async close(): Promise<void> {
		const handle = this.#handle;
		this.#handle = null;
		await handle?.close();
	}
}
