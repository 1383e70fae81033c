// FLAC input: files made here by ffmpeg from WAVs whose samples the test knows decode to exactly
// those samples, from the start and after any seek (with and without a SEEKTABLE); the channel
// order of a 6-channel file (a distinct tone per channel) and a channel mask comment; and damaged
// or wrong files give one MediaError naming the file.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi, type TestContext } from 'vitest';
import { FlacReader, readFlacInfo } from '../../engine/media/flac-reader.js';
import { readMediaInfo } from '../../engine/media/probe.js';
import { MediaError } from '../../sessions/errors.js';
import { buildWav, makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
let dir = '';

beforeAll(async () => {
	dir = await makeTempDir();
});
afterAll(async () => {
	await removeTempDir(dir);
});

function need(ctx: TestContext): void {
	if (!hasFfmpeg) ctx.skip();
}

/** 24-bit integer samples, deterministic noise plus a tone per channel. */
function samples(channels: number, frames: number, rate: number): number[][] {
	let seed = 12345;
	return Array.from({ length: channels }, (_, c) =>
		Array.from({ length: frames }, (_, i) => {
			seed = (seed * 1103515245 + 12345) >>> 0;
			const noise = ((seed >>> 8) % 20001) - 10000;
			// Full scale both ways now and then: the scaling must be exact there too.
			if (i % 997 === 5) return i % 2 === 0 ? 8388607 : -8388608;
			return Math.round(3_000_000 * Math.sin((2 * Math.PI * (220 * (c + 1)) * i) / rate)) + noise;
		}),
	);
}

/** A FLAC made by ffmpeg from a WAV of `s`. */
function flacOf(name: string, s: number[][], rate: number, channelMask?: number): string {
	const wav = join(dir, `${name}.wav`);
	writeFileSync(wav, buildWav({ encoding: 'pcm', bits: 24, sampleRate: rate, samples: s, ...(channelMask ? { extensible: true, channelMask } : {}) }));
	const flac = join(dir, `${name}.flac`);
	execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', wav, '-c:a', 'flac', flac], { stdio: ['ignore', 'ignore', 'pipe'] });
	return flac;
}

/** The file with metadata blocks of type `from` turned into padding (type 1). */
function retype(path: string, from: number, out: string): string {
	const b = readFileSync(path);
	let p = 4;
	for (let last = false; !last; ) {
		last = (b[p]! & 0x80) !== 0;
		if ((b[p]! & 0x7f) === from) b[p] = (b[p]! & 0x80) | 1;
		p += 4 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
	}
	writeFileSync(out, b);
	return out;
}

async function readAll(reader: FlacReader, at: number, n: number): Promise<Float32Array[]> {
	const out = Array.from({ length: reader.channels }, () => new Float32Array(n));
	expect(await reader.read(at, n, out, 0)).toBe(n);
	return out;
}

/** Exact equality, reported as the first differing sample (a diff of whole arrays is unreadable). */
function expectSamples(got: Float32Array[], s: number[][], at: number): void {
	for (let c = 0; c < s.length; c++) {
		const g = got[c]!;
		let first = -1;
		for (let i = 0; i < g.length && first < 0; i++) if (g[i] !== Math.fround(s[c]![at + i]! / 8388608)) first = i;
		expect(first < 0 ? 'equal' : `channel ${c}, frame ${at + first}: ${g[first]} vs ${s[c]![at + first]! / 8388608}`).toBe('equal');
	}
}

describe('FLAC decode', () => {
	it('decodes to the samples of the WAV it was made from, with its header facts', async (ctx) => {
		need(ctx);
		const s = samples(2, 3 * 44100 + 17, 44100);
		const file = flacOf('stereo', s, 44100);
		const info = await readMediaInfo(file);
		expect(info).toMatchObject({ container: 'flac', encoding: 'pcm', bitsPerSample: 24, channels: 2, sampleRate: 44100, frames: s[0]!.length, speakers: ['L', 'R'] });
		const reader = await FlacReader.open(file);
		try {
			expectSamples(await readAll(reader, 0, reader.frames), s, 0);
		} finally {
			await reader.close();
		}
	});

	for (const seektable of [true, false]) {
		it(`seeks to any frame exactly (${seektable ? 'SEEKTABLE' : 'no SEEKTABLE: bisection'})`, async (ctx) => {
			need(ctx);
			const s = samples(2, 10 * 48000, 48000);
			let file = flacOf(`seek-${seektable}`, s, 48000);
			if (!seektable) file = retype(file, 3, join(dir, 'no-seektable.flac'));
			const reader = await FlacReader.open(file, { blocking: !seektable });
			try {
				let seed = 7;
				for (let k = 0; k < 25; k++) {
					seed = (seed * 48271) % 2147483647;
					const at = seed % (reader.frames - 5000);
					const n = 1 + (seed % 4999);
					expectSamples(await readAll(reader, at, n), s, at);
				}
				// Backwards, and the very end.
				expectSamples(await readAll(reader, 3, 10), s, 3);
				expectSamples(await readAll(reader, reader.frames - 100, 100), s, reader.frames - 100);
			} finally {
				await reader.close();
			}
		});
	}

	it('6 channels play in FLAC order L R C LFE Ls Rs, with or without a channel-mask comment', async (ctx) => {
		need(ctx);
		const rate = 48000;
		const n = 48000;
		// Channel c carries a tone of 500·(c + 1) Hz only.
		const s = Array.from({ length: 6 }, (_, c) => Array.from({ length: n }, (_, i) => Math.round(4_000_000 * Math.sin((2 * Math.PI * 500 * (c + 1) * i) / rate))));
		const withMask = flacOf('six', s, rate, 0x3f);
		const noMask = retype(withMask, 4, join(dir, 'six-nomask.flac'));
		for (const file of [withMask, noMask]) {
			const info = await readFlacInfo(file);
			expect(info.speakers).toEqual(['L', 'R', 'C', 'LFE', 'Ls', 'Rs']);
			const reader = await FlacReader.open(file);
			try {
				const got = await readAll(reader, 0, n);
				for (let c = 0; c < 6; c++) {
					// Correlate each channel with each tone: only its own is there.
					for (let t = 0; t < 6; t++) {
						let dot = 0;
						for (let i = 0; i < n; i++) dot += got[c]![i]! * Math.sin((2 * Math.PI * 500 * (t + 1) * i) / rate);
						const amp = (2 * dot) / n;
						if (t === c) expect(amp).toBeCloseTo(4_000_000 / 8388608, 3);
						else expect(Math.abs(amp)).toBeLessThan(1e-4);
					}
				}
			} finally {
				await reader.close();
			}
		}
	});

	it('a channel mask comment places the channels (4 channels, L R C and a back centre)', async (ctx) => {
		need(ctx);
		const s = samples(4, 4800, 48000);
		const file = flacOf('quad', s, 48000, 0x107);
		const info = await readFlacInfo(file);
		expect(info.channelMask).toBe(0x107);
		expect(info.speakers).toEqual(['L', 'R', 'C', null]);
	});
});

describe('bad FLAC', () => {
	async function refusal(path: string): Promise<string> {
		const spy = vi.spyOn(console, 'error');
		try {
			const error = await readMediaInfo(path).then(
				() => undefined,
				(e: unknown) => e,
			);
			expect(error).toBeInstanceOf(MediaError);
			const message = (error as Error).message;
			expect(message).toContain(path);
			expect(message.split('\n')).toHaveLength(1);
			expect(spy).not.toHaveBeenCalled();
			return message;
		} finally {
			spy.mockRestore();
		}
	}

	it('not FLAC, empty, metadata cut, audio cut mid-frame or at a frame: one line naming the file', async (ctx) => {
		need(ctx);
		const good = readFileSync(flacOf('good', samples(2, 5 * 48000, 48000), 48000));
		const text = join(dir, 'notes.flac');
		writeFileSync(text, 'these are not the droids\n');
		expect(await refusal(text)).toMatch(/not a FLAC file/);
		const empty = join(dir, 'empty.flac');
		writeFileSync(empty, '');
		expect(await refusal(empty)).toMatch(/empty/);
		const meta = join(dir, 'meta-cut.flac');
		writeFileSync(meta, good.subarray(0, 30));
		expect(await refusal(meta)).toMatch(/truncated/);
		const cut = join(dir, 'cut.flac');
		writeFileSync(cut, good.subarray(0, Math.floor(good.length * 0.6)));
		expect(await refusal(cut)).toMatch(/truncated|corrupt/);
	});

	it('a FIFO or a directory named .flac is refused at once, never read', async (ctx) => {
		const fifo = join(dir, 'pipe.flac');
		try {
			execFileSync('mkfifo', [fifo]);
		} catch {
			ctx.skip();
		}
		expect(await refusal(fifo)).toMatch(/FIFO|pipe/i);
		const folder = join(dir, 'folder.flac');
		execFileSync('mkdir', [folder]);
		expect(await refusal(folder)).toMatch(/directory/);
	});

	it('readers decoding at the same time give the console back as it was', async (ctx) => {
		need(ctx);
		const file = flacOf('concurrent', samples(2, 2 * 48000, 48000), 48000);
		const before = console.error;
		const readers = await Promise.all(Array.from({ length: 6 }, () => FlacReader.open(file)));
		try {
			await Promise.all(readers.map((r) => readAll(r, 0, r.frames)));
			expect(console.error).toBe(before);
		} finally {
			await Promise.all(readers.map((r) => r.close()));
		}
	});

	it('damage inside the audio: the frame is named when it is read, and nothing is logged', async (ctx) => {
		need(ctx);
		const good = readFileSync(flacOf('good2', samples(2, 5 * 48000, 48000), 48000));
		const bad = Buffer.from(good);
		const at = Math.floor(bad.length / 2);
		for (let i = 0; i < 64; i++) bad[at + i] ^= 0x5a;
		const file = join(dir, 'damaged.flac');
		writeFileSync(file, bad);
		const spy = vi.spyOn(console, 'error');
		const reader = await FlacReader.open(file);
		try {
			const out = [new Float32Array(reader.frames), new Float32Array(reader.frames)];
			const error = await reader.read(0, reader.frames, out, 0).then(
				() => undefined,
				(e: unknown) => e,
			);
			expect(error).toBeInstanceOf(MediaError);
			expect((error as Error).message).toMatch(new RegExp(`^${file}: corrupt: the frame at byte \\d+ \\(about [\\d.]+ s\\)`));
			expect(spy).not.toHaveBeenCalled();
		} finally {
			spy.mockRestore();
			await reader.close();
		}
	});
});
