// What each keymap action does. Every change to the mix is a store edit (an undo step, sent to
// the engine, autosaved); selection, view and zoom are UI state in the store.
import {
	clearSolos,
	modeOf,
	nextMarker,
	nextMode,
	previousMarker,
	setBusOutput,
	setTrackOutput,
} from '../../sessions/edit.js';
import { basename } from 'node:path';
import { frameDuration, timeToSeconds } from '../../sessions/time.js';
import type { Decibels, Session } from '../../sessions/types.js';
import type { ActionId, NotesAction, StripAction, TimelineAction } from '../input/actions.js';
import { editAllAutomationModes, editAutomationMode, warnIfRead } from './automation-values.js';
import { trackBlocks, type MediaCache } from './clip-layout.js';
import { address, editGain, editPan, editSwitch } from './mix-commands.js';
import type { MixerStore, ViewName } from './mixer-store.js';
import { runStripAction } from './strip-keys.js';
import { runSurroundAction } from './surround-keys.js';
import { noClipsHere, runClipAction } from './timeline-keys.js';
import { positionText } from './timeline-clips.js';
import { runLaneAction } from './lane-keys.js';
import { runNotesAction, startMarker } from './notes-keys.js';
import { bakeDuck } from './duck-bake.js';

/** What actions need besides the store. */
export interface ActionContext {
	store: MixerStore;
	media: MediaCache;
	/** Strips per mixer bank and timeline columns, as last drawn. */
	bankSize: number;
	laneColumns: number;
	/** Whether the MIDI view exists in this build. */
	hasMidi: boolean;
	/** Leaves the mixer (after the caller checked for unsaved changes). */
	quit: (how: 'saved' | 'discard' | 'keep') => void;
}

/** The strip the mixer selection is on, by kind and id. */
export type Target = { kind: 'track'; id: string; name: string } | { kind: 'bus'; id: string; name: string } | { kind: 'master'; id: 'master'; name: string };

/** The selected strip (falls back to the master when the session has no tracks). */
export function selectedTarget(store: MixerStore): Target {
	const { session, focus, selected, selectedBus } = store.getState();
	if (focus === 'bus' && session.buses[selectedBus]) {
		const b = session.buses[selectedBus]!;
		return { kind: 'bus', id: b.id, name: b.name ?? b.id };
	}
	const t = session.tracks[selected];
	if (focus === 'track' && t) return { kind: 'track', id: t.id, name: t.name ?? t.id };
	return { kind: 'master', id: 'master', name: 'Master' };
}

/** The fader level of a strip. */
export function targetGain(session: Session, target: Target): Decibels {
	if (target.kind === 'track') return session.tracks.find((t) => t.id === target.id)!.gain;
	if (target.kind === 'bus') return session.buses.find((b) => b.id === target.id)!.gain;
	return session.master.gain;
}

/** Sets or nudges the selected fader: one undo step per held key (coalesced by control). */
export function fader(store: MixerStore, mode: 'nudge' | 'set', db: Decibels): void {
	const target = selectedTarget(store);
	if (editGain(store, target, mode, db)) warnIfRead(store, address(target, 'gain'), target.name);
}

/** Sets the selected track's pan (a typed value). */
export function panTo(store: MixerStore, pan: number): void {
	const t = trackOnly(store, 'pan');
	if (!t) return;
	const target = { kind: 'track', ...t } as const;
	if (editPan(store, target, 'set', pan)) warnIfRead(store, address(target, 'pan'), t.name);
}

/** Ordered strips of the mixer: tracks, buses, then the master. */
function stripCount(session: Session): number {
	return session.tracks.length + session.buses.length + 1;
}

/** Flat mixer position of the selection (tracks, buses, master). */
export function stripIndex(store: MixerStore): number {
	const { session, focus, selected, selectedBus } = store.getState();
	if (focus === 'bus') return session.tracks.length + selectedBus;
	if (focus === 'master') return session.tracks.length + session.buses.length;
	return selected;
}

