// The surfaces' hands on the mix: every change goes through the same commands as the keyboard's
// (source/app/mix-commands.ts): an undo step per control, a live parameter change in the
// engine, autosaved. Fader streams are thinned: a moving fader sends hundreds of values a
// second, so at most one edit per target per `editIntervalMs` is applied and the last value
// always lands. Strip parameters from continuous controls are thinned the same way. A control
// of a send the track does not have yet (a return's V-pot on the Send page) adds the send.
import type { MixerStore } from '../app/mixer-store.js';
import { address, editGain, editLfe, editPan, editPanY, editStripParam, editSwitch } from '../app/mix-commands.js';
import { editAllAutomationModes, editAutomationMode, warnIfRead } from '../app/automation-values.js';
import { addSend, modeOf } from '../../sessions/edit.js';
import type { ParamValue } from '../../sessions/params.js';
import type { AutomationMode, Decibels, Session } from '../../sessions/types.js';
import { defaultValue, nudgeValue, sendOf, stripValue, valueText } from './strip-control.js';
import { mixerStrips, targetKey, targetName, type Strip, type Target } from './strips.js';

/** A value waiting for its turn: a fader level ('gain') or a strip parameter. */
interface Pending {
	target: Target;
	param: string;
	value: ParamValue;
	timer: NodeJS.Timeout;
}

export interface MixerBridgeOptions {
	/** Least time between two applied edits of one fader (default 20 ms; 0 applies every value). */
	editIntervalMs?: number;
	now?: () => number;
}

export class MixerBridge {
	private readonly interval: number;
	private readonly now: () => number;
	private readonly pending = new Map<string, Pending>();
	private readonly lastApplied = new Map<string, number>();

	constructor(
		readonly store: MixerStore,
		options: MixerBridgeOptions = {},
	) {
		this.interval = options.editIntervalMs ?? 20;
		this.now = options.now ?? Date.now;
	}

	get session(): Session {
		return this.store.getState().session;
	}

	/** The strip at absolute position `index` (bank offset + strip), if the session has one. */
	strip(index: number): Strip | undefined {
		return mixerStrips(this.session)[index];
	}

	/** The mixer's selection as a target (track, bus or master, as the mixer view focuses). */
	selected(): Target | undefined {
		const state = this.store.getState();
		const strips = mixerStrips(state.session);
		if (state.focus === 'master') return { kind: 'master' };
		if (state.focus === 'bus') return strips.find((s) => s.kind === 'bus' && s.index === state.selectedBus);
		return strips.find((s) => s.kind === 'track' && s.index === state.selected);
	}

	/**
	 * Sets a fader level (thinned, see the file comment). `touch` says how a pass treats it: a
	 * surface fader with a touch sensor holds the touch until release(); a controller without
	 * one latches (held until the transport stops).
	 */
	setGain(target: Target, db: Decibels, touch: 'held' | 'latch' = 'latch'): void {
		this.touchStyles.set(targetKey(target), touch);
		this.thinned(targetKey(target), target, 'gain', db);
	}

	/** How each fader last touched its control (see setGain). */
	private readonly touchStyles = new Map<string, 'held' | 'latch'>();

	/** A touch-sensitive fader was let go: what is pending lands, then the touch ends. */
	release(target: Target): void {
		const key = targetKey(target);
		this.flush(key);
		this.store.releaseTouch(target.kind === 'master' ? { target: 'master', id: 'master', param: 'gain' } : { target: target.kind, id: target.id, param: 'gain' });
	}

	private thinned(key: string, target: Target, param: string, value: ParamValue): void {
		const waiting = this.pending.get(key);
		const since = this.now() - (this.lastApplied.get(key) ?? -Infinity);
		if (this.interval <= 0 || (!waiting && since >= this.interval)) {
			this.apply(key, target, param, value);
			return;
		}
		if (waiting) {
			waiting.value = value;
			waiting.target = target;
			return;
		}
		const timer = setTimeout(() => this.flush(key), Math.max(0, this.interval - since));
		timer.unref?.();
		this.pending.set(key, { target, param, value, timer });
	}

	/** Applies a thinned-out value now (fader released, surface closing); all when no key. */
	flush(key?: string): void {
		for (const [k, p] of [...this.pending]) {
			if (key !== undefined && k !== key) continue;
			clearTimeout(p.timer);
			this.pending.delete(k);
			this.apply(k, p.target, p.param, p.value);
		}
	}

	/** The level waiting to be applied for a target, if any (feedback shows it, not the stale one). */
	pendingGain(target: Target): Decibels | undefined {
		return this.pending.get(targetKey(target))?.value as Decibels | undefined;
	}

	private apply(key: string, target: Target, param: string, value: ParamValue): void {
		this.lastApplied.set(key, this.now());
		if (param !== 'gain') {
			if (!this.addsSend(target, param, value) && editStripParam(this.store, target, param, value)) this.warnAutomation(target, param);
			return;
		}
		const style = this.touchStyles.get(key) ?? 'latch';
		if (this.store.withTouch(style, () => editGain(this.store, target, 'set', value as Decibels))) this.warnAutomation(target, 'gain');
	}

	/** A strip parameter as it will be once what is pending lands (the session's, or the default of an absent section). */
	stripValue(target: Target, param: string): ParamValue {
		return this.pending.get(`${targetKey(target)}|${param}`)?.value ?? stripValue(this.session, target, param);
	}

