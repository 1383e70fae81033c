// The MIDI choices remembered between runs, in the settings store (conf, key `midi`).
import { join } from 'node:path';
import { configDir, getSettings, type Settings } from '../config.js';

/** Remembered port and mapping choices; undefined means "pick automatically". */
export type MidiPrefs = NonNullable<Settings['midi']>;

export interface MidiPrefsStore {
	get(): MidiPrefs;
	set(prefs: MidiPrefs): void;
}

/** Prefs kept in dubdesk's settings file. Failures to write are ignored (a read-only home is not fatal). */
export function confPrefs(): MidiPrefsStore {
	return {
		get: () => ({ ...(getSettings().get('midi') as MidiPrefs | undefined) }),
		set: (prefs) => {
			const clean = Object.fromEntries(Object.entries(prefs).filter(([, v]) => v !== undefined)) as MidiPrefs;
			try {
				getSettings().set('midi', clean);
			} catch {
				// Not remembered; the choice still applies to this run.
			}
		},
	};
}

/** Prefs in memory (tests, and when the settings file cannot be used). */
export function memoryPrefs(initial: MidiPrefs = {}): MidiPrefsStore & { value: MidiPrefs } {
	const store = {
		value: { ...initial },
		get: () => ({ ...store.value }),
		set: (p: MidiPrefs) => void (store.value = { ...p }),
	};
	return store;
}

/** Where learn mode saves mappings: <configDir>/midi. */
export function userMappingDir(): string {
	return join(configDir(), 'midi');
}
