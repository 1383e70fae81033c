// Hand-built WAV/RF64 bytes for tests: an independent little builder (never the writer under
// test), so reader tests compare against bytes laid out here field by field.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Encoding = 'pcm' | 'float';

/** Tail shared by KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT after their 2-byte format tag. */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
/** 16-byte sub-format GUID for a format tag (1 = PCM, 3 = IEEE float). */
export function subFormatGuid(tag: number): Buffer {
	return Buffer.from([tag & 0xff, tag >> 8, ...GUID_TAIL]);
}

/** u64 little-endian as 8 bytes. */
export function u64le(n: number): Buffer {
	const b = Buffer.alloc(8);
	b.writeUInt32LE(n % 2 ** 32, 0);
	b.writeUInt32LE(Math.floor(n / 2 ** 32), 4);
	return b;
}

/**
 * One chunk: id, size, body and a pad byte when the body is odd. `declaredSize` writes another
 * size than the body's (for damaged-file cases); `pad: false` omits the pad byte.
 */
export function chunk(id: string, body: Uint8Array, opts: { declaredSize?: number; pad?: boolean } = {}): Buffer {
	const head = Buffer.alloc(8);
	head.write(id.padEnd(4, ' ').slice(0, 4), 0, 'latin1');
	head.writeUInt32LE(opts.declaredSize ?? body.length, 4);
	const pad = body.length % 2 === 1 && opts.pad !== false ? Buffer.alloc(1) : Buffer.alloc(0);
	return Buffer.concat([head, body, pad]);
}

/** RIFF container: form id, size (default: everything after the size field), 'WAVE', chunks. */
export function riff(chunks: Uint8Array[], opts: { form?: 'RIFF' | 'RF64' | 'BW64' | string; declaredSize?: number; wave?: string } = {}): Buffer {
	const body = Buffer.concat([Buffer.from(opts.wave ?? 'WAVE', 'latin1'), ...chunks]);
	const head = Buffer.alloc(8);
	head.write(opts.form ?? 'RIFF', 0, 'latin1');
	head.writeUInt32LE(opts.declaredSize ?? body.length, 4);
	return Buffer.concat([head, body]);
}

export interface FmtOptions {
	encoding: Encoding;
	bits: number;
	channels: number;
	sampleRate?: number;
	/** WAVE_FORMAT_EXTENSIBLE (40-byte fmt). */
	extensible?: boolean;
	channelMask?: number;
	validBits?: number;
	/** Overrides: the raw format tag, block align, sub-format GUID, cbSize. */
	formatTag?: number;
	blockAlign?: number;
	subFormat?: Uint8Array;
	cbSize?: number;
}

/** A `fmt ` chunk body: 16 bytes for PCM, 18 for float (cbSize 0), 40 for extensible. */
export function fmtBody(o: FmtOptions): Buffer {
	const tag = o.encoding === 'pcm' ? 1 : 3;
	const sampleRate = o.sampleRate ?? 48000;
	const blockAlign = o.blockAlign ?? (o.channels * o.bits) / 8;
	const b = Buffer.alloc(o.extensible ? 40 : o.encoding === 'float' ? 18 : 16);
	b.writeUInt16LE(o.formatTag ?? (o.extensible ? 0xfffe : tag), 0);
	b.writeUInt16LE(o.channels, 2);
	b.writeUInt32LE(sampleRate, 4);
	b.writeUInt32LE(sampleRate * blockAlign, 8);
	b.writeUInt16LE(blockAlign, 12);
	b.writeUInt16LE(o.bits, 14);
	if (o.extensible) {
		b.writeUInt16LE(o.cbSize ?? 22, 16);
		b.writeUInt16LE(o.validBits ?? o.bits, 18);
		b.writeUInt32LE(o.channelMask ?? 0, 20);
		Buffer.from(o.subFormat ?? subFormatGuid(tag)).copy(b, 24);
	} else if (b.length === 18) {
		b.writeUInt16LE(o.cbSize ?? 0, 16);
	}
	return b;
}

/** ds64 body: RIFF size, data size, sample count (u64 each), table length 0. */
export function ds64Body(riffSize: number, dataSize: number, sampleCount: number): Buffer {
	return Buffer.concat([u64le(riffSize), u64le(dataSize), u64le(sampleCount), Buffer.alloc(4)]);
}

/** A 602-byte bext body with TimeReference (low, high u32) at 338 and version 1 at 346. */
export function bextBody(timeReference: number): Buffer {
	const b = Buffer.alloc(602);
	b.write('dubdesk test', 0, 'latin1');
	u64le(timeReference).copy(b, 338);
	b.writeUInt16LE(1, 346);
	return b;
}

/**
 * Interleaves planar samples into little-endian bytes. PCM values are the integer codes as
 * stored (8-bit unsigned 0..255, others signed); float values are written as float32/float64.
 */
export function encodeSamples(encoding: Encoding, bits: number, samples: number[][]): Buffer {
	const ch = samples.length;
	const frames = ch ? samples[0].length : 0;
	const bps = bits / 8;
	const b = Buffer.alloc(frames * ch * bps);
	for (let i = 0; i < frames; i++) {
		for (let c = 0; c < ch; c++) {
			const v = samples[c][i];
			const p = (i * ch + c) * bps;
			if (encoding === 'float') {
				if (bits === 32) b.writeFloatLE(v, p);
				else b.writeDoubleLE(v, p);
			} else if (bits === 8) b[p] = v;
			else if (bits === 16) b.writeInt16LE(v, p);
			else if (bits === 24) {
				const u = v < 0 ? v + 0x1000000 : v;
				b[p] = u & 0xff;
				b[p + 1] = (u >> 8) & 0xff;
				b[p + 2] = (u >> 16) & 0xff;
			} else b.writeInt32LE(v, p);
		}
	}
	return b;
}

