// Worker entry of a parallel offline render (bundled as dist/render-worker.js): runs one
// stage of the pipeline (parallel-stage.ts) over every block, then reports how many NaN/Inf
// media samples it printed as silence. Waits block the thread (Atomics.wait): nothing else
// runs here.
import { parentPort, workerData } from 'node:worker_threads';
import { DONE, SLOTS, Stage, STOP, TAKEN, stopAll, type StageReport, type StageSetup } from './parallel-stage.js';
import { UserError, MediaError } from '../../sessions/errors.js';

const port = parentPort!;
const setup = workerData as StageSetup;
const control = new Int32Array(setup.control);

/** Waits until control[index] ≥ value; false when told to stop first. */
function waitFor(index: number, value: number): boolean {
	for (;;) {
		const v = Atomics.load(control, index);
		if (v >= value) return true;
		if (Atomics.load(control, STOP) !== 0) return false;
		Atomics.wait(control, index, v, 1000);
	}
}

async function run(): Promise<number> {
	const tally = { nonFiniteSamples: 0 };
	const stage = new Stage({ ...setup, streams: { ...setup.streams, tally } });
	const s = setup.stage;
	try {
		stage.renderer.resetState();
		for (let k = 0; k < stage.blocks; k++) {
			const waits = stage.media(k);
			if (waits.length > 0) await Promise.all(waits);
			// Thread 0 waits for its slot to be free, the others for the thread before them.
			const ready = s === 0 ? waitFor(TAKEN, k + 1 - SLOTS) : waitFor(DONE + s - 1, k + 1);
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

run().then(
	(nonFiniteSamples) => port.postMessage({ type: 'done', nonFiniteSamples } satisfies StageReport),
	(error: Error) => {
		stopAll(control);
		const report: StageReport = { type: 'error', message: error.message, user: error instanceof UserError };
		if (error instanceof MediaError) Object.assign(report, { file: error.file, problem: error.problem });
		port.postMessage(report);
	},
);
