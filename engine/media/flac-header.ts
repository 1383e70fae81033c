// A FLAC file's metadata: STREAMINFO (rate, channels, bits, length), the SEEKTABLE and the
// channel mask a Vorbis comment may carry (WAVEFORMATEXTENSIBLE_CHANNEL_MASK, as ffmpeg and
// flac --channel-map write it). Without a mask the channels are in FLAC's own order for their
// count (for 6: L R C LFE Ls Rs).
import { MediaError } from '../../sessions/errors.js';
import type { MediaInfo } from './types.js';
import { speakersFor, type ReadAt } from './wav-header.js';

/** FLAC's channel order per count, as WAVEFORMATEXTENSIBLE masks (RFC 9639, section 9.1.3). */
const FLAC_ORDER_MASKS: Readonly<Record<number, number>> = { 3: 0x7, 4: 0x33, 5: 0x37, 6: 0x3f, 7: 0x70f, 8: 0x63f };

/** Metadata blocks are small; a picture block can be large, but not this large. */
const MAX_METADATA_BYTES = 64 << 20;

export interface FlacLayout {
	info: MediaInfo;
	/** Block sizes from STREAMINFO. */
	minBlock: number;
	maxBlock: number;
	/** Largest frame STREAMINFO allows (0: unknown). */
	maxFrame: number;
	/** STREAMINFO's sample count (0: unknown). */
	declaredFrames: number;
	/** Seek points: first sample and byte offset of a frame (relative to the first frame), sorted. */
	seekPoints: { sample: number; offset: number }[];
}

const u24 = (b: Uint8Array, p: number) => (b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!;
const u32le = (b: Uint8Array, p: number) => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, p: number) => ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) * 2 ** 32 + (((b[p + 4]! << 24) | (b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!) >>> 0);

/** Parses the metadata of a FLAC file of `fileSize` bytes. Throws MediaError naming the file. */
export async function parseFlacHeader(path: string, fileSize: number, readAt: ReadAt): Promise<FlacLayout> {
	const fail = (problem: string) => new MediaError(path, problem);
	if (fileSize === 0) throw fail('empty file (0 bytes)');
	let pos = 0;
	let head = await readAt(0, 10);
	// An ID3v2 tag in front (some taggers add one): its size is syncsafe, 7 bits a byte.
	if (head.length >= 10 && head[0] === 0x49 && head[1] === 0x44 && head[2] === 0x33) {
		pos = 10 + ((head[6]! & 0x7f) << 21) + ((head[7]! & 0x7f) << 14) + ((head[8]! & 0x7f) << 7) + (head[9]! & 0x7f);
		head = await readAt(pos, 4);
	}
	if (head.length < 4 || head[0] !== 0x66 || head[1] !== 0x4c || head[2] !== 0x61 || head[3] !== 0x43) throw fail('not a FLAC file (no fLaC signature)');
	pos += 4;
	let stream: Uint8Array | undefined;
	let channelMask: number | undefined;
	const seekPoints: { sample: number; offset: number }[] = [];
	for (let last = false; !last; ) {
		const h = await readAt(pos, 4);
		if (h.length < 4) throw fail(`truncated: the metadata ends at byte ${pos + h.length}, before any audio`);
		last = (h[0]! & 0x80) !== 0;
		const type = h[0]! & 0x7f;
		const length = u24(h, 1);
		pos += 4;
		if (pos + length > fileSize) throw fail(`truncated: metadata block ${type} at byte ${pos - 4} runs past the end of the file`);
		if (pos > MAX_METADATA_BYTES) throw fail(`corrupt: over ${MAX_METADATA_BYTES >> 20} MB of metadata before the audio`);
		if (type === 127) throw fail(`corrupt: invalid metadata block type at byte ${pos - 4}`);
		if (type === 0) {
			if (stream || length < 34) throw fail(`corrupt: STREAMINFO block at byte ${pos - 4} is ${stream ? 'repeated' : `${length} bytes (34 expected)`}`);
			stream = Uint8Array.from(await readAt(pos, 34));
		} else if (!stream) {
			throw fail('corrupt: the first metadata block is not STREAMINFO');
		} else if (type === 3) {
			const b = await readAt(pos, length);
			for (let p = 0; p + 18 <= b.length; p += 18) {
				// All-ones sample numbers are placeholders.
				if (b[p] === 0xff && b[p + 1] === 0xff && b[p + 2] === 0xff && b[p + 3] === 0xff) continue;
				seekPoints.push({ sample: u64(b, p), offset: u64(b, p + 8) });
			}
		} else if (type === 4) {
			channelMask = channelMaskComment(await readAt(pos, length)) ?? channelMask;
		}
		pos += length;
	}
	if (!stream) throw fail('corrupt: no STREAMINFO block');
	const s = stream;
	const minBlock = (s[0]! << 8) | s[1]!;
	const maxBlock = (s[2]! << 8) | s[3]!;
	const maxFrame = u24(s, 7);
	const sampleRate = (s[10]! << 12) | (s[11]! << 4) | (s[12]! >> 4);
	const channels = ((s[12]! >> 1) & 7) + 1;
	const bitsPerSample = (((s[12]! & 1) << 4) | (s[13]! >> 4)) + 1;
	const declaredFrames = (s[13]! & 15) * 2 ** 32 + (((s[14]! << 24) | (s[15]! << 16) | (s[16]! << 8) | s[17]!) >>> 0);
	if (sampleRate === 0) throw fail('corrupt: STREAMINFO gives a sample rate of 0 Hz');
	if (maxBlock < 16 || minBlock > maxBlock) throw fail(`corrupt: STREAMINFO block sizes ${minBlock}–${maxBlock}`);
	if (bitsPerSample < 4) throw fail(`corrupt: STREAMINFO gives ${bitsPerSample} bits per sample`);
	if (pos >= fileSize) throw fail('has no audio: the file ends after its metadata');
	seekPoints.sort((a, b) => a.sample - b.sample);
	const mask = channelMask ?? FLAC_ORDER_MASKS[channels];
	const info: MediaInfo = {
		path,
		container: 'flac',
		encoding: 'pcm',
		bitsPerSample,
		channels,
		sampleRate,
		frames: declaredFrames,
		...(channelMask !== undefined ? { channelMask } : {}),
		speakers: speakersFor(channels, mask),
		dataOffset: pos,
		dataBytes: fileSize - pos,
		blockAlign: channels * Math.ceil(bitsPerSample / 8),
	};
	return { info, minBlock, maxBlock, maxFrame, declaredFrames, seekPoints };
}

/** WAVEFORMATEXTENSIBLE_CHANNEL_MASK=0x… from a VORBIS_COMMENT block's bytes, if there. */
function channelMaskComment(b: Uint8Array): number | undefined {
	if (b.length < 8) return undefined;
	let p = 4 + u32le(b, 0);
	if (p + 4 > b.length) return undefined;
	const count = u32le(b, p);
	p += 4;
	for (let i = 0; i < count && p + 4 <= b.length; i++) {
		const len = u32le(b, p);
		p += 4;
		if (p + len > b.length) return undefined;
		const text = Buffer.from(b.buffer, b.byteOffset + p, len).toString('utf8');
		p += len;
		const m = /^WAVEFORMATEXTENSIBLE_CHANNEL_MASK=(0x[0-9a-f]+|\d+)$/i.exec(text);
		if (m) return Number(m[1]);
	}
	return undefined;
}
