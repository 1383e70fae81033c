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
		const text = `${prompt.label}: ${prompt.value}`;
		// The cursor is drawn as an inverse block (or "_" without attributes); Esc cancels.
		const tail = '   Enter ok, Esc cancel';
		const room = Math.max(0, columns - tail.length - 1);
		const shown = text.length > room ? text.slice(text.length - room) : text;
		return bold(theme, shown) + (theme.attrs ? inverse(theme, ' ') : '_') + fit(tail, columns - shown.length - 1).trimEnd();
	}
	if (confirmQuit) return hue(theme, bold(theme, fit('Unsaved changes. s: save and quit   d: quit without saving   c: keep mixing', columns).trimEnd()), 'yellow');
	if (recovering) return hue(theme, bold(theme, fit('r: recover the autosave   d: discard it and open the saved session', columns).trimEnd()), 'yellow');
	const error = status?.kind === 'error';
	const message = status ? `${error ? '! ' : ''}${status.text}` : '';
	const room = columns - hints.length - 2;
	if (room < 20) return error ? hue(theme, fit(message, columns).trimEnd(), 'red') : fit(message, columns).trimEnd();
	const left = fit(message, room);
	return (error ? hue(theme, left, 'red') : left) + '  ' + hints;
}
