// What the Mackie Control's V-pots edit, chosen with its assignment buttons: pan across the
// eight strips (as always), or a page of the SELECTED strip's channel strip ("channel strip
// mode"). A re-recording mixer works one line at a time: with a dialogue track selected, its
// whole EQ or its dynamics sit under the hands while the faders keep riding all eight strips.
// The other way (one parameter across eight strips) suits comparing strips, which the TUI's
// strip page does better; so the strip pages follow the selection, and an XT extender shows
// the next page beside the first. The Send page puts the selected track's sends under the
// V-pots (then the returns it does not send to yet: a turn adds that send), or a return bus's
// reverb. On a 5.1 session the Pan page has three: pressing Pan again steps the eight V-pots
// from x (left/right) to front/rear and to the LFE send, as consoles page a surround panner.
import type { Session } from '../../sessions/types.js';
import { LFE_SPEC } from '../../sessions/params.js';
import { CONVOLUTION_PARAMS, MAX_EQ_BANDS, REVERB_PARAMS } from '../../sessions/strip-params.js';
import { panRing, RING_BOOST_CUT, RING_DOT, RING_WRAP } from './mcu-protocol.js';
import { sectionIn, sectionPresent, stripControl, stripValue, toKnob, valueText } from './strip-control.js';
import type { Target } from './strips.js';

export type VpotMode = 'pan' | 'input' | 'eq' | 'dynamics' | 'send';

/** One V-pot's parameter on a strip page; `label` fits an LCD cell (six characters). */
export interface Slot {
	param: string;
	label: string;
}

/** What the actions see of the assignment (actions.ts): the mode, switching, paging. */
export interface VpotControl {
	readonly mode: VpotMode;
	/** Switches to `mode`; pressed again while in it, steps the page by `direction`. */
	assign(mode: VpotMode, direction?: number): void;
	/** Steps the page of a strip mode by `delta` (clamped). */
	page(delta: number): void;
}

const INPUT: (Slot | undefined)[] = [
	{ param: 'strip.trim', label: 'Trim' },
	{ param: 'strip.hpf.freq', label: 'HP Frq' },
	{ param: 'strip.hpf.slope', label: 'HP Slp' },
	{ param: 'strip.lpf.freq', label: 'LP Frq' },
	{ param: 'strip.lpf.slope', label: 'LP Slp' },
	undefined,
	undefined,
	{ param: 'strip.bypass', label: 'Strip' },
];

// The eight parameters a dialogue mixer reaches for first, then the rest.
const DYNAMICS: Slot[] = [
	{ param: 'strip.compressor.threshold', label: 'C Thr' },
	{ param: 'strip.compressor.ratio', label: 'C Rat' },
	{ param: 'strip.compressor.attack', label: 'C Att' },
	{ param: 'strip.compressor.release', label: 'C Rel' },
	{ param: 'strip.compressor.makeup', label: 'C Make' },
	{ param: 'strip.compressor.knee', label: 'C Knee' },
	{ param: 'strip.gate.threshold', label: 'G Thr' },
	{ param: 'strip.deesser.threshold', label: 'D Thr' },
	{ param: 'strip.gate.range', label: 'G Rng' },
	{ param: 'strip.gate.attack', label: 'G Att' },
	{ param: 'strip.gate.hold', label: 'G Hold' },
	{ param: 'strip.gate.release', label: 'G Rel' },
	{ param: 'strip.deesser.freq', label: 'D Frq' },
	{ param: 'strip.deesser.range', label: 'D Rng' },
	{ param: 'strip.limiter.ceiling', label: 'L Ceil' },
	{ param: 'strip.limiter.release', label: 'L Rel' },
];

/** Four V-pots per band (type, freq, gain, q): two bands on a page of eight. */
function eqSlots(bands: number): Slot[] {
	const slots: Slot[] = [];
	for (let b = 0; b < bands; b++) {
		for (const [name, label] of [['type', 'Type'], ['freq', 'Freq'], ['gain', 'Gain'], ['q', 'Q']] as const) {
			slots.push({ param: `strip.eq.${b}.${name}`, label: `${b + 1} ${label}` });
		}
	}
	return slots;
}

