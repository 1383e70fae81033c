// Keys in, actions out. Modal states come first (recovery question, quit confirmation, a prompt
// being typed, the help overlay); otherwise the keymap resolves the key for the current view.
// Kept apart from React so tests drive it directly and the App only forwards decoded keys.
import { parseTimeArg, sessionTimecode } from '../../sessions/time.js';
import { UserError } from '../../sessions/errors.js';
import { resolveKey, type Keymap } from '../input/keymap.js';
import type { MediaCache } from './clip-layout.js';
import type { MixerStore } from './mixer-store.js';
import { fader, panTo, runAction, type ActionContext } from './run-action.js';
import { typedFader, typedPan } from './mix-commands.js';
import { submitClipPrompt } from './timeline-clips.js';
import { submitLoopPrompt } from './timeline-loop.js';
import { submitStripPrompt } from './strip-keys.js';
import { submitLanePrompt } from './lane-keys.js';
import { finishMarker, submitNotesPrompt } from './notes-keys.js';

/** How the mixer is left: after a save, discarding changes (and the autosave), or keeping the autosave. */
export type QuitHow = 'saved' | 'discard' | 'keep';

export interface ControllerOptions {
	store: MixerStore;
	keymap: Keymap;
	media: MediaCache;
	hasMidi?: boolean;
	/** Leave the mixer; the caller restores the terminal and closes the engine. */
	quit: (how: QuitHow) => void;
	/** Deletes the autosave (recovery declined). */
	discardAutosave?: () => Promise<void>;
}

export class Controller {
	readonly store: MixerStore;
	keymap: Keymap;
	/** Set by the views as they lay out: strips per bank, timeline lane width. */
	bankSize = 8;
	laneColumns = 60;
	/** Help overlay lines and how many fit, set by the overlay. */
	helpLines = 0;
	helpRows = 20;
	/** The MIDI page: offered each key first while the MIDI view is shown; true when it used it. */
	midiPage: { key(key: string): boolean } | undefined;
	private readonly options: ControllerOptions;

	constructor(options: ControllerOptions) {
		this.options = options;
		this.store = options.store;
		this.keymap = options.keymap;
	}

	private context(): ActionContext {
		return {
			store: this.store,
			media: this.options.media,
			bankSize: this.bankSize,
			laneColumns: this.laneColumns,
			hasMidi: this.options.hasMidi ?? false,
			quit: this.options.quit,
		};
	}

	/** Handles one decoded key ("space", "M", "ctrl+z" …). */
	key(key: string): void {
		const store = this.store;
		const state = store.getState();
		if (state.recovery) return this.recoveryKey(key);
		if (state.confirmQuit) return this.confirmKey(key);
		if (key === 'ctrl+c') {
			// A marker being named is added first: the time was taken at the key press.
			if (state.prompt && isMarkerDialog(state.prompt.kind)) finishMarker(store, state.prompt, 'quit');
			return runAction('global.quit', this.context());
		}
		if (state.prompt) return this.promptKey(key);
		if (state.view === 'midi' && !state.help && this.midiPage?.key(key)) return;
		const action = resolveKey(this.keymap, state.view, key);
		if (state.help) {
			if (action === 'global.quit' || action === 'global.help' || key === 'escape' || key === 'enter') return store.update({ help: false });
			// A scrolling help shows a row fewer than the screen's: the last is the "lines … of …" footer.
			const max = Math.max(0, this.helpLines - (this.helpRows - 1));
			const step = key === 'pagedown' || key === 'space' ? this.helpRows - 1 : key === 'pageup' ? 1 - this.helpRows : key === 'down' || key === 'j' ? 1 : key === 'up' || key === 'k' ? -1 : 0;
			// From where the help is drawn: a resize (more columns, fewer lines) may have left the scroll past the end.
			if (step !== 0) store.update({ helpScroll: Math.max(0, Math.min(max, Math.min(max, state.helpScroll) + step)) });
			return;
		}
		if (state.view === 'midi' && !action) return;
		if (!action) {
			if (key !== '' && key !== 'escape') store.say(`${key}: not bound here (? shows the keys)`);
			return;
		}
		runAction(action, this.context());
		// A prompt shows an error beside it (the refusal of a typed value): not one from before it opened.
		const now = store.getState();
		if (!state.prompt && now.prompt && now.status?.kind === 'error' && now.status === state.status) store.update({ status: undefined });
	}

