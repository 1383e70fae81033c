// Channel-strip parameters as a knob sees them: what kind of control an address is (a number,
// a list of choices, an in/out switch), where a value sits on a knob's travel (0 … 1), what a
// relative step does, and the short text an LCD cell has room for. The ranges and steps come
// from the parameter table (sessions/strip-params.ts); this file only decides how they feel.
// A track's send levels ('send.VERB', 'send.VERB.on') and a return's reverb ('reverb.decay',
// 'reverb.on') are knobs too: a send level feels like a fader (the fader law, nudged like one).
import { nudgeDb } from '../../sessions/edit.js';
import { getParam, stripParamSpec, type ParamValue } from '../../sessions/params.js';
import { BAND_TYPES, CONVOLUTION_PARAMS, MAX_EQ_BANDS, REVERB_PARAMS, SEND_SPEC, STRIP_PARAMS, STRIP_SECTIONS, type StripParamSpec } from '../../sessions/strip-params.js';
import type { Session } from '../../sessions/types.js';
import { clampStripValue } from '../app/mix-commands.js';
import { dbToTravel, travelToDb } from './fader-taper.js';
import type { Target } from './strips.js';

export type StripControl =
	| { kind: 'number'; spec: StripParamSpec }
	/** Stepped values: a filter slope (numbers) or a band type (names). */
	| { kind: 'choice'; values: readonly (number | string)[]; default: number | string }
	/** A section's `on` or the strip's `bypass`. */
	| { kind: 'switch' };

const SECTION_ON = /^strip\.(hpf|lpf|gate|compressor|deesser|limiter)\.on$/;
const BAND = /^strip\.eq\.(\d+)\.(on|type|freq|gain|q)$/;

/** 'send.VERB' → ['VERB', 'gain'], 'send.VERB.on' → ['VERB', 'on'] (as sessions/params.ts reads them). */
export function sendOf(param: string): [string, 'gain' | 'on'] | undefined {
	const m = /^send\.([^.]+)(\.on)?$/.exec(param);
	return m ? [m[1]!, m[2] ? 'on' : 'gain'] : undefined;
}

/** 'reverb.decay' → 'decay'; undefined for anything else. */
function reverbKey(param: string): string | undefined {
	if (!param.startsWith('reverb.')) return undefined;
	const key = param.slice('reverb.'.length);
	return key === 'on' || REVERB_PARAMS.some((p) => p.name === key) ? key : undefined;
}

/** Whether `param` is a send's level (moved like a fader). */
export function isSendLevel(param: string): boolean {
	return sendOf(param)?.[1] === 'gain';
}

/** What kind of control `param` (a strip, send or reverb address) is; undefined when it names no such parameter. */
export function stripControl(param: string): StripControl | undefined {
	const send = sendOf(param);
	if (send) return send[1] === 'on' ? { kind: 'switch' } : { kind: 'number', spec: SEND_SPEC };
	const reverb = reverbKey(param);
	if (reverb) return reverb === 'on' ? { kind: 'switch' } : { kind: 'number', spec: REVERB_PARAMS.find((p) => p.name === reverb)! };
	const band = BAND.exec(param);
	if (band && Number(band[1]) >= MAX_EQ_BANDS) return undefined;
	if (param === 'strip.bypass' || SECTION_ON.test(param) || band?.[2] === 'on') return { kind: 'switch' };
	if (band?.[2] === 'type') return { kind: 'choice', values: BAND_TYPES, default: BAND_TYPES[0] };
	const spec = stripParamSpec(param);
	if (!spec) return undefined;
	if (spec.choices) return { kind: 'choice', values: spec.choices, default: spec.default };
	return { kind: 'number', spec };
}

export function isSwitchParam(param: string | undefined): boolean {
	return param !== undefined && stripControl(param)?.kind === 'switch';
}

/** The `on` switch of the section `param` belongs to ('strip.eq.1.gain' → 'strip.eq.1.on', 'send.VERB' → 'send.VERB.on', 'reverb.decay' → 'reverb.on'); undefined for trim and bypass. */
export function sectionSwitch(param: string): string | undefined {
	if (param === 'strip.bypass') return param;
	const send = sendOf(param);
	if (send) return `send.${send[0]}.on`;
	if (reverbKey(param)) return 'reverb.on';
	const parts = param.split('.');
	if (parts[1] === 'trim' || parts.length < 3) return undefined;
	return `${parts.slice(0, -1).join('.')}.on`;
}

/**
 * A knob's span. Frequencies run 20 Hz – 20 kHz (below Nyquist) on a log scale, as on a console,
 * and so do the table's other log parameters (q) and anything positive spanning two decades or
 * more (ratio, attack, release), where a linear knob would crowd the useful values into its
 * first few degrees.
 */