const REVERB_LABELS: Record<string, string> = { decay: 'Decay', predelay: 'PreDly', size: 'Size', damping: 'Damp', width: 'Width', mix: 'Mix' };

/** A track's sends, then the returns it does not send to; a return's reverb values; nothing elsewhere. */
function sendSlots(session: Session, target: Target | undefined): Slot[] {
	if (target?.kind === 'track') {
		const sends = session.tracks[target.index]?.sends ?? [];
		const returns = session.buses.filter((b) => b.reverb && !sends.some((x) => x.to === b.id)).map((b) => b.id);
		return [...sends.map((x) => x.to), ...returns].map((to) => ({ param: `send.${to}`, label: to.slice(0, 6) }));
	}
	const reverb = target?.kind === 'bus' ? session.buses[target.index]?.reverb : undefined;
	if (!reverb) return [];
	return ('ir' in reverb ? CONVOLUTION_PARAMS : REVERB_PARAMS).map((p) => ({ param: `reverb.${p.name}`, label: REVERB_LABELS[p.name]! }));
}

function stripOf(session: Session, target: Target | undefined) {
	if (!target) return undefined;
	return target.kind === 'master' ? session.master.strip : target.kind === 'track' ? session.tracks[target.index]?.strip : session.buses[target.index]?.strip;
}

/** The V-pot parameters of a strip mode, in order; the EQ lists the strip's bands and one more to add. */
export function modeSlots(mode: VpotMode, session: Session, target: Target | undefined): (Slot | undefined)[] {
	if (mode === 'input') return INPUT;
	if (mode === 'dynamics') return DYNAMICS;
	if (mode === 'eq') return eqSlots(Math.min(MAX_EQ_BANDS, (stripOf(session, target)?.eq?.length ?? 0) + 1));
	if (mode === 'send') return sendSlots(session, target);
	return [];
}

/** What the pan V-pots move, page by page: x, then on a 5.1 session front/rear and the LFE send. */
export const PAN_AXES = ['x', 'y', 'lfe'] as const;
export type PanAxis = (typeof PAN_AXES)[number];
const AXIS_TITLES: Record<PanAxis, string> = { x: 'pan', y: 'front/rear pan', lfe: 'LFE send' };

/** Pages of the Pan assignment: three on a 5.1 session, one on a stereo one. */
export function panPages(session: Session): number {
	return session.master.format === '5.1' ? PAN_AXES.length : 1;
}

/** The status line's name of a pan page. */
export function panAxisTitle(axis: PanAxis): string {
	return AXIS_TITLES[axis];
}

/**
 * The ring of a pan V-pot: x as a dot from hard left to hard right (centre LED at centre), y as
 * a dot from the front (left end) to the rear (right end), the LFE send as a bar from −60 to
 * +10 dB (dark while closed).
 */
export function panAxisRing(axis: PanAxis, value: number | undefined): number {
	if (value === undefined) return 0;
	if (axis === 'x') return panRing(value);
	if (axis === 'y') return RING_DOT | (1 + Math.round(((Math.max(-1, Math.min(1, value)) + 1) / 2) * 10));
	if (value === -Infinity) return 0;
	const x = (Math.max(LFE_SPEC.min, Math.min(LFE_SPEC.max, value)) - LFE_SPEC.min) / (LFE_SPEC.max - LFE_SPEC.min);
	return RING_WRAP | (1 + Math.round(x * 10));
}

/** A pan V-pot's value in an LCD cell: 'L30', 'F100' … 'R100' (front/rear, % from the middle), '-10.0'. */
export function panAxisText(axis: PanAxis, value: number): string {
	if (axis === 'y') {
		const p = Math.round(value * 100);
		return p === 0 ? 'Mid' : p < 0 ? `F${-p}` : `R${p}`;
	}
	if (axis === 'lfe') return value === -Infinity ? '-inf' : value.toFixed(1);
	const p = Math.round(value * 100);
	return p === 0 ? 'C' : p < 0 ? `L${-p}` : `R${p}`;
}

