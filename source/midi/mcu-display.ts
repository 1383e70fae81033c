// What one MCU unit shows, kept as a shadow of the device so only changes are sent: one LCD
// sysex per row spanning the changed characters, LEDs, motor faders, rings and 7-segment
// digits that differ, and meters when their segment changes or the device would otherwise let
// them fall (it drops a segment about every 300 ms on its own).
import {
	assignmentDigit,
	faderMessage,
	lcdMessage,
	LCD_WIDTH,
	ledMessage,
	meterMessage,
	meterModeMessage,
	METER_OVERLOAD_CLEAR,
	METER_OVERLOAD_SET,
	ringMessage,
	STRIPS_PER_UNIT,
	timecodeDigit,
} from './mcu-protocol.js';

/** A meter is re-sent this often while lit, inside the device's ~300 ms fall time. */
export const METER_REFRESH_MS = 250;

/** What a unit should show now. */
export interface UnitFrame {
	/** 112 characters: top row then bottom row. */
	lcd: string;
	/** Note → lit, for every LED the surface drives. */
	leds: Map<number, boolean>;
	/** Fader channel (0–7, 8 master) → 14-bit position; absent while touched. */
	faders: Map<number, number>;
	/** Ring values, one per strip. */
	rings: number[];
	/** 7-segment codes, index 0 = rightmost timecode digit; 10 timecode + 2 assignment. Main unit only. */
	segments?: number[];
	/** Meter segment 0–12 and clip, per strip; absent without an engine. */
	meters?: { level: number; clip: boolean }[];
}

export class McuDisplay {
	private lcd: string | undefined;
	private readonly leds = new Int16Array(128).fill(-1);
	private readonly faders = new Int32Array(9).fill(-1);
	private readonly rings = new Int16Array(STRIPS_PER_UNIT).fill(-1);
	private readonly segments = new Int16Array(12).fill(-1);
	private readonly meterLevel = new Int8Array(STRIPS_PER_UNIT).fill(-1);
	private readonly meterAt = new Float64Array(STRIPS_PER_UNIT);
	private readonly overload = new Int8Array(STRIPS_PER_UNIT).fill(-1);
	private configured = false;

	constructor(
		private readonly device: number,
		private readonly send: (bytes: readonly number[]) => void,
	) {}

	/** Forgets everything: the next apply sends the whole state (reconnect, power cycle). */
	reset(): void {
		this.lcd = undefined;
		this.leds.fill(-1);
		this.faders.fill(-1);
		this.rings.fill(-1);
		this.segments.fill(-1);
		this.meterLevel.fill(-1);
		this.overload.fill(-1);
		this.configured = false;
	}

	/** The hardware reports fader `channel` at `value` (it is physically there: no need to send it). */
	faderMoved(channel: number, value: number): void {
		this.faders[channel] = value;
	}

	/** Sends the differences between `frame` and the shadow. */
	apply(frame: UnitFrame, now: number): void {
		if (!this.configured) {
			// Signal LED on, no LCD meter (it would cover the names): mode 1 per strip.
			for (let s = 0; s < STRIPS_PER_UNIT; s++) this.send(meterModeMessage(this.device, s, 0x01));
			this.configured = true;
		}
		this.applyLcd(frame.lcd);
		for (const [note, on] of frame.leds) {
			const v = on ? 0x7f : 0;
			if (this.leds[note] !== v) {
				this.leds[note] = v;
				this.send(ledMessage(note, on));
			}
		}
		for (const [channel, value] of frame.faders) {
			if (this.faders[channel] !== value) {
				this.faders[channel] = value;
				this.send(faderMessage(channel, value));
			}
		}
		frame.rings.forEach((value, s) => {
			if (this.rings[s] !== value) {
				this.rings[s] = value;
				this.send(ringMessage(s, value));
			}
		});
		frame.segments?.forEach((value, i) => {
			if (this.segments[i] !== value) {
				this.segments[i] = value;
				this.send(i < 10 ? timecodeDigit(i, value) : assignmentDigit(i - 10, value));
			}
		});
		frame.meters?.forEach(({ level, clip }, s) => {
			const due = level > 0 && now - this.meterAt[s]! >= METER_REFRESH_MS;
			if (this.meterLevel[s] !== level || due) {
				this.meterLevel[s] = level;
				this.meterAt[s] = now;
				this.send(meterMessage(s, level));
			}
			const o = clip ? 1 : 0;
			if (this.overload[s] !== o) {
				this.overload[s] = o;
				this.send(meterMessage(s, clip ? METER_OVERLOAD_SET : METER_OVERLOAD_CLEAR));
			}
		});
	}

	private applyLcd(text: string): void {
		const old = this.lcd;
		this.lcd = text;
		for (let row = 0; row < 2; row++) {
			const start = row * LCD_WIDTH;
			let first = -1;
			let last = -1;
			for (let i = start; i < start + LCD_WIDTH; i++) {
				if (old === undefined || old[i] !== text[i]) {
					if (first < 0) first = i;
					last = i;
				}
			}
			if (first >= 0) this.send(lcdMessage(this.device, first, text.slice(first, last + 1)));
		}
	}
}
