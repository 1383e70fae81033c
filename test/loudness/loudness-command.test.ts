// `dubdesk loudness` on hand-built mono, stereo and 5.1 WAVs; expected values are analytic:
// a 1 kHz sine of peak level A dBFS in one front channel reads A − 3.01 LUFS (the K-weighting
// gain at 1 kHz cancels the −0.691 offset), a surround channel 10·log10(1.41) = 1.49 LU more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { buildWav, makeTempDir, removeTempDir, writeTempWav, type BuildWavOptions } from '../helpers/wav-bytes.js';

const SR = 48000;
const SECONDS = 3.5;

/** A 1 kHz sine at `dbfs` as PCM codes (bits 16/24) or floats, 3.5 s. */
function tone(dbfs: number | null, bits: number | 'float'): number[] {
	const a = dbfs === null ? 0 : Math.pow(10, dbfs / 20);
	const scale = bits === 'float' ? 1 : 2 ** (bits - 1);
	return Array.from({ length: SR * SECONDS }, (_, i) => {
		const v = a * Math.sin((2 * Math.PI * i) / 48);
		return bits === 'float' ? Math.fround(v) : Math.round(v * scale);
	});
}

const KEYS = ['integrated', 'range', 'truePeak', 'samplePeak', 'momentaryMax', 'shortTermMax'];
let dir = '';

beforeAll(async () => {
	dir = await makeTempDir();
});
afterAll(async () => {
	await removeTempDir(dir);
});

interface Case {
	name: string;
	wav: BuildWavOptions;
	integrated: number;
	samplePeak: number;
}

const cases: Case[] = [
	{ name: 'mono 16-bit', wav: { encoding: 'pcm', bits: 16, samples: [tone(-20, 16)] }, integrated: -23.01, samplePeak: -20 },
	{ name: 'stereo 24-bit', wav: { encoding: 'pcm', bits: 24, samples: [tone(-23, 24), tone(-23, 24)] }, integrated: -23, samplePeak: -23 },
	{
		// Extensible 5.1 (mask 0x3F: L R C LFE Ls Rs): −20 dBFS in Ls only, a louder LFE that must not count.
		name: '5.1 float, tone in Ls',
		wav: {
			encoding: 'float',
			bits: 32,
			extensible: true,
			channelMask: 0x3f,
			samples: [tone(null, 'float'), tone(null, 'float'), tone(null, 'float'), tone(-6, 'float'), tone(-20, 'float'), tone(null, 'float')],
		},
		integrated: -23.01 + 10 * Math.log10(1.41),
		samplePeak: -6,
	},
];

describe('dubdesk loudness', () => {
	it.each(cases)('$name: --json has the documented keys and the analytic values', async (c) => {
		const path = await writeTempWav(dir, `${c.name.replace(/\W+/g, '-')}.wav`, c.wav);
		const run = await cli(['loudness', path, '--json']);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const json = JSON.parse(run.stdout) as Record<string, number | null>;
		expect(Object.keys(json)).toEqual(KEYS);
		expect(json.integrated!).toBeCloseTo(c.integrated, 1);
		expect(Math.abs(json.integrated! - c.integrated)).toBeLessThanOrEqual(0.02);
		expect(json.momentaryMax!).toBeCloseTo(c.integrated, 1);
		expect(json.shortTermMax!).toBeCloseTo(c.integrated, 1);
		expect(json.range).toBe(0);
		expect(Math.abs(json.samplePeak! - c.samplePeak)).toBeLessThan(0.01);
		expect(json.truePeak!).toBeGreaterThanOrEqual(json.samplePeak!);
		// Rounded to 0.01.
		for (const k of KEYS) expect(Math.round(json[k]! * 100) / 100).toBe(json[k]);
	});

	it('prints one readable block for people', async () => {
		const path = await writeTempWav(dir, 'human.wav', cases[1]!.wav);
		const run = await cli(['loudness', 'human.wav'], dir);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^file\s+human\.wav$/m);
		expect(run.stdout).toMatch(/^format\s+WAV, 24-bit PCM, 48000 Hz, stereo \(L R\)$/m);
		expect(run.stdout).toMatch(/^duration\s+00:00:03\.500 \(168000 frames\)$/m);
		expect(run.stdout).toMatch(/^integrated\s+-23\.0 LUFS$/m);
		expect(run.stdout).toMatch(/^loudness range\s+0\.0 LU$/m);
		expect(run.stdout).toMatch(/^true peak\s+-2\d\.\d dBTP$/m);
		expect(run.stdout).toMatch(/^sample peak\s+-23\.0 dBFS$/m);
		expect(run.stdout).toMatch(/^momentary max\s+-23\.0 LUFS$/m);
		expect(run.stdout).toMatch(/^short-term max\s+-23\.0 LUFS$/m);
		expect(path).toContain(dir);
	});

	it('reports nulls for a silent file', async () => {
		const path = await writeTempWav(dir, 'silence.wav', { encoding: 'pcm', bits: 16, samples: [tone(null, 16), tone(null, 16)] });
		const run = await cli(['loudness', path, '--json']);
		expect(JSON.parse(run.stdout)).toEqual(Object.fromEntries(KEYS.map((k) => [k, null])));
		const human = await cli(['loudness', path]);
		expect(human.stdout).toMatch(/^integrated\s+n\/a \(nothing above the gates\)$/m);
	});

	it.each([
		[[], /expected one WAV file/],
		[['missing.wav'], /missing\.wav: file not found/],
		[['a.wav', 'b.wav'], /expected one WAV file/],
	])('fails with one line and exit 1 for %j', async (args, message) => {
		const run = await cli(['loudness', ...args], dir);
		expect(run.code).toBe(1);
		expect(run.stdout).toBe('');
		expect(run.stderr).toMatch(message);
		expect(run.stderr.trim().split('\n')).toHaveLength(1);
	});

	it('rejects a file that is not a WAV, naming it', async () => {
		const path = await writeTempWav(dir, 'not-a-wav.wav', new TextEncoder().encode('hello, not audio'));
		const run = await cli(['loudness', path]);
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('not-a-wav.wav');
	});
});

