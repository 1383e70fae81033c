// Media at other rates and FLAC through `check` and `render`: a 44.1 kHz WAV plays as the same
// tone at 48 kHz and in time, a FLAC prints exactly as the WAV it was made from, `check` names
// what is converted, and a range render has the samples of the full print at those times.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { readWav } from '../helpers/read-wav.js';
import { buildWav, makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
let dir = '';

beforeAll(async () => {
	dir = await makeTempDir();
	// A 1 kHz tone at 44.1 kHz, 24-bit, 2 s.
	const tone = Array.from({ length: 88200 }, (_, i) => Math.round(0.25 * 8388607 * Math.sin((2 * Math.PI * 1000 * i) / 44100)));
	await writeFile(join(dir, 'cue44.wav'), buildWav({ encoding: 'pcm', bits: 24, sampleRate: 44100, samples: [tone] }));
	// Stereo noise at 48 kHz, as WAV and as the FLAC ffmpeg makes of it.
	let seed = 99;
	const noise = () => {
		seed = (seed * 1103515245 + 12345) >>> 0;
		return ((seed >>> 8) % 2000001) - 1000000;
	};
	const st = [Array.from({ length: 96000 }, noise), Array.from({ length: 96000 }, noise)];
	await writeFile(join(dir, 'fx.wav'), buildWav({ encoding: 'pcm', bits: 24, sampleRate: 48000, samples: st }));
	if (hasFfmpeg) execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', join(dir, 'fx.wav'), '-c:a', 'flac', join(dir, 'fx.flac')], { stdio: ['ignore', 'ignore', 'pipe'] });
});
afterAll(async () => {
	await removeTempDir(dir);
});

async function session(name: string, tracks: string[]): Promise<string> {
	const file = join(dir, `${name}.yaml`);
	await writeFile(file, `dubdesk: 1\nsampleRate: 48000\ntracks:\n${tracks.map((t, i) => `  - id: t${i}\n    pan: -1\n    clips:\n      - ${t}\n`).join('')}`);
	return file;
}

async function render(sessionFile: string, out: string, extra: string[] = []): Promise<Float64Array[]> {
	const r = await cli(['render', sessionFile, '-o', join(dir, out), '--bit-depth', '32f', ...extra], dir);
	expect(r.stderr).toBe('');
	expect(r.code).toBe(0);
	return readWav(join(dir, out)).samples;
}

describe('media at another rate, and FLAC, in a session', () => {
	it('check says which files are resampled', async () => {
		const s = await session('check', ['{ file: cue44.wav, at: 0.5 }', '{ file: fx.wav, at: 0 }']);
		const r = await cli(['check', s], dir);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('resampled: cue44.wav (44100 → 48000 Hz');
		expect(r.stdout).not.toContain('fx.wav (');
		// From elsewhere the path is whole, not climbing out of the working directory.
		const sub = join(dir, 'elsewhere');
		await mkdir(sub, { recursive: true });
		const away = await cli(['check', s], sub);
		expect(away.code).toBe(0);
		expect(away.stdout).toContain(`resampled: ${join(dir, 'cue44.wav')} (44100 → 48000 Hz`);
	});

	it('a 44.1 kHz clip plays as the same tone at 48 kHz, starting at its time', async () => {
		const s = await session('tone', ['{ file: cue44.wav, at: 0.5 }']);
		const [left, right] = await render(s, 'tone.wav');
		// Panned hard left: the right channel is silent and the left is the tone, delayed 0.5 s.
		expect(Math.max(...right!.map(Math.abs))).toBe(0);
		const start = 24000;
		let err = 0;
		let sig = 0;
		let gain = 0;
		let norm = 0;
		const ref = (i: number) => 0.25 * Math.sin((2 * Math.PI * 1000 * (i - start)) / 48000);
		for (let i = start + 2000; i < start + 94000; i++) {
			gain += left![i]! * ref(i);
			norm += ref(i) ** 2;
		}
		gain /= norm;
		for (let i = start + 2000; i < start + 94000; i++) {
			err += (left![i]! - gain * ref(i)) ** 2;
			sig += (gain * ref(i)) ** 2;
		}
		expect(10 * Math.log10(err / sig)).toBeLessThan(-90);
		// Before the clip, nothing (the kernel reaches only a few frames ahead of the first sample).
		expect(Math.max(...left!.subarray(0, start - 100).map(Math.abs))).toBe(0);
	});

	it('a FLAC prints exactly as the WAV it was made from, beside a 44.1 kHz clip', async (ctx) => {
		if (!hasFfmpeg) ctx.skip();
		const a = await render(await session('flac', ['{ file: fx.flac, at: 0.25 }', '{ file: cue44.wav, at: 0.5 }']), 'flac.wav');
		const b = await render(await session('wav', ['{ file: fx.wav, at: 0.25 }', '{ file: cue44.wav, at: 0.5 }']), 'wav.wav');
		expect(a[0]!.length).toBeGreaterThan(48000 * 2.25);
		expect(a).toEqual(b);
	});

	it('a range render has the full print’s samples at those times (resampled and FLAC media)', async (ctx) => {
		if (!hasFfmpeg) ctx.skip();
		const s = await session('range', ['{ file: fx.flac, at: 0.25, offset: 0.3 }', '{ file: cue44.wav, at: 0.5, offset: 0.123 }']);
		const full = await render(s, 'full.wav');
		const part = await render(s, 'part.wav', ['--from', '1.01', '--to', '1.7']);
		const from = Math.round(1.01 * 48000);
		for (let c = 0; c < 2; c++) {
			const p = part[c]!;
			let first = -1;
			for (let i = 0; i < p.length && first < 0; i++) if (p[i] !== full[c]![from + i]) first = i;
			expect(first).toBe(-1);
		}
	});

	it('a cut FLAC fails check, and a damaged one fails render, each in one line naming the file; no print is left', async (ctx) => {
		if (!hasFfmpeg) ctx.skip();
		const good = await readFile(join(dir, 'fx.flac'));
		await writeFile(join(dir, 'cut.flac'), good.subarray(0, Math.floor(good.length * 0.7)));
		const damaged = Buffer.from(good);
		for (let i = 0; i < 40; i++) damaged[Math.floor(good.length / 2) + i] ^= 0xa5;
		await writeFile(join(dir, 'damaged.flac'), damaged);
		const checked = await cli(['check', await session('cut', ['{ file: cut.flac, at: 0 }'])], dir);
		expect(checked.code).toBe(1);
		expect(checked.stderr.split('\n')[0]).toMatch(/cut\.flac: truncated or corrupt: the frame at byte \d+/);
		const out = join(dir, 'damaged-print.wav');
		const rendered = await cli(['render', await session('damaged', ['{ file: damaged.flac, at: 0 }']), '-o', out], dir);
		expect(rendered.code).toBe(1);
		expect(rendered.stderr.trim().split('\n')).toHaveLength(1);
		expect(rendered.stderr).toMatch(/damaged\.flac: corrupt: the frame at byte \d+/);
		expect(existsSync(out)).toBe(false);
	});
});
