// A Mackie Control surface: one MCU, optionally an XT extender as a second unit of 8 strips.
// Input: faders set levels (the taper in fader-taper.ts), V-pots pan or edit the selected
// strip's parameters (the assignment buttons choose; vpot-pages.ts), buttons run the actions
// mcu.yaml binds, the jog wheel locates. Output: what every unit should show is rebuilt from
// the store on each update and diffed against the device (mcu-display.ts). A touched fader is
// never moved by the host; after release it is sent where the level is, unless that is
// exactly the level it set itself (no twitch by rounding).
import { actionLit, runAction, type MidiActionName } from './actions.js';
import { Accelerator, relativeTicks } from './encoders.js';
import { dbToFader14, fader14ToDb } from './fader-taper.js';
import type { McuMapping } from './mapping.js';
import { McuDisplay, type UnitFrame } from './mcu-display.js';
import {
	CC,
	CELL,
	LCD_WIDTH,
	MCU_BUTTONS,
	MCU_DEVICE,
	mcuSysexCommand,
	meterLevel,
	NOTE,
	segmentChar,
	STRIP_BUTTONS,
	STRIPS_PER_UNIT,
	XT_DEVICE,
} from './mcu-protocol.js';
import { sectionSwitch } from './strip-control.js';
import { gainAt, MASTER_TARGET, panAt, targetKey, targetName, type Target } from './strips.js';
import { Surface, type SurfaceHost } from './surface.js';
import { emptySendPage, modeSlots, modeTitle, PAN_AXES, panAxisRing, panAxisText, panAxisTitle, panPages, slotView, VpotPager, type PanAxis, type Slot, type VpotMode } from './vpot-pages.js';
import { trackLfeAt, trackPanYAt } from '../app/surround.js';
import { sessionTimecode } from '../../sessions/time.js';
import type { MidiMessage } from './types.js';

/** Pan moved by one V-pot step (after acceleration): 1 %; front/rear likewise. */
export const PAN_STEP = 0.01;
/** The LFE send moved by one V-pot step, dB. */
export const LFE_STEP_DB = 0.5;
/** How long a turned V-pot's strip shows its pan (or value) on the LCD's bottom row. */
export const SHOW_PAN_MS = 1500;
/** How long the top row names the strip and page after the V-pot page or the selection changed. */
export const SHOW_PAGE_MS = 1000;

const BUTTON_NAMES = new Map(Object.entries(MCU_BUTTONS).map(([name, note]) => [note, name]));

/** Six characters and a gap: LCD cells have no space between them. */
function cell(text: string, align: 'left' | 'right' = 'left'): string {
	const t = text.slice(0, CELL - 1);
	return `${align === 'left' ? t.padEnd(CELL - 1) : t.padStart(CELL - 1)} `;
}

/** "-3.5", "+2.0", "0.0", "-inf". */
export function formatDb(db: number): string {
	if (db === -Infinity) return '-inf';
	const text = db.toFixed(1);
	return db > 0 ? `+${text}` : text === '-0.0' ? '0.0' : text;
}

/** "C", "L30", "R100". */
export function formatPan(pan: number): string {
	const p = Math.round(pan * 100);
	return p === 0 ? 'C' : p < 0 ? `L${-p}` : `R${p}`;
}

export class McuSurface extends Surface {
	private readonly displays: McuDisplay[];
	/** Touched faders by channel: strips 0 … width−1, master at `width`. */
	private readonly touched: boolean[];
	/** Where each fader last reported itself, and the level that position set. */
	private readonly reported = new Map<number, { key: string; db: number; value: number }>();
	private readonly showPanUntil: number[];
	private readonly accel = new Accelerator();
	private readonly pager: VpotPager;
	/** What the strip pages last showed ("eq|0|track:dx1") and until when the top row names it. */
	private pageShown = '';
	private pageTitleUntil = 0;
	readonly needsTick = true;

	constructor(
		host: SurfaceHost,
		private readonly map: McuMapping,
		units = 1,
	) {
		super(host, STRIPS_PER_UNIT * units, units);
		this.displays = Array.from({ length: units }, (_, u) => new McuDisplay(u === 0 ? MCU_DEVICE : XT_DEVICE, (bytes) => host.send(u, bytes)));
		this.touched = new Array<boolean>(this.width + 1).fill(false);
		this.showPanUntil = new Array<number>(this.width).fill(0);
		this.pager = new VpotPager((mode) => this.pageCount(mode), () => this.pageChanged());
		this.actions.vpots = this.pager;
	}

