// Settings remembered between runs (conf): keymap choice, MIDI ports. Files the user edits by
// hand (a keymap override) live in the same directory. DUBDESK_CONFIG_DIR moves it (tests).
import Conf from 'conf';

export interface Settings {
	/** Active keymap: default | protools | vim. */
	keymap?: string;
	midi?: {
		/** Remembered input/output port names. */
		input?: string;
		output?: string;
		/** Mapping file for a generic controller (a name under keymaps/midi/ or a path). */
		mapping?: string;
		/** Ports of a Mackie Control XT extender. */
		extenderInput?: string;
		extenderOutput?: string;
	};
}

let settings: Conf<Settings> | undefined;

/** The settings store (created on first use; never throws: a broken file is replaced by defaults). */
export function getSettings(): Conf<Settings> {
	if (!settings) {
		const cwd = process.env['DUBDESK_CONFIG_DIR'];
		try {
			settings = new Conf<Settings>({ projectName: 'dubdesk', projectSuffix: '', ...(cwd ? { cwd } : {}), clearInvalidConfig: true });
		} catch {
			settings = new Conf<Settings>({ projectName: 'dubdesk', projectSuffix: '', configName: 'config-recovered', ...(cwd ? { cwd } : {}) });
		}
	}
	return settings;
}

/** The directory of settings and user files (keymap.yaml, MIDI mappings). */
export function configDir(): string {
	const path = getSettings().path;
	return path.slice(0, path.lastIndexOf('/'));
}
