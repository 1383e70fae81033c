// The MIDI page's state and keys, apart from React so tests drive it directly: a cursor over
// rows (input, output, mapping, extender, learn), a pending choice per row that Enter applies
// (opening ports on every arrow press would be rude to the device), and the learn flow (PgUp /
// PgDn jump between groups of targets: a strip, the selection, a section of its channel strip).
// The lines it draws fit 80×24 and read the same without colour.
import { MIDI_ACTIONS, isMcuAction, isStripAction, type MidiActionName } from './actions.js';
import type { MidiController, MidiStatus } from './api.js';
import type { LearnTarget } from './learn.js';
import { paramName, reverbAddresses, stripAddresses } from './strip-control.js';
import type { Strip } from './strips.js';

/** Keys the page uses while it is shown; the app should not also run global actions for them. */
export const MIDI_PAGE_KEYS: ReadonlySet<string> = new Set(['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'enter', 'escape', 'backspace', 'delete', 'e', 'r']);

export type PageRow = 'input' | 'output' | 'mapping' | 'extender' | 'learn';

/** Styling hooks (the app's theme); identity by default. */
export interface PageStyle {
	cursor(text: string): string;
	dim(text: string): string;
	error(text: string): string;
}

const PLAIN_STYLE: PageStyle = { cursor: (t) => t, dim: (t) => t, error: (t) => t };

const GLOBAL_ACTIONS = MIDI_ACTIONS.filter((a) => !isStripAction(a) && !isMcuAction(a) && a !== 'none');
const STRIP_ACTIONS = MIDI_ACTIONS.filter((a) => isStripAction(a));

/**
 * Every target learn mode offers: per strip of the bank, the selection (with every parameter of
 * its channel strip: a knob box becomes the console's channel strip section), the master, then
 * the session actions.
 */
export function learnTargets(width: number): LearnTarget[] {
	const targets: LearnTarget[] = [];
	for (let s = 0; s < Math.max(1, width); s++) {
		targets.push({ param: 'gain', strip: s }, { param: 'pan', strip: s });
		for (const a of STRIP_ACTIONS) targets.push({ action: a, strip: s });
	}
	targets.push({ param: 'gain', strip: 'selected' }, { param: 'pan', strip: 'selected' });
	for (const a of STRIP_ACTIONS) targets.push({ action: a, strip: 'selected' });
	for (const param of stripAddresses()) targets.push({ param, strip: 'selected' });
	// A return's reverb (acts when the selection is one).
	for (const param of reverbAddresses()) targets.push({ param, strip: 'selected' });
	targets.push({ param: 'gain', strip: 'master' });
	for (const a of GLOBAL_ACTIONS) targets.push({ action: a as MidiActionName });
	return targets;
}

/** The group PgUp / PgDn jump between: a bank strip, the selection, a section of its strip, the master, the session. */
function groupOf(t: LearnTarget): string {
	if ('param' in t && t.param.startsWith('strip.')) {
		const parts = t.param.split('.');
		return parts[1] === 'eq' ? `eq.${parts[2]}` : parts[1]!;
	}
	if ('param' in t && t.param.startsWith('reverb.')) return 'reverb';
	return t.strip === undefined ? 'session' : typeof t.strip === 'number' ? `s${t.strip}` : JSON.stringify(t.strip);
}

/** The index of the first target of the group after (delta 1) or before (−1) the one at `at`, wrapping. */
export function groupStep(targets: readonly LearnTarget[], at: number, delta: number): number {
	const n = targets.length;
	if (n === 0) return 0;
	const group = (i: number) => groupOf(targets[((i % n) + n) % n]!);
	let i = at;
	if (delta > 0) {
		while (i < at + n && group(i) === group(at)) i++;
	} else {
		// To the start of this group; from its start, to the start of the one before.
		while (i > at - n && group(i - 1) === group(at)) i--;
		if (i === at) {
			i--;
			while (i > at - n && group(i - 1) === group(at - 1)) i--;
		}
	}
	return ((i % n) + n) % n;
}

/** "gain · strip 3 (ADR)", "EQ 2 gain · selected strip", "play". */
export function describeTarget(t: LearnTarget, strips: readonly Strip[], bank: number): string {
	const what = 'param' in t ? paramName(t.param) : t.action;
	if (t.strip === undefined) return what;
	if (t.strip === 'selected') return `${what} · selected strip`;
	if (t.strip === 'master') return `${what} · master`;
	if (typeof t.strip === 'object') return `${what} · ${'track' in t.strip ? `track ${t.strip.track}` : `bus ${t.strip.bus}`}`;
	const name = strips[bank + t.strip]?.name;
	return `${what} · strip ${t.strip + 1}${name ? ` (${name})` : ''}`;
}

export class MidiPage {
	row: PageRow = 'input';
	/** Index into a row's choices while choosing; undefined shows the current value. */
	private pending = new Map<PageRow, number>();
	target = 0;
	private version = 0;
	private readonly listeners = new Set<() => void>();

	constructor(private readonly midi: MidiController) {}

	readonly subscribe = (l: () => void): (() => void) => {
		this.listeners.add(l);
		return () => this.listeners.delete(l);
	};
	readonly getVersion = (): number => this.version;

	private changed(): void {
		this.version++;
		for (const l of this.listeners) l();
	}

	rows(status: MidiStatus): PageRow[] {
		// A Mackie Control's protocol is fixed: no learn row (its buttons are in mcu.yaml).
		return status.protocol === 'mcu' ? ['input', 'output', 'mapping', 'extender'] : ['input', 'output', 'mapping', 'learn'];
	}

	/** The values a row can take; undefined means automatic (or none, for the extender). */
	choices(row: PageRow, status: MidiStatus): (string | undefined)[] {
		switch (row) {
			case 'input':
			case 'extender':
				return [undefined, ...status.inputs];
			case 'output':
				return [undefined, ...status.outputs];
			case 'mapping':
				return [undefined, ...status.mappings.filter((m) => !m.error).map((m) => m.name)];
			default:
				return [];
		}
	}

	/** The choice shown for a row: pending, or what is in force. */
	shown(row: PageRow, status: MidiStatus): { value: string | undefined; pending: boolean } {
		const p = this.pending.get(row);
		if (p !== undefined) return { value: this.choices(row, status)[p], pending: true };
		const current = row === 'input' ? status.input : row === 'output' ? status.output : row === 'mapping' ? status.mapping : row === 'extender' ? status.extenderInput : undefined;
		return { value: current, pending: false };
	}

	/** Handles a key (canonical names: "up", "enter", "e" …); true when the page used it. */
	key(key: string): boolean {
		if (!MIDI_PAGE_KEYS.has(key)) return false;
		const status = this.midi.getStatus();
		const learn = status.learn;
		this.problem = undefined;
		if (learn.phase !== 'idle') {
			if (key === 'escape') this.midi.learn.cancel();
			else if (key === 'e') this.midi.learn.cycleEncoding();
			else if (key === 'enter' && learn.phase === 'captured') this.midi.learn.save();
			this.changed();
			return true;
		}
		const rows = this.rows(status);
		const at = Math.max(0, rows.indexOf(this.row));
		switch (key) {
			case 'up':
			case 'down':
				this.row = rows[Math.max(0, Math.min(rows.length - 1, at + (key === 'up' ? -1 : 1)))]!;
				break;
			case 'left':
			case 'right':
				this.step(status, key === 'left' ? -1 : 1);
				break;
			case 'pageup':
			case 'pagedown':
				if (this.row === 'learn') this.target = groupStep(learnTargets(status.width), this.target, key === 'pageup' ? -1 : 1);
				break;
			case 'enter':
				this.apply(status);
				break;
			case 'escape':
				this.pending.clear();
				break;
			case 'backspace':
			case 'delete':
				this.pending.set(this.row, 0);
				this.apply(status);
				break;
			case 'r':
				this.midi.rescan();
				break;
			default:
				break;
		}
		this.changed();
		return true;
	}

	private step(status: MidiStatus, delta: number): void {
		if (this.row === 'learn') {
			const n = learnTargets(status.width).length;
			this.target = (this.target + delta + n) % n;
			return;
		}
		const choices = this.choices(this.row, status);
		if (choices.length === 0) return;
		const now = this.pending.get(this.row) ?? Math.max(0, choices.indexOf(this.shown(this.row, status).value));
		this.pending.set(this.row, (now + delta + choices.length) % choices.length);
	}

	private apply(status: MidiStatus): void {
		if (this.row === 'learn') {
			const target = learnTargets(status.width)[this.target];
			if (target) this.problem = this.midi.learn.start(target);
			return;
		}
		const p = this.pending.get(this.row);
		if (p === undefined) return;
		const value = this.choices(this.row, status)[p];
		this.pending.delete(this.row);
		if (this.row === 'input') this.midi.selectInput(value);
		else if (this.row === 'output') this.midi.selectOutput(value);
		else if (this.row === 'mapping') this.midi.selectMapping(value);
		else if (this.row === 'extender') this.midi.selectExtender(value, value);
	}

	/** Why learn could not start, shown until the next key. */
	problem: string | undefined;
}

const LABELS: Record<PageRow, string> = { input: 'Input', output: 'Output', mapping: 'Mapping', extender: 'Extender', learn: 'Learn' };

function fit(text: string, width: number): string {
	return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

/** The page as screen lines, `height` of them, none wider than `columns`. */
export function midiPageLines(page: MidiPage, status: MidiStatus, strips: readonly Strip[], columns: number, height: number, style: PageStyle = PLAIN_STYLE): string[] {
	const out: string[] = [];
	const line = (text: string, styled?: (t: string) => string) => out.push(styled ? styled(fit(text, columns)) : fit(text, columns));
	if (!status.available) {
		line('MIDI control surfaces: unavailable');
		line('');
		line(status.reason ?? 'no MIDI subsystem', style.error);
		line('');
		line('dubdesk runs without MIDI. On Linux, surfaces need the ALSA sequencer');
		line('(kernel module snd-seq, /dev/snd/seq); start dubdesk again once it is there.');
	} else {
		const surface = status.protocol === 'mcu' ? 'Mackie Control' : status.protocol === 'generic' ? 'mapped controller' : 'no surface';
		const bank = status.width > 0 ? ` · strips ${status.bank + 1}–${Math.min(strips.length, status.bank + status.width)} of ${strips.length}` : '';
		line(`MIDI · ${status.backend} · ${surface}${bank}`);
		line('');
		for (const row of page.rows(status)) {
			const cursor = page.row === row;
			let value: string;
			let note = '';
			if (row === 'learn') {
				const target = learnTargets(status.width)[page.target];
				value = target ? describeTarget(target, strips, status.bank) : '';
				note = cursor ? 'enter: learn' : '';
			} else {
				const shown = page.shown(row, status);
				value = shown.value ?? (row === 'extender' ? 'none' : row === 'mapping' ? `auto${status.mapping ? ` (${status.mapping})` : ''}` : 'auto');
				if (shown.pending) note = 'enter: use  esc: keep';
				else if (row === 'input') note = status.inputOpen ? 'open' : status.input ? 'not connected' : '';
				else if (row === 'output') note = status.outputOpen ? 'open' : status.output ? 'not connected' : '';
				else if (row === 'extender') note = status.extenderOpen ? 'open' : '';
				else if (row === 'mapping' && status.mappingError) note = 'invalid';
			}
			const text = `${cursor ? '›' : ' '} ${LABELS[row].padEnd(9)} ‹ ${value} ›  ${note}`;
			line(text, cursor ? style.cursor : undefined);
		}
		line('');
		line(`received ${status.received} · malformed ${status.malformed} · unused ${status.ignored}${status.lastMessage ? ` · last: ${status.lastMessage}` : ''}`, style.dim);
		if (status.mappingError) line(status.mappingError, style.error);
		const learn = status.learn;
		if (learn.phase === 'listening' && learn.target) {
			line('');
			line(`Learning ${describeTarget(learn.target, strips, status.bank)}: move a control on the device.  esc: cancel`);
			if (learn.problem) line(`${learn.heard ?? ''}: ${learn.problem}`, style.error);
		} else if (learn.phase === 'captured' && learn.control && learn.target) {
			const c = learn.control;
			const heard = c.pitchBend ? `pitch bend ch ${c.channel}` : c.note !== undefined ? `note ${c.note} ch ${c.channel}` : `CC ${c.cc}${c.lsb !== undefined ? `/${c.lsb} (14-bit)` : ''} ch ${c.channel}`;
			line('');
			line(`${heard} → ${describeTarget(learn.target, strips, status.bank)}${c.cc !== undefined && c.lsb === undefined ? ` · ${c.encoding}` : ''}`);
			line(`enter: save to your mapping  ${c.cc !== undefined && c.lsb === undefined ? 'e: encoding  ' : ''}esc: cancel`, style.dim);
		} else if (page.problem) {
			line('');
			line(page.problem, style.error);
		}
		const broken = status.mappings.filter((m) => m.error);
		if (broken.length > 0) {
			line('');
			for (const m of broken) line(`${m.name}: ${m.error}`, style.error);
		}
	}
	const hint = status.available ? `↑↓ choose  ←→ change  ${page.row === 'learn' ? 'PgUp/PgDn jump  ' : ''}enter use/learn  ⌫ automatic  r rescan` : '';
	while (out.length < height - 1) out.push('');
	out.length = Math.max(0, height - 1);
	out.push(hint ? style.dim(fit(hint, columns)) : '');
	return out.slice(0, height);
}
