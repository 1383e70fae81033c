// Sends and reverb returns on surfaces, byte for byte. Mackie Control: the Send assignment
// button (note 0x29) puts the selected track's send levels under the V-pots (one a send, then
// the returns it does not send to yet), names the buses over the levels on the LCD, presses
// switch a send on and off; on a return bus the page is its reverb. Mapped controllers drive
// 'send.VERB' (across the fader law), 'send.VERB.on' and 'reverb.decay' by address.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MappingError, parseMapping } from '../../source/midi/mapping.js';
import { device, rig, type Rig } from './helpers.js';

const MCU = 'MCU Pro USB v3.1';
const BOX = 'Test Box';
const NOTE = { send: 0x29, pan: 0x2a, shift: 0x46, select: 0x18, vpotPress: 0x20 };

/** DX 1 sends to VERB (−12 dB) and FX (off); VERB is an algorithmic return, HALL a convolution one. */
const YAML = `dubdesk: 1
buses:
  - { id: DX, name: Dialogue }
  - { id: VERB, name: Room, output: DX, reverb: { decay: 0.6, predelay: 8, size: 0.4, damping: 0.5, width: 1, mix: 1 } }
  - { id: HALL, reverb: { ir: ir/hall.wav, predelay: 20, mix: 0.8 } }
  - { id: FX }
tracks:
  - id: dx1
    name: DX 1
    output: DX
    sends:
      - { to: VERB, gain: -12 }
      - { to: FX, gain: -6, on: false }
  - { id: dx2, name: DX 2, output: DX }
`;

let r: Rig;
let screen = ' '.repeat(112);
afterEach(() => r.controller.close());

const session = () => r.store.getState().session;
const sends = (t = 0) => session().tracks[t]!.sends;
const verb = () => session().buses[1]!.reverb as unknown as Record<string, number | boolean>;
const params = () => r.sent.filter((c) => c.type === 'param');

/** The fader law's travel for a level between two of its points (−40 dB at 0.16, −10 at 0.52, 0 at 0.75, +12 at 1). */
function travel(db: number): number {
	const law: [number, number][] = [[0.04, -60], [0.16, -40], [0.52, -10], [0.75, 0], [1, 12]];
	for (let i = 1; i < law.length; i++) {
		const [x0, d0] = law[i - 1]!;
		const [x1, d1] = law[i]!;
		if (db <= d1) return x0 + ((x1 - x0) * (db - d0)) / (d1 - d0);
	}
	return 1;
}

