// WAV/RF64 header parsing by walking chunks with small positional reads, plus the WAVE
// constants the writer shares. No sample data is touched here.
import { MediaError } from '../../sessions/errors.js';
import type { MediaInfo, SampleEncoding, Speaker } from './types.js';

export const WAVE_FORMAT_PCM = 0x0001;
export const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** The engine mixes at most 5.1 plus a spare pair; wider files are refused up front. */
export const MAX_CHANNELS = 8;
/** A size field of all ones: "see ds64" in RF64/BW64. */
export const RF64_SIZE_MARKER = 0xffffffff;
/** KSDATAFORMAT_SUBTYPE_* GUIDs are the format tag followed by these 14 bytes. */
export const SUBTYPE_GUID_TAIL: readonly number[] = [
	0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
];
/** Offset of TimeReferenceLow in the bext body (Description 256, Originator 32, OriginatorReference 32, Date 10, Time 8). */
export const BEXT_TIME_REFERENCE_OFFSET = 338;
/**
 * Chunks walked per file. Real files have a handful (fmt, bext, iXML, JUNK, LIST, cue …); a
 * file of nothing but tiny chunks would otherwise cost one read per 8 bytes.
 */
export const MAX_CHUNKS = 4096;

/**
 * Reads up to `length` bytes at `position` (fewer only at end of file). The returned bytes may
 * be a view into a reused buffer: consume them before the next call.
 */
export type ReadAt = (position: number, length: number) => Promise<Uint8Array>;

// Channel mask bit → 5.1 slot. Side and back pairs both fold onto the surrounds; everything else
// (front centre pair, back centre, top …) has no 5.1 place and maps to null.
const MASK_SPEAKERS: ReadonlyMap<number, Speaker> = new Map<number, Speaker>([
	[0x1, 'L'], // SPEAKER_FRONT_LEFT
	[0x2, 'R'], // SPEAKER_FRONT_RIGHT
	[0x4, 'C'], // SPEAKER_FRONT_CENTER
	[0x8, 'LFE'], // SPEAKER_LOW_FREQUENCY
	[0x10, 'Ls'], // SPEAKER_BACK_LEFT
	[0x20, 'Rs'], // SPEAKER_BACK_RIGHT
	[0x200, 'Ls'], // SPEAKER_SIDE_LEFT
	[0x400, 'Rs'], // SPEAKER_SIDE_RIGHT
]);

// Without a mask (or with mask 0), by channel count:
//   1 → C                     2 → L R                  3 → L R C
//   4 → L R Ls Rs             5 → L R C Ls Rs          6 → L R C LFE Ls Rs (film/SMPTE order)
//   7 → L R C LFE Ls Rs Ls    8 → L R C LFE Ls Rs Ls Rs (the side pair folds onto the surrounds;
//   7 is read as the first seven of the 8-channel order)
const DEFAULT_SPEAKERS: readonly (readonly Speaker[])[] = [
	[],
	['C'],
	['L', 'R'],
	['L', 'R', 'C'],
	['L', 'R', 'Ls', 'Rs'],
	['L', 'R', 'C', 'Ls', 'Rs'],
	['L', 'R', 'C', 'LFE', 'Ls', 'Rs'],
	['L', 'R', 'C', 'LFE', 'Ls', 'Rs', 'Ls'],
	['L', 'R', 'C', 'LFE', 'Ls', 'Rs', 'Ls', 'Rs'],
];

/**
 * Where each channel plays, in file order: set mask bits are taken lowest first, one per
 * channel (channels beyond the mask's bits are null); no mask or mask 0 uses the count defaults.
 */
export function speakersFor(channels: number, channelMask?: number): (Speaker | null)[] {
	if (!channelMask) return [...(DEFAULT_SPEAKERS[channels] ?? [])].slice(0, channels);
	const out: (Speaker | null)[] = [];
	for (let bit = 0; bit < 32 && out.length < channels; bit++) {
		const flag = 2 ** bit;
		if (Math.floor(channelMask / flag) % 2 === 1) out.push(MASK_SPEAKERS.get(flag) ?? null);
	}
	while (out.length < channels) out.push(null);
	return out;
}

