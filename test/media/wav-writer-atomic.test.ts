// Atomicity: a failed or interrupted write never leaves a partial file under the requested name.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readWavInfo } from '../../engine/media/wav-reader.js';
import { WavWriter, type WavWriterOptions } from '../../engine/media/wav-writer.js';
import { MediaError } from '../../sessions/errors.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';

const run = promisify(execFile);
const opts: WavWriterOptions = { channels: 2, sampleRate: 48000, bitDepth: '24' };
const block = [new Float32Array(256).fill(0.25), new Float32Array(256).fill(-0.25)];

let root: string;
let dir: string;
let n = 0;
beforeAll(async () => {
	root = await makeTempDir();
});
afterAll(() => removeTempDir(root));
beforeEach(async () => {
	dir = join(root, `case${n++}`);
	await mkdir(dir);
});

const errorOf = (p: Promise<unknown>) =>
	p.then(
		() => null,
		(e: unknown) => e,
	);

describe('WavWriter atomicity', () => {
	it('writes to a hidden temp file beside the target; finish renames it into place', async () => {
		const path = join(dir, 'mix.wav');
		const w = await WavWriter.create(path, opts);
		await w.write(block, 256);
		expect(await readdir(dir)).toEqual([basename(w.tempPath)]);
		expect(w.tempPath.startsWith(join(dir, `.mix.wav.${process.pid}-`))).toBe(true);
		await w.finish();
		expect(await readdir(dir)).toEqual(['mix.wav']);
		expect((await readWavInfo(path)).frames).toBe(256);
		await w.abort(); // no-op after finish
		expect(await readdir(dir)).toEqual(['mix.wav']);
	});

	it('abort leaves no file and no temp; further calls are refused', async () => {
		const path = join(dir, 'mix.wav');
		const w = await WavWriter.create(path, opts);
		await w.write(block, 256);
		await w.abort();
		await w.abort();
		expect(await readdir(dir)).toEqual([]);
		await expect(w.write(block, 256)).rejects.toThrow(/already aborted/);
		await expect(w.finish()).rejects.toThrow(/already aborted/);
	});

	it('an existing file is replaced only by finish(), and survives an abort', async () => {
		const path = join(dir, 'mix.wav');
		await writeFile(path, 'previous render');
		const a = await WavWriter.create(path, opts);
		await a.write(block, 256);
		expect(await readFile(path, 'utf8')).toBe('previous render');
		await a.abort();
		expect(await readFile(path, 'utf8')).toBe('previous render');
		const b = await WavWriter.create(path, opts);
		await b.write(block, 256);
		await b.finish();
		expect((await readWavInfo(path)).frames).toBe(256);
	});

	it('abort waits for a write in flight, and overlapping writes are refused', async () => {
		const w = await WavWriter.create(join(dir, 'mix.wav'), opts);
		const pending = w.write(block, 256);
		await expect(w.write(block, 256)).rejects.toThrow(/has not finished/);
		await w.abort();
		await pending;
		expect(await readdir(dir)).toEqual([]);
	});

	it('abort() during finish() lets the finish complete', async () => {
		const path = join(dir, 'mix.wav');
		const w = await WavWriter.create(path, opts);
		await w.write(block, 256);
		const finishing = w.finish();
		await expect(w.write(block, 256)).rejects.toThrow(/already finishing/);
		await w.abort();
		await finishing;
		expect(await readdir(dir)).toEqual(['mix.wav']);
		expect((await readWavInfo(path)).frames).toBe(256);
	});

	it('an exception while converting a block removes the temp file', async () => {
		const w = await WavWriter.create(join(dir, 'mix.wav'), { ...opts, bitDepth: '32f' });
		const bad = new Proxy(new Float32Array(256), {
			get: (t, k) => (k === '100' ? (() => { throw new Error('source exploded'); })() : Reflect.get(t, k)),
		});
		const err = await errorOf(w.write([bad, block[1]], 256));
		expect(err).toBeInstanceOf(MediaError);
		expect((err as MediaError).message).toBe(`${join(dir, 'mix.wav')}: write failed: source exploded`);
		expect(await readdir(dir)).toEqual([]);
	});

	it('a rename that fails in finish() leaves nothing', async () => {
		const path = join(dir, 'mix.wav');
		const w = await WavWriter.create(path, opts);
		await w.write(block, 256);
		await mkdir(join(path, 'blocker'), { recursive: true }); // the target became a non-empty directory
		const err = await errorOf(w.finish());
		expect(err).toBeInstanceOf(MediaError);
		expect((err as MediaError).file).toBe(path);
		expect(await readdir(dir)).toEqual(['mix.wav']);
		expect(await readdir(path)).toEqual(['blocker']);
	});
});

