// The bottom line as text: a prompt being typed, the quit or recovery question, or the last
// message with key hints from the active keymap.
import { displayKey } from '../input/key-names.js';
import { keysOf, type Keymap } from '../input/keymap.js';
import type { ActionId } from '../input/actions.js';
import { fit } from './format.js';
import type { Prompt, StatusMessage } from './mixer-store.js';
import { bold, hue, inverse, type Theme } from './theme.js';

const HINTS: [ActionId, string][] = [
	['global.help', 'help'],
	['global.togglePlay', 'play'],
	['global.save', 'save'],
	['global.quit', 'quit'],
];

/** "? help  Space play  w save  q quit" for the active keymap. */
export function hintsText(keymap: Keymap): string {
	return HINTS.map(([id, what]) => {
		const key = keysOf(keymap, id)[0];
		return key ? `${displayKey(key)} ${what}` : '';
	})
		.filter(Boolean)
		.join('  ');
}

export interface StatusTextInput {
	status: StatusMessage | undefined;
	prompt: Prompt | undefined;
	confirmQuit: boolean;
	recovering: boolean;
	hints: string;
	theme: Theme;
	columns: number;
}

/** The status line, `columns` wide at most. */
export function statusText({ status, prompt, confirmQuit, recovering, hints, theme, columns }: StatusTextInput): string {
	if (prompt) {
		const typed = `: ${prompt.value}`;
		let text = prompt.label + typed;
		// The cursor is drawn as an inverse block (or "_" without attributes); Esc cancels.
		// A refused value keeps the prompt open: the reason takes the place of the Enter/Esc hint,
		// and the label gives way to it (the value typed and why it is refused matter more).
		const refused = status?.kind === 'error' ? `   ! ${status.text.replace(/\s*\n\s*/g, ' ')}` : undefined;
		let tail = `   ${prompt.tail ?? 'Enter ok, Esc cancel'}`;
		if (refused) {
			const beside = columns - 1 - text.length;
			if (beside >= Math.min(refused.length, 40)) tail = shorten(refused, beside);
			else {
				tail = shorten(refused, Math.max(24, columns - 1 - typed.length - 12));
				const labelRoom = columns - 1 - tail.length - typed.length;
				if (prompt.label.length > labelRoom) text = `${prompt.label.slice(0, Math.max(0, labelRoom - 1))}…${typed}`;
			}
		}
		const room = Math.max(0, columns - tail.length - 1);
		// Too long: the label loses its end first ("Loop from and to, …: 10 20"), then the value its start.
		if (text.length > room && room - typed.length > 12) text = `${text.slice(0, room - typed.length - 1)}…${typed}`;
		const shown = text.length > room ? text.slice(text.length - room) : text;
		const rest = fit(tail, columns - shown.length - 1).trimEnd();
		return bold(theme, shown) + (theme.attrs ? inverse(theme, ' ') : '_') + (refused ? hue(theme, rest, 'red') : rest);
	}
	if (confirmQuit) return hue(theme, bold(theme, fit('Unsaved changes. s: save and quit   d: quit without saving   c: keep mixing', columns).trimEnd()), 'yellow');
	if (recovering) return hue(theme, bold(theme, fit('r: recover the autosave   d: discard it and open the saved session', columns).trimEnd()), 'yellow');
	const error = status?.kind === 'error';
	const message = status ? `${error ? '! ' : ''}${status.text.replace(/\s*\n\s*/g, ' ')}` : '';
	const room = columns - hints.length - 2;
	if (room >= 20 && message.length <= room) {
		const left = fit(message, room);
		return (error ? hue(theme, left, 'red') : left) + '  ' + hints;
	}
	// A message that does not fit beside the hints gets the whole line: the hints are on `?` too.
	const line = shorten(message, columns);
	return error ? hue(theme, line, 'red') : line;
}

/** A token with a "/" in it (a path, "@scope/pkg"), split into what leads, the directories, the name and trailing punctuation. */
const PATH = /^([("']*)(\S*\/)([^/]*?)([)"':;,.]*)$/;

/**
 * `text` in at most `width` columns with the reason (usually at its end, as in "PATH: cannot
 * save: no space left") kept: the longest paths lose their directories first ("…/reel.yaml"),
 * and only then are words dropped from the end, at a space and marked "…", never mid-word.
 */
export function shorten(text: string, width: number): string {
	if (text.length <= width) return text;
	const words = text.split(' ');
	const paths = words
		.map((word, i) => ({ i, m: PATH.exec(word) }))
		.filter((p) => p.m !== null && p.m[3] !== '' && p.m[2].length > 2)
		.sort((a, b) => b.m![2].length - a.m![2].length);
	let length = text.length;
	for (const { i, m } of paths) {
		if (length <= width) break;
		const [, lead, dirs, name, trail] = m!;
		words[i] = `${lead}…/${name}${trail}`;
		length -= dirs.length - 2;
	}
	const out = words.join(' ');
	if (out.length <= width) return out;
	if (width < 2) return out.slice(0, Math.max(0, width));
	const space = out.lastIndexOf(' ', width - 1);
	// A word longer than half the line is cut after all, rather than leaving the line half empty.
	const cut = space > width / 2 ? space : width - 1;
	return `${out.slice(0, cut).trimEnd()}…`;
}