describe('Mackie Control Send page', () => {
	const mcu = () => device(r, MCU);
	const click = (note: number) => (mcu().send(0x90, note, 0x7f), mcu().send(0x90, note, 0));
	const turn = (pot: number, value: number) => mcu().send(0xb0, 0x10 + pot, value);
	const rings = (msgs: number[][]) => new Map(msgs.filter((m) => m[0] === 0xb0 && m[1]! >= 0x30 && m[1]! <= 0x37).map((m) => [m[1]! - 0x30, m[2]!]));

	async function read(): Promise<{ out: number[][]; top: string; bottom: string }> {
		await r.settle();
		const out = mcu().take();
		const chars = [...screen];
		for (const m of out) if (m[0] === 0xf0 && m[5] === 0x12) m.slice(7, -1).forEach((c, i) => (chars[m[6]! + i] = String.fromCharCode(c)));
		screen = chars.join('');
		return { out, top: screen.slice(0, 56), bottom: screen.slice(56) };
	}
	/** Lets the page title (1 s) time out and the surface redraw. */
	async function later(): Promise<{ out: number[][]; top: string; bottom: string }> {
		const first = await read();
		r.clock.now += 1100;
		r.store.update({});
		const then = await read();
		return { ...then, out: [...first.out, ...then.out] };
	}

	async function start(): Promise<void> {
		r = rig({ devices: [MCU], yaml: YAML });
		screen = ' '.repeat(112);
		await read();
	}

	it('lights Send, names the track and page, shows "S1", then the buses over their levels and rings on the fader law', async () => {
		await start();
		click(NOTE.send);
		let seen = await read();
		const out = rings(seen.out);
		expect(seen.out).toContainEqual([0x90, NOTE.send, 0x7f]);
		expect(seen.out).toContainEqual([0x90, NOTE.pan, 0x00]);
		expect(seen.top).toBe('Send: DX 1  page 1/1'.padEnd(56));
		expect(r.store.getState().status?.text).toBe('surface V-pots: Send of DX 1, page 1 of 1');
		// 'S' (0x53) on the left assignment digit is 0x53 − 0x40.
		expect(seen.out).toContainEqual([0xb0, 0x4b, 0x13]);
		seen = await later();
		// The two sends, then HALL: a return DX 1 does not send to yet.
		expect(seen.top).toBe('VERB   FX     HALL   '.padEnd(56));
		expect(seen.bottom).toBe(' -12.0    off     -- '.padEnd(56));
		// −12 dB at travel 0.496: dot 1 + round(4.96) = 6, bar mode (0x20), the centre LED lit while the send is on.
		expect(travel(-12)).toBeCloseTo(0.496, 6);
		expect(out.get(0)).toBe(0x40 | 0x20 | (1 + Math.round(travel(-12) * 10)));
		// The send that is off: its level on the ring, the centre LED dark; an absent one dark (as it was, so not sent).
		expect(out.get(1)).toBe(0x20 | (1 + Math.round(travel(-6) * 10)));
		expect(out.get(2) ?? 0).toBe(0);
	});

	it('turns a send level by 0.5 dB a step (one undo step, live), presses it on and off, and Shift+press resets it', async () => {
		await start();
		click(NOTE.send);
		r.sent.length = 0;
		turn(0, 0x01);
		expect(sends()![0]!.gain).toBe(-11.5);
		expect(r.sent).toEqual([{ type: 'param', target: 'track', id: 'dx1', param: 'send.VERB', value: -11.5 }]);
		r.clock.now += 300;
		turn(0, 0x41);
		r.clock.now += 300;
		turn(0, 0x41);
		expect(sends()![0]!.gain).toBe(-12.5);
		r.store.undo();
		expect(sends()![0]!.gain).toBe(-12);
		click(NOTE.vpotPress + 1);
		expect(sends()![1]!.on).toBe(true);
		expect(params().at(-1)).toMatchObject({ param: 'send.FX.on', value: true });
		const seen = await later();
		expect(seen.bottom.slice(7, 14)).toBe('  -6.0 ');
		mcu().send(0x90, NOTE.shift, 0x7f);
		click(NOTE.vpotPress);
		mcu().send(0x90, NOTE.shift, 0);
		expect(sends()![0]!.gain).toBe(0);
	});

	it('adds a send to a return by turning its pot (one undo step, a new graph)', async () => {
		await start();
		click(NOTE.send);
		await later();
		turn(2, 0x41);
		// From the default 0 dB, one step down.
		expect(sends()![2]).toEqual({ on: true, to: 'HALL', gain: -0.5, pre: false });
		expect(r.sent.at(-1)).toMatchObject({ type: 'load' });
		expect(r.store.getState().status?.text).toBe('DX 1 send to HALL added (-0.5 dB)');
		const seen = await read();
		expect(seen.bottom.slice(14, 21)).toBe('  -0.5 ');
		r.store.undo();
		expect(sends()).toHaveLength(2);
	});

	it('on a return bus shows its reverb: names over values, a turn steps the decay, a press switches it out', async () => {
		await start();
		click(NOTE.send);
		// Strips: DX 1, DX 2, then the buses DX, VERB …: VERB is strip 4.
		click(NOTE.select + 3);
		let seen = await read();
		expect(seen.top).toBe('Reverb: Room  page 1/1'.padEnd(56));
		seen = await later();
		expect(seen.top).toBe('Decay  PreDly Size   Damp   Width  Mix    '.padEnd(56));
		expect(seen.bottom).toBe('  0.60   8.00   0.40   0.50   1.00   1.00 '.padEnd(56));
		turn(0, 0x01);
		// A tenth of an octave: 0.6 · 2^0.1 = 0.64308, kept to four figures.
		expect(verb().decay).toBe(0.6431);
		expect(params().at(-1)).toEqual({ type: 'param', target: 'bus', id: 'VERB', param: 'reverb.decay', value: 0.6431 });
		click(NOTE.vpotPress + 5);
		expect(verb().on).toBe(false);
		seen = await read();
		expect(seen.bottom.slice(35, 42)).toBe('   off ');
		// HALL is a convolution: predelay and mix only.
		click(NOTE.select + 4);
		seen = await later();
		expect(seen.top).toBe('PreDly Mix    '.padEnd(56));
		expect(seen.bottom).toBe('  20.0   0.80 '.padEnd(56));
	});

	it('says why the page is empty on a bus that is no return (status line and LCD)', async () => {
		await start();
		click(NOTE.select + 2); // DX: a plain bus
		click(NOTE.send);
		expect(r.store.getState().status?.text).toBe('surface V-pots: Send: Dialogue is not a return (it has no reverb); select a track for its sends');
		const seen = await later();
		expect(seen.top).toBe('Dialogue is not a return (it has no reverb); select a tr');
		expect(seen.bottom).toBe(' '.repeat(56));
		turn(0, 0x01);
		expect(session().buses[0]).toEqual({ id: 'DX', name: 'Dialogue', output: 'master', gain: 0, mute: false });
	});
});

