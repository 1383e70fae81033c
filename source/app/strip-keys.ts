// What the strip page's keys do. Every change is a strip edit through mix-commands.ts
// (editStripParam: one undo step per control, a live change in the engine, autosaved; send
// levels and reverb values too) or, for what is more than one value (removing a band, copying a
// strip, adding or removing a send, moving its tap before or after the fader), one store.edit.
// Typed values are checked here and refused with a line that says why, never clamped in silence.
import { addSend, nextSendBus, nudgeDb, removeSend, setSendPre } from '../../sessions/edit.js';
import { BAND_TYPES, MAX_EQ_BANDS, SEND_SPEC } from '../../sessions/strip-params.js';
import type { StripAction } from '../input/actions.js';
import { clampStripValue, editStripParam, type MixTarget } from './mix-commands.js';
import type { MixerStore, Prompt } from './mixer-store.js';
import { selectedTarget, selectStrip, stripIndex, type ActionContext } from './run-action.js';
import { copyStrip, nextOnes, removeBand, sameBus } from './strip-edits.js';
import { cursorAt, stripOf, targetSections, valueText, type PageParam, type PageSection } from './strip-model.js';
import { faderText } from './format.js';
import { addDucker, removeDucker } from '../../sessions/edit-duck.js';
import { rangeOf } from './strip-rows.js';

const NO_DUCKER = 'no ducker yet: switch the DUCK line on to add one (keyed by the dialogue bus)';

/** The strip page's place: the target, its sections, and the cursor resolved among them. */
function where(store: MixerStore): { target: MixTarget; sections: PageSection[]; section: PageSection; s: number; p: number } {
	const state = store.getState();
	const target = selectedTarget(store);
	const sections = targetSections(state.session, target);
	const at = cursorAt(sections, state.stripCursor);
	return { target, sections, section: sections[at.section]!, s: at.section, p: at.param };
}

function nameOf(target: MixTarget): string {
	return target.kind === 'master' ? 'Master' : target.name;
}

/** "Trk 1 EQ 2 gain +3.0 dB", "Trk 1 HPF 120 Hz", "Trk 1 send to VERB -12.0 dB". */
function label(target: MixTarget, section: PageSection, p: PageParam, value: string | number | boolean): string {
	const what = section.send ? section.title : p.short ? `${section.label} ${p.short}` : section.label;
	return `${nameOf(target)} ${what} ${valueText(p, value)}${section.state === 'absent' ? ` (${section.label} on)` : ''}`;
}

/** Decimals of a step (0.05 → 2). */
function stepDecimals(step: number): number {
	const s = String(step);
	return s.includes('.') ? s.split('.')[1]!.length : 0;
}

/**
 * The value `steps` steps from `value` on the parameter's grid: logarithmic ones (frequencies,
 * q) in octave fractions, others on multiples of their step, stepped choices to the next
 * choice. An off-grid value goes to the grid point in that direction first.
 */
export function nudged(p: PageParam, value: number, steps: number): number {
	const spec = p.spec!;
	if (spec.choices) {
		const i = spec.choices.reduce((best, c, k) => (Math.abs(c - value) < Math.abs(spec.choices![best]! - value) ? k : best), 0);
		return spec.choices[Math.max(0, Math.min(spec.choices.length - 1, i + Math.sign(steps) * Math.min(Math.abs(steps), spec.choices.length)))]!;
	}
	// Octave grids run through 1 kHz for frequencies and through 1 for a q (0.707, 1, 1.41, 2 …).
	const ref = spec.unit === 'Hz' ? 1000 : 1;
	const x = spec.log ? Math.log2(value / ref) / spec.step : value / spec.step;
	// Within a thousandth of a step counts as on the grid (stored values are rounded).
	const k = steps > 0 ? Math.floor(x + 1e-3) + steps : Math.ceil(x - 1e-3) + steps;
	if (spec.log) return Number((ref * 2 ** (k * spec.step)).toFixed(spec.unit === 'Hz' ? 2 : 3));
	return Number((k * spec.step).toFixed(stepDecimals(spec.step)));
}