describe('WavWriter.create refusals', () => {
	it('a directory that does not exist', async () => {
		const path = join(dir, 'nope', 'mix.wav');
		const err = await errorOf(WavWriter.create(path, opts));
		expect(err).toEqual(new MediaError(path, `directory ${join(dir, 'nope')} does not exist`));
		expect(await readdir(dir)).toEqual([]);
	});

	it('a parent that is a file', async () => {
		await writeFile(join(dir, 'file'), '');
		const path = join(dir, 'file', 'mix.wav');
		const err = (await errorOf(WavWriter.create(path, opts))) as MediaError;
		expect(err).toBeInstanceOf(MediaError);
		expect(err.message).toMatch(new RegExp(`^${path}: cannot create a file in ${join(dir, 'file')}: a parent of the path is not a directory \\(ENOTDIR\\)$`));
	});

	it('a target that is a directory', async () => {
		const path = join(dir, 'out.wav');
		await mkdir(path);
		expect(await errorOf(WavWriter.create(path, opts))).toEqual(new MediaError(path, 'is a directory'));
	});

	it('an unwritable directory', async (ctx) => {
		if (process.getuid?.() === 0) ctx.skip('running as root: directory permissions do not stop root');
		const locked = join(dir, 'locked');
		await mkdir(locked);
		await chmod(locked, 0o555);
		const path = join(locked, 'mix.wav');
		const err = await errorOf(WavWriter.create(path, opts));
		expect(err).toEqual(new MediaError(path, `cannot create a file in ${locked}: permission denied (EACCES)`));
		expect(await readdir(locked)).toEqual([]);
	});

	it('bad options', async () => {
		const path = join(dir, 'mix.wav');
		for (const [o, problem] of [
			[{ ...opts, channels: 9 }, 'cannot write 9 channels (1–8)'],
			[{ ...opts, channels: 0 }, 'cannot write 0 channels (1–8)'],
			[{ ...opts, sampleRate: 0 }, 'invalid sample rate 0'],
			[{ ...opts, bitDepth: '8' }, 'unsupported bit depth "8" (16, 24 or 32f)'],
			[{ ...opts, timeReference: -1 }, 'invalid time reference -1 (frames since midnight)'],
		] as [WavWriterOptions, string][]) {
			expect(await errorOf(WavWriter.create(path, o))).toEqual(new MediaError(path, problem));
		}
		expect(await readdir(dir)).toEqual([]);
	});
});

describe('a disk error in the middle of a render', () => {
	// A real write(2) failure: a child process under `ulimit -f` (RLIMIT_FSIZE) gets EFBIG once the
	// temp file reaches the limit (Node ignores SIGXFSZ). The writer is bundled for the child.
	it.each([false, true])('EFBIG mid-way (blocking writes: %s): MediaError naming the target, no target and no temp left', async (blocking) => {
		const child = join(root, 'child');
		await mkdir(child, { recursive: true });
		await esbuild.build({ entryPoints: ['engine/media/wav-writer.ts'], bundle: true, format: 'esm', platform: 'node', outfile: join(child, 'wav-writer.mjs'), logLevel: 'silent' });
		await writeFile(
			join(child, 'main.mjs'),
			`import { WavWriter } from './wav-writer.mjs';
const w = await WavWriter.create(process.argv[2], { channels: 2, sampleRate: 48000, bitDepth: '24', blocking: process.argv[3] === 'true' });
const x = new Float32Array(4096).fill(0.1);
let blocks = 0;
try {
	for (; blocks < 100; blocks++) await w.write([x, x], 4096);
	await w.finish();
	console.log(JSON.stringify({ ok: true }));
} catch (e) {
	console.log(JSON.stringify({ name: e.name, message: e.message, blocks }));
}`,
		);
		const path = join(dir, 'mix.wav');
		// bash's ulimit -f counts 1024-byte blocks: 256 KiB, about 10 blocks of 24 KiB.
		const { stdout } = await run('bash', ['-c', 'ulimit -f 256 && exec "$0" "$@"', process.execPath, join(child, 'main.mjs'), path, String(blocking)]);
		const result = JSON.parse(stdout) as { name: string; message: string; blocks: number };
		expect(result).toMatchObject({ name: 'MediaError', message: `${path}: write failed: file too large for the file system or the process limit (EFBIG)` });
		expect(result.blocks).toBeGreaterThan(5);
		expect(await readdir(dir)).toEqual([]);
		await rm(child, { recursive: true, force: true });
	});
});
