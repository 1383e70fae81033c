// No output of render may destroy an input or another output: each collision is one line naming
// both files, exit 1, and not a byte written or touched anywhere in the session's folder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { link, lstat, mkdir, readdir, readFile, readlink, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { testSignal, writeFixture } from '../helpers/mix-fixture.js';
import { guardOutputs } from '../../source/output-guard.js';
import { UserError } from '../../sessions/errors.js';

let dir: string;
beforeEach(async () => {
	dir = await makeTempDir();
	// a.wav on track a (tracks[0].clips[0]); DX.wav, named like the DX bus, is tracks[1].clips[1].
	await writeFixture(dir, {
		sampleRate: 8000,
		media: [
			{ name: 'a.wav', encoding: 'pcm', bits: 24, signal: [testSignal(800, 1)] },
			{ name: 'DX.wav', encoding: 'pcm', bits: 24, signal: [testSignal(400, 2)] },
		],
		buses: [{ id: 'DX' }, { id: 'MX' }],
		tracks: [
			{ id: 'a', output: 'MX', clips: [{ media: 'a.wav', at: 0 }] },
			{ id: 'b', output: 'DX', clips: [{ media: 'a.wav', at: 0.01 }, { media: 'DX.wav', at: 0.02 }] },
		],
	});
	await mkdir(join(dir, 'sub'));
	await symlink('media/a.wav', join(dir, 'link.wav'));
	await symlink('media', join(dir, 'mlink'));
	await symlink('target.wav', join(dir, 'dangling.wav'));
	await link(join(dir, 'media', 'a.wav'), join(dir, 'hard.wav'));
	await link(join(dir, 'session.yaml'), join(dir, 'hard.yaml'));
});
afterEach(() => removeTempDir(dir));

/** Every entry under dir: kind, size, mtime, and the bytes of files or the text of links. */
async function snapshot(root: string, rel = ''): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const name of (await readdir(join(root, rel))).sort()) {
		const p = join(root, rel, name);
		const s = await lstat(p);
		const key = join(rel, name);
		if (s.isSymbolicLink()) out[key] = `link ${await readlink(p)}`;
		else if (s.isDirectory()) Object.assign(out, { [key]: 'dir' }, await snapshot(root, key));
		else out[key] = `file ${s.size} ${s.mtimeMs} ${s.mode} ${(await readFile(p)).toString('base64')}`;
	}
	return out;
}

const media = (clip: string) => `a media file of this session (${clip}); choose another output`;

