// dubdesk demo [DIR]: writes the demo session and its generated media, then opens it in the
// mixer. Without a terminal (CI, pipes) it says where it wrote and what to try instead.
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { isatty } from 'node:tty';
import { UserError } from '../../sessions/errors.js';
import { DEFAULT_DEMO_DIR, writeDemo, type DemoResult } from '../demo/index.js';
import type { Command } from '../cli-types.js';

/** A path as the user would type it: relative to the working directory when inside it. */
function shown(cwd: string, file: string): string {
	const rel = path.relative(cwd, file);
	const p = rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
	return /[\s'"$`\\]/.test(p) ? `'${p.replaceAll("'", `'\\''`)}'` : p;
}

async function mediaBytes(root: string, media: readonly string[]): Promise<number> {
	const sizes = await Promise.all(media.map((m) => stat(path.join(root, m)).then((s) => s.size, () => 0)));
	return sizes.reduce((a, b) => a + b, 0);
}

async function summary(result: DemoResult, cwd: string): Promise<string> {
	const session = shown(cwd, result.sessionFile);
	const root = path.dirname(result.sessionFile);
	const { generated, media } = result;
	const mb = ((await mediaBytes(root, media)) / 1e6).toFixed(1);
	if (!result.reused) return `wrote the demo session ${session} and ${media.length} generated media files (${mb} MB)\n`;
	const restored = generated.length === 0 ? 'all its media is there' : `restored ${generated.length} missing media file${generated.length === 1 ? '' : 's'}`;
	return `${session} already holds the demo: kept it as it is (your edits stay); ${restored}\n`;
}

export const demo: Command = async (args, flags, io) => {
	const [dirArg, extra] = args;
	if (extra !== undefined) throw new UserError(`demo: unexpected argument ${extra} (dubdesk demo [DIR])`);
	const result = await writeDemo(path.resolve(io.cwd, dirArg ?? DEFAULT_DEMO_DIR), io.signal);
	const text = await summary(result, io.cwd);
	// The mixer needs a terminal both ways; anywhere else (CI, pipes) say what to run instead.
	if (io.stdout.isTTY && isatty(0)) {
		io.stdout.write(text);
		const { open } = await import('./open.js');
		return open([result.sessionFile], flags, io);
	}
	const session = shown(io.cwd, result.sessionFile);
	const next: [string, string][] = [
		[`dubdesk ${session}`, 'open it in the mixer'],
		[`dubdesk render ${session} -o mix.wav --stems stems`, 'print the mix and its DX, MX and FX stems'],
		[`dubdesk render ${session} -o mix.wav --normalize ebu-r128`, 'the mix at -23 LUFS'],
		[`dubdesk play ${session}`, 'listen without the mixer'],
	];
	const width = Math.max(...next.map(([c]) => c.length));
	io.stdout.write(`${text}next:\n${next.map(([c, what]) => `  ${c.padEnd(width)}   ${what}\n`).join('')}`);
	return 0;
};
