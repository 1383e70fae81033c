// Bad input to render and check: one clear line naming the file/field, a non-zero exit, and
// no output file left behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { buildWav, makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { testSignal, writeFixture } from '../helpers/mix-fixture.js';

let dir: string;
beforeEach(async () => {
	dir = await makeTempDir();
});
afterEach(async () => {
	await chmod(dir, 0o755).catch(() => undefined);
	await removeTempDir(dir);
});

const good = { sampleRate: 8000, media: [{ name: 'a.wav', encoding: 'pcm' as const, bits: 24, signal: [testSignal(800, 1)] }], tracks: [{ id: 'a', clips: [{ media: 'a.wav', at: 0 }] }] };

async function expectFailure(args: string[], pattern: RegExp) {
	const out = join(dir, 'out.wav');
	const run = await cli(['render', ...args, '-o', out]);
	expect(run.code).not.toBe(0);
	expect(run.stderr).toMatch(pattern);
	expect(run.stdout).toBe('');
	expect(existsSync(out)).toBe(false);
	// No temporary file left behind either.
	expect((await readdir(dir)).filter((f) => f.includes('tmp'))).toEqual([]);
	return run;
}

describe('render refuses bad input', () => {
	it('invalid YAML names the file and line', async () => {
		const file = join(dir, 's.yaml');
		await writeFile(file, 'dubdesk: 1\ntracks: [\n  - id: a\n');
		await expectFailure([file], /s\.yaml.*\d+:\d+/);
	});

	it('an unknown key names its path', async () => {
		const { sessionFile } = await writeFixture(dir, good);
		const { readFile } = await import('node:fs/promises');
		await writeFile(sessionFile, (await readFile(sessionFile, 'utf8')).replace('pan: 0', 'pan: 0\n    colour: red'));
		await expectFailure([sessionFile], /tracks\[0\]\.colour/);
	});

	it('missing media names the file', async () => {
		const { sessionFile } = await writeFixture(dir, good);
		const { rm } = await import('node:fs/promises');
		await rm(join(dir, 'media', 'a.wav'));
		await expectFailure([sessionFile], /media\/a\.wav.*(not found|no such)/i);
	});

	it('a truncated WAV (a recording cut short) plays what is there, with a warning naming the file', async () => {
		const { sessionFile } = await writeFixture(dir, good);
		const wav = buildWav({ encoding: 'pcm', bits: 24, samples: [new Array(800).fill(1000)], sampleRate: 8000 });
		await writeFile(join(dir, 'media', 'a.wav'), wav.subarray(0, wav.length - 300));
		const out = join(dir, 'out.wav');
		const run = await cli(['render', sessionFile, '-o', out]);
		expect(run.stderr).toMatch(/^dubdesk: warning: .*media\/a\.wav: cut short: .*100 frames, missing at the end/);
		expect(run.code).toBe(0);
		expect(existsSync(out)).toBe(true);
	});

	it('a corrupt WAV names the file', async () => {
		const { sessionFile } = await writeFixture(dir, good);
		await writeFile(join(dir, 'media', 'a.wav'), Buffer.from('this is not audio at all, just text'));
		await expectFailure([sessionFile], /a\.wav/);
	});

	it('a rate too odd to convert to the session rate names both rates', async () => {
		// 44101/8000 would need 8000 filter phases (other rates are converted as they play).
		const { sessionFile } = await writeFixture(dir, { ...good, media: [{ ...good.media[0]!, sampleRate: 44101 }] });
		await expectFailure([sessionFile], /a\.wav.*44101 Hz cannot be converted.*8000/);
	});

	it('an unwritable output directory names the path', async () => {
		const { sessionFile } = await writeFixture(dir, good);
		const locked = join(dir, 'locked');
		await mkdir(locked);
		await chmod(locked, 0o555);
		const out = join(locked, 'mix.wav');
		const run = await cli(['render', sessionFile, '-o', out]);
		if (process.getuid?.() === 0) {
			// root ignores directory permissions; use a path under a file instead.
			const run2 = await cli(['render', sessionFile, '-o', join(sessionFile, 'mix.wav')]);
			expect(run2.code).not.toBe(0);
			expect(run2.stderr).toMatch(/mix\.wav/);
			return;
		}
		expect(run.code).not.toBe(0);
		expect(run.stderr).toMatch(/locked\/mix\.wav/);
		expect(existsSync(out)).toBe(false);
	});

	it('refuses to overwrite one of its own media files', async () => {
		const { sessionFile } = await writeFixture(dir, good);
		const run = await cli(['render', sessionFile, '-o', join(dir, 'media', 'a.wav')]);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/media file of this session/);
	});

	it.each([
		[['--bit-depth', '20'], /--bit-depth 20: expected 16, 24 or 32f/],
		[['--from', 'soon'], /--from.*"soon" is not a time/],
		[['--from', '2', '--to', '1'], /--from 2 is not before --to 1/],
		[['--to', '86401'], /^dubdesk: --to: 86401 is past 24 h: times go from 0 to 86400 s\n$/],
		[['--from', '1e3'], /--from.*"1e3" is not a time/],
	])('bad option %j', async (extra, pattern) => {
		const { sessionFile } = await writeFixture(dir, good);
		await expectFailure([sessionFile, ...extra], pattern);
	});

	it('a session with nothing to play names its file', async () => {
		const file = join(dir, 'empty.yaml');
		await writeFile(file, 'dubdesk: 1\n');
		await expectFailure([file], /^dubdesk: .*empty\.yaml: nothing to render: the session has no clips \(give --to for a silent print\)\n$/);
	});

	it('a clip a day away is refused before anything is written', async () => {
		const { sessionFile } = await writeFixture(dir, { ...good, tracks: [{ id: 'a', clips: [{ media: 'a.wav', at: 86401 }] }] });
		await expectFailure([sessionFile], /^dubdesk: .*tracks\[0\]\.clips\[0\]\.at: expected seconds from 0 to 86400 \(24 h\), got 86401\n$/);
	});

	it('hundreds of YAML errors are one line', async () => {
		const file = join(dir, 's.yaml');
		// Tabs as indentation on 300 lines: a distinct error on each.
		await writeFile(file, `dubdesk: 1\ntracks:\n${'\t- id: a\n'.repeat(300)}`);
		const run = await expectFailure([file], /^dubdesk: .*s\.yaml:3:1: Tabs are not allowed as indentation … and \d+ more \(dubdesk check lists them\)\n$/);
		expect(run.stderr.split('\n')).toHaveLength(2);
	});

	it('an interrupted render leaves no output', async () => {
		const { sessionFile } = await writeFixture(dir, good);
		const out = join(dir, 'out.wav');
		const controller = new AbortController();
		controller.abort();
		const run = await cli(['render', sessionFile, '-o', out], process.cwd(), controller.signal);
		expect(run.code).toBe(130);
		expect(run.stderr).toMatch(/interrupted/);
		expect(existsSync(out)).toBe(false);
	});
});

