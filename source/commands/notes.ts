// `dubdesk notes SESSION [--format text|csv|md]`: the session's markers and their notes, in time
// order, with timecodes at the session's frame rate and start. text (the default) is an aligned
// table for people; csv is RFC 4180 (a header row, fields quoted when they hold a comma, a quote
// or a line break, CRLF line ends) with the columns timecode,seconds,name,note; md is a Markdown
// table with `|` escaped.
import path from 'node:path';
import { UserError } from '../../sessions/errors.js';
import { loadSession } from '../../sessions/load.js';
import { warnUnsavedChanges } from '../../sessions/autosave.js';
import { sessionTimecode, timeToSeconds } from '../../sessions/time.js';
import type { Session } from '../../sessions/types.js';
import type { Command } from '../cli-types.js';

export const NOTES_FORMATS = ['text', 'csv', 'md'] as const;
export type NotesFormat = (typeof NOTES_FORMATS)[number];

/** One row per marker, in time order (a hand-written file may list them in any order). */
function rows(session: Session): { timecode: string; seconds: string; name: string; note: string }[] {
	return session.markers
		.map((m, i) => ({ m, i, t: timeToSeconds(m.at, session) }))
		.sort((a, b) => a.t - b.t || a.i - b.i)
		.map(({ m, t }) => ({ timecode: sessionTimecode(t, session), seconds: t.toFixed(3), name: m.name, note: m.note ?? '' }));
}

/** A CSV field, quoted when it must be (RFC 4180: comma, double quote, CR or LF; quotes doubled). */
export function csvField(text: string): string {
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A Markdown table cell: `|` and `\` escaped, line breaks as spaces (a cell is one line). */
function mdCell(text: string): string {
	return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*[\r\n]+\s*/g, ' ');
}

/** The listing of a session's notes in `format`, as printed. */
export function notesListing(session: Session, format: NotesFormat): string {
	const list = rows(session);
	const columns = ['timecode', 'seconds', 'name', 'note'] as const;
	if (format === 'csv') return [columns.join(','), ...list.map((r) => columns.map((c) => csvField(r[c])).join(','))].map((l) => `${l}\r\n`).join('');
	if (format === 'md') {
		const lines = ['| timecode | seconds | name | note |', '| --- | ---: | --- | --- |', ...list.map((r) => `| ${columns.map((c) => mdCell(r[c])).join(' | ')} |`)];
		return `${lines.join('\n')}\n`;
	}
	if (list.length === 0) return 'no markers\n';
	const flat = list.map((r) => ({ ...r, name: r.name.replace(/\s+/g, ' '), note: r.note.replace(/\s+/g, ' ') }));
	const nameWidth = Math.max(4, ...flat.map((r) => r.name.length));
	const secondsWidth = Math.max(7, ...flat.map((r) => r.seconds.length));
	const line = (tc: string, s: string, name: string, note: string) => `${tc.padEnd(11)}  ${s.padStart(secondsWidth)}  ${name.padEnd(nameWidth)}  ${note}`.trimEnd();
	return [line('TIMECODE', 'SECONDS', 'NAME', 'NOTE'), ...flat.map((r) => line(r.timecode, r.seconds, r.name, r.note))].map((l) => `${l}\n`).join('');
}

export const notes: Command = async (args, flags, io) => {
	if (args.length !== 1) throw new UserError(`notes: expected one session file (dubdesk notes SESSION [--format csv|md]), got ${args.length}`);
	const format = flags.format ?? 'text';
	if (!(NOTES_FORMATS as readonly string[]).includes(format)) throw new UserError(`notes: --format ${JSON.stringify(format)}: expected text, csv or md`);
	const sessionArg = args[0]!;
	const file = path.resolve(io.cwd, sessionArg);
	warnUnsavedChanges(file, sessionArg, io.stderr);
	const session = await loadSession(file);
	io.stdout.write(notesListing(session, format as NotesFormat));
	return 0;
};
