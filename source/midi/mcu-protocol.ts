// Mackie Control Universal: the bytes. Sources relied on (the protocol is not published by
// Mackie): Emagic's Logic Control manual (MIDI implementation appendix) as digested in
// NicoG60/TouchMCU doc/mackie_control_protocol.md (tested on an MCU Pro, firmware 3.0), and
// Ardour's libs/surfaces/mackie (strip.cc, surface.cc) for host behaviour.
//
// - Faders: pitch bend on channel 0–7 (strips) and 8 (master), 14 bits, LSB first; the host
//   moves a motor fader with the same message. Touch: note 0x68–0x6F (strips), 0x70 (master),
//   velocity 0x7F touched, 0x00 released.
// - V-pots: CC 0x10–0x17, relative, bit 6 = counter-clockwise, bits 0–5 = ticks. Press: note
//   0x20–0x27. LED ring: CC 0x30–0x37, value 0b0pmmvvvv (p centre LED, m mode, v 0–11).
// - Buttons: note on 0x7F pressed / 0x00 released; LEDs: note on 0x7F on, 0x01 flash, 0x00 off.
// - Jog wheel: CC 0x3C, same encoding as the V-pots.
// - LCD: sysex F0 00 00 66 <dev> 12 <offset> <ascii…> F7, offset 0x00–0x37 top row, 0x38–0x6F
//   bottom row; device id 0x14 for the MCU, 0x15 for the XT extender.
// - Timecode / assignment display: CC 0x40–0x49 (timecode) and 0x4A–0x4B (assignment) on
//   channel 0, numbered right to left; value = character code (ASCII 0x40–0x5F minus 0x40,
//   0x20–0x3F as is) plus 0x40 for the digit's dot.
// - Meters: channel pressure D0, data 0hhhllll: h strip 0–7, l level 0x0 (< −60 dB) … 0xC
//   (0 dB); 0xE sets, 0xF clears the overload LED. The device lets a meter fall one segment
//   about every 300 ms unless refreshed.
// - Channel meter mode: sysex 20 <strip> <mode>, mode bits: 1 signal LED, 2 peak hold, 4 LCD meter.
import type { MidiBytes } from './types.js';

export const MCU_DEVICE = 0x14;
export const XT_DEVICE = 0x15;
export const STRIPS_PER_UNIT = 8;
export const LCD_WIDTH = 56;
export const CELL = 7;

export const NOTE = {
	rec: 0x00,
	solo: 0x08,
	mute: 0x10,
	select: 0x18,
	vpotPress: 0x20,
	faderTouch: 0x68,
	masterTouch: 0x70,
	smpteLed: 0x71,
	beatsLed: 0x72,
	rudeSoloLed: 0x73,
} as const;

export const CC = { vpot: 0x10, ring: 0x30, jog: 0x3c, timecode: 0x40, assignment: 0x4a } as const;

/** Buttons outside the strips, by the name the MCU's panel prints (keymaps/midi/mcu.yaml binds them). */
export const MCU_BUTTONS: Readonly<Record<string, number>> = {
	track: 0x28,
	send: 0x29,
	pan: 0x2a,
	plugin: 0x2b,
	eq: 0x2c,
	instrument: 0x2d,
	bankLeft: 0x2e,
	bankRight: 0x2f,
	channelLeft: 0x30,
	channelRight: 0x31,
	flip: 0x32,
	globalView: 0x33,
	nameValue: 0x34,
	smpteBeats: 0x35,
	f1: 0x36,
	f2: 0x37,
	f3: 0x38,
	f4: 0x39,
	f5: 0x3a,
	f6: 0x3b,
	f7: 0x3c,
	f8: 0x3d,
	midiTracks: 0x3e,
	inputs: 0x3f,
	audioTracks: 0x40,
	audioInstrument: 0x41,
	aux: 0x42,
	buses: 0x43,
	outputs: 0x44,
	user: 0x45,
	shift: 0x46,
	option: 0x47,
	control: 0x48,
	alt: 0x49,
	read: 0x4a,
	write: 0x4b,
	trim: 0x4c,
	touch: 0x4d,
	latch: 0x4e,
	group: 0x4f,
	save: 0x50,
	undo: 0x51,
	cancel: 0x52,
	enter: 0x53,
	marker: 0x54,
	nudge: 0x55,
	cycle: 0x56,
	drop: 0x57,
	replace: 0x58,
	click: 0x59,
	solo: 0x5a,
	rewind: 0x5b,
	forward: 0x5c,
	stop: 0x5d,
	play: 0x5e,
	record: 0x5f,
	up: 0x60,
	down: 0x61,
	left: 0x62,
	right: 0x63,
	zoom: 0x64,
	scrub: 0x65,
	userA: 0x66,
	userB: 0x67,
};

