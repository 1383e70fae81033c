// `dubdesk loudness` on hand-built mono, stereo and 5.1 WAVs; expected values are analytic:
// a 1 kHz sine of peak level A dBFS in one front channel reads A − 3.01 LUFS (the K-weighting
// gain at 1 kHz cancels the −0.691 offset), a surround channel 10·log10(1.41) = 1.49 LU more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { makeTempDir, removeTempDir, writeTempWav, type BuildWavOptions } from '../helpers/wav-bytes.js';

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
	it.each(cases)('$name: --json has the DESIGN.md keys and the analytic values', async (c) => {
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
