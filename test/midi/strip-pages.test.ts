// Mackie Control V-pot assignment, byte for byte: the assignment buttons (Logic Control notes:
// 0x28 Track, 0x2A Pan/Surround, 0x2B Plug-in, 0x2C EQ) put the selected strip's channel strip
// under the V-pots; turns move the right address by the table's step (one undo step per
// control, shared with the keyboard); the LCD shows names over values, 7 characters a strip;
// rings and LCD follow edits made elsewhere.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editStripParam } from '../../source/app/mix-commands.js';
import { canUndo } from '../../sessions/history.js';
import { device, rig, type Rig } from './helpers.js';

const MCU = 'MCU Pro USB v3.1';
const NOTE = { track: 0x28, pan: 0x2a, plugin: 0x2b, eq: 0x2c, channelRight: 0x31, shift: 0x46 };

/** DX 1 (selected) has two EQ bands; DX 2 has none; nothing has dynamics. */
const YAML = `dubdesk: 1
tracks:
  - id: dx1
    name: DX 1
    pan: -0.5
    strip:
      hpf: { freq: 80, slope: 12 }
      eq:
        - { type: lowShelf, freq: 120, gain: -2, q: 0.71 }
        - { type: bell, freq: 1000, gain: 0, q: 1.4 }
  - { id: dx2, name: DX 2 }
  - { id: fx1, name: FX 1 }
`;

let r: Rig;
/** The LCD as the device shows it (every 0x12 write applied in order). */
let screen = ' '.repeat(112);
beforeEach(async () => {
	r = rig({ devices: [MCU], yaml: YAML });
	screen = ' '.repeat(112);
	await read();
});
afterEach(() => r.controller.close());

const mcu = () => device(r, MCU);
const press = (note: number) => mcu().send(0x90, note, 0x7f);
const release = (note: number) => mcu().send(0x90, note, 0x00);
const click = (note: number) => (press(note), release(note));
const turn = (pot: number, value: number) => mcu().send(0xb0, 0x10 + pot, value);
const strip = (i = 0) => r.store.getState().session.tracks[i]!.strip;
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
/** A whole LCD row as one sysex: F0 00 00 66 14 12 <offset> <56 characters> F7. */
const lcdRow = (row: 0 | 1, text: string) => [0xf0, 0x00, 0x00, 0x66, 0x14, 0x12, row * 0x38, ...ascii(text), 0xf7];
const rings = (msgs: number[][]) => new Map(msgs.filter((m) => m[0] === 0xb0 && m[1]! >= 0x30 && m[1]! <= 0x37).map((m) => [m[1]! - 0x30, m[2]!]));

/** What the surface sent since the last read, and the LCD rows after it. */
async function read(): Promise<{ out: number[][]; top: string; bottom: string }> {
	await r.settle();
	const out = mcu().take();
	const chars = [...screen];
	for (const m of out) if (m[0] === 0xf0 && m[5] === 0x12) m.slice(7, -1).forEach((c, i) => (chars[m[6]! + i] = String.fromCharCode(c)));
	screen = chars.join('');
	return { out, top: screen.slice(0, 56), bottom: screen.slice(56) };
}
/** Lets the page title time out (1 s) and the surface redraw. */
async function later(ms = 1100): Promise<{ out: number[][]; top: string; bottom: string }> {
	const first = await read();
	r.clock.now += ms;
	r.store.update({});
	const then = await read();
	return { ...then, out: [...first.out, ...then.out] };
}
/** The unit says it powered up: everything is sent again, each LCD row whole. */
async function powerUp(): Promise<number[][]> {
	mcu().send(0xf0, 0x00, 0x00, 0x66, 0x14, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0xf7);
	return (await read()).out;
}

