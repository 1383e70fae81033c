// Real-time DSP load (issues 4 and 10): the share of each device buffer's time that rendering
// the bench session takes (renderer + meters + interleave, as the worker does it), at the
// default buffer; the most plain tracks that stay under 70 % sustained load, and the most tracks
// with a full channel strip that take under half of each buffer period on average (the 99th
// percentile is reported beside it: on a shared machine it mostly measures preemption).
// Media is made resident before each timed buffer, so the per-buffer figures are DSP only (disk
// read-ahead runs beside it in the worker; `sustained` counts it).
import { loadPlan } from '../engine/session-plan.js';
import { MixRenderer } from '../engine/mix/renderer.js';
import { REALTIME_STREAMS, StreamSet } from '../engine/media/stream-set.js';
import { MeterBank } from '../engine/worker/meter-bank.js';
import { SharedState } from '../engine/worker/shared-state.js';
import { DEFAULT_BUFFER_FRAMES } from '../engine/worker/playback.js';
import type { MixPlan } from '../engine/plan.js';

export interface LoadResult {
	tracks: number;
	bufferFrames: number;
	/** Mean, 99th percentile and max share of the buffer period spent rendering. */
	mean: number;
	p99: number;
	max: number;
	/** Thread time per second of audio including media read-ahead and decode (event-loop active time). */
	sustained: number;
}

/** The plan with its tracks repeated to `count` tracks (ids made unique); the bench sessions have no buses or keys. */
function widen(plan: MixPlan, count: number): MixPlan {
	const tracks = Array.from({ length: count }, (_, i) => {
		const t = plan.tracks[i % plan.tracks.length]!;
		return { ...t, id: `${t.id}-${i}`, clips: t.clips.map((c) => ({ ...c, key: `${t.id}-${i}/${c.key}` })) };
	});
	// The render order lists every node: without it only the original tracks would be rendered.
	const order = [...tracks.map((_, index) => ({ kind: 'track' as const, index })), ...plan.busOrder.map((index) => ({ kind: 'bus' as const, index }))];
	return { ...plan, tracks, order };
}

export async function measureLoad(sessionFile: string, tracks: number, seconds = 6, bufferFrames = DEFAULT_BUFFER_FRAMES): Promise<LoadResult> {
	const base = (await loadPlan(sessionFile)).plan;
	const plan = widen(base, tracks);
	const streams = new StreamSet(plan, REALTIME_STREAMS);
	const renderer = new MixRenderer(plan, (_c, t, k) => streams.source(t, k), bufferFrames);
	const meters = new MeterBank(SharedState.create());
	meters.configure(plan, bufferFrames);
	const out = new Float32Array(bufferFrames * plan.channels);
	const period = (bufferFrames / plan.sampleRate) * 1000;
	const loads: number[] = [];
	const blocks = Math.floor((seconds * plan.sampleRate) / bufferFrames);
	let elu = performance.eventLoopUtilization();
	const warmup = Math.floor(blocks / 10);
	for (let b = 0, pos = plan.sampleRate; b < blocks; b++, pos += bufferFrames) {
		if (b === warmup) elu = performance.eventLoopUtilization();
		const waits = streams.schedule(pos, bufferFrames);
		if (waits.length > 0) await Promise.all(waits);
		const t0 = performance.now();
		renderer.render(pos, bufferFrames);
		meters.afterBlock(renderer, bufferFrames);
		const ch = plan.channels;
		for (let c = 0; c < ch; c++) {
			const m = renderer.master[c]!;
			for (let i = 0; i < bufferFrames; i++) out[i * ch + c] = m[i]!;
		}
		loads.push((performance.now() - t0) / period);
	}
	const active = performance.eventLoopUtilization(elu).active;
	const audioMs = (blocks - warmup) * period;
	await streams.close();
	const warm = loads.slice(Math.floor(loads.length / 10)).sort((a, b) => a - b);
	return {
		tracks,
		bufferFrames,
		mean: warm.reduce((a, b) => a + b, 0) / warm.length,
		p99: warm[Math.floor(warm.length * 0.99)]!,
		max: warm.at(-1)!,
		sustained: active / audioMs,
	};
}

/** The default-buffer load of the bench session, and the largest track count whose sustained load (DSP + decode) stays under 70 %. */
export async function dspLoad(sessionFile: string): Promise<{ bench: LoadResult; maxTracks: number; ladder: LoadResult[] }> {
	const bench = await measureLoad(sessionFile, 16);
	const ladder: LoadResult[] = [];
	let lo = 16;
	let hi = 16;
	// Double until over 70 %, then bisect.
	for (;;) {
		const r = await measureLoad(sessionFile, hi * 2, 3);
		ladder.push(r);
		if (r.sustained >= 0.7 || hi >= 4096) break;
		lo = hi * 2;
		hi *= 2;
	}
	hi = Math.min(hi * 2, 4096);
	while (hi - lo > Math.max(8, lo / 16)) {
		const mid = Math.round((lo + hi) / 2);
		const r = await measureLoad(sessionFile, mid, 3);
		ladder.push(r);
		if (r.sustained < 0.7) lo = mid;
		else hi = mid;
	}
	return { bench, maxTracks: lo, ladder };
}

/** The share of one core a real-time strip ceiling may use per buffer. */
export const STRIP_BUDGET = 0.5;

/**
 * The most tracks of `sessionFile` (tracks with a full strip) one core renders in under
 * STRIP_BUDGET of the buffer period (mean over the warm buffers): doubling from 16, then
 * bisecting to within 1/16.
 */
export async function stripCeiling(sessionFile: string, seconds = 3): Promise<{ maxTracks: number; at: LoadResult | undefined; ladder: LoadResult[] }> {
	const ladder: LoadResult[] = [];
	const fits = async (n: number) => {
		const r = await measureLoad(sessionFile, n, seconds);
		ladder.push(r);
		return r.mean < STRIP_BUDGET;
	};
	let lo = 0;
	let hi = 16;
	while (await fits(hi)) {
		lo = hi;
		if (hi >= 4096) return { maxTracks: lo, at: ladder.at(-1), ladder };
		hi *= 2;
	}
	while (hi - lo > Math.max(1, Math.floor(lo / 16))) {
		const mid = Math.round((lo + hi) / 2);
		if (await fits(mid)) lo = mid;
		else hi = mid;
	}
	return { maxTracks: lo, at: ladder.filter((r) => r.tracks === lo).at(-1), ladder };
}
