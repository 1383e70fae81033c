// Every audio-thread processor: silence in → silence out, reset/configure by construction, and
// no allocation in process() (Tone.js keeps such a shared suite for its nodes). Allocation is
// measured as heap growth over a long synchronous loop after a full collection; a calibration
// shows a loop that boxes one number per call fails the bar.
import { afterAll, describe, expect, it } from 'vitest';
import { PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as esbuild from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClipSource } from '../../engine/mix/renderer.js';
import type { MixPlan, PlanClip, PlanTrack } from '../../engine/plan.js';

// The processors as the program ships them: bundled by esbuild with the build's settings.
const out = await mkdtemp(join(tmpdir(), 'dubdesk-conformance-'));
await esbuild.build({
	entryPoints: [new URL('./processors.ts', import.meta.url).pathname],
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minifySyntax: true,
	outfile: join(out, 'processors.mjs'),
	logLevel: 'silent',
	define: { 'process.env.NODE_ENV': '"production"' },
});
const { MixRenderer, ARG_GAIN, makeLane, LoudnessMeter, PeakMeter, CorrelationMeter, TruePeakLimiter, decodeFrames, MeterBank, SharedState } = (await import(
	pathToFileURL(join(out, 'processors.mjs')).href
)) as typeof import('./processors.js');
afterAll(() => rm(out, { recursive: true, force: true }));

