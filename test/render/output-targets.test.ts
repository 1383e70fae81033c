// What an output path really is decides how it is written: a regular file is replaced atomically
// (through a symlink, keeping the link), a character device or FIFO gets the bytes straight with
// the final sizes in the header, and nothing else is ever renamed over.
import { afterAll, beforeAll, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { chmod, lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { WavWriter, type WavWriterOptions } from '../../engine/media/wav-writer.js';
import { writeFileAtomic } from '../../sessions/atomic-write.js';
import { MediaError, UserError } from '../../sessions/errors.js';
import { cli } from '../helpers/cli.js';
import { parseWav } from '../helpers/read-wav.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { testSignal, writeFixture } from '../helpers/mix-fixture.js';

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

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

/**
 * A character device to write into. As root a private node (a broken writer could replace the
 * real /dev/null); otherwise the system's, which a user cannot replace.
 */
function device(ctx: TestContext, name: string, major: number, minor: number, system: string): string {
	if (process.getuid?.() !== 0) return system;
	const node = join(dir, name);
	try {
		execFileSync('mknod', [node, 'c', String(major), String(minor)], { stdio: 'ignore' });
		execFileSync('sh', ['-c', 'exec 3>"$0"', node], { stdio: 'ignore' }); // opens (not a nodev mount)
	} catch {
		ctx.skip(`as root only a private device node is written, and ${name} could not be made`);
	}
	return node;
}

function fifo(name = 'pipe'): string {
	const p = join(dir, name);
	execFileSync('mkfifo', [p]);
	return p;
}

/** Reads a FIFO to its end in another process (as a real consumer would). */
function drain(path: string): Promise<Buffer> {
	const child = spawn('cat', [path], { stdio: ['ignore', 'pipe', 'inherit'] });
	const chunks: Buffer[] = [];
	child.stdout.on('data', (c: Buffer) => chunks.push(c));
	return new Promise((done, fail) => child.on('close', (code) => (code === 0 ? done(Buffer.concat(chunks)) : fail(new Error(`cat exited ${code}`)))));
}

// 24-bit mono with an odd frame count: an odd data size, so the pad byte matters too.
const FRAMES = 1001;
const opts: WavWriterOptions = { channels: 1, sampleRate: 48000, bitDepth: '24', timeReference: 4800, frames: FRAMES };
const ramp = Float64Array.from({ length: FRAMES }, (_, i) => (i / FRAMES) * 0.5 - 0.25);

async function writeAll(path: string, o: WavWriterOptions = opts): Promise<WavWriter> {
	const w = await WavWriter.create(path, o);
	await w.write([ramp.subarray(0, 600)], 600);
	await w.write([ramp.subarray(600)], FRAMES - 600);
	await w.finish();
	return w;
}

describe('WavWriter to a device or FIFO', () => {
	it('streams into a FIFO with the final sizes in the header, the same bytes as a file', async () => {
		const pipe = fifo();
		const got = drain(pipe);
		const w = await writeAll(pipe);
		const bytes = await got;
		expect(w.tempPath).toBe('');
		expect((await lstat(pipe)).isFIFO()).toBe(true);
		expect(await readdir(dir)).toEqual(['pipe']);
		// Sizes from first principles: 3 bytes a frame, one pad byte, RIFF size = file − 8.
		const wav = parseWav(bytes);
		expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
		expect(bytes.length % 2).toBe(0);
		expect(wav.samples[0]!.length).toBe(FRAMES);
		expect(wav.timeReference).toBe(4800);
		for (let i = 0; i < FRAMES; i += 97) expect(Math.abs(wav.samples[0]![i]! - ramp[i]!)).toBeLessThanOrEqual(2 / 2 ** 23);
		await writeAll(join(dir, 'file.wav'));
		expect(bytes.equals(await readFile(join(dir, 'file.wav')))).toBe(true);
	});

	it('writes into a character device and never replaces it', async (ctx) => {
		const node = device(ctx, 'null', 1, 3, '/dev/null');
		const before = await stat(node);
		await writeAll(node);
		const after = await lstat(node);
		expect(after.isCharacterDevice()).toBe(true);
		expect([after.rdev, after.ino]).toEqual([before.rdev, before.ino]);
		expect((await readdir(dir)).filter((f) => f.includes('tmp'))).toEqual([]);
	});

	it('needs the length in advance, and checks it', async (ctx) => {
		const node = device(ctx, 'null', 1, 3, '/dev/null');
		const { frames: _omit, ...unknownLength } = opts;
		expect(await errorOf(WavWriter.create(node, unknownLength))).toEqual(new MediaError(node, 'is a device, which cannot seek: a WAV goes there only when its length is known in advance'));
		const short = await WavWriter.create(node, opts);
		await short.write([ramp], 600);
		await expect(short.write([ramp], 600)).rejects.toThrow(RangeError);
		expect(await errorOf(short.finish())).toEqual(new MediaError(node, `ended after 600 of the ${FRAMES} frames its header announced`));
	});

	it('stops waiting for a FIFO reader when interrupted', async () => {
		const pipe = fifo();
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 100);
		expect(await errorOf(WavWriter.create(pipe, { ...opts, signal: controller.signal }))).toEqual(new MediaError(pipe, 'interrupted while waiting for a reader on the FIFO'));
		expect((await lstat(pipe)).isFIFO()).toBe(true);
	});

	it('refuses a terminal', async (ctx) => {
		// A pseudo-terminal held open by another process. Nothing can be created in /dev/pts, so
		// even a writer that tried to replace it could not.
		const holder = spawn('python3', ['-c', 'import os,time; m,s=os.openpty(); print(os.ttyname(s), flush=True); time.sleep(30)'], { stdio: ['ignore', 'pipe', 'ignore'] });
		try {
			const tty = await new Promise<string>((done) => {
				holder.stdout.once('data', (c: Buffer) => done(c.toString().trim()));
				holder.once('error', () => done(''));
				holder.once('exit', () => done(''));
			});
			if (!tty.startsWith('/dev/')) ctx.skip('no python3 to open a pseudo-terminal');
			expect(await errorOf(WavWriter.create(tty, opts))).toEqual(new MediaError(tty, 'is a terminal; send the WAV to a file or a pipe'));
			expect((await lstat(tty)).isCharacterDevice()).toBe(true);
		} finally {
			holder.kill();
		}
	});

	it('refuses a socket', async () => {
		const path = join(dir, 'sock');
		const server = createServer();
		await new Promise<void>((done) => server.listen(path, done));
		try {
			expect(await errorOf(WavWriter.create(path, opts))).toEqual(new MediaError(path, 'is a socket'));
			expect((await lstat(path)).isSocket()).toBe(true);
		} finally {
			server.close();
		}
	});
});

describe('WavWriter through a symlink', () => {
	it('writes the target and keeps the link (and the file mode)', async () => {
		await mkdir(join(dir, 'a'));
		await mkdir(join(dir, 'b'));
		const real = join(dir, 'b', 'real.wav');
		await writeFile(real, 'previous');
		await chmod(real, 0o640);
		const linkPath = join(dir, 'a', 'link.wav');
		await symlink('../b/real.wav', linkPath);
		await writeAll(linkPath, { ...opts, frames: undefined });
		expect(await readlink(linkPath)).toBe('../b/real.wav');
		expect(parseWav(await readFile(real)).samples[0]!.length).toBe(FRAMES);
		expect((await stat(real)).mode & 0o777).toBe(0o640);
		expect([await readdir(join(dir, 'a')), await readdir(join(dir, 'b'))]).toEqual([['link.wav'], ['real.wav']]);
	});

	it('a dangling link: creates its target, the link stays', async () => {
		const linkPath = join(dir, 'link.wav');
		await symlink('made.wav', linkPath);
		await writeAll(linkPath);
		expect((await lstat(linkPath)).isSymbolicLink()).toBe(true);
		expect(parseWav(await readFile(join(dir, 'made.wav'))).samples[0]!.length).toBe(FRAMES);
	});
});

describe('writeFileAtomic', () => {
	it('writes through a symlink, keeping the link and the mode', async () => {
		await writeFile(join(dir, 'real.json'), 'old');
		await chmod(join(dir, 'real.json'), 0o600);
		await symlink('real.json', join(dir, 'link.json'));
		await writeFileAtomic(join(dir, 'link.json'), '{"new":1}\n');
		expect(await readlink(join(dir, 'link.json'))).toBe('real.json');
		expect(await readFile(join(dir, 'real.json'), 'utf8')).toBe('{"new":1}\n');
		expect((await stat(join(dir, 'real.json'))).mode & 0o777).toBe(0o600);
		expect((await readdir(dir)).sort()).toEqual(['link.json', 'real.json']);
	});

	it('writes straight into a FIFO and a device', async (ctx) => {
		const pipe = fifo();
		const got = drain(pipe);
		await writeFileAtomic(pipe, 'report text\n');
		expect((await got).toString()).toBe('report text\n');
		expect((await lstat(pipe)).isFIFO()).toBe(true);
		const node = device(ctx, 'null', 1, 3, '/dev/null');
		await writeFileAtomic(node, 'gone\n');
		expect((await lstat(node)).isCharacterDevice()).toBe(true);
	});

	it('refuses a directory', async () => {
		await mkdir(join(dir, 'd'));
		expect(await errorOf(writeFileAtomic(join(dir, 'd'), 'x'))).toEqual(new UserError(`${join(dir, 'd')}: cannot save: is a directory`));
	});
});

describe('render to a device or FIFO', () => {
	const SR = 48000;
	let session: string;
	beforeEach(async () => {
		// Three seconds, long enough for integrated loudness.
		({ sessionFile: session } = await writeFixture(dir, {
			sampleRate: SR,
			media: [{ name: 'a.wav', encoding: 'float', bits: 32, signal: [testSignal(3 * SR, 5, 0.3)] }],
			tracks: [{ id: 'a', clips: [{ media: 'a.wav', at: 0.5 }] }],
		}));
	});
	const report = async (p: string) => JSON.parse(await readFile(p, 'utf8')) as { integrated: number; truePeak: number };

	it.each([[[]], [['--bit-depth', '16']], [['--normalize', 'ebu-r128']]])('-o FIFO %j: the bytes a file would get', async (extra) => {
		const file = await cli(['render', session, '-o', join(dir, 'file.wav'), '--report', join(dir, 'file.json'), ...extra]);
		expect(file.code).toBe(0);
		const pipe = fifo();
		const got = drain(pipe);
		const run = await cli(['render', session, '-o', pipe, '--report', join(dir, 'pipe.json'), ...extra]);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const bytes = await got;
		expect(bytes.equals(await readFile(join(dir, 'file.wav')))).toBe(true);
		// 0.5 s of silence, then the 3 s clip.
		expect(parseWav(bytes).samples[0]!.length).toBe(3.5 * SR);
		// The stream is metered as sent, the file as read back: the same within dither.
		const [a, b] = [await report(join(dir, 'file.json')), await report(join(dir, 'pipe.json'))];
		expect(Math.abs(a.integrated - b.integrated)).toBeLessThan(0.01);
		expect(Math.abs(a.truePeak - b.truePeak)).toBeLessThan(0.01);
	});

	it('-o the null device with --report measures the mix and leaves the device alone', async (ctx) => {
		const node = device(ctx, 'null', 1, 3, '/dev/null');
		const run = await cli(['render', session, '-o', node, '--report', join(dir, 'r.json')]);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^wrote .*null \(0:03\.500, 48 kHz 32-bit float stereo\)\nloudness -?\d+\.\d LUFS integrated/);
		expect((await lstat(node)).isCharacterDevice()).toBe(true);
		expect((await report(join(dir, 'r.json'))).integrated).toBeLessThan(0);
	});

	it('-o /dev/stdout: the WAV is the whole of stdout, what render says goes to stderr', async () => {
		const bundle = join(root, 'cli.mjs');
		await esbuild.build({
			entryPoints: ['source/cli.ts'],
			bundle: true,
			platform: 'node',
			format: 'esm',
			outfile: bundle,
			logLevel: 'silent',
			external: ['naudiodon', '@julusian/midi'],
			banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
			plugins: [
				{
					// Ink loads react-devtools-core only in development; keep it out (as the build does).
					name: 'stub-devtools',
					setup(build) {
						build.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'rdc', namespace: 'stub' }));
						build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default {}', loader: 'js' }));
					},
				},
			],
		});
		// Through a real pipe, as a shell makes one (Node's own stdio pipes are sockets).
		const script = '{ "$0" "$@"; echo $? > "$OUT.code"; } | cat > "$OUT"';
		const env = { ...process.env, OUT: join(dir, 'stdout.bin') };
		const child = spawn('sh', ['-c', script, process.execPath, bundle, 'render', session, '-o', '/dev/stdout'], { stdio: ['ignore', 'ignore', 'pipe'], env });
		let err = '';
		child.stderr.on('data', (c: Buffer) => (err += c.toString()));
		await new Promise((done) => child.on('close', done));
		expect(err).toMatch(/^wrote \/dev\/stdout \(0:03\.500/);
		expect(await readFile(join(dir, 'stdout.bin.code'), 'utf8')).toBe('0\n');
		await cli(['render', session, '-o', join(dir, 'file.wav')]);
		expect((await readFile(join(dir, 'stdout.bin'))).equals(await readFile(join(dir, 'file.wav')))).toBe(true);
	});
});
