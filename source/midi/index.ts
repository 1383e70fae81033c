// The MIDI layer's entry point for the app: startMidi(store, options) once the store exists,
// close() on quit, and the MIDI page renders getStatus() and drives the learn API.
import type { Writable } from 'node:stream';
import type { MixerStore } from '../app/mixer-store.js';
import type { MidiController } from './api.js';
import { Controller } from './controller.js';
import { shippedMappingDir } from './mapping.js';
import { confPrefs, type MidiPrefsStore, userMappingDir } from './midi-settings.js';
import { loadNativeBackend } from './native-backend.js';
import type { MidiBackend } from './types.js';

export type { MidiController, MidiLearn, MidiStatus } from './api.js';
export type { LearnState, LearnTarget } from './learn.js';
export type { StripRef } from './mapping.js';
export { MIDI_ACTIONS, actionHelp, isStripAction, type MidiActionName } from './actions.js';
export type { MidiBackend, MidiInput, MidiOutput } from './types.js';
export { MidiPage, MIDI_PAGE_KEYS } from './midi-page.js';
export { VirtualMidi } from './virtual-backend.js';

export interface StartMidiOptions {
	/** --midi-in: an input port name (exact, without ALSA's client numbers, or a part of it). Remembered. */
	input?: string;
	/** --midi-out. Remembered. */
	output?: string;
	/** Where MIDI chatter goes (the native log); never the terminal. */
	log?: Writable;
	/** Ports from elsewhere (tests: VirtualMidi); default: @julusian/midi when it can start. */
	backend?: MidiBackend;
	/** Remembered choices (default: dubdesk's settings file). */
	prefs?: MidiPrefsStore;
	/** Mapping folders (default: keymaps/midi and <configDir>/midi). */
	dirs?: { shipped: string; user: string };
	now?: () => number;
	/** Least time between applied edits of one moving fader (default 20 ms). */
	editIntervalMs?: number;
}

/**
 * Starts MIDI for the mixer: never throws and never prints. With no MIDI subsystem it says once
 * on the status line why, and the returned controller reports `available: false`.
 */
export function startMidi(store: MixerStore, options: StartMidiOptions = {}): MidiController {
	const prefs = options.prefs ?? confPrefs();
	if (options.input !== undefined || options.output !== undefined) {
		const current = prefs.get();
		// Another device: the remembered output and mapping were for the old one.
		const changed = options.input !== undefined && options.input !== current.input;
		prefs.set({
			...current,
			...(options.input !== undefined ? { input: options.input } : {}),
			...(changed ? { output: undefined, mapping: undefined } : {}),
			...(options.output !== undefined ? { output: options.output } : {}),
		});
	}
	let backend = options.backend;
	let reason: string | undefined;
	if (!backend) ({ backend, reason } = loadNativeBackend());
	let dirs = options.dirs;
	if (!dirs) {
		try {
			dirs = { shipped: shippedMappingDir(), user: userMappingDir() };
		} catch (error) {
			// A broken installation; without a MIDI subsystem that reason comes first.
			if (backend) reason = (error as Error).message;
			backend?.close();
			backend = undefined;
			dirs = { shipped: '', user: '' };
		}
	}
	return new Controller(store, { backend, reason, prefs, dirs, log: options.log, now: options.now, editIntervalMs: options.editIntervalMs });
}
