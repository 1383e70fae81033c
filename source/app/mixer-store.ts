// The mixer's state on the main thread, shared by the keyboard, the MIDI surfaces and the views.
// Every change to the mix goes through here: it becomes a step in the session's undo history,
// goes to the engine (which applies parameter changes live and rebuilds the graph otherwise),
// and is autosaved. Views subscribe (useSyncExternalStore); per-frame values (meters, playhead)
// are not state here: views read them from the engine's shared memory on their own tick.
import { Touches, type TouchStyle } from './touches.js';
import type { Session } from '../../sessions/types.js';
import { canRedo, canUndo, isDirty, markSaved, record, redo, redoLabel, undo, undoLabel, type History } from '../../sessions/history.js';
import { saveSession } from '../../sessions/save.js';
import { applyPass, passLabel, type PassLane } from '../../sessions/edit-pass.js';
import type { SessionFileWatch } from '../../sessions/lock.js';
import { UserError } from '../../sessions/errors.js';
import type { Autosave } from '../../sessions/autosave.js';
import type { EngineEvent, SendCommand } from '../../engine/worker/protocol.js';
import type { MonitorMode } from '../../engine/worker/monitor.js';
import type { SharedState } from '../../engine/worker/shared-state.js';
import { addressKey, getParam, type ParamAddress } from '../../sessions/params.js';
import { timeToSeconds } from '../../sessions/time.js';
import { defaultTakeFile, takeText } from './transport-lines.js';
import { initialState, type MixerState, type SaveConflictAnswer, type StatusMessage } from './mixer-state.js';

export type { MixerState, Prompt, RecoveryOffer, SaveConflict, SaveConflictAnswer, StatusMessage, StripFocus, ViewName } from './mixer-state.js';

export interface MixerStoreOptions {
	session: Session;
	file: string;
	send: SendCommand;
	shared?: SharedState;
	autosave?: Autosave;
	/** Writes the session (default: saveSession, atomic). */
	save?: (file: string, session: Session) => Promise<void>;
	/** The session file as last loaded or saved: saving over an outside change asks first. */
	disk?: Pick<SessionFileWatch, 'changed' | 'saved'>;
	now?: () => number;
	/** Live print: the take file (default NAME-take.wav beside the session), armed at once when `armed`. */
	record?: { file: string; armed: boolean };
}

export { KEY_TOUCH_IDLE_MS } from './touches.js';

export interface EditOptions {
	/** Consecutive edits with the same key within a second are one undo step (a held fader key). */
	coalesce?: string;
	/**
	 * The one parameter this edit changes: it reaches the engine as a live change (no session
	 * reload) and coalesces with every other edit of that control, from any key or surface.
	 */
	param?: ParamAddress;
}

export class MixerStore {
	private state: MixerState;
	private readonly listeners = new Set<() => void>();
	private readonly send: SendCommand;
	/** Controls touched during a pass by sources without a touch sensor. */
	private readonly touches: Touches;
	private readonly now: () => number;
	private readonly save_: (file: string, session: Session) => Promise<void>;

	constructor(private readonly options: MixerStoreOptions) {
		this.send = options.send;
		this.touches = new Touches(options.send);
		this.now = options.now ?? Date.now;
		this.save_ = options.save ?? saveSession;
		this.state = initialState(options.session, options.file, options.record?.file ?? defaultTakeFile(options.file));
		this.send({ type: 'load', session: options.session, sessionFile: options.file });
		this.sendLoop();
		if (options.record?.armed) this.armRecord(true);
	}

	readonly getState = (): MixerState => this.state;

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	private attached: SharedState | undefined;

	/** Shared engine state (meters, playhead), when an engine is attached. */
	get shared(): SharedState | undefined {
		return this.attached ?? this.options.shared;
	}

	/** Attaches an engine's shared state after construction (the app starts the engine after its first frame). */
	attachShared(shared: SharedState): void {
		this.attached = shared;
		// A new state object, so subscribed views re-render and start reading the meters.
		this.update({});
	}

	/** Merges a patch of UI state (selection, view, prompt …) and notifies. */
	update(patch: Partial<MixerState>): void {
		this.state = { ...this.state, ...patch };
		for (const l of this.listeners) l();
	}

	/** Shows a message on the status line. */
	say(text: string, kind: StatusMessage['kind'] = 'info'): void {
		this.update({ status: { text, kind, at: this.now() } });
	}

	/**
	 * Applies a pure edit to the session: one undo step labelled `label`, sent to the engine,
	 * autosaved. A failing edit (e.g. an impossible routing) is reported, never thrown.
	 */
	edit(label: string, fn: (session: Session) => Session, options: EditOptions = {}): boolean {
		let next: Session;
		try {
			next = fn(this.state.session);
		} catch (error) {
			this.say(error instanceof Error ? error.message : String(error), 'error');
			return false;
		}
		if (next === this.state.session) return false;
		const coalesce = options.param ? addressKey(options.param) : options.coalesce;
		const history = record(this.state.history, next, label, { coalesce, now: this.now() });
		this.commit(history, label, options.param);
		return true;
	}

