// Mapping files: which surface protocol a controller speaks and what its controls do. Shipped
// in keymaps/midi/, user files (learn mode writes them) in <configDir>/midi/, which shadow a
// shipped file of the same name. Problems are reported with the file and the path inside it
// ("nanokontrol2.yaml: controls[3].strip: …"), like keymap overrides.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UserError } from '../../sessions/errors.js';
import { isMcuAction, isMidiAction, isStripAction, MIDI_ACTIONS, type MidiActionName } from './actions.js';
import { ENCODINGS, type Encoding } from './encoders.js';
import { MCU_BUTTONS, STRIP_BUTTONS, type StripButton } from './mcu-protocol.js';
import { stripControl } from './strip-control.js';

/** A control's target: a strip of the surface's bank (0-based), the mixer's selection, the master, or a track or bus by id. */
export type StripRef = number | 'selected' | 'master' | { track: string } | { bus: string };

/**
 * What a continuous control (or a switch button) drives: 'gain', 'pan', or any strip
 * parameter by address ('strip.eq.0.gain', 'strip.compressor.threshold', 'strip.hpf.on' …), a
 * track's send ('send.VERB' its level, 'send.VERB.on') or a return's reverb ('reverb.decay' …).
 */
export type ControlParam = string;

/** Whether `param` is something a mapping can bind. */
export function isControlParam(param: string): boolean {
	return param === 'gain' || param === 'pan' || stripControl(param) !== undefined;
}

/** One control of a mapped (generic) controller. Channels are 1–16 as printed on devices. */
export interface ControlSpec {
	cc?: number;
	note?: number;
	pitchBend?: true;
	channel: number;
	/** 14-bit CC pair: the controller carrying the low 7 bits (usually cc + 32). */
	lsb?: number;
	encoding: Encoding;
	param?: ControlParam;
	action?: MidiActionName;
	strip?: StripRef;
	/** Relative encoders: dB (gain), pan (−1…+1), or the strip parameter's unit (octaves for frequencies) per step. */
	step?: number;
	/** soft: an absolute control acts only once it reaches the current value; jump: at once. */
	takeover: 'soft' | 'jump';
	/** Send values / LED states back to the control. */
	feedback: boolean;
	/** Shown on the MIDI page ("fader 1"). */
	label?: string;
}

export interface GenericMapping {
	protocol: 'generic';
	name: string;
	/** Port names this file is for (a case-insensitive regular expression). */
	match?: string;
	/** Strips in one bank (bank buttons move by this many). */
	strips: number;
	controls: ControlSpec[];
}

export interface McuMapping {
	protocol: 'mcu';
	name: string;
	match?: string;
	/** Port names of an XT extender (a second unit of 8 strips). */
	extender?: string;
	strip: Record<StripButton, MidiActionName>;
	/** MCU button name (mcu-protocol.ts) → action. */
	buttons: Partial<Record<string, MidiActionName>>;
}

export type Mapping = GenericMapping | McuMapping;

/** A mapping file that cannot be used; the message names the file and the path in it. */
export class MappingError extends UserError {
	override name = 'MappingError';
}

const regex = z.string().refine((s) => {
	try {
		new RegExp(s, 'i');
		return true;
	} catch {
		return false;
	}
}, 'a regular expression');
const action = z.string().refine(isMidiAction, { message: `an action (${MIDI_ACTIONS.join(', ')})` });
const controlParam = z.string().refine(isControlParam, {
	message: "gain, pan or a strip parameter (strip.trim, strip.hpf.freq, strip.eq.0.gain, strip.compressor.threshold, strip.gate.on …), a track's send (send.VERB, send.VERB.on) or a return's reverb (reverb.decay, reverb.mix, reverb.on …)",
});
const stripRef = z.union([
	z.number().int().min(0).max(255),
	z.literal('selected'),
	z.literal('master'),
	z.strictObject({ track: z.string().min(1) }),
	z.strictObject({ bus: z.string().min(1) }),
]);
const byte = z.number().int().min(0).max(127);