describe('dubdesk loudness refuses what it cannot measure honestly', () => {
	const nanTone = tone(-20, 'float').map((v, i) => (i === 96_000 || i === 96_001 ? NaN : i === 120_000 ? -Infinity : v));
	// [case, file, the problem after "<path>: "]
	const refused: [string, BuildWavOptions, string][] = [
		[
			'NaN and infinite samples (they would read as silence)',
			{ encoding: 'float', bits: 32, samples: [nanTone] },
			'3 NaN or infinite samples in its 32-bit float data, the first 2.000 s (sample frame 96000) into the file; its loudness cannot be measured',
		],
		[
			'a rate below 8 kHz',
			{ encoding: 'pcm', bits: 16, samples: [new Array(4000).fill(100)], sampleRate: 4000 },
			'sample rate 4000 Hz is too low to measure: BS.1770 K-weighting is supported from 8000 Hz up',
		],
		['a data chunk with no frames', { encoding: 'pcm', bits: 16, samples: [[]] }, 'has no audio: its data chunk holds no sample frames; nothing to measure'],
	];
	it.each(refused)('%s: one line, exit 1', async (name, wav, problem) => {
		const path = await writeTempWav(dir, `refused-${name.replace(/\W+/g, '-')}.wav`, wav);
		for (const args of [[path], [path, '--json']]) {
			const run = await cli(['loudness', ...args]);
			expect(run.stdout).toBe('');
			expect(run.stderr).toBe(`dubdesk: ${path}: ${problem}\n`);
			expect(run.code).toBe(1);
		}
	});

	it('a recording cut short is measured as far as it goes, with a warning', async () => {
		// The 3.5 s mono 16-bit file without its last 0.5 s (24000 frames of 2 bytes); the header still declares 3.5 s.
		const full = buildWav(cases[0]!.wav);
		const path = await writeTempWav(dir, 'cut.wav', full.subarray(0, full.length - 24000 * 2));
		const run = await cli(['loudness', path, '--json']);
		expect(run.stderr).toBe(`dubdesk: warning: ${path}: cut short: the data chunk declares 3.500 s but the file holds 3.000 s (0.500 s, 24000 frames, missing at the end); what is there is used\n`);
		expect(run.code).toBe(0);
		expect(JSON.parse(run.stdout).integrated).toBeCloseTo(-23.01, 1);
	});
});

describe('dubdesk loudness, interrupted', () => {
	it('stops cleanly with status 130 when the signal aborts', async () => {
		const path = await writeTempWav(dir, 'long.wav', cases[1]!.wav);
		const controller = new AbortController();
		controller.abort();
		const run = await cli(['loudness', path], dir, controller.signal);
		expect(run.code).toBe(130);
		expect(run.stdout).toBe('');
		expect(run.stderr).toMatch(/interrupted/);
	});
});
