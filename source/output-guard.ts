// No output of a command may destroy one of its inputs or another of its outputs. Every planned
// output is checked before anything is written: by real path (symlinks and `..` resolved; for a
// file not there yet, its parent's real path) and by device and inode (hard links).
import path from 'node:path';
import { access, constants, realpath, stat } from 'node:fs/promises';
import { UserError } from '../sessions/errors.js';
import { resolveOutput } from '../sessions/atomic-write.js';
import type { Session } from '../sessions/types.js';

/** A file the command reads. */
export interface GuardedInput {
	/** Absolute path, as the command opens it. */
	path: string;
	/** How a collision names it: `the session file`, `a media file of this session (tracks[0].clips[2])`. */
	role: string;
}

/** A file the command is about to write. */
export interface PlannedOutput {
	/** Absolute path, as the command will write it. */
	path: string;
	/** What asked for it: `-o`, `--report`, `stem DX`. */
	label: string;
}

export interface OutputGuard {
	inputs: readonly GuardedInput[];
	/** In the order the command names them; a clash names the later one first. */
	outputs: readonly PlannedOutput[];
	/** Paths inside it are shown relative to it. */
	cwd: string;
}

interface Identity {
	/** The given path, made absolute. */
	given: string;
	/** Real path: symlinks and `..` resolved (for a new file, its real parent + its name). */
	real: string;
	/** `dev:ino` when the file exists. */
	inode?: string;
}

const inodeOf = (p: string) => stat(p, { bigint: true }).then((s) => `${s.dev}:${s.ino}`, () => undefined);

async function inputIdentity(p: string): Promise<Identity> {
	const given = path.resolve(p);
	return { given, real: await realpath(given).catch(() => given), inode: await inodeOf(given) };
}

const same = (a: Identity, b: Identity) => a.real === b.real || (a.inode !== undefined && a.inode === b.inode);

/** The session file and each media file its clips use (named by the first clip that uses it). */
export function sessionInputs(sessionFile: string, session: Session): GuardedInput[] {
	const inputs: GuardedInput[] = [{ path: path.resolve(sessionFile), role: 'the session file' }];
	const seen = new Set<string>();
	const dir = path.dirname(path.resolve(sessionFile));
	session.tracks.forEach((track, t) =>
		track.clips.forEach((clip, c) => {
			const file = path.resolve(dir, clip.file);
			if (seen.has(file)) return;
			seen.add(file);
			inputs.push({ path: file, role: `a media file of this session (tracks[${t}].clips[${c}])` });
		}),
	);
	return inputs;
}

/**
 * Throws a UserError (one line naming both files) when an output is one of the inputs, the
 * same file as an earlier output, or something that is never written (a directory, a block
 * device, a socket). Writes nothing.
 */
export async function guardOutputs(guard: OutputGuard): Promise<void> {
	const show = (p: string) => {
		const rel = path.relative(guard.cwd, p);
		return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
	};
	const inputs = await Promise.all(guard.inputs.map(async (i) => ({ ...i, id: await inputIdentity(i.path) })));
	const outputs: (PlannedOutput & { id: Identity })[] = [];
	for (const o of guard.outputs) {
		const given = path.resolve(o.path);
		const target = await resolveOutput(given);
		if (target.kind === 'refused') throw new UserError(`${show(given)}: ${target.problem}; choose another output`);
		// A device or FIFO is known by its inode (/dev/stdout's real path is not a path).
		const id: Identity = { given, real: target.path, inode: target.kind === 'new' ? undefined : await inodeOf(given) };
		const input = inputs.find((i) => same(i.id, id));
		if (input) {
			const what = show(input.id.given) === show(given) ? input.role : `the same file as ${show(input.id.given)}, ${input.role}`;
			throw new UserError(`${show(given)}: is ${what}; choose another output`);
		}
		const earlier = outputs.find((e) => same(e.id, id));
		if (earlier) {
			const which = show(earlier.id.given) === show(given) ? '' : ` ${show(earlier.id.given)}`;
			throw new UserError(`${show(given)}: ${o.label} would overwrite the ${earlier.label} output${which}; give each output its own file`);
		}
		outputs.push({ ...o, id });
	}
}

/**
 * The take file of `--record FILE.wav`, resolved against `cwd`: a WAV name in a directory that
 * exists and can be written, and not one of the session's own files. Throws one line otherwise.
 */
export async function recordTarget(flag: string | undefined, sessionFile: string, session: Session, cwd: string): Promise<string | undefined> {
	if (flag === undefined) return undefined;
	if (flag.trim() === '') throw new UserError('--record: give the take file, e.g. --record print.wav');
	const file = path.resolve(cwd, flag);
	if (!/\.wav$/i.test(file)) throw new UserError(`--record ${flag}: a take is a WAV file; give a name ending in .wav`);
	const dir = path.dirname(file);
	const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
	if (!isDir) throw new UserError(`--record ${flag}: directory ${dir} does not exist`);
	await access(dir, constants.W_OK).catch(() => {
		throw new UserError(`--record ${flag}: cannot write in ${dir} (permission denied)`);
	});
	await guardOutputs({ inputs: sessionInputs(sessionFile, session), outputs: [{ path: file, label: '--record' }], cwd });
	return file;
}
