// Keys in, session edits and engine commands out: every change is an undo step sent to the
// engine (a parameter change, or the whole session when the graph changes); transport keys
// send transport commands.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineCommand } from '../../engine/worker/protocol.js';
import type { Session } from '../../sessions/types.js';
import { setup, type Setup } from './setup.js';
import { engineSession } from '../helpers/engine-view.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const engineHas = (sent: EngineCommand[]): Session => engineSession(sent);

describe('mixer keys (default keymap)', () => {
	it.each([
		[['m'], (s: Session) => s.tracks[0]!.mute, true, 'Mute Trk 1'],
		[['s'], (s: Session) => s.tracks[0]!.solo, true, 'Solo Trk 1'],
		[['p'], (s: Session) => s.tracks[0]!.polarity, true, 'Polarity Trk 1 inverted'],
		[['up'], (s: Session) => s.tracks[0]!.gain, 0.5, 'Fader Trk 1 +0.5 dB'],
		[['down', 'down'], (s: Session) => s.tracks[0]!.gain, -1, 'Fader Trk 1 -1.0 dB'],
		[['shift+up'], (s: Session) => s.tracks[0]!.gain, 3, 'Fader Trk 1 +3.0 dB'],
		[['_'], (s: Session) => s.tracks[0]!.gain, -3, 'Fader Trk 1 -3.0 dB'],
		[['up', '0'], (s: Session) => s.tracks[0]!.gain, 0, 'Fader Trk 1 0.0 dB'],
		[['[', '['], (s: Session) => s.tracks[0]!.pan, -0.1, 'Pan Trk 1 L10'],
		[[']', 'c'], (s: Session) => s.tracks[0]!.pan, 0, 'Pan Trk 1 C'],
		[['right', 'm'], (s: Session) => s.tracks[1]!.mute, true, 'Mute Trk 2'],
		[['o'], (s: Session) => s.tracks[0]!.output, 'MX', 'Route Trk 1 to MX'],
		[['enter', '-', '7', '.', '5', 'enter'], (s: Session) => s.tracks[0]!.gain, -7.5, 'Fader Trk 1 -7.5 dB'],
		[['f', '-', 'i', 'n', 'f', 'enter'], (s: Session) => s.tracks[0]!.gain, -Infinity, 'Fader Trk 1 -inf dB'],
	])('%j edits the session, tells the engine, and can be undone', async (keys, read, value, label) => {
		ui = setup();
		const initial = read(ui.store.getState().session);
		await ui.press(...keys);
		const { session, status } = ui.store.getState();
		expect(read(session)).toBe(value);
		expect(read(engineHas(ui.sent))).toBe(value);
		expect(status?.text).toBe(label);
		await ui.press('u');
		expect(read(ui.store.getState().session)).toBe(initial);
		await ui.press('U');
		expect(read(ui.store.getState().session)).toBe(value);
	});

	it('rides a bus fader and the master fader', async () => {
		ui = setup();
		await ui.press(...new Array<string>(16).fill('right'), 'up');
		expect(ui.store.getState().session.buses[0]!.gain).toBe(0.5);
		await ui.press('right', 'right', 'down', 'm');
		expect(ui.store.getState().session.master.gain).toBe(-0.5);
		expect(ui.store.getState().status?.text).toBe('the master has no mute');
	});

	it('holds a fader key as one undo step', async () => {
		ui = setup();
		await ui.press('up', 'up', 'up', 'up');
		expect(ui.store.getState().session.tracks[0]!.gain).toBe(2);
		await ui.press('u');
		expect(ui.store.getState().session.tracks[0]!.gain).toBe(0);
	});

	it('clears all solos', async () => {
		ui = setup();
		await ui.press('s', 'right', 's', 'S');
		expect(ui.store.getState().session.tracks.some((t) => t.solo)).toBe(false);
		expect(ui.store.getState().status?.text).toBe('Clear solos');
	});

	it('keeps a prompt open on a bad value and cancels with Esc', async () => {
		ui = setup();
		await ui.press('enter', 'x', 'enter');
		expect(ui.store.getState().status).toMatchObject({ kind: 'error' });
		expect(ui.frame()).toContain('Fader Trk 1 (dB): x');
		await ui.press('escape');
		await new Promise((r) => setTimeout(r, 50));
		expect(ui.store.getState().prompt).toBeUndefined();
		expect(ui.store.getState().session.tracks[0]!.gain).toBe(0);
	});

	it('shows why a typed value is refused beside the open prompt, and no error from before it', async () => {
		ui = setup();
		// A 5.1 key on a stereo session is refused: that error is not the prompt's.
		await ui.press('(');
		expect(ui.store.getState().status).toMatchObject({ kind: 'error' });
		await ui.press('enter');
		expect(ui.frame().split('\n').at(-1)).toBe('Fader Trk 1 (dB): _   Enter ok, Esc cancel');
		await ui.press('x', 'enter');
		const why = ui.store.getState().status!;
		expect(why.kind).toBe('error');
		const row = ui.frame().split('\n').at(-1)!;
		expect(row.startsWith('Fader Trk 1 (dB): x_   ! ')).toBe(true);
		expect(why.text.startsWith(row.slice('Fader Trk 1 (dB): x_   ! '.length).replace(/…$/, ''))).toBe(true);
		await ui.press('backspace', '-', '6', 'enter');
		expect(ui.store.getState().prompt).toBeUndefined();
		expect(ui.store.getState().session.tracks[0]!.gain).toBe(-6);
	});
});