/** Moves the mixer selection to flat position `i` (clamped). */
export function selectStrip(store: MixerStore, i: number): void {
	const { session } = store.getState();
	const n = Math.max(0, Math.min(stripCount(session) - 1, i));
	if (n < session.tracks.length) store.update({ focus: 'track', selected: n, selectedClip: undefined });
	else if (n < session.tracks.length + session.buses.length) store.update({ focus: 'bus', selectedBus: n - session.tracks.length });
	else store.update({ focus: 'master' });
}

function trackOnly(store: MixerStore, what: string): { id: string; name: string } | undefined {
	const target = selectedTarget(store);
	if (target.kind === 'track') return target;
	store.say(`${what} applies to tracks; select a track`, 'error');
	return undefined;
}

function setView(ctx: ActionContext, view: ViewName): void {
	if (view === 'midi' && !ctx.hasMidi) return ctx.store.say('the MIDI surface view is not in this build', 'error');
	// The timeline has tracks, buses, then the master: each stays selected (the master's row shows only with a track or bus above it).
	const { focus, session } = ctx.store.getState();
	if (view === 'timeline' && focus === 'master' && session.tracks.length + session.buses.length === 0) ctx.store.update({ focus: 'track', selected: 0 });
	ctx.store.update({ view, help: false });
}