function nudge(store: MixerStore, steps: number): void {
	const { target, section, p } = where(store);
	const param = section.params[p];
	if (!param) return store.say(`${section.title}: nothing to change here`, 'error');
	if (section.key === 'duck' && section.state === 'absent') return store.say(NO_DUCKER, 'error');
	const current = section.values[param.name];
	if (param.name === 'pre') return setPre(store, target, section, 'toggle');
	if (param.spec === SEND_SPEC) {
		// A send level moves like a fader: up from −∞ to −60 dB, down past −60 closes it.
		const value = nudgeDb(current as number, steps * SEND_SPEC.step, SEND_SPEC.max);
		if (value === current) return store.say(`${label(target, section, param, value)} is at its ${steps > 0 ? 'maximum' : 'minimum'}`);
		editStripParam(store, target, param.param, value, label(target, section, param, value));
		return;
	}
	if (param.name === 'type') {
		const i = BAND_TYPES.indexOf(current as (typeof BAND_TYPES)[number]);
		const type = BAND_TYPES[(i + Math.sign(steps) + BAND_TYPES.length) % BAND_TYPES.length]!;
		editStripParam(store, target, param.param, type, label(target, section, param, type));
		return;
	}
	const value = clampStripValue(param.param, nudged(param, current as number, steps), store.getState().session.sampleRate / 2);
	if (value === current && section.state !== 'absent') return store.say(`${label(target, section, param, value)} is at its ${steps > 0 ? 'maximum' : 'minimum'}`);
	editStripParam(store, target, param.param, value, label(target, section, param, value));
}

/** Parses a typed number with an optional unit ('2.5k', '2.5 kHz', '80 Hz', '-18 dB', '4:1', '5 ms'). */
export function parseStripNumber(text: string, unit: string): number | undefined {
	let t = text.trim().toLowerCase().replace(/\s+/g, '');
	if (unit && t.endsWith(unit.toLowerCase().replace(/\s+/g, ''))) t = t.slice(0, -unit.replace(/\s+/g, '').length);
	let scale = 1;
	if (unit === 'Hz' && t.endsWith('k')) {
		scale = 1000;
		t = t.slice(0, -1);
	}
	if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return undefined;
	return Number(t) * scale;
}

/** Applies a typed strip value or copy count; a bad one is said and the prompt stays open. */
export function submitStripPrompt(store: MixerStore, prompt: Prompt): void {
	const target = prompt.strip ? ({ kind: prompt.strip.kind, id: prompt.strip.id, name: prompt.strip.name } as MixTarget) : selectedTarget(store);
	const text = prompt.value.trim();
	if (prompt.kind === 'stripCopy') {
		const max = nextOnes(store.getState().session, target, Infinity).length;
		const n = Number(text);
		if (!/^\d+$/.test(text) || n < 1 || n > max) return store.say(`"${text}" is not a count: type a whole number from 1 to ${max}`, 'error');
		store.update({ prompt: undefined });
		return copyTo(store, target, nextOnes(store.getState().session, target, n), `the next ${n}`);
	}
	const session = store.getState().session;
	const sections = targetSections(session, target);
	const section = sections.find((s) => s.params.some((p) => p.param === prompt.strip?.param));
	const param = section?.params.find((p) => p.param === prompt.strip?.param);
	if (!section || !param) {
		store.update({ prompt: undefined });
		return store.say('that parameter is gone (the strip changed)', 'error');
	}
	if (param.name === 'pre') {
		const pre = text.toLowerCase() === 'pre' ? true : text.toLowerCase() === 'post' ? false : undefined;
		if (pre === undefined) return store.say(`"${text}" is not a tap: type pre or post`, 'error');
		store.update({ prompt: undefined });
		return setPre(store, target, section, pre);
	}
	let value: string | number;
	if (param.spec === SEND_SPEC && /^-\s*inf(inity)?$/i.test(text)) value = -Infinity;
	else if (!param.spec) {
		const type = BAND_TYPES.find((t) => t.toLowerCase() === text.toLowerCase());
		if (!type) return store.say(`"${text}" is not a band type: ${rangeOf(param, session.sampleRate)}`, 'error');
		value = type;
	} else {
		const v = parseStripNumber(text, param.spec.unit);
		const range = `${section.title} ${section.send ? 'level' : param.name} is ${rangeOf(param, session.sampleRate)}`;
		if (v === undefined) return store.say(`"${text}" is not a number: ${range}`, 'error');
		if (param.spec.choices ? !param.spec.choices.includes(v) : clampStripValue(param.param, v, session.sampleRate / 2) !== v) {
			return store.say(`${text} is out of range: ${range}`, 'error');
		}
		value = v;
	}
	store.update({ prompt: undefined });
	editStripParam(store, target, param.param, value, label(target, section, param, value));
}

function copyTo(store: MixerStore, target: MixTarget, ids: string[], what: string): void {
	const kind = target.kind === 'bus' ? 'bus' : 'track';
	if (ids.length === 0) return store.say(`no other ${kind} to copy ${nameOf(target)}'s strip to (${what})`, 'error');
	const plural = ids.length === 1 ? kind : kind === 'bus' ? 'buses' : 'tracks';
	store.edit(`Copy ${nameOf(target)}'s strip to ${ids.length} ${plural} (${what})`, (s) => copyStrip(s, target, ids));
}

