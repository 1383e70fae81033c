// A controller driven by a mapping file: CC, note and pitch-bend controls bound to levels, pans,
// strip parameters (by address, across their range: strip-control.ts) and actions. Absolute controls without motors use soft takeover: after the level changed
// elsewhere (keyboard, undo, another bank) a control acts again only once it reaches the
// current value, so nothing jumps when a slider is first moved. Controls with `feedback` get
// values and LED states sent back, diffed.
import { actionLit, runAction } from './actions.js';
import { Accelerator, relativeTicks } from './encoders.js';
import { dbToTravel, MAX14, travelToDb } from './fader-taper.js';
import type { ControlSpec, GenericMapping } from './mapping.js';
import { fromKnob, isSwitchParam, paramName, toKnob } from './strip-control.js';
import { gainAt, panAt, targetKey, targetName, type Target } from './strips.js';
import { Surface, type SurfaceHost } from './surface.js';
import type { MidiMessage } from './types.js';

/** Default steps of relative encoders: dB for gain, pan units (−1…+1) for pan. */
export const GAIN_STEP = 0.25;
export const GENERIC_PAN_STEP = 0.01;

/** Soft takeover picks up within this distance (normalised travel): about 2 steps of a 7-bit control. */
const PICKUP = 2 / 127;

interface ControlState {
	/** The control moves the parameter (it reached the value, or takeover is 'jump'). */
	engaged: boolean;
	/** Last normalised position received. */
	last?: number;
	/** The target and value this control last set; a different current value means "changed elsewhere". */
	setKey?: string;
	setValue?: number;
	/** 14-bit CC pairs: the MSB waiting for its LSB. */
	msb: number;
	/** Said once per loss of pickup. */
	told: boolean;
}

function key(type: string, channel: number, number: number): string {
	return `${type}:${channel}:${number}`;
}

/** Normalised 0 … 1 for pan: centre value exactly 0 (64 of 0–127, 8192 of 0–16383). */
export function normToPan(value: number, max: number): number {
	const centre = (max + 1) / 2;
	return value >= centre ? (value - centre) / (max - centre) : (value - centre) / centre;
}

export function panToValue(pan: number, max: number): number {
	const centre = (max + 1) / 2;
	return Math.round(pan >= 0 ? centre + pan * (max - centre) : centre + pan * centre);
}

export class GenericSurface extends Surface {
	private readonly byMessage = new Map<string, { control: number; lsb: boolean }[]>();
	private readonly state: ControlState[];
	private readonly sent = new Map<number, number>();
	private readonly accel = new Accelerator();
	/** Controls whose track or bus (by id) this session lacks, said once. */
	private readonly missing = new Set<number>();
	/** Only controls that show values need the tick (to follow automation); the rest act on input alone. */
	readonly needsTick: boolean;

	constructor(
		host: SurfaceHost,
		readonly mapping: GenericMapping,
	) {
		super(host, mapping.strips, 1);
		this.needsTick = mapping.controls.some((c) => c.feedback);
		mapping.controls.forEach((c, i) => {
			const ch = c.channel - 1;
			const add = (k: string, lsb: boolean) => this.byMessage.set(k, [...(this.byMessage.get(k) ?? []), { control: i, lsb }]);
			if (c.cc !== undefined) add(key('cc', ch, c.cc), false);
			if (c.lsb !== undefined) add(key('cc', ch, c.lsb), true);
			if (c.note !== undefined) add(key('note', ch, c.note), false);
			if (c.pitchBend) add(key('pb', ch, 0), false);
		});
		this.state = mapping.controls.map(() => ({ engaged: false, msb: 0, told: false }));
	}

	handle(m: MidiMessage, _unit: number): void {
		let handled = false;
		if (m.type === 'cc') {
			for (const { control, lsb } of this.byMessage.get(key('cc', m.channel, m.controller)) ?? []) {
				handled = true;
				this.cc(control, m.value, lsb);
			}
		} else if (m.type === 'noteOn' || m.type === 'noteOff') {
			for (const { control } of this.byMessage.get(key('note', m.channel, m.note)) ?? []) {
				handled = true;
				this.press(control, m.type === 'noteOn');
			}
		} else if (m.type === 'pitchBend') {
			for (const { control } of this.byMessage.get(key('pb', m.channel, 0)) ?? []) {
				handled = true;
				this.absolute(control, m.value / MAX14, m.value, MAX14);
			}
		}
		if (!handled) this.host.ignored(m);
	}

	private cc(i: number, value: number, isLsb: boolean): void {
		const c = this.mapping.controls[i]!;
		if (c.action || isSwitchParam(c.param)) return this.press(i, value > 0);
		if (c.encoding !== 'absolute') return this.relative(i, relativeTicks(value, c.encoding));
		if (c.lsb === undefined) return this.absolute(i, value / 127, value, 127);
		// 14-bit pair: the MSB alone means LSB 0 (MIDI 1.0, control change MSB/LSB); the LSB refines it.
		const s = this.state[i]!;
		if (!isLsb) s.msb = value;
		const v = (s.msb << 7) | (isLsb ? value : 0);
		this.absolute(i, v / MAX14, v, MAX14);
	}

