// The strip page of the selected track, bus or master: the EQ curve, gain-reduction meters,
// every section's values, a track's sends and a return's reverb (source/app/strip-rows.ts). The
// meters come from the live reading; on a terminal the screen writer patches them without a
// React render (see App.tsx).
import React from 'react';
import type { Session } from '../../sessions/types.js';
import { REDUCTION_FIELDS } from '../../engine/worker/shared-state.js';
import type { Live } from '../app/live.js';
import type { MixTarget } from '../app/mix-commands.js';
import type { StripCursor } from '../app/strip-model.js';
import { stripLines, stripPage } from '../app/strip-rows.js';
import type { Theme } from '../app/theme.js';
import { Lines } from './Lines.js';

export interface StripViewProps {
	session: Session;
	target: MixTarget;
	cursor: StripCursor;
	live: Live;
	/** Flat mixer index of the strip (tracks, buses, the master): where its meters are in `live`. */
	stripIndex: number;
	theme: Theme;
	columns: number;
	height: number;
	/** Key hints (stripKeys): the page's and a send line's, and the key that adds an EQ band (or a send). */
	hints: string;
	addKey: string;
	sendHints?: string;
}

export function StripView({ session, target, cursor, live, stripIndex, theme, columns, height, hints, addKey, sendHints }: StripViewProps) {
	const page = stripPage({ session, target, cursor, theme, columns, height, hints, addKey, sendHints });
	return <Lines lines={stripLines(page, live.reductions, stripIndex * REDUCTION_FIELDS)} />;
}
