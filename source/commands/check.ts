// dubdesk check SESSION: validates the session and every media file, listing all problems.
import path from 'node:path';
import { ProblemList, UserError } from '../../sessions/errors.js';
import { loadSession } from '../../sessions/load.js';
import { checkSessionMedia } from '../../engine/session-plan.js';
import { planNonFiniteProblems } from '../../engine/media/non-finite.js';
import type { Command } from '../cli-types.js';
import { warnUnsavedChanges } from '../../sessions/autosave.js';
import { resolveDeliverables } from '../../engine/deliver/resolve.js';

/** Problems listed one per line; past this many a count stands for the rest, so a mistake repeated a thousand times stays readable. */
const SHOWN = 20;

/** A media path relative to the working directory when it is under it, else whole (never "../../tmp/…"). */
function shownPath(cwd: string, file: string): string {
	const rel = path.relative(cwd, file);
	return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export const check: Command = async (args, _flags, io) => {
	const [sessionArg] = args;
	if (sessionArg === undefined) throw new UserError('check: give a session file: dubdesk check SESSION');
	const file = path.resolve(io.cwd, sessionArg);
	warnUnsavedChanges(file, sessionArg, io.stderr);
	let problems: UserError[];
	let warnings: string[] = [];
	let summary = '';
	const notes: string[] = [];
	try {
		const session = await loadSession(file);
		const result = await checkSessionMedia(session, file);
		problems = result.problems;
		warnings = result.warnings;
		if (result.plan) {
			// Float media is read through: a NaN or infinite sample would fail a render.
			problems.push(...(await planNonFiniteProblems(result.plan, { signal: io.signal })));
			// A deliverable naming an unknown bus, or 5.1 from a stereo master, fails here rather than at delivery.
			if ((session.deliverables ?? []).length > 0) {
				try {
					resolveDeliverables(session, result.plan, sessionArg, path.dirname(file));
				} catch (e) {
					if (e instanceof UserError) problems.push(e);
					else throw e;
				}
			}
			const clips = result.plan.tracks.reduce((n, t) => n + t.clips.length, 0);
			const p = result.plan;
			const seconds = (p.length + p.tail) / p.sampleRate;
			const tail = p.tail > 0 ? ` (prints ${seconds.toFixed(3)} s: ${(p.tail / p.sampleRate).toFixed(3)} s of reverb tail after the last clip)` : '';
			const converted = new Map<string, string>();
			for (const t of p.tracks) for (const c of t.clips) if (c.resampleTo !== undefined) converted.set(c.file, `${c.media.sampleRate} → ${c.resampleTo} Hz`);
			for (const [f, rates] of converted) notes.push(`resampled: ${shownPath(io.cwd, f)} (${rates}, converted as it plays)`);
			summary = `${sessionArg}: ok — ${p.tracks.length} tracks, ${p.buses.length} buses, ${clips} clips, ${seconds.toFixed(3)} s at ${p.sampleRate} Hz, ${p.format}${tail}`;
		}
	} catch (error) {
		if (error instanceof ProblemList) problems = error.problems;
		else if (error instanceof UserError) problems = [error];
		else if (io.signal?.aborted) {
			io.stderr.write('dubdesk: check: interrupted\n');
			return 130;
		} else throw error;
	}
	for (const w of warnings) io.stdout.write(`warning: ${w}\n`);
	if (problems.length > 0) {
		for (const p of problems.slice(0, SHOWN)) io.stderr.write(`${p.message}\n`);
		if (problems.length > SHOWN) io.stderr.write(`… and ${problems.length - SHOWN} more\n`);
		io.stderr.write(`dubdesk: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${sessionArg}\n`);
		return 1;
	}
	for (const n of notes) io.stdout.write(`${n}\n`);
	io.stdout.write(`${summary}\n`);
	return 0;
};
