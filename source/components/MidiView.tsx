// The MIDI page: ports, mapping, extender, learn mode, and what arrives. Drawn as plain lines
// (see midi-page.ts) so it fits 80×24, reads the same without colour, and re-renders only when
// the MIDI status (at most ~5 times a second while controls move), the session or a key changes.
import React, { useMemo, useSyncExternalStore } from 'react';
import type { MixerStore } from '../app/mixer-store.js';
import { hue, inverse, PLAIN, type Theme } from '../app/theme.js';
import { useKeys } from '../hooks/use-keys.js';
import type { MidiController } from '../midi/api.js';
import { MidiPage, midiPageLines, type PageStyle } from '../midi/midi-page.js';
import { mixerStrips } from '../midi/strips.js';
import { Lines } from './Lines.js';

export interface MidiViewProps {
	store: MixerStore;
	midi: MidiController;
	/** Size of the area (default 80×21: a 24-row terminal less the transport and status lines). */
	columns?: number;
	height?: number;
	theme?: Theme;
	/** Read keys itself (default). The app can instead pass keys to `page.key` and set this false. */
	ownKeys?: boolean;
	/** Page state to share with the app's key handling; one is made when omitted. */
	page?: MidiPage;
}

export function MidiView({ store, midi, columns = 80, height = 21, theme = PLAIN, ownKeys = true, page: given }: MidiViewProps) {
	const page = useMemo(() => given ?? new MidiPage(midi), [given, midi]);
	const status = useSyncExternalStore(midi.subscribe, midi.getStatus);
	const session = useSyncExternalStore(store.subscribe, () => store.getState().session);
	const version = useSyncExternalStore(page.subscribe, page.getVersion);
	useKeys((key) => {
		if (ownKeys) page.key(key);
	});
	const style = useMemo<PageStyle>(() => ({ cursor: (t) => inverse(theme, t), dim: (t) => t, error: (t) => hue(theme, t, 'red') }), [theme]);
	const lines = useMemo(
		() => midiPageLines(page, status, mixerStrips(session), columns, height, style),
		// version: the cursor or a pending choice moved.
		[page, status, session, columns, height, style, version],
	);
	return <Lines lines={lines} />;
}
