// Parameter addresses: every continuous control of the mix (a fader, a pan, an EQ band's gain,
// a compressor's threshold) named the same way by the keyboard, the surfaces, the engine and,
// later, automation lanes. An address is a strip (track id, bus id or the master) and a path
// inside it: 'gain', 'pan', 'panY', 'lfe', 'mute', 'solo', 'polarity', 'strip.bypass', 'strip.trim',
// 'strip.hpf.freq', 'strip.eq.2.gain', 'strip.eq.2.type', 'strip.compressor.on' …; a track's
// sends as 'send.VERB' (the level, dB) and 'send.VERB.on'; a return's reverb as 'reverb.decay',
// 'reverb.mix', 'reverb.on' …; a ducker's as 'duck.depth', 'duck.threshold', 'duck.on' …
// getParam/setParam read and write the session document; setParam is a pure edit.
import type { Bus, Session, Strip, Track } from './types.js';
import { BAND_TYPES, DUCK_PARAMS, STRIP_PARAMS, TRIM_SPEC, type StripParamSpec } from './strip-params.js';
import { replaceAt } from './edit-util.js';
import { LFE_MAX_DB } from './schema.js';

export type ParamTarget = 'track' | 'bus' | 'master';

export interface ParamAddress {
	target: ParamTarget;
	/** Track or bus id ('master' for the master). */
	id: string;
	param: string;
}

export type ParamValue = number | boolean | string;

/** The key for coalescing undo steps and looking up engine slots: 'track:dx1:strip.eq.0.gain'. */
export function addressKey(a: ParamAddress): string {
	return `${a.target}:${a.id}:${a.param}`;
}

/** The track or bus fields that are parameters (not structure). */
const STRIP_LEVEL = new Set(['gain', 'pan', 'panY', 'lfe', 'mute', 'solo', 'polarity']);

/** A track's front/rear position: −1 front … +1 rear (absent in the file: −1). Heard on a 5.1 master only. */
export const PAN_Y_SPEC: StripParamSpec = { name: 'panY', unit: '', min: -1, max: 1, default: -1, step: 0.05 };
/** A track's LFE send (dB; −∞, the default, is closed): a level like a send's, nudged like one. Heard on a 5.1 master only. */
export const LFE_SPEC: StripParamSpec = { name: 'lfe', unit: 'dB', min: -144, max: LFE_MAX_DB, default: -Infinity, step: 0.5 };

/** The spec of a track's surround parameter ('panY', 'lfe'), undefined for anything else. */
export function surroundParamSpec(param: string): StripParamSpec | undefined {
	return param === 'panY' ? PAN_Y_SPEC : param === 'lfe' ? LFE_SPEC : undefined;
}

/** A strip path split: ['eq', 2, 'gain'], ['hpf', 'freq'], ['trim'], ['bypass']. */
function stripPath(param: string): (string | number)[] | undefined {
	if (!param.startsWith('strip.')) return undefined;
	const parts = param.slice(6).split('.');
	if (parts[0] === 'eq') {
		const i = Number(parts[1]);
		if (!Number.isInteger(i) || i < 0 || parts.length !== 3) return undefined;
		return ['eq', i, parts[2]!];
	}
	if (parts.length === 1 && (parts[0] === 'trim' || parts[0] === 'bypass')) return parts;
	if (parts.length === 2 && parts[0]! in STRIP_PARAMS) return parts;
	return undefined;
}

/** The spec of a strip parameter at `param` (undefined for switches, band types and unknown paths). */
export function stripParamSpec(param: string): StripParamSpec | undefined {
	const p = stripPath(param);
	if (!p) return undefined;
	if (p[0] === 'trim') return TRIM_SPEC;
	const specs = p[0] === 'eq' ? STRIP_PARAMS.band : STRIP_PARAMS[p[0] as keyof typeof STRIP_PARAMS];
	const name = p[p.length - 1] as string;
	return specs?.find((s) => s.name === name);
}

function holder(session: Session, a: ParamAddress): Track | Bus | Session['master'] | undefined {
	if (a.target === 'master') return session.master;
	if (a.target === 'track') return session.tracks.find((t) => t.id === a.id);
	return session.buses.find((b) => b.id === a.id);
}

