// What dubdesk sends a Mackie Control for given mixer states: the LCD sysex (exact bytes),
// button LEDs, motor faders (following the keyboard, undo and automation, never a touched
// fader), V-pot rings, the timecode display and meters — and only what changed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbToFader14 } from '../../source/midi/fader-taper.js';
import { lcdMessage } from '../../source/midi/mcu-protocol.js';
import { setTrackGain, toggleTrackMute } from '../../sessions/edit.js';
import { bend, device, rig, type Rig } from './helpers.js';

const MCU = 'MCU Pro USB v3.1';
let r: Rig;
afterEach(() => {
	r.controller.close();
	vi.useRealTimers();
});

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const of = (msgs: number[][], status: number) => msgs.filter((m) => m[0] === status);
const ledState = (msgs: number[][]) => new Map(of(msgs, 0x90).map((m) => [m[1]!, m[2]!]));
/** The LCD as the device shows it after `msgs` (sysex 0x12 writes applied in order). */
function lcd(msgs: number[][], before = ' '.repeat(112)): string[] {
	const chars = [...before];
	for (const m of msgs) {
		if (m[0] !== 0xf0 || m[5] !== 0x12) continue;
		m.slice(7, -1).forEach((c, i) => (chars[m[6]! + i] = String.fromCharCode(c)));
	}
	return [chars.slice(0, 56).join(''), chars.slice(56).join('')];
}
const faderOf = (msgs: number[][], ch: number) => of(msgs, 0xe0 | ch).map((m) => m[1]! | (m[2]! << 7));

async function start(devices = [MCU]): Promise<number[][]> {
	r = rig({ devices });
	await r.settle();
	return device(r, devices[0]!).take();
}

describe('MCU feedback on connect', () => {
	it('writes names on the top row and levels on the bottom row of the LCD, exact bytes', async () => {
		const out = await start();
		const top = 'DX 1   DX 2   ADR    FX 1   FX 2   Backgr BG 2   Score  ';
		const bottom = '  -3.0    0.0    0.0    0.0    0.0    0.0    0.0    0.0 ';
		expect(out).toContainEqual([0xf0, 0x00, 0x00, 0x66, 0x14, 0x12, 0x00, ...ascii(top), 0xf7]);
		expect(out).toContainEqual([0xf0, 0x00, 0x00, 0x66, 0x14, 0x12, 0x38, ...ascii(bottom), 0xf7]);
	});

	it('lights mute, solo, REC (polarity), select, stop and rude solo; play off', async () => {
		const leds = ledState(await start());
		expect(leds.get(0x11)).toBe(0x7f); // mute dx2
		expect(leds.get(0x10)).toBe(0x00);
		expect(leds.get(0x0a)).toBe(0x7f); // solo adr
		expect(leds.get(0x03)).toBe(0x7f); // REC = polarity fx1
		expect(leds.get(0x18)).toBe(0x7f); // select dx1
		expect(leds.get(0x19)).toBe(0x00);
		expect(leds.get(0x5d)).toBe(0x7f); // stop
		expect(leds.get(0x5e)).toBe(0x00); // play
		expect(leds.get(0x73)).toBe(0x7f); // rude solo
		expect(leds.get(0x71)).toBe(0x7f); // SMPTE
	});

	it('sends faders, rings, meter modes and the timecode', async () => {
		const out = await start();
		expect(faderOf(out, 0)).toEqual([dbToFader14(-3)]);
		expect(faderOf(out, 8)).toEqual([dbToFader14(-1)]); // master
		expect(out).toContainEqual([0xb0, 0x30, 0x04]); // dx1 pan −0.5: dot 4 of 11
		expect(out).toContainEqual([0xb0, 0x31, 0x46]); // dx2 centred: dot 6 + centre LED
		expect(out).toContainEqual([0xf0, 0x00, 0x00, 0x66, 0x14, 0x20, 0x00, 0x01, 0xf7]);
		// 01:00:00:00 as " 01.00.00. 00", right to left from CC 0x40.
		const digits = of(out, 0xb0).filter((m) => m[1]! >= 0x40 && m[1]! <= 0x49);
		expect(digits.map((m) => m[2])).toEqual([0x30, 0x30, 0x20, 0x70, 0x30, 0x70, 0x30, 0x71, 0x30, 0x20]);
		expect(out).toContainEqual([0xb0, 0x4a, 0x31]); // assignment: bank starts at strip 1
	});
});