export interface ExtraChunk {
	id: string;
	body: Uint8Array;
	/** Default 'before-data'. */
	where?: 'before-fmt' | 'before-data' | 'after-data';
}

export interface BuildWavOptions {
	encoding: Encoding;
	bits: number;
	/** Default: samples.length. */
	channels?: number;
	sampleRate?: number;
	/** Planar; see encodeSamples for the value convention. */
	samples: number[][];
	extensible?: boolean;
	channelMask?: number;
	validBits?: number;
	/** Adds a bext chunk (before fmt, as BWF writers do). */
	timeReference?: number;
	extraChunks?: ExtraChunk[];
	/** RF64 (or 'BW64') form with ds64 first and 0xFFFFFFFF in the RIFF and data sizes. */
	rf64?: boolean | 'BW64';
	/** Raw fmt overrides (format tag, block align, sub-format …) for damaged-file cases. */
	fmt?: Partial<FmtOptions>;
	/** Declared data size instead of the real one. */
	dataDeclaredSize?: number;
}

/** A whole WAV/RF64 file from planar samples; see BuildWavOptions. */
export function buildWav(o: BuildWavOptions): Buffer {
	const channels = o.channels ?? o.samples.length;
	const data = encodeSamples(o.encoding, o.bits, o.samples);
	const extras = o.extraChunks ?? [];
	const at = (where: ExtraChunk['where']) => extras.filter((e) => (e.where ?? 'before-data') === where).map((e) => chunk(e.id, e.body));
	const fmt = fmtBody({ encoding: o.encoding, bits: o.bits, channels, sampleRate: o.sampleRate, extensible: o.extensible, channelMask: o.channelMask, validBits: o.validBits, ...o.fmt });
	const frames = channels ? data.length / ((channels * o.bits) / 8) : 0;
	const body = [
		...(o.timeReference !== undefined ? [chunk('bext', bextBody(o.timeReference))] : []),
		...at('before-fmt'),
		chunk('fmt ', fmt),
		...at('before-data'),
		chunk('data', data, { declaredSize: o.rf64 ? 0xffffffff : o.dataDeclaredSize }),
		...at('after-data'),
	];
	if (!o.rf64) return riff(body);
	const rest = Buffer.concat(body);
	const riffSize = 4 + 36 + rest.length; // 'WAVE' + ds64 chunk + the rest
	return riff([chunk('ds64', ds64Body(riffSize, o.dataDeclaredSize ?? data.length, frames)), rest], {
		form: o.rf64 === 'BW64' ? 'BW64' : 'RF64',
		declaredSize: 0xffffffff,
	});
}

/**
 * The bytes of an RF64 file up to and including the data chunk header, declaring `dataBytes`
 * of samples that are not included (for sparse multi-GiB files).
 */
export function rf64Header(o: { encoding: Encoding; bits: number; channels: number; sampleRate?: number; dataBytes: number; riffSize?: number }): Buffer {
	const fmt = chunk('fmt ', fmtBody(o));
	const headerBytes = 12 + 36 + fmt.length + 8;
	const riffSize = o.riffSize ?? headerBytes - 8 + o.dataBytes + (o.dataBytes % 2);
	const frames = o.dataBytes / ((o.channels * o.bits) / 8);
	const dataHead = Buffer.alloc(8);
	dataHead.write('data', 0, 'latin1');
	dataHead.writeUInt32LE(0xffffffff, 4);
	return riff([chunk('ds64', ds64Body(riffSize, o.dataBytes, frames)), fmt, dataHead], { form: 'RF64', declaredSize: 0xffffffff });
}

/** Top-level chunks of a RIFF/RF64 buffer: id, offset of the header, declared size. */
export function listChunks(b: Uint8Array): { id: string; offset: number; size: number }[] {
	const buf = Buffer.from(b.buffer, b.byteOffset, b.length);
	const out: { id: string; offset: number; size: number }[] = [];
	for (let p = 12; p + 8 <= buf.length; ) {
		const size = buf.readUInt32LE(p + 4);
		out.push({ id: buf.toString('latin1', p, p + 4), offset: p, size });
		if (size === 0xffffffff) break;
		p += 8 + size + (size % 2);
	}
	return out;
}

/** A fresh directory under os.tmpdir(); remove it with removeTempDir. */
export function makeTempDir(prefix = 'dubdesk-test-'): Promise<string> {
	return mkdtemp(join(tmpdir(), prefix));
}

export function removeTempDir(dir: string): Promise<void> {
	return rm(dir, { recursive: true, force: true });
}

/** Writes a WAV (bytes, or options for buildWav) as `dir/name` and returns its path. */
export async function writeTempWav(dir: string, name: string, wav: Uint8Array | BuildWavOptions): Promise<string> {
	const path = join(dir, name);
	await writeFile(path, wav instanceof Uint8Array ? wav : buildWav(wav));
	return path;
}
