// render --normalize: every preset measures at its target ±0.1 LU (or the report says why not)
// and never exceeds its true-peak ceiling; --report is the loudness of the file as written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { writeFixture } from '../helpers/mix-fixture.js';
import { LOUDNESS_PRESETS } from '../../engine/loudness/presets.js';

const SR = 48000;
let dir: string;
let sessionFile: string;

/** Dialogue-like: noise bursts with syllable envelopes, pauses, and a few sharp transients. */
function speechy(seconds: number, seed: number): number[] {
	const out: number[] = [];
	let s = seed;
	const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
	let lp = 0;
	for (let i = 0; i < seconds * SR; i++) {
		const t = i / SR;
		const syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t)) ** 2 * (Math.sin(2 * Math.PI * 0.3 * t + seed) > -0.2 ? 1 : 0);
		lp += 0.2 * (rnd() - 0.5 - lp);
		const click = i % (SR * 2) === 1000 ? 0.9 : 0;
		out.push(0.25 * syllable * (lp * 6 + 0.3 * Math.sin(2 * Math.PI * 180 * t)) + click);
	}
	return out;
}

beforeAll(async () => {
	dir = await makeTempDir();
	({ sessionFile } = await writeFixture(dir, {
		sampleRate: SR,
		media: [
			{ name: 'dx.wav', encoding: 'float', bits: 32, signal: [speechy(12, 3)] },
			{ name: 'fx.wav', encoding: 'float', bits: 32, signal: [speechy(12, 9)] },
		],
		tracks: [
			{ id: 'dx', gain: -6, clips: [{ media: 'dx.wav', at: 0 }] },
			{ id: 'fx', gain: -10, pan: 0.5, clips: [{ media: 'fx.wav', at: 0 }] },
		],
	}));
});
afterAll(() => removeTempDir(dir));

interface Report {
	integrated: number;
	truePeak: number;
	normalization: { met: boolean; note: string; targetLufs: number; ceiling: number; gainDb: number; limiterMaxReductionDb: number };
}

async function normalize(target: string): Promise<{ code: number; stdout: string; report: Report }> {
	const out = join(dir, `${target}.wav`);
	const reportFile = join(dir, `${target}.json`);
	const run = await cli(['render', sessionFile, '-o', out, '--normalize', target, '--report', reportFile]);
	return { code: run.code, stdout: run.stdout, report: JSON.parse(readFileSync(reportFile, 'utf8')) as Report };
}

describe('render --normalize', () => {
	it.each(LOUDNESS_PRESETS.map((p) => [p.preset, p.targetLufs, p.ceilingDbtp] as const))('%s: %d LUFS within 0.1 LU, peaks under %d dBTP', async (preset, targetLufs, ceiling) => {
		const { code, report } = await normalize(preset);
		expect(report.truePeak).toBeLessThanOrEqual(ceiling);
		if (report.normalization.met) {
			expect(code).toBe(0);
			expect(Math.abs(report.integrated - targetLufs)).toBeLessThanOrEqual(0.1);
		} else {
			expect(code).toBe(3);
			expect(report.normalization.note).toMatch(/cannot be met|outside/);
		}
	});

	it('limits when the gain would push peaks over the ceiling, and says how much', async () => {
		const { report } = await normalize('spotify');
		expect(report.normalization.limiterMaxReductionDb).toBeGreaterThan(0);
		expect(report.normalization.note).toMatch(/limiter reduced peaks by up to/);
	});

	it('says plainly when the target needs more than the allowed limiting, and still holds the ceiling', async () => {
		const { code, report, stdout } = await normalize('-5');
		expect(code).toBe(3);
		expect(report.normalization.met).toBe(false);
		expect(stdout).toMatch(/cannot be met without more than \+6\.0 dB of limiting/);
		expect(report.truePeak).toBeLessThanOrEqual(-1);
	});

	it('rejects an unknown preset by name', async () => {
		const run = await cli(['render', sessionFile, '-o', join(dir, 'x.wav'), '--normalize', 'bbc']);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/bbc/);
	});
});

it('--report without --normalize holds the six loudness keys of the file as written', async () => {
	const reportFile = join(dir, 'plain.json');
	const run = await cli(['render', sessionFile, '-o', join(dir, 'plain.wav'), '--bit-depth', '24', '--report', reportFile]);
	expect(run.code).toBe(0);
	const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Record<string, number>;
	expect(Object.keys(report).sort()).toEqual(['integrated', 'momentaryMax', 'range', 'samplePeak', 'shortTermMax', 'truePeak']);
	const measured = await cli(['loudness', join(dir, 'plain.wav'), '--json']);
	expect(JSON.parse(measured.stdout)).toEqual(report);
});
