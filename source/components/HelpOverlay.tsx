// The keys of the active keymap, generated (source/app/help-lines.ts), scrolling when the
// terminal is short.
import React, { useMemo } from 'react';
import type { Keymap } from '../input/keymap.js';
import { helpLines } from '../app/help-lines.js';
import { Lines } from './Lines.js';

export interface HelpOverlayProps {
	keymap: Keymap;
	scroll: number;
	columns: number;
	height: number;
	/** Told how many lines the help has, for scrolling. */
	onLines?: (count: number) => void;
}

export function HelpOverlay({ keymap, scroll, columns, height, onLines }: HelpOverlayProps) {
	const all = useMemo(() => helpLines(keymap, columns), [keymap, columns]);
	onLines?.(all.length);
	const more = all.length > height;
	// A resize can leave the scroll past the end of the (now shorter) help: the last page then.
	const top = Math.max(0, Math.min(scroll, all.length - (height - 1)));
	const shown = more ? all.slice(top, top + height - 1) : all.slice(0, height);
	if (more) shown.push(`-- lines ${top + 1}-${Math.min(all.length, top + height - 1)} of ${all.length}: Up/Down/PgUp/PgDn scroll, ? or Esc closes --`.slice(0, columns));
	while (shown.length < height) shown.push('');
	return <Lines lines={shown} />;
}