	/** Sets a strip parameter ('strip.eq.1.gain' …) from a continuous control (thinned). */
	setStripParam(target: Target, param: string, value: ParamValue): void {
		this.thinned(`${targetKey(target)}|${param}`, target, param, value);
	}

	/** Moves a strip parameter by `steps` relative steps (the table's step, or `step`). */
	nudgeStripParam(target: Target, param: string, steps: number, step?: number): void {
		const now = this.stripValue(target, param);
		const next = nudgeValue(param, now, steps, this.session.sampleRate / 2, step);
		if (next !== now) this.setStripParam(target, param, next);
	}

	/** Flips a switch ('strip.eq.1.on', 'strip.bypass', 'send.VERB.on'); switching on an absent section or send creates it. */
	toggleStripSwitch(target: Target, param: string): void {
		this.flush(`${targetKey(target)}|${param}`);
		const on = this.stripValue(target, param) !== true;
		if (!this.addsSend(target, param, on)) editStripParam(this.store, target, param, on);
	}

	/**
	 * A send level or switch of a send the track does not have: adding the send (on, at that
	 * level or the default) is the edit, one undo step (the graph changes). False otherwise.
	 */
	private addsSend(target: Target, param: string, value: ParamValue): boolean {
		const send = sendOf(param);
		if (!send || target.kind !== 'track') return false;
		const track = this.session.tracks[target.index];
		if (!track || track.sends?.some((x) => x.to === send[0])) return false;
		const gain = send[1] === 'gain' ? (value as Decibels) : undefined;
		this.store.edit(`${target.name} send to ${send[0]} added (${valueText(`send.${send[0]}`, gain ?? 0)} dB)`, (s) => addSend(s, target.id, send[0], { gain }));
		return true;
	}

	/** Puts a strip parameter back to its default. */
	resetStripParam(target: Target, param: string): void {
		const value = defaultValue(param);
		if (value === undefined) return;
		this.flush(`${targetKey(target)}|${param}`);
		editStripParam(this.store, target, param, value);
	}

	/** Moves a fader by `delta` dB (relative encoders, buttons). */
	nudgeGain(target: Target, delta: number): void {
		if (editGain(this.store, target, 'nudge', delta)) this.warnAutomation(target, 'gain');
	}

	/** Moves a track's pan by `delta` (−2 … +2 spans the range); buses and master have no pan. */
	nudgePan(target: Target, delta: number): void {
		if (target.kind === 'track' && editPan(this.store, target, 'nudge', delta)) this.warnAutomation(target, 'pan');
	}

	/** Moves a track's front/rear pan by `delta` (5.1 sessions; refused with a line elsewhere). */
	nudgePanY(target: Target, delta: number): void {
		if (target.kind === 'track' && editPanY(this.store, target, 'nudge', delta)) this.warnAutomation(target, 'panY');
	}

	/** Moves a track's LFE send by `db` (up from −∞ opens it at −60 dB, down past −60 closes it). */
	nudgeLfe(target: Target, db: number): void {
		if (target.kind === 'track' && editLfe(this.store, target, 'nudge', db)) this.warnAutomation(target, 'lfe');
	}

	setPan(target: Target, pan: number): void {
		if (target.kind === 'track' && editPan(this.store, target, 'set', pan)) this.warnAutomation(target, 'pan');
	}

	toggleMute(target: Target): void {
		if (target.kind !== 'master') editSwitch(this.store, target, 'mute');
	}

	toggleSolo(target: Target): void {
		if (target.kind === 'track') editSwitch(this.store, target, 'solo');
		else this.store.say('solo is per track (buses and the master are never soloed)');
	}

	togglePolarity(target: Target): void {
		if (target.kind === 'track') editSwitch(this.store, target, 'polarity');
	}

	/** Makes `target` the mixer's selection. */
	select(target: Target): void {
		if (target.kind === 'master') this.store.update({ focus: 'master' });
		else if (target.kind === 'bus') this.store.update({ focus: 'bus', selectedBus: target.index });
		else this.store.update({ focus: 'track', selected: target.index });
	}

	/** Whether `target` is the mixer's selection. */
	isSelected(target: Target): boolean {
		const state = this.store.getState();
		if (target.kind === 'master') return state.focus === 'master';
		if (target.kind === 'bus') return state.focus === 'bus' && state.selectedBus === target.index;
		return state.focus === 'track' && state.selected === target.index;
	}

	/** Says once per control (after the edit's own status) that a lane in read mode plays over it. */
	private warnAutomation(target: Target, param: string): void {
		warnIfRead(this.store, address(target, param), targetName(target));
	}

	/** The automation mode `target` plays in. */
	automationMode(target: Target): AutomationMode {
		return modeOf(this.session, target);
	}

	/** Puts `target` in `mode` (one undo step), or with `all` every strip. */
	setAutomationMode(target: Target, mode: AutomationMode, all = false): void {
		if (all) editAllAutomationModes(this.store, mode);
		else editAutomationMode(this.store, target.kind === 'master' ? { kind: 'master' } : target, mode);
	}

	/** Applies what is pending and stops the timers. */
	close(): void {
		this.flush();
	}
}