/** Runs one action. */
export function runAction(id: ActionId, ctx: ActionContext): void {
	const { store } = ctx;
	const state = store.getState();
	const session = state.session;
	if (id.startsWith('strip.')) return runStripAction(id.slice('strip.'.length) as StripAction, ctx);
	if (runClipAction(id, ctx)) return;
	if (id.startsWith('notes.')) return runNotesAction(id.slice('notes.'.length) as NotesAction, store);
	switch (id) {
		// Transport and locate.
		case 'global.togglePlay':
			return store.togglePlay();
		case 'global.locateStart':
			return store.locate(0);
		case 'global.locateEnd':
			return store.locate(state.lengthSeconds);
		case 'global.nextMarker':
		case 'global.previousMarker': {
			const now = store.position();
			const i = id === 'global.nextMarker' ? nextMarker(session, now) : previousMarker(session, now);
			if (i === undefined) return store.say(id === 'global.nextMarker' ? 'no marker after the playhead' : 'no marker before the playhead');
			const m = session.markers[i]!;
			store.locate(timeToSeconds(m.at, session));
			return store.say(`marker ${m.name || i + 1}`);
		}
		case 'global.gotoTime':
			return store.update({ prompt: { kind: 'locate', label: 'Go to (timecode or seconds)', value: '' } });
		case 'global.addMarker':
			return startMarker(store);
		case 'global.toggleLoop':
			return store.toggleLoop();
		case 'global.armRecord': {
			const { file, armed } = state.record;
			store.armRecord(!armed);
			return store.say(armed ? 'live print disarmed' : `live print armed: each pass from play to stop is recorded as a take (${basename(file)}, then -2, -3 …)`);
		}

		case 'global.writeToEnd':
		case 'global.fillToPunch':
			if (!state.playing) return store.say('fill actions work during an automation pass: play, touch a control, then press it', 'error');
			store.fill(id === 'global.writeToEnd' ? 'end' : 'punch');
			return;

		// Strip switches.
		case 'global.toggleMute':
			editSwitch(store, selectedTarget(store), 'mute');
			return;
		case 'global.toggleSolo': {
			const t = trackOnly(store, 'solo');
			if (t) editSwitch(store, { kind: 'track', ...t }, 'solo');
			return;
		}
		case 'global.clearSolos':
			if (!session.tracks.some((t) => t.solo)) return store.say('no track is soloed');
			store.edit('Clear solos', clearSolos);
			return;
		case 'global.togglePolarity': {
			const t = trackOnly(store, 'polarity');
			if (t) editSwitch(store, { kind: 'track', ...t }, 'polarity');
			return;
		}

		// Document.
		case 'global.undo':
			return store.undo();
		case 'global.redo':
			return store.redo();
		case 'global.save':
			void store.save();
			return;

		// Views.
		case 'global.nextView': {
			const views: ViewName[] = ctx.hasMidi ? ['mixer', 'timeline', 'midi', 'notes'] : ['mixer', 'timeline', 'notes'];
			return setView(ctx, views[(views.indexOf(state.view) + 1) % views.length]!);
		}
		case 'global.viewMixer':
			return setView(ctx, 'mixer');
		case 'global.viewTimeline':
			return setView(ctx, 'timeline');
		case 'global.viewMidi':
			return setView(ctx, 'midi');
		case 'global.viewNotes':
			return setView(ctx, 'notes');
		case 'global.help':
			return store.update({ help: !state.help, helpScroll: 0 });
		case 'global.quit':
			if (state.dirty) return store.update({ confirmQuit: true, help: false });
			return ctx.quit('keep');

		// Mixer.
		case 'mixer.selectPrevious':
			return selectStrip(store, stripIndex(store) - 1);
		case 'mixer.selectNext':
			return selectStrip(store, stripIndex(store) + 1);
		case 'mixer.bankPrevious':
			return selectStrip(store, stripIndex(store) - Math.max(1, ctx.bankSize));
		case 'mixer.bankNext':
			return selectStrip(store, Math.min(stripIndex(store) + Math.max(1, ctx.bankSize), session.tracks.length + session.buses.length - 1));
		case 'mixer.faderUp':
			return fader(store, 'nudge', 0.5);
		case 'mixer.faderDown':
			return fader(store, 'nudge', -0.5);
		case 'mixer.faderUpCoarse':
			return fader(store, 'nudge', 3);
		case 'mixer.faderDownCoarse':
			return fader(store, 'nudge', -3);
		case 'mixer.faderUnity':
			return fader(store, 'set', 0);
		case 'mixer.faderType': {
			const target = selectedTarget(store);
			return store.update({ prompt: { kind: 'fader', label: `Fader ${target.name} (dB)`, value: '' } });
		}
		case 'mixer.panLeft':
		case 'mixer.panRight':
		case 'mixer.panCentre': {
			const t = trackOnly(store, 'pan');
			if (!t) return;
			const target = { kind: 'track', ...t } as const;
			const moved = id === 'mixer.panCentre' ? editPan(store, target, 'set', 0) : editPan(store, target, 'nudge', id === 'mixer.panLeft' ? -0.05 : 0.05);
			if (moved) warnIfRead(store, address(target, 'pan'), t.name);
			return;
		}
		case 'global.cycleMonitor':
		case 'mixer.panFront':
		case 'mixer.panRear':
		case 'mixer.lfeUp':
		case 'mixer.lfeDown':
			runSurroundAction(id, ctx);
			return;
		case 'mixer.panType': {
			const t = trackOnly(store, 'pan');
			if (t) store.update({ prompt: { kind: 'pan', label: `Pan ${t.name} (L30, C, R100, or -1 … 1)`, value: '' } });
			return;
		}
		case 'mixer.cycleOutput': {
			const target = selectedTarget(store);
			if (target.kind === 'master') return store.say('the master has no output to route', 'error');
			const outputs = ['master', ...session.buses.map((b) => b.id).filter((b) => b !== target.id)];
			const current = target.kind === 'track' ? session.tracks.find((t) => t.id === target.id)!.output : session.buses.find((b) => b.id === target.id)!.output;
			// A bus that would make a cycle is skipped: try each next output in turn.
			for (let step = 1; step < outputs.length + 1; step++) {
				const output = outputs[(outputs.indexOf(current) + step) % outputs.length]!;
				if (output === current) break;
				try {
					const next = target.kind === 'track' ? setTrackOutput(session, target.id, output) : setBusOutput(session, target.id, output);
					store.edit(`Route ${target.name} to ${output}`, () => next);
					return;
				} catch {
					continue;
				}
			}
			return store.say(`${target.name} has nowhere else to go`, 'error');
		}
		case 'mixer.openStrip':
			return setView(ctx, 'strip');
		case 'mixer.bakeDuck':
			void bakeDuck(store);
			return;
		case 'mixer.cycleAutomation': {
			const target = selectedTarget(store);
			editAutomationMode(store, target, nextMode(modeOf(session, target)));
			return;
		}
		case 'mixer.setAllAutomation':
			editAllAutomationModes(store, modeOf(session, selectedTarget(store)));
			return;

		// Timeline.
		case 'timeline.selectPrevious':
		case 'timeline.selectNext': {
			// Rows: the tracks, the buses, then the master.
			const tracks = session.tracks.length;
			const buses = tracks + session.buses.length;
			if (buses === 0) return;
			const at = state.focus === 'master' ? buses : state.focus === 'bus' && session.buses[state.selectedBus] ? tracks + state.selectedBus : state.selected;
			const i = Math.max(0, Math.min(buses, at + (id === 'timeline.selectNext' ? 1 : -1)));
			if (i === buses) return store.update({ focus: 'master', selectedClip: undefined });
			if (i >= tracks) return store.update({ focus: 'bus', selectedBus: i - tracks, selectedClip: undefined });
			return store.update({ focus: 'track', selected: i, selectedClip: undefined });
		}
		case 'timeline.previousClip':
		case 'timeline.nextClip':
			return stepClip(ctx, id === 'timeline.nextClip' ? 1 : -1);
		case 'timeline.zoomIn':
		case 'timeline.zoomOut': {
			const factor = id === 'timeline.zoomIn' ? 0.5 : 2;
			const minZoom = frameDuration(session.frameRate) / 4;
			const zoom = Math.max(minZoom, Math.min(600, state.zoom * factor));
			// Keep the playhead where it is on screen.
			const at = store.position();
			const scroll = Math.max(0, at - ((at - state.scroll) * zoom) / state.zoom);
			store.update({ zoom, scroll });
			return store.say(`zoom: ${zoomText(zoom)} per column`);
		}
		case 'timeline.scrollLeft':
		case 'timeline.scrollRight': {
			const step = (Math.max(8, ctx.laneColumns) / 2) * state.zoom;
			return store.update({ scroll: Math.max(0, state.scroll + (id === 'timeline.scrollRight' ? step : -step)) });
		}
		case 'timeline.toggleAutomation':
			return store.update({ showAutomation: !state.showAutomation });
		case 'timeline.nextLane':
		case 'timeline.addPoint':
		case 'timeline.removePoint':
		case 'timeline.previousPoint':
		case 'timeline.nextPoint':
		case 'timeline.pointEarlier':
		case 'timeline.pointLater':
		case 'timeline.pointUp':
		case 'timeline.pointDown':
		case 'timeline.pointUpCoarse':
		case 'timeline.pointDownCoarse':
		case 'timeline.typeValue':
		case 'timeline.markRange':
			return runLaneAction(id.slice('timeline.'.length) as TimelineAction, ctx);
	}
}

