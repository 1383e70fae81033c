// A media file's header, whatever its format: FLAC (by its signature or a .flac name) or WAV/RF64.
import { openRegularFile } from '../../sessions/regular-file.js';
import { readFlacInfo } from './flac-reader.js';
import type { MediaInfo } from './types.js';
import { readWavInfo } from './wav-reader.js';

/** Whether `path` is to be read as FLAC; a file that cannot be opened goes to the WAV reader, which says why. */
async function isFlac(path: string): Promise<boolean> {
	if (/\.flac$/i.test(path)) return true;
	try {
		const handle = await openRegularFile(path);
		try {
			const b = Buffer.alloc(4);
			await handle.read(b, 0, 4, 0);
			return b.toString('latin1') === 'fLaC';
		} finally {
			await handle.close();
		}
	} catch {
		return false;
	}
}

/** The header of a WAV, RF64 or FLAC file. Throws MediaError naming the file. */
export async function readMediaInfo(path: string): Promise<MediaInfo> {
	return (await isFlac(path)) ? readFlacInfo(path) : readWavInfo(path);
}
