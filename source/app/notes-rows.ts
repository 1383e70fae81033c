// The notes view as lines of text: every marker with its number, timecode, name and note, the
// selected one as `>` (inverse on a terminal with attributes), the one the playhead is in as `*`;
// the selected note in full at the foot, then the view's keys. The list scrolls to keep the
// selection on screen.
import type { Marker, Session } from '../../sessions/types.js';
import { sessionTimecode, timeToSeconds } from '../../sessions/time.js';
import type { ActionId } from '../input/actions.js';
import { displayKey } from '../input/key-names.js';
import { keysOf, type Keymap } from '../input/keymap.js';
import { fit } from './format.js';
import { bold, inverse, type Theme } from './theme.js';

export interface NotesInput {
	session: Session;
	selected: number;
	/** Playhead, session seconds. */
	playhead: number;
	theme: Theme;
	columns: number;
	height: number;
	/** The view's key hint ("Enter go to  e name …"), from notesHints. */
	hints: string;
}

/** Timecode width (HH:MM:SS:FF). */
const TC = 11;

/** A marker's session seconds, or NaN when its timecode lies before the session start. */
export function markerSeconds(session: Session, m: Marker): number {
	try {
		return timeToSeconds(m.at, session);
	} catch {
		return Number.NaN;
	}
}

/** The index of the last marker at or before `t` (the note the playhead is in), or -1. */
export function currentNote(session: Session, t: number): number {
	let current = -1;
	session.markers.forEach((m, i) => {
		if (markerSeconds(session, m) <= t + 1e-9) current = i;
	});
	return current;
}

/** `text` on one line, cut to `width` with "…" when longer. */
function cut(text: string, width: number): string {
	const flat = text.replace(/\s+/g, ' ');
	return flat.length > width ? `${flat.slice(0, Math.max(0, width - 1))}…` : flat.padEnd(width);
}

/** `text` broken at spaces into at most `rows` lines of `width`; the last ends "…" when cut. */
export function wrap(text: string, width: number, rows: number): string[] {
	const words = text.replace(/\s+/g, ' ').trim().split(' ');
	const lines: string[] = [];
	let line = '';
	for (let i = 0; i < words.length; i++) {
		let word = words[i]!;
		while (word.length > width) {
			// A word wider than the line is split.
			if (line) lines.push(line), (line = '');
			lines.push(word.slice(0, width));
			word = word.slice(width);
		}
		if (!line) line = word;
		else if (line.length + 1 + word.length <= width) line += ` ${word}`;
		else lines.push(line), (line = word);
	}
	if (line) lines.push(line);
	if (lines.length <= rows) return lines;
	const kept = lines.slice(0, rows);
	kept[rows - 1] = cut(`${kept[rows - 1]!} ${lines[rows]!}`, width).trimEnd();
	return kept;
}

/** "Enter go to  e name  n note  t to playhead  d delete" for the active keymap. */
export function notesHints(keymap: Keymap): string {
	const parts: [ActionId, string][] = [
		['notes.jump', 'go to'],
		['notes.editName', 'name'],
		['notes.editNote', 'note'],
		['notes.moveToPlayhead', 'to playhead'],
		['notes.remove', 'delete'],
		['global.addMarker', 'add'],
	];
	return parts
		.map(([id, what]) => {
			const key = keysOf(keymap, id)[0];
			return key ? `${displayKey(key)} ${what}` : '';
		})
		.filter(Boolean)
		.join('  ');
}

/** The first list row shown so that `selected` is on screen (centred once the list scrolls). */
export function firstNote(selected: number, count: number, rows: number): number {
	if (count <= rows) return 0;
	return Math.max(0, Math.min(selected - Math.floor(rows / 2), count - rows));
}

/** The notes view's lines: exactly `height` of them, at most `columns` wide. */
export function notesRows({ session, selected, playhead, theme, columns, height, hints }: NotesInput): string[] {
	const markers = session.markers;
	const n = markers.length;
	const sel = Math.max(0, Math.min(selected, n - 1));
	const numWidth = Math.max(2, String(n).length);
	const lead = 2 + numWidth + 1;
	const rest = Math.max(0, columns - lead - TC - 2);
	const longest = markers.reduce((w, m) => Math.max(w, m.name.length), 4);
	// Names take up to 40 % of the row (24 columns at 80, 40 at 120), never more than the longest needs.
	const nameWidth = Math.min(longest, Math.max(8, Math.min(48, Math.floor(rest * 0.4))));
	const noteWidth = Math.max(0, rest - nameWidth - 1);

	const count = `${n} ${n === 1 ? 'note' : 'notes'}`;
	const titles = `${' '.repeat(lead - 2)}# ${fit('timecode', TC)} ${fit('name', nameWidth)} note`;
	const lines = [fit(titles, Math.max(0, columns - count.length - 1)) + ' ' + count];
	// The foot: the selected note in full (two lines when there is room), then the keys.
	const footRows = height >= 8 ? 3 : height >= 4 ? 1 : 0;
	const listRows = Math.max(0, height - 1 - footRows);

	if (n === 0) {
		lines.push(fit('  No notes yet: add a marker at the playhead (playback keeps running) and type its name,', columns));
		lines.push(fit('  then a note. They are listed here to jump to, edit, move and delete.', columns));
	} else {
		const current = currentNote(session, playhead);
		const top = firstNote(sel, n, listRows);
		for (let i = top; i < Math.min(n, top + listRows); i++) {
			const m = markers[i]!;
			const t = markerSeconds(session, m);
			const tc = Number.isNaN(t) ? fit('(before start)', TC).slice(0, TC) : sessionTimecode(t, session);
			const name = m.name === '' ? `Marker ${i + 1}` : m.name;
			const row = `${i === sel ? '>' : ' '}${i === current ? '*' : ' '}${String(i + 1).padStart(numWidth)} ${tc} ${cut(name, nameWidth)} ${cut(m.note ?? '', noteWidth)}`;
			const text = fit(row, columns);
			lines.push(i === sel ? (theme.attrs ? inverse(theme, text) : text) : text);
		}
	}
	while (lines.length < height - footRows) lines.push('');
	if (footRows === 3) {
		const m = markers[sel];
		const full = m ? wrap(`${m.name === '' ? `Marker ${sel + 1}` : m.name}: ${m.note ?? '(no note)'}`, columns, 2) : [];
		lines.push(full[0] ?? '', full[1] ?? '');
	}
	if (footRows > 0) lines.push(bold(theme, fit(hints, columns).trimEnd()));
	return lines.slice(0, height);
}
