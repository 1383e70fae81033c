import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../../engine/media/decode.js';
import type { MediaInfo } from '../../engine/media/types.js';
import { readWavInfo, WavReader } from '../../engine/media/wav-reader.js';
import { type BuildWavOptions, type Encoding, bextBody, buildWav, chunk, ds64Body, encodeSamples, fmtBody, makeTempDir, riff, removeTempDir, writeTempWav } from '../helpers/wav-bytes.js';

let dir: string;
beforeAll(async () => {
	dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

let n = 0;
const put = (o: BuildWavOptions | Uint8Array) => writeTempWav(dir, `r${n++}.wav`, o);

/** Reads every frame through WavReader + decodeFrames, planar. */
async function readAll(path: string): Promise<{ info: MediaInfo; data: Float32Array[] }> {
	const reader = await WavReader.open(path);
	try {
		const { info } = reader;
		const data = Array.from({ length: info.channels }, () => new Float32Array(info.frames));
		const bytes = Buffer.alloc(3 * info.blockAlign);
		for (let f = 0; f < info.frames; ) {
			const got = await reader.read(f, 3, bytes); // small blocks: exercises partial reads at the end
			decodeFrames(info, bytes, 0, got, data, f);
			f += got;
		}
		return { info, data };
	} finally {
		await reader.close();
	}
}

// [encoding, bits, stored codes/values, expected floats]
const FORMATS: [Encoding, number, number[], number[]][] = [
	['pcm', 8, [0, 128, 255, 64], [-1, 0, 127 / 128, -0.5]],
	['pcm', 16, [-32768, 0, 32767, 1, -16384], [-1, 0, 32767 / 32768, 1 / 32768, -0.5]],
	['pcm', 24, [-8388608, 0, 0x7fffff, 1, 0x400000], [-1, 0, 8388607 / 8388608, 2 ** -23, 0.5]],
	['pcm', 32, [-2147483648, 0, 2 ** 30, -(2 ** 30), 2147483647], [-1, 0, 0.5, -0.5, Math.fround(2147483647 / 2147483648)]],
	['float', 32, [1.5, -0.25, Math.fround(1e-8), -3], [1.5, -0.25, Math.fround(1e-8), -3]],
	['float', 64, [0.1, 3, -2.5, 1e-300], [Math.fround(0.1), 3, -2.5, 0]],
];

describe('readWavInfo / WavReader: formats', () => {
	for (const [encoding, bits, codes, expected] of FORMATS) {
		for (const extensible of [false, true]) {
			it(`${encoding} ${bits}-bit${extensible ? ' extensible' : ''} round-trips known values`, async () => {
				// Channel 1 is channel 0 reversed, so a channel mix-up shows.
				const samples = [codes, [...codes].reverse()];
				const path = await put({ encoding, bits, samples, extensible, channelMask: extensible ? 0x3 : undefined, sampleRate: 44100 });
				const { info, data } = await readAll(path);
				expect(info).toMatchObject({ path, container: 'wav', encoding, bitsPerSample: bits, channels: 2, sampleRate: 44100, frames: codes.length, blockAlign: (bits / 8) * 2, dataOffset: expect.any(Number), dataBytes: codes.length * (bits / 8) * 2, speakers: ['L', 'R'] });
				expect(info.channelMask).toBe(extensible ? 0x3 : undefined);
				expect(Array.from(data[0])).toEqual(expected);
				expect(Array.from(data[1])).toEqual([...expected].reverse());
			});
		}
	}

	for (let channels = 1; channels <= 8; channels++) {
		it(`${channels} channel(s) of 24-bit keep their order`, async () => {
			const samples = Array.from({ length: channels }, (_, c) => [c * 1000 + 1, -(c * 1000 + 2), c]);
			const { info, data } = await readAll(await put({ encoding: 'pcm', bits: 24, samples }));
			expect(info.channels).toBe(channels);
			for (let c = 0; c < channels; c++) expect(Array.from(data[c])).toEqual(samples[c].map((v) => v / 8388608));
		});
	}

	it('reads the data offset exactly (first sample byte)', async () => {
		const bytes = buildWav({ encoding: 'pcm', bits: 16, samples: [[0x1234]] });
		const info = await readWavInfo(await put(bytes));
		expect(bytes.readInt16LE(info.dataOffset)).toBe(0x1234);
	});
});

describe('speakers', () => {
	const cases: [string, number, number | undefined, (string | null)[]][] = [
		['mono default', 1, undefined, ['C']],
		['stereo default', 2, undefined, ['L', 'R']],
		['3 default', 3, undefined, ['L', 'R', 'C']],
		['4 default', 4, undefined, ['L', 'R', 'Ls', 'Rs']],
		['5 default', 5, undefined, ['L', 'R', 'C', 'Ls', 'Rs']],
		['6 default', 6, undefined, ['L', 'R', 'C', 'LFE', 'Ls', 'Rs']],
		['7 default', 7, undefined, ['L', 'R', 'C', 'LFE', 'Ls', 'Rs', 'Ls']],
		['8 default', 8, undefined, ['L', 'R', 'C', 'LFE', 'Ls', 'Rs', 'Ls', 'Rs']],
		['mask 0 uses defaults', 6, 0, ['L', 'R', 'C', 'LFE', 'Ls', 'Rs']],
		['5.1 back', 6, 0x3f, ['L', 'R', 'C', 'LFE', 'Ls', 'Rs']],
		['5.1 side', 6, 0x60f, ['L', 'R', 'C', 'LFE', 'Ls', 'Rs']],
		['7.1', 8, 0x63f, ['L', 'R', 'C', 'LFE', 'Ls', 'Rs', 'Ls', 'Rs']],
		['mono centre', 1, 0x4, ['C']],
		['mono left', 1, 0x1, ['L']],
		['front centre pair has no place', 2, 0xc0, [null, null]],
		['top centre has no place', 3, 0x803, ['L', 'R', null]],
		['fewer mask bits than channels', 3, 0x3, ['L', 'R', null]],
		['mask order is bit order', 4, 0x60c, ['C', 'LFE', 'Ls', 'Rs']],
		['back centre has no place', 4, 0x30c, ['C', 'LFE', null, 'Ls']],
	];
	for (const [name, channels, mask, speakers] of cases) {
		it(name, async () => {
			const samples = Array.from({ length: channels }, () => [0]);
			const info = await readWavInfo(await put({ encoding: 'pcm', bits: 16, samples, extensible: mask !== undefined, channelMask: mask }));
			expect(info.speakers).toEqual(speakers);
		});
	}
});

describe('chunks', () => {
	const samples = [[1, -2, 3]];

	it('bext TimeReference, including values past 2^32', async () => {
		for (const t of [0, 172_800_000, 2 ** 32 + 12345, 192000 * 86400 - 1]) {
			const info = await readWavInfo(await put({ encoding: 'pcm', bits: 16, samples, timeReference: t }));
			expect(info.timeReference).toBe(t);
		}
		expect((await readWavInfo(await put({ encoding: 'pcm', bits: 16, samples }))).timeReference).toBeUndefined();
	});

	it('bext after the data chunk is found too', async () => {
		const info = await readWavInfo(await put({ encoding: 'pcm', bits: 16, samples, extraChunks: [{ id: 'bext', body: bextBody(2 ** 33), where: 'after-data' }] }));
		expect(info.timeReference).toBe(2 ** 33);
	});

	it('skips unknown and odd-sized chunks before and after data', async () => {
		const odd = (n: number) => Buffer.alloc(n, 0x5a);
		const path = await put({
			encoding: 'pcm',
			bits: 24,
			samples: [[100, -200, 300]], // 9 data bytes: odd, padded
			extraChunks: [
				{ id: 'JUNK', body: odd(27), where: 'before-fmt' },
				{ id: 'LIST', body: odd(5), where: 'before-fmt' },
				{ id: 'iXML', body: Buffer.from('<BWFXML/>'), where: 'before-data' },
				{ id: 'fact', body: odd(4), where: 'before-data' },
				{ id: 'zz9!', body: odd(1), where: 'before-data' },
				{ id: 'cue ', body: odd(3), where: 'after-data' },
				{ id: 'LIST', body: odd(11), where: 'after-data' },
				{ id: 'iXML', body: odd(7), where: 'after-data' },
			],
		});
		const { info, data } = await readAll(path);
		expect(info.frames).toBe(3);
		expect(info.dataBytes).toBe(9);
		expect(Array.from(data[0])).toEqual([100, -200, 300].map((v) => v / 8388608));
	});

	it('ignores trailing bytes past the RIFF end and a pad byte missing at the very end', async () => {
		const wav = buildWav({ encoding: 'pcm', bits: 24, samples: [[7]] }); // 3 data bytes + pad
		const withGarbage = Buffer.concat([wav, Buffer.from('garbage!garbage!')]);
		expect((await readAll(await put(withGarbage))).data[0][0]).toBe(7 / 8388608);
		const noPad = wav.subarray(0, wav.length - 1);
		expect((await readAll(await put(noPad))).data[0][0]).toBe(7 / 8388608);
	});

	for (const form of [true, 'BW64'] as const) {
		it(`${form === true ? 'RF64' : 'BW64'}: sizes come from ds64`, async () => {
			const path = await put({ encoding: 'pcm', bits: 16, samples: [[1, 2, 3, 4], [-1, -2, -3, -4]], rf64: form, timeReference: 5, extraChunks: [{ id: 'LIST', body: Buffer.alloc(3), where: 'after-data' }] });
			const { info, data } = await readAll(path);
			expect(info).toMatchObject({ container: 'rf64', frames: 4, dataBytes: 16, timeReference: 5 });
			expect(Array.from(data[1])).toEqual([-1, -2, -3, -4].map((v) => v / 32768));
		});
	}

	it('RF64 whose data chunk has a real size uses it', async () => {
		// A small BW64 may carry the real size in the data chunk; ds64 says something else.
		const data = encodeSamples('pcm', 16, [[1, 2]]);
		const fmt = chunk('fmt ', fmtBody({ encoding: 'pcm', bits: 16, channels: 1 }));
		const bytes = riff([chunk('ds64', ds64Body(0, 999_999, 0)), fmt, chunk('data', data)], { form: 'RF64', declaredSize: 0xffffffff });
		const info = await readWavInfo(await put(bytes));
		expect(info).toMatchObject({ container: 'rf64', frames: 2, dataBytes: 4 });
	});
});

describe('WavReader.read', () => {
	it('reads partial blocks at the end, nothing past it, and refuses a short buffer', async () => {
		const reader = await WavReader.open(await put({ encoding: 'pcm', bits: 16, samples: [[1, 2, 3, 4, 5]] }));
		const bytes = Buffer.alloc(8);
		expect(await reader.read(3, 4, bytes)).toBe(2);
		expect(bytes.readInt16LE(0)).toBe(4);
		expect(bytes.readInt16LE(2)).toBe(5);
		expect(await reader.read(5, 4, bytes)).toBe(0);
		expect(await reader.read(99, 4, bytes)).toBe(0);
		expect(await reader.read(0, 0, bytes)).toBe(0);
		await expect(reader.read(0, 5, bytes)).rejects.toThrow(RangeError);
		await expect(reader.read(-1, 1, bytes)).rejects.toThrow(RangeError);
		await reader.close();
		await reader.close();
		await expect(reader.read(0, 1, bytes)).rejects.toThrow(/closed/);
	});
});
