// Streaming FLAC reader: frames are found and checked here (flac-frames.ts) and decoded one at
// a time by libFLAC compiled to WebAssembly (@wasm-audio-decoders/flac, loaded on first use).
// Memory is one read window and one decoded frame, whatever the file's length. A seek uses the
// SEEKTABLE when there is one, else bisects the file by the sample numbers in frame headers.
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { MediaError } from '../../sessions/errors.js';
import { InputFileError, openRegularFile, printablePath } from '../../sessions/regular-file.js';
import { parseFlacHeader, type FlacLayout } from './flac-header.js';
import { frameEnd, parseFrameHeader } from './flac-frames.js';
import type { PlanarSource } from './resample.js';
import type { MediaInfo } from './types.js';
import { fsProblem, type ReadAt } from './wav-header.js';

interface Decoded {
	channelData: Float32Array[];
	samplesDecoded: number;
	errors: { message: string }[];
}
interface Decoder {
	ready: Promise<void>;
	reset(): Promise<void>;
	decodeFrames(frames: Uint8Array[]): Promise<Decoded>;
	free(): void;
}

let decoderClass: Promise<new () => Decoder> | undefined;
// Loaded only when a FLAC file is decoded: about 50 ms to import, nothing for WAV-only sessions.
const loadDecoder = () => (decoderClass ??= import('@wasm-audio-decoders/flac').then((m) => m.FLACDecoder as unknown as new () => Decoder));

/** A frame located in the file. */
interface Frame {
	pos: number;
	end: number;
	sample: number;
	blockSize: number;
}

const seconds = (frames: number, rate: number) => `${(frames / rate).toFixed(3)} s`;

// The decoder reports damage on the console as well; we report it once, ourselves. Readers
// decode concurrently, so the console is silenced while any decode runs and given back once, by
// the last one to finish (each saving and restoring it would leave a reader's no-op in place).
let quietDecodes = 0;
let consoleError: typeof console.error | undefined;
function quietConsole(delta: 1 | -1): void {
	if (delta > 0 && quietDecodes++ === 0) {
		consoleError = console.error;
		console.error = () => undefined;
	} else if (delta < 0 && --quietDecodes === 0 && consoleError) {
		console.error = consoleError;
		consoleError = undefined;
	}
}

export class FlacReader implements PlanarSource {
	readonly info: MediaInfo;
	readonly channels: number;
	/** Set once the last frame is found (open). */
	frames = 0;
	nonFiniteSamples = 0;
	#handle: FileHandle | null;
	private readonly size: number;
	private readonly layout: FlacLayout;
	/** Longest a frame can be (verbatim subframes, a side channel one bit wider, the header). */
	private readonly bound: number;
	private readonly buf: Buffer;
	private bufPos = 0;
	private bufLen = 0;
	private decoder: Decoder | null = null;
	/** The next frame to decode, and its first sample. */
	private framePos = -1;
	private frameSample = 0;
	private carry: Float32Array[] = [];
	private carryStart = 0;
	private carryLen = 0;
	/** After a seek: libFLAC checks that frames follow on, so it starts afresh. */
	private jumped = false;

	private constructor(handle: FileHandle, size: number, layout: FlacLayout, bound: number, private readonly blocking: boolean) {
		this.#handle = handle;
		this.size = size;
		this.layout = layout;
		this.bound = bound;
		this.info = { ...layout.info };
		this.channels = layout.info.channels;
		this.buf = Buffer.allocUnsafe(Math.max(4 * bound, 1 << 20));
	}

	/** Opens `path`, reads its metadata and checks its first and last frames. Throws MediaError naming the file. */
	static async open(path: string, options: { blocking?: boolean } = {}): Promise<FlacReader> {
		let handle: FileHandle;
		try {
			handle = await openRegularFile(path);
		} catch (err) {
			if (err instanceof InputFileError) throw new MediaError(printablePath(path), err.kind ? `is ${err.kind}, not a media file` : err.problem);
			throw new MediaError(path, fsProblem(err));
		}
		try {
			const size = (await handle.stat()).size;
			const layout = await parseFlacHeader(path, size, headerReader(handle, path));
			const { channels, bitsPerSample } = layout.info;
			const bound = Math.ceil((layout.maxBlock * channels * (bitsPerSample + 1)) / 8) + channels * 8 + 32;
			const reader = new FlacReader(handle, size, layout, bound, options.blocking ?? false);
			reader.frames = await reader.lastSample();
			reader.info.frames = reader.frames;
			return reader;
		} catch (err) {
			await handle.close();
			throw err instanceof MediaError ? err : new MediaError(path, fsProblem(err));
		}
	}

	private fail(problem: string): MediaError {
		return new MediaError(this.info.path, problem);
	}

