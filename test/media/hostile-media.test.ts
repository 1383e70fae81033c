// Hostile and damaged media at the reader: things that are not files are refused at once (never
// a hang), damage that leaves audio is read as far as it goes with a warning, and what no
// header can make us do (loop or allocate without bound).
import { execFileSync } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaWarnings, MAX_CHUNKS, noAudioProblem } from '../../engine/media/wav-header.js';
import { readWavInfo, WavReader } from '../../engine/media/wav-reader.js';
import type { MediaInfo } from '../../engine/media/types.js';
import { MediaError } from '../../sessions/errors.js';
import { buildWav, chunk, ds64Body, encodeSamples, fmtBody, makeTempDir, removeTempDir, riff, subFormatGuid, writeTempWav } from '../helpers/wav-bytes.js';

let dir = '';
let fifo: string | undefined;
let socketPath = '';
let server: Server | undefined;

beforeAll(async () => {
	dir = await makeTempDir();
	try {
		execFileSync('mkfifo', [join(dir, 'pipe.wav')]);
		fifo = join(dir, 'pipe.wav');
	} catch {
		fifo = undefined;
	}
	socketPath = join(dir, 'sock.wav');
	server = createServer();
	await new Promise<void>((done, fail) => server!.once('error', fail).listen(socketPath, done));
});
afterAll(async () => {
	await new Promise((done) => server?.close(done));
	await removeTempDir(dir);
});

/** The error a path gives from both entry points (they must agree). */
async function refusal(path: string): Promise<MediaError> {
	const errors: unknown[] = [];
	for (const attempt of [() => readWavInfo(path), () => WavReader.open(path)]) {
		errors.push(await attempt().then(() => null, (e: unknown) => e));
	}
	for (const e of errors) expect(e).toBeInstanceOf(MediaError);
	const [a, b] = errors as MediaError[];
	expect(b!.message).toBe(a!.message);
	expect(a!.message).not.toContain('\n');
	return a!;
}

