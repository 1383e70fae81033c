import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../../engine/media/decode.js';
import { quantizeTpdf, TpdfDither } from '../../engine/media/dither.js';
import { readWavInfo, WavReader } from '../../engine/media/wav-reader.js';
import { type WavWriterOptions, WavWriter } from '../../engine/media/wav-writer.js';
import { listChunks, makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';

let dir: string;
beforeAll(async () => {
	dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

let n = 0;
/** Writes planar data in blocks of `block` frames and returns the path and the file bytes. */
async function writeWav(options: WavWriterOptions, planar: ArrayLike<number>[], block = 1000): Promise<{ path: string; bytes: Buffer; writer: WavWriter }> {
	const path = join(dir, `w${n++}.wav`);
	const writer = await WavWriter.create(path, options);
	const frames = planar[0].length;
	for (let f = 0; f < frames; f += block) await writer.write(planar, Math.min(block, frames - f), f);
	await writer.finish();
	return { path, bytes: await readFile(path), writer };
}

async function readBack(path: string): Promise<Float32Array[]> {
	const reader = await WavReader.open(path);
	const { info } = reader;
	const out = Array.from({ length: info.channels }, () => new Float32Array(info.frames));
	const bytes = Buffer.alloc(info.frames * info.blockAlign);
	const got = await reader.read(0, info.frames, bytes);
	decodeFrames(info, bytes, 0, got, out, 0);
	await reader.close();
	return out;
}

const chunkAt = (bytes: Buffer, id: string) => {
	const c = listChunks(bytes).find((x) => x.id === id);
	if (!c) throw new Error(`no ${id} chunk`);
	return { ...c, body: c.offset + 8 };
};

describe('WavWriter headers (raw bytes)', () => {
	for (const [bitDepth, bits, tag, fmtSize] of [['16', 16, 1, 16], ['24', 24, 1, 16], ['32f', 32, 3, 18]] as const) {
		it(`${bitDepth}: RIFF, JUNK reserve, fmt, ${tag === 3 ? 'fact, ' : ''}data`, async () => {
			const { bytes, path } = await writeWav({ channels: 2, sampleRate: 48000, bitDepth }, [new Float32Array(5), new Float32Array(5)]);
			expect(bytes.toString('latin1', 0, 4)).toBe('RIFF');
			expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
			expect(bytes.toString('latin1', 8, 12)).toBe('WAVE');
			const ids = listChunks(bytes).map((c) => c.id);
			expect(ids).toEqual(tag === 3 ? ['JUNK', 'fmt ', 'fact', 'data'] : ['JUNK', 'fmt ', 'data']);
			expect(chunkAt(bytes, 'JUNK')).toMatchObject({ offset: 12, size: 28 });
			const fmt = chunkAt(bytes, 'fmt ');
			expect(fmt.size).toBe(fmtSize);
			const blockAlign = 2 * (bits / 8);
			expect([0, 2, 4, 8, 12, 14].map((o, i) => (i === 2 || i === 3 ? bytes.readUInt32LE(fmt.body + o) : bytes.readUInt16LE(fmt.body + o)))).toEqual([tag, 2, 48000, 48000 * blockAlign, blockAlign, bits]);
			if (tag === 3) {
				expect(bytes.readUInt16LE(fmt.body + 16)).toBe(0); // cbSize
				const fact = chunkAt(bytes, 'fact');
				expect(fact.size).toBe(4);
				expect(bytes.readUInt32LE(fact.body)).toBe(5);
			}
			const data = chunkAt(bytes, 'data');
			expect(data.size).toBe(5 * blockAlign);
			expect(data.body + data.size).toBe(bytes.length);
			expect(await readWavInfo(path)).toMatchObject({ container: 'wav', encoding: tag === 3 ? 'float' : 'pcm', bitsPerSample: bits, channels: 2, frames: 5, speakers: ['L', 'R'] });
		});
	}

	it('32f: little-endian float32 bytes, values above 1.0 kept, never clipped', async () => {
		const l = Float64Array.from([1.5, -2, 0.1, 1e-30]);
		const r = Float32Array.from([0, 1, -1, 1000]);
		const { bytes, path, writer } = await writeWav({ channels: 2, sampleRate: 44100, bitDepth: '32f' }, [l, r]);
		const data = chunkAt(bytes, 'data').body;
		const raw = Array.from({ length: 8 }, (_, i) => bytes.readFloatLE(data + i * 4));
		expect(raw).toEqual([1.5, 0, -2, 1, Math.fround(0.1), -1, Math.fround(1e-30), 1000]);
		expect(bytes.readUInt32LE(data)).toBe(0x3fc00000); // 1.5f
		expect(writer.clippedSamples).toBe(0);
		const back = await readBack(path);
		expect(Array.from(back[0])).toEqual([1.5, -2, Math.fround(0.1), Math.fround(1e-30)]);
	});

	it('5.1 → WAVE_FORMAT_EXTENSIBLE with mask 0x3F and the PCM sub-format GUID', async () => {
		const planar = Array.from({ length: 6 }, (_, c) => Float32Array.from([c / 8]));
		const { bytes, path } = await writeWav({ channels: 6, sampleRate: 48000, bitDepth: '24' }, planar);
		const fmt = chunkAt(bytes, 'fmt ');
		expect(fmt.size).toBe(40);
		expect(bytes.readUInt16LE(fmt.body)).toBe(0xfffe);
		expect(bytes.readUInt16LE(fmt.body + 16)).toBe(22);
		expect(bytes.readUInt16LE(fmt.body + 18)).toBe(24);
		expect(bytes.readUInt32LE(fmt.body + 20)).toBe(0x3f);
		expect(bytes.toString('hex', fmt.body + 24, fmt.body + 40)).toBe('0100000000001000800000aa00389b71');
		const info = await readWavInfo(path);
		expect(info).toMatchObject({ channelMask: 0x3f, speakers: ['L', 'R', 'C', 'LFE', 'Ls', 'Rs'] });
		const back = await readBack(path);
		for (let c = 0; c < 6; c++) expect(Math.abs(back[c][0] - c / 8) * 8388608).toBeLessThan(1.5);
	});

	it('extensible float with a given mask; mono with a mask is extensible too', async () => {
		const { bytes, path } = await writeWav({ channels: 3, sampleRate: 48000, bitDepth: '32f', channelMask: 0x7 }, [[0.5], [0.25], [2]]);
		const fmt = chunkAt(bytes, 'fmt ');
		expect(bytes.toString('hex', fmt.body + 24, fmt.body + 26)).toBe('0300');
		expect(listChunks(bytes).map((c) => c.id)).toContain('fact');
		expect(await readWavInfo(path)).toMatchObject({ encoding: 'float', speakers: ['L', 'R', 'C'] });
		expect((await readBack(path))[2][0]).toBe(2);
		const mono = await writeWav({ channels: 1, sampleRate: 48000, bitDepth: '16', channelMask: 0x4 }, [[0]]);
		expect(mono.bytes.readUInt16LE(chunkAt(mono.bytes, 'fmt ').body)).toBe(0xfffe);
	});

	it('bext: 602-byte body, TimeReference low/high at 338, version 1', async () => {
		const t = 2 ** 32 + 5;
		const { bytes, path } = await writeWav({ channels: 1, sampleRate: 48000, bitDepth: '16', timeReference: t }, [[0]]);
		const bext = chunkAt(bytes, 'bext');
		expect(bext.size).toBe(602);
		expect(bytes.readUInt32LE(bext.body + 338)).toBe(5);
		expect(bytes.readUInt32LE(bext.body + 342)).toBe(1);
		expect(bytes.readUInt16LE(bext.body + 346)).toBe(1);
		expect(bytes.subarray(bext.body, bext.body + 338).every((b) => b === 0)).toBe(true);
		expect((await readWavInfo(path)).timeReference).toBe(t);
	});

	it('odd data size gets a pad byte counted in the RIFF size', async () => {
		const { bytes, path } = await writeWav({ channels: 1, sampleRate: 48000, bitDepth: '24' }, [[0, 0.5, -0.5]]);
		const data = chunkAt(bytes, 'data');
		expect(data.size).toBe(9);
		expect(bytes.length).toBe(data.body + 10);
		expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
		expect((await readWavInfo(path)).frames).toBe(3);
	});

	it('RF64 above the threshold: RF64/ds64, sizes 0xFFFFFFFF, read back', async () => {
		const frames = 300;
		const x = Float32Array.from({ length: frames }, (_, i) => Math.sin(i / 10) * 0.5);
		for (const bitDepth of ['16', '32f'] as const) {
			const { bytes, path } = await writeWav({ channels: 1, sampleRate: 48000, bitDepth, rf64Threshold: 100, timeReference: 7 }, [x], 64);
			const bytesPer = bitDepth === '16' ? 2 : 4;
			expect(bytes.toString('latin1', 0, 4)).toBe('RF64');
			expect(bytes.readUInt32LE(4)).toBe(0xffffffff);
			const ds64 = chunkAt(bytes, 'ds64');
			expect(ds64).toMatchObject({ offset: 12, size: 28 });
			const u64 = (p: number) => bytes.readUInt32LE(p) + bytes.readUInt32LE(p + 4) * 2 ** 32;
			expect([u64(ds64.body), u64(ds64.body + 8), u64(ds64.body + 16), bytes.readUInt32LE(ds64.body + 24)]).toEqual([bytes.length - 8, frames * bytesPer, frames, 0]);
			expect(chunkAt(bytes, 'data').size).toBe(0xffffffff);
			if (bitDepth === '32f') expect(bytes.readUInt32LE(chunkAt(bytes, 'fact').body)).toBe(0xffffffff);
			expect(await readWavInfo(path)).toMatchObject({ container: 'rf64', frames, dataBytes: frames * bytesPer, timeReference: 7 });
			const back = await readBack(path);
			for (let i = 0; i < frames; i++) expect(Math.abs(back[0][i] - x[i])).toBeLessThan(bitDepth === '16' ? 1.5 / 32768 : 1e-7);
		}
		// At the threshold exactly it stays RIFF.
		const at = await writeWav({ channels: 1, sampleRate: 48000, bitDepth: '16', rf64Threshold: 600 }, [x]);
		expect(at.bytes.toString('latin1', 0, 4)).toBe('RIFF');
	});

	it('write() with offsets, growing and shrinking blocks, Float64Array input', async () => {
		const x = Float64Array.from({ length: 5000 }, (_, i) => ((i % 200) - 100) / 128);
		const path = join(dir, 'blocks.wav');
		const w = await WavWriter.create(path, { channels: 1, sampleRate: 48000, bitDepth: '32f' });
		let f = 0;
		for (const size of [1, 7, 4000, 3, 989]) {
			await w.write([x], size, f);
			f += size;
		}
		expect(w.framesWritten).toBe(5000);
		await w.finish();
		expect(Array.from((await readBack(path))[0])).toEqual(Array.from(x, (v) => Math.fround(v)));
	});
});

describe('dither and quantisation', () => {
	it('TpdfDither: inside (−1, 1), zero mean, triangular variance 1/6', () => {
		const d = new TpdfDither(1);
		let sum = 0;
		let sq = 0;
		let min = Infinity;
		let max = -Infinity;
		const N = 200_000;
		for (let i = 0; i < N; i++) {
			const v = d.next();
			sum += v;
			sq += v * v;
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		expect(min).toBeGreaterThan(-1);
		expect(max).toBeLessThan(1);
		expect(Math.abs(sum / N)).toBeLessThan(0.005); // σ/√N ≈ 0.0009
		expect(Math.abs(sq / N - 1 / 6)).toBeLessThan(0.005);
	});

	it('the inlined generator in quantizeTpdf draws the same sequence as TpdfDither.next()', () => {
		const x = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 0.9);
		const out = new Uint8Array(5000 * 2);
		const dither = new TpdfDither(9, 0);
		quantizeTpdf([x], 0, 5000, 2, out, [dither]);
		const ref = new TpdfDither(9, 0);
		const view = Buffer.from(out.buffer);
		for (let i = 0; i < 5000; i++) expect(view.readInt16LE(i * 2)).toBe(Math.round(x[i] * 32768 + ref.next()));
		expect([dither.s0, dither.s1, dither.s2, dither.s3]).toEqual([ref.s0, ref.s1, ref.s2, ref.s3]);
	});

	// Bound: TPDF adds (−1, +1) LSB, rounding then moves at most 0.5 LSB, so the total error
	// x·2^(b−1) − q is strictly inside ±1.5 LSB. ±1 LSB would be wrong: for 9830.4 LSB a dither
	// below −0.9 rounds to 9829, an error of 1.4 LSB (probability 0.5 %), which this test sees.
	for (const [bitDepth, scale] of [['16', 32768], ['24', 8388608]] as const) {
		it(`${bitDepth}-bit: constant 0.3 → mean ≈ value, |error| < 1.5 LSB, deterministic per seed`, async () => {
			const frames = 50_000;
			const x = new Float32Array(frames).fill(0.3);
			const target = Math.fround(0.3) * scale;
			const opts = { channels: 2, sampleRate: 48000, bitDepth, ditherSeed: 42 } as const;
			const a = await writeWav(opts, [x, x], 4096);
			const data = chunkAt(a.bytes, 'data').body;
			const bps = bitDepth === '16' ? 2 : 3;
			let sum = 0;
			let worst = 0;
			let overOne = 0;
			for (let i = 0; i < frames * 2; i++) {
				const q = bps === 2 ? a.bytes.readInt16LE(data + i * 2) : a.bytes.readIntLE(data + i * 3, 3);
				sum += q;
				worst = Math.max(worst, Math.abs(q - target));
				if (Math.abs(q - target) > 1) overOne++;
			}
			expect(Math.abs(sum / (frames * 2) - target)).toBeLessThan(0.01); // σ ≈ 0.5/√100000 ≈ 0.0016
			expect(worst).toBeLessThan(1.5);
			if (bitDepth === '16') expect(overOne).toBeGreaterThan(0);
			expect(a.writer.clippedSamples).toBe(0);
			const b = await writeWav(opts, [x, x], 1000); // other block sizes: same bytes
			expect(b.bytes.equals(a.bytes)).toBe(true);
			const c = await writeWav({ ...opts, ditherSeed: 43 }, [x, x], 4096);
			expect(c.bytes.equals(a.bytes)).toBe(false);
		});
	}

	it('default seed is fixed: two renders give the same bytes', async () => {
		const x = Float32Array.from({ length: 2000 }, (_, i) => Math.sin(i) * 0.7);
		const a = await writeWav({ channels: 1, sampleRate: 48000, bitDepth: '16' }, [x]);
		const b = await writeWav({ channels: 1, sampleRate: 48000, bitDepth: '16' }, [x]);
		expect(a.bytes.equals(b.bytes)).toBe(true);
	});

	it('clamps to the integer range and counts clipped samples; NaN writes 0', async () => {
		const x = [2, -2, 0.5, 1e9, -1e9, Number.NaN];
		for (const [bitDepth, max] of [['16', 32767], ['24', 8388607]] as const) {
			const { bytes, writer } = await writeWav({ channels: 1, sampleRate: 48000, bitDepth }, [x]);
			const data = chunkAt(bytes, 'data').body;
			const bps = bitDepth === '16' ? 2 : 3;
			const q = x.map((_, i) => bytes.readIntLE(data + i * bps, bps));
			expect([q[0], q[1], q[3], q[4], q[5]]).toEqual([max, -max - 1, max, -max - 1, 0]);
			expect(Math.abs(q[2] - (max + 1) / 2)).toBeLessThan(1.5);
			expect(writer.clippedSamples).toBe(4);
		}
	});
});

describe('blocking writes (offline prints)', () => {
	it.each(['16', '24', '32f'] as const)('write the same bytes as the default writer (%s)', async (bitDepth) => {
		const { mkdtemp, rm } = await import('node:fs/promises');
		const { tmpdir } = await import('node:os');
		const d = await mkdtemp(join(tmpdir(), 'dubdesk-blocking-'));
		try {
			const signal = [Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i / 7) * 0.8), Float32Array.from({ length: 5000 }, (_, i) => Math.cos(i / 3) * 1.2)];
			const files: Buffer[] = [];
			for (const blocking of [false, true]) {
				const path = join(d, `${blocking}.wav`);
				const w = await WavWriter.create(path, { channels: 2, sampleRate: 48000, bitDepth, timeReference: 123456, blocking });
				for (let at = 0; at < 5000; at += 1024) await w.write(signal, Math.min(1024, 5000 - at), at);
				await w.finish();
				files.push(await readFile(path));
			}
			expect(files[1]!.equals(files[0]!)).toBe(true);
		} finally {
			await rm(d, { recursive: true, force: true });
		}
	});
});
