// The notes view: every marker with its timecode, name and note (source/app/notes-rows.ts).
import React, { useMemo } from 'react';
import type { Session } from '../../sessions/types.js';
import { notesRows } from '../app/notes-rows.js';
import type { Theme } from '../app/theme.js';
import { Lines } from './Lines.js';

export interface NotesViewProps {
	session: Session;
	selected: number;
	/** Playhead, session seconds (the note it is in is marked `*`). */
	playhead: number;
	hints: string;
	theme: Theme;
	columns: number;
	height: number;
}

export function NotesView({ session, selected, playhead, hints, theme, columns, height }: NotesViewProps) {
	const lines = useMemo(() => notesRows({ session, selected, playhead, hints, theme, columns, height }), [session, selected, playhead, hints, theme, columns, height]);
	return <Lines lines={lines} />;
}
