// The UI's handle on the engine worker: a send function for commands, events by subscription,
// and the shared state the UI reads on its own tick.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Writable } from 'node:stream';
import type { EngineCommand, EngineEvent } from './protocol.js';
import { SharedState } from './shared-state.js';

export interface EngineClientOptions {
	/** Device buffer in frames (default 512). */
	bufferFrames?: number;
	/** The worker script; default: the bundled dist/engine-worker.js. */
	workerPath?: string;
	/** Where the worker's console output goes (never the terminal the UI draws on). */
	log?: Writable;
}

/** dist/engine-worker.js next to the bundle, or found from the sources when running tests. */
export function defaultWorkerPath(): string {
	const candidates = [new URL('./engine-worker.js', import.meta.url), new URL('../../dist/engine-worker.js', import.meta.url)];
	for (const url of candidates) {
		const file = fileURLToPath(url);
		if (existsSync(file)) return file;
	}
	throw new Error('dist/engine-worker.js is missing: run `npm run build`');
}

export class EngineClient {
	readonly shared = SharedState.create();
	private readonly worker: Worker;
	private readonly listeners = new Set<(event: EngineEvent) => void>();
	private exited = false;
	private closing = false;

	constructor(options: EngineClientOptions = {}) {
		this.worker = new Worker(options.workerPath ?? defaultWorkerPath(), {
			workerData: { shared: this.shared.buffer, bufferFrames: options.bufferFrames },
			stdout: true,
			stderr: true,
		});
		const log = options.log;
		this.worker.stdout.on('data', (chunk: Buffer) => log?.write(chunk));
		this.worker.stderr.on('data', (chunk: Buffer) => log?.write(chunk));
		this.worker.on('message', (event: EngineEvent) => this.dispatch(event));
		this.worker.on('error', (error) => this.dispatch({ type: 'error', message: `the audio engine failed: ${error.message}`, fatal: true }));
		this.worker.on('exit', (code) => {
			this.exited = true;
			if (!this.closing) this.dispatch({ type: 'error', message: `the audio engine stopped (exit ${code})`, fatal: true });
		});
	}

	/** Sends one command (a no-op once the engine has gone). */
	readonly send = (command: EngineCommand): void => {
		if (!this.exited) this.worker.postMessage(command);
	};

	/** Subscribes to engine events; returns the unsubscribe function. */
	on(listener: (event: EngineEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Resolves with the first event of `type` (that passes `accept`), or rejects after `timeoutMs`. */
	waitFor<T extends EngineEvent['type']>(type: T, timeoutMs = 10_000, accept: (e: Extract<EngineEvent, { type: T }>) => boolean = () => true): Promise<Extract<EngineEvent, { type: T }>> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				off();
				reject(new Error(`the audio engine did not report ${type} within ${timeoutMs} ms`));
			}, timeoutMs);
			const off = this.on((event) => {
				if (event.type === type && accept(event as Extract<EngineEvent, { type: T }>)) {
					clearTimeout(timer);
					off();
					resolve(event as Extract<EngineEvent, { type: T }>);
				}
			});
		});
	}

	private dispatch(event: EngineEvent): void {
		for (const l of this.listeners) l(event);
	}

	/** Stops playback, releases the device and media, and ends the worker. */
	async close(): Promise<void> {
		if (this.exited) return;
		this.closing = true;
		const closed = this.waitFor('closed', 3000).catch(() => undefined);
		this.send({ type: 'close' });
		await closed;
		await this.worker.terminate();
	}
}