function toggleSection(store: MixerStore): void {
	const { target, section } = where(store);
	if (section.key === 'strip') return toggleBypass(store);
	if (section.key === 'eq') return addBand(store);
	if (section.key === 'send') return addSendKey(store);
	if (section.key === 'duck' && section.state === 'absent') return addDuckKey(store, target);
	const on = section.state !== 'on';
	const param = section.send || section.key === 'reverb' || section.key === 'duck' ? `${section.key}.on` : `strip.${section.key}.on`;
	editStripParam(store, target, param, on, `${nameOf(target)} ${section.send ? section.title : section.label} ${on ? 'on' : 'off'}`);
}

/** Taps the selected send before the fader or after it: the graph changes, so one store.edit. */
function setPre(store: MixerStore, target: MixTarget, section: PageSection, pre: boolean | 'toggle'): void {
	const to = section.send;
	if (target.kind !== 'track' || to === undefined) return store.say('select a send (its line) to tap it pre or post fader', 'error');
	const next = pre === 'toggle' ? !section.values['pre'] : pre;
	if (next === section.values['pre']) return store.say(`${target.name} send to ${to} is ${next ? 'pre' : 'post'}-fader already`);
	store.edit(`${target.name} send to ${to} ${next ? 'pre' : 'post'}-fader`, (s) => setSendPre(s, target.id, to, next));
}

/** Adds a send from the selected track to the next return it does not send to yet. */
function addSendKey(store: MixerStore): void {
	const target = selectedTarget(store);
	if (target.kind !== 'track') return store.say('sends are per track: select a track to add one', 'error');
	const session = store.getState().session;
	const to = nextSendBus(session, target.id);
	if (to === undefined) {
		if (session.buses.length === 0) return store.say('no bus to send to: add a return (a bus with reverb:) to the session', 'error');
		return store.say(`${target.name} already sends to every return and bus it can (not to its own output)`, 'error');
	}
	const label = `${target.name} send to ${to} added (post-fader, ${faderText(SEND_SPEC.default)} dB)`;
	if (store.edit(label, (s) => addSend(s, target.id, to))) store.update({ stripCursor: { section: `send.${to}`, param: 0 } });
}

/** A new ducker on the selected track or bus, keyed by the dialogue bus when there is one (the graph changes: one store.edit). */
function addDuckKey(store: MixerStore, target: MixTarget): void {
	if (target.kind === 'master') return store.say('the master has no ducker: duck a bus or a track', 'error');
	let key = '';
	const added = store.edit(`${target.name} ducker added`, (s) => {
		const next = addDucker(s, target);
		key = (target.kind === 'track' ? next.tracks.find((t) => t.id === target.id) : next.buses.find((b) => b.id === target.id))?.duck?.key ?? '';
		return next;
	});
	if (added) store.say(`${target.name} ducked under ${key} (its output over the threshold dips ${target.name}); the key is \`duck.key\` in the session`);
}

function toggleBypass(store: MixerStore): void {
	const target = selectedTarget(store);
	const bypass = !(stripOf(store.getState().session, target)?.bypass ?? false);
	editStripParam(store, target, 'strip.bypass', bypass, `${nameOf(target)} strip ${bypass ? 'bypassed' : 'in'}`);
}

function addBand(store: MixerStore): void {
	const target = selectedTarget(store);
	const n = stripOf(store.getState().session, target)?.eq?.length ?? 0;
	if (n >= MAX_EQ_BANDS) return store.say(`the EQ has ${MAX_EQ_BANDS} bands already (the most a strip takes)`, 'error');
	if (editStripParam(store, target, `strip.eq.${n}.on`, true, `${nameOf(target)} EQ band ${n + 1} added`)) store.update({ stripCursor: { section: `eq.${n}`, param: 1 } });
}

function moveCursor(store: MixerStore, dSection: number, dParam: number): void {
	const { sections, s, p } = where(store);
	const next = sections[Math.max(0, Math.min(sections.length - 1, s + dSection))]!;
	const param = Math.max(0, Math.min(next.params.length - 1, (p < 0 ? 0 : p) + dParam));
	store.update({ stripCursor: { section: next.key, param } });
}