/** 'send.VERB' → ['VERB', 'gain'], 'send.VERB.on' → ['VERB', 'on']. */
function sendPath(param: string): [string, 'gain' | 'on'] | undefined {
	if (!param.startsWith('send.')) return undefined;
	const rest = param.slice(5);
	if (rest.endsWith('.on')) return [rest.slice(0, -3), 'on'];
	return rest.includes('.') ? undefined : [rest, 'gain'];
}

const REVERB_KEYS = new Set(['on', 'decay', 'predelay', 'size', 'damping', 'width', 'mix']);

/** The value at an address, or undefined when the address names nothing (an absent section). */
export function getParam(session: Session, a: ParamAddress): ParamValue | undefined {
	const h = holder(session, a);
	if (!h) return undefined;
	const send = sendPath(a.param);
	if (send) return (h as Track).sends?.find((x) => x.to === send[0])?.[send[1]];
	if (a.param.startsWith('duck.')) {
		const d = (h as Track | Bus).duck as unknown as Record<string, ParamValue> | undefined;
		return d?.[a.param.slice(5)];
	}
	if (a.param.startsWith('reverb.')) {
		const r = (h as Bus).reverb as Record<string, ParamValue> | undefined;
		return r?.[a.param.slice(7)];
	}
	if (STRIP_LEVEL.has(a.param)) {
		const v = (h as unknown as Record<string, ParamValue | undefined>)[a.param];
		// Absent surround fields read as their defaults (front, no LFE) on a track.
		return v === undefined && a.target === 'track' ? surroundParamSpec(a.param)?.default : v;
	}
	const p = stripPath(a.param);
	const strip = h.strip;
	if (!p || !strip) return undefined;
	if (p.length === 1) return strip[p[0] as 'trim' | 'bypass'];
	const section = p[0] === 'eq' ? strip.eq?.[p[1] as number] : (strip as unknown as Record<string, Record<string, ParamValue> | undefined>)[p[0] as string];
	return (section as Record<string, ParamValue> | undefined)?.[p[p.length - 1] as string];
}

function defaultsOf(specs: readonly StripParamSpec[]): Record<string, number> {
	return Object.fromEntries(specs.map((s) => [s.name, s.default]));
}

/** A new section with its defaults (what the strip page creates when a section is first switched on). */
export function newSection(name: string): Record<string, ParamValue> {
	if (name === 'eq') return { on: true, type: BAND_TYPES[0], ...defaultsOf(STRIP_PARAMS.band) };
	return { on: true, ...defaultsOf(STRIP_PARAMS[name as keyof typeof STRIP_PARAMS]) };
}

const EMPTY_STRIP: Strip = { bypass: false, trim: 0 };

/** `strip` with the value at path `p` set; absent sections are created with their defaults. */
function withStripValue(strip: Strip, p: (string | number)[], value: ParamValue): Strip {
	if (p.length === 1) return Object.is(strip[p[0] as 'trim' | 'bypass'], value) ? strip : { ...strip, [p[0] as string]: value };
	const name = p[p.length - 1] as string;
	if (p[0] === 'eq') {
		const i = p[1] as number;
		const bands = strip.eq ?? [];
		if (i > bands.length) throw new Error(`no EQ band ${i + 1}: the strip has ${bands.length}`);
		const band = (bands[i] ?? newSection('eq')) as unknown as Record<string, ParamValue>;
		if (Object.is(band[name], value) && bands[i]) return strip;
		const next = { ...band, [name]: value } as unknown as NonNullable<Strip['eq']>[number];
		return { ...strip, eq: i === bands.length ? [...bands, next] : replaceAt(bands, i, next) };
	}
	const key = p[0] as string;
	const section = ((strip as unknown as Record<string, Record<string, ParamValue> | undefined>)[key] ?? newSection(key)) as Record<string, ParamValue>;
	if (Object.is(section[name], value) && key in strip) return strip;
	return { ...strip, [key]: { ...section, [name]: value } };
}

