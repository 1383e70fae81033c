// Learn mode: the user picks what a control should do on the MIDI page, moves the control, and
// the binding is proposed from what arrived: the message kind, a 14-bit CC pair (a CC 0–31
// followed by its +32 partner), and for CCs a guess of the encoding from the values seen (the
// page lets the user cycle it before saving). While learning, messages are consumed, so moving
// the control does not also change the mix. A strip parameter is learned like a level; an
// in/out switch (strip.eq.0.on …) like a button.
import { isStripAction, type MidiActionName } from './actions.js';
import { ENCODINGS, type Encoding } from './encoders.js';
import type { ControlParam, ControlSpec, GenericMapping, StripRef } from './mapping.js';
import { describeMessage } from './parser.js';
import { isSwitchParam, paramName } from './strip-control.js';
import type { MidiMessage } from './types.js';

/** What the next control will drive. */
export type LearnTarget = { param: ControlParam; strip: StripRef } | { action: MidiActionName; strip?: StripRef };

export interface LearnState {
	phase: 'idle' | 'listening' | 'captured';
	target?: LearnTarget;
	/** The binding that would be saved. */
	control?: ControlSpec;
	/** What was heard ("CC 7 = 64 ch 1"). */
	heard?: string;
	/** Why the last message cannot be used for this target. */
	problem?: string;
}

/** A guess from values a CC sent: relative encoders send small steps around 0 or 64. */
export function guessEncoding(values: readonly number[]): Encoding {
	const distinct = new Set(values);
	if (distinct.size < 2) return 'absolute';
	const has = (lo: number, hi: number) => values.some((v) => v >= lo && v <= hi);
	const only = (ranges: [number, number][]) => values.every((v) => ranges.some(([lo, hi]) => v >= lo && v <= hi));
	if (has(1, 15) && has(113, 127) && only([[1, 15], [113, 127]])) return 'twos-complement';
	if (has(1, 15) && has(65, 79) && only([[1, 15], [65, 79]])) return 'sign-magnitude';
	if (has(49, 63) && has(65, 79) && values.length >= 3 && only([[49, 79]]) && !has(64, 64)) return 'binary-offset';
	return 'absolute';
}

/** "strip 3", "the selected strip", "the master", "track dx1". */
export function stripRefText(ref: StripRef): string {
	if (typeof ref === 'number') return `strip ${ref + 1}`;
	if (typeof ref === 'object') return 'track' in ref ? `track ${ref.track}` : `bus ${ref.bus}`;
	return ref === 'master' ? 'the master' : 'the selected strip';
}

function describeTarget(t: LearnTarget): string {
	const strip = t.strip === undefined ? '' : ` of ${stripRefText(t.strip)}`;
	return 'param' in t ? `${paramName(t.param)}${strip}` : `${t.action}${strip}`;
}

export class Learner {
	private s: LearnState = { phase: 'idle' };
	private values: number[] = [];

	constructor(private readonly changed: () => void) {}

	get state(): LearnState {
		return this.s;
	}

	/** Starts listening for a control for `target`. */
	start(target: LearnTarget): void {
		if ('action' in target && isStripAction(target.action) && target.strip === undefined) throw new Error(`${target.action} needs a strip`);
		this.s = { phase: 'listening', target };
		this.values = [];
		this.changed();
	}

	cancel(): void {
		this.s = { phase: 'idle' };
		this.changed();
	}

