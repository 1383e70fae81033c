// The mixer's first picture, built from the same line builders the views use, so it can go to
// the terminal the moment the session is loaded, before React and Ink have mounted (their first
// render costs ~100 ms cold on a small machine). Ink's first frame then matches it line for line
// and the screen writer sends next to nothing.
import type { Keymap } from '../input/keymap.js';
import { emptyLive } from './live.js';
import type { MixerState } from './mixer-store.js';
import { mixerLayout, mixerRows, selectedStripName } from './mixer-rows.js';
import { statusHints, viewHints } from './help-lines.js';
import { hintsText, statusText } from './status-text.js';
import type { Theme } from './theme.js';
import { transportLines } from './transport-lines.js';

/** The lines App draws first for `state` (the mixer view, nothing playing yet). */
export function firstFrame(state: MixerState, keymap: Keymap, theme: Theme, columns: number, rows: number): string[] {
	const { session } = state;
	const height = Math.max(3, rows - 3);
	const layout = mixerLayout(session, columns, height, state.selected);
	const live = emptyLive({ tracks: session.tracks.length, buses: session.buses.length, masterChannels: session.master.format === '5.1' ? 6 : 2, rows: layout.meterRows, frameRate: session.frameRate });
	const transport = transportLines(
		{ ...live, session, playing: false, loopEnabled: state.loopEnabled, dirty: state.dirty, device: state.device, view: state.view, keymap: keymap.name },
		theme,
		columns,
	);
	const status = statusText({ status: state.status, prompt: undefined, confirmQuit: false, recovering: false, hints: statusHints(selectedStripName(session, layout, state.selected), [viewHints(keymap, 'mixer'), hintsText(keymap)], columns), theme, columns });
	return [...transport, ...mixerRows(session, live, layout, state.selected, theme, height), status];
}