	/** Frames in the file, from its last frame; refuses a file whose end is cut or damaged. */
	private async lastSample(): Promise<number> {
		const { dataOffset, sampleRate } = this.layout.info;
		const first = await this.frameAt(dataOffset);
		if (!first || first.sample !== 0) throw this.fail(`corrupt: no valid audio frame at byte ${dataOffset}, where the metadata ends`);
		let f: Frame | null = await this.syncFrom(Math.max(dataOffset, this.size - 2 * this.bound - 64), this.size);
		if (!f) throw this.fail(`truncated or corrupt: no valid frame in the last ${2 * this.bound} bytes`);
		while (f.end < this.size) {
			const next: Frame | null = await this.frameAt(f.end);
			if (!next) throw this.fail(`truncated or corrupt: the frame at byte ${f.end} (${seconds(f.sample + f.blockSize, sampleRate)}) is cut short or fails its checksum`);
			f = next;
		}
		const frames = f.sample + f.blockSize;
		const declared = this.layout.declaredFrames;
		if (declared > 0 && declared !== frames) throw this.fail(`truncated: STREAMINFO declares ${seconds(declared, sampleRate)} but the frames end at ${seconds(frames, sampleRate)}`);
		return frames;
	}

	/** Makes file bytes [pos, pos + need) resident (or up to the end of the file); `fresh` starts the window at pos. */
	private async load(pos: number, need: number, fresh = false): Promise<void> {
		if (!fresh && pos >= this.bufPos && (pos + need <= this.bufPos + this.bufLen || this.bufPos + this.bufLen === this.size)) return;
		const handle = this.#handle;
		if (!handle) throw new Error(`FlacReader for ${this.info.path} is closed`);
		const length = Math.min(this.buf.length, this.size - pos);
		let done = 0;
		try {
			while (done < length) {
				const got = this.blocking ? readSync(handle.fd, this.buf, done, length - done, pos + done) : (await handle.read(this.buf, done, length - done, pos + done)).bytesRead;
				if (got === 0) break;
				done += got;
			}
		} catch (err) {
			throw this.fail(`read failed: ${fsProblem(err)}`);
		}
		this.bufPos = pos;
		this.bufLen = done;
	}

	/** The frame starting at byte `pos`, or null when none does (or it is damaged). */
	private async frameAt(pos: number): Promise<Frame | null> {
		await this.load(pos, this.bound + 16);
		const p = pos - this.bufPos;
		const h = parseFrameHeader(this.buf, p, this.bufLen);
		if (!h || h.channels !== this.channels) return null;
		const e = frameEnd(this.buf, p, h.length, this.bufLen, this.bufPos + this.bufLen === this.size, this.bound);
		if (e < 0) return null;
		return { pos, end: this.bufPos + e, sample: h.variable ? h.number : h.number * this.layout.maxBlock, blockSize: h.blockSize };
	}

	/** The first valid frame starting in [pos, limit). */
	private async syncFrom(pos: number, limit: number): Promise<Frame | null> {
		let q = pos;
		while (q < limit - 1) {
			await this.load(q, this.bound + 16);
			// Too near the window's end to hold a frame after a candidate: move the window.
			if (this.bufPos + this.bufLen !== this.size && q > this.bufPos + this.bufLen - this.bound - 32) await this.load(q, this.bound + 16, true);
			const b = this.buf;
			const base = this.bufPos;
			const atEnd = base + this.bufLen === this.size;
			// Scan what is resident, leaving room for a whole frame after a candidate.
			const stop = Math.min(limit - 1, base + (atEnd ? this.bufLen - 1 : this.bufLen - this.bound - 16));
			let found = -1;
			for (let i = q - base; base + i < stop; i++) {
				if (b[i] === 0xff && (b[i + 1]! & 0xfe) === 0xf8) {
					found = base + i;
					break;
				}
			}
			if (found < 0) {
				if (stop >= limit - 1 || atEnd) return null;
				q = stop;
				continue;
			}
			const f = await this.frameAt(found);
			if (f) return f;
			q = found + 1;
		}
		return null;
	}

