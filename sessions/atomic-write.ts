// Replacing a file so a crash or a full disk never leaves it half written: the new content goes
// to a temporary file beside it (same file system, so rename is atomic), is fsynced, then
// renamed over the old one.
import { randomBytes } from 'node:crypto';
import { open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';

/**
 * Writes `text` to `path` atomically. On failure the temporary file is removed and a UserError
 * naming `path` is thrown; the previous content of `path` is untouched.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
	// Write through a symlink to its target rather than replacing the link with a file.
	const target = await realpath(path).catch(() => path);
	const dir = dirname(target);
	const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
	// Keep an existing file's permissions; a new one gets the default (less umask).
	const mode = await stat(target).then((s) => s.mode & 0o777, () => undefined);
	try {
		const handle = await open(temp, 'wx');
		try {
			if (mode !== undefined) await handle.chmod(mode);
			await handle.writeFile(text, 'utf8');
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(temp, target);
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