export function knobRange(spec: StripParamSpec, nyquist: number): { lo: number; hi: number; log: boolean } {
	if (spec.unit === 'Hz') return { lo: Math.max(spec.min, 20), hi: Math.min(20000, nyquist * 0.99), log: true };
	if (spec.log || (spec.min > 0 && spec.max / spec.min >= 100)) return { lo: spec.min, hi: spec.max, log: true };
	return { lo: spec.min, hi: spec.max, log: false };
}

const unit01 = (x: number) => Math.min(1, Math.max(0, x));

/** Where `value` sits on the knob, 0 … 1 (switches: 0 out, 1 in). */
export function toKnob(param: string, value: ParamValue, nyquist: number): number {
	const c = stripControl(param);
	if (!c || c.kind === 'switch') return value === true ? 1 : 0;
	if (c.kind === 'choice') return c.values.length > 1 ? Math.max(0, c.values.indexOf(value as never)) / (c.values.length - 1) : 0;
	if (isSendLevel(param)) return dbToTravel(value as number);
	const { lo, hi, log } = knobRange(c.spec, nyquist);
	const v = value as number;
	return unit01(log ? Math.log(Math.max(v, lo) / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo));
}

/** The value at knob position `norm` (0 … 1): a choice by its index, a number across its span, tidily rounded. */
export function fromKnob(param: string, norm: number, nyquist: number): ParamValue {
	const c = stripControl(param);
	const x = unit01(norm);
	if (!c || c.kind === 'switch') return x >= 0.5;
	if (c.kind === 'choice') return c.values[Math.round(x * (c.values.length - 1))]!;
	if (isSendLevel(param)) return Math.min(travelToDb(x), SEND_SPEC.max);
	const { lo, hi, log } = knobRange(c.spec, nyquist);
	// Four significant figures on a log knob, hundredths on a linear one: finer than either a
	// 14-bit control or an ear resolves, and the session file stays readable.
	const v = log ? Number((lo * (hi / lo) ** x).toPrecision(4)) : Math.round((lo + x * (hi - lo)) * 100) / 100;
	return clampStripValue(param, v, nyquist);
}

/**
 * `value` moved by `steps` relative steps: the table's fine step (octaves for frequencies), or
 * `step` when a mapping gives its own; choices move one per message whatever its speed.
 */
export function nudgeValue(param: string, value: ParamValue, steps: number, nyquist: number, step?: number): ParamValue {
	const c = stripControl(param);
	if (!c || c.kind === 'switch' || steps === 0) return value;
	if (c.kind === 'choice') {
		const at = Math.max(0, c.values.indexOf(value as never));
		return c.values[Math.max(0, Math.min(c.values.length - 1, at + Math.sign(steps)))]!;
	}
	const s = step ?? c.spec.step;
	const v = value as number;
	// A send level moves like a fader: up from −∞ to −60 dB, down past −60 closes it.
	if (isSendLevel(param)) return nudgeDb(v, steps * s, SEND_SPEC.max);
	// Log steps are octaves (a frequency kept to 0.1 Hz, a q to four figures); linear steps add.
	const scaled = v * 2 ** (steps * s);
	const next = !c.spec.log ? Math.round((v + steps * s) * 1e4) / 1e4 : c.spec.unit === 'Hz' ? Math.round(scaled * 10) / 10 : Number(scaled.toPrecision(4));
	return clampStripValue(param, next, nyquist);
}

/** The value a strip parameter has now, or its default when the section is absent (what a knob starts from). */
export function stripValue(session: Session, target: Target, param: string): ParamValue {
	const id = target.kind === 'master' ? 'master' : target.id;
	const v = getParam(session, { target: target.kind, id, param });
	if (v !== undefined) return v;
	const c = stripControl(param);
	if (!c) return 0;
	if (c.kind === 'switch') return param !== 'strip.bypass' && sectionPresent(session, target, param);
	return c.kind === 'choice' ? c.default : c.spec.default;
}

/** The value a reset (Shift + V-pot press) goes back to. */
export function defaultValue(param: string): ParamValue | undefined {
	const c = stripControl(param);
	if (!c) return undefined;
	return c.kind === 'switch' ? (param === 'strip.bypass' ? false : true) : c.kind === 'choice' ? c.default : c.spec.default;
}