/** Runs a strip page action. */
export function runStripAction(name: StripAction, ctx: ActionContext): void {
	const { store } = ctx;
	switch (name) {
		case 'close':
			return store.update({ view: 'mixer' });
		case 'previousSection':
		case 'nextSection':
			return moveCursor(store, name === 'nextSection' ? 1 : -1, 0);
		case 'previousParam':
		case 'nextParam':
			return moveCursor(store, 0, name === 'nextParam' ? 1 : -1);
		case 'nudgeUp':
		case 'nudgeDown':
		case 'nudgeUpCoarse':
		case 'nudgeDownCoarse':
			return nudge(store, (name.startsWith('nudgeUp') ? 1 : -1) * (name.endsWith('Coarse') ? 10 : 1));
		case 'typeValue': {
			const { target, section, p } = where(store);
			const param = section.params[p];
			if (!param) return store.say(`${section.title}: nothing to type here`, 'error');
			if (section.key === 'duck' && section.state === 'absent') return store.say(NO_DUCKER, 'error');
			const range = rangeOf(param, store.getState().session.sampleRate);
			const strip = { kind: target.kind, id: target.kind === 'master' ? 'master' : target.id, name: nameOf(target), param: param.param };
			const what = section.send ? (param.name === 'pre' ? 'tap' : 'level') : param.name;
			return store.update({ prompt: { kind: 'stripValue', label: `${nameOf(target)} ${section.title} ${what} (${range})`, value: '', strip } });
		}
		case 'resetParam': {
			const { target, section, p } = where(store);
			const param = section.params[p];
			if (!param) return store.say(`${section.title}: nothing to reset here`, 'error');
			if (section.key === 'duck' && section.state === 'absent') return store.say(NO_DUCKER, 'error');
			if (param.name === 'pre') return setPre(store, target, section, false);
			const value = param.spec ? param.spec.default : BAND_TYPES[0];
			editStripParam(store, target, param.param, value, label(target, section, param, value));
			return;
		}
		case 'toggleSection':
			return toggleSection(store);
		case 'toggleBypass':
			return toggleBypass(store);
		case 'addBand':
			// On a send line (or the line saying there is none), a send; elsewhere an EQ band.
			return where(store).section.key.startsWith('send') ? addSendKey(store) : addBand(store);
		case 'togglePre': {
			const { target, section } = where(store);
			return setPre(store, target, section, 'toggle');
		}
		case 'removeBand': {
			const { target, section, sections } = where(store);
			const to = section.send;
			if (to !== undefined && target.kind === 'track') {
				// The cursor goes to the send before (or after) the one removed.
				const keys = sections.filter((x) => x.send !== undefined).map((x) => x.key);
				const i = keys.indexOf(section.key);
				if (store.edit(`${target.name} send to ${to} removed`, (x) => removeSend(x, target.id, to))) store.update({ stripCursor: { section: keys[i - 1] ?? keys[i + 1] ?? 'send', param: 0 } });
				return;
			}
			if (section.key === 'duck' && section.state !== 'absent' && target.kind !== 'master') {
				store.edit(`${target.name} ducker removed`, (s) => removeDucker(s, target));
				return;
			}
			if (section.band === undefined) return store.say('select an EQ band, a send or the ducker to remove (its line)', 'error');
			if (store.edit(`${nameOf(target)} EQ band ${section.band + 1} removed`, (s) => removeBand(s, target, section.band!))) {
				store.update({ stripCursor: { section: `eq.${Math.max(0, section.band - 1)}`, param: store.getState().stripCursor.param } });
			}
			return;
		}
		case 'previousStrip':
		case 'nextStrip':
			return selectStrip(store, stripIndex(store) + (name === 'nextStrip' ? 1 : -1));
		case 'copyToBus': {
			const target = selectedTarget(store);
			const session = store.getState().session;
			if (target.kind === 'master') return store.say('the master has the only master strip: there is nothing to copy it to', 'error');
			const output = target.kind === 'track' ? session.tracks.find((t) => t.id === target.id)!.output : session.buses.find((b) => b.id === target.id)!.output;
			return copyTo(store, target, sameBus(session, target), `on ${output}`);
		}
		case 'copyToNext': {
			const target = selectedTarget(store);
			if (target.kind === 'master') return store.say('the master has the only master strip: there is nothing to copy it to', 'error');
			if (!stripOf(store.getState().session, target)) return store.say(`${target.name} has no strip to copy`, 'error');
			const max = nextOnes(store.getState().session, target, Infinity).length;
			if (max === 0) return store.say(`${target.name} is the last ${target.kind}: there is none after it to copy to`, 'error');
			const strip = { kind: target.kind, id: target.id, name: target.name };
			return store.update({ prompt: { kind: 'stripCopy', label: `Copy ${target.name}'s strip to the next N ${target.kind === 'bus' ? 'buses' : 'tracks'} (1 to ${max}), N`, value: '', strip } });
		}
	}
}