const FORMAT_NAMES: Readonly<Record<number, string>> = {
	0x0000: 'unknown',
	0x0002: 'Microsoft ADPCM',
	0x0006: 'A-law',
	0x0007: 'µ-law',
	0x0011: 'IMA ADPCM',
	0x0050: 'MPEG',
	0x0055: 'MPEG Layer III',
	0x00ff: 'AAC',
	0x0161: 'Windows Media Audio',
	0x2000: 'Dolby AC-3',
	0xf1ac: 'FLAC',
};

function formatTagName(tag: number): string {
	const hex = `0x${tag.toString(16).padStart(4, '0')}`;
	return FORMAT_NAMES[tag] ? `${hex} (${FORMAT_NAMES[tag]})` : hex;
}

const u16 = (b: Uint8Array, p: number): number => b[p] | (b[p + 1] << 8);
const u32 = (b: Uint8Array, p: number): number => (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
const fourcc = (b: Uint8Array, p: number): string => String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);

/** A chunk id as text when printable, else its bytes in hex. */
function showId(b: Uint8Array, p: number): string {
	const bytes = Array.from(b.subarray(p, p + 4));
	return bytes.every((c) => c >= 0x20 && c < 0x7f)
		? JSON.stringify(String.fromCharCode(...bytes))
		: `bytes ${bytes.map((c) => c.toString(16).padStart(2, '0')).join(' ')}`;
}

function guidString(b: Uint8Array, p: number): string {
	const h = (i: number) => b[p + i].toString(16).padStart(2, '0');
	const rev = (from: number, n: number) => Array.from({ length: n }, (_, i) => h(from + n - 1 - i)).join('');
	const fwd = (from: number, n: number) => Array.from({ length: n }, (_, i) => h(from + i)).join('');
	return `{${rev(0, 4)}-${rev(4, 2)}-${rev(6, 2)}-${fwd(8, 2)}-${fwd(10, 6)}}`.toUpperCase();
}

interface Fmt {
	encoding: SampleEncoding;
	channels: number;
	sampleRate: number;
	blockAlign: number;
	bitsPerSample: number;
	channelMask?: number;
}

function parseFmt(fail: (p: string) => MediaError, b: Uint8Array, size: number): Fmt {
	if (size < 16) throw fail(`fmt chunk too short (${size} bytes, needs at least 16)`);
	let tag = u16(b, 0);
	const channels = u16(b, 2);
	const sampleRate = u32(b, 4);
	const blockAlign = u16(b, 12);
	const bits = u16(b, 14);
	let channelMask: number | undefined;
	if (tag === WAVE_FORMAT_EXTENSIBLE) {
		const cbSize = size >= 18 ? u16(b, 16) : 0;
		if (size < 40) {
			throw fail(
				cbSize >= 22
					? `WAVE_FORMAT_EXTENSIBLE fmt chunk too short (${size} bytes, needs 40)`
					: `WAVE_FORMAT_EXTENSIBLE without its extension (fmt chunk of ${size} bytes, cbSize ${cbSize}): the sub-format (PCM or float) is not stated`,
			);
		}
		const validBits = u16(b, 18);
		channelMask = u32(b, 20);
		const sub = u16(b, 24);
		const tailOk = SUBTYPE_GUID_TAIL.every((v, i) => b[26 + i] === v);
		// A cbSize below 22 with the 22 extension bytes present is a writer's slip: the bytes decide.
		if (cbSize < 22 && !tailOk) {
			throw fail(`WAVE_FORMAT_EXTENSIBLE fmt chunk declares a ${cbSize}-byte extension (cbSize), needs 22 for the channel mask and sub-format`);
		}
		if (!tailOk || (sub !== WAVE_FORMAT_PCM && sub !== WAVE_FORMAT_IEEE_FLOAT)) {
			throw fail(`unsupported WAVE_FORMAT_EXTENSIBLE sub-format ${guidString(b, 24)}; only PCM and IEEE float are read`);
		}
		if (validBits > bits) throw fail(`valid bits per sample (${validBits}) exceed the ${bits}-bit container`);
		tag = sub;
	} else if (tag !== WAVE_FORMAT_PCM && tag !== WAVE_FORMAT_IEEE_FLOAT) {
		throw fail(`unsupported format tag ${formatTagName(tag)}; only PCM (1), IEEE float (3) and WAVE_FORMAT_EXTENSIBLE are read`);
	}
	const encoding: SampleEncoding = tag === WAVE_FORMAT_PCM ? 'pcm' : 'float';
	if (channels === 0) throw fail('0 channels in fmt chunk');
	if (channels > MAX_CHANNELS) throw fail(`${channels} channels; at most ${MAX_CHANNELS} are supported`);
	const depthOk = encoding === 'pcm' ? [8, 16, 24, 32].includes(bits) : bits === 32 || bits === 64;
	if (!depthOk) {
		const supported = encoding === 'pcm' ? '8, 16, 24 or 32' : '32 or 64';
		throw fail(`unsupported bit depth: ${bits}-bit ${encoding === 'pcm' ? 'PCM' : 'float'} (supported: ${supported})`);
	}
	if (sampleRate === 0) throw fail('sample rate 0 in fmt chunk');
	const expected = (channels * bits) / 8;
	if (blockAlign !== expected) {
		throw fail(`block align ${blockAlign} inconsistent with ${channels} channel(s) of ${bits}-bit samples (expected ${expected})`);
	}
	return { encoding, channels, sampleRate, blockAlign, bitsPerSample: bits, channelMask };
}