describe('EQ page (channel strip mode on the selected strip)', () => {
	it('lights EQ, names the strip and page, then shows band names over values', async () => {
		click(NOTE.eq);
		let seen = await read();
		expect(seen.out).toContainEqual([0x90, NOTE.eq, 0x7f]);
		expect(seen.out).toContainEqual([0x90, NOTE.pan, 0x00]);
		// Two bands and one to add: 12 V-pots, two pages of 8.
		expect(seen.top).toBe('EQ: DX 1  page 1/2'.padEnd(56));
		expect(r.store.getState().status?.text).toBe('surface V-pots: EQ of DX 1, page 1 of 2');
		// The assignment display reads "E1": left digit CC 0x4B = 'E' (0x45 − 0x40); the right one
		// (CC 0x4A) already showed '1' (bank at strip 1), so it is not sent again.
		expect(seen.out).toContainEqual([0xb0, 0x4b, 0x05]);
		expect(seen.out.filter((m) => m[0] === 0xb0 && m[1] === 0x4a)).toEqual([]);
		seen = await later();
		expect(seen.top).toBe('1 Type 1 Freq 1 Gain 1 Q    2 Type 2 Freq 2 Gain 2 Q    ');
		const full = await powerUp();
		expect(full).toContainEqual(lcdRow(0, '1 Type 1 Freq 1 Gain 1 Q    2 Type 2 Freq 2 Gain 2 Q    '));
		expect(full).toContainEqual(lcdRow(1, 'LoShlf    120   -2.0   0.71   Bell  1.00k    0.0   1.40 '));
	});

	it('turning V-pot 2 clockwise raises band 1 by 1/12 octave; V-pot 3 back cuts 0.5 dB; V-pot 1 steps the type', () => {
		click(NOTE.eq);
		r.sent.length = 0;
		turn(1, 0x01);
		// 120 Hz · 2^(1/12) = 127.135 Hz, kept to 0.1 Hz.
		expect(strip()!.eq![0]!.freq).toBe(127.1);
		expect(r.sent).toEqual([{ type: 'param', target: 'track', id: 'dx1', param: 'strip.eq.0.freq', value: 127.1 }]);
		r.clock.now += 500;
		turn(2, 0x41);
		expect(strip()!.eq![0]!.gain).toBe(-2.5);
		r.clock.now += 500;
		turn(0, 0x01);
		expect(strip()!.eq![0]!.type).toBe('highShelf');
		r.clock.now += 500;
		turn(3, 0x01); // q steps by 1/6 octave: 0.71 · 2^(1/6) = 0.796946, kept to four figures
		expect(strip()!.eq![0]!.q).toBe(0.7969);
		// Another strip's EQ is untouched; the fader bank is unchanged.
		expect(strip(1)).toBeUndefined();
		expect(r.controller.getStatus().bank).toBe(0);
	});

	it('makes a turn-turn-turn one undo step, shared with the keyboard edit of the same control', () => {
		click(NOTE.eq);
		editStripParam(r.store, { kind: 'track', id: 'dx1', name: 'DX 1' }, 'strip.eq.0.gain', -1); // a key nudge first
		for (let i = 0; i < 3; i++) {
			r.clock.now += 200;
			turn(2, 0x01);
		}
		expect(strip()!.eq![0]!.gain).toBe(0.5);
		r.store.undo();
		expect(strip()!.eq![0]!.gain).toBe(-2);
		expect(canUndo(r.store.getState().history)).toBe(false);
	});

	it('shows the value on the ring: boost/cut for gain, a bar for frequency, centre LED while the band is in', async () => {
		click(NOTE.eq);
		const out = rings((await read()).out);
		// Gain −2 of ±24: dot 1 + round(22/48 · 10) = 6 in boost/cut mode (0x10), centre LED 0x40.
		expect(out.get(2)).toBe(0x40 | 0x10 | 6);
		// 120 Hz on 20 Hz–20 kHz (log): 1 + round(log(6)/log(1000) · 10) = 4, bar mode 0x20.
		expect(out.get(1)).toBe(0x40 | 0x20 | 4);
		// Band 2's type "bell" is the first of six: a dot (mode 0) at 1.
		expect(out.get(4)).toBe(0x40 | 0x00 | 1);
	});

	it('switches a band out on a V-pot press ("off" on the LCD, centre LED dark), and resets with Shift', async () => {
		click(NOTE.eq);
		await later();
		click(0x21); // V-pot 2 press: band 1 in/out
		expect(strip()!.eq![0]!.on).toBe(false);
		const seen = await read();
		expect(seen.bottom.slice(0, 28)).toBe('   off    off    off    off ');
		expect(rings(seen.out).get(2)).toBe(0x10 | 6);
		press(NOTE.shift);
		click(0x22); // Shift + V-pot 3: gain back to its default
		release(NOTE.shift);
		expect(strip()!.eq![0]).toMatchObject({ gain: 0, on: false });
	});

	it('follows edits made elsewhere and their undo (LCD and ring)', async () => {
		click(NOTE.eq);
		await later();
		editStripParam(r.store, { kind: 'track', id: 'dx1', name: 'DX 1' }, 'strip.eq.1.gain', 6);
		let seen = await read();
		expect(seen.bottom.slice(6 * 7, 7 * 7)).toBe('  +6.0 ');
		expect(rings(seen.out).get(6)).toBe(0x40 | 0x10 | 7); // 1 + round(30/48 · 10)
		r.store.undo();
		seen = await read();
		expect(seen.bottom.slice(6 * 7, 7 * 7)).toBe('   0.0 ');
		expect(rings(seen.out).get(6)).toBe(0x40 | 0x10 | 6);
	});

	it('pages with EQ again and with the channel buttons; an absent band shows "--" and a turn adds it', async () => {
		click(NOTE.eq);
		click(NOTE.eq);
		let seen = await later();
		expect(seen.top).toBe('3 Type 3 Freq 3 Gain 3 Q    '.padEnd(56));
		expect(seen.bottom).toBe('    --     --     --     -- '.padEnd(56));
		turn(2, 0x01); // band 3 gain: 0 + 0.5, the band created with its defaults
		expect(strip()!.eq![2]).toEqual({ on: true, type: 'bell', freq: 1000, gain: 0.5, q: 0.71 });
		click(NOTE.channelRight); // three bands and one to add: still page 2 of 2, the last
		click(0x30); // channel left: page 1; the faders stay
		expect(r.controller.getStatus().bank).toBe(0);
		seen = await later();
		expect(seen.top.slice(0, 7)).toBe('1 Type ');
	});

	it('follows the selection: the Select button of DX 2 puts its (empty) strip under the V-pots', async () => {
		click(NOTE.eq);
		click(0x19); // select DX 2
		const seen = await later();
		expect(seen.top.slice(0, 28)).toBe('1 Type 1 Freq 1 Gain 1 Q    ');
		turn(1, 0x01);
		expect(strip(1)!.eq![0]!.freq).toBe(1059.5); // 1000 · 2^(1/12) = 1059.46
		expect(strip()!.eq![0]!.freq).toBe(120);
	});

	it('goes back to pan with the Pan button: names and levels, V-pots pan', async () => {
		click(NOTE.eq);
		await read();
		click(NOTE.pan);
		const seen = await read();
		expect(seen.top.slice(0, 21)).toBe('DX 1   DX 2   FX 1   ');
		expect(seen.out).toContainEqual([0xb0, 0x4b, 0x20]); // the bank's first strip again, " 1"
		turn(0, 0x01);
		expect(r.store.getState().session.tracks[0]!.pan).toBe(-0.49);
	});
});

