// The mixer's UI state: its shape (selection, view, prompt, transport, save questions …) and
// the state a freshly opened session starts in. MixerStore (mixer-store.ts) owns and changes it.
import type { Marker, Session } from '../../sessions/types.js';
import { createHistory, type History } from '../../sessions/history.js';
import type { DeviceStatus } from '../../engine/worker/protocol.js';
import type { MonitorMode } from '../../engine/worker/monitor.js';
import { NO_LANE_SELECTION, type LaneState } from './lane-model.js';
import type { ClipRef } from '../../sessions/edit-clips.js';

/** The main views; 'midi' is the control-surface page (ports, learn), 'strip' the selected strip's page, 'notes' the list of markers. */
export type ViewName = 'mixer' | 'timeline' | 'midi' | 'strip' | 'notes';

/** A typed value the user is entering (fader level, locate time, marker name …). */
export interface Prompt {
	/** What the value is for; the app's prompt handler interprets it. */
	kind: string;
	label: string;
	value: string;
	/** A session time the prompt was opened at (a marker goes where the playhead was). */
	seconds?: number;
	/** A strip value or copy count being typed: whose strip, and the parameter address. */
	strip?: { kind: StripFocus; id: string; name: string; param?: string };
	/** A lane point's value or a range trim being typed: the track (a bus's id with kind 'bus'), the lane, the point or the range (seconds). */
	lane?: { track: string; kind?: 'bus' | 'master'; lane: string; index?: number; from?: number; to?: number };
	/** A clip value being typed (timeline): the clip and the field (source/app/timeline-clips.ts). */
	clip?: { track: string; clip: number; field: string };
	/** A marker being named or annotated: the one edited (its index then), or the name typed for a new one. */
	marker?: { ref?: Marker; index?: number; name?: string };
	/** What Enter and Esc do, when not "ok" and "cancel" (the status line shows it). */
	tail?: string;
}

/** Which kind of strip the mixer selection is on: a track (`selected`), a bus (`selectedBus`) or the master. */
export type StripFocus = 'track' | 'bus' | 'master';

/** An autosave newer than the session, offered on open. */
export interface RecoveryOffer {
	path: string;
	/** When the autosave was written. */
	modified: Date;
	session: Session;
}

/** Saving found the session file changed by someone else since it was loaded or saved. */
export interface SaveConflict {
	/** When the file was changed. */
	modified: Date;
	/** Where "keep mine" writes this mix instead (NAME.mine.yaml beside the session). */
	minePath: string;
}

/** How a save over an outside change is settled. */
export type SaveConflictAnswer = 'overwrite' | 'mine' | 'cancel';

export interface StatusMessage {
	text: string;
	kind: 'info' | 'error';
	/** Date.now() when shown. */
	at: number;
}

export interface MixerState {
	session: Session;
	/** The session file (absolute). */
	file: string;
	history: History<Session>;
	dirty: boolean;
	/** Selected track index (strips and timeline rows; the timeline's bus rows are `focus` 'bus' and `selectedBus`). */
	selected: number;
	/** Selected clip on the selected track (timeline), when any. */
	selectedClip: number | undefined;
	/** Clips marked on the timeline (any tracks): edits of the selection take them with the selected clip. */
	markedClips: ClipRef[];
	/** The clip value the timeline's clip keys step and type: gain, fadeIn, fadeOut, shape, head or tail. */
	clipField: string;
	view: ViewName;
	playing: boolean;
	/** Engine-reported state of the output. */
	device: DeviceStatus | undefined;
	/** Session length the engine reported, seconds. */
	lengthSeconds: number;
	loopEnabled: boolean;
	status: StatusMessage | undefined;
	prompt: Prompt | undefined;
	help: boolean;
	/** First line of the help overlay shown (it scrolls on a small terminal). */
	helpScroll: number;
	/** Asking before quitting with unsaved changes. */
	confirmQuit: boolean;
	/** Timeline: seconds per character column, and the time at the left edge. */
	zoom: number;
	scroll: number;
	showAutomation: boolean;
	/** The timeline's lane view: the lane shown, the selected point, the range marks. */
	lane: LaneState;
	/** The engine stopped for good; the UI keeps running and says so. */
	engineFailed: boolean;
	/** Mixer selection kind; tracks use `selected`, buses `selectedBus`. */
	focus: StripFocus;
	selectedBus: number;
	/** An autosave waiting for the user to recover or discard it. */
	recovery: RecoveryOffer | undefined;
	/** A save waiting for the user to overwrite an outside change, keep this mix beside it, or cancel. */
	saveConflict: SaveConflict | undefined;
	/** The strip page's cursor: a section ('hpf', 'eq.1' …) and a parameter in its line. */
	stripCursor: { section: string; param: number };
	/** Live print: the take file (later takes FILE-2.wav …) and whether the engine has it armed. */
	record: { file: string; armed: boolean };
	/** What the device plays of the master (the mix, its stereo fold-down, mono); the mix itself never changes. */
	monitor: MonitorMode;
	/** The notes view's selected marker (an index into session.markers). */
	noteSelected: number;
}

/** The state a session opens in: first track selected, the mixer view, stopped; takes go to `recordFile` (disarmed). */
export function initialState(session: Session, file: string, recordFile: string): MixerState {
	return {
		session,
		file,
		history: createHistory(session),
		dirty: false,
		selected: 0,
		selectedClip: undefined,
		markedClips: [],
		clipField: 'gain',
		view: 'mixer',
		playing: false,
		device: undefined,
		lengthSeconds: 0,
		loopEnabled: session.loop !== undefined,
		status: undefined,
		prompt: undefined,
		help: false,
		helpScroll: 0,
		confirmQuit: false,
		zoom: 0.5,
		scroll: 0,
		showAutomation: false,
		lane: NO_LANE_SELECTION,
		engineFailed: false,
		focus: 'track',
		selectedBus: 0,
		recovery: undefined,
		saveConflict: undefined,
		stripCursor: { section: 'eq.0', param: 1 },
		record: { file: recordFile, armed: false },
		monitor: 'mix',
		noteSelected: 0,
	};
}
