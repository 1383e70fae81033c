// Replacing a file so a crash or a full disk never leaves it half written: the new content goes
// to a temporary file beside it (same file system, so rename is atomic), is fsynced, then
// renamed over the old one. Only a regular file (or nothing) is ever renamed over: a symlink is
// written through to its target, a character device or FIFO is written straight into, and
// anything else is refused.
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';

/** Where an output really goes, decided before anything is written. */
export type OutputTarget =
	/** An existing regular file (`path` is its real path): replaced atomically, keeping its mode. */
	| { kind: 'file'; path: string; stats: Stats }
	/** Nothing there yet: created at `path` (the real parent directory + the name). */
	| { kind: 'new'; path: string }
	/** A character device or FIFO (`/dev/null`, a named pipe): written straight into, never replaced. */
	| { kind: 'stream'; path: string; stats: Stats; fifo: boolean }
	/** A directory, block device, socket or symlink loop: never written. */
	| { kind: 'refused'; problem: string };

export type StreamTarget = Extract<OutputTarget, { kind: 'stream' }>;

/** Symlink hops followed for a dangling link before giving up (the kernel allows 40). */
const MAX_LINKS = 40;

/**
 * Resolves an output path: follows symlinks (a dangling one leads to where its target would be
 * created) and says how it may be written. Errors other than "not there" are left to the
 * writer's open, which names them.
 */
export async function resolveOutput(path: string): Promise<OutputTarget> {
	let p = resolve(path);
	for (let hops = 0; hops <= MAX_LINKS; hops++) {
		let s: Stats;
		try {
			s = await stat(p);
		} catch (err) {
			const code = (err as NodeJS.ErrnoException).code;
			if (code === 'ELOOP') return { kind: 'refused', problem: 'is a symlink loop' };
			if (code !== 'ENOENT') return { kind: 'new', path: p };
			// A dangling symlink: follow it by hand to where the file would be created.
			const link = await lstat(p).catch(() => null);
			if (link?.isSymbolicLink()) {
				// Relative link text is resolved from the link's real directory, as the kernel does.
				p = resolve(await realpath(dirname(p)).catch(() => dirname(p)), await readlink(p));
				continue;
			}
			return { kind: 'new', path: await realParent(p) };
		}
		if (s.isFile()) return { kind: 'file', path: await realpath(p).catch(() => p), stats: s };
		if (s.isCharacterDevice() || s.isFIFO()) return { kind: 'stream', path: p, stats: s, fifo: s.isFIFO() };
		if (s.isDirectory()) return { kind: 'refused', problem: 'is a directory' };
		if (s.isBlockDevice()) return { kind: 'refused', problem: 'is a block device; dubdesk never writes to one' };
		if (s.isSocket()) return { kind: 'refused', problem: 'is a socket' };
		return { kind: 'refused', problem: 'is not a regular file' };
	}
	return { kind: 'refused', problem: 'is a symlink loop' };
}

/** The real path of the nearest existing ancestor, plus the rest of `p`. */
async function realParent(p: string): Promise<string> {
	const rest: string[] = [];
	let dir = p;
	while (dirname(dir) !== dir) {
		rest.unshift(basename(dir));
		dir = dirname(dir);
		const real = await realpath(dir).catch(() => null);
		if (real !== null) return join(real, ...rest);
	}
	return p;
}

/**
 * Opens a character device or FIFO for writing, straight (no temporary file). A FIFO waits for
 * its reader, polling so `signal` can stop the wait (then it returns null).
 */
export async function openStream(target: StreamTarget, signal?: AbortSignal): Promise<FileHandle | null> {
	const flags = constants.O_WRONLY | constants.O_NOCTTY;
	if (target.fifo) {
		// O_NONBLOCK fails with ENXIO until a reader opens the pipe; then a plain open succeeds at once.
		for (;;) {
			const probe = await open(target.path, flags | constants.O_NONBLOCK).catch((err: NodeJS.ErrnoException) => {
				if (err.code === 'ENXIO') return null;
				throw err;
			});
			if (probe) {
				try {
					return await open(target.path, flags);
				} finally {
					await probe.close();
				}
			}
			if (signal?.aborted) return null;
			await new Promise((r) => setTimeout(r, 50));
		}
	}
	return open(target.path, flags);
}

/**
 * Writes `text` to `path` atomically. On failure the temporary file is removed and a UserError
 * naming `path` is thrown; the previous content of `path` is untouched. A symlink is written
 * through (the link stays); a device or FIFO gets the text straight (`--report /dev/stdout`).
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
	const target = await resolveOutput(path);
	if (target.kind === 'refused') throw new UserError(`${path}: cannot save: ${target.problem}`);
	if (target.kind === 'stream') {
		try {
			// Without a signal the wait for a FIFO's reader only ends when one opens it.
			const handle = (await openStream(target))!;
			try {
				await handle.writeFile(text, 'utf8');
			} finally {
				await handle.close();
			}
		} catch (err) {
			throw new UserError(`${path}: cannot save: ${describeFsError(err)}`);
		}
		return;
	}
	const dir = dirname(target.path);
	const temp = join(dir, `.${basename(target.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
	// Keep an existing file's permissions; a new one gets the default (less umask).
	const mode = target.kind === 'file' ? target.stats.mode & 0o777 : undefined;
	try {
		const handle = await open(temp, 'wx');
		try {
			if (mode !== undefined) await handle.chmod(mode);
			await handle.writeFile(text, 'utf8');
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(temp, target.path);
	} catch (err) {
		await rm(temp, { force: true }).catch(() => undefined);
		throw new UserError(`${path}: cannot save: ${describeFsError(err)}`);
	}
	// Make the rename itself durable; not every platform can fsync a directory.
	try {
		const d = await open(dir, 'r');
		try {
			await d.sync();
		} finally {
			await d.close();
		}
	} catch {
		// Best effort.
	}
}

/** "no such file" rather than an errno dump. */
export function describeFsError(err: unknown): string {
	const code = (err as NodeJS.ErrnoException | undefined)?.code;
	const known: Record<string, string> = {
		ENOENT: 'no such file or directory',
		EACCES: 'permission denied',
		EPERM: 'permission denied',
		EISDIR: 'is a directory',
		ENOTDIR: 'a parent is not a directory',
		ENOSPC: 'no space left on the device',
		EROFS: 'read-only file system',
	};
	return (code && known[code]) ?? (err instanceof Error ? err.message : String(err));
}
