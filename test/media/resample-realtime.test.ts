// Converted media in the real-time read-ahead. The fill shares the engine worker's thread with
// the audio loop, so it converts a slice at a time and lets the event loop run between slices
// (many clips refilling at once must not hold the thread for a read's worth each); what it puts
// in the ring is the tone the file holds, sampled at the session rate, and the very samples the
// offline fill gives.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONVERT_SLICE, ClipStream, MediaPool } from '../../engine/media/clip-stream.js';
import { OFFLINE_STREAMS, REALTIME_STREAMS } from '../../engine/media/stream-set.js';
import { readWavInfo } from '../../engine/media/wav-reader.js';
import { ARG_GAIN } from '../../engine/mix/kernels.js';
import { planSession, type MixPlan } from '../../engine/plan.js';
import { parseSession } from '../../sessions/load.js';
import { makeTempDir, removeTempDir, writeTempWav } from '../helpers/wav-bytes.js';

const FROM = 44100;
const TO = 48000;
/** Two tones, one per channel, well inside the passband. */
const FREQS = [997, 5003];
const AMP = 0.4;

let dir = '';
let plan: MixPlan;

beforeAll(async () => {
	dir = await makeTempDir();
	const frames = 3 * FROM;
	const samples = FREQS.map((f) => Array.from({ length: frames }, (_, i) => AMP * Math.sin((2 * Math.PI * f * i) / FROM)));
	await writeTempWav(dir, 'tones.wav', { encoding: 'float', bits: 32, samples, sampleRate: FROM });
	const sessionFile = join(dir, 'session.yaml');
	const yaml = `dubdesk: 1\nsampleRate: ${TO}\ntracks:\n  - id: a\n    clips:\n      - { file: tones.wav, at: 0 }\n`;
	plan = await planSession(parseSession(yaml, sessionFile), sessionFile, readWavInfo);
});
afterAll(() => removeTempDir(dir));

/**
 * Fills source frames [from, from + n) of the plan's clip with `options` and returns them
 * (stereo), with the most frames that became resident between two turns of the event loop.
 */
async function fill(options: typeof REALTIME_STREAMS, from: number, n: number): Promise<{ out: Float64Array[]; mostPerTurn: number }> {
	const clip = plan.tracks[0]!.clips[0]!;
	const stream = new ClipStream(clip, new MediaPool(), options);
	let mostPerTurn = 0;
	let ready = 0;
	let filling = true;
	const tick = () => {
		if (!filling) return;
		const now = stream.readyFrom(from);
		mostPerTurn = Math.max(mostPerTurn, now - ready);
		ready = now;
		setImmediate(tick);
	};
	setImmediate(tick);
	try {
		await stream.fill(from, from + n);
		filling = false;
		expect(stream.readyFrom(from)).toBeGreaterThanOrEqual(n);
		const out = [new Float64Array(n), new Float64Array(n)];
		const args = new Float64Array(16);
		args[ARG_GAIN] = 1;
		stream.mixInto(from, n, out, 0, [Int8Array.of(0), Int8Array.of(1)], args, null);
		return { out, mostPerTurn };
	} finally {
		filling = false;
		await stream.release();
	}
}

describe('converted media in the real-time read-ahead', () => {
	it('is the tones at the session rate, slice by slice, with the event loop let through between slices', async () => {
		const clip = plan.tracks[0]!.clips[0]!;
		expect(clip.resampleTo).toBe(TO);
		const from = 5000;
		const n = 40_000;
		const { out, mostPerTurn } = await fill(REALTIME_STREAMS, from, n);
		// Timers and I/O (the audio loop) get a turn after every slice.
		expect(mostPerTurn).toBeLessThanOrEqual(CONVERT_SLICE);
		// Output frame k sits at time k / TO in the file: the tone sampled there (float32 media,
		// passband flat within 0.0001 dB, so within 1e-4 of the amplitude).
		for (let c = 0; c < 2; c++) {
			let worst = 0;
			for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(out[c]![i]! - AMP * Math.sin((2 * Math.PI * FREQS[c]! * (from + i)) / TO)));
			expect(worst).toBeLessThan(1e-4);
		}
	});

	it('gives the offline fill sample for sample, whatever the window', async () => {
		for (const [from, n] of [[0, 30_000], [12_345, 9_000], [100_000, 44_000]] as const) {
			const live = await fill(REALTIME_STREAMS, from, n);
			const offline = await fill(OFFLINE_STREAMS, from, n);
			for (let c = 0; c < 2; c++) expect(Buffer.compare(Buffer.from(live.out[c]!.buffer), Buffer.from(offline.out[c]!.buffer))).toBe(0);
		}
	});
});