const SR = 48000;
const CALLS = 150_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Bytes the heap grew while `fn` ran CALLS times, synchronously: after a warm-up (so JIT
 * tier-ups, which allocate, are done) and a full collection. Infinity when a collection ran in
 * between (the loop allocated at least a young generation's worth).
 */
async function allocatedDuring(fn: (i: number) => void): Promise<number> {
	for (let i = 0; i < CALLS / 3; i++) fn(i);
	await sleep(10);
	gc();
	let collections = 0;
	const observer = new PerformanceObserver((list) => {
		collections += list.getEntries().length;
	});
	observer.observe({ entryTypes: ['gc'] });
	const before = process.memoryUsage().heapUsed;
	for (let i = 0; i < CALLS; i++) fn(i);
	const after = process.memoryUsage().heapUsed;
	await sleep(50); // GC entries are delivered after the loop
	observer.disconnect();
	return collections > 0 ? Infinity : after - before;
}

/**
 * The bar: under 8 bytes per call on average. Anything allocated on every call fails it (a
 * boxed double is 16 bytes, the smallest object more); what passes is sparse bookkeeping, such
 * as the loudness meter's 10 ms hop (about 12 bytes per hop, known and small).
 */
const NOTHING = 8 * CALLS;

/** A clip source over an in-memory constant (or silence), as a ClipStream would mix it. */
function source(value: number): ClipSource {
	return {
		mixInto(_src, frames, dest, offset, map, args, envelope) {
			const gain = args[ARG_GAIN]!;
			for (let ch = 0; ch < map.length; ch++) {
				const targets = map[ch]!;
				for (let k = 0; k < targets.length; k++) {
					const d = dest[targets[k]!]!;
					for (let i = 0; i < frames; i++) d[offset + i]! += value * gain * (envelope ? envelope[i]! : 1);
				}
			}
		},
	};
}

function plan(): MixPlan {
	const clip = (start: number): PlanClip => ({
		key: `c${start}`,
		file: '/dev/null',
		name: 'c',
		media: { path: '/dev/null', container: 'wav', encoding: 'float', bitsPerSample: 32, channels: 1, sampleRate: SR, frames: 1e9, speakers: ['C'], dataOffset: 0, dataBytes: 0, blockAlign: 4 },
		start,
		length: 1e9,
		sourceStart: 0,
		gain: 0.7,
		fadeIn: 300,
		fadeOut: 0,
		equalPower: true,
		channelMap: [Int8Array.of(0)],
	});
	const track = (id: string, extra: Partial<PlanTrack>): PlanTrack => ({ id, name: id, format: 'mono', output: 0, gainDb: -3, pan: 0.2, mute: false, solo: false, polarity: false, clips: [clip(0)], ...extra });
	return {
		sampleRate: SR,
		format: 'stereo',
		channels: 2,
		masterGainDb: -1,
		tracks: [
			track('static', {}),
			track('automated', { output: -1, gainLane: makeLane([[0, -6], [1, 0]], -144), panLane: makeLane([[0, -1], [1, 1]]), muteLane: makeLane([[0.5, 1], [0.6, 0]]) }),
		],
		buses: [{ id: 'DX', name: 'DX', output: -1, gainDb: 2, mute: false }],
		busOrder: [0],
		length: 1e9,
		markers: [],
		warnings: [],
	};
}

const silence = (channels: number, frames: number) => Array.from({ length: channels }, () => new Float64Array(frames));
const maxAbs = (bufs: ArrayLike<number>[], frames: number) => Math.max(...bufs.map((b) => Math.max(...Array.from({ length: frames }, (_, i) => Math.abs(b[i]!)))));

describe('processor conformance', () => {
	it('calibration: an empty loop passes, one boxed number per call fails', async () => {
		expect(await allocatedDuring(() => {})).toBeLessThan(NOTHING);
		const box = new Map<number, number>();
		// A double stored into a Map is boxed: 16 bytes a call.
		expect(await allocatedDuring((i) => box.set(0, i + 0.5))).toBeGreaterThan(NOTHING);
	});

	it('MixRenderer: silence in, silence out; render() allocates nothing, even with ramps and automation', async () => {
		const quiet = new MixRenderer(plan(), () => source(0), 64);
		quiet.render(0, 64);
		expect(maxAbs(quiet.master, 64)).toBeLessThan(NOTHING);
		const r = new MixRenderer(plan(), () => source(0.5), 64);
		r.render(0, 64);
		expect(maxAbs(r.master, 64)).toBeGreaterThan(0);
		const peaks = new Float32Array(4);
		expect(
			await allocatedDuring((i) => {
				if (i % 1000 === 0) r.setTrackGain(0, (i % 3000) / -300); // live changes take the ramp path
				if (i % 1700 === 0) r.setTrackMute(0, i % 3400 === 0);
				r.render((i * 64) % (SR * 2), 64);
				if (i % 8 === 0) r.takeTrackPeaks(peaks);
			}),
		).toBeLessThan(NOTHING);
	});

	it('MeterBank (the worker\'s meters after each buffer) allocates nothing per buffer', async () => {
		const p = plan();
		const r = new MixRenderer(p, () => source(0.5), 64);
		const shared = SharedState.create();
		// The 10 Hz integrated/LRA summary is cold code (see MeterBank); this checks the per-buffer path.
		const bank = new MeterBank(shared, Infinity);
		bank.configure(p, 64);
		bank.startPass();
		expect(
			await allocatedDuring((i) => {
				r.render((i * 64) % (SR * 2), 64);
				bank.afterBlock(r, 64);
			}),
		).toBeLessThan(NOTHING);
		expect(shared.trackMeter(0).level).toBeGreaterThan(-20);
		expect(shared.masterMeter(0).level).toBeGreaterThan(-20); // (a DC source: K-weighting leaves no loudness)
	});

	it('LoudnessMeter: silence reads null; process() allocates nothing', async () => {
		const m = new LoudnessMeter(2, SR);
		const quiet = silence(2, 480);
		for (let i = 0; i < 200; i++) m.process(quiet, 480);
		expect(m.report().integrated).toBeNull();
		const tone = [Float64Array.from({ length: 64 }, (_, i) => Math.sin(i / 5) * 0.3), Float64Array.from({ length: 64 }, (_, i) => Math.sin(i / 3) * 0.3)];
		expect(await allocatedDuring(() => m.process(tone, 64))).toBeLessThan(NOTHING);
		expect(m.report().integrated).not.toBeNull();
	});

	it('PeakMeter and CorrelationMeter: silence reads 0; process() allocates nothing', async () => {
		const peak = new PeakMeter(2, SR);
		const corr = new CorrelationMeter(SR);
		const quiet = silence(2, 256);
		peak.process(quiet, 256);
		corr.process(quiet, 256);
		expect(peak.level(0)).toBeLessThan(NOTHING);
		expect(corr.value()).toBeLessThan(NOTHING);
		const sig = [Float64Array.from({ length: 256 }, (_, i) => Math.sin(i)), Float64Array.from({ length: 256 }, (_, i) => Math.sin(i))];
		const state = new Float32Array(6);
		const halfScale = Float32Array.of(0.5, 0.5);
		const db = new Float64Array(6);
		expect(
			await allocatedDuring(() => {
				peak.process(sig, 256);
				peak.processPeaks(halfScale, 256);
				peak.writeState(state, 0);
				peak.writeDb(db, 0, 3);
				corr.process(sig, 256);
			}),
		).toBeLessThan(NOTHING);
		expect(corr.value()).toBeCloseTo(1, 3);
	});

	it('TruePeakLimiter: silence in, silence out; process() allocates nothing', async () => {
		const lim = new TruePeakLimiter(2, SR, -1);
		const quiet = silence(2, 256);
		lim.process(quiet, 256);
		expect(maxAbs(quiet, 256)).toBeLessThan(NOTHING);
		const loud = [new Float64Array(64), new Float64Array(64)];
		expect(
			await allocatedDuring((i) => {
				for (let n = 0; n < 64; n++) loud[0]![n] = loud[1]![n] = (n + i) % 50 < 25 ? 1.5 : -1.5;
				lim.process(loud, 64);
			}),
		).toBeLessThan(NOTHING);
		expect(lim.maxReductionDb).toBeGreaterThan(0);
	});

	it('decodeFrames allocates nothing', async () => {
		const bytes = new Uint8Array(256 * 2 * 3);
		const dest = [new Float32Array(256), new Float32Array(256)];
		const info = { encoding: 'pcm' as const, bitsPerSample: 24, channels: 2 };
		expect(await allocatedDuring(() => decodeFrames(info, bytes, 0, 256, dest, 0))).toBeLessThan(NOTHING);
	});
});
