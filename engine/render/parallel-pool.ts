// Render worker threads kept between renders. Starting a thread and compiling its code costs
// tens of milliseconds: the render command starts them while it reads the session, and a
// normalised print (two to four passes over the mix) starts them once. An idle worker is
// unreferenced, so it never keeps the process alive.
import { Worker } from 'node:worker_threads';

const idle = new Map<string, Worker[]>();

function spawn(script: string): Worker {
	const worker = new Worker(script);
	worker.unref();
	// An idle worker that dies leaves the pool (and its error is not an unhandled event).
	worker.on('error', () => undefined);
	worker.once('exit', () => {
		const list = idle.get(script);
		const at = list?.indexOf(worker) ?? -1;
		if (at >= 0) list!.splice(at, 1);
	});
	return worker;
}

/** Starts workers of `script` until `count` are idle. */
export function prestartWorkers(script: string, count: number): void {
	const list = idle.get(script) ?? [];
	idle.set(script, list);
	while (list.length < count) list.push(spawn(script));
}

/** An idle worker of `script`, or a new one; referenced while it works. */
export function takeWorker(script: string): Worker {
	const worker = idle.get(script)?.pop() ?? spawn(script);
	worker.ref();
	return worker;
}

/** A worker that finished its stage cleanly waits for the next render. */
export function returnWorker(script: string, worker: Worker): void {
	worker.unref();
	const list = idle.get(script) ?? [];
	idle.set(script, list);
	list.push(worker);
}