	/** A parameter edit (sessions/params.ts): one undo step per control, a live change in the engine. */
	editParam(label: string, address: ParamAddress, fn: (session: Session) => Session): boolean {
		const changed = this.edit(label, fn, { param: address });
		if (changed && this.state.playing) this.touches.edited(address);
		return changed;
	}

	/** How the edits inside `fn` touch their controls (source/app/touches.ts). */
	withTouch<T>(style: TouchStyle, fn: () => T): T {
		return this.touches.within(style, fn);
	}

	/** The fill actions of a pass ('end': write to end; 'punch': fill back to the punch-in). */
	fill(to: 'end' | 'punch'): void {
		this.send({ type: 'fill', to });
	}

	/** A surface let go of a control (its touch sensor): a touch-mode pass glides back to the lane. */
	releaseTouch(address: ParamAddress): void {
		if (this.state.playing) this.touches.release(address);
	}

	undo(): void {
		if (!canUndo(this.state.history)) return this.say('nothing to undo');
		const label = undoLabel(this.state.history);
		this.commit(undo(this.state.history), `undo: ${label}`);
	}

	redo(): void {
		if (!canRedo(this.state.history)) return this.say('nothing to redo');
		const label = redoLabel(this.state.history);
		this.commit(redo(this.state.history), `redo: ${label}`);
	}

	/**
	 * Tells the engine about a new document: a parameter edit as the one live change it is (a
	 * fader move, possibly 100 a second from a surface), anything else as the whole session,
	 * which the engine applies live when only parameters differ (undo of a fader move) and by
	 * swapping its graph otherwise.
	 */
	private sendSession(previous: Session, session: Session, param: ParamAddress | undefined): void {
		// Markers, the name and the loop range are the UI's (the loop has its own command): edits
		// share every untouched part, so reference checks tell when nothing the engine plays changed.
		const same = (k: keyof Session) => previous[k] === session[k];
		if (same('tracks') && same('buses') && same('master') && same('sampleRate') && same('frameRate') && same('start')) return;
		const value = param ? getParam(session, param) : undefined;
		if (param && value !== undefined) this.send({ type: 'param', target: param.target, id: param.id, param: param.param, value });
		else this.send({ type: 'load', session, sessionFile: this.state.file });
	}

	private commit(history: History<Session>, message: string, param?: ParamAddress): void {
		const previous = this.state.session;
		const session = history.present.doc;
		const loopChanged = session.loop !== this.state.session.loop;
		const tracks = session.tracks.length;
		this.state = {
			...this.state,
			history,
			session,
			dirty: isDirty(history),
			selected: Math.max(0, Math.min(this.state.selected, tracks - 1)),
			selectedBus: Math.max(0, Math.min(this.state.selectedBus, session.buses.length - 1)),
			status: { text: message, kind: 'info', at: this.now() },
		};
		this.sendSession(previous, session, param);
		if (loopChanged) this.sendLoop();
		this.options.autosave?.schedule(session);
		for (const l of this.listeners) l();
	}

	private answerConflict: ((answer: SaveConflictAnswer) => void) | undefined;

	/** The history when the transport last started: an automation pass collapses onto it. */
	private passBase: History<Session> | undefined;

	/** The lanes an automation pass wrote become part of the document, as one undo step. */
	private takePass(lanes: readonly PassLane[]): void {
		const base = this.passBase ?? this.state.history;
		this.passBase = undefined;
		const session = applyPass(this.state.session, lanes);
		const label = passLabel(session, lanes);
		this.commit(record(base, session, label, { now: this.now() }), label);
	}