describe('render refuses outputs that would destroy an input or another output', () => {
	it.each<[string, string[], string]>([
		['-o the session file', ['-o', 'session.yaml'], 'session.yaml: is the session file; choose another output'],
		['--report the session file', ['-o', 'mix.wav', '--report', 'session.yaml'], 'session.yaml: is the session file; choose another output'],
		['-o a media file', ['-o', 'media/a.wav'], `media/a.wav: is ${media('tracks[0].clips[0]')}`],
		['-o through ..', ['-o', 'sub/../media/a.wav'], `media/a.wav: is ${media('tracks[0].clips[0]')}`],
		['--report through ..', ['-o', 'mix.wav', '--report', 'media/../session.yaml'], 'session.yaml: is the session file; choose another output'],
		['-o a symlink to a media file', ['-o', 'link.wav'], `link.wav: is the same file as media/a.wav, ${media('tracks[0].clips[0]')}`],
		['-o through a symlinked folder', ['-o', 'mlink/DX.wav'], `mlink/DX.wav: is the same file as media/DX.wav, ${media('tracks[1].clips[1]')}`],
		['-o a hard link to a media file', ['-o', 'hard.wav'], `hard.wav: is the same file as media/a.wav, ${media('tracks[0].clips[0]')}`],
		['--report a hard link to the session', ['-o', 'mix.wav', '--report', 'hard.yaml'], 'hard.yaml: is the same file as session.yaml, the session file; choose another output'],
		['--stems into the media folder', ['-o', 'mix.wav', '--stems', 'media'], `media/DX.wav: is ${media('tracks[1].clips[1]')}`],
		['--stems through a symlink to it', ['-o', 'mix.wav', '--stems', 'mlink'], `mlink/DX.wav: is the same file as media/DX.wav, ${media('tracks[1].clips[1]')}`],
		['-o X --report X', ['-o', 'mix.wav', '--report', 'mix.wav'], 'mix.wav: --report would overwrite the -o output; give each output its own file'],
		['-o and a stem in a new folder', ['-o', 'new/DX.wav', '--stems', 'new'], 'new/DX.wav: stem DX would overwrite the -o output; give each output its own file'],
		['--report a stem', ['-o', 'mix.wav', '--stems', 'st', '--report', 'st/MX.wav'], 'st/MX.wav: --report would overwrite the stem MX output; give each output its own file'],
		['--report where a dangling -o link points', ['-o', 'dangling.wav', '--report', 'target.wav'], 'target.wav: --report would overwrite the -o output dangling.wav; give each output its own file'],
		['-o a directory', ['-o', 'media'], 'media: is a directory; choose another output'],
		['--report a directory', ['-o', 'mix.wav', '--report', 'sub'], 'sub: is a directory; choose another output'],
	])('%s', async (_name, args, line) => {
		const before = await snapshot(dir);
		const run = await cli(['render', 'session.yaml', ...args], dir);
		expect(run.stderr).toBe(`dubdesk: ${line}\n`);
		expect(run.code).toBe(1);
		expect(run.stdout).toBe('');
		// Nothing created (no mix, no stems folder, no temp file), nothing changed.
		expect(await snapshot(dir)).toEqual(before);
	});

	it('names paths outside the working directory in full', async () => {
		const run = await cli(['render', join(dir, 'session.yaml'), '-o', join(dir, 'media', 'DX.wav')], join(dir, 'sub'));
		expect(run.stderr).toBe(`dubdesk: ${join(dir, 'media', 'DX.wav')}: is ${media('tracks[1].clips[1]')}\n`);
	});

	it('a print that collides with nothing writes the mix and stems, and leaves the inputs alone', async () => {
		const inputs = async () => Object.fromEntries(Object.entries(await snapshot(dir)).filter(([k]) => !k.startsWith('out')));
		await mkdir(join(dir, 'out'));
		const before = await inputs();
		const run = await cli(['render', 'session.yaml', '-o', 'out/mix.wav', '--stems', 'out/stems', '--report', 'out/mix.json'], dir);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect((await readdir(join(dir, 'out'))).sort()).toEqual(['mix.json', 'mix.wav', 'stems']);
		expect((await readdir(join(dir, 'out', 'stems'))).sort()).toEqual(['DX.wav', 'MX.wav']);
		expect(await inputs()).toEqual(before);
	});

	it('--stems . in the folder of a media file named like a bus', async () => {
		// Run from media/: the DX stem would replace DX.wav, the clip.
		const run = await cli(['render', '../session.yaml', '-o', '../mix.wav', '--stems', '.'], join(dir, 'media'));
		expect(run.stderr).toBe(`dubdesk: DX.wav: is ${media('tracks[1].clips[1]')}\n`);
		expect(run.code).toBe(1);
		expect((await readdir(join(dir, 'media'))).sort()).toEqual(['DX.wav', 'a.wav']);
		expect(await stat(join(dir, 'mix.wav')).catch(() => null)).toBeNull();
	});
});

describe('guardOutputs', () => {
	const guard = (path: string, label = '-o') => guardOutputs({ inputs: [], outputs: [{ path, label }], cwd: dir });

	it('refuses a block device without opening it', async (ctx) => {
		const node = join(dir, 'blk');
		try {
			// Major 7 is the loop driver; minor 250 is unlikely to be attached, so even an open would fail.
			execFileSync('mknod', [node, 'b', '7', '250'], { stdio: 'ignore' });
		} catch {
			ctx.skip('mknod needs root (CAP_MKNOD)');
		}
		await expect(guard(node)).rejects.toEqual(new UserError('blk: is a block device; dubdesk never writes to one; choose another output'));
	});

	it('refuses a symlink loop', async () => {
		await symlink('loop2', join(dir, 'loop1'));
		await symlink('loop1', join(dir, 'loop2'));
		await expect(guard(join(dir, 'loop1'))).rejects.toEqual(new UserError('loop1: is a symlink loop; choose another output'));
	});

	it('takes two outputs on the same device as one file', async () => {
		const outputs = [
			{ path: '/dev/null', label: '-o' },
			{ path: '/dev/null', label: '--report' },
		];
		await expect(guardOutputs({ inputs: [], outputs, cwd: dir })).rejects.toThrow('/dev/null: --report would overwrite the -o output; give each output its own file');
	});

	it('lets distinct new files, devices and other files through', async () => {
		const outputs = [
			{ path: join(dir, 'x', 'y', 'mix.wav'), label: '-o' },
			{ path: '/dev/null', label: '--report' },
			{ path: join(dir, 'x', 'y', 'z', 'mix.wav'), label: 'stem DX' },
		];
		await expect(guardOutputs({ inputs: [{ path: join(dir, 'media', 'a.wav'), role: 'a media file' }], outputs, cwd: dir })).resolves.toBeUndefined();
	});
});