	/** Pages of a strip mode: the V-pots of every unit show consecutive parameters. */
	private pageCount(mode: VpotMode): number {
		if (mode === 'pan') return panPages(this.host.bridge.session);
		return Math.max(1, Math.ceil(modeSlots(mode, this.host.bridge.session, this.host.bridge.selected()).length / this.width));
	}

	private pageChanged(): void {
		const { mode } = this.pager;
		const target = this.host.bridge.selected();
		const session = this.host.bridge.session;
		const empty = mode === 'send' ? emptySendPage(session, target) : undefined;
		if (mode === 'pan') this.host.bridge.store.say(`surface V-pots: ${panAxisTitle(this.panAxis())}`);
		else if (empty) this.host.bridge.store.say(`surface V-pots: Send: ${empty}`);
		else this.host.bridge.store.say(`surface V-pots: ${modeTitle(mode, session, target)} of ${target ? targetName(target) : 'the selected strip'}, page ${this.pager.current + 1} of ${this.pageCount(mode)}`);
		this.host.changed();
	}

	/** The strip-page parameter under V-pot `channel` (0 … width−1), if any. */
	private slotAt(channel: number): Slot | undefined {
		if (this.pager.mode === 'pan') return undefined;
		return modeSlots(this.pager.mode, this.host.bridge.session, this.host.bridge.selected())[this.pager.current * this.width + channel];
	}

	handle(m: MidiMessage, unit: number): void {
		const base = unit * STRIPS_PER_UNIT;
		switch (m.type) {
			case 'pitchBend':
				if (m.channel < STRIPS_PER_UNIT) return this.faderMoved(base + m.channel, m.channel, unit, m.value);
				if (m.channel === 8 && unit === 0) return this.faderMoved(this.width, 8, unit, m.value);
				break;
			case 'noteOn':
			case 'noteOff':
				if (this.button(m.note, m.type === 'noteOn', base)) return;
				break;
			case 'cc':
				if (m.controller >= CC.vpot && m.controller < CC.vpot + STRIPS_PER_UNIT) return this.vpot(base + m.controller - CC.vpot, m.value);
				if (m.controller === CC.jog) {
					const steps = this.accel.steps('jog', relativeTicks(m.value, 'sign-magnitude'), this.host.now());
					return this.host.transport.jog(steps);
				}
				break;
			case 'sysex':
				// 0x01 (host connection query) is what a unit sends when it powers up: it shows nothing now.
				if (mcuSysexCommand(m.data) === 0x01) {
					this.resync(unit);
					return this.update();
				}
				break;
			default:
				break;
		}
		this.host.ignored(m);
	}

	private target(channel: number): Target | undefined {
		return channel === this.width ? MASTER_TARGET : this.stripAt(channel);
	}

	private faderMoved(channel: number, wire: number, unit: number, value: number): void {
		this.displays[unit]!.faderMoved(wire, value);
		const target = this.target(channel);
		if (!target) return;
		const db = fader14ToDb(value);
		this.reported.set(channel, { key: targetKey(target), db, value });
		this.host.bridge.setGain(target, db, 'held');
	}

	/** A note from the surface; false when it means nothing here. */
	private button(note: number, down: boolean, base: number): boolean {
		if (note >= NOTE.faderTouch && note <= NOTE.masterTouch) {
			if (note === NOTE.masterTouch && base !== 0) return false;
			const channel = note === NOTE.masterTouch ? this.width : base + note - NOTE.faderTouch;
			this.touched[channel] = down;
			if (!down) {
				// Let go: what is pending lands and the touch ends (a touch-mode pass glides back).
				const target = this.target(channel);
				if (target) this.host.bridge.release(target);
				this.update();
			}
			return true;
		}
		if (note >= NOTE.vpotPress && note <= 0x27 && this.pager.mode !== 'pan') {
			if (down) this.pressSlot(base + (note & 7));
			return true;
		}
		if (note <= 0x27) {
			// Rec, solo, mute, select, V-pot press: rows of 8 (0x00, 0x08, 0x10, 0x18, 0x20).
			const row = STRIP_BUTTONS[note >> 3]!;
			const target = this.stripAt(base + (note & 7));
			runAction(this.actions, this.map.strip[row], target, down);
			return true;
		}
		const name = BUTTON_NAMES.get(note);
		const action = name === undefined ? undefined : this.map.buttons[name];
		if (!action) return false;
		runAction(this.actions, action, undefined, down);
		return true;
	}

