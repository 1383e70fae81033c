// The strip page's view of a channel strip: its sections as the page lists them (one line each,
// in signal order, every EQ band and every send its own line), the parameters of each with the
// address they edit ('strip.eq.1.gain', 'send.VERB', 'reverb.decay'), and how values read.
// Absent sections are listed too, with the defaults a first change would create them with
// (sessions/params.ts newSection). A return bus's reverb comes first (it runs before the strip),
// a track's sends last (they tap the strip's output, before or after the fader).
import { CONVOLUTION_PARAMS, DUCK_PARAMS, REVERB_PARAMS, SEND_SPEC, STRIP_PARAMS, TRIM_SPEC, type StripParamSpec } from '../../sessions/strip-params.js';
import { newSection, type ParamValue } from '../../sessions/params.js';
import type { Duck, Reverb, Send, Session, Strip } from '../../sessions/types.js';
import { defaultDuck } from '../../sessions/edit-duck.js';
import { formatHz } from '../../engine/dsp/response.js';
import { REDUCTION_ORDER } from '../../engine/worker/shared-state.js';
import type { MixTarget } from './mix-commands.js';

/** One parameter on the page. */
export interface PageParam {
	/** The address inside the strip: 'strip.trim', 'strip.hpf.freq', 'strip.eq.0.type' … */
	param: string;
	/** The session key: 'freq', 'threshold', 'type' … */
	name: string;
	/** What the line calls it ('' when the value says it, as '80 Hz' or 'bell' do). */
	short: string;
	/** Range, step and default (undefined for a band's type, which is a name). */
	spec: StripParamSpec | undefined;
}

/** One line of the page. */
export interface PageSection {
	/** 'reverb', 'strip', 'hpf', 'lpf', 'gate', 'eq.0' … 'eq.7', 'eq' (no band yet), 'compressor', 'deesser', 'limiter', 'send.VERB' …, 'send' (no send yet). */
	key: string;
	/** 'HPF', 'EQ 2', 'COMP' … */
	label: string;
	/** 'high-pass filter', 'EQ band 2', 'compressor' … */
	title: string;
	/** 'on' / 'off' as the session says; 'absent' when the strip has no such section. */
	state: 'on' | 'off' | 'absent';
	params: PageParam[];
	/** The section's values, or the defaults it would get. */
	values: Record<string, ParamValue>;
	/** EQ band index (eq.N sections). */
	band?: number;
	/** Index into REDUCTION_ORDER for dynamics with a gain-reduction meter. */
	reduction?: number;
	/** The bus a send line sends to. */
	send?: string;
	/** Text before the parameters: a send's bus, a convolution reverb's impulse response. */
	lead?: string;
}

/** The cursor of the strip page: a section by key, a parameter by position in its line. */
export interface StripCursor {
	section: string;
	param: number;
}

const SHORT: Record<string, string> = { threshold: 'thr', attack: 'att', release: 'rel', ceiling: 'ceil', freq: '', slope: '', type: '', gain: '', predelay: 'pre', damping: 'damp', lookahead: 'look' };

const LABELS: Record<string, [string, string]> = {
	hpf: ['HPF', 'high-pass filter'],
	lpf: ['LPF', 'low-pass filter'],
	gate: ['GATE', 'gate'],
	compressor: ['COMP', 'compressor'],
	deesser: ['DE-ESS', 'de-esser'],
	limiter: ['LIMIT', 'limiter'],
};

function paramsOf(prefix: string, specs: readonly StripParamSpec[]): PageParam[] {
	return specs.map((spec) => ({ param: `${prefix}.${spec.name}`, name: spec.name, short: SHORT[spec.name] ?? spec.name, spec }));
}

function section(strip: Strip | undefined, key: keyof typeof LABELS): PageSection {
	const present = (strip as unknown as Record<string, Record<string, ParamValue> | undefined> | undefined)?.[key];
	const [label, title] = LABELS[key]!;
	const reduction = (REDUCTION_ORDER as readonly string[]).indexOf(key);
	return {
		key,
		label,
		title,
		state: present ? (present['on'] ? 'on' : 'off') : 'absent',
		params: paramsOf(`strip.${key}`, STRIP_PARAMS[key as keyof typeof STRIP_PARAMS]),
		values: present ?? newSection(key),
		...(reduction >= 0 ? { reduction } : {}),
	};
}

