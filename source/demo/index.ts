// Writing the demo: a session file and its generated media in a directory. A directory that
// already holds the demo keeps its session (the user's edits); only missing media is made.
import { access, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../sessions/errors.js';
import { saveSession } from '../../sessions/save.js';
import { WavWriter } from '../../engine/media/wav-writer.js';
import { demoMedia, type MediaSpec } from './media.js';
import { demoSession } from './session.js';
import { SR } from './dsp.js';

/** The directory `dubdesk demo` writes to when given none (relative to the working directory). */
export const DEFAULT_DEMO_DIR = 'dubdesk-demo';
/** The session file's name inside the demo directory. */
export const DEMO_SESSION_FILE = 'session.yaml';
/** Marks a directory as written by `dubdesk demo`, so its session may be reused. */
const STAMP = '.dubdesk-demo';

/** What writeDemo did. */
export interface DemoResult {
	/** Absolute path of the session file. */
	sessionFile: string;
	/** True when the session file was already there and was left as it was. */
	reused: boolean;
	/** Media files written this time (relative to the directory). */
	generated: string[];
	/** All the demo's media files (relative to the directory). */
	media: string[];
}

const exists = (p: string) => access(p).then(() => true, () => false);

/**
 * Writes the demo session and its media into `dir` (created if needed). If `dir` already holds
 * the demo, its session is kept and only missing media is generated; a directory holding
 * anything else is refused, so the demo never scatters files into someone's project.
 */
export async function writeDemo(dir: string, signal?: AbortSignal): Promise<DemoResult> {
	const root = path.resolve(dir);
	const sessionFile = path.join(root, DEMO_SESSION_FILE);
	const stamp = path.join(root, STAMP);
	const entries = await readdir(root).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') return [];
		throw new UserError(`${dir}: cannot use it for the demo: ${error.code === 'ENOTDIR' ? 'not a directory' : error.message}`);
	});
	const ours = await exists(stamp);
	if (!ours && entries.length > 0) {
		throw new UserError(`${dir}: is not empty and holds no dubdesk demo; give the demo a new directory (dubdesk demo DIR)`);
	}
	try {
		await mkdir(path.join(root, 'media', 'ir'), { recursive: true });
		if (!ours) await writeFile(stamp, 'Written by `dubdesk demo`. Running it again here keeps session.yaml and restores missing media.\n');
	} catch (error) {
		throw new UserError(`${dir}: cannot write the demo: ${(error as Error).message}`);
	}
	const specs = demoMedia();
	const missing: MediaSpec[] = [];
	for (const spec of specs) if (!(await exists(path.join(root, spec.file)))) missing.push(spec);
	await writeMedia(root, missing, signal);
	const reused = await exists(sessionFile);
	if (!reused) await saveSession(sessionFile, demoSession());
	return { sessionFile, reused, generated: missing.map((m) => m.file), media: specs.map((m) => m.file) };
}

/** Makes sure `dir` holds the demo (see writeDemo) and returns the session file's path. */
export async function ensureDemo(dir: string, signal?: AbortSignal): Promise<string> {
	return (await writeDemo(dir, signal)).sessionFile;
}

// Synthesis is CPU work on this thread; writing (dither, disk, fsync) is mostly the thread
// pool's. Keep a few files in flight, yielding between files so their writes make progress
// while the next file is synthesised; the bound keeps memory modest.
const IN_FLIGHT = 4;

async function writeMedia(root: string, specs: readonly MediaSpec[], signal?: AbortSignal): Promise<void> {
	const inFlight = new Set<Promise<void>>();
	let failure: unknown;
	for (const spec of specs) {
		if (failure !== undefined) break;
		if (signal?.aborted) {
			// Files already written are whole (each is renamed into place): a rerun finishes the job.
			failure = new UserError('demo interrupted; run it again to finish (what was written is kept)');
			break;
		}
		const channels = spec.render();
		const write: Promise<void> = writeWav(path.join(root, spec.file), spec, channels).then(
			() => void inFlight.delete(write),
			(error: unknown) => {
				inFlight.delete(write);
				failure ??= error;
			},
		);
		inFlight.add(write);
		if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
		else await new Promise<void>((resolve) => setImmediate(resolve));
	}
	await Promise.all(inFlight);
	if (failure !== undefined) throw failure;
}

async function writeWav(file: string, spec: MediaSpec, channels: Float32Array[]): Promise<void> {
	const writer = await WavWriter.create(file, { channels: spec.channels, sampleRate: SR, bitDepth: '24', timeReference: spec.timeReference });
	try {
		await writer.write(channels, channels[0]!.length);
		await writer.finish();
	} catch (error) {
		await writer.abort();
		throw error;
	}
}
