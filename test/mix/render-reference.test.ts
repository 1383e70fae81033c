// Renders through the real CLI and compares with the independent reference mixer
// (test/helpers/reference-mix.ts): every semantic in docs/mix-semantics.md, max error ≤ 1e-6 of full scale.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { readWav } from '../helpers/read-wav.js';
import { referenceMix } from '../helpers/reference-mix.js';
import { maxError, testSignal, writeFixture, type Fixture } from '../helpers/mix-fixture.js';

const SR = 8000;
const TOLERANCE = 1e-6;
let dir: string;

beforeEach(async () => {
	dir = await makeTempDir();
});
afterEach(async () => {
	await removeTempDir(dir);
});

async function renderAndCompare(f: Fixture, extra: string[] = [], range?: [number, number]) {
	const { sessionFile, reference } = await writeFixture(dir, f);
	const out = join(dir, 'mix.wav');
	const args = ['render', sessionFile, '-o', out, ...extra];
	if (f.buses?.length) args.push('--stems', join(dir, 'stems'));
	const run = await cli(args);
	expect(run.stderr).toBe('');
	expect(run.code).toBe(0);
	const wav = readWav(out);
	const from = range?.[0] ?? 0;
	const to = range?.[1] ?? from + wav.samples[0]!.length;
	const expected = referenceMix(reference, from, to);
	expect(maxError(wav.samples, expected.master)).toBeLessThanOrEqual(TOLERANCE);
	for (const bus of f.buses ?? []) {
		const stem = readWav(join(dir, 'stems', `${bus.id}.wav`));
		expect(maxError(stem.samples, expected.stems[bus.id]!)).toBeLessThanOrEqual(TOLERANCE);
	}
	return { wav, expected, reference };
}

const mono = (name: string, seconds: number, seed: number, bits = 24) => ({
	name,
	encoding: 'pcm' as const,
	bits,
	signal: [testSignal(Math.round(seconds * SR), seed)],
});

