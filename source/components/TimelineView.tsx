// The timeline: ruler, markers and loop, one row per track then per bus, the playhead.
import React, { useMemo } from 'react';
import type { Session } from '../../sessions/types.js';
import type { ClipBlock } from '../app/clip-layout.js';
import { timelineRows, type TimelineView as View } from '../app/timeline-rows.js';
import type { Theme } from '../app/theme.js';
import { Lines } from './Lines.js';

export interface TimelineViewProps {
	session: Session;
	blocksOf: (track: number) => ClipBlock[];
	view: View;
	theme: Theme;
	columns: number;
	height: number;
}

export function TimelineView({ session, blocksOf, view, theme, columns, height }: TimelineViewProps) {
	const lines = useMemo(() => timelineRows(session, blocksOf, view, theme, columns, height), [session, blocksOf, view, theme, columns, height]);
	return <Lines lines={lines} />;
}