	/** Positions the decoder on a frame at or before `target` (a sample). */
	private async seek(target: number): Promise<void> {
		const { dataOffset } = this.layout.info;
		let lo = { pos: dataOffset, sample: 0 };
		const points = this.layout.seekPoints;
		for (let i = points.length - 1; i >= 0; i--) {
			const pt = points[i]!;
			if (pt.sample > target) continue;
			const f = await this.frameAt(dataOffset + pt.offset);
			if (f && f.sample === pt.sample) lo = { pos: f.pos, sample: f.sample };
			break;
		}
		let hi = this.size;
		if (target - lo.sample > 8 * this.layout.maxBlock) {
			while (hi - lo.pos > 2 * this.bound) {
				const mid = Math.floor((lo.pos + hi) / 2);
				const f = await this.syncFrom(mid, hi);
				if (f && f.sample <= target) lo = { pos: f.pos, sample: f.sample };
				else hi = mid;
			}
		}
		// Walk to the frame holding the target (headers and checksums only, no decoding).
		for (;;) {
			const f = await this.frameAt(lo.pos);
			if (!f || f.sample + f.blockSize > target || f.end >= this.size) break;
			lo = { pos: f.end, sample: f.sample + f.blockSize };
		}
		this.framePos = lo.pos;
		this.frameSample = lo.sample;
		this.carryLen = 0;
		this.jumped = true;
	}

	private async decodeNext(): Promise<void> {
		const f = await this.frameAt(this.framePos);
		const at = seconds(this.frameSample, this.info.sampleRate);
		if (!f) throw this.fail(`corrupt: the frame at byte ${this.framePos} (about ${at}) is damaged (no valid header or checksum)`);
		if (this.decoder && this.jumped) await this.decoder.reset();
		this.jumped = false;
		this.decoder ??= await newDecoder();
		const bytes = this.buf.subarray(f.pos - this.bufPos, f.end - this.bufPos);
		let out: Decoded;
		quietConsole(+1);
		try {
			out = await this.decoder.decodeFrames([bytes]);
		} finally {
			quietConsole(-1);
		}
		if (out.errors.length > 0 || out.samplesDecoded !== f.blockSize) {
			throw this.fail(`corrupt: the frame at byte ${f.pos} (about ${at}) does not decode${out.errors[0] ? ` (${out.errors[0].message})` : ''}`);
		}
		this.carry = out.channelData;
		rescale(this.carry, out.samplesDecoded, this.info.bitsPerSample);
		this.carryStart = f.sample;
		this.carryLen = out.samplesDecoded;
		this.framePos = f.end;
		this.frameSample = f.sample + f.blockSize;
	}

	/** Frames [at, at + n) into dest[c][off …]; returns how many (fewer at the end). Not the audio thread. */
	async read(at: number, n: number, dest: Float32Array[], off: number): Promise<number> {
		n = Math.min(n, this.frames - at);
		let done = 0;
		while (done < n) {
			const pos = at + done;
			if (pos >= this.carryStart && pos < this.carryStart + this.carryLen) {
				const k = Math.min(n - done, this.carryStart + this.carryLen - pos);
				const from = pos - this.carryStart;
				for (let c = 0; c < this.channels; c++) dest[c]!.set(this.carry[c]!.subarray(from, from + k), off + done);
				done += k;
				continue;
			}
			// Close ahead: decode on; anywhere else: seek.
			if (this.framePos < 0 || pos < this.frameSample || pos >= this.frameSample + 8 * this.layout.maxBlock) await this.seek(pos);
			await this.decodeNext();
		}
		return Math.max(0, n);
	}

	async close(): Promise<void> {
		const handle = this.#handle;
		this.#handle = null;
		this.decoder?.free();
		this.decoder = null;
		await handle?.close();
	}
}

/**
 * The decoder scales by 1/(2^(bits−1) − 1); WAV decoding (and every DAW) by 1/2^(bits−1), so a
 * FLAC plays exactly as the WAV it was made from. Up to 24 bits the integer is recovered exactly
 * first (a float32 quotient is within half a step of it).
 */
function rescale(channels: Float32Array[], n: number, bits: number): void {
	const full = 2 ** (bits - 1);
	const m = full - 1;
	const inv = 1 / full;
	for (const x of channels) {
		if (bits <= 24) for (let i = 0; i < n; i++) x[i] = Math.round(x[i]! * m) * inv;
		else for (let i = 0; i < n; i++) x[i] = x[i]! * m * inv;
	}
}

async function newDecoder(): Promise<Decoder> {
	const Class = await loadDecoder();
	const d = new Class();
	await d.ready;
	return d;
}

function headerReader(handle: FileHandle, path: string): ReadAt {
	return async (position, length) => {
		const buf = Buffer.allocUnsafe(length);
		let done = 0;
		try {
			while (done < length) {
				const { bytesRead } = await handle.read(buf, done, length - done, position + done);
				if (bytesRead === 0) break;
				done += bytesRead;
			}
		} catch (err) {
			throw new MediaError(path, `read failed: ${fsProblem(err)}`);
		}
		return buf.subarray(0, done);
	};
}

/** A FLAC file's header facts (its length checked against its last frame). Throws MediaError. */
export async function readFlacInfo(path: string): Promise<MediaInfo> {
	const reader = await FlacReader.open(path);
	try {
		return reader.info;
	} finally {
		await reader.close();
	}
}