	/** Offers an incoming message; true when learn mode took it (the surface must not act on it). */
	offer(m: MidiMessage): boolean {
		const { phase, target, control } = this.s;
		if (phase === 'idle' || !target) return false;
		if (m.type === 'system' || m.type === 'sysex' || m.type === 'channelPressure' || m.type === 'polyPressure' || m.type === 'programChange') return true;
		if (m.type === 'noteOff') return true;
		const channel = m.channel + 1;
		// A switch learned from a CC button: its release (value 0) and presses are the same control.
		if (phase === 'captured' && control && m.type === 'cc' && control.channel === channel && control.cc === m.controller && isSwitchParam(control.param)) return true;
		if (phase === 'captured' && control && m.type === 'cc' && control.channel === channel) {
			if (control.cc === m.controller) {
				this.values.push(m.value);
				if (control.lsb === undefined) this.propose({ ...control, encoding: guessEncoding(this.values) });
				return true;
			}
			if (control.cc !== undefined && control.cc < 32 && m.controller === control.cc + 32 && control.encoding === 'absolute') {
				this.propose({ ...control, lsb: m.controller });
				return true;
			}
			if (control.lsb === m.controller) return true;
		}
		const base = { channel, takeover: 'soft' as const, feedback: false, encoding: 'absolute' as Encoding, strip: target.strip };
		const what = 'param' in target ? { param: target.param } : { action: target.action };
		const button = !('param' in target) || isSwitchParam(target.param);
		if (!button && m.type === 'noteOn') {
			this.s = { ...this.s, heard: describeMessage(m), problem: 'a note cannot set a level: move a fader or a knob' };
			this.changed();
			return true;
		}
		this.values = [];
		if (button && 'param' in target && m.type === 'pitchBend') {
			this.s = { ...this.s, heard: describeMessage(m), problem: 'an in/out switch needs a button: press one' };
			this.changed();
			return true;
		}
		if (m.type === 'cc') {
			this.values.push(m.value);
			this.propose({ ...base, ...what, cc: m.controller }, describeMessage(m));
		} else if (m.type === 'noteOn') this.propose({ ...base, ...what, note: m.note }, describeMessage(m));
		else if (m.type === 'pitchBend') this.propose({ ...base, ...what, pitchBend: true }, describeMessage(m));
		return true;
	}

	private propose(control: ControlSpec, heard = this.s.heard): void {
		if (control.strip === undefined) delete control.strip;
		this.s = { phase: 'captured', target: this.s.target, control, heard };
		this.changed();
	}

	/** Steps the proposed control's encoding (the guess can be wrong). */
	cycleEncoding(): void {
		const c = this.s.control;
		if (!c || c.cc === undefined || c.lsb !== undefined || isSwitchParam(c.param)) return;
		const next = ENCODINGS[(ENCODINGS.indexOf(c.encoding) + 1) % ENCODINGS.length]!;
		this.s = { ...this.s, control: { ...c, encoding: next } };
		this.changed();
	}

	/** The proposed control (with a label naming its target), ending learn mode; undefined when nothing was captured. */
	take(): ControlSpec | undefined {
		const { control, target } = this.s;
		this.s = { phase: 'idle' };
		this.changed();
		if (!control || !target) return undefined;
		return { ...control, label: control.label ?? describeTarget(target) };
	}
}

/** Adds `control` to `mapping`, replacing any control that listens to the same message. */
export function withControl(mapping: GenericMapping, control: ControlSpec): GenericMapping {
	const same = (c: ControlSpec) =>
		c.channel === control.channel &&
		((control.cc !== undefined && (c.cc === control.cc || c.lsb === control.cc)) || (control.note !== undefined && c.note === control.note) || (control.pitchBend === true && c.pitchBend === true));
	const controls = [...mapping.controls.filter((c) => !same(c)), control];
	const widest = Math.max(mapping.strips, ...controls.map((c) => (typeof c.strip === 'number' ? c.strip + 1 : 0)));
	return { ...mapping, controls, strips: widest };
}

const FIELD_ORDER: (keyof ControlSpec)[] = ['cc', 'lsb', 'note', 'pitchBend', 'channel', 'encoding', 'param', 'action', 'strip', 'step', 'takeover', 'feedback', 'label'];
const DEFAULTS: Partial<Record<keyof ControlSpec, unknown>> = { encoding: 'absolute', takeover: 'soft', feedback: false };

function scalar(v: unknown): string {
	if (typeof v === 'object' && v !== null) return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${scalar(x)}`).join(', ')} }`;
	return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** A generic mapping as YAML, one flow mapping per control (diffable, hand-editable). */
export function mappingToYaml(mapping: GenericMapping, comment?: string): string {
	const lines: string[] = [];
	if (comment) lines.push(...comment.split('\n').map((l) => `# ${l}`));
	lines.push(`name: ${JSON.stringify(mapping.name)}`);
	if (mapping.match !== undefined) lines.push(`match: ${JSON.stringify(mapping.match)}`);
	lines.push(`strips: ${mapping.strips}`, 'controls:');
	for (const c of mapping.controls) {
		const fields = FIELD_ORDER.filter((k) => c[k] !== undefined && DEFAULTS[k] !== c[k]).map((k) => `${k}: ${scalar(c[k])}`);
		lines.push(`  - { ${fields.join(', ')} }`);
	}
	return `${lines.join('\n')}\n`;
}