/** A little-endian 64-bit size as a number; past 2^53 the file cannot be addressed exactly. */
function u64(fail: (p: string) => MediaError, b: Uint8Array, p: number, what: string): number {
	const high = u32(b, p + 4);
	if (high >= 0x200000) throw fail(`ds64 ${what} is beyond 2^53 bytes`);
	return high * 0x100000000 + u32(b, p);
}

/**
 * Parses a RIFF/WAVE or RF64/BW64 header of a file of `fileSize` bytes. Chunks other than
 * fmt, ds64, bext and data are skipped wherever they are; odd sizes are padded to even.
 */
export async function parseWavHeader(path: string, fileSize: number, readAt: ReadAt): Promise<MediaInfo> {
	const fail = (problem: string) => new MediaError(path, problem);
	if (fileSize === 0) throw fail('empty file (0 bytes)');
	const head = await readAt(0, 12);
	if (head.length < 12) throw fail(`not a RIFF/RF64 WAVE file (only ${fileSize} bytes)`);
	const form = fourcc(head, 0);
	const rf64 = form === 'RF64' || form === 'BW64';
	if ((form !== 'RIFF' && !rf64) || fourcc(head, 8) !== 'WAVE') {
		throw fail(`not a RIFF/RF64 WAVE file (starts with ${showId(head, 0)}${form === 'RIFF' ? `, form ${showId(head, 8)}` : ''})`);
	}
	// Where the RIFF says it ends; used only to ignore trailing bytes once the data is found.
	let riffEnd = rf64 ? Infinity : 8 + u32(head, 4);

	let fmt: Fmt | undefined;
	let ds64: { riffSize: number; dataSize: number } | undefined;
	let data: { offset: number; size: number; declared: number } | undefined;
	let timeReference: number | undefined;
	let pos = 12;
	for (let chunks = 0; pos + 8 <= fileSize && !(data && pos >= riffEnd); chunks++) {
		if (chunks === MAX_CHUNKS) {
			// Whatever follows the samples is metadata we can do without.
			if (data) break;
			throw fail(`more than ${MAX_CHUNKS} chunks before the data chunk; not a WAVE file dubdesk can read`);
		}
		const h = await readAt(pos, 8);
		const id = fourcc(h, 0);
		let size = u32(h, 4);
		const body = pos + 8;
		if (id === 'data') {
			if (data) break; // a second data chunk is not WAVE; keep the first
			if (rf64 && !ds64) throw fail(`RF64 file without a ds64 chunk before its data`);
			if (ds64 && size === RF64_SIZE_MARKER) size = ds64.dataSize;
			// A recording cut short declares more than is there: keep what is (a warning says how much is missing).
			data = { offset: body, size: Math.min(size, fileSize - body), declared: size };
		} else {
			if (body + size > fileSize) {
				// After the samples a damaged trailer does not stop playback; before them it is fatal.
				if (data) break;
				throw fail(`chunk ${showId(h, 0)} at byte ${pos} declares ${size} bytes, running past the end of the file (${fileSize} bytes)`);
			}
			if (id === 'fmt ' && !fmt) {
				fmt = parseFmt(fail, await readAt(body, Math.min(size, 40)), size);
			} else if (id === 'ds64' && rf64 && !ds64) {
				if (size < 24) throw fail(`ds64 chunk too short (${size} bytes, needs 24)`);
				const b = await readAt(body, 24);
				ds64 = { riffSize: u64(fail, b, 0, 'RIFF size'), dataSize: u64(fail, b, 8, 'data size') };
				riffEnd = ds64.riffSize > 0 ? 8 + ds64.riffSize : Infinity;
			} else if (id === 'bext' && size >= BEXT_TIME_REFERENCE_OFFSET + 8) {
				const b = await readAt(body + BEXT_TIME_REFERENCE_OFFSET, 8);
				timeReference = u32(b, 4) * 0x100000000 + u32(b, 0);
			}
		}
		pos = body + size + (size % 2);
	}
	if (rf64 && !ds64) throw fail('RF64 file without a ds64 chunk');
	if (!fmt) throw fail('no fmt chunk');
	if (!data) throw fail('no data chunk');

	const frames = Math.floor(data.size / fmt.blockAlign);
	const partial = data.size - frames * fmt.blockAlign;
	const info: MediaInfo = {
		path,
		container: rf64 ? 'rf64' : 'wav',
		encoding: fmt.encoding,
		bitsPerSample: fmt.bitsPerSample,
		channels: fmt.channels,
		sampleRate: fmt.sampleRate,
		frames,
		speakers: speakersFor(fmt.channels, fmt.channelMask),
		dataOffset: data.offset,
		dataBytes: frames * fmt.blockAlign,
		blockAlign: fmt.blockAlign,
	};
	if (fmt.channelMask !== undefined) info.channelMask = fmt.channelMask;
	if (timeReference !== undefined) info.timeReference = timeReference;
	if (data.declared > data.size) info.declaredFrames = Math.floor(data.declared / fmt.blockAlign);
	else if (partial > 0) info.partialFrameBytes = partial;
	return info;
}

