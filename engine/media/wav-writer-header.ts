// What the WAV writer puts before the samples: its options, their validation, and the header
// bytes (RIFF or RF64, the reserved JUNK/ds64 chunk, bext, fmt, fact, data). The header's length
// is fixed by the options alone, so finish() can patch it in place over the provisional one.
import { MediaError } from '../../sessions/errors.js';
import {
	BEXT_TIME_REFERENCE_OFFSET,
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

/** The header's fields, fixed by the options at create(). */
export interface Layout {
	channels: number;
	sampleRate: number;
	bits: number;
	float: boolean;
	extensible: boolean;
	channelMask: number;
	timeReference?: number;
	headerBytes: number;
}

export function layoutFor(o: WavWriterOptions): Layout {
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
export function buildHeader(l: Layout, dataBytes: number, frames: number, rf64: boolean): Buffer {
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

/** Throws a MediaError naming `path` for the first option the writer cannot honour. */
export function validate(path: string, o: WavWriterOptions): void {
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
