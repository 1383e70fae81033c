// The one place where the keyboard, the surfaces and typed values change the mix. Every control
// is a parameter address (sessions/params.ts): an edit of it is one undo step per control
// whoever made it (a key nudge followed by a surface ride of the same fader is one step), goes
// to the engine as a live change, and is labelled the same way from every source.
import {
	nudgeBusGain,
	nudgeMasterGain,
	nudgeTrackGain,
	nudgeTrackPan,
	setBusGain,
	setMasterGain,
	setTrackGain,
	setTrackPan,
	toggleBusMute,
	toggleTrackMute,
	toggleTrackPolarity,
	toggleTrackSolo,
} from '../../sessions/edit.js';
import { duckParamSpec, getParam, LFE_SPEC, setParam, stripParamSpec, type ParamAddress, type ParamValue } from '../../sessions/params.js';
import { lfeText, positionName } from './surround.js';
import { REVERB_PARAMS, SEND_SPEC, type StripParamSpec } from '../../sessions/strip-params.js';
import type { Decibels, Session } from '../../sessions/types.js';
import { FADER_MAX, nudgeDb } from '../../sessions/edit-util.js';
import { faderText, panText, parseDb } from './format.js';
import type { MixerStore } from './mixer-store.js';

/** A strip of the mixer: a track or a bus by id, or the master. */
export type MixTarget = { kind: 'track'; id: string; name: string } | { kind: 'bus'; id: string; name: string } | { kind: 'master'; id?: string; name?: string };

export function address(target: MixTarget, param: string): ParamAddress {
	return { target: target.kind, id: target.kind === 'master' ? 'master' : target.id, param };
}

function nameOf(target: MixTarget): string {
	return target.kind === 'master' ? 'Master' : target.name;
}

/** Sets (or nudges by `db`) a fader. */
export function editGain(store: MixerStore, target: MixTarget, mode: 'set' | 'nudge', db: Decibels): boolean {
	const fn = (s: Session): Session => {
		if (target.kind === 'master') return mode === 'nudge' ? nudgeMasterGain(s, db) : setMasterGain(s, db);
		if (target.kind === 'bus') return mode === 'nudge' ? nudgeBusGain(s, target.id, db) : setBusGain(s, target.id, db);
		return mode === 'nudge' ? nudgeTrackGain(s, target.id, db) : setTrackGain(s, target.id, db);
	};
	const a = address(target, 'gain');
	let next: Session;
	try {
		next = fn(store.getState().session);
	} catch (error) {
		store.say((error as Error).message, 'error');
		return false;
	}
	return store.editParam(`Fader ${nameOf(target)} ${faderText(getParam(next, a) as number)} dB`, a, () => next);
}

/** Sets (or nudges by `delta`) a track's pan. */
export function editPan(store: MixerStore, target: MixTarget, mode: 'set' | 'nudge', value: number): boolean {
	if (target.kind !== 'track') {
		store.say('pan is per track', 'error');
		return false;
	}
	const a = address(target, 'pan');
	const session = store.getState().session;
	const next = mode === 'nudge' ? nudgeTrackPan(session, target.id, value) : setTrackPan(session, target.id, Math.round(value * 100) / 100);
	return store.editParam(`Pan ${target.name} ${panText(getParam(next, a) as number)}`, a, () => next);
}

/** The one line refused for surround controls outside a 5.1 track; undefined when they apply. */
function surroundRefusal(session: Session, target: MixTarget, what: string): string | undefined {
	if (target.kind !== 'track') return `${what} is per track`;
	if (session.master.format !== '5.1') return `${what} is heard on a 5.1 master only; this session's master is ${session.master.format}`;
	return undefined;
}

/** Sets (or nudges by `delta`) a track's front/rear position (−1 front … +1 rear), clamped to the room. */
export function editPanY(store: MixerStore, target: MixTarget, mode: 'set' | 'nudge', value: number): boolean {
	const session = store.getState().session;
	const refused = surroundRefusal(session, target, 'front/rear pan');
	if (refused) {
		store.say(refused, 'error');
		return false;
	}
	const a = address(target, 'panY');
	const current = getParam(session, a) as number;
	const y = Math.max(-1, Math.min(1, Math.round((mode === 'nudge' ? current + value : value) * 100) / 100));
	if (y === current) {
		store.say(`${nameOf(target)} is at the ${y < 0 ? 'front' : 'rear'}`);
		return false;
	}
	const x = getParam(session, address(target, 'pan')) as number;
	return store.editParam(`Pan ${nameOf(target)} ${positionName(x, y)} (front/rear ${y.toFixed(2)})`, a, (s) => setParam(s, a, y));
}

/** Nudges a track's LFE send by `db` like a send level: up from −∞ opens it at −60 dB, down past −60 closes it. */
export function editLfe(store: MixerStore, target: MixTarget, mode: 'set' | 'nudge', db: Decibels): boolean {
	const session = store.getState().session;
	const refused = surroundRefusal(session, target, 'the LFE send');
	if (refused) {
		store.say(refused, 'error');
		return false;
	}
	const a = address(target, 'lfe');
	const current = getParam(session, a) as number;
	const next = mode === 'nudge' ? nudgeDb(current, db, LFE_SPEC.max) : db === -Infinity ? db : Math.max(LFE_SPEC.min, Math.min(LFE_SPEC.max, db));
	if (next === current) {
		store.say(`${nameOf(target)} ${lfeText(current)}: at its ${db > 0 ? 'maximum' : 'minimum'}`);
		return false;
	}
	return store.editParam(`${nameOf(target)} ${lfeText(next)}${next === -Infinity ? '' : ' dB'}`, a, (s) => setParam(s, a, next));
}