/** Per-strip button rows, by the name mcu.yaml uses. */
export const STRIP_BUTTONS = ['rec', 'solo', 'mute', 'select', 'vpotPress'] as const;
export type StripButton = (typeof STRIP_BUTTONS)[number];

function sysex(device: number, body: readonly number[]): number[] {
	return [0xf0, 0x00, 0x00, 0x66, device, ...body, 0xf7];
}

/** An LCD character: printable ASCII as is, accented letters without the accent, others '?'. */
export function lcdChar(ch: string): number {
	const code = ch.normalize('NFD').charCodeAt(0);
	return code >= 0x20 && code <= 0x7e ? code : 0x3f;
}

/** Writes `text` to the LCD from `offset` (0–111; the top row is 0–55). */
export function lcdMessage(device: number, offset: number, text: string): number[] {
	return sysex(device, [0x12, offset & 0x7f, ...[...text].map(lcdChar)]);
}

/** The 7-segment code of a character (timecode and assignment displays). */
export function segmentChar(ch: string, dot = false): number {
	let code = ch.toUpperCase().charCodeAt(0);
	if (!(code >= 0x20 && code <= 0x5f)) code = 0x20;
	return (code >= 0x40 ? code - 0x40 : code) | (dot ? 0x40 : 0);
}

/** Sets digit `index` of the timecode display, counted from the right (0–9). */
export function timecodeDigit(index: number, value: number): number[] {
	return [0xb0, CC.timecode + index, value & 0x7f];
}

/** Sets digit `index` (0 right, 1 left) of the two-digit assignment display. */
export function assignmentDigit(index: number, value: number): number[] {
	return [0xb0, CC.assignment + index, value & 0x7f];
}

/** Moves motor fader `channel` (0–7, 8 master) to a 14-bit position. */
export function faderMessage(channel: number, value: number): number[] {
	const v = Math.max(0, Math.min(0x3fff, Math.round(value)));
	return [0xe0 | channel, v & 0x7f, v >> 7];
}

export function ledMessage(note: number, on: boolean): number[] {
	return [0x90, note & 0x7f, on ? 0x7f : 0x00];
}

/** Ring modes (bits 4–5): a dot, boost/cut from the centre, a bar from the left, a spread. */
export const RING_DOT = 0x00;
export const RING_BOOST_CUT = 0x10;
export const RING_WRAP = 0x20;
export const RING_SPREAD = 0x30;

/** The ring value for a pan position: a dot 1 (hard left) … 6 (centre) … 11 (hard right), centre LED at 0. */
export function panRing(pan: number | undefined): number {
	if (pan === undefined) return 0;
	const position = 1 + Math.round(((Math.max(-1, Math.min(1, pan)) + 1) / 2) * 10);
	return RING_DOT | position | (pan === 0 ? 0x40 : 0);
}

export function ringMessage(strip: number, value: number): number[] {
	return [0xb0, CC.ring + strip, value & 0x7f];
}

/** Meter segment for a level in dBFS (Logic Control table: 0x1 ≥ −60 dB … 0xC ≥ 0 dB). */
export function meterLevel(db: number): number {
	const steps = [-60, -50, -40, -30, -20, -14, -10, -8, -6, -4, -2, 0];
	let level = 0;
	for (const step of steps) if (db >= step) level++;
	return level;
}

export const METER_OVERLOAD_SET = 0xe;
export const METER_OVERLOAD_CLEAR = 0xf;

export function meterMessage(strip: number, level: number): number[] {
	return [0xd0, ((strip & 0x7) << 4) | (level & 0xf)];
}

/** Per-strip meter mode (1 signal LED, 2 peak hold, 4 LCD meter). */
export function meterModeMessage(device: number, strip: number, mode: number): number[] {
	return sysex(device, [0x20, strip & 0x7, mode & 0x7]);
}

/** Whether a sysex is from a Mackie unit, and its command (0x01 host connection query at power-on). */
export function mcuSysexCommand(data: MidiBytes): number | undefined {
	if (data.length < 7 || data[1] !== 0x00 || data[2] !== 0x00 || data[3] !== 0x66) return undefined;
	return data[5];
}
