// Take files: their names (FILE.wav, FILE-2.wav …), the hidden file a take is written to, and
// how a finished take gets its name without ever replacing a file.
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { MediaError } from '../../sessions/errors.js';
import { fsProblem } from '../media/wav-header.js';

/** FILE.wav for take 1, FILE-2.wav for take 2 … (a name without .wav gets it). */
export function takeName(base: string, index: number): string {
	const m = /^(.*?)(\.wav)?$/i.exec(base)!;
	return `${m[1]}${index > 1 ? `-${index}` : ''}${m[2] ?? '.wav'}`;
}

// Any entry counts, a dangling symlink too; a name that cannot be checked is left to the writer to report.
const exists = (file: string) => lstat(file).then(
	() => true,
	() => false,
);

/** The first take index from `from` on whose name is free. */
export async function freeIndex(base: string, from: number): Promise<number> {
	let index = from;
	while (await exists(takeName(base, index))) index++;
	return index;
}

let stagingCounter = 0;

/** Where take `name` is written until it is complete: hidden, beside it, unique to this process. */
export function stagingPath(name: string): string {
	return path.join(path.dirname(name), `.${path.basename(name)}.${process.pid}-${stagingCounter++}.take`);
}

// File systems without hard links (FAT, some network mounts) say so with one of these.
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Gives the complete file at `staging` the first free take name from `index` on: a hard link,
 * which fails rather than replace a file that appeared meanwhile, then the staging name goes.
 * Without hard links it renames into a name checked free just before. Returns the name.
 */
export async function placeTake(staging: string, base: string, index: number): Promise<string> {
	for (let i = index; i < index + 10_000; i++) {
		const name = takeName(base, i);
		try {
			await link(staging, name);
			await unlink(staging).catch(() => undefined);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code ?? '';
			if (code === 'EEXIST') continue;
			if (!NO_LINKS.has(code)) throw new MediaError(name, `cannot write: ${fsProblem(error)}`);
			if (await exists(name)) continue;
			await rename(staging, name);
		}
		await syncDir(path.dirname(name));
		return name;
	}
	throw new MediaError(takeName(base, index), 'no free take name in 10 000');
}

// Makes the new name durable; best effort (not every file system allows it).
async function syncDir(dir: string): Promise<void> {
	const h = await open(dir, 'r').catch(() => null);
	if (!h) return;
	await h.sync().catch(() => undefined);
	await h.close().catch(() => undefined);
}
