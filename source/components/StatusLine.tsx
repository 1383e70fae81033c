// The bottom line: a prompt being typed, the quit question, or the last message with key hints.
import React, { memo } from 'react';
import type { Prompt, StatusMessage } from '../app/mixer-store.js';
import { fit } from '../app/format.js';
import { bold, hue, inverse, type Theme } from '../app/theme.js';
import { Line } from './Line.js';

export interface StatusLineProps {
	status: StatusMessage | undefined;
	prompt: Prompt | undefined;
	confirmQuit: boolean;
	recovering: boolean;
	/** "? help  Space play  q quit" from the active keymap. */
	hints: string;
	theme: Theme;
	columns: number;
}

export const StatusLine = memo(function StatusLine({ status, prompt, confirmQuit, recovering, hints, theme, columns }: StatusLineProps) {
	if (prompt) {
		const text = `${prompt.label}: ${prompt.value}`;
		// The cursor is drawn as an inverse block (or "_" without attributes); Esc cancels.
		const tail = '   Enter ok, Esc cancel';
		const room = Math.max(0, columns - tail.length - 1);
		const shown = text.length > room ? text.slice(text.length - room) : text;
		return <Line text={bold(theme, shown) + (theme.attrs ? inverse(theme, ' ') : '_') + fit(tail, columns - shown.length - 1).trimEnd()} />;
	}
	if (confirmQuit) return <Line text={hue(theme, bold(theme, fit('Unsaved changes. s: save and quit   d: quit without saving   c: keep mixing', columns).trimEnd()), 'yellow')} />;
	if (recovering) return <Line text={hue(theme, bold(theme, fit('r: recover the autosave   d: discard it and open the saved session', columns).trimEnd()), 'yellow')} />;
	const error = status?.kind === 'error';
	const message = status ? `${error ? '! ' : ''}${status.text}` : '';
	const room = columns - hints.length - 2;
	if (room < 20) return <Line text={error ? hue(theme, fit(message, columns).trimEnd(), 'red') : fit(message, columns).trimEnd()} />;
	const left = fit(message, room);
	return <Line text={(error ? hue(theme, left, 'red') : left) + '  ' + hints} />;
});
