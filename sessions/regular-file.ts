// Opening input files so that nothing can hang on them. Opening a FIFO for reading blocks until
// a writer appears, a character device can stream forever, and a read stuck in the thread pool
// does not answer Ctrl-C: inputs (sessions, media) must be regular files, checked before and
// after the open.
import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

/** What a file that is not a regular file is, for messages ("a FIFO (named pipe)"); undefined for a regular file. */
export function nonRegularKind(st: Stats): string | undefined {
	if (st.isFile()) return undefined;
	if (st.isDirectory()) return 'a directory';
	if (st.isFIFO()) return 'a FIFO (named pipe)';
	if (st.isSocket()) return 'a socket';
	if (st.isCharacterDevice()) return 'a character device';
	if (st.isBlockDevice()) return 'a block device';
	return 'not a regular file';
}

/** An input path that cannot be a file we read: not a regular file, or unusable as a path. */
export class InputFileError extends Error {
	override name = 'InputFileError';
	constructor(
		readonly path: string,
		/** 'is a FIFO (named pipe), not a regular file', 'the path contains a NUL byte' … */
		readonly problem: string,
		/** For a file that is not a regular file, what it is: 'a FIFO (named pipe)'. */
		readonly kind?: string,
	) {
		super(problem);
	}
}

/** The path as it can be printed on one line (JSON-quoted when it holds control characters). */
export function printablePath(path: string): string {
	return /[\u0000-\u001f\u007f]/.test(path) ? JSON.stringify(path) : path;
}

/**
 * Opens `path` read-only when it is a regular file (symlinks to one are fine). It is stat'ed
 * first and opened with O_NONBLOCK, so a FIFO swapped in meanwhile cannot block the open, then
 * checked again on the handle. Throws InputFileError, or the fs error (with its `code`).
 */
export async function openRegularFile(path: string): Promise<FileHandle> {
	if (path.includes('\0')) throw new InputFileError(path, 'the path contains a NUL byte');
	const before = nonRegularKind(await stat(path));
	if (before) throw new InputFileError(path, `is ${before}, not a regular file`, before);
	const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
	try {
		const after = nonRegularKind(await handle.stat());
		if (after) throw new InputFileError(path, `is ${after}, not a regular file`, after);
		return handle;
	} catch (error) {
		await handle.close();
		throw error;
	}
}

/**
 * Reads a whole regular file as UTF-8 text (see openRegularFile for what is refused). A file
 * larger than `maxBytes` is refused before anything is read.
 */
export async function readRegularFile(path: string, maxBytes = Infinity): Promise<string> {
	const handle = await openRegularFile(path);
	try {
		const { size } = await handle.stat();
		if (size > maxBytes) throw new InputFileError(path, `is ${megabytes(size)}, more than the ${megabytes(maxBytes)} limit`);
		return await handle.readFile('utf8');
	} finally {
		await handle.close();
	}
}

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
