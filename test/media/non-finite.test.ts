// NaN and infinite samples in float media: decoded as silence and counted, never passed on;
// a stream told to fail stops with the full account; loudness refuses to measure them.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames, firstNonFiniteFrame } from '../../engine/media/decode.js';
import { planNonFiniteProblems } from '../../engine/media/non-finite.js';
import { OFFLINE_STREAMS, REALTIME_STREAMS, StreamSet } from '../../engine/media/stream-set.js';
import { readWavInfo } from '../../engine/media/wav-reader.js';
import { measureWavFile } from '../../engine/loudness/measure-file.js';
import { ARG_GAIN } from '../../engine/mix/kernels.js';
import { planSession, type MixPlan } from '../../engine/plan.js';
import { parseSession } from '../../sessions/load.js';
import { MediaError } from '../../sessions/errors.js';
import { encodeSamples, makeTempDir, removeTempDir, writeTempWav } from '../helpers/wav-bytes.js';

/** What the decoder must give for a stored float: the float32 value, or 0 when that is not finite. */
const expected = (x: number) => (Number.isFinite(Math.fround(x)) ? Math.fround(x) : 0);
const badCount = (planar: number[][]) => planar.flat().filter((x) => !Number.isFinite(Math.fround(x))).length;

/** Finite samples with bad ones planted at `bad` (channel, frame) places. */
function plant(channels: number, frames: number, bad: [number, number, number][]): number[][] {
	const planar = Array.from({ length: channels }, (_, c) => Array.from({ length: frames }, (_, i) => Math.sin(i * 0.3 + c) * 0.8));
	for (const [c, i, v] of bad) planar[c]![i] = v;
	return planar;
}

describe('decodeFrames on float data with NaN and infinite samples', () => {
	// [bits, channels, frames, planted (channel, frame, value)]
	const cases: [32 | 64, number, number, [number, number, number][]][] = [
		[32, 1, 9, [[0, 0, NaN]]],
		[32, 1, 8, [[0, 7, Infinity]]],
		[32, 2, 7, [[0, 3, -Infinity], [1, 3, NaN], [1, 6, NaN]]],
		[32, 6, 5, [[5, 4, Infinity]]],
		[32, 3, 64, []],
		// Finite but so large the sum of squares passes the limit: the rescan must find nothing.
		[32, 2, 6, [[0, 1, 3e38], [1, 2, -3.3e38]]],
		[64, 1, 5, [[0, 2, NaN]]],
		// Finite in float64, infinite once narrowed to float32: counted and zeroed too.
		[64, 2, 9, [[0, 0, 1e300], [1, 8, -3.5e38]]],
		[64, 6, 3, [[2, 1, -Infinity], [3, 1, Infinity]]],
	];
	for (const [bits, channels, frames, bad] of cases) {
		it(`float${bits} × ${channels}ch, ${frames} frames, ${bad.length} planted, at every byte alignment`, () => {
			const planar = plant(channels, frames, bad);
			const bytes = encodeSamples('float', bits, planar);
			for (let misalign = 0; misalign < 8; misalign++) {
				const src = new Uint8Array(bytes.length + misalign);
				src.set(bytes, misalign);
				const dest = Array.from({ length: channels }, () => new Float32Array(frames + 2).fill(9));
				const info = { encoding: 'float' as const, bitsPerSample: bits, channels };
				expect(decodeFrames(info, src, misalign, frames, dest, 1)).toBe(badCount(planar));
				for (let c = 0; c < channels; c++) {
					expect(Array.from(dest[c]!)).toEqual([9, ...planar[c]!.map(expected), 9]);
				}
				const first = planar[0]!.findIndex((_, i) => planar.some((ch) => !Number.isFinite(Math.fround(ch[i]!))));
				expect(firstNonFiniteFrame(info, src, misalign, frames)).toBe(first);
			}
		});
	}

	it('PCM never reports any', () => {
		const dest = [new Float32Array(4)];
		expect(decodeFrames({ encoding: 'pcm', bitsPerSample: 16, channels: 1 }, encodeSamples('pcm', 16, [[1, -1, 32767, -32768]]), 0, 4, dest, 0)).toBe(0);
		expect(firstNonFiniteFrame({ encoding: 'pcm', bitsPerSample: 16, channels: 1 }, new Uint8Array(8), 0, 4)).toBe(-1);
	});
});

