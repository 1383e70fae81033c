// Worker entry of a parallel offline render (bundled as dist/render-worker.js). Each message is
// a stage of a render's pipeline (parallel-stage.ts): the worker runs it over every block and
// reports how many NaN/Inf media samples it printed as silence, then waits for the next render
// (parallel-pool.ts keeps it). Waits block the thread (Atomics.wait): nothing else runs here.
import { parentPort } from 'node:worker_threads';
import { DONE, SLOTS, Stage, STOP, TAKEN, stopAll, type StageReport, type StageSetup } from './parallel-stage.js';
import { UserError, MediaError } from '../../sessions/errors.js';

const port = parentPort!;

/** Waits until control[index] ≥ value; false when told to stop first. */
function waitFor(control: Int32Array, index: number, value: number): boolean {
	for (;;) {
		const v = Atomics.load(control, index);
		if (v >= value) return true;
		if (Atomics.load(control, STOP) !== 0) return false;
		Atomics.wait(control, index, v, 1000);
	}
}

async function run(setup: StageSetup): Promise<number> {
	const tally = { nonFiniteSamples: 0 };
	const stage = new Stage({ ...setup, streams: { ...setup.streams, tally } });
	const control = stage.control;
	const s = setup.stage;
	try {
		stage.renderer.primeLanes(setup.from);
		stage.renderer.resetState();
		for (let k = 0; k < stage.blocks; k++) {
			const waits = stage.media(k);
			if (waits.length > 0) await Promise.all(waits);
			// Thread 0 waits for its slot to be free, the others for the thread before them.
			const ready = s === 0 ? waitFor(control, TAKEN, k + 1 - SLOTS) : waitFor(control, DONE + s - 1, k + 1);
			if (!ready) break;
			stage.begin(k);
			stage.run(k);
			stage.signal(DONE + s, k + 1);
		}
	} finally {
		await stage.close();
	}
	return tally.nonFiniteSamples;
}

port.on('message', (setup: StageSetup) => {
	run(setup).then(
		(nonFiniteSamples) => port.postMessage({ type: 'done', nonFiniteSamples } satisfies StageReport),
		(error: Error) => {
			stopAll(new Int32Array(setup.control));
			const report: StageReport = { type: 'error', message: error.message, user: error instanceof UserError };
			if (error instanceof MediaError) Object.assign(report, { file: error.file, problem: error.problem });
			port.postMessage(report);
		},
	);
});
