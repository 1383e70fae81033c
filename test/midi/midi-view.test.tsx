// The MIDI page at 80×24: ports and mapping chosen with arrows and Enter, learn mode from the
// page, and a page that says why when there is no MIDI at all.
import React from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { MidiView } from '../../source/components/MidiView.js';
import { MidiPage, MIDI_PAGE_KEYS, midiPageLines } from '../../source/midi/midi-page.js';
import { startMidi } from '../../source/midi/index.js';
import { memoryPrefs } from '../../source/midi/midi-settings.js';
import { mixerStrips } from '../../source/midi/strips.js';
import { device, rig, SHIPPED, type Rig } from './helpers.js';

const NANO = 'nanoKONTROL2:nanoKONTROL2 MIDI 1 20:0';
const KEYS: Record<string, string> = { up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', enter: '\r', escape: '\x1b' };
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

let r: Rig | undefined;
afterEach(() => r?.controller.close());

describe('MidiPage', () => {
	it('fits 80×21 lines and shows ports, mapping and counters', () => {
		r = rig({ devices: [NANO, 'Other'] });
		const page = new MidiPage(r.controller);
		const lines = midiPageLines(page, r.controller.getStatus(), mixerStrips(r.store.getState().session), 80, 21);
		expect(lines).toHaveLength(21);
		for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
		expect(lines[0]).toBe('MIDI · virtual · mapped controller · strips 1–8 of 12');
		expect(lines[2]).toBe(`› Input     ‹ ${NANO} ›  open`);
		expect(lines[4]).toBe('  Mapping   ‹ nanokontrol2 ›  ');
		expect(lines[5]).toBe('  Learn     ‹ gain · strip 1 (DX 1) ›  ');
	});

	it('chooses a port with arrows and applies it on Enter only', () => {
		r = rig({ devices: [NANO, 'MCU Pro'] });
		const page = new MidiPage(r.controller);
		expect(page.key('right')).toBe(true); // auto → nano → MCU Pro
		expect(r.controller.getStatus().input).toBe(NANO);
		expect(page.shown('input', r.controller.getStatus())).toEqual({ value: 'MCU Pro', pending: true });
		page.key('enter');
		expect(r.controller.getStatus()).toMatchObject({ input: 'MCU Pro', protocol: 'mcu' });
		expect(r.prefs.value.input).toBe('MCU Pro');
		expect(page.rows(r.controller.getStatus())).toContain('extender');
		page.key('backspace'); // back to automatic
		expect(r.prefs.value.input).toBeUndefined();
		expect(page.key('q')).toBe(false);
		expect(MIDI_PAGE_KEYS.has('space')).toBe(false);
	});

	it('learns from the page: pick, move, save', () => {
		r = rig({ devices: ['Keys'], prefs: { input: 'Keys' } });
		const page = new MidiPage(r.controller);
		page.row = 'learn';
		page.key('right'); // pan · strip 1
		page.key('enter');
		expect(r.controller.getStatus().learn.phase).toBe('listening');
		device(r, 'Keys').send(0xb0, 10, 64);
		const lines = midiPageLines(page, r.controller.getStatus(), mixerStrips(r.store.getState().session), 80, 21);
		expect(lines.join('\n')).toContain('CC 10 ch 1 → pan · strip 1 (DX 1) · absolute');
		page.key('enter');
		expect(r.controller.getStatus()).toMatchObject({ mapping: 'keys', learn: { phase: 'idle' } });
	});
});

describe('MidiView', () => {
	it('renders and takes keys from the terminal', async () => {
		r = rig({ devices: [NANO, 'MCU Pro'] });
		const ui = render(<MidiView store={r.store} midi={r.controller} />);
		await delay(20);
		expect(ui.lastFrame()).toContain(`› Input     ‹ ${NANO} ›  open`);
		ui.stdin.write(KEYS.down);
		await delay(20);
		expect(ui.lastFrame()).toContain('› Output');
		ui.stdin.write(KEYS.down);
		ui.stdin.write(KEYS.down);
		ui.stdin.write(KEYS.enter);
		await delay(20);
		expect(ui.lastFrame()).toContain('Learning gain · strip 1 (DX 1): move a control on the device.');
		ui.stdin.write(KEYS.escape);
		await delay(60);
		expect(ui.lastFrame()).not.toContain('Learning');
		ui.unmount();
	});

	it('says why there is no MIDI', async () => {
		const rr = rig();
		rr.controller.close();
		const midi = startMidi(rr.store, { prefs: memoryPrefs(), dirs: { shipped: SHIPPED, user: '/nonexistent' } });
		const ui = render(<MidiView store={rr.store} midi={midi} />);
		await delay(20);
		expect(ui.lastFrame()).toContain('MIDI control surfaces: unavailable');
		expect(ui.lastFrame()).toContain(midi.getStatus().reason!);
		ui.unmount();
		midi.close();
	});
});