/** The page's lines for a strip (undefined: no strip yet, every section absent). */
export function pageSections(strip: Strip | undefined): PageSection[] {
	const out: PageSection[] = [
		{
			key: 'strip',
			label: 'STRIP',
			title: 'strip',
			state: strip?.bypass ? 'off' : 'on',
			params: [{ param: 'strip.trim', name: 'trim', short: 'trim', spec: TRIM_SPEC }],
			values: { trim: strip?.trim ?? 0, bypass: strip?.bypass ?? false },
		},
		section(strip, 'hpf'),
		section(strip, 'lpf'),
		section(strip, 'gate'),
	];
	const bands = strip?.eq ?? [];
	if (bands.length === 0) {
		out.push({ key: 'eq', label: 'EQ', title: 'EQ', state: 'absent', params: [], values: {} });
	}
	bands.forEach((band, i) => {
		const prefix = `strip.eq.${i}`;
		out.push({
			key: `eq.${i}`,
			label: `EQ ${i + 1}`,
			title: `EQ band ${i + 1}`,
			state: band.on ? 'on' : 'off',
			params: [{ param: `${prefix}.type`, name: 'type', short: '', spec: undefined }, ...paramsOf(prefix, STRIP_PARAMS.band)],
			values: band as unknown as Record<string, ParamValue>,
			band: i,
		});
	});
	out.push(section(strip, 'compressor'), section(strip, 'deesser'), section(strip, 'limiter'));
	return out;
}

/** A track's send lines, or one line saying there is none yet. */
export function sendSections(sends: readonly Send[] | undefined): PageSection[] {
	if (!sends || sends.length === 0) return [{ key: 'send', label: 'SENDS', title: 'sends', state: 'absent', params: [], values: {} }];
	return sends.map((send) => ({
		key: `send.${send.to}`,
		label: 'SEND',
		title: `send to ${send.to}`,
		state: send.on ? 'on' : 'off',
		params: [
			{ param: `send.${send.to}`, name: 'gain', short: '', spec: SEND_SPEC },
			{ param: `send.${send.to}.pre`, name: 'pre', short: '', spec: undefined },
		],
		values: send as unknown as Record<string, ParamValue>,
		send: send.to,
		lead: `to ${send.to}`,
	}));
}

/** A return bus's reverb line: the algorithmic one's six values, or a convolution's file, predelay and mix. */
export function reverbSection(reverb: Reverb): PageSection {
	const ir = 'ir' in reverb ? reverb.ir : undefined;
	const specs = ir === undefined ? REVERB_PARAMS : CONVOLUTION_PARAMS;
	return {
		key: 'reverb',
		label: 'REVERB',
		title: ir === undefined ? 'reverb' : 'convolution reverb',
		state: reverb.on ? 'on' : 'off',
		params: paramsOf('reverb', specs),
		values: reverb as unknown as Record<string, ParamValue>,
		...(ir === undefined ? {} : { lead: `IR ${ir.split(/[\\/]/).pop()}` }),
	};
}

/** The ducker's line ('duck.depth' …): after the strip, as it runs after the fader (a track) or the strip (a bus). */
export function duckSection(duck: Duck | undefined): PageSection {
	return {
		key: 'duck',
		label: 'DUCK',
		title: duck ? `ducker (key ${duck.key})` : 'ducker',
		state: duck ? (duck.on ? 'on' : 'off') : 'absent',
		params: paramsOf('duck', DUCK_PARAMS),
		values: (duck ?? defaultDuck('')) as unknown as Record<string, ParamValue>,
		reduction: (REDUCTION_ORDER as readonly string[]).indexOf('duck'),
		...(duck ? { lead: `key ${duck.key}` } : {}),
	};
}

