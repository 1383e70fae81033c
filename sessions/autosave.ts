// "Never loses a mix": the document is written, a moment after each change, to a hidden file
// beside the session (`.reel1.yaml.autosave`), atomically and in the same YAML. On open, an
// autosave newer than the session and different from it is offered for recovery.
import { readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeFsError, writeFileAtomic } from './atomic-write.js';
import { UserError } from './errors.js';
import { parseSession } from './load.js';
import { serializeSession } from './save.js';
import type { Session } from './types.js';

/** Where the autosave of a session file lives: `<dir>/.<basename>.autosave`. */
export function autosavePath(sessionPath: string): string {
	return join(dirname(sessionPath), `.${basename(sessionPath)}.autosave`);
}

export interface AutosaveOptions {
	/** Quiet time after the last change before writing (default 2000 ms). */
	delayMs?: number;
	/** Longest a change waits while changes keep coming (holding a fader), default 10000 ms. */
	maxWaitMs?: number;
	/** Told about every failed write; autosave never throws into the UI. */
	onError?: (error: UserError) => void;
	/** Told after each successful write (status line "autosaved"). */
	onSaved?: (path: string) => void;
}

/** A debounced autosaver for one session file. */
export interface Autosave {
	/** The autosave file. */
	readonly path: string;
	/** Notes the latest document; it is written after `delayMs` without further changes. */
	schedule(session: Session): void;
	/** Writes a scheduled document now; resolves when every write has finished. Never rejects. */
	flush(): Promise<void>;
	/** Drops anything scheduled and deletes the autosave file (after an explicit save). Never rejects. */
	discard(): Promise<void>;
	/** Drops anything scheduled (without writing it) and waits for a write in progress. */
	dispose(): Promise<void>;
}

/** Starts autosaving for `sessionPath`; nothing is written until `schedule` is called. */
export function createAutosave(sessionPath: string, options: AutosaveOptions = {}): Autosave {
	const { delayMs = 2000, maxWaitMs = 10_000, onError = () => {}, onSaved = () => {} } = options;
	const path = autosavePath(sessionPath);
	let pending: Session | undefined;
	let pendingSince = 0;
	let lastWritten: Session | undefined;
	let timer: NodeJS.Timeout | undefined;
	let chain: Promise<void> = Promise.resolve();
	let disposed = false;

	const report = (err: unknown) => {
		onError(err instanceof UserError ? err : new UserError(`${path}: autosave failed: ${err instanceof Error ? err.message : String(err)}`));
	};
	const stopTimer = () => {
		if (timer) clearTimeout(timer);
		timer = undefined;
	};
	const writeNow = (): Promise<void> => {
		stopTimer();
		const doc = pending;
		pending = undefined;
		if (doc && doc !== lastWritten) {
			chain = chain.then(async () => {
				try {
					await writeFileAtomic(path, serializeSession(doc));
					lastWritten = doc;
					onSaved(path);
				} catch (err) {
					report(err);
				}
			});
		}
		return chain;
	};

	return {
		path,
		schedule(session) {
			if (disposed) return;
			const now = Date.now();
			if (pending === undefined) pendingSince = now;
			pending = session;
			stopTimer();
			const wait = Math.max(0, Math.min(delayMs, pendingSince + maxWaitMs - now));
			timer = setTimeout(() => void writeNow(), wait);
			// A pending autosave must not keep a finished CLI alive; the app flushes on quit.
			timer.unref();
		},
		flush: writeNow,
		async discard() {
			stopTimer();
			pending = undefined;
			await chain;
			lastWritten = undefined;
			try {
				await rm(path, { force: true });
			} catch (err) {
				report(new UserError(`${path}: cannot remove the autosave: ${describeFsError(err)}`));
			}
		},
		async dispose() {
			disposed = true;
			stopTimer();
			pending = undefined;
			await chain;
		},
	};
}

/** An autosave worth offering: its document, or why it cannot be read. */
export type FoundAutosave =
	| { path: string; modified: Date; session: Session; error?: undefined }
	| { path: string; modified: Date; session?: undefined; error: UserError };

/**
 * The autosave of `sessionPath` when it is newer than the session file (or the session file is
 * missing) and holds a different document; undefined otherwise. An autosave that cannot be read
 * is returned with its error rather than thrown, so opening the session still works.
 */
export async function findAutosave(sessionPath: string): Promise<FoundAutosave | undefined> {
	const path = autosavePath(sessionPath);
	const info = await stat(path).catch(() => undefined);
	if (!info?.isFile()) return undefined;
	const sessionInfo = await stat(sessionPath).catch(() => undefined);
	if (sessionInfo && info.mtimeMs <= sessionInfo.mtimeMs) return undefined;
	const modified = info.mtime;
	let session: Session;
	try {
		session = parseSession(await readFile(path, 'utf8'), path);
	} catch (err) {
		if (err instanceof UserError) return { path, modified, error: err };
		return { path, modified, error: new UserError(`${path}: ${describeFsError(err)}`) };
	}
	if (sessionInfo) {
		try {
			const onDisk = parseSession(await readFile(sessionPath, 'utf8'), sessionPath);
			if (serializeSession(onDisk) === serializeSession(session)) return undefined;
		} catch {
			// The session file is unreadable or invalid: the autosave is worth offering.
		}
	}
	return { path, modified, session };
}

/** Deletes the autosave of `sessionPath`, if any (after recovery is declined or a save). */
export async function discardAutosave(sessionPath: string): Promise<void> {
	const path = autosavePath(sessionPath);
	try {
		await rm(path, { force: true });
	} catch (err) {
		throw new UserError(`${path}: cannot remove the autosave: ${describeFsError(err)}`);
	}
}
