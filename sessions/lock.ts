// Sharing a session file with other processes. One mixer per session: the mixer holds
// `.reel1.yaml.lock` beside it (pid, host, start time), created atomically (written whole to a
// temporary name, then hard-linked into place, which fails if a lock is there). A lock whose
// process is gone (same host: a dead pid, a pid reused by another program, or an earlier boot) is
// stale and taken over, so kill -9 never leaves a session locked. And noticing outside edits:
// the session file's mtime, size and content hash as this mixer last read or wrote it.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, realpathSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describeFsError } from './atomic-write.js';
import { UserError } from './errors.js';

/** Where the lock of a session file lives: `<dir>/.<basename>.lock`. */
export function lockPath(sessionPath: string): string {
	return join(dirname(sessionPath), `.${basename(sessionPath)}.lock`);
}

/** What a lock file says about its holder. */
export interface LockHolder {
	pid: number;
	host: string;
	/** When the lock was taken (ISO 8601). */
	since: string;
	/** The kernel's boot id and the process's start time (clock ticks after boot), when known: they tell a reused pid. */
	boot?: string;
	start?: number;
	/** Tells this lock from any other. */
	id: string;
}

/** Opening a session another mixer holds. */
export class SessionLockedError extends UserError {
	override name = 'SessionLockedError';
	constructor(
		readonly sessionPath: string,
		readonly lockFile: string,
		readonly holder: LockHolder,
	) {
		const since = new Date(holder.since);
		const when = Number.isNaN(since.getTime()) ? holder.since : localTime(since);
		super(`${sessionPath} is open in another mixer (pid ${holder.pid} on ${holder.host}, since ${when}); quit that one first, or remove ${lockFile} if it is no longer running`);
	}
}

/** A held lock. */
export interface SessionLock {
	readonly path: string;
	/** Set when no lock could be made (a read-only directory): the mixer opens but says why. */
	readonly problem?: string;
	/** Deletes the lock if it is still this one; synchronous and idempotent (safe in 'exit'). */
	release(): void;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** 2025-12-01 14:03:12 in local time. */
function localTime(d: Date): string {
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function bootId(): string | undefined {
	try {
		return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
	} catch {
		return undefined;
	}
}

/** Field 22 of /proc/PID/stat (after the command name, which may hold spaces and parentheses). */
function processStart(pid: number): number | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const start = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[19]);
		return Number.isFinite(start) ? start : undefined;
	} catch {
		return undefined;
	}
}

/** Whether the holder is certainly gone; a holder on another host may be alive. */
export function holderIsGone(holder: LockHolder): boolean {
	if (holder.host !== hostname()) return false;
	const boot = bootId();
	if (holder.boot && boot && holder.boot !== boot) return true;
	try {
		process.kill(holder.pid, 0);
	} catch (error) {
		// EPERM: alive, another user's.
		if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
	}
	const start = processStart(holder.pid);
	return holder.start !== undefined && start !== undefined && start !== holder.start;
}

function parseHolder(text: string): LockHolder | undefined {
	try {
		const h = JSON.parse(text) as Partial<LockHolder>;
		if (Number.isInteger(h.pid) && h.pid! > 0 && typeof h.host === 'string' && typeof h.since === 'string' && typeof h.id === 'string') return h as LockHolder;
	} catch {
		// Damaged: treated as stale (a lock is only ever made whole).
	}
	return undefined;
}

/** Creates `path` holding `text`, atomically; false when it exists. */
function create(path: string, text: string): boolean {
	const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
	writeFileSync(temp, text, { flag: 'wx' });
	try {
		linkSync(temp, path);
		return true;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') return false;
		// File systems without hard links: O_EXCL (a reader may then see it empty for a moment).
		if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
		let fd: number;
		try {
			fd = openSync(path, 'wx');
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
			throw err;
		}
		writeSync(fd, text);
		closeSync(fd);
		return true;
	} finally {
		unlinkSync(temp);
	}
}

