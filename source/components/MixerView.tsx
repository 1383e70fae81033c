// The mixer: a bank of strips that fits the width, the master on the right.
import React, { useMemo } from 'react';
import type { Session } from '../../sessions/types.js';
import type { Live } from '../app/live.js';
import { mixerLayout, mixerRows } from '../app/mixer-rows.js';
import type { Theme } from '../app/theme.js';
import { Lines } from './Lines.js';

export interface MixerViewProps {
	session: Session;
	live: Live;
	/** Flat strip index: tracks, then buses, then the master. */
	selectedStrip: number;
	theme: Theme;
	columns: number;
	height: number;
	/** Told how many strips a bank holds (bank keys move by that much). */
	onBank?: (perBank: number) => void;
}

export function MixerView({ session, live, selectedStrip, theme, columns, height, onBank }: MixerViewProps) {
	const layout = useMemo(() => mixerLayout(session, columns, height, selectedStrip), [session, columns, height, selectedStrip]);
	onBank?.(layout.perBank);
	const lines = useMemo(() => mixerRows(session, live, layout, selectedStrip, theme, height), [session, live, layout, selectedStrip, theme, height]);
	return <Lines lines={lines} />;
}