	private press(i: number, down: boolean): void {
		const c = this.mapping.controls[i]!;
		if (c.action) return runAction(this.actions, c.action, this.resolve(c.strip), down);
		const target = this.target(i);
		if (down && target && c.param) this.host.bridge.toggleStripSwitch(target, c.param);
	}

	/** The control's strip now; a track or bus named by id that the session lacks is said once. */
	private target(i: number): Target | undefined {
		const c = this.mapping.controls[i]!;
		const target = this.resolve(c.strip);
		if (!target && typeof c.strip === 'object' && !this.missing.has(i)) {
			this.missing.add(i);
			this.host.bridge.store.say(`${c.label ?? `control ${i + 1}`}: this session has no ${'track' in c.strip ? `track "${c.strip.track}"` : `bus "${c.strip.bus}"`}`);
		}
		return target;
	}

	private relative(i: number, ticks: number): void {
		const c = this.mapping.controls[i]!;
		const target = this.target(i);
		const steps = this.accel.steps(String(i), ticks, this.host.now());
		if (!target || steps === 0) return;
		if (c.param === 'gain') this.host.bridge.nudgeGain(target, steps * (c.step ?? GAIN_STEP));
		else if (c.param === 'pan') this.host.bridge.nudgePan(target, steps * (c.step ?? GENERIC_PAN_STEP));
		else if (c.param) this.host.bridge.nudgeStripParam(target, c.param, steps, c.step);
	}

	/** The current value of a control's parameter, normalised like the control (0 … 1). */
	private current(c: ControlSpec, target: Target): number | undefined {
		const { bridge } = this.host;
		const position = bridge.store.position();
		if (c.param === 'gain') return dbToTravel(bridge.pendingGain(target) ?? gainAt(bridge.session, target, position));
		if (c.param !== 'pan') return toKnob(c.param!, bridge.stripValue(target, c.param!), bridge.session.sampleRate / 2);
		const pan = panAt(bridge.session, target, position);
		return pan === undefined ? undefined : (pan + 1) / 2;
	}

	private absolute(i: number, norm: number, raw: number, max: number): void {
		const c = this.mapping.controls[i]!;
		const s = this.state[i]!;
		const target = this.target(i);
		const previous = s.last;
		s.last = norm;
		if (!target) return;
		const now = this.current(c, target);
		if (now === undefined) return;
		const k = targetKey(target);
		const untouched = s.setKey === k && s.setValue !== undefined && Math.abs(now - s.setValue) < 1e-3;
		if (c.takeover === 'soft' && !(s.engaged && untouched)) {
			s.engaged = Math.abs(norm - now) <= PICKUP || (previous !== undefined && (previous - now) * (norm - now) <= 0);
			if (!s.engaged) {
				if (!s.told) {
					s.told = true;
					this.host.bridge.store.say(`${c.label ?? `control ${i + 1}`}: move it to the current ${c.param === 'gain' || c.param === 'pan' ? 'level' : 'value'} to pick up ${paramName(c.param!)} of ${targetName(target)}`);
				}
				return;
			}
		}
		s.told = false;
		s.engaged = true;
		s.setKey = k;
		if (c.param === 'gain') {
			const db = travelToDb(norm);
			s.setValue = dbToTravel(db);
			this.host.bridge.setGain(target, db);
		} else if (c.param !== 'pan') {
			const nyquist = this.host.bridge.session.sampleRate / 2;
			const value = fromKnob(c.param!, norm, nyquist);
			s.setValue = toKnob(c.param!, value, nyquist);
			this.host.bridge.setStripParam(target, c.param!, value);
		} else {
			const pan = Math.round(normToPan(raw, max) * 100) / 100;
			s.setValue = (pan + 1) / 2;
			this.host.bridge.setPan(target, pan);
		}
	}

	protected override bankChanged(): void {
		for (const s of this.state) {
			s.engaged = false;
			s.last = undefined;
			s.told = false;
		}
	}

	resync(): void {
		this.sent.clear();
	}

	update(): void {
		this.mapping.controls.forEach((c, i) => {
			if (!c.feedback) return;
			const target = this.resolve(c.strip);
			let value: number;
			if (c.action) value = actionLit(this.actions, c.action, target) ? 127 : 0;
			else if (!target || c.encoding !== 'absolute') return;
			else if (isSwitchParam(c.param)) value = this.host.bridge.stripValue(target, c.param!) === true ? 127 : 0;
			else {
				const now = this.current(c, target);
				if (now === undefined) return;
				const max = c.lsb !== undefined || c.pitchBend ? MAX14 : 127;
				value = c.param === 'pan' ? panToValue(now * 2 - 1, max) : Math.round(now * max);
			}
			if (this.sent.get(i) === value) return;
			this.sent.set(i, value);
			const ch = c.channel - 1;
			if (c.note !== undefined) this.host.send(0, [0x90 | ch, c.note, value]);
			else if (c.pitchBend) this.host.send(0, [0xe0 | ch, value & 0x7f, value >> 7]);
			else if (c.lsb !== undefined) {
				this.host.send(0, [0xb0 | ch, c.cc!, value >> 7]);
				this.host.send(0, [0xb0 | ch, c.lsb, value & 0x7f]);
			} else this.host.send(0, [0xb0 | ch, c.cc!, value]);
		});
	}
}
