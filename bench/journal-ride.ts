// What the edit journal costs the UI thread (issue 9): a fader ride of 100 edits a second on the
// 16-track demo session, through the mixer's store, with the real journal (fdatasync on).
// Reports the milliseconds per second the main thread spends inside the journal: every call
// into it is timed (its fdatasync runs in the thread pool, off the main thread).
import { performance } from 'node:perf_hooks';
import { loadSession } from '../sessions/load.js';
import { createAutosave, type Autosave } from '../sessions/autosave.js';
import { Journal } from '../sessions/journal.js';
import { nudgeTrackGain } from '../sessions/edit.js';
import { MixerStore } from '../source/app/mixer-store.js';

export interface RideResult {
	seconds: number;
	edits: number;
	/** Journal lines written (each a coalesced batch of edits). */
	writes: number;
	/** Main-thread ms per second inside the journal: record, timed writes, fdatasync callbacks. */
	journalMsPerSecond: number;
	/** Longest single call into the journal, ms, and the 99th percentile. */
	longestMs: number;
	p99Ms: number;
	/** The first write (the whole session as the base line, code not yet optimised), ms. */
	firstWriteMs: number;
	journalBytes: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ride(file: string, autosave: Autosave, seconds: number): Promise<number> {
	const session = await loadSession(file);
	const store = new MixerStore({ session, file, send: () => {}, autosave });
	const ids = session.tracks.map((t) => t.id);
	const started = performance.now();
	let edits = 0;
	// 100 edits a second, paced against the clock (a surface fader streaming).
	while (performance.now() - started < seconds * 1000) {
		const due = started + edits * 10;
		const wait = due - performance.now();
		if (wait > 0) await sleep(wait);
		const id = ids[Math.floor(edits / 200) % ids.length]!;
		store.edit(`Fader ${id}`, (s) => nudgeTrackGain(s, id, edits % 400 < 200 ? 0.1 : -0.1), { coalesce: `gain:${id}` });
		edits++;
	}
	await autosave.flush();
	return edits;
}

export async function journalRide(file: string, seconds = 10): Promise<RideResult> {
	// Time every entry into the journal from the outside (the class is the unit measured).
	let inside = 0;
	const calls: number[] = [];
	let writes = 0;
	let depth = 0;
	const proto = Journal.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
	for (const name of ['record', 'flush', 'write', 'requestSync', 'startCompaction']) {
		const original = proto[name]!;
		proto[name] = function (this: unknown, ...args: unknown[]) {
			if (name === 'write') writes++;
			if (depth > 0) return original.apply(this, args);
			depth++;
			const t0 = performance.now();
			try {
				return original.apply(this, args);
			} finally {
				const dt = performance.now() - t0;
				depth--;
				inside += dt;
				calls.push(dt);
			}
		};
	}
	const autosave = createAutosave(file);
	const t0 = performance.now();
	const edits = await ride(file, autosave, seconds);
	const elapsed = (performance.now() - t0) / 1000;
	const { statSync } = await import('node:fs');
	const journalBytes = statSync(autosave.path).size;
	await autosave.discard();
	await autosave.dispose();
	return {
		seconds,
		edits,
		writes,
		journalMsPerSecond: inside / elapsed,
		longestMs: Math.max(...calls),
		p99Ms: [...calls].sort((a, b) => a - b)[Math.floor(calls.length * 0.99)]!,
		firstWriteMs: calls[0] ?? 0,
		journalBytes,
	};
}