describe('check', () => {
	it('says ok with a summary for a good session', async () => {
		const { sessionFile } = await writeFixture(dir, good);
		const run = await cli(['check', sessionFile]);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/ok .*1 tracks.*1 clips/);
	});

	it('lists every problem at once', async () => {
		const { sessionFile } = await writeFixture(dir, {
			sampleRate: 8000,
			media: [
				{ name: 'a.wav', encoding: 'pcm', bits: 24, signal: [testSignal(800, 1)] },
				{ name: 'b.wav', encoding: 'pcm', bits: 24, signal: [testSignal(800, 1)], sampleRate: 48001 },
			],
			tracks: [{ id: 'a', clips: [{ media: 'a.wav', at: 0 }, { media: 'gone.wav', at: 0 }, { media: 'b.wav', at: 0 }] }],
		});
		const run = await cli(['check', sessionFile]);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/gone\.wav/);
		expect(run.stderr).toMatch(/b\.wav.*48001/);
		expect(run.stderr).toMatch(/2 problems/);
	});

	it('lists the first 20 problems and counts the rest', async () => {
		const file = join(dir, 's.yaml');
		await writeFile(file, `dubdesk: 1\ntracks:\n${Array.from({ length: 30 }, (_, i) => `  - { id: t${i}, colour: red }\n`).join('')}`);
		const run = await cli(['check', file]);
		expect(run.code).toBe(1);
		const lines = run.stderr.trimEnd().split('\n');
		expect(lines.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => `${file}: tracks[${i}].colour: unknown key`));
		expect(lines.slice(20)).toEqual(['… and 10 more', `dubdesk: 30 problems in ${file}`]);
	});

	it('a YAML syntax error is named once however often the parser repeats it', async () => {
		const file = join(dir, 's.yaml');
		await writeFile(file, `dubdesk: 1\nmarkers: ${'['.repeat(400)}\n`);
		const run = await cli(['check', file]);
		expect(run.code).toBe(1);
		expect(run.stderr).toBe(`${file}:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]\ndubdesk: 1 problem in ${file}\n`);
	});
});

describe('play refuses a bad number with one line naming the flag', () => {
	it.each([
		[['--duration', 'abc'], 'dubdesk: --duration: not a number: expected seconds above 0, at most 86400 (24 h), e.g. --duration 30\n'],
		[['--duration', '0'], 'dubdesk: --duration 0: expected seconds above 0, at most 86400 (24 h), e.g. --duration 30\n'],
		[['--duration', '86401'], 'dubdesk: --duration 86401: expected seconds above 0, at most 86400 (24 h), e.g. --duration 30\n'],
		[['--buffer', 'lots'], 'dubdesk: --buffer: not a number: expected a whole number of frames from 32 to 8192\n'],
		[['--from', '90000'], 'dubdesk: --from: 90000 is past 24 h: times go from 0 to 86400 s\n'],
	])('%j', async (extra, message) => {
		const { sessionFile } = await writeFixture(dir, good);
		const run = await cli(['play', sessionFile, ...extra]);
		expect(run).toEqual({ code: 1, stdout: '', stderr: message });
	});
});
