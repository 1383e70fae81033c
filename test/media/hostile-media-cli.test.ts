// Hostile and damaged media through `check` and `render`: problems are one line each naming the
// file (and the clip), warnings are listed by check and printed by render, nothing hangs, and a
// refused render leaves no file.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { readWav } from '../helpers/read-wav.js';
import { buildWav, chunk, encodeSamples, fmtBody, makeTempDir, removeTempDir, riff } from '../helpers/wav-bytes.js';

const SR = 48000;
let dir = '';
let hasFifo = false;
let server: Server | undefined;

beforeAll(async () => {
	dir = await makeTempDir();
	try {
		execFileSync('mkfifo', [join(dir, 'pipe.wav')]);
		execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
		hasFifo = true;
	} catch {
		hasFifo = false;
	}
	server = createServer();
	await new Promise<void>((done, fail) => server!.once('error', fail).listen(join(dir, 'sock.wav'), done));
});
afterAll(async () => {
	await new Promise((done) => server?.close(done));
	await removeTempDir(dir);
});

/** A session file `name`.yaml with one track playing `clips` (YAML flow mappings). */
async function session(name: string, clips: string[]): Promise<string> {
	const file = join(dir, `${name}.yaml`);
	await writeFile(file, `dubdesk: 1\nsampleRate: ${SR}\ntracks:\n  - id: a\n    clips:\n${clips.map((c) => `      - ${c}\n`).join('')}`);
	return file;
}

/** Writes `bytes` as dir/name and returns the path. */
async function media(name: string, bytes: Uint8Array): Promise<string> {
	const path = join(dir, name);
	await writeFile(path, bytes);
	return path;
}

const mono = (samples: number[], o: { encoding?: 'pcm' | 'float'; bits?: number; timeReference?: number } = {}) =>
	buildWav({ encoding: o.encoding ?? 'float', bits: o.bits ?? 32, samples: [samples], sampleRate: SR, timeReference: o.timeReference });
/** 0.25 for `frames` frames with NaN at `nanAt`. */
const withNaN = (frames: number, nanAt: number[]) => mono(Array.from({ length: frames }, (_, i) => (nanAt.includes(i) ? NaN : 0.25)));

interface CheckCase {
	name: string;
	/** The session file's name (without .yaml) when a message names it; else from `name`. */
	session?: string;
	/** Writes the media and returns the clip entries. */
	setup: () => Promise<string[]>;
	/** Exit status. */
	code: 0 | 1;
	/** Lines expected on stderr (problems) or stdout (warnings), `DIR` standing for the temp dir. */
	problems?: string[];
	warnings?: string[];
	needsFifo?: boolean;
}

