// The mixer's screen: transport on top, the view (mixer, timeline, MIDI, help or a question) in
// the middle, the status line at the bottom, filling the terminal (screen-writer.ts positions
// every line absolutely, so the last row is safe to use).
import React, { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { Box } from 'ink';
import { basename } from 'node:path';
import { timeToSeconds } from '../../sessions/time.js';
import { Dialog } from '../components/Dialog.js';
import { HelpOverlay } from '../components/HelpOverlay.js';
import { Lines } from '../components/Lines.js';
import { MidiView } from '../components/MidiView.js';
import type { MidiController } from '../midi/index.js';
import type { MidiPage } from '../midi/midi-page.js';
import { MixerView } from '../components/MixerView.js';
import { NotesView } from '../components/NotesView.js';
import { StatusLine } from '../components/StatusLine.js';
import { StripView } from '../components/StripView.js';
import { TimelineView } from '../components/TimelineView.js';
import { TransportBar } from '../components/TransportBar.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLive, METER_HZ } from '../hooks/use-live.js';
import { useStore } from '../hooks/use-store.js';
import { useTerminalSize, type TerminalSize } from '../hooks/use-terminal-size.js';
import { trackBlocks, type ClipBlock, type MediaCache } from './clip-layout.js';
import type { Controller } from './controller.js';
import type { Live } from './live.js';
import { mixerLayout, mixerRows, selectedStripName } from './mixer-rows.js';
import { statusHints, viewHints } from './help-lines.js';
import { hintsText } from './status-text.js';
import { monitorLabel } from './monitor-switch.js';
import { transportLines, type TransportInfo } from './transport-lines.js';
import { selectedTarget, stripIndex } from './run-action.js';
import { stripKeys, stripLines, stripPage } from './strip-rows.js';
import { targetIndex } from './strip-model.js';
import { REDUCTION_FIELDS } from '../../engine/worker/shared-state.js';
import { nameWidth, timelineRows } from './timeline-rows.js';
import { notesHints, notesRows } from './notes-rows.js';
import { notesPage } from './notes-keys.js';
import { PLAIN, type Theme } from './theme.js';

export interface AppProps {
	controller: Controller;
	media: MediaCache;
	theme?: Theme;
	/** Fixed size (tests); otherwise the terminal's, following resizes. */
	size?: TerminalSize;
	/** Meter refresh rate, Hz. */
	meterHz?: number;
	/**
	 * Draws live lines straight onto the screen (screen-writer.ts): with it, a meter tick patches
	 * the transport and the mixer or timeline lines that changed, with no React render; without
	 * it (tests), every tick re-renders through Ink. Both draw with the same line builders.
	 */
	screen?: { patch(top: number, lines: readonly string[]): void };
	/** MIDI surfaces (startMidi) and the page state the controller also routes keys to. */
	midi?: { controller: MidiController; page: MidiPage };
}

export function App({ controller, media, theme = PLAIN, size, meterHz = METER_HZ, screen, midi }: AppProps) {
	const store = controller.store;
	const state = useStore(store, (s) => s);
	const { columns, rows } = useTerminalSize(size);
	const { session, file } = state;
	const height = Math.max(3, rows - 3);

	// The save question (an outside change to the session file) takes keys before anything else.
	useKeys(useCallback((key: string) => void (store.saveConflictKey(key) || controller.key(key)), [controller, store]));

	const mediaVersion = useSyncExternalStore(media.subscribe, () => media.version);
	useEffect(() => media.request(session, file), [media, session, file]);

	const selectedStrip = stripIndex(store);
	const meterRows = mixerLayout(session, columns, height, selectedStrip).meterRows;
	// The latest way to draw live lines, for the tick's sink (set below on every render).
	const drawLive = useRef<((live: Live) => void) | undefined>(undefined);
	const sink = useCallback((l: Live) => drawLive.current?.(l), []);
	const live = useLive(
		store.shared,
		{ tracks: session.tracks.length, buses: session.buses.length, masterChannels: session.master.format === '5.1' ? 6 : 2, rows: meterRows, frameRate: session.frameRate },
		meterHz,
		screen ? sink : undefined,
	);

	const blocksOf = useMemo(() => {
		const cache = new Map<number, ClipBlock[]>();
		return (track: number) => {
			let b = cache.get(track);
			if (!b) cache.set(track, (b = trackBlocks(session, file, track, media)));
			return b;
		};
		// mediaVersion: headers that arrive move BWF clips into place.
	}, [session, file, media, mediaVersion]);

	// The timeline follows the playhead while playing: a page on when it runs off the right edge.
	const laneColumns = Math.max(8, columns - nameWidth(columns));
	controller.laneColumns = laneColumns;
	const follow = (l: Live): boolean => {
		if (state.view !== 'timeline' || !l.playing) return false;
		const span = laneColumns * state.zoom;
		if (l.seconds >= state.scroll && l.seconds < state.scroll + span) return false;
		store.update({ scroll: Math.max(0, l.seconds - span * 0.05) });
		return true;
	};
	useEffect(() => void follow(live));

	const loop = useMemo(() => {
		if (!session.loop) return undefined;
		try {
			return { from: timeToSeconds(session.loop.from, session), to: timeToSeconds(session.loop.to, session), on: state.loopEnabled };
		} catch {
			return undefined;
		}
	}, [session, state.loopEnabled]);
	const timelineView = useMemo(
		() => ({ zoom: state.zoom, scroll: state.scroll, selected: state.selected, selectedBus: state.focus === 'bus' ? state.selectedBus : undefined, selectedMaster: state.focus === 'master', selectedClip: state.selectedClip, marked: state.markedClips, showAutomation: state.showAutomation, lane: state.lane, playhead: live.seconds, loop }),
		[state.zoom, state.scroll, state.selected, state.focus, state.selectedBus, state.selectedClip, state.markedClips, state.showAutomation, state.lane, live.seconds, loop],
	);

	// The view's own meaning of [ ] (pan; nudge on a track row) and, in the mixer, the selected strip's whole name.
	const stripName = state.view === 'mixer' ? selectedStripName(session, mixerLayout(session, columns, height, selectedStrip), selectedStrip) : '';
	const clipRow = state.focus === 'track';
	const hints = useMemo(() => statusHints(stripName, [viewHints(controller.keymap, state.view, clipRow), hintsText(controller.keymap)], columns), [controller.keymap, state.view, clipRow, stripName, columns]);
	const notes = { session, selected: state.noteSelected, hints: useMemo(() => notesHints(controller.keymap), [controller.keymap]), theme, columns, height };
	notesPage.rows = Math.max(1, height - 4);
	const strip = useMemo(() => stripKeys(controller.keymap), [controller.keymap]);
	const stripInput = { session, target: selectedTarget(store), cursor: state.stripCursor, theme, columns, height, ...strip };
	const stripAt = targetIndex(session, stripInput.target);

	const transport = (l: Live): TransportInfo => ({
		session,
		playing: state.playing || l.playing,
		frame: l.frame,
		loopEnabled: state.loopEnabled,
		dirty: state.dirty,
		device: state.device,
		momentary: l.momentary,
		shortTerm: l.shortTerm,
		integrated: l.integrated,
		truePeak: l.truePeak,
		underruns: l.underruns,
		diskUnderruns: l.diskUnderruns,
		dsp: l.dsp,
		view: state.view,
		keymap: controller.keymap.name,
		recording: state.record.armed,
		monitor: monitorLabel(session, state.monitor, state.device),
	});
	const overlay = state.recovery !== undefined || state.saveConflict !== undefined || state.confirmQuit || state.help;
	const liveView: ((l: Live) => string[]) | undefined = overlay
		? undefined
		: state.view === 'mixer'
			? (l) => mixerRows(session, l, mixerLayout(session, columns, height, selectedStrip), selectedStrip, theme, height)
			: state.view === 'timeline'
				? (l) => timelineRows(session, blocksOf, { ...timelineView, playhead: l.seconds }, theme, columns, height)
				: state.view === 'strip'
					? (l) => stripLines(stripPage(stripInput), l.reductions, stripAt * REDUCTION_FIELDS)
					: state.view === 'notes'
						? (l) => notesRows({ ...notes, playhead: l.seconds })
						: undefined;
	drawLive.current = (l: Live) => {
		// Scrolling to follow the playhead is a store change: React redraws everything then.
		if (follow(l)) return;
		screen?.patch(0, [...transportLines(transport(l), theme, columns), ...(liveView?.(l) ?? [])]);
	};

	let body: React.ReactNode;
	if (state.recovery) {
		body = (
			<Dialog
				title="An autosave is newer than the session file"
				body={[state.recovery.path, `written ${state.recovery.modified.toLocaleString()}`, '', 'r: recover it (undo goes back to the file)', 'd: discard it']}
				theme={theme}
				columns={columns}
				height={height}
			/>
		);
	} else if (state.saveConflict) {
		const conflict = state.saveConflict;
		body = (
			<Dialog
				title="The session file was changed by another program"
				body={[file, `changed ${conflict.modified.toLocaleString()}, after this mixer read it`, '', 'o: overwrite it with this mix', `k: keep this mix as ${basename(conflict.minePath)} beside it`, 'c: cancel (nothing is saved)']}
				theme={theme}
				columns={columns}
				height={height}
			/>
		);
	} else if (state.confirmQuit) {
		body = <Dialog title="Unsaved changes" body={['s: save and quit', 'd: quit without saving', 'c: keep mixing']} theme={theme} columns={columns} height={height} />;
	} else if (state.help) {
		body = <HelpOverlay keymap={controller.keymap} scroll={state.helpScroll} columns={columns} height={height} onLines={(n) => ((controller.helpLines = n), (controller.helpRows = height))} />;
	} else if (state.view === 'timeline') {
		body = <TimelineView session={session} blocksOf={blocksOf} view={timelineView} theme={theme} columns={columns} height={height} />;
	} else if (state.view === 'strip') {
		body = <StripView {...stripInput} live={live} stripIndex={stripAt} />;
	} else if (state.view === 'notes') {
		body = <NotesView {...notes} playhead={live.seconds} />;
	} else if (state.view === 'midi') {
		// Keys reach the page through the controller (it decides between the page and the keymap).
		body = midi ? (
			<MidiView store={store} midi={midi.controller} page={midi.page} ownKeys={false} theme={theme} columns={columns} height={height} />
		) : (
			<Lines lines={['MIDI is not running in this session.', ...new Array<string>(height - 1).fill('')]} />
		);
	} else {
		body = <MixerView session={session} live={live} selectedStrip={selectedStrip} theme={theme} columns={columns} height={height} onBank={(n) => (controller.bankSize = n)} />;
	}

	return (
		<Box flexDirection="column" width={columns} height={rows}>
			<TransportBar {...transport(live)} theme={theme} columns={columns} />
			<Box height={height} flexDirection="column">
				{body}
			</Box>
			<StatusLine status={state.status} prompt={state.prompt} confirmQuit={state.confirmQuit} recovering={state.recovery !== undefined} hints={hints} theme={theme} columns={columns} />
		</Box>
	);
}