function realOrSelf(path: string): string {
	try {
		return realpathSync(path);
	} catch {
		return path;
	}
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Removes the stale lock at `path` if it still reads `seen`. Takers-over serialise on a second
 * lock, so two of them cannot both remove a lock and one delete the other's fresh one.
 */
function removeStale(path: string, seen: string): void {
	const mutex = `${path}.takeover`;
	if (!create(mutex, `${process.pid}\n`)) {
		// Another mixer is taking over; one left from a crash in that instant is old.
		const info = statSync(mutex, { throwIfNoEntry: false });
		if (info && Date.now() - info.mtimeMs > 10_000) rmSync(mutex, { force: true });
		else pause(20);
		return;
	}
	try {
		if (readFileSync(path, 'utf8') === seen) unlinkSync(path);
	} catch {
		// Gone already.
	} finally {
		rmSync(mutex, { force: true });
	}
}

/**
 * Takes the lock of `sessionPath`, or throws SessionLockedError naming the mixer that holds it.
 * A directory where no lock can be made (read-only) gives a lock with a `problem` instead.
 */
export function acquireLock(sessionPath: string): SessionLock {
	// Beside the real file: two mixers reaching it through different symlinks still meet.
	const path = lockPath(realOrSelf(sessionPath));
	const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), boot: bootId(), start: processStart(process.pid), id: randomBytes(8).toString('hex') };
	const text = `${JSON.stringify(holder)}\n`;
	for (let attempt = 0; attempt < 50; attempt++) {
		try {
			if (create(path, text)) return held(path, holder.id);
		} catch (error) {
			return { path, problem: `${path}: cannot lock the session (${describeFsError(error)}); another mixer could open it too`, release() {} };
		}
		let seen: string;
		try {
			seen = readFileSync(path, 'utf8');
		} catch {
			continue; // Released meanwhile.
		}
		const other = parseHolder(seen);
		if (other && !holderIsGone(other)) throw new SessionLockedError(sessionPath, path, other);
		removeStale(path, seen);
	}
	throw new UserError(`${path}: cannot take the lock: other mixers keep taking it`);
}

function held(path: string, id: string): SessionLock {
	let released = false;
	return {
		path,
		release() {
			if (released) return;
			released = true;
			try {
				if (parseHolder(readFileSync(path, 'utf8'))?.id === id) unlinkSync(path);
			} catch {
				// Gone already.
			}
		},
	};
}

/** A version of a file: enough to tell whether someone else has written it. */
export interface FileVersion {
	mtimeMs: number;
	size: number;
	/** SHA-256 of the content. */
	hash: string;
}

async function readVersion(path: string): Promise<FileVersion | undefined> {
	const info = await stat(path).catch(() => undefined);
	if (!info?.isFile()) return undefined;
	const bytes = await readFile(path).catch(() => undefined);
	if (!bytes) return undefined;
	return { mtimeMs: info.mtimeMs, size: info.size, hash: createHash('sha256').update(bytes).digest('hex') };
}

/** The session file as this mixer last loaded or saved it. */
export class SessionFileWatch {
	private constructor(
		readonly path: string,
		private known: FileVersion | undefined,
	) {}

	/** Notes the file as it is now (read it before loading, so a change in between is seen). */
	static async read(path: string): Promise<SessionFileWatch> {
		return new SessionFileWatch(path, await readVersion(path));
	}

	/**
	 * When someone else has written the file since: its modification time; undefined when it is
	 * as last seen or gone (nothing to lose). The content decides (a session is small to hash):
	 * a touch is no change, and an edit that kept the size and put the mtime back is one.
	 */
	async changed(): Promise<Date | undefined> {
		const now = await readVersion(this.path);
		if (!now) return undefined;
		const known = this.known;
		if (known && now.hash === known.hash) {
			this.known = now;
			return undefined;
		}
		return new Date(now.mtimeMs);
	}

	/** Notes the file as this mixer has just written it. */
	async saved(): Promise<void> {
		this.known = await readVersion(this.path);
	}
}