/** Every line of the page of a track, a bus or the master: a return's reverb, the strip, the ducker, a track's sends. */
export function targetSections(session: Session, target: MixTarget): PageSection[] {
	const sections = pageSections(stripOf(session, target));
	if (target.kind === 'bus') {
		const bus = session.buses.find((b) => b.id === target.id);
		const withDuck = [...sections, duckSection(bus?.duck)];
		return bus?.reverb ? [reverbSection(bus.reverb), ...withDuck] : withDuck;
	}
	if (target.kind === 'track') {
		const track = session.tracks.find((t) => t.id === target.id);
		return [...sections, duckSection(track?.duck), ...sendSections(track?.sends)];
	}
	return sections;
}

/** Where a cursor is among `sections`: a section that went away (a removed band or send) falls back to its neighbour. */
export function cursorAt(sections: readonly PageSection[], cursor: StripCursor): { section: number; param: number } {
	let s = sections.findIndex((x) => x.key === cursor.section);
	if (s < 0 && cursor.section.startsWith('eq')) s = sections.findLastIndex((x) => x.key.startsWith('eq'));
	if (s < 0 && cursor.section.startsWith('send')) s = sections.findLastIndex((x) => x.key.startsWith('send'));
	if (s < 0) s = 0;
	const n = sections[s]!.params.length;
	return { section: s, param: n === 0 ? -1 : Math.max(0, Math.min(n - 1, cursor.param)) };
}

/** Decimals of a number as written (0.05 → 2), at most 2. */
function decimals(v: number): number {
	return Number.isInteger(v) ? 0 : Math.min(2, (String(v).split('.')[1] ?? '').length);
}

/** A value as the page shows it: '80 Hz', '12 dB/oct', '+3.5 dB', '3.0:1', '-20', '0.71', 'lowShelf'. */
export function valueText(p: PageParam, value: ParamValue | undefined): string {
	if (value === undefined) return '—';
	if (typeof value === 'boolean' && p.name === 'pre') return value ? 'pre' : 'post';
	if (typeof value !== 'number') return String(value);
	const spec = p.spec;
	if (!spec) return String(value);
	if (value === -Infinity) return '-inf dB';
	if (spec.unit === 'Hz') return formatHz(value);
	if (p.name === 'slope') return `${value} dB/oct`;
	if (p.name === 'q') return value.toFixed(2);
	// As many decimals as the step has (3.0:1 nudges by 0.5), more when the value has them.
	const text = value.toFixed(Math.max(decimals(spec.step), decimals(value)));
	if (p.name === 'ratio') return `${text}:1`;
	if (p.name === 'gain' || p.name === 'trim' || p.name === 'makeup') return `${value > 0 ? '+' : ''}${text}${p.name === 'makeup' ? '' : ' dB'}`;
	return spec.unit === 's' ? `${text} s` : text;
}

/** The strip of a track, a bus or the master. */
export function stripOf(session: Session, target: MixTarget): Strip | undefined {
	if (target.kind === 'master') return session.master.strip;
	if (target.kind === 'bus') return session.buses.find((b) => b.id === target.id)?.strip;
	return session.tracks.find((t) => t.id === target.id)?.strip;
}

/** Flat mixer position of a target (tracks, buses, the master): where its live readings are. */
export function targetIndex(session: Session, target: MixTarget): number {
	if (target.kind === 'track') return session.tracks.findIndex((t) => t.id === target.id);
	if (target.kind === 'bus') return session.tracks.length + session.buses.findIndex((b) => b.id === target.id);
	return session.tracks.length + session.buses.length;
}

/** Whether a strip shapes tone (a filter or an EQ band on) and whether it runs dynamics. */
export function stripFlags(strip: Strip | undefined): { eq: boolean; dynamics: boolean; bypass: boolean } {
	if (!strip) return { eq: false, dynamics: false, bypass: false };
	const eq = !!(strip.hpf?.on || strip.lpf?.on || strip.eq?.some((b) => b.on));
	const dynamics = !!(strip.gate?.on || strip.compressor?.on || strip.deesser?.on || strip.limiter?.on);
	return { eq, dynamics, bypass: strip.bypass };
}