	private vpot(channel: number, value: number): void {
		const now = this.host.now();
		const steps = this.accel.steps(`vpot${channel}`, relativeTicks(value, 'sign-magnitude'), now);
		if (this.pager.mode !== 'pan') {
			const slot = this.slotAt(channel);
			const target = this.host.bridge.selected();
			if (!slot || !target || steps === 0) return;
			this.showPanUntil[channel] = now + SHOW_PAN_MS;
			this.host.bridge.nudgeStripParam(target, slot.param, steps);
			return;
		}
		const target = this.stripAt(channel);
		if (!target || steps === 0) return;
		this.showPanUntil[channel] = now + SHOW_PAN_MS;
		const axis = this.panAxis();
		if (axis === 'y') this.host.bridge.nudgePanY(target, steps * PAN_STEP);
		else if (axis === 'lfe') this.host.bridge.nudgeLfe(target, steps * LFE_STEP_DB);
		else this.host.bridge.nudgePan(target, steps * PAN_STEP);
	}

	/** What the pan V-pots move now: x, or on a 5.1 session front/rear or the LFE send (the Pan button pages). */
	private panAxis(): PanAxis {
		return this.pager.mode === 'pan' ? (PAN_AXES[this.pager.current] ?? 'x') : 'x';
	}

	/** The value of `axis` a track plays at `position` (undefined for buses and the master). */
	private panValue(axis: PanAxis, target: Target | undefined, position: number): number | undefined {
		const session = this.host.bridge.session;
		if (axis === 'x' || !target) return target ? panAt(session, target, position) : undefined;
		const track = target.kind === 'track' ? session.tracks[target.index] : undefined;
		if (!track) return undefined;
		return axis === 'y' ? trackPanYAt(session, track, position) : trackLfeAt(session, track, position);
	}

	/**
	 * A V-pot press on a strip page switches the parameter's section in or out (an EQ band, the
	 * compressor …), as a console's IN switch; the trim has none, so it goes back to 0 dB. With
	 * Shift held, any parameter goes back to its default.
	 */
	private pressSlot(channel: number): void {
		const slot = this.slotAt(channel);
		const target = this.host.bridge.selected();
		if (!slot || !target) return;
		const sw = sectionSwitch(slot.param);
		if (this.actions.shift || sw === undefined) this.host.bridge.resetStripParam(target, slot.param);
		else this.host.bridge.toggleStripSwitch(target, sw);
	}

	resync(unit?: number): void {
		this.displays.forEach((d, u) => (unit === undefined || u === unit) && d.reset());
	}

	update(): void {
		const now = this.host.now();
		const position = this.host.bridge.store.position();
		const selected = this.host.bridge.selected();
		const shown = this.pager.mode === 'pan' ? '' : `${this.pager.mode}|${this.pager.current}|${selected ? targetKey(selected) : ''}`;
		if (shown !== this.pageShown) {
			this.pageShown = shown;
			this.pageTitleUntil = shown ? now + SHOW_PAGE_MS : 0;
		}
		this.displays.forEach((display, unit) => display.apply(this.frame(unit, now, position), now));
	}

	/** The fader position for `target` on `channel`: the reported one if it set today's level. */
	private faderValue(channel: number, target: Target | undefined, position: number): number {
		if (!target) return 0;
		const bridge = this.host.bridge;
		const db = bridge.pendingGain(target) ?? gainAt(bridge.session, target, position);
		const r = this.reported.get(channel);
		return r && r.key === targetKey(target) && r.db === db ? r.value : dbToFader14(db);
	}

