// A parallel offline render: the calling thread and threads-1 workers split the render order
// into a pipeline (parallel-plan.ts), each stage in its own thread with its own media reads.
// The calling thread runs the last stage and the master, and hands each block to onBlock as
// renderOffline does; the bytes are those of a single-threaded render.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MixPlan } from '../plan.js';
import { MediaError, UserError } from '../../sessions/errors.js';
import { planNonFiniteProblems, ZERO_NAN_HINT } from '../media/non-finite.js';
import { OFFLINE_STREAMS } from '../media/stream-set.js';
import { parallelLayout } from './parallel-plan.js';
import { controlBuffer, dataBuffer, DONE, Stage, stopAll, TAKEN, type StageReport, type StageSetup } from './parallel-stage.js';
import { RenderAborted, type OfflineRenderOptions } from './offline.js';
import { returnWorker, takeWorker } from './parallel-pool.js';

type WaitAsync = (array: Int32Array, index: number, value: number, timeout: number) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/**
 * The worker script: DUBDESK_RENDER_WORKER (tests bundle their own), else render-worker.js
 * beside this module when it runs bundled, else (only when threads were asked for by number)
 * the built dist/render-worker.js. Running from the sources, the default stays on one thread
 * rather than pair this code with a bundle that may be older. Undefined: render on one thread.
 */
export function renderWorkerPath(asked: boolean): string | undefined {
	const given = process.env.DUBDESK_RENDER_WORKER;
	if (given) return given;
	const urls = [new URL('./render-worker.js', import.meta.url), ...(asked ? [new URL('../../dist/render-worker.js', import.meta.url)] : [])];
	for (const url of urls) {
		const file = fileURLToPath(url);
		if (existsSync(file)) return file;
	}
	return undefined;
}

/** A worker's failure as the error it was in the worker. */
function errorFrom(report: Extract<StageReport, { type: 'error' }>): Error {
	if (!report.user) return new Error(`render worker: ${report.message}`);
	if (report.file === undefined || report.problem === undefined) return new UserError(report.message);
	return new MediaError(report.file, report.problem);
}

/**
 * The error a single-threaded render would have thrown. A thread's read-ahead sees only its own
 * clips, so a refused NaN is counted again over every clip of the file.
 */
async function asSingleRender(plan: MixPlan, error: Error): Promise<Error> {
	if (!(error instanceof MediaError) || !error.problem.endsWith(ZERO_NAN_HINT)) return error;
	const [full] = await planNonFiniteProblems(plan, { only: error.file }).catch(() => []);
	return full ?? error;
}

/** Renders `runs` of plan.order in as many threads (the last one this thread). */
export async function renderParallel(plan: MixPlan, options: OfflineRenderOptions, runs: { from: number; to: number }[], workerPath: string): Promise<void> {
	const block = options.blockFrames ?? 8192;
	const layout = parallelLayout(plan, runs);
	const S = layout.stages.length;
	const control = controlBuffer(S);
	const data = dataBuffer(layout, plan.channels, block);
	const streams = options.streams ?? OFFLINE_STREAMS;
	// The tally is counted per thread and summed here.
	const { tally, ...shared } = streams;
	const setup = (stage: number): StageSetup => ({ plan, layout, stage, control, data, from: options.from, to: options.to, block, streams: shared });
	const ctrl = new Int32Array(control);
	let failure: Error | undefined;
	let rejectFailed: (error: Error) => void = () => undefined;
	const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
	failed.catch(() => undefined);
	const fail = (error: Error) => {
		failure ??= error;
		stopAll(ctrl);
		rejectFailed(failure);
	};
	// Each worker's stage ends with one report (done, or the error it stopped on).
	const workers = Array.from({ length: S - 1 }, (_, s) => {
		const worker = takeWorker(workerPath);
		let reported = false;
		let settle: () => void = () => undefined;
		const report = new Promise<void>((resolve) => (settle = resolve));
		const onMessage = (r: StageReport) => {
			reported = true;
			if (r.type === 'done') {
				if (tally) tally.nonFiniteSamples += r.nonFiniteSamples;
			} else fail(errorFrom(r));
			settle();
		};
		const onError = (error: Error) => fail(new Error(`render worker failed: ${error.message}`));
		const onExit = (code: number) => {
			fail(new Error(`render worker stopped (exit ${code})`));
			settle();
		};
		worker.on('message', onMessage);
		worker.on('error', onError);
		worker.on('exit', onExit);
		worker.postMessage(setup(s));
		const detach = () => {
			worker.off('message', onMessage);
			worker.off('error', onError);
			worker.off('exit', onExit);
		};
		return { worker, report, detach, isReported: () => reported };
	});
	const reports = Promise.all(workers.map((w) => w.report));

	/** Waits until ctrl[index] ≥ value; throws the first failure of any thread. */
	const until = async (index: number, value: number) => {
		for (;;) {
			if (failure) throw failure;
			const v = Atomics.load(ctrl, index);
			if (v >= value) return;
			const w = waitAsync(ctrl, index, v, 1000);
			if (w.async) await w.value;
		}
	};

	let stage: Stage | undefined;
	let complete = false;
	try {
		stage = new Stage({ ...setup(S - 1), streams });
		const r = stage.renderer;
		// As seek() does on one thread: automated strip parameters start on their lanes at `from`.
		r.primeLanes(options.from);
		r.resetState();
		const total = Math.max(0, options.to - options.from);
		for (let k = 0; k < stage.blocks; k++) {
			const waits = stage.media(k);
			if (waits.length > 0) await Promise.all(waits);
			if (options.signal?.aborted) throw new RenderAborted();
			await until(DONE + S - 2, k + 1);
			stage.begin(k);
			// Its slot is copied out: the first thread may fill it with a later block.
			stage.signal(TAKEN, k + 1);
			stage.run(k);
			r.finishMaster(stage.frames, stage.start);
			if (stage.output) {
				await options.onBlock(r, stage.frames, stage.start);
				options.onProgress?.(stage.start + stage.frames - options.from, total);
			}
		}
		await Promise.race([reports, failed]);
		complete = true;
	} catch (error) {
		throw await asSingleRender(plan, error as Error);
	} finally {
		if (!complete) stopAll(ctrl);
		await stage?.close();
		// Stopped workers leave their loops, close their media and report; one that does not
		// within a few seconds is ended. Those that reported wait for the next render.
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([reports, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000)))]);
		clearTimeout(timer);
		for (const w of workers) {
			w.detach();
			if (w.isReported()) returnWorker(workerPath, w.worker);
			else void w.worker.terminate();
		}
	}
}