	private recoveryKey(key: string): void {
		const store = this.store;
		const offer = store.getState().recovery!;
		if (key === 'r' || key === 'y') {
			store.update({ recovery: undefined });
			store.edit('Recover autosave', () => offer.session);
			store.say(`recovered the autosave of ${offer.modified.toLocaleString()}; save to keep it (undo goes back to the file)`);
		} else if (key === 'd' || key === 'n') {
			store.update({ recovery: undefined });
			void this.options.discardAutosave?.().then(
				() => store.say('autosave discarded; this is the session as saved'),
				(error: Error) => store.say(error.message, 'error'),
			);
		} else if (key === 'ctrl+c') {
			this.options.quit('keep');
		}
	}

	private confirmKey(key: string): void {
		const store = this.store;
		if (key === 's' || key === 'y' || key === 'w') {
			store.update({ confirmQuit: false });
			void store.save().then((ok) => ok && this.options.quit('saved'));
		} else if (key === 'd' || key === 'n') {
			this.options.quit('discard');
		} else if (key === 'ctrl+c') {
			// A second Ctrl-C leaves at once; the autosave keeps the changes for next time.
			this.options.quit('keep');
		} else if (key === 'c' || key === 'escape' || key === 'q') {
			store.update({ confirmQuit: false });
			store.say('still mixing');
		}
	}

	private promptKey(key: string): void {
		const store = this.store;
		const prompt = store.getState().prompt!;
		if (key === 'escape' || key === 'ctrl+g') {
			// Esc keeps a new marker (with its default name, or without the note).
			if (isMarkerDialog(prompt.kind)) return finishMarker(store, prompt, 'escape');
			store.update({ prompt: undefined });
			return store.say('cancelled');
		}
		if (key === 'enter') return this.submit();
		if (key === 'backspace') return store.update({ prompt: { ...prompt, value: prompt.value.slice(0, -1) } });
		if (key === 'ctrl+u') return store.update({ prompt: { ...prompt, value: '' } });
		const ch = key === 'space' ? ' ' : [...key].length === 1 ? key : '';
		if (ch && prompt.value.length < 200) store.update({ prompt: { ...prompt, value: prompt.value + ch } });
	}

	/** Applies the prompt's value; a bad value is reported and the prompt stays open to fix it. */
	submit(): void {
		const store = this.store;
		const { prompt, session } = store.getState();
		if (!prompt) return;
		const value = prompt.value.trim();
		// What is said from here on is about this value (the status line shows it beside the prompt).
		if (store.getState().status?.kind === 'error') store.update({ status: undefined });
		switch (prompt.kind) {
			case 'fader': {
				const db = typedFader(value);
				if (typeof db === 'string') return store.say(db, 'error');
				store.update({ prompt: undefined });
				return fader(store, 'set', db);
			}
			case 'pan': {
				const pan = typedPan(value);
				if (typeof pan === 'string') return store.say(pan, 'error');
				store.update({ prompt: undefined });
				return panTo(store, pan);
			}
			case 'clipValue':
				return submitClipPrompt({ store, media: this.options.media }, prompt);
			case 'loopRange':
				return submitLoopPrompt(store, prompt);
			case 'locate': {
				let seconds: number;
				try {
					seconds = parseTimeArg(value, session);
				} catch (error) {
					return store.say(error instanceof UserError ? error.message : String(error), 'error');
				}
				store.update({ prompt: undefined });
				store.locate(seconds);
				return store.say(`at ${sessionTimecode(seconds, session)}`);
			}
			case 'marker':
			case 'markerNote':
				return finishMarker(store, prompt, 'enter');
			case 'markerName':
			case 'markerNoteEdit':
				return submitNotesPrompt(store, prompt);
			case 'stripValue':
			case 'stripCopy':
				return submitStripPrompt(store, prompt);
			case 'laneValue':
			case 'laneTrim':
				return submitLanePrompt(store, prompt);
			default:
				store.update({ prompt: undefined });
		}
	}
}

/** The add-marker dialog (name, then note): Esc and Ctrl-C add the marker rather than drop it. */
function isMarkerDialog(kind: string): boolean {
	return kind === 'marker' || kind === 'markerNote';
}