/** Seconds as "12.345 s". */
const seconds = (frames: number, sampleRate: number) => `${(frames / sampleRate).toFixed(3)} s`;

/** Why a file with no sample frames cannot be played or measured; undefined when it has some. */
export function noAudioProblem(info: MediaInfo): string | undefined {
	if (info.frames > 0) return undefined;
	if (info.declaredFrames) {
		return `has no audio: its data chunk declares ${seconds(info.declaredFrames, info.sampleRate)} but the file ends before the first sample frame`;
	}
	return 'has no audio: its data chunk holds no sample frames';
}

/** One line each for what is odd but playable in a file: a cut-short recording, a partial last frame. */
export function mediaWarnings(info: MediaInfo): string[] {
	const out: string[] = [];
	if (info.declaredFrames !== undefined && info.frames > 0) {
		const missing = info.declaredFrames - info.frames;
		out.push(
			`${info.path}: cut short: the data chunk declares ${seconds(info.declaredFrames, info.sampleRate)} but the file holds ${seconds(info.frames, info.sampleRate)} ` +
				`(${seconds(missing, info.sampleRate)}, ${missing} frames, missing at the end); what is there is used`,
		);
	}
	if (info.partialFrameBytes !== undefined) {
		out.push(`${info.path}: the data ends with ${info.partialFrameBytes} byte(s) of a partial sample frame (frames are ${info.blockAlign} bytes); ignored`);
	}
	return out;
}

/** One short phrase for a Node file-system error, for MediaError messages. */
export function fsProblem(err: unknown): string {
	const code = (err as NodeJS.ErrnoException | undefined)?.code;
	switch (code) {
		case 'ENOENT':
			return 'file not found';
		case 'EACCES':
		case 'EPERM':
			return `permission denied (${code})`;
		case 'EISDIR':
			return 'is a directory';
		case 'ENOTDIR':
			return 'a parent of the path is not a directory (ENOTDIR)';
		case 'EROFS':
			return 'read-only file system (EROFS)';
		case 'ENOSPC':
			return 'no space left on device (ENOSPC)';
		case 'EDQUOT':
			return 'disk quota exceeded (EDQUOT)';
		case 'EFBIG':
			return 'file too large for the file system or the process limit (EFBIG)';
		case 'EIO':
			return 'I/O error (EIO)';
		default:
			return code ? `${(err as Error).message}` : String((err as Error | undefined)?.message ?? err);
	}
}