	/**
	 * Saves to the session file (atomic); the journal is then discarded. When someone else has
	 * changed the file since it was loaded or last saved, asks first (saveConflict): overwrite it,
	 * keep this mix as NAME.mine.yaml beside it (the file stays as changed), or cancel. Resolves
	 * true when the mix was written (to either file).
	 */
	async save(): Promise<boolean> {
		if (this.state.saveConflict) return false;
		const { file } = this.state;
		const modified = await this.options.disk?.changed().catch(() => undefined);
		let target = file;
		if (modified) {
			const minePath = `${file.replace(/\.ya?ml$/i, '')}.mine.yaml`;
			const answer = await new Promise<SaveConflictAnswer>((resolve) => {
				this.answerConflict = resolve;
				this.update({ saveConflict: { modified, minePath }, confirmQuit: false, help: false });
			});
			this.answerConflict = undefined;
			this.update({ saveConflict: undefined });
			if (answer === 'cancel') {
				this.say('not saved: the session file on disk is as the other program left it');
				return false;
			}
			if (answer === 'mine') target = minePath;
		}
		// The document at the time of writing (a surface may have moved a fader during the question).
		const { session } = this.state;
		try {
			await this.save_(target, session);
		} catch (error) {
			this.say(error instanceof UserError ? error.message : `save failed: ${(error as Error).message}`, 'error');
			return false;
		}
		if (target === file) await this.options.disk?.saved().catch(() => undefined);
		// An edit made while the file was being written (a surface) is not in it: still unsaved.
		const current = this.state.session === session;
		const history = current ? markSaved(this.state.history) : this.state.history;
		const text = target === file ? `saved ${file}` : `saved your mix as ${target}; ${file} keeps the outside change`;
		this.update({ history, dirty: isDirty(history), status: { text, kind: 'info', at: this.now() } });
		await this.options.autosave?.discard();
		if (!current) this.options.autosave?.schedule(this.state.session);
		return true;
	}

	/** A key while the save question is shown: o overwrite, k keep mine, c/Esc cancel. False when no question is shown. */
	saveConflictKey(key: string): boolean {
		const answer = this.answerConflict;
		if (!this.state.saveConflict || !answer) return false;
		if (key === 'o' || key === 'y') answer('overwrite');
		else if (key === 'k' || key === 'm') answer('mine');
		else if (key === 'c' || key === 'n' || key === 'escape' || key === 'q' || key === 'ctrl+c') answer('cancel');
		return true;
	}

	// Transport.

	play(): void {
		if (this.state.engineFailed) return this.say('the audio engine has stopped; save and restart dubdesk', 'error');
		this.send({ type: 'play' });
	}

	stop(): void {
		this.send({ type: 'stop' });
	}

	togglePlay(): void {
		if (this.state.playing) this.stop();
		else this.play();
	}

	/** Moves the playhead (seconds on the session timeline, clamped at 0). */
	locate(seconds: number): void {
		this.send({ type: 'locate', seconds: Math.max(0, seconds) });
	}

	/** The playhead now: from shared memory when an engine is attached. */
	position(): number {
		return this.shared?.seconds ?? 0;
	}

	toggleLoop(): void {
		if (!this.state.session.loop) return this.say('no loop range: set one first', 'error');
		this.update({ loopEnabled: !this.state.loopEnabled });
		this.sendLoop();
		this.say(this.state.loopEnabled ? 'loop on' : 'loop off');
	}

	private sendLoop(): void {
		const loop = this.state.session.loop;
		if (!loop || !this.state.loopEnabled) {
			this.send({ type: 'loop', range: null });
			return;
		}
		try {
			this.send({ type: 'loop', range: { from: timeToSeconds(loop.from, this.state.session), to: timeToSeconds(loop.to, this.state.session) } });
		} catch (error) {
			this.say((error as Error).message, 'error');
		}
	}

	/** Puts the monitor in `mode`: only the device feed changes (engine/worker/monitor.ts). */
	setMonitor(mode: MonitorMode): void {
		this.update({ monitor: mode });
		this.send({ type: 'monitor', mode });
	}

	/** Arms or disarms live printing; the transport shows REC once the engine has armed it. */
	armRecord(on: boolean): void {
		this.send({ type: 'record', file: on ? this.state.record.file : null });
	}

	/** Feeds an engine event into the state. */
	handleEngineEvent(event: EngineEvent): void {
		switch (event.type) {
			case 'recording':
				this.update({ record: { ...this.state.record, armed: event.file !== null } });
				return;
			case 'take':
				this.say(takeText(event));
				return;
			case 'transport':
				// A pass starts at play: what it writes, with the edits made during it, is one undo step.
				if (event.playing && !this.state.playing) this.passBase = this.state.history;
				if (event.playing !== this.state.playing) this.update({ playing: event.playing });
				return;
			case 'pass':
				this.takePass(event.lanes);
				return;
			case 'ended':
				this.update({ playing: false });
				return;
			case 'loaded':
				this.update({ lengthSeconds: event.lengthSeconds });
				if (event.warnings.length > 0) this.say(event.warnings[0]!);
				return;
			case 'device': {
				const before = this.state.device;
				this.update({ device: event.status });
				// Say why there is no sound once, not at every play.
				if (event.status.kind === 'null' && event.status.reason !== before?.reason) {
					this.say(`no audio, playing silently: ${event.status.reason ?? 'the null device was chosen'}`, 'error');
				}
				return;
			}
			case 'notice':
				this.say(event.message);
				return;
			case 'error':
				this.update({ playing: this.state.playing && !event.fatal, engineFailed: this.state.engineFailed || event.fatal === true });
				this.say(event.message, 'error');
				return;
			default:
				return;
		}
	}
}