const checks: CheckCase[] = [
	{
		name: 'a FIFO as media (it would block the open forever)',
		needsFifo: true,
		setup: async () => ['{ file: pipe.wav, at: 0 }'],
		code: 1,
		problems: ['DIR/pipe.wav: is a FIFO (named pipe), not a media file'],
	},
	{ name: 'a socket as media', setup: async () => ['{ file: sock.wav, at: 0 }'], code: 1, problems: ['DIR/sock.wav: is a socket, not a media file'] },
	{ name: 'a device as media', setup: async () => ['{ file: /dev/zero, at: 0 }'], code: 1, problems: ['/dev/zero: is a character device, not a media file'] },
	{ name: 'a NUL byte in a media path', setup: async () => ['{ file: "a\\0b.wav", at: 0 }'], code: 1, problems: ['"DIR/a\\u0000b.wav": the path contains a NUL byte'] },
	{
		name: 'NaN and infinite samples in float media',
		setup: async () => {
			await media('nan.wav', withNaN(SR, [12_000, 12_001, 40_000]));
			return ['{ file: nan.wav, at: 0 }'];
		},
		code: 1,
		problems: ['DIR/nan.wav: 3 NaN or infinite samples in its 32-bit float data, the first 0.250 s (sample frame 12000) into the file; render refuses them; render --zero-nan prints them as silence'],
	},
	{
		name: 'NaN outside what the session plays is no problem',
		setup: async () => {
			await media('nan-late.wav', withNaN(SR, [40_000]));
			return ['{ file: nan-late.wav, at: 0, length: 0.5 }'];
		},
		code: 0,
	},
	{
		name: 'a recording cut short (a warning: what is there plays)',
		setup: async () => {
			await media('short.wav', riff([chunk('fmt ', fmtBody({ encoding: 'pcm', bits: 16, channels: 1 })), chunk('data', encodeSamples('pcm', 16, [new Array(4800).fill(1000)]), { declaredSize: 2 * SR * 2 })]));
			return ['{ file: short.wav, at: 0 }'];
		},
		code: 0,
		warnings: ['DIR/short.wav: cut short: the data chunk declares 2.000 s but the file holds 0.100 s (1.900 s, 91200 frames, missing at the end); what is there is used'],
	},
	{
		name: 'a partial last frame (a warning)',
		setup: async () => {
			await media('partial.wav', riff([chunk('fmt ', fmtBody({ encoding: 'pcm', bits: 24, channels: 2 })), chunk('data', Buffer.alloc(6 * 100 + 5))]));
			return ['{ file: partial.wav, at: 0 }', '{ file: partial.wav, at: 1 }'];
		},
		code: 0,
		warnings: ['DIR/partial.wav: the data ends with 5 byte(s) of a partial sample frame (frames are 6 bytes); ignored'],
	},
	{
		name: 'a data chunk with no frames',
		setup: async () => {
			await media('empty.wav', riff([chunk('fmt ', fmtBody({ encoding: 'pcm', bits: 16, channels: 1 })), chunk('data', Buffer.alloc(0))]));
			return ['{ file: empty.wav, at: 0 }'];
		},
		code: 1,
		problems: ['DIR/empty.wav: has no audio: its data chunk holds no sample frames (tracks[0].clips[0].file)'],
	},
	{
		name: 'a BWF time reference past 24 h',
		session: 'late',
		setup: async () => {
			await media('late.wav', mono([0.1, 0.1], { encoding: 'pcm', bits: 16, timeReference: 25 * 3600 * SR }));
			return ['{ file: late.wav }'];
		},
		code: 1,
		problems: ["DIR/late.yaml: tracks[0].clips[0].at: omitted, but late.wav's BWF time reference (4320000000 samples, 25.000 h) is past 24 h: give the clip a position"],
	},
	{
		name: 'a BWF time reference whose clip ends past 24 h',
		session: 'edge',
		setup: async () => {
			await media('edge.wav', mono(new Array(2 * SR).fill(0), { encoding: 'pcm', bits: 16, timeReference: (24 * 3600 - 1) * SR }));
			return ['{ file: edge.wav }'];
		},
		code: 1,
		problems: ["DIR/edge.yaml: tracks[0].clips[0]: edge.wav would end at 86401.000 s (placed by edge.wav's BWF time reference), past 24 h (86400 s)"],
	},
	{
		name: 'WAVE_FORMAT_EXTENSIBLE with cbSize 0 and its extension bytes there',
		setup: async () => {
			await media('ext0.wav', buildWav({ encoding: 'pcm', bits: 24, samples: [[1, 2, 3]], sampleRate: SR, extensible: true, fmt: { cbSize: 0 } }));
			return ['{ file: ext0.wav, at: 0 }'];
		},
		code: 0,
	},
];

describe('dubdesk check lists hostile and damaged media', () => {
	it.for(checks)('$name', async (c, ctx) => {
		if (c.needsFifo && !hasFifo) ctx.skip('mkfifo is not available');
		const sessionFile = await session(c.session ?? c.name.replace(/\W+/g, '-'), await c.setup());
		const started = Date.now();
		const run = await cli(['check', sessionFile]);
		expect(Date.now() - started).toBeLessThan(5000);
		const fill = (lines: string[]) => lines.map((l) => l.replaceAll('DIR', dir));
		const stderr = run.stderr.split('\n').filter(Boolean);
		const warnings = run.stdout.split('\n').filter((l) => l.startsWith('warning: '));
		expect(warnings).toEqual(fill(c.warnings ?? []).map((w) => `warning: ${w}`));
		if (c.code === 1) expect(stderr).toEqual([...fill(c.problems ?? []), expect.stringMatching(/^dubdesk: \d+ problems? in /)]);
		else expect(stderr).toEqual([]);
		expect(run.code).toBe(c.code);
	});

	it('a FIFO as the session file is one line, at once', async (ctx) => {
		if (!hasFifo) ctx.skip('mkfifo is not available');
		const file = join(dir, 'pipe.yaml');
		const run = await cli(['check', file]);
		const lines = run.stderr.split('\n').filter(Boolean);
		expect(lines[0]!.startsWith(`${file}: `)).toBe(true);
		expect(lines[0]).toMatch(/is a FIFO \(named pipe\), not a regular file$/);
		expect(run.code).toBe(1);
	});
});