const controlSchema = z
	.strictObject({
		cc: byte.optional(),
		note: byte.optional(),
		pitchBend: z.literal(true).optional(),
		channel: z.number().int().min(1).max(16).optional(),
		lsb: byte.optional(),
		encoding: z.enum(ENCODINGS as [Encoding, ...Encoding[]]).optional(),
		param: controlParam.optional(),
		action: action.optional(),
		strip: stripRef.optional(),
		step: z.number().positive().optional(),
		takeover: z.enum(['soft', 'jump']).optional(),
		feedback: z.boolean().optional(),
		label: z.string().optional(),
	})
	.superRefine((c, ctx) => {
		const say = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
		const kinds = [c.cc !== undefined, c.note !== undefined, c.pitchBend === true].filter(Boolean).length;
		if (kinds !== 1) say('cc', 'give exactly one of cc, note or pitchBend');
		if ((c.param === undefined) === (c.action === undefined)) say('param', 'give exactly one of param or action');
		const relative = c.encoding !== undefined && c.encoding !== 'absolute';
		if (c.lsb !== undefined && c.cc === undefined) say('lsb', 'only a cc has an lsb');
		if (c.lsb !== undefined && relative) say('lsb', 'a relative encoder has no lsb');
		if (relative && c.cc === undefined) say('encoding', 'only a cc can be a relative encoder');
		if (c.step !== undefined && !relative) say('step', 'only relative encoders take a step');
		if (c.param !== undefined && isControlParam(c.param)) {
			const isSwitch = stripControl(c.param)?.kind === 'switch';
			if (isSwitch) {
				if (c.pitchBend) say('pitchBend', `${c.param} is an in/out switch: bind a button (a note or a CC)`);
				if (relative || c.lsb !== undefined) say('encoding', `${c.param} is an in/out switch: bind a button (a note or a CC)`);
			} else if (c.note !== undefined) say('note', 'a note cannot set a level; bind an action or an in/out switch (strip.eq.0.on …)');
			if (c.strip === undefined) say('strip', 'a param needs a strip (0-based, "selected", "master", { track: ID } or { bus: ID })');
			if (c.param === 'pan' && c.strip === 'master') say('strip', 'the master has no pan');
			if (c.param === 'pan' && typeof c.strip === 'object' && 'bus' in c.strip) say('strip', 'a bus has no pan');
			// Sends are a track's, a reverb a return bus's: say so for a strip named here.
			const named = c.strip === 'master' ? 'master' : typeof c.strip === 'object' ? ('track' in c.strip ? 'track' : 'bus') : undefined;
			if (c.param.startsWith('send.') && (named === 'master' || named === 'bus')) say('strip', `${named === 'bus' ? 'a bus' : 'the master'} has no sends: a send needs a track`);
			if (c.param.startsWith('reverb.') && (named === 'master' || named === 'track')) say('strip', `${named === 'track' ? 'a track' : 'the master'} has no reverb: a reverb is a return bus's`);
		}
		if (c.action !== undefined && isMidiAction(c.action)) {
			if (isMcuAction(c.action)) say('action', `"${c.action}" is for Mackie Control surfaces (mcu.yaml)`);
			if (isStripAction(c.action) && c.strip === undefined) say('strip', `"${c.action}" acts on a strip: give strip`);
			if (!isStripAction(c.action) && c.strip !== undefined) say('strip', `"${c.action}" takes no strip`);
		}
	});

const genericSchema = z.strictObject({
	protocol: z.literal('generic').optional(),
	name: z.string().min(1),
	match: regex.optional(),
	channel: z.number().int().min(1).max(16).optional(),
	strips: z.number().int().min(1).max(64).optional(),
	controls: z.array(controlSchema),
});

const stripButtons = z.strictObject(Object.fromEntries(STRIP_BUTTONS.map((b) => [b, action.optional()])) as Record<StripButton, z.ZodOptional<typeof action>>);
const mcuSchema = z.strictObject({
	protocol: z.literal('mcu'),
	name: z.string().min(1),
	match: regex.optional(),
	extender: regex.optional(),
	strip: stripButtons.optional(),
	buttons: z
		.record(z.string(), action)
		.superRefine((b, ctx) => {
			for (const k of Object.keys(b)) if (!Object.hasOwn(MCU_BUTTONS, k)) ctx.addIssue({ code: 'custom', path: [k], message: 'not an MCU button name' });
		})
		.optional(),
});

