// Offline rendering: drives the block renderer as fast as the disk allows, waiting for media
// before each block (a real-time device never waits; see engine/worker). A long render of
// several tracks is split across threads (parallel.ts) when that pays; the bytes are the same.
import { availableParallelism } from 'node:os';
import type { MixPlan } from '../plan.js';
import { MixRenderer } from '../mix/renderer.js';
import { OFFLINE_STREAMS, StreamSet, type StreamSetOptions } from '../media/stream-set.js';
import { UserError } from '../../sessions/errors.js';
import { nodeCosts, splitOrder } from './parallel-plan.js';
import { renderParallel, renderWorkerPath } from './parallel.js';
import { prestartWorkers } from './parallel-pool.js';

export interface OfflineRenderOptions {
	/** First timeline sample. */
	from: number;
	/** End sample (exclusive). */
	to: number;
	/** Frames per block (results do not depend on it). */
	blockFrames?: number;
	streams?: StreamSetOptions;
	signal?: AbortSignal;
	/** Receives each rendered block; may await (a disk write). */
	onBlock: (renderer: MixRenderer, frames: number, position: number) => void | Promise<void>;
	onProgress?: (doneFrames: number, totalFrames: number) => void;
	/**
	 * Threads to render with. Default: DUBDESK_THREADS, else the machine's cores (at most
	 * MAX_AUTO_THREADS) when the render is worth splitting (AUTO_MIN_TRACKS tracks and
	 * AUTO_MIN_SECONDS seconds or more). A number given here or in DUBDESK_THREADS is used
	 * as it is (tests force 1 or 2 on short sessions).
	 */
	threads?: number;
}

/** The most threads a render picks by itself (the mixing is sequential past a few). */
export const MAX_AUTO_THREADS = 4;
/** A shorter render, or one with fewer tracks, is not worth starting threads for. */
export const AUTO_MIN_TRACKS = 4;
export const AUTO_MIN_SECONDS = 5;
/** The most threads anyone may ask for. */
export const MAX_THREADS = 32;

/** Parses a thread count; `what` names it in the error (`--threads 0`, `DUBDESK_THREADS=x`). */
export function parseThreads(text: string, what: string): number {
	const n = Number(text);
	if (!/^\s*\d+\s*$/.test(text) || n < 1 || n > MAX_THREADS) throw new UserError(`${what}: expected a whole number from 1 to ${MAX_THREADS}`);
	return n;
}

/** The threads a render of plan [from, to) asks for, and whether they were asked for by number. */
export function renderThreads(plan: MixPlan, from: number, to: number, requested?: number): { threads: number; asked: boolean } {
	const env = process.env.DUBDESK_THREADS;
	if (requested !== undefined) return { threads: requested, asked: true };
	if (env !== undefined && env !== '') return { threads: parseThreads(env, `DUBDESK_THREADS=${env}`), asked: true };
	if (plan.tracks.length < AUTO_MIN_TRACKS || to - from < AUTO_MIN_SECONDS * plan.sampleRate) return { threads: 1, asked: false };
	return { threads: Math.min(availableParallelism(), MAX_AUTO_THREADS), asked: false };
}

/**
 * Starts the worker threads a render will probably use, before its session is read (the
 * render command calls it first). Nothing when it is told to use one thread. The workers are
 * idle and unreferenced until a render takes them: unused, they cost a little CPU and no time.
 */
export function warmRenderThreads(requested?: number): void {
	const env = process.env.DUBDESK_THREADS;
	const fromEnv = env !== undefined && env !== '';
	const threads = requested ?? (fromEnv ? parseThreads(env, `DUBDESK_THREADS=${env}`) : Math.min(availableParallelism(), MAX_AUTO_THREADS));
	if (threads < 2) return;
	const script = renderWorkerPath(requested !== undefined || fromEnv);
	if (script) prestartWorkers(script, threads - 1);
}

export interface OfflineRenderResult {
	/** Threads the render ran on (1 when splitting did not pay or no worker script was found). */
	threads: number;
}

/** Thrown when the signal aborts a render; callers remove their partial outputs. */
export class RenderAborted extends UserError {
	override name = 'RenderAborted';
	constructor() {
		super('render interrupted; nothing was written');
	}
}

export async function renderOffline(plan: MixPlan, options: OfflineRenderOptions): Promise<OfflineRenderResult> {
	const { threads, asked } = renderThreads(plan, options.from, options.to, options.threads);
	const worker = threads > 1 ? renderWorkerPath(asked) : undefined;
	if (worker !== undefined) {
		const frames = Math.max(0, options.to - options.from);
		const runs = splitOrder(plan, nodeCosts(plan, options.from, frames), frames, threads);
		if (runs.length > 1) {
			await renderParallel(plan, options, runs, worker);
			return { threads: runs.length };
		}
	}
	const block = options.blockFrames ?? 8192;
	const set = new StreamSet(plan, options.streams ?? OFFLINE_STREAMS);
	const renderer = new MixRenderer(plan, (_c, t, k) => set.source(t, k), block, false);
	const total = Math.max(0, options.to - options.from);
	// Media is read `latency` samples ahead of the output (look-ahead somewhere in the graph).
	const ahead = renderer.latency;
	try {
		if (ahead > 0) {
			const waits = set.schedule(options.from, ahead);
			if (waits.length > 0) await Promise.all(waits);
		}
		renderer.seek(options.from);
		for (let pos = options.from; pos < options.to; pos += block) {
			if (options.signal?.aborted) throw new RenderAborted();
			const frames = Math.min(block, options.to - pos);
			const waits = set.schedule(pos + ahead, frames);
			if (waits.length > 0) await Promise.all(waits);
			renderer.render(pos, frames);
			await options.onBlock(renderer, frames, pos);
			options.onProgress?.(pos + frames - options.from, total);
		}
	} finally {
		await set.close();
	}
	return { threads: 1 };
}