describe('transport keys', () => {
	it('plays, stops and locates', async () => {
		ui = setup();
		ui.sent.length = 0;
		await ui.press('space');
		expect(ui.sent).toEqual([{ type: 'play' }]);
		ui.store.handleEngineEvent({ type: 'transport', playing: true, seconds: 0 });
		await ui.press('space', 'home');
		expect(ui.sent.slice(1)).toEqual([{ type: 'stop' }, { type: 'locate', seconds: 0 }]);
		ui.store.handleEngineEvent({ type: 'loaded', lengthSeconds: 42, tracks: [], buses: [], warnings: [] });
		await ui.press('end');
		expect(ui.sent.at(-1)).toEqual({ type: 'locate', seconds: 42 });
	});

	it('goes to a typed timecode at the session frame rate', async () => {
		ui = setup();
		await ui.press('g', ...'01:00:12:05', 'enter');
		expect(ui.sent.at(-1)).toEqual({ type: 'locate', seconds: 12.2 });
	});

	it('goes to the next and previous marker from the playhead', async () => {
		ui = setup();
		await ui.press('.');
		expect(ui.sent.at(-1)).toEqual({ type: 'locate', seconds: 5 });
		ui.shared.setPosition(10 * 48000, 48000);
		await ui.press('.');
		expect(ui.sent.at(-1)).toEqual({ type: 'locate', seconds: 15 });
		await ui.press(',');
		expect(ui.sent.at(-1)).toEqual({ type: 'locate', seconds: 5 });
	});

	it('adds a named marker at the playhead (to the millisecond), Enter past the note', async () => {
		ui = setup();
		ui.shared.setPosition(48000 * 7.3, 48000);
		await ui.press('M', ...'door slam', 'enter', 'enter');
		const markers = ui.store.getState().session.markers;
		expect(markers).toEqual([{ at: 5, name: 'scene 12' }, { at: 7.3, name: 'door slam' }, { at: 15, name: 'music in' }]);
		// Markers are the UI's: the engine is not disturbed for them.
		expect(ui.sent.filter((c) => c.type === 'load' || c.type === 'param')).toHaveLength(1);
	});

	it('switches the loop on and off', async () => {
		ui = setup({ yaml: `${(await import('./setup.js')).sessionYaml(4)}loop: { from: 2, to: 6 }\n` });
		await ui.press('l');
		expect(ui.sent.at(-1)).toEqual({ type: 'loop', range: null });
		await ui.press('l');
		expect(ui.sent.at(-1)).toEqual({ type: 'loop', range: { from: 2, to: 6 } });
		expect(ui.frame()).toContain('loop ON  01:00:02:00-01:00:06:00');
	});
});