function pathText(path: readonly PropertyKey[]): string {
	return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

/** Validates a parsed YAML document; `source` (a file) starts the error message. */
export function parseMapping(doc: unknown, source: string): Mapping {
	const isMcu = typeof doc === 'object' && doc !== null && (doc as { protocol?: unknown }).protocol === 'mcu';
	const result = isMcu ? mcuSchema.safeParse(doc) : genericSchema.safeParse(doc);
	if (!result.success) {
		const issue = result.error.issues[0]!;
		const where = issue.path.length > 0 ? `${pathText(issue.path)}: ` : '';
		throw new MappingError(`${source}: ${where}${issue.message}`);
	}
	if (result.data.protocol === 'mcu') {
		const m = result.data;
		const strip = { rec: 'polarity', solo: 'solo', mute: 'mute', select: 'select', vpotPress: 'panCentre', ...m.strip } as Record<StripButton, MidiActionName>;
		return { protocol: 'mcu', name: m.name, match: m.match, extender: m.extender, strip, buttons: (m.buttons ?? {}) as Record<string, MidiActionName> };
	}
	const g = result.data as z.output<typeof genericSchema>;
	const controls = g.controls.map(
		(c): ControlSpec => ({
			...c,
			channel: c.channel ?? g.channel ?? 1,
			encoding: c.encoding ?? 'absolute',
			action: c.action as MidiActionName | undefined,
			takeover: c.takeover ?? 'soft',
			feedback: c.feedback ?? false,
		}),
	);
	const widest = Math.max(0, ...controls.map((c) => (typeof c.strip === 'number' ? c.strip + 1 : 0)));
	return { protocol: 'generic', name: g.name, match: g.match, strips: g.strips ?? Math.max(1, widest), controls };
}

/** Reads and validates a mapping file. */
export function loadMappingFile(file: string): Mapping {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new MappingError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}
	let doc: unknown;
	try {
		doc = parseYaml(text);
	} catch (error) {
		throw new MappingError(`${file}: ${(error as Error).message.split('\n')[0]}`);
	}
	return parseMapping(doc, file);
}

/** The shipped keymaps/midi folder: next to dist/ in the package, or at the repository root. */
export function shippedMappingDir(): string {
	for (const url of [new URL('../keymaps/midi/', import.meta.url), new URL('../../keymaps/midi/', import.meta.url)]) {
		const dir = fileURLToPath(url);
		if (existsSync(join(dir, 'mcu.yaml'))) return dir;
	}
	throw new Error('keymaps/midi/mcu.yaml is missing from the installation');
}

/** A mapping file found on disk, valid or not. */
export interface MappingEntry {
	name: string;
	file: string;
	/** The user's file (in the config directory). */
	user: boolean;
	mapping?: Mapping;
	error?: string;
}

/** Every mapping file, user files first shadowing shipped ones by name. Invalid files are listed with their error. */
export function listMappings(dirs: { shipped: string; user?: string }): MappingEntry[] {
	const found = new Map<string, MappingEntry>();
	for (const [dir, user] of [[dirs.user, true], [dirs.shipped, false]] as const) {
		if (!dir || !existsSync(dir)) continue;
		for (const f of readdirSync(dir).sort()) {
			if (!f.endsWith('.yaml')) continue;
			const name = f.slice(0, -5);
			if (found.has(name)) continue;
			const file = join(dir, f);
			try {
				found.set(name, { name, file, user, mapping: loadMappingFile(file) });
			} catch (error) {
				found.set(name, { name, file, user, error: (error as Error).message });
			}
		}
	}
	return [...found.values()];
}

/** A mapping by name (user file first) or by path. */
export function resolveMapping(nameOrPath: string, dirs: { shipped: string; user?: string }): { name: string; file: string; mapping: Mapping } {
	if (isAbsolute(nameOrPath) || nameOrPath.endsWith('.yaml')) {
		return { name: basename(nameOrPath, '.yaml'), file: nameOrPath, mapping: loadMappingFile(nameOrPath) };
	}
	for (const dir of [dirs.user, dirs.shipped]) {
		if (!dir) continue;
		const file = join(dir, `${nameOrPath}.yaml`);
		if (existsSync(file)) return { name: nameOrPath, file, mapping: loadMappingFile(file) };
	}
	throw new MappingError(`no MIDI mapping "${nameOrPath}" (looked in ${[dirs.user, dirs.shipped].filter(Boolean).join(' and ')})`);
}

/** The mapping made for a port name, if any matches it. */
export function matchMapping(port: string, entries: readonly MappingEntry[]): MappingEntry | undefined {
	return entries.find((e) => e.mapping?.match !== undefined && new RegExp(e.mapping.match, 'i').test(port));
}