	/** What unit `unit` should show now. */
	frame(unit: number, now: number, position: number): UnitFrame {
		const { bridge } = this.host;
		const session = bridge.session;
		const shared = bridge.store.shared;
		let top = '';
		let bottom = '';
		const leds = new Map<number, boolean>();
		const faders = new Map<number, number>();
		const rings: number[] = [];
		const meters: { level: number; clip: boolean }[] = [];
		const paging = this.pager.mode !== 'pan';
		const selected = paging ? bridge.selected() : undefined;
		const axis = this.panAxis();
		for (let s = 0; s < STRIPS_PER_UNIT; s++) {
			const channel = unit * STRIPS_PER_UNIT + s;
			const target = this.stripAt(channel);
			const pan = paging ? undefined : this.panValue(axis, target, position);
			if (paging) {
				const view = slotView(session, selected, this.slotAt(channel), now < this.showPanUntil[channel]!);
				top += cell(view.label);
				bottom += cell(view.value, 'right');
				rings.push(view.ring);
			} else {
				top += cell(target?.name ?? '');
				if (!target) bottom += cell('');
				else if (pan !== undefined && now < this.showPanUntil[channel]!) bottom += cell(panAxisText(axis, pan), 'right');
				else bottom += cell(formatDb(bridge.pendingGain(target) ?? gainAt(session, target, position)), 'right');
				rings.push(panAxisRing(axis, pan));
			}
			STRIP_BUTTONS.forEach((row, r) => {
				if (row !== 'vpotPress') leds.set(r * 8 + s, actionLit(this.actions, this.map.strip[row], target) ?? false);
			});
			if (!this.touched[channel]) faders.set(s, this.faderValue(channel, target, position));
			if (shared) {
				const reading = target?.kind === 'track' ? shared.trackMeter(target.index) : target?.kind === 'bus' ? shared.busMeter(target.index) : undefined;
				meters.push(reading ? { level: meterLevel(reading.level), clip: reading.clip } : { level: 0, clip: false });
			}
		}
		const empty = paging && this.pager.mode === 'send' ? emptySendPage(session, selected) : undefined;
		if (paging && unit === 0 && now < this.pageTitleUntil) {
			const mode = this.pager.mode;
			top = `${modeTitle(mode, session, selected)}: ${selected ? targetName(selected) : 'no strip selected'}  page ${this.pager.current + 1}/${this.pageCount(mode)}`.slice(0, LCD_WIDTH);
		} else if (empty && unit === 0) top = empty.slice(0, LCD_WIDTH);
		const frame: UnitFrame = { lcd: top.padEnd(LCD_WIDTH) + bottom.padEnd(LCD_WIDTH), leds, faders, rings, meters: shared ? meters : undefined };
		if (unit === 0) {
			if (!this.touched[this.width]) faders.set(8, this.faderValue(this.width, MASTER_TARGET, position));
			for (const [name, action] of Object.entries(this.map.buttons)) {
				leds.set(MCU_BUTTONS[name]!, actionLit(this.actions, action as MidiActionName, undefined) ?? false);
			}
			leds.set(NOTE.smpteLed, true);
			leds.set(NOTE.beatsLed, false);
			leds.set(NOTE.rudeSoloLed, session.tracks.some((t) => t.solo));
			frame.segments = this.segments(position);
		}
		return frame;
	}

	/** Leaves the units blank and dark (dubdesk is closing); motor faders stay where they are. */
	override close(): void {
		const now = this.host.now();
		this.displays.forEach((display, unit) => {
			const frame = this.frame(unit, now, 0);
			for (const note of frame.leds.keys()) frame.leds.set(note, false);
			frame.faders.clear();
			frame.rings.fill(0);
			frame.lcd = (unit === 0 ? ' dubdesk: offline' : '').padEnd(2 * LCD_WIDTH);
			frame.segments = frame.segments?.map(() => segmentChar(' '));
			frame.meters = frame.meters?.map(() => ({ level: 0, clip: false }));
			display.apply(frame, now);
		});
	}

	/** Timecode " HHMMSS FF" with dots after hours, minutes and seconds; the assignment display shows the bank's first strip. */
	private segments(position: number): number[] {
		const session = this.host.bridge.session;
		const [hh = '00', mm = '00', ss = '00', ff = '00'] = sessionTimecode(position, session).split(/[:;.]/);
		const text = ` ${hh}${mm}${ss} ${ff}`;
		const dots = new Set([2, 4, 6]);
		const codes: number[] = [];
		for (let i = 0; i < 10; i++) {
			const k = 9 - i;
			codes.push(segmentChar(text[k]!, dots.has(k)));
		}
		// The assignment display: the bank's first strip under pan, else the page ("E1", "D2", "S1", "IN").
		const mode = this.pager.mode;
		const letter = { eq: 'E', dynamics: 'D', send: 'S' }[mode as 'eq' | 'dynamics' | 'send'];
		const assignment = mode === 'pan' ? String((this.bank + 1) % 100).padStart(2, ' ') : mode === 'input' ? 'IN' : `${letter}${(this.pager.current + 1) % 10}`;
		codes.push(segmentChar(assignment[1]!), segmentChar(assignment[0]!));
		return codes;
	}
}
