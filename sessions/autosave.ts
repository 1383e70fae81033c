// "Never loses a mix": every edit goes into the session's journal (journal.ts) within 50 ms,
// so a crash, kill -9 or a dropped SSH connection keeps everything that was on screen. On open,
// a journal (or an autosave written by an older dubdesk, `.reel1.yaml.autosave`) that holds a
// document different from the session file is offered for recovery. Saving removes both.
import { readFile, stat } from 'node:fs/promises';
import { rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeFsError } from './atomic-write.js';
import { UserError } from './errors.js';
import { Journal, journalPath, journalTempPaths, replayJournal } from './journal.js';
import { parseSession } from './load.js';
import { serializeSession } from './save.js';
import type { Session } from './types.js';

export { journalPath } from './journal.js';

/** Where older versions kept a whole-document autosave: `<dir>/.<basename>.autosave`. */
export function autosavePath(sessionPath: string): string {
	return join(dirname(sessionPath), `.${basename(sessionPath)}.autosave`);
}

export interface AutosaveOptions {
	/** Shortest time between two journal writes; edits in between are written together (default 50 ms). */
	intervalMs?: number;
	/** Journal size past which it is compacted (default 1 MiB). */
	compactBytes?: number;
	/** fdatasync after writes (default true). */
	sync?: boolean;
	/** Nothing is written while this says true (a recovery offer is on screen). */
	paused?: () => boolean;
	/** Told about every failed write; autosave never throws into the UI. */
	onError?: (error: UserError) => void;
}

/** Keeps a session's edits on disk as they are made. */
export interface Autosave {
	/** The file the edits go to. */
	readonly path: string;
	/** Notes the latest document; it is on disk within the write interval. */
	schedule(session: Session): void;
	/** Writes what is pending now and waits for it to be synced (at most a moment). Never rejects. */
	flush(): Promise<void>;
	/** Writes what is pending now, synchronously (for 'exit' handlers). */
	flushSync?(): void;
	/** Drops anything pending and deletes the journal and any old autosave (after a save). Never rejects. */
	discard(): Promise<void>;
	/** Stops writing (the journal stays for recovery) and waits for a sync in flight. */
	dispose(): Promise<void>;
}

/** How long flush and dispose wait for fdatasync: the data is already safe from a crash by then. */
const SYNC_WAIT_MS = 200;

/** Starts journalling `sessionPath`; nothing is written until `schedule` is called. */
export function createAutosave(sessionPath: string, options: AutosaveOptions = {}): Autosave {
	const journal = new Journal(sessionPath, options);
	const settle = async () => {
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([journal.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, SYNC_WAIT_MS)))]);
		clearTimeout(timer);
	};
	let disposed = false;
	return {
		path: journal.path,
		schedule(session) {
			if (!disposed) journal.record(session);
		},
		async flush() {
			if (disposed) return;
			journal.flush();
			await settle();
		},
		flushSync() {
			if (!disposed) journal.flush();
		},
		async discard() {
			journal.discard();
			try {
				rmSync(autosavePath(sessionPath), { force: true });
			} catch (error) {
				options.onError?.(new UserError(`${autosavePath(sessionPath)}: cannot remove the autosave: ${describeFsError(error)}`));
			}
		},
		async dispose() {
			disposed = true;
			journal.close();
			await settle();
		},
	};
}

/** A journal or autosave worth offering: its document, or why it cannot be read. */
export type FoundAutosave =
	| { path: string; modified: Date; session: Session; error?: undefined; note?: string }
	| { path: string; modified: Date; session?: undefined; error: UserError; note?: undefined };

/** The session file's document, or undefined when it is missing or does not load. */
async function onDisk(sessionPath: string): Promise<string | undefined> {
	try {
		return serializeSession(parseSession(await readFile(sessionPath, 'utf8'), sessionPath));
	} catch {
		return undefined;
	}
}

async function fromJournal(sessionPath: string): Promise<FoundAutosave | undefined> {
	const path = journalPath(sessionPath);
	const info = await stat(path).catch(() => undefined);
	if (!info?.isFile()) return undefined;
	const modified = info.mtime;
	const content = replayJournal(await readFile(path, 'utf8').catch(() => ''));
	if (!content) return undefined;
	let session: Session;
	try {
		// Through the same checks as a session file: the journal may come from another version.
		session = parseSession(serializeSession(content.doc as Session), path);
	} catch (error) {
		return { path, modified, error: error instanceof UserError ? error : new UserError(`${path}: does not hold a session (${(error as Error).message})`) };
	}
	if (serializeSession(session) === (await onDisk(sessionPath))) return undefined;
	return { path, modified, session, note: content.damaged && `${path}: ${content.damaged}` };
}

async function fromAutosave(sessionPath: string): Promise<FoundAutosave | undefined> {
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
	if (serializeSession(session) === (await onDisk(sessionPath))) return undefined;
	return { path, modified, session };
}

/**
 * What a crashed or killed mixer left of `sessionPath`: the journal's document when it differs
 * from the session file (or the session file is missing or broken), else an older autosave newer
 * than the session file and different from it; undefined when there is nothing to recover. One
 * that cannot be read is returned with its error rather than thrown, so opening still works.
 */
export async function findAutosave(sessionPath: string): Promise<FoundAutosave | undefined> {
	const journal = await fromJournal(sessionPath);
	if (journal?.session) return journal;
	return (await fromAutosave(sessionPath)) ?? journal;
}

/** Deletes the journal and autosave of `sessionPath`, if any (recovery declined). Only the lock holder calls this. */
export async function discardAutosave(sessionPath: string): Promise<void> {
	for (const path of [journalPath(sessionPath), ...journalTempPaths(sessionPath), autosavePath(sessionPath)]) {
		try {
			rmSync(path, { force: true });
		} catch (err) {
			throw new UserError(`${path}: cannot remove the autosave: ${describeFsError(err)}`);
		}
	}
}

/** "40 s ago", "2 min ago", "3 h ago", "5 days ago". */
function ago(ms: number): string {
	const s = Math.max(0, Math.round(ms / 1000));
	if (s < 60) return `${s} s ago`;
	if (s < 3600) return `${Math.round(s / 60)} min ago`;
	if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
	const days = Math.round(s / 86_400);
	return `${days} day${days === 1 ? '' : 's'} ago`;
}

/**
 * A warning when a mixer left edits beside `sessionPath` that were never saved (a journal or
 * autosave newer than the session file): headless commands read the file, not those edits.
 * `shownAs` is the session as the user typed it.
 */
export function unsavedChangesWarning(sessionPath: string, shownAs: string = sessionPath, now = Date.now()): string | undefined {
	const session = statSync(sessionPath, { throwIfNoEntry: false });
	for (const path of [journalPath(sessionPath), autosavePath(sessionPath)]) {
		const info = statSync(path, { throwIfNoEntry: false });
		if (!info?.isFile() || info.size === 0 || (session && info.mtimeMs <= session.mtimeMs)) continue;
		return `${shownAs} has unsaved changes from a mixer (${basename(path)}, ${ago(now - info.mtimeMs)}); open it to recover`;
	}
	return undefined;
}

/** Writes unsavedChangesWarning's line to `out` (`dubdesk: warning: …`) when there is one. */
export function warnUnsavedChanges(sessionPath: string, shownAs: string, out: { write(text: string): unknown }): void {
	let warning: string | undefined;
	try {
		warning = unsavedChangesWarning(sessionPath, shownAs);
	} catch {
		// An unusable path: the command itself says what is wrong with it.
	}
	if (warning) out.write(`dubdesk: warning: ${warning}\n`);
}
