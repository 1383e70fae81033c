// dubdesk check SESSION: validates the session and every media file, listing all problems.
import path from 'node:path';
import { ProblemList, UserError } from '../../sessions/errors.js';
import { loadSession } from '../../sessions/load.js';
import { checkSessionMedia } from '../../engine/session-plan.js';
import type { Command } from '../run-cli.js';

export const check: Command = async (args, _flags, io) => {
	const [sessionArg] = args;
	if (sessionArg === undefined) throw new UserError('check: give a session file: dubdesk check SESSION');
	const file = path.resolve(io.cwd, sessionArg);
	let problems: UserError[];
	let warnings: string[] = [];
	let summary = '';
	try {
		const session = await loadSession(file);
		const result = await checkSessionMedia(session, file);
		problems = result.problems;
		warnings = result.warnings;
		if (result.plan) {
			const clips = result.plan.tracks.reduce((n, t) => n + t.clips.length, 0);
			const seconds = result.plan.length / result.plan.sampleRate;
			summary = `${sessionArg}: ok — ${result.plan.tracks.length} tracks, ${result.plan.buses.length} buses, ${clips} clips, ${seconds.toFixed(3)} s at ${result.plan.sampleRate} Hz, ${result.plan.format}`;
		}
	} catch (error) {
		if (error instanceof ProblemList) problems = error.problems;
		else if (error instanceof UserError) problems = [error];
		else throw error;
	}
	for (const w of warnings) io.stdout.write(`warning: ${w}\n`);
	if (problems.length > 0) {
		for (const p of problems) io.stderr.write(`${p.message}\n`);
		io.stderr.write(`dubdesk: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${sessionArg}\n`);
		return 1;
	}
	io.stdout.write(`${summary}\n`);
	return 0;
};
