// Worker entry of the mixer's ducking analysis (bundled as dist/duck-worker.js): one message is
// one analysis (a session document, its file, the request), one reply its result or its error.
// Rendering a reel takes seconds; here it never holds up the mixer's screen or keys.
import { parentPort } from 'node:worker_threads';
import { UserError } from '../../sessions/errors.js';
import { analyseDuck } from './bake.js';
import type { DuckJob, DuckReply } from './duck-client.js';

const port = parentPort!;

port.on('message', (job: DuckJob) => {
	analyseDuck(job.session, job.sessionFile, job.request, { blockFrames: 8192 }).then(
		(result) => port.postMessage({ ok: true, result } satisfies DuckReply),
		(error: unknown) => port.postMessage({ ok: false, user: error instanceof UserError, message: error instanceof Error ? error.message : String(error) } satisfies DuckReply),
	);
});