export const MODE_TITLES: Record<VpotMode, string> = { pan: 'Pan', input: 'Input', eq: 'EQ', dynamics: 'Dynamics', send: 'Send' };

/** The page's name for the selection: the Send page of a return is its reverb. */
export function modeTitle(mode: VpotMode, session: Session, target: Target | undefined): string {
	return mode === 'send' && target?.kind === 'bus' && session.buses[target.index]?.reverb ? 'Reverb' : MODE_TITLES[mode];
}

/** Why the Send page is empty for the selection (undefined when it is not). */
export function emptySendPage(session: Session, target: Target | undefined): string | undefined {
	if (sendSlots(session, target).length > 0) return undefined;
	if (target?.kind === 'track') return `${target.name} has no sends and the session has no return (a bus with reverb) to send to`;
	if (target?.kind === 'bus') return `${target.name} is not a return (it has no reverb); select a track for its sends`;
	return 'the master has no sends; select a track for its sends, or a return for its reverb';
}

/** What one strip-page V-pot shows: the LCD's name and value cells and the ring. */
export interface SlotView {
	label: string;
	value: string;
	ring: number;
}

/**
 * The LCD cells and ring of a slot. The ring shows the value (boost/cut from the centre for
 * gains, a bar for the rest, a dot for choices) with the centre LED lit while the section is
 * in. The value reads "off" for a switched-out section and "--" for an absent one, unless the
 * pot was just turned (`showValue`); turning a pot of an absent section creates it.
 */
export function slotView(session: Session, target: Target | undefined, slot: Slot | undefined, showValue: boolean): SlotView {
	if (!slot || !target) return { label: slot?.label ?? '', value: '', ring: 0 };
	const c = stripControl(slot.param);
	const value = stripValue(session, target, slot.param);
	const present = sectionPresent(session, target, slot.param);
	const live = sectionIn(session, target, slot.param);
	const centre = live ? 0x40 : 0;
	if (!c || c.kind === 'switch') return { label: slot.label, value: valueText(slot.param, value), ring: centre };
	let text = valueText(slot.param, value);
	if (!showValue && !present) text = '--';
	else if (!showValue && !live && slot.param !== 'strip.trim') text = 'off';
	const nyquist = session.sampleRate / 2;
	const position = 1 + Math.round(toKnob(slot.param, value, nyquist) * 10);
	const mode = c.kind === 'choice' ? RING_DOT : c.spec.min === -c.spec.max ? RING_BOOST_CUT : RING_WRAP;
	return { label: slot.label, value: text, ring: present ? mode | position | centre : 0 };
}

/** The assignment mode and page of one surface. Page counts depend on the session, so they are asked for. */
export class VpotPager implements VpotControl {
	mode: VpotMode = 'pan';
	private at = 0;

	constructor(
		/** Pages of `mode` for the selection now (at least 1). */
		private readonly pages: (mode: VpotMode) => number,
		private readonly changed: () => void,
	) {}

	/** The current page, kept inside the page count (an undo can remove EQ bands). */
	get current(): number {
		return Math.min(this.at, Math.max(0, this.pages(this.mode) - 1));
	}

	assign(mode: VpotMode, direction = 1): void {
		if (mode === this.mode) {
			// Pan pages only on a 5.1 session (x, front/rear, LFE).
			if (mode === 'pan' && this.pages('pan') <= 1) return;
			const n = Math.max(1, this.pages(mode));
			this.at = (((this.current + direction) % n) + n) % n;
		} else {
			this.mode = mode;
			this.at = 0;
		}
		this.changed();
	}

	page(delta: number): void {
		if (this.mode === 'pan') return;
		const next = Math.max(0, Math.min(this.pages(this.mode) - 1, this.current + delta));
		if (next === this.current) return;
		this.at = next;
		this.changed();
	}
}