/** Flips mute (tracks and buses), solo or polarity (tracks). */
export function editSwitch(store: MixerStore, target: MixTarget, what: 'mute' | 'solo' | 'polarity'): boolean {
	if (target.kind === 'master') {
		store.say(`the master has no ${what}`, 'error');
		return false;
	}
	if (target.kind === 'bus' && what !== 'mute') {
		store.say(what === 'solo' ? 'solo is per track (buses and the master are never soloed)' : 'polarity is per track', 'error');
		return false;
	}
	const a = address(target, what);
	const session = store.getState().session;
	const on = !(getParam(session, a) as boolean);
	const fn = (s: Session) =>
		target.kind === 'bus' ? toggleBusMute(s, target.id) : what === 'mute' ? toggleTrackMute(s, target.id) : what === 'solo' ? toggleTrackSolo(s, target.id) : toggleTrackPolarity(s, target.id);
	const label =
		what === 'polarity' ? `Polarity ${target.name} ${on ? 'inverted' : 'normal'}` : `${on ? (what === 'mute' ? 'Mute' : 'Solo') : what === 'mute' ? 'Unmute' : 'Unsolo'} ${target.name}`;
	return store.editParam(label, a, fn);
}

/** The range and step of any numeric address: a strip parameter, a send's level ('send.VERB'), a reverb value ('reverb.decay'). */
export function paramSpec(param: string): StripParamSpec | undefined {
	if (param.startsWith('send.')) return param.endsWith('.on') ? undefined : SEND_SPEC;
	if (param.startsWith('reverb.')) return REVERB_PARAMS.find((s) => s.name === param.slice('reverb.'.length));
	if (param.startsWith('duck.')) return duckParamSpec(param);
	return stripParamSpec(param);
}

/** Clamps a strip, send or reverb value to its range (and to a stepped parameter's choices); a send may also be −∞ (closed). */
export function clampStripValue(param: string, value: number, nyquist: number): number {
	const spec = paramSpec(param);
	if (!spec) return value;
	if (spec === SEND_SPEC && value === -Infinity) return value;
	if (spec.choices) return spec.choices.reduce((best, c) => (Math.abs(c - value) < Math.abs(best - value) ? c : best), spec.choices[0]!);
	const max = spec.unit === 'Hz' ? Math.min(spec.max, nyquist * 0.99) : spec.max;
	const min = spec.minExclusive ? spec.min + (spec.unit === 'Hz' ? 1 : 0.01) : spec.min;
	return Math.min(max, Math.max(min, value));
}

/** Sets any strip, send or reverb value ('strip.eq.1.gain', 'strip.compressor.on', 'send.VERB', 'reverb.decay' …); numbers are clamped to their range. */
export function editStripParam(store: MixerStore, target: MixTarget, param: string, value: ParamValue, label?: string): boolean {
	const session = store.getState().session;
	const v = typeof value === 'number' ? clampStripValue(param, value, session.sampleRate / 2) : value;
	const a = address(target, param);
	let next: Session;
	try {
		next = setParam(session, a, v);
	} catch (error) {
		store.say((error as Error).message, 'error');
		return false;
	}
	return store.editParam(label ?? `${nameOf(target)} ${param.slice('strip.'.length)} ${String(v)}`, a, () => next);
}

/** The faders' range as the status line says it: keys, typed values, surfaces and lanes all stop at +12 dB. */
export const FADER_RANGE = `−∞ … +${FADER_MAX} dB`;

/** A typed fader level, or the line saying why it is refused (never clamped). */
export function typedFader(text: string): Decibels | string {
	const db = parseDb(text);
	if (db === undefined) return `"${text}" is not a level: type dB like -7.5, or -inf (${FADER_RANGE})`;
	if (db > FADER_MAX) return `"${text}" is above +${FADER_MAX} dB, the top of the fader (${FADER_RANGE})`;
	return db;
}

/** A typed pan: L30, C, R100, or a number from -1 (left) to 1 (right); the line saying why otherwise. */
export function typedPan(text: string): number | string {
	const t = text.trim().toLowerCase();
	if (t === 'c' || t === 'centre' || t === 'center') return 0;
	const side = /^([lr])\s*(\d+(\.\d*)?)$/.exec(t);
	if (side) {
		const amount = Number(side[2]);
		if (amount > 100) return `"${text}" is past hard ${side[1] === 'l' ? 'left (L100)' : 'right (R100)'}: pan runs L100 … C … R100`;
		return (side[1] === 'l' ? -1 : 1) * (amount / 100);
	}
	if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return `"${text}" is not a pan: type L30, C, R100, or a number from -1 to 1`;
	const v = Number(t);
	if (v < -1 || v > 1) return `"${text}" is outside -1 … 1 (L100 … R100)`;
	return v;
}
