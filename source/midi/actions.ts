// What a surface button can do. Mapping files (keymaps/midi/*.yaml) name these; strip actions
// act on the strip the control belongs to (or the selection), the others on the session. Names
// follow the keyboard's actions where they mean the same (togglePlay, toggleLoop, undo …).
import { addMarker, clearSolos, nextMarker, previousMarker } from '../../sessions/edit.js';
import { timeToSeconds } from '../../sessions/time.js';
import type { AutomationMode } from '../../sessions/types.js';
import type { MixerBridge } from './mixer-bridge.js';
import { isInverted, isMuted, isSoloed, mixerStrips, type Target } from './strips.js';
import type { SurfaceTransport } from './transport.js';
import type { VpotControl, VpotMode } from './vpot-pages.js';

/** What an action reaches: the mix, the transport, and the surface's own bank. */
export interface ActionContext {
	bridge: MixerBridge;
	transport: SurfaceTransport;
	/** Moves the surface's bank by `delta` strips. */
	bank(delta: number): void;
	/** How many strips the surface shows (a bank step). */
	width: number;
	/** A held Shift (MCU): undo becomes redo. */
	shift: boolean;
	/** The V-pot assignment (Mackie Control only). */
	vpots?: VpotControl;
}

interface ActionDef {
	/** Acts on a strip (needs a target). */
	strip?: boolean;
	/** One line for the MIDI page and learn mode. */
	help: string;
	down(ctx: ActionContext, target: Target | undefined): void;
	up?(ctx: ActionContext, target: Target | undefined): void;
	/** The button's LED. */
	lit?(ctx: ActionContext, target: Target | undefined): boolean;
	/** Only a Mackie Control has it (V-pot assignment). */
	mcu?: boolean;
}

function locateMarker(ctx: ActionContext, which: 'next' | 'previous'): void {
	const { store } = ctx.bridge;
	const session = store.getState().session;
	const t = store.position();
	const i = which === 'next' ? nextMarker(session, t) : previousMarker(session, t);
	if (i === undefined) {
		if (which === 'previous') store.locate(0);
		return;
	}
	store.locate(timeToSeconds(session.markers[i]!.at, session));
}

/** An assignment button: switches the V-pots to `mode`; again, the next page (with Shift, the previous). */
function assign(mode: VpotMode, help: string): ActionDef {
	return { mcu: true, help, down: (c) => c.vpots?.assign(mode, c.shift ? -1 : 1), lit: (c) => c.vpots?.mode === mode };
}

/** On a strip page of the V-pots, the channel buttons page the parameters; otherwise they move the strips by one. */
function channelStep(c: ActionContext, delta: number): void {
	if (c.vpots && c.vpots.mode !== 'pan') c.vpots.page(delta);
	else c.bank(delta);
}

function selectStep(ctx: ActionContext, delta: number): void {
	const strips = mixerStrips(ctx.bridge.session);
	const current = ctx.bridge.selected();
	const at = current && current.kind !== 'master' ? strips.findIndex((s) => s.kind === current.kind && s.index === current.index) : -1;
	const next = strips[Math.max(0, Math.min(strips.length - 1, at + delta))];
	if (next) ctx.bridge.select(next);
}

/**
 * An automation mode button (the MCU's AUTOMATION row): puts the selected strip in `mode`, with
 * Shift every strip; lit while the selected strip is in it. Read/Off switches read and off.
 */
function automation(mode: AutomationMode, help: string): ActionDef {
	return {
		help,
		down: (c) => {
			const target = c.bridge.selected();
			if (!target) return c.bridge.store.say('select a strip to set its automation mode');
			const current = c.bridge.automationMode(target);
			c.bridge.setAutomationMode(target, mode === 'read' && current === 'read' ? 'off' : mode, c.shift);
		},
		lit: (c) => {
			const target = c.bridge.selected();
			return !!target && c.bridge.automationMode(target) === mode;
		},
	};
}