describe('document keys', () => {
	it('saves with one key', async () => {
		ui = setup();
		await ui.press('m', 'w');
		await new Promise((r) => setTimeout(r, 20));
		expect(ui.saved).toHaveLength(1);
		expect(ui.saved[0]!.tracks[0]!.mute).toBe(true);
		expect(ui.store.getState().dirty).toBe(false);
	});

	it('quits at once when clean', async () => {
		ui = setup();
		await ui.press('q');
		expect(ui.quits).toEqual(['keep']);
	});

	it('asks before quitting with unsaved changes', async () => {
		ui = setup();
		await ui.press('m', 'q');
		expect(ui.quits).toEqual([]);
		expect(ui.frame()).toContain('Unsaved changes');
		expect(ui.frame()).toContain('s: save and quit');
		await ui.press('c');
		expect(ui.frame()).not.toContain('Unsaved changes');
		await ui.press('q', 's');
		await new Promise((r) => setTimeout(r, 20));
		expect(ui.saved).toHaveLength(1);
		expect(ui.quits).toEqual(['saved']);
	});

	it('quits without saving when told to, and Ctrl-C twice leaves keeping the autosave', async () => {
		ui = setup();
		await ui.press('m', 'q', 'd');
		expect(ui.quits).toEqual(['discard']);
		ui.unmount();
		ui = setup();
		await ui.press('m', 'ctrl+c', 'ctrl+c');
		expect(ui.quits).toEqual(['keep']);
		expect(ui.saved).toHaveLength(0);
	});

	it('offers a newer autosave: recover makes it an undoable step', async () => {
		ui = setup();
		const recovered = { ...ui.store.getState().session, name: 'Recovered' };
		ui.store.update({ recovery: { path: '/tmp/ui-test/.reel.yaml.autosave', modified: new Date(0), session: recovered } });
		await ui.press('space');
		expect(ui.frame()).toContain('An autosave is newer than the session file');
		expect(ui.sent.at(-1)?.type).not.toBe('play');
		await ui.press('r');
		expect(ui.store.getState().session.name).toBe('Recovered');
		expect(ui.store.getState().dirty).toBe(true);
		// A recovered document the engine plays the same (only the name differs) needs no reload.
		expect(engineHas(ui.sent).tracks).toEqual(ui.store.getState().session.tracks);
		await ui.press('u');
		expect(ui.store.getState().session.name).toBe('Reel 1');
	});

	it('discards an autosave when asked', async () => {
		ui = setup();
		ui.store.update({ recovery: { path: '/x', modified: new Date(0), session: ui.store.getState().session } });
		await ui.press('d');
		expect(ui.discarded).toEqual([1]);
		expect(ui.store.getState().recovery).toBeUndefined();
	});

	it('says when a key is not bound, and never sends anything for it', async () => {
		ui = setup();
		const before = ui.sent.length;
		await ui.press('Z');
		expect(ui.sent.length).toBe(before);
		expect(ui.frame()).toContain('Z: not bound here');
	});
});

describe('other keymaps', () => {
	it('vim: hjkl select and ride faders, i types a level', async () => {
		ui = setup({ keymap: 'vim' });
		await ui.press('l', 'k', 'k', 'K');
		expect(ui.store.getState().session.tracks[1]!.gain).toBe(4);
		await ui.press('h', 'i', ...'-12', 'enter');
		expect(ui.store.getState().session.tracks[0]!.gain).toBe(-12);
		await ui.press('M', 'u');
		expect(ui.store.getState().session.tracks[0]!.mute).toBe(false);
	});

	it('protools: Return goes to the start, = switches to the edit window', async () => {
		ui = setup({ keymap: 'protools' });
		await ui.press('enter');
		expect(ui.sent.at(-1)).toEqual({ type: 'locate', seconds: 0 });
		await ui.press('=');
		expect(ui.store.getState().view).toBe('timeline');
	});
});

describe('MIDI view', () => {
	it('offers keys to the MIDI page first and keeps global keys for the rest', async () => {
		ui = setup({ hasMidi: true });
		const seen: string[] = [];
		ui.controller.midiPage = { key: (k) => (seen.push(k), k === 'up' || k === 'enter') };
		await ui.press('3');
		expect(ui.store.getState().view).toBe('midi');
		ui.sent.length = 0;
		await ui.press('up', 'enter', 'space');
		expect(seen).toEqual(['up', 'enter', 'space']);
		expect(ui.sent).toEqual([{ type: 'play' }]);
		await ui.press('1');
		expect(ui.store.getState().view).toBe('mixer');
	});
});
