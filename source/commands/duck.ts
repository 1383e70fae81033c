// dubdesk duck SESSION --target MX --key DX [--difference 10] [--max-depth -15] [--preroll 0.3]
//   [--hold 1] [--release 0.8] [--range FROM-TO] [--dry-run]
// Bakes ducking into the target's `duck` lane (README "Baked ducking") and writes the session
// as the mixer's save does: atomically, never while a mixer has it open or its journal holds
// unsaved edits, and never over a change made while the analysis ran.
import path from 'node:path';
import { UserError } from '../../sessions/errors.js';
import { loadSession } from '../../sessions/load.js';
import { saveSession } from '../../sessions/save.js';
import { acquireLock, SessionFileWatch } from '../../sessions/lock.js';
import { unsavedChangesWarning, warnUnsavedChanges } from '../../sessions/autosave.js';
import { parseTimeArg, sessionTimecode } from '../../sessions/time.js';
import type { Session } from '../../sessions/types.js';
import { DUCK_DEFAULTS, type DuckLine, type DuckSettings } from '../../engine/duck/analyse.js';
import { analyseDuck, checkRequest, setDuckLane, type DuckRequest, type DuckResult } from '../../engine/duck/bake.js';
import { createProgress } from '../progress.js';
import type { Command, Flags } from '../cli-types.js';

const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;

function number(text: string | undefined, flag: string, fallback: number): number {
	if (text === undefined) return fallback;
	if (!NUMBER.test(text)) throw new UserError(`${flag} ${text}: not a number`);
	return Number(text);
}

/** The settings from the flags (defaults where not given). */
export function duckSettings(flags: Flags): DuckSettings {
	return {
		difference: number(flags.difference, '--difference', DUCK_DEFAULTS.difference),
		maxDepth: number(flags.maxDepth, '--max-depth', DUCK_DEFAULTS.maxDepth),
		preroll: number(flags.preroll, '--preroll', DUCK_DEFAULTS.preroll),
		hold: number(flags.hold, '--hold', DUCK_DEFAULTS.hold),
		release: number(flags.release, '--release', DUCK_DEFAULTS.release),
	};
}

/** `--range FROM-TO`: seconds or timecodes, e.g. 12-40.5 or 01:00:12:00-01:00:40:00. */
export function parseRange(text: string, session: Session): { from: number; to: number } {
	const parts = text.split('-');
	if (parts.length !== 2 || parts[0]!.trim() === '' || parts[1]!.trim() === '') throw new UserError(`--range ${text}: expected FROM-TO (seconds or timecodes, e.g. 12-40.5)`);
	const from = parseTimeArg(parts[0]!, session, { name: '--range' });
	const to = parseTimeArg(parts[1]!, session, { name: '--range' });
	if (!(to > from)) throw new UserError(`--range ${text}: the start is not before the end`);
	return { from, to };
}

const dB = (v: number) => `${v === 0 ? ' 0.0' : v.toFixed(1)} dB`;

/** The one line a bake prints. */
export function duckSummary(request: DuckRequest, result: DuckResult): string {
	const n = result.lines.length;
	if (n === 0) return `no dialogue found on ${request.key} (speech gate ${result.gate.toFixed(1)} LUFS)`;
	const dipped = result.lines.filter((l) => l.dip < 0).length;
	if (dipped === 0) return `${n} line${n === 1 ? '' : 's'} on ${request.key}, ${request.target} already ${request.settings.difference} LU under ${n === 1 ? 'it' : 'each'}: no dip`;
	const already = n - dipped > 0 ? `, ${n - dipped} already ${request.settings.difference} LU under` : '';
	return `${n} line${n === 1 ? '' : 's'} on ${request.key}${already}, deepest dip ${dB(result.deepest).trim()} on ${request.target}`;
}

/** A row's dip; a line that needs none says how far under the key the target already is. */
function dipText(l: DuckLine): string {
	if (l.dip < 0) return dB(l.dip).padStart(8);
	return l.targetLufs === -Infinity ? '   target silent' : `   already ${(l.keyLufs - l.targetLufs).toFixed(1)} LU under`;
}

/** The dry run's table: one row per line. */
function table(result: DuckResult, session: Session): string {
	const rows = result.lines.map((l, i) => `${String(i + 1).padStart(4)}  ${sessionTimecode(l.start, session)}  ${sessionTimecode(l.end, session)}  ${dipText(l)}`);
	return [`line  start        end          dip`, ...rows].join('\n');
}

export const duck: Command = async (args, flags, io) => {
	const [sessionArg, extra] = args;
	if (sessionArg === undefined) throw new UserError('duck: give a session file: dubdesk duck SESSION --target MX --key DX');
	if (extra !== undefined) throw new UserError(`duck: unexpected argument ${extra}`);
	if (!flags.target) throw new UserError('duck: give the bus or track to dip with --target (e.g. --target MX)');
	if (!flags.key) throw new UserError('duck: give the bus or track it listens to with --key (e.g. --key DX)');
	const settings = duckSettings(flags);
	const file = path.resolve(io.cwd, sessionArg);
	const dry = flags.dryRun === true;
	if (dry) warnUnsavedChanges(file, sessionArg, io.stderr);
	const requestFor = (session: Session): DuckRequest => ({ target: flags.target!, key: flags.key!, settings, ...(flags.range === undefined ? {} : { range: parseRange(flags.range, session) }) });
	// A missing or broken file, or a request that does not fit it, is said before any lock is taken.
	const first = await loadSession(file);
	checkRequest(first, requestFor(first));
	// Writing: hold the session as a mixer would, so none opens it halfway.
	const lock = dry ? undefined : acquireLock(file);
	try {
		if (lock?.problem) throw new UserError(lock.problem);
		const unsaved = dry ? undefined : unsavedChangesWarning(file, sessionArg);
		if (unsaved) throw new UserError(`${unsaved} before ducking; nothing written`);
		const watch = await SessionFileWatch.read(file);
		const session = await loadSession(file);
		const request = requestFor(session);
		const progress = createProgress(io.stderr, 'duck');
		const result = await analyseDuck(session, file, request, { signal: io.signal, onProgress: (d, t) => progress.update(d, t) }).finally(() => progress.done());
		if (dry) {
			io.stdout.write(`${table(result, session)}\n${duckSummary(request, result)}; nothing written (--dry-run)\n`);
			return 0;
		}
		const next = setDuckLane(session, result.target, result.lane);
		const holder = result.target.kind === 'bus' ? session.buses[result.target.index]! : session.tracks[result.target.index]!;
		const off = holder.automation?.mode === 'off' && result.lane.length > 0 ? ` (${result.target.id}'s automation is off: the lane plays in read)` : '';
		if (next === session) {
			io.stdout.write(`${duckSummary(request, result)}; ${sessionArg} unchanged${off}\n`);
			return 0;
		}
		if (await watch.changed()) throw new UserError(`${sessionArg} was changed by another program while duck ran; nothing written (run it again)`);
		await saveSession(file, next);
		const what = result.lane.length > 0 ? `wrote ${result.lane.length} points to ${sessionArg}` : `removed ${result.target.id}'s duck lane from ${sessionArg}`;
		io.stdout.write(`${duckSummary(request, result)}; ${what}${off}\n`);
		return 0;
	} finally {
		lock?.release();
	}
};