const defs = {
	// Strip actions.
	mute: { strip: true, help: 'mute', down: (c, t) => t && c.bridge.toggleMute(t), lit: (c, t) => !!t && isMuted(c.bridge.session, t) },
	solo: { strip: true, help: 'solo', down: (c, t) => t && c.bridge.toggleSolo(t), lit: (c, t) => !!t && isSoloed(c.bridge.session, t) },
	polarity: { strip: true, help: 'invert polarity (Ø)', down: (c, t) => t && c.bridge.togglePolarity(t), lit: (c, t) => !!t && isInverted(c.bridge.session, t) },
	select: { strip: true, help: 'select', down: (c, t) => t && c.bridge.select(t), lit: (c, t) => !!t && c.bridge.isSelected(t) },
	panCentre: { strip: true, help: 'pan to centre', down: (c, t) => t && c.bridge.setPan(t, 0) },
	faderUnity: { strip: true, help: 'fader to 0 dB', down: (c, t) => t && c.bridge.setGain(t, 0) },
	faderUp: { strip: true, help: 'fader +0.5 dB', down: (c, t) => t && c.bridge.nudgeGain(t, 0.5) },
	faderDown: { strip: true, help: 'fader −0.5 dB', down: (c, t) => t && c.bridge.nudgeGain(t, -0.5) },
	// Transport.
	play: { help: 'play', down: (c) => c.bridge.store.play(), lit: (c) => c.bridge.store.getState().playing },
	stop: {
		help: 'stop (when stopped: go to the start)',
		down: (c) => (c.bridge.store.getState().playing ? c.bridge.store.stop() : c.bridge.store.locate(0)),
		lit: (c) => !c.bridge.store.getState().playing,
	},
	togglePlay: { help: 'play / stop', down: (c) => c.bridge.store.togglePlay(), lit: (c) => c.bridge.store.getState().playing },
	rewind: { help: 'rewind while held', down: (c) => c.transport.wind(-1), up: (c) => c.transport.wind(0), lit: (c) => c.transport.winding < 0 },
	forward: { help: 'fast forward while held', down: (c) => c.transport.wind(1), up: (c) => c.transport.wind(0), lit: (c) => c.transport.winding > 0 },
	locateStart: { help: 'go to the start', down: (c) => c.bridge.store.locate(0) },
	locateEnd: { help: 'go to the end', down: (c) => c.bridge.store.locate(c.bridge.store.getState().lengthSeconds) },
	previousMarker: { help: 'go to the previous marker', down: (c) => locateMarker(c, 'previous') },
	nextMarker: { help: 'go to the next marker', down: (c) => locateMarker(c, 'next') },
	addMarker: {
		help: 'add a marker at the playhead',
		down: (c) => {
			const t = Math.round(c.bridge.store.position() * 1000) / 1000;
			c.bridge.store.edit('Add marker', (s) => addMarker(s, t));
		},
	},
	toggleLoop: { help: 'loop on / off', down: (c) => c.bridge.store.toggleLoop(), lit: (c) => c.bridge.store.getState().loopEnabled },
	scrub: { help: 'jog wheel: frames / seconds', down: (c) => c.transport.toggleScrub(), lit: (c) => c.transport.scrub },
	// Mix and session.
	clearSolos: { help: 'clear all solos', down: (c) => c.bridge.store.edit('Clear solos', clearSolos), lit: (c) => c.bridge.session.tracks.some((t) => t.solo) },
	undo: { help: 'undo (Shift: redo)', down: (c) => (c.shift ? c.bridge.store.redo() : c.bridge.store.undo()) },
	redo: { help: 'redo', down: (c) => c.bridge.store.redo() },
	save: { help: 'save the session', down: (c) => void c.bridge.store.save(), lit: (c) => c.bridge.store.getState().dirty },
	shift: { help: 'Shift (held)', down: (c) => (c.shift = true), up: (c) => (c.shift = false), lit: (c) => c.shift },
	// Automation modes of the selected strip (Shift: every strip).
	automationRead: automation('read', 'automation: read (again: off); Shift: every strip'),
	automationTouch: automation('touch', 'automation: touch; Shift: every strip'),
	automationLatch: automation('latch', 'automation: latch; Shift: every strip'),
	automationWrite: automation('write', 'automation: write; Shift: every strip'),
	automationTrim: automation('trim', 'automation: trim; Shift: every strip'),
	// Navigation.
	selectPrevious: { help: 'select the strip to the left', down: (c) => selectStep(c, -1) },
	selectNext: { help: 'select the strip to the right', down: (c) => selectStep(c, 1) },
	bankPrevious: { help: 'previous bank of strips', down: (c) => c.bank(-c.width) },
	bankNext: { help: 'next bank of strips', down: (c) => c.bank(c.width) },
	channelPrevious: { help: 'strips one to the left (V-pots on a strip page: previous page)', down: (c) => channelStep(c, -1) },
	channelNext: { help: 'strips one to the right (V-pots on a strip page: next page)', down: (c) => channelStep(c, 1) },
	// V-pot assignment (Mackie Control).
	vpotPan: assign('pan', 'V-pots: pan'),
	vpotInput: assign('input', 'V-pots: trim and filters of the selected strip'),
	vpotEq: assign('eq', 'V-pots: EQ of the selected strip (again: next bands)'),
	vpotDynamics: assign('dynamics', 'V-pots: dynamics of the selected strip (again: next page)'),
	vpotSend: assign('send', "V-pots: the selected track's send levels (a return: its reverb)"),
	vpotPagePrevious: { mcu: true, help: 'V-pots: previous parameter page', down: (c) => c.vpots?.page(-1) },
	vpotPageNext: { mcu: true, help: 'V-pots: next parameter page', down: (c) => c.vpots?.page(1) },
	none: { help: 'nothing', down: () => {} },
} satisfies Record<string, ActionDef>;

/** A surface action's name. */
export type MidiActionName = keyof typeof defs;

const ACTIONS: Readonly<Record<MidiActionName, ActionDef>> = defs;

/** Every action name, in the order the MIDI page lists them. */
export const MIDI_ACTIONS = Object.keys(defs) as MidiActionName[];

export function isMidiAction(name: string): name is MidiActionName {
	return Object.hasOwn(defs, name);
}

/** Whether the action works on a strip (and so needs a `strip` in a mapping). */
export function isStripAction(name: MidiActionName): boolean {
	return ACTIONS[name].strip === true;
}

/** Whether the action needs a Mackie Control (the V-pot assignment). */
export function isMcuAction(name: MidiActionName): boolean {
	return ACTIONS[name].mcu === true;
}

export function actionHelp(name: MidiActionName): string {
	return ACTIONS[name].help;
}

/** Runs an action's press (`down`) or release. A strip action without a target does nothing. */
export function runAction(ctx: ActionContext, name: MidiActionName, target: Target | undefined, down: boolean): void {
	const def = ACTIONS[name];
	if (def.strip && !target) return;
	if (down) def.down(ctx, target);
	else def.up?.(ctx, target);
}

/** The LED of a button bound to `name`: undefined when the action has no state to show. */
export function actionLit(ctx: ActionContext, name: MidiActionName, target: Target | undefined): boolean | undefined {
	const def = ACTIONS[name];
	if (!def.lit) return undefined;
	return def.lit(ctx, target);
}