const SR = 48000;
let dir = '';
beforeAll(async () => {
	dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

/** A mono float32 file of `frames` frames of 0.25 with NaN at `nanAt` and +Inf at `infAt`; a session playing it twice. */
async function nanSession(name: string, frames: number, nanAt: number[], infAt: number[]): Promise<{ file: string; plan: MixPlan }> {
	const samples = Array.from({ length: frames }, (_, i) => (nanAt.includes(i) ? NaN : infAt.includes(i) ? Infinity : 0.25));
	const file = await writeTempWav(dir, `${name}.wav`, { encoding: 'float', bits: 32, samples: [samples], sampleRate: SR });
	const sessionFile = join(dir, `${name}.yaml`);
	// Two clips over overlapping source ranges: the played frames are counted once.
	const yaml = `dubdesk: 1\nsampleRate: ${SR}\ntracks:\n  - id: a\n    clips:\n      - { file: ${name}.wav, at: 0 }\n      - { file: ${name}.wav, at: 10, offset: 0.5, length: 0.25 }\n`;
	const plan = await planSession(parseSession(yaml, sessionFile), sessionFile, readWavInfo);
	return { file, plan };
}

describe('streams and scans', () => {
	it('real-time streams play NaN/Inf as silence and count them', async () => {
		const frames = SR;
		const { plan } = await nanSession('rt', frames, [10, 30_000], [20]);
		const set = new StreamSet(plan, REALTIME_STREAMS);
		try {
			await Promise.all(set.schedule(0, frames));
			const dest = [new Float64Array(frames)];
			const args = new Float64Array(16);
			args[ARG_GAIN] = 1;
			set.source(0, 0).mixInto(0, frames, dest, 0, [Int8Array.of(0)], args, null);
			const want = Array.from({ length: frames }, (_, i) => ([10, 20, 30_000].includes(i) ? 0 : 0.25));
			expect(Array.from(dest[0]!)).toEqual(want);
			expect(set.nonFiniteSamples()).toBe(3);
		} finally {
			await set.close();
		}
	});

	it('offline streams refuse them with the count over every clip of the file and the first time', async () => {
		// The Inf at 0.5 s is inside both clips' ranges ([0, 1 s) and [0.5 s, 0.75 s)): counted once.
		const { file, plan } = await nanSession('off', SR, [36_000, 40_000], [24_000]);
		const set = new StreamSet(plan, OFFLINE_STREAMS);
		try {
			const error = await Promise.all(set.schedule(0, SR)).then(() => null, (e: unknown) => e);
			expect(error).toBeInstanceOf(MediaError);
			expect((error as MediaError).message).toBe(
				`${file}: 3 NaN or infinite samples in its 32-bit float data, the first 0.500 s (sample frame 24000) into the file; render refuses them; render --zero-nan prints them as silence`,
			);
		} finally {
			await set.close();
		}
	});

	it('scans only the frames the session plays', async () => {
		const { file, plan } = await nanSession('ranges', SR, [5], []);
		// The first clip starts at 0.1 s: the NaN at frame 5 is outside everything played.
		plan.tracks[0]!.clips[0]!.sourceStart = 4800;
		plan.tracks[0]!.clips[0]!.length = SR - 4800;
		expect(await planNonFiniteProblems(plan)).toEqual([]);
		plan.tracks[0]!.clips[0]!.sourceStart = 0;
		const [problem] = await planNonFiniteProblems(plan);
		expect(problem?.file).toBe(file);
		expect(problem?.problem).toMatch(/^1 NaN or infinite sample in its 32-bit float data, the first 0\.000 s \(sample frame 5\) into the file;/);
	});
});

describe('measuring a file with NaN samples', () => {
	it('is refused with the count and the first time, after reading the whole file', async () => {
		const n = 3 * 65536 + 100;
		const samples = Array.from({ length: n }, (_, i) => (i === 70_000 || i === 3 * 65536 + 50 ? NaN : 0.1));
		const path = await writeTempWav(dir, 'measure.wav', { encoding: 'float', bits: 64, samples: [samples, samples.map((x) => (Number.isNaN(x) ? 0.1 : x))], sampleRate: SR });
		await expect(measureWavFile(path)).rejects.toThrow(
			new MediaError(path, '2 NaN or infinite samples in its 64-bit float data, the first 1.458 s (sample frame 70000) into the file; its loudness cannot be measured'),
		);
	});
});