describe('dubdesk check, interrupted while reading float media through', () => {
	it('stops with status 130', async () => {
		await media('i-float.wav', withNaN(SR, []));
		const sessionFile = await session('i-float', ['{ file: i-float.wav, at: 0 }']);
		const controller = new AbortController();
		controller.abort();
		const run = await cli(['check', sessionFile], dir, controller.signal);
		expect(run.stderr).toBe('dubdesk: check: interrupted\n');
		expect(run.code).toBe(130);
	});
});

describe('dubdesk render with NaN media and cut-short recordings', () => {
	it('refuses NaN samples with the message check gives, writing nothing', async () => {
		await media('r-nan.wav', withNaN(SR, [100, 200]));
		const sessionFile = await session('r-nan', ['{ file: r-nan.wav, at: 0 }']);
		const out = join(dir, 'r-nan-out.wav');
		const run = await cli(['render', sessionFile, '-o', out]);
		expect(run.stderr.trim()).toBe(
			`dubdesk: ${dir}/r-nan.wav: 2 NaN or infinite samples in its 32-bit float data, the first 0.002 s (sample frame 100) into the file; render refuses them; render --zero-nan prints them as silence`,
		);
		expect(run.code).toBe(1);
		expect(existsSync(out)).toBe(false);
		// --normalize once said "Met" for a NaN mix: it must refuse as well.
		expect((await cli(['render', sessionFile, '-o', out, '--normalize', 'ebu-r128'])).code).toBe(1);
		expect(existsSync(out)).toBe(false);
	});

	it('--zero-nan prints them as silence and says how many', async () => {
		await media('z-nan.wav', withNaN(4800, [100, 4799]));
		const sessionFile = await session('z-nan', ['{ file: z-nan.wav, at: 0 }']);
		const out = join(dir, 'z-nan-out.wav');
		const run = await cli(['render', sessionFile, '-o', out, '--zero-nan']);
		expect(run.stderr).toBe('dubdesk: warning: 2 NaN or infinite media samples printed as silence (--zero-nan)\n');
		expect(run.code).toBe(0);
		// Mono at pan 0 onto stereo: cos(π/4) each side; 0 where the NaNs were.
		const side = Math.fround(0.25 * Math.cos(Math.PI / 4));
		const want = Array.from({ length: 4800 }, (_, i) => (i === 100 || i === 4799 ? 0 : side));
		const wav = readWav(out);
		expect(Array.from(wav.samples[0]!)).toEqual(want);
		expect(Array.from(wav.samples[1]!)).toEqual(want);
	});

	it('a cut-short recording renders what is there, with the warning', async () => {
		const codes = Array.from({ length: 2400 }, (_, i) => (i % 2 ? 8192 : -8192));
		await media('r-short.wav', riff([chunk('fmt ', fmtBody({ encoding: 'pcm', bits: 16, channels: 1 })), chunk('data', encodeSamples('pcm', 16, [codes]), { declaredSize: SR * 2 })]));
		const sessionFile = await session('r-short', ['{ file: r-short.wav, at: 0 }']);
		const out = join(dir, 'r-short-out.wav');
		const run = await cli(['render', sessionFile, '-o', out]);
		expect(run.stderr).toBe(
			`dubdesk: warning: ${dir}/r-short.wav: cut short: the data chunk declares 1.000 s but the file holds 0.050 s (0.950 s, 45600 frames, missing at the end); what is there is used\n`,
		);
		expect(run.code).toBe(0);
		const left = readWav(out).samples[0]!;
		expect(left.length).toBe(2400);
		expect(left[1]).toBe(Math.fround(0.25 * Math.cos(Math.PI / 4)));
	});
});
