// A real RF64 file past 4 GiB, at no real disk cost: the header and a few frames are written
// into a sparse file whose data chunk declares ~4.3 GB.
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../../engine/media/decode.js';
import { readWavInfo, WavReader } from '../../engine/media/wav-reader.js';
import { bextBody, chunk, encodeSamples, makeTempDir, removeTempDir, rf64Header } from '../helpers/wav-bytes.js';

const FOUR_GIB = 2 ** 32;
const DATA_BYTES = 4_300_000_002; // 24-bit stereo: 716,666,667 frames
const CHANNELS = 2;
const BLOCK_ALIGN = 6;
const FRAMES = DATA_BYTES / BLOCK_ALIGN;
const TIME_REFERENCE = 2 ** 35 + 3;

let dir: string;
let path = '';
let sparse = true;
let allocated = 0;

beforeAll(async () => {
	dir = await makeTempDir();
	path = join(dir, 'huge.wav');
	const trailer = chunk('bext', bextBody(TIME_REFERENCE)); // after the data, past 4 GiB: found by walking
	const fmt = { encoding: 'pcm', bits: 24, channels: CHANNELS, dataBytes: DATA_BYTES } as const;
	const headerLength = rf64Header(fmt).length;
	const header = rf64Header({ ...fmt, riffSize: headerLength - 8 + DATA_BYTES + trailer.length });
	const h = await open(path, 'w');
	try {
		await h.write(header, 0, header.length, 0);
		await h.truncate(header.length + DATA_BYTES + trailer.length); // data is even: no pad byte
		allocated = (await stat(path)).blocks * 512;
		if (allocated > 1 << 20) {
			sparse = false;
			return;
		}
		const at = (frame: number) => header.length + frame * BLOCK_ALIGN;
		// Frames straddling the 4 GiB boundary and the last frames of the file.
		const boundary = Math.floor((FOUR_GIB - header.length) / BLOCK_ALIGN) - 2;
		const mark = (frame: number) => [(frame % 8388608) - 4194304, -((frame % 1000) + 1)];
		for (const first of [boundary, FRAMES - 4]) {
			const frames = [0, 1, 2, 3, 4, 5].map((i) => first + i).filter((f) => f < FRAMES);
			const bytes = encodeSamples('pcm', 24, [frames.map((f) => mark(f)[0]), frames.map((f) => mark(f)[1])]);
			await h.write(bytes, 0, bytes.length, at(first));
		}
		await h.write(trailer, 0, trailer.length, header.length + DATA_BYTES);
	} finally {
		await h.close();
	}
});
afterAll(() => removeTempDir(dir));

describe('RF64 beyond 4 GiB (sparse file)', () => {
	it('header: ds64 sizes, frames, bext found after 4.3 GB of data', async (ctx) => {
		if (!sparse) ctx.skip(`file system here is not sparse-capable (${allocated} bytes allocated for a hole)`);
		const info = await readWavInfo(path);
		expect(info).toMatchObject({ container: 'rf64', channels: 2, bitsPerSample: 24, frames: FRAMES, dataBytes: DATA_BYTES, timeReference: TIME_REFERENCE });
		expect(info.dataOffset + info.dataBytes).toBeGreaterThan(FOUR_GIB);
	});

	it('reads frames across the 4 GiB boundary and at the very end', async (ctx) => {
		if (!sparse) ctx.skip(`file system here is not sparse-capable (${allocated} bytes allocated for a hole)`);
		const reader = await WavReader.open(path);
		try {
			const { info } = reader;
			const bytes = Buffer.alloc(6 * BLOCK_ALIGN);
			const dest = [new Float32Array(6), new Float32Array(6)];
			const boundary = Math.floor((FOUR_GIB - info.dataOffset) / BLOCK_ALIGN) - 2;
			expect(info.dataOffset + (boundary + 5) * BLOCK_ALIGN).toBeGreaterThan(FOUR_GIB);
			const expected = (f: number) => [((f % 8388608) - 4194304) / 8388608, -((f % 1000) + 1) / 8388608];
			expect(await reader.read(boundary, 6, bytes)).toBe(6);
			decodeFrames(info, bytes, 0, 6, dest, 0);
			for (let i = 0; i < 6; i++) expect([dest[0][i], dest[1][i]]).toEqual(expected(boundary + i).map(Math.fround));
			expect(await reader.read(FRAMES - 4, 6, bytes)).toBe(4);
			decodeFrames(info, bytes, 0, 4, dest, 0);
			for (let i = 0; i < 4; i++) expect([dest[0][i], dest[1][i]]).toEqual(expected(FRAMES - 4 + i).map(Math.fround));
			expect(await reader.read(FRAMES, 1, bytes)).toBe(0);
		} finally {
			await reader.close();
		}
	});
});