describe('mapped controllers on sends and returns', () => {
	const cc = (n: number, v: number) => device(r, BOX).send(0xb0, n, v);

	async function mapped(controls: string): Promise<void> {
		r = rig({ devices: [BOX], prefs: { input: BOX }, yaml: YAML });
		mkdirSync(r.userDir, { recursive: true });
		writeFileSync(join(r.userDir, 'box.yaml'), `name: Box\nstrips: 2\ncontrols:\n${controls}`);
		r.controller.rescan();
		r.controller.selectMapping('box');
		await r.settle();
		expect(r.controller.getStatus()).toMatchObject({ mapping: 'box', mappingError: undefined });
	}

	it('sets a send level across the fader law, switches it from a note, and adds a send it lacks', async () => {
		await mapped(
			[
				'  - { cc: 1, param: send.VERB, strip: { track: dx1 }, takeover: jump }',
				'  - { note: 40, param: send.FX.on, strip: 0 }',
				'  - { cc: 2, param: send.HALL, strip: 0, takeover: jump }',
			].join('\n') + '\n',
		);
		cc(1, 127);
		expect(sends()![0]!.gain).toBe(12);
		// 64/127 of the travel lies between −40 dB (0.16) and −10 dB (0.52), read to 0.1 dB.
		cc(1, 64);
		expect(sends()![0]!.gain).toBe(Math.round((-40 + (30 * (64 / 127 - 0.16)) / 0.36) * 10) / 10);
		cc(1, 96);
		expect(sends()![0]!.gain).toBe(Math.round(((12 * (96 / 127 - 0.75)) / 0.25) * 10) / 10);
		cc(1, 0);
		expect(sends()![0]!.gain).toBe(-Infinity);
		device(r, BOX).send(0x90, 40, 0x7f);
		expect(sends()![1]!.on).toBe(true);
		cc(2, 127);
		expect(sends()![2]).toEqual({ on: true, to: 'HALL', gain: 12, pre: false });
	});

	it('steps a reverb decay by the table (a tenth of an octave) from a relative encoder', async () => {
		await mapped('  - { cc: 5, encoding: twos-complement, param: reverb.decay, strip: { bus: VERB } }\n  - { cc: 6, param: reverb.mix, strip: { bus: VERB }, takeover: jump }\n');
		cc(5, 1);
		expect(verb().decay).toBe(0.6431);
		expect(params().at(-1)).toMatchObject({ target: 'bus', id: 'VERB', param: 'reverb.decay' });
		cc(6, 0);
		expect(verb().mix).toBe(0);
	});

	it('rejects a send on the master or a bus, and a reverb on a track, naming the file and the path', () => {
		const bad: [object, string][] = [
			[{ cc: 1, param: 'send.VERB', strip: 'master' }, 'controls[0].strip: the master has no sends: a send needs a track'],
			[{ cc: 1, param: 'send.VERB.on', strip: { bus: 'DX' } }, 'controls[0].strip: a bus has no sends: a send needs a track'],
			[{ cc: 1, param: 'reverb.decay', strip: { track: 'dx1' } }, "controls[0].strip: a track has no reverb: a reverb is a return bus's"],
			[{ cc: 1, param: 'reverb.loudness', strip: 0 }, 'controls[0].param: gain, pan or a strip parameter'],
			[{ pitchBend: true, param: 'reverb.on', strip: 0 }, 'controls[0].pitchBend: reverb.on is an in/out switch'],
		];
		for (const [control, message] of bad) {
			const doc = { name: 'x', controls: [control] };
			expect(() => parseMapping(doc, 'bad.yaml'), message).toThrow(MappingError);
			expect(() => parseMapping(doc, 'bad.yaml'), message).toThrow(`bad.yaml: ${message}`);
		}
	});
});