/** Whether the section `param` belongs to exists on the strip (trim and bypass always do), the track has the send, or the bus the reverb (convolution: predelay and mix). */
export function sectionPresent(session: Session, target: Target, param: string): boolean {
	const holder = target.kind === 'master' ? session.master : target.kind === 'track' ? session.tracks[target.index] : session.buses[target.index];
	const send = sendOf(param);
	if (send) return target.kind === 'track' && !!session.tracks[target.index]?.sends?.some((x) => x.to === send[0]);
	const reverb = reverbKey(param);
	if (reverb) {
		const r = target.kind === 'bus' ? session.buses[target.index]?.reverb : undefined;
		return !!r && (!('ir' in r) || reverb === 'on' || CONVOLUTION_PARAMS.some((p) => p.name === reverb));
	}
	const strip = holder?.strip;
	const parts = param.split('.');
	if (parts[1] === 'trim' || parts[1] === 'bypass') return true;
	if (!strip) return false;
	if (parts[1] === 'eq') return (strip.eq?.length ?? 0) > Number(parts[2]);
	return (strip as unknown as Record<string, unknown>)[parts[1]!] !== undefined;
}

/** Whether the section of `param` is present and switched in (trim: the strip is not bypassed). */
export function sectionIn(session: Session, target: Target, param: string): boolean {
	const sw = sectionSwitch(param);
	if (sw === 'strip.bypass' || sw === undefined) return stripValue(session, target, 'strip.bypass') !== true;
	return sectionPresent(session, target, param) && stripValue(session, target, sw) === true;
}

const TYPE_TEXT: Record<string, string> = { bell: 'Bell', lowShelf: 'LoShlf', highShelf: 'HiShlf', lowCut: 'LoCut', highCut: 'HiCut', notch: 'Notch' };

/** A value in at most six characters: "1.06k", "+2.5", "0.71", "3.0:1", "150", "LoShlf", "in". */
export function valueText(param: string, value: ParamValue): string {
	const c = stripControl(param);
	if (typeof value === 'boolean') return param === 'strip.bypass' ? (value ? 'BYPASS' : 'in') : !param.startsWith('strip.') ? (value ? 'on' : 'off') : value ? 'in' : 'out';
	if (value === -Infinity) return '-inf';
	if (typeof value === 'string') return TYPE_TEXT[value] ?? value.slice(0, 6);
	if (!c || c.kind !== 'number') return param.endsWith('slope') ? `${value}dB` : String(value);
	const { unit } = c.spec;
	if (unit === 'Hz') return value < 100 ? String(Math.round(value * 10) / 10) : value < 1000 ? String(Math.round(value)) : `${(value / 1000).toFixed(value < 10000 ? 2 : 1)}k`;
	if (unit === 'ms') return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : String(Math.round(value));
	if (unit === ':1') return `${value < 10 ? value.toFixed(1) : Math.round(value)}:1`;
	if (unit === '' || unit === 's') return value.toFixed(value < 10 ? 2 : 1);
	const text = value.toFixed(1);
	return value > 0 ? `+${text}` : text === '-0.0' ? '0.0' : text;
}

const SECTION_NAMES: Record<string, string> = { hpf: 'HPF', lpf: 'LPF', gate: 'gate', compressor: 'compressor', deesser: 'de-esser', limiter: 'limiter' };

/** A parameter for people: 'EQ 2 gain', 'compressor threshold', 'HPF in/out', 'trim', 'pan', 'send VERB level', 'reverb decay'. */
export function paramName(param: string): string {
	const send = sendOf(param);
	if (send) return `send ${send[0]} ${send[1] === 'on' ? 'on/off' : 'level'}`;
	if (reverbKey(param)) return `reverb ${param.endsWith('.on') ? 'on/off' : param.slice('reverb.'.length)}`;
	if (!param.startsWith('strip.')) return param;
	const parts = param.slice(6).split('.');
	if (parts[0] === 'trim') return 'trim';
	if (parts[0] === 'bypass') return 'strip bypass';
	const last = parts[parts.length - 1] === 'on' ? 'in/out' : parts[parts.length - 1]!;
	const section = parts[0] === 'eq' ? `EQ ${Number(parts[1]) + 1}` : (SECTION_NAMES[parts[0]!] ?? parts[0]!);
	return `${section} ${last}`;
}

/** Every strip parameter a control can bind, in signal order, each section's in/out switch last. */
export function stripAddresses(): string[] {
	const out = ['strip.trim'];
	for (const section of STRIP_SECTIONS) {
		if (section === 'trim') continue;
		if (section === 'eq') {
			for (let b = 0; b < MAX_EQ_BANDS; b++) out.push(`strip.eq.${b}.type`, ...STRIP_PARAMS.band.map((p) => `strip.eq.${b}.${p.name}`), `strip.eq.${b}.on`);
		} else out.push(...STRIP_PARAMS[section].map((p) => `strip.${section}.${p.name}`), `strip.${section}.on`);
	}
	out.push('strip.bypass');
	return out;
}

/** A return's reverb values a control can bind (the selection's, when it is a return), its switch last. */
export function reverbAddresses(): string[] {
	return [...REVERB_PARAMS.map((p) => `reverb.${p.name}`), 'reverb.on'];
}
