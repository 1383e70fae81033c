// Running the ducking analysis off the calling thread: the mixer's UI thread hands the document
// to a worker (dist/duck-worker.js) and gets the lines and the lane back. Running from the
// sources, where no bundled worker exists, it runs here instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Session } from '../../sessions/types.js';
import { UserError } from '../../sessions/errors.js';
import { analyseDuck, type DuckRequest, type DuckResult } from './bake.js';

export interface DuckJob {
	session: Session;
	sessionFile: string;
	request: DuckRequest;
}

export type DuckReply = { ok: true; result: DuckResult } | { ok: false; user: boolean; message: string };

/** dist/duck-worker.js beside the bundle (or built from the sources), undefined when there is none. */
export function duckWorkerPath(): string | undefined {
	for (const url of [new URL('./duck-worker.js', import.meta.url), new URL('../../dist/duck-worker.js', import.meta.url)]) {
		const file = fileURLToPath(url);
		if (existsSync(file)) return file;
	}
	return undefined;
}

/** The analysis in a worker thread of its own (ended when it answers); in this thread without a worker script. */
export function analyseInWorker(session: Session, sessionFile: string, request: DuckRequest, workerPath = duckWorkerPath()): Promise<DuckResult> {
	if (workerPath === undefined) return analyseDuck(session, sessionFile, request);
	return new Promise<DuckResult>((resolve, reject) => {
		const worker = new Worker(workerPath, { stdout: true, stderr: true });
		// Quitting the mixer mid-analysis does not wait for it.
		worker.unref();
		// The worker's own output is not the mixer's screen.
		worker.stdout.resume();
		worker.stderr.resume();
		let settled = false;
		const settle = (fn: () => void) => {
			if (settled) return;
			settled = true;
			fn();
			void worker.terminate();
		};
		worker.on('message', (reply: DuckReply) => settle(() => (reply.ok ? resolve(reply.result) : reject(reply.user ? new UserError(reply.message) : new Error(reply.message)))));
		worker.on('error', (error) => settle(() => reject(error)));
		worker.on('exit', (code) => settle(() => reject(new Error(`the ducking analysis stopped (exit ${code})`))));
		worker.postMessage({ session, sessionFile, request } satisfies DuckJob);
	});
}