/** The session with the value at `a` set (the same object when nothing changes). Throws for an address that names nothing. */
export function setParam(session: Session, a: ParamAddress, value: ParamValue): Session {
	const h = holder(session, a);
	if (!h) throw new Error(`no ${a.target} "${a.id}"`);
	let next: Track | Bus | Session['master'];
	const send = sendPath(a.param);
	if (send) {
		const t = h as Track;
		if (a.target !== 'track') throw new Error(`a ${a.target} has no sends`);
		const i = t.sends?.findIndex((x) => x.to === send[0]) ?? -1;
		if (i < 0) throw new Error(`${t.id} has no send to ${send[0]}`);
		const old = t.sends![i]!;
		if (Object.is(old[send[1]], value)) return session;
		next = { ...t, sends: replaceAt(t.sends!, i, { ...old, [send[1]]: value }) };
	} else if (a.param.startsWith('duck.')) {
		const d = (h as Track | Bus).duck;
		const key = a.param.slice(5);
		if (a.target === 'master' || !d) throw new Error(`${a.id} has no ducker`);
		if (key !== 'on' && !DUCK_PARAMS.some((s) => s.name === key)) throw new Error(`a ducker has no ${key}`);
		if (Object.is((d as unknown as Record<string, ParamValue>)[key], value)) return session;
		next = { ...h, duck: { ...d, [key]: value } } as Track | Bus;
	} else if (a.param.startsWith('reverb.')) {
		const b = h as Bus;
		const key = a.param.slice(7);
		if (a.target !== 'bus' || !b.reverb) throw new Error(`${a.id} has no reverb`);
		if (!REVERB_KEYS.has(key) || ('ir' in b.reverb && !['on', 'predelay', 'mix'].includes(key))) throw new Error(`a reverb has no ${key}`);
		if (Object.is((b.reverb as unknown as Record<string, ParamValue>)[key], value)) return session;
		next = { ...b, reverb: { ...b.reverb, [key]: value } as Bus['reverb'] };
	} else if (STRIP_LEVEL.has(a.param)) {
		if (a.target !== 'track' && a.param !== 'gain' && a.param !== 'mute') throw new Error(`a ${a.target} has no ${a.param}`);
		if (a.target === 'master' && a.param !== 'gain') throw new Error(`the master has no ${a.param}`);
		if (Object.is(getParam(session, a), value)) return session;
		next = { ...h, [a.param]: value } as typeof h;
	} else {
		const p = stripPath(a.param);
		if (!p) throw new Error(`unknown parameter ${a.param}`);
		const strip = withStripValue(h.strip ?? EMPTY_STRIP, p, value);
		if (strip === h.strip) return session;
		next = { ...h, strip };
	}
	if (a.target === 'master') return { ...session, master: next as Session['master'] };
	if (a.target === 'track') {
		const i = session.tracks.indexOf(h as Track);
		return { ...session, tracks: replaceAt(session.tracks, i, next as Track) };
	}
	const i = session.buses.indexOf(h as Bus);
	return { ...session, buses: replaceAt(session.buses, i, next as Bus) };
}

/** Every parameter address of a strip's present sections with its value (for diffs and surfaces). */
export function stripParams(strip: Strip | undefined): [string, ParamValue][] {
	if (!strip) return [];
	const out: [string, ParamValue][] = [['strip.bypass', strip.bypass], ['strip.trim', strip.trim]];
	const section = (key: string, s: object | undefined) => {
		if (!s) return;
		for (const [k, v] of Object.entries(s)) if (k !== 'key') out.push([`strip.${key}.${k}`, v as ParamValue]);
	};
	section('hpf', strip.hpf);
	section('lpf', strip.lpf);
	section('gate', strip.gate);
	strip.eq?.forEach((band, i) => section(`eq.${i}`, band));
	section('compressor', strip.compressor);
	section('deesser', strip.deesser);
	section('limiter', strip.limiter);
	return out;
}

/** The spec of a ducker parameter ('duck.depth' …), undefined for anything else ('duck.on', 'duck.key'). */
export function duckParamSpec(param: string): StripParamSpec | undefined {
	return param.startsWith('duck.') ? DUCK_PARAMS.find((s) => s.name === param.slice(5)) : undefined;
}