describe('MCU feedback follows the mix', () => {
	it('moves the motor fader and the LCD for a keyboard edit, and back on undo', async () => {
		await start();
		r.store.edit('Fader dx1', (s) => setTrackGain(s, 'dx1', -10));
		await r.settle();
		const out = device(r, MCU).take();
		// Only the changed characters, the fader, and the Save LED (the session is now unsaved).
		expect(out).toEqual([lcdMessage(0x14, 0x38 + 1, '-10'), [0x90, 0x50, 0x7f], [0xe0, dbToFader14(-10) & 0x7f, dbToFader14(-10) >> 7]]);
		r.store.undo();
		await r.settle();
		expect(faderOf(device(r, MCU).take(), 0)).toEqual([dbToFader14(-3)]);
	});

	it('never moves a touched fader; after release it goes where the level is', async () => {
		await start();
		device(r, MCU).send(0x90, 0x68, 0x7f);
		r.store.edit('Fader dx1', (s) => setTrackGain(s, 'dx1', -20));
		await r.settle();
		expect(faderOf(device(r, MCU).take(), 0)).toEqual([]);
		device(r, MCU).send(0x90, 0x68, 0x00);
		await r.settle();
		expect(faderOf(device(r, MCU).take(), 0)).toEqual([dbToFader14(-20)]);
	});

	it('does not echo a fader move back, even where the level was rounded', async () => {
		await start();
		device(r, MCU).send(0x90, 0x68, 0x7f);
		device(r, MCU).send(...bend(0, 12000)); // −0.76 dB, stored rounded to −0.8
		device(r, MCU).send(0x90, 0x68, 0x00);
		await r.settle();
		expect(r.store.getState().session.tracks[0]!.gain).toBe(-0.8);
		expect(faderOf(device(r, MCU).take(), 0)).toEqual([]);
	});

	it('turns an LED off when a mute is cleared elsewhere, and sends nothing else', async () => {
		await start();
		r.store.edit('Mute dx2', (s) => toggleTrackMute(s, 'dx2'));
		await r.settle();
		expect(device(r, MCU).take()).toEqual([[0x90, 0x11, 0x00], [0x90, 0x50, 0x7f]]);
	});

	it('shows the pan on the bottom row while a V-pot turns, then the level again', async () => {
		vi.useFakeTimers();
		const first = await start();
		device(r, MCU).send(0xb0, 0x10, 0x41);
		await r.settle();
		const out = device(r, MCU).take();
		const shown = lcd(out, lcd(first).join(''));
		expect(shown[1].slice(0, 14)).toBe('   L51    0.0 ');
		expect(out).toContainEqual([0xb0, 0x30, 0x03]);
		r.clock.now += 1600;
		vi.advanceTimersByTime(100);
		expect(lcd(device(r, MCU).take(), shown.join(''))[1].slice(0, 7)).toBe('  -3.0 ');
	});

	it('follows gain automation at the playhead', async () => {
		vi.useFakeTimers();
		await start();
		device(r, MCU).send(0x90, 0x2f, 0x7f); // bank to strips 5–12: vo on strip 6
		await r.settle();
		device(r, MCU).take();
		r.shared.setPosition(48000 * 5, 48000);
		vi.advanceTimersByTime(100);
		expect(faderOf(device(r, MCU).take(), 5)).toEqual([dbToFader14(-10)]);
	});
});

describe('MCU meters', () => {
	it('sends levels by channel pressure, refreshes them within 300 ms, and the overload LED', async () => {
		vi.useFakeTimers();
		await start();
		const offset = r.shared.trackMeterOffset(0);
		r.shared.setMeter(offset, -5, -5, false);
		vi.advanceTimersByTime(100);
		expect(of(device(r, MCU).take(), 0xd0)).toEqual([[0xd0, 0x09]]);
		vi.advanceTimersByTime(100);
		expect(of(device(r, MCU).take(), 0xd0)).toEqual([]); // unchanged, not due yet
		r.clock.now += 260;
		vi.advanceTimersByTime(100);
		expect(of(device(r, MCU).take(), 0xd0)).toEqual([[0xd0, 0x09]]); // refreshed before the device lets it fall
		r.shared.setMeter(offset, 0.5, 0.5, true);
		vi.advanceTimersByTime(100);
		expect(of(device(r, MCU).take(), 0xd0)).toEqual([[0xd0, 0x0c], [0xd0, 0x0e]]);
		r.shared.setMeter(r.shared.trackMeterOffset(1), -45, -45, false);
		r.shared.setMeter(offset, -Infinity, -Infinity, false);
		vi.advanceTimersByTime(100);
		expect(of(device(r, MCU).take(), 0xd0)).toEqual([[0xd0, 0x00], [0xd0, 0x0f], [0xd0, 0x12]]);
	});
});

describe('MCU extender and power cycling', () => {
	it('runs an XT as strips 9–16 with its own device id', async () => {
		r = rig({ devices: ['Mackie Control', 'Mackie Control XT'] });
		await r.settle();
		expect(r.controller.getStatus()).toMatchObject({ width: 16, extenderOpen: true, input: 'Mackie Control' });
		const xt = device(r, 'Mackie Control XT').take();
		expect(xt).toContainEqual([0xf0, 0x00, 0x00, 0x66, 0x15, 0x12, 0x00, ...ascii('Source Voice- Dialog Music  '.padEnd(56)), 0xf7]);
		device(r, 'Mackie Control XT').send(...bend(3, dbToFader14(2)));
		expect(r.store.getState().session.buses[1]!.gain).toBe(2);
		expect(faderOf(xt, 8)).toEqual([]); // the XT has no master fader
	});

	it('sends everything again when a unit says it powered up', async () => {
		await start();
		device(r, MCU).send(0xf0, 0x00, 0x00, 0x66, 0x14, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0xf7);
		await r.settle();
		expect(device(r, MCU).take().length).toBeGreaterThan(40);
	});

	it('counts malformed bytes and keeps working', async () => {
		await start();
		device(r, MCU).send(0x40, 0x41, 0xe0, 0x10, 0xf7, 0xf0, 0x00, 0x66);
		device(r, MCU).send(0x90, 0x11, 0x7f);
		await new Promise((resolve) => setTimeout(resolve, 250));
		expect(r.controller.getStatus().malformed).toBeGreaterThanOrEqual(3);
		expect(r.store.getState().session.tracks[1]!.mute).toBe(false);
	});
});