describe('render matches the reference mix', () => {
	it('applies a −10 dB fader to a constant: 0.316 at unity pan law', async () => {
		const { wav } = await renderAndCompare({
			sampleRate: SR,
			media: [{ name: 'dc.wav', encoding: 'float', bits: 32, signal: [new Array(800).fill(1)] }],
			tracks: [{ id: 't', gain: -10, clips: [{ media: 'dc.wav', at: 0 }] }],
		});
		// Centre pan is −3 dB per side: 10^(−10/20) · cos(π/4).
		expect(wav.samples[0]![400]!).toBeCloseTo(0.316227766 * Math.SQRT1_2, 6);
		expect(wav.samples[1]![400]!).toBeCloseTo(0.316227766 * Math.SQRT1_2, 6);
	});

	it('places clips by at, offset and length, and pans with constant power', async () => {
		const { wav } = await renderAndCompare({
			sampleRate: SR,
			media: [mono('a.wav', 1, 1), mono('b.wav', 1, 2)],
			tracks: [
				{ id: 'a', gain: -3, pan: -1, clips: [{ media: 'a.wav', at: 0.1 }, { media: 'b.wav', at: 0.7, offset: 0.25, length: 0.3 }] },
				{ id: 'b', gain: 2.5, pan: 0.4, clips: [{ media: 'b.wav', at: 0.05, offset: 0.1, length: 0.5, gain: -6 }] },
				{ id: 'c', pan: 1, clips: [{ media: 'a.wav', at: 0.33333, offset: 0.0007 }] },
			],
		});
		// Before the first clip: silence.
		expect(Math.abs(wav.samples[0]![0]!)).toBe(0);
	});

	it('applies linear and equal-power fades, including overlapping ones', async () => {
		await renderAndCompare({
			sampleRate: SR,
			media: [mono('a.wav', 1, 3), mono('b.wav', 1, 4)],
			tracks: [
				{ id: 'lin', clips: [{ media: 'a.wav', at: 0, fadeIn: 0.1, fadeOut: 0.25 }] },
				{ id: 'eqp', clips: [{ media: 'b.wav', at: 0.2, length: 0.5, fadeIn: 0.4, fadeOut: 0.3, shape: 'equal-power' }] },
			],
		});
	});

	it('evaluates gain, pan and mute automation per sample', async () => {
		await renderAndCompare({
			sampleRate: SR,
			media: [mono('a.wav', 1.5, 5), mono('b.wav', 1.5, 6)],
			tracks: [
				{
					id: 'auto',
					gain: 6, // replaced by the lane
					clips: [{ media: 'a.wav', at: 0 }],
					automation: { gain: [[0.2, -3], [0.7, -20], [0.7, -6], [1.2, 0]], pan: [[0.1, -1], [1.0, 1]], mute: [[0.5, 1], [0.6, 0]] },
				},
				{ id: 'closed', clips: [{ media: 'b.wav', at: 0 }], automation: { gain: [[0, -Infinity], [1, 0]] } },
			],
		});
	});

	it('solos in place and mutes', async () => {
		await renderAndCompare({
			sampleRate: SR,
			media: [mono('a.wav', 0.5, 7), mono('b.wav', 0.5, 8), mono('c.wav', 0.5, 9)],
			buses: [{ id: 'FX', gain: -2 }],
			tracks: [
				{ id: 'a', solo: true, clips: [{ media: 'a.wav', at: 0 }] },
				{ id: 'b', clips: [{ media: 'b.wav', at: 0 }] },
				{ id: 'c', solo: true, mute: true, output: 'FX', clips: [{ media: 'c.wav', at: 0 }] },
			],
		});
	});

	it('inverts polarity', async () => {
		const { wav } = await renderAndCompare({
			sampleRate: SR,
			media: [mono('a.wav', 0.5, 10)],
			tracks: [
				{ id: 'a', clips: [{ media: 'a.wav', at: 0 }] },
				{ id: 'b', polarity: true, clips: [{ media: 'a.wav', at: 0 }] },
			],
		});
		// The same source with inverted polarity cancels exactly.
		expect(Math.max(...wav.samples[0]!.map(Math.abs))).toBe(0);
	});

	it('routes through buses, writes stems, and stems plus direct tracks sum to the master', async () => {
		const { wav, expected, reference } = await renderAndCompare({
			sampleRate: SR,
			media: [mono('dx.wav', 0.6, 11), mono('mx.wav', 0.6, 12), mono('fx.wav', 0.6, 13), mono('bg.wav', 0.6, 14)],
			buses: [
				{ id: 'DX', gain: -1.5 },
				{ id: 'MX', gain: 3 },
				{ id: 'FX', gain: -4 },
				{ id: 'FOLEY', gain: 2, output: 'FX' },
			],
			tracks: [
				{ id: 'dx', output: 'DX', clips: [{ media: 'dx.wav', at: 0 }] },
				{ id: 'mx', output: 'MX', pan: 0.3, clips: [{ media: 'mx.wav', at: 0.1 }] },
				{ id: 'fol', output: 'FOLEY', clips: [{ media: 'fx.wav', at: 0 }] },
				{ id: 'bg', output: 'master', pan: -0.5, clips: [{ media: 'bg.wav', at: 0 }] },
			],
		});
		// Top-level stems (DX, MX, FX; FOLEY is inside FX) plus the track routed straight to
		// master sum to the master.
		const frames = wav.samples[0]!.length;
		const direct = referenceMix({ ...reference, buses: [], tracks: [reference.tracks[3]!] }, 0, frames).master;
		const rebuilt = [0, 1].map((c) => expected.stems['DX']![c]!.map((v, i) => v + expected.stems['MX']![c]![i]! + expected.stems['FX']![c]![i]! + direct[c]![i]!));
		expect(maxError(wav.samples, rebuilt)).toBeLessThanOrEqual(TOLERANCE);
	});

	it.each([
		['8-bit PCM', 'pcm', 8],
		['16-bit PCM', 'pcm', 16],
		['24-bit PCM', 'pcm', 24],
		['32-bit PCM', 'pcm', 32],
		['32-bit float', 'float', 32],
		['64-bit float', 'float', 64],
	] as const)('reads %s sources', async (_name, encoding, bits) => {
		await renderAndCompare({
			sampleRate: SR,
			media: [{ name: 's.wav', encoding, bits, signal: [testSignal(2000, 21, 0.9)] }],
			tracks: [{ id: 't', gain: -0.5, pan: 0.2, clips: [{ media: 's.wav', at: 0.01 }] }],
		});
	});

	it('plays stereo sources with balance and folds 5.1 sources down to stereo', async () => {
		await renderAndCompare({
			sampleRate: SR,
			media: [
				{ name: 'st.wav', encoding: 'pcm', bits: 24, signal: [testSignal(3000, 31), testSignal(3000, 32)] },
				{ name: 'six.wav', encoding: 'float', bits: 32, signal: [0, 1, 2, 3, 4, 5].map((c) => testSignal(3000, 40 + c, 0.3)) },
			],
			tracks: [
				{ id: 'st', pan: 0.35, clips: [{ media: 'st.wav', at: 0 }] },
				{ id: 'st2', pan: -0.8, clips: [{ media: 'st.wav', at: 0.1, fadeIn: 0.05 }] },
				{ id: 'six', pan: -0.2, clips: [{ media: 'six.wav', at: 0 }] },
			],
		});
	});

	it('mixes to a 5.1 master: mono across L-C-R, stereo to L/R, 5.1 channel to channel', async () => {
		const { wav } = await renderAndCompare({
			sampleRate: SR,
			format: '5.1',
			media: [
				mono('dx.wav', 0.5, 50),
				{ name: 'st.wav', encoding: 'pcm', bits: 16, signal: [testSignal(4000, 51), testSignal(4000, 52)] },
				{ name: 'six.wav', encoding: 'pcm', bits: 24, signal: [0, 1, 2, 3, 4, 5].map((c) => testSignal(4000, 60 + c, 0.3)), channelMask: 0x3f },
			],
			tracks: [
				{ id: 'dx', clips: [{ media: 'dx.wav', at: 0 }] },
				{ id: 'dxl', pan: -0.5, clips: [{ media: 'dx.wav', at: 0.05 }] },
				{ id: 'dxr', pan: 0.75, clips: [{ media: 'dx.wav', at: 0.02 }] },
				{ id: 'st', pan: 0.1, clips: [{ media: 'st.wav', at: 0 }] },
				{ id: 'six', clips: [{ media: 'six.wav', at: 0 }] },
			],
		});
		expect(wav.channels).toBe(6);
		expect(wav.channelMask).toBe(0x3f);
	});

	it('pans mono and stereo sources front to rear with an LFE send on a 5.1 master, static and automated', async () => {
		const { wav } = await renderAndCompare({
			sampleRate: SR,
			format: '5.1',
			media: [mono('fx.wav', 1, 53), { name: 'st.wav', encoding: 'pcm', bits: 24, signal: [testSignal(8000, 54), testSignal(8000, 55)] }],
			tracks: [
				{ id: 'still', pan: -0.3, panY: 0.2, lfe: -6, clips: [{ media: 'fx.wav', at: 0 }] },
				{ id: 'rear', pan: 0.6, panY: 1, clips: [{ media: 'fx.wav', at: 0.1 }] },
				{ id: 'car', clips: [{ media: 'fx.wav', at: 0 }], automation: { pan: [[0, -1], [1, 1]], panY: [[0, -1], [1, 1]], lfe: [[0, -Infinity], [0.5, -3], [1, -20]] } },
				{ id: 'st', pan: 0.25, panY: -0.4, lfe: -10, clips: [{ media: 'st.wav', at: 0 }] },
				{ id: 'stmove', gain: -2, clips: [{ media: 'st.wav', at: 0.05 }], automation: { panY: [[0.2, 1], [0.8, -1]], lfe: [[0.3, 0], [0.9, -Infinity]] } },
			],
		});
		// Something reached the LFE and the surrounds.
		for (const c of [3, 4, 5]) expect(Math.max(...wav.samples[c]!.map(Math.abs))).toBeGreaterThan(0.01);
	});

	it('renders a --from/--to range', async () => {
		const { sessionFile, reference } = await writeFixture(dir, {
			sampleRate: SR,
			media: [mono('a.wav', 1, 70)],
			tracks: [{ id: 'a', clips: [{ media: 'a.wav', at: 0.2, fadeIn: 0.3 }] }],
		});
		const out = join(dir, 'range.wav');
		const run = await cli(['render', sessionFile, '-o', out, '--from', '0.25', '--to', '0.75']);
		expect(run.code).toBe(0);
		const wav = readWav(out);
		expect(wav.samples[0]!.length).toBe(4000);
		expect(maxError(wav.samples, referenceMix(reference, 2000, 6000).master)).toBeLessThanOrEqual(TOLERANCE);
	});

	it('places a clip without `at` on its BWF time reference relative to the session start', async () => {
		// Session starts at 01:00:00:00 (24 fps); the file is stamped 01:00:00.5 (samples since midnight).
		await renderAndCompare({
			sampleRate: SR,
			start: '01:00:00:00',
			frameRate: 24,
			media: [{ ...mono('bwf.wav', 0.5, 80), timeReference: 3600.5 * SR }],
			tracks: [{ id: 'a', clips: [{ media: 'bwf.wav', refAt: 0.5 }] }],
		});
	});
});