/** "0.5 s", "1 frame", "¼ frame" style zoom text. */
export function zoomText(zoom: number): string {
	return zoom >= 1 ? `${+zoom.toFixed(2)} s` : `${Math.round(zoom * 1000)} ms`;
}

function stepClip(ctx: ActionContext, dir: 1 | -1): void {
	const { store } = ctx;
	const { session, file, selected, selectedClip, focus } = store.getState();
	if (focus !== 'track') return store.say(noClipsHere(focus), 'error');
	const blocks = trackBlocks(session, file, selected, ctx.media);
	if (blocks.length === 0) return store.say('no clips on this track');
	let i = blocks.findIndex((b) => b.clip === selectedClip);
	if (i < 0) {
		// Nothing selected yet: start from the playhead.
		const now = store.position();
		i = dir > 0 ? blocks.findIndex((b) => b.end > now) : blocks.findLastIndex((b) => b.start < now);
		if (i < 0) i = dir > 0 ? blocks.length - 1 : 0;
	} else i = Math.max(0, Math.min(blocks.length - 1, i + dir));
	const block = blocks[i]!;
	store.update({ selectedClip: block.clip });
	// Bring the clip on screen.
	const { scroll, zoom } = store.getState();
	const width = Math.max(8, ctx.laneColumns) * zoom;
	if (block.start < scroll || block.start > scroll + width) store.update({ scroll: Math.max(0, block.start - width / 8) });
	// With the subframe when off a frame, as a nudge reports it.
	store.say(`clip ${block.name} at ${positionText(block.start, session)}`);
}