describe('what is not a media file is refused at once, naming the file', () => {
	// [case, path (resolved when the case runs), problem]
	const cases: [string, () => string | undefined, string][] = [
		['a FIFO (opening it for reading would block until a writer came)', () => fifo, 'is a FIFO (named pipe), not a media file'],
		['a socket', () => socketPath, 'is a socket, not a media file'],
		['a character device', () => '/dev/null', 'is a character device, not a media file'],
		['a directory', () => dir, 'is a directory, not a media file'],
	];
	it.for(cases)('%s', async ([, where, problem], ctx) => {
		const path = where();
		if (path === undefined) ctx.skip('mkfifo is not available to build the FIFO');
		if (path === undefined) return;
		const started = Date.now();
		const e = await refusal(path);
		expect(e.problem).toBe(problem);
		expect(e.message).toBe(`${path}: ${problem}`);
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('a symlink to a FIFO is refused; a symlink to a WAV is read', async (ctx) => {
		if (!fifo) ctx.skip('mkfifo is not available');
		const toFifo = join(dir, 'link-to-pipe.wav');
		await symlink(fifo!, toFifo);
		expect((await refusal(toFifo)).problem).toBe('is a FIFO (named pipe), not a media file');
		const real = await writeTempWav(dir, 'real.wav', { encoding: 'pcm', bits: 16, samples: [[1, 2, 3]] });
		const toReal = join(dir, 'link-to-real.wav');
		await symlink(real, toReal);
		expect((await readWavInfo(toReal)).frames).toBe(3);
	});

	it('a NUL byte in the path is one line, the path quoted', async () => {
		const path = join(dir, 'a\0b.wav');
		const e = await refusal(path);
		expect(e.message).toBe(`${JSON.stringify(path)}: the path contains a NUL byte`);
	});
});

const mono16 = (codes: number[]) => encodeSamples('pcm', 16, [codes]);
const fmtMono16 = chunk('fmt ', fmtBody({ encoding: 'pcm', bits: 16, channels: 1 }));

interface DamageCase {
	name: string;
	bytes: () => Uint8Array;
	/** Expected header fields. */
	info: Partial<MediaInfo>;
	warnings: string[];
	noAudio?: string;
}

// Warnings are written out here from the numbers of each case (1 frame = 1/48000 s).
const damage: DamageCase[] = [
	{
		name: 'a recording cut short (the data chunk declares 1 s, 10 ms are there)',
		bytes: () => riff([fmtMono16, chunk('data', mono16(new Array(480).fill(3)), { declaredSize: 96000 })]),
		info: { frames: 480, declaredFrames: 48000, dataBytes: 960 },
		warnings: ['cut short: the data chunk declares 1.000 s but the file holds 0.010 s (0.990 s, 47520 frames, missing at the end); what is there is used'],
	},
	{
		name: 'cut short in the middle of a frame',
		bytes: () => riff([chunk('fmt ', fmtBody({ encoding: 'pcm', bits: 24, channels: 2 })), chunk('data', Buffer.alloc(6 * 4800 + 4), { declaredSize: 6 * 48000, pad: false })]),
		info: { frames: 4800, declaredFrames: 48000, dataBytes: 6 * 4800 },
		warnings: ['cut short: the data chunk declares 1.000 s but the file holds 0.100 s (0.900 s, 43200 frames, missing at the end); what is there is used'],
	},
	{
		name: 'an RF64 recording cut short (ds64 data size past the end)',
		bytes: () =>
			riff([chunk('ds64', ds64Body(100, 5_000_000_000, 0)), fmtMono16, chunk('data', mono16(new Array(960).fill(7)), { declaredSize: 0xffffffff })], { form: 'RF64', declaredSize: 0xffffffff }),
		info: { container: 'rf64', frames: 960, declaredFrames: 2_500_000_000 },
		warnings: ['cut short: the data chunk declares 52083.333 s but the file holds 0.020 s (52083.313 s, 2499999040 frames, missing at the end); what is there is used'],
	},
	{
		name: 'a partial last frame (stereo 16-bit, 2 frames and 2 bytes)',
		bytes: () => riff([chunk('fmt ', fmtBody({ encoding: 'pcm', bits: 16, channels: 2 })), chunk('data', Buffer.alloc(10))]),
		info: { frames: 2, partialFrameBytes: 2, dataBytes: 8 },
		warnings: ['the data ends with 2 byte(s) of a partial sample frame (frames are 4 bytes); ignored'],
	},
	{
		name: 'a data chunk of 0 frames',
		bytes: () => riff([fmtMono16, chunk('data', Buffer.alloc(0))]),
		info: { frames: 0 },
		warnings: [],
		noAudio: 'has no audio: its data chunk holds no sample frames',
	},
	{
		name: 'a file that ends at the data chunk header',
		bytes: () => riff([fmtMono16, chunk('data', Buffer.alloc(0), { declaredSize: 96000 })]),
		info: { frames: 0, declaredFrames: 48000 },
		warnings: [],
		noAudio: 'has no audio: its data chunk declares 1.000 s but the file ends before the first sample frame',
	},
	{
		name: 'WAVE_FORMAT_EXTENSIBLE with cbSize 0 but its 22 extension bytes there (read by the bytes)',
		bytes: () => buildWav({ encoding: 'float', bits: 32, samples: [[0.5, -0.25]], extensible: true, fmt: { cbSize: 0 } }),
		info: { encoding: 'float', bitsPerSample: 32, frames: 2 },
		warnings: [],
	},
	{
		name: `${MAX_CHUNKS} empty chunks after the data are not walked to the end`,
		bytes: () => riff([fmtMono16, chunk('data', mono16([5, 6])), ...Array.from({ length: MAX_CHUNKS + 10 }, () => chunk('JUNK', Buffer.alloc(0)))]),
		info: { frames: 2 },
		warnings: [],
	},
];

describe('damaged media that still holds audio: read as far as it goes, with a warning', () => {
	let n = 0;
	it.each(damage)('$name', async (c) => {
		const path = await writeTempWav(dir, `d${n++}.wav`, c.bytes());
		const info = await readWavInfo(path);
		expect(info).toMatchObject(c.info);
		if (!('declaredFrames' in c.info)) expect(info.declaredFrames).toBeUndefined();
		if (!('partialFrameBytes' in c.info)) expect(info.partialFrameBytes).toBeUndefined();
		expect(mediaWarnings(info)).toEqual(c.warnings.map((w) => `${path}: ${w}`));
		expect(noAudioProblem(info)).toBe(c.noAudio);
	});

	it('a cut-short file reads the frames that are there, then nothing', async () => {
		const path = await writeTempWav(dir, 'short.wav', riff([fmtMono16, chunk('data', mono16([100, -200, 300]), { declaredSize: 2000 })]));
		const reader = await WavReader.open(path);
		try {
			const bytes = new Uint8Array(64);
			expect(await reader.read(0, 32, bytes)).toBe(3);
			expect(Array.from(new Int16Array(bytes.buffer, 0, 3))).toEqual([100, -200, 300]);
			expect(await reader.read(3, 8, bytes)).toBe(0);
			expect(reader.readSync(1, 8, bytes)).toBe(2);
		} finally {
			await reader.close();
		}
	});
});

describe('header damage that is refused, saying exactly what is wrong', () => {
	const cases: [string, () => Uint8Array, string][] = [
		[
			'WAVE_FORMAT_EXTENSIBLE with cbSize 0 and no sub-format in the bytes',
			() => buildWav({ encoding: 'pcm', bits: 16, samples: [[0]], extensible: true, fmt: { cbSize: 0, subFormat: Buffer.alloc(16) } }),
			'WAVE_FORMAT_EXTENSIBLE fmt chunk declares a 0-byte extension (cbSize), needs 22 for the channel mask and sub-format',
		],
		[
			'WAVE_FORMAT_EXTENSIBLE as an 18-byte fmt chunk',
			() => riff([chunk('fmt ', Buffer.concat([fmtBody({ encoding: 'pcm', bits: 24, channels: 1, formatTag: 0xfffe }), Buffer.alloc(2)])), chunk('data', Buffer.alloc(3))]),
			'WAVE_FORMAT_EXTENSIBLE without its extension (fmt chunk of 18 bytes, cbSize 0): the sub-format (PCM or float) is not stated',
		],
		[
			'a 22-byte extension declared in a 24-byte fmt chunk',
			() => riff([chunk('fmt ', Buffer.concat([fmtBody({ encoding: 'pcm', bits: 16, channels: 1, formatTag: 0xfffe }), Buffer.from([22, 0]), subFormatGuid(1).subarray(0, 6)])), chunk('data', Buffer.alloc(2))]),
			'WAVE_FORMAT_EXTENSIBLE fmt chunk too short (24 bytes, needs 40)',
		],
		[
			`more than ${MAX_CHUNKS} chunks before the data`,
			() => riff([fmtMono16, ...Array.from({ length: MAX_CHUNKS }, () => chunk('JUNK', Buffer.alloc(0))), chunk('data', mono16([1]))]),
			`more than ${MAX_CHUNKS} chunks before the data chunk; not a WAVE file dubdesk can read`,
		],
	];
	let n = 0;
	it.each(cases)('%s', async (_name, bytes, problem) => {
		const path = await writeTempWav(dir, `r${n++}.wav`, bytes());
		const e = await refusal(path);
		expect(e.problem).toBe(problem);
	});
});

describe('sizes from a header never drive allocation', () => {
	it('a data chunk declaring 4 GiB in a small file reads as the bytes that are there', async () => {
		const path = join(dir, 'claims-4g.wav');
		await writeFile(path, riff([fmtMono16, chunk('data', mono16([1, 2]), { declaredSize: 0xfffffffe })]));
		const info = await readWavInfo(path);
		expect(info.frames).toBe(2);
		expect(info.declaredFrames).toBe(0x7fffffff);
	});

	it('a fmt chunk declaring 4 GiB before the data is refused, not read', async () => {
		const path = join(dir, 'huge-fmt.wav');
		await writeFile(path, riff([chunk('fmt ', fmtBody({ encoding: 'pcm', bits: 16, channels: 1 }), { declaredSize: 0xfffffff0 })]));
		expect((await refusal(path)).problem).toMatch(/^chunk "fmt " at byte 12 declares 4294967280 bytes, running past the end of the file/);
	});
});
