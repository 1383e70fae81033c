// The review pass in the mixer: a marker added during playback takes the playhead at the key
// press and never stops the transport, whatever is typed; the notes view lists every marker
// (80×24, scrolling), goes to one (a locate), edits its name and note, moves it to the playhead
// and deletes it, each one undo step and each written to the journal.
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../sessions/types.js';
import type { Autosave } from '../../sessions/autosave.js';
import { parseSession } from '../../sessions/load.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import type { EngineCommand } from '../../engine/worker/protocol.js';
import { Controller } from '../../source/app/controller.js';
import { MediaCache } from '../../source/app/clip-layout.js';
import { MixerStore } from '../../source/app/mixer-store.js';
import { loadKeymap } from '../../source/input/keymap.js';
import { SESSION_FILE, fitsIn, sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

/** A session with `n` markers a second apart from 1 s, every third with a note. */
function manyMarkers(n: number): string {
	const lines = ['dubdesk: 1', 'name: Notes', 'frameRate: 25', 'start: "01:00:00:00"', 'markers:'];
	for (let i = 0; i < n; i++) lines.push(`  - { at: ${i + 1}, name: "cue ${i + 1}"${i % 3 === 0 ? `, note: "note number ${i + 1} about the mix here"` : ''} }`);
	return lines.join('\n') + '\n';
}

function playing(u: Setup, seconds: number): void {
	u.shared.setPosition(48000 * seconds, 48000);
	u.shared.setPlaying(true);
	u.shared.publish();
	u.store.handleEngineEvent({ type: 'transport', playing: true, seconds });
}

describe('the notes view', () => {
	it('lists every marker with timecode, name and note at 80×24 and scrolls with the selection', async () => {
		ui = setup({ yaml: manyMarkers(40) });
		await ui.press('4');
		let frame = ui.frame();
		expect(fitsIn(frame, 80, 24)).toBe(true);
		const lines = frame.split('\n');
		expect(lines[2]).toMatch(/#\s+timecode\s+name\s+note\s+40 notes$/);
		expect(lines[3]).toMatch(/^>\s+1 01:00:01:00 cue 1\s+note number 1 about the mix here$/);
		expect(lines[4]).toMatch(/^\s+2 01:00:02:00 cue 2\s*$/);
		// The selected note in full at the foot, then the view's keys.
		expect(frame).toContain('cue 1: note number 1 about the mix here');
		expect(frame).toMatch(/Enter go to {2}e name {2}n note {2}t to playhead {2}d delete/);
		for (let i = 0; i < 30; i++) await ui.press('down');
		frame = ui.frame();
		expect(fitsIn(frame, 80, 24)).toBe(true);
		expect(frame).toMatch(/^>\s+31 01:00:31:00 cue 31/m);
		expect(frame).not.toMatch(/ 1 01:00:01:00/);
		await ui.press('pagedown', 'pagedown', 'pagedown');
		expect(ui.frame()).toMatch(/^>\s+40 01:00:40:00 cue 40\s+note number 40/m);
		expect(ui.store.getState().noteSelected).toBe(39);
	});

	it('marks the note the playhead is in and goes to the selected one with a locate, playback carrying on', async () => {
		ui = setup({ yaml: manyMarkers(5) });
		await ui.press('4');
		playing(ui, 3.5);
		await ui.tick();
		await ui.tick();
		expect(ui.frame()).toMatch(/^ \*\s*3 01:00:03:00 cue 3/m);
		await ui.press('down', 'down', 'down', 'enter');
		expect(ui.sent.at(-1)).toEqual({ type: 'locate', seconds: 4 });
		expect(ui.sent.some((c) => c.type === 'stop')).toBe(false);
		expect(ui.frame()).toContain('at 01:00:04:00: cue 4');
	});

	it('says how to add notes when there are none, and fits a small terminal', async () => {
		ui = setup({ yaml: 'dubdesk: 1\n', columns: 40, rows: 8 });
		await ui.press('4');
		expect(fitsIn(ui.frame(), 40, 8)).toBe(true);
		expect(ui.frame()).toContain('0 notes');
		expect(ui.frame()).toContain('No notes yet');
		await ui.press('e');
		expect(ui.frame()).toContain('no notes yet: add a marker first');
	});
});

describe('adding a note during playback', () => {
	it('takes the time at the key press and keeps playing while a name and a note are typed', async () => {
		ui = setup();
		playing(ui, 7.3);
		await ui.press('M');
		// Time passes while typing: the marker stays where the key was pressed.
		ui.shared.setPosition(48000 * 9.9, 48000);
		ui.shared.publish();
		// Keys that would stop, quit, mute, switch views or undo are text here.
		await ui.press(...'q m1', 'space', ...'u?', 'enter');
		expect(ui.store.getState().prompt?.kind).toBe('markerNote');
		await ui.press(...'Space stops; w saves', 'enter');
		const s = ui.store.getState();
		expect(s.session.markers[1]).toEqual({ at: 7.3, name: 'q m1 u?', note: 'Space stops; w saves' });
		expect(s.view).toBe('mixer');
		expect(s.session.tracks[0]!.mute).toBe(false);
		expect(ui.quits).toEqual([]);
		expect(ui.saved).toEqual([]);
		expect(ui.sent.some((c) => c.type === 'stop' || c.type === 'play')).toBe(false);
		// One undo step for the whole dialog.
		await ui.press('u');
		expect(ui.store.getState().session.markers).toHaveLength(2);
	});

	it('keeps the marker on Esc: the default name at the name, no note at the note', async () => {
		ui = setup();
		playing(ui, 7.3);
		await ui.press('M', ...'abc', 'escape');
		expect(ui.store.getState().session.markers[1]).toEqual({ at: 7.3, name: 'Marker 3' });
		ui.shared.setPosition(48000 * 8.25, 48000);
		ui.shared.publish();
		await ui.press('M', ...'door', 'enter', ...'too loud', 'escape');
		expect(ui.store.getState().session.markers[2]).toEqual({ at: 8.25, name: 'door' });
		expect(ui.store.getState().prompt).toBeUndefined();
	});

	it('adds a marker being typed before Ctrl-C asks to quit', async () => {
		ui = setup();
		await ui.press('M', ...'late', 'ctrl+c');
		expect(ui.store.getState().session.markers.map((m) => m.name)).toEqual(['late', 'scene 12', 'music in']);
		expect(ui.store.getState().confirmQuit).toBe(true);
	});
});

/** A store with an autosave that records what it is given, driven through the controller. */
function storeWithJournal() {
	const session = parseSession(sessionYaml(2), SESSION_FILE);
	const shared = SharedState.create();
	const journal: Session[] = [];
	const sent: EngineCommand[] = [];
	const autosave: Autosave = { path: '/tmp/ui-test/.reel.yaml.journal', schedule: (s) => void journal.push(s), flush: async () => {}, discard: async () => {}, dispose: async () => {} };
	const store = new MixerStore({ session, file: SESSION_FILE, send: (c) => sent.push(c), shared, autosave });
	const media = new MediaCache(async () => {
		throw new Error('no media');
	});
	const controller = new Controller({ store, keymap: loadKeymap().keymap, media, quit: () => {} });
	const keys = (...k: string[]) => k.forEach((key) => controller.key(key));
	return { store, shared, journal, keys };
}

describe('notes view edits', () => {
	it('renames, annotates, moves and deletes, each one undo step, each journaled', () => {
		const { store, shared, journal, keys } = storeWithJournal();
		const markers = () => store.getState().session.markers;
		const versions = [markers()];
		keys('4', 'down', 'e', 'ctrl+u', ...'music up', 'enter');
		expect(markers()[1]).toEqual({ at: 15, name: 'music up' });
		versions.push(markers());
		keys('n', ...'starts 2 frames late', 'enter');
		expect(markers()[1]).toEqual({ at: 15, name: 'music up', note: 'starts 2 frames late' });
		versions.push(markers());
		shared.setPosition(48000 * 2.5, 48000);
		shared.publish();
		keys('t');
		expect(markers()).toEqual([{ at: 2.5, name: 'music up', note: 'starts 2 frames late' }, { at: 5, name: 'scene 12' }]);
		// The selection follows the moved note.
		expect(store.getState().noteSelected).toBe(0);
		versions.push(markers());
		keys('down', 'd');
		expect(markers()).toEqual([{ at: 2.5, name: 'music up', note: 'starts 2 frames late' }]);
		versions.push(markers());
		// Every edit reached the journal as it was made.
		expect(journal.map((s) => s.markers)).toEqual(versions.slice(1));
		// Undo walks back one edit at a time; redo forward again.
		for (let i = versions.length - 2; i >= 0; i--) {
			keys('u');
			expect(markers()).toEqual(versions[i]);
		}
		keys('u');
		expect(store.getState().status?.text).toBe('nothing to undo');
		keys('U', 'U');
		expect(markers()).toEqual(versions[2]);
	});

	it('edits the note with the text there, clears it with an empty one, and cancels on Esc', () => {
		const { store, keys } = storeWithJournal();
		keys('4', 'n', ...'hot', 'enter');
		expect(store.getState().session.markers[0]!.note).toBe('hot');
		keys('n');
		expect(store.getState().prompt?.value).toBe('hot');
		keys(...'ter', 'enter');
		expect(store.getState().session.markers[0]!.note).toBe('hotter');
		keys('n', 'ctrl+u', 'enter');
		expect(store.getState().session.markers[0]).toEqual({ at: 5, name: 'scene 12' });
		keys('e', ...'xyz', 'escape');
		expect(store.getState().session.markers[0]!.name).toBe('scene 12');
	});

	it('does not write over a marker that changed under the prompt', () => {
		const { store, keys } = storeWithJournal();
		keys('4', 'e');
		// An undo-like change of the document while the name is being typed.
		store.edit('elsewhere', (s) => ({ ...s, markers: s.markers.map((m) => ({ ...m })) }));
		keys(...'new', 'enter');
		expect(store.getState().session.markers.map((m) => m.name)).toEqual(['scene 12', 'music in']);
		expect(store.getState().status?.text).toContain('changed meanwhile');
	});
});