describe('Dynamics and Input pages', () => {
	it('Plug-in puts compressor, gate and de-esser on the V-pots; a turn creates the compressor at its default ± one step', async () => {
		click(NOTE.plugin);
		let seen = await later();
		expect(seen.out).toContainEqual([0xb0, 0x4b, 0x04]); // "D1": 'D' is 0x44 − 0x40
		expect(seen.top).toBe('C Thr  C Rat  C Att  C Rel  C Make C Knee G Thr  D Thr  ');
		expect(seen.bottom).toBe('    --     --     --     --     --     --     --     -- ');
		turn(0, 0x41);
		turn(1, 0x01);
		expect(strip()!.compressor).toMatchObject({ on: true, threshold: -21, ratio: 3.5, knee: 6, attack: 5, release: 100, makeup: 0 });
		click(NOTE.plugin); // page 2: the assignment display reads "D2"
		seen = await later();
		expect(seen.top).toBe('G Rng  G Att  G Hold G Rel  D Frq  D Rng  L Ceil L Rel  ');
		expect(seen.out).toContainEqual([0xb0, 0x4a, 0x32]);
		turn(6, 0x01);
		expect(strip()!.limiter).toEqual({ on: true, ceiling: -0.9, release: 50 });
	});

	it('Track puts trim and the filters on the V-pots; pressing the trim resets it, a slope steps by its choices', async () => {
		click(NOTE.track);
		const seen = await later();
		expect(seen.top).toBe('Trim   HP Frq HP Slp LP Frq LP Slp               Strip  ');
		expect(seen.bottom).toBe('   0.0     80   12dB     --     --                   in ');
		turn(0, 0x03); // three ticks in one message: 6 steps of 0.5 dB
		expect(strip()!.trim).toBe(3);
		click(0x20);
		expect(strip()!.trim).toBe(0);
		turn(2, 0x05); // a fast spin still moves a choice by one
		expect(strip()!.hpf!.slope).toBe(18);
		click(0x27); // strip bypass
		expect(strip()!.bypass).toBe(true);
	});
});

describe('with an XT extender', () => {
	it('puts the next eight parameters on the XT (its own device id, 0x15)', async () => {
		r.controller.close();
		r = rig({ devices: ['Mackie Control', 'Mackie Control XT'], yaml: YAML });
		await r.settle();
		device(r, 'Mackie Control').send(0x90, NOTE.eq, 0x7f);
		await r.settle();
		r.clock.now += 1100;
		r.store.update({});
		await r.settle();
		const chars = [...' '.repeat(112)];
		for (const m of device(r, 'Mackie Control XT').take()) {
			if (m[0] === 0xf0 && m[4] === 0x15 && m[5] === 0x12) m.slice(7, -1).forEach((c, i) => (chars[m[6]! + i] = String.fromCharCode(c)));
		}
		expect(chars.slice(0, 56).join('')).toBe('3 Type 3 Freq 3 Gain 3 Q    '.padEnd(56));
		// Sixteen V-pots hold three bands: one page.
		device(r, 'Mackie Control XT').send(0xb0, 0x12, 0x01);
		expect(strip()!.eq![2]!.gain).toBe(0.5);
	});
});
