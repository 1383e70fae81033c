// Mackie Control on a 5.1 session: the Pan assignment (note 0x2A) pages the eight V-pots from x
// to front/rear to the LFE send and back; turns move the right address (one undo step per
// control), rings show the value (a dot front … rear, a bar for the LFE send), and on a stereo
// session Pan stays x.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { device, rig, type Rig } from './helpers.js';

const MCU = 'MCU Pro USB v3.1';
const PAN = 0x2a;

const YAML = (format: string) => `dubdesk: 1
master: { format: "${format}" }
tracks:
  - { id: dx1, name: DX 1, pan: -0.5, panY: 0.5 }
  - { id: fx1, name: FX 1, lfe: 0 }
`;

let r: Rig;
const mcu = () => device(r, MCU);
const click = (note: number) => (mcu().send(0x90, note, 0x7f), mcu().send(0x90, note, 0x00));
const turn = (pot: number, value: number) => mcu().send(0xb0, 0x10 + pot, value);
const track = (i: number) => r.store.getState().session.tracks[i]!;
const rings = (msgs: number[][]) => new Map(msgs.filter((m) => m[0] === 0xb0 && m[1]! >= 0x30 && m[1]! <= 0x37).map((m) => [m[1]! - 0x30, m[2]!]));
async function sent(): Promise<number[][]> {
	await r.settle();
	return mcu().take();
}

afterEach(() => r.controller.close());

describe('5.1 session', () => {
	beforeEach(async () => {
		r = rig({ devices: [MCU], yaml: YAML('5.1') });
		await sent();
	});

	it('Pan steps x → front/rear → LFE → x, saying which', async () => {
		click(PAN);
		expect(r.store.getState().status?.text).toBe('surface V-pots: front/rear pan');
		click(PAN);
		expect(r.store.getState().status?.text).toBe('surface V-pots: LFE send');
		click(PAN);
		expect(r.store.getState().status?.text).toBe('surface V-pots: pan');
	});

	it('on the front/rear page a turn moves panY 0.01 a step and the ring is a dot from front to rear', async () => {
		click(PAN);
		// y = 0.5: dot 1 + round(0.75 · 10) = 9 (8.5 rounds up); FX 1 at the front: dot 1.
		let out = rings(await sent());
		expect(out.get(0)).toBe(0x09);
		expect(out.get(1)).toBe(0x01);
		r.sent.length = 0;
		turn(0, 0x01);
		expect(track(0).panY).toBeCloseTo(0.51, 10);
		expect(track(0).pan).toBe(-0.5);
		expect(r.sent).toEqual([{ type: 'param', target: 'track', id: 'dx1', param: 'panY', value: 0.51 }]);
		// Slow turns (fast ones accelerate, as pan does).
		for (let i = 0; i < 2; i++) {
			r.clock.now += 200;
			turn(0, 0x41);
		}
		expect(track(0).panY).toBeCloseTo(0.49, 10);
		// The turns are one undo step.
		r.store.undo();
		expect(track(0).panY).toBe(0.5);
		// Moved from the keyboard too, the ring follows.
		r.store.edit('rear', (s) => ({ ...s, tracks: s.tracks.map((t, i) => (i === 1 ? { ...t, panY: 1 } : t)) }));
		out = rings(await sent());
		expect(out.get(1)).toBe(0x0b);
	});

	it('on the LFE page a turn moves the send 0.5 dB; the ring is a bar over −60 … +10 dB, dark while closed', async () => {
		click(PAN);
		click(PAN);
		const out = rings(await sent());
		// DX 1 has no LFE send: dark. FX 1 at 0 dB: bar to 1 + round(60/70 · 10) = 10, wrap mode 0x20.
		expect(out.get(0)).toBe(0x00);
		expect(out.get(1)).toBe(0x20 | 10);
		turn(1, 0x41);
		expect(track(1).lfe).toBe(-0.5);
		turn(0, 0x01);
		expect(track(0).lfe).toBe(-60);
	});
});

describe('stereo session', () => {
	beforeEach(async () => {
		r = rig({ devices: [MCU], yaml: YAML('stereo') });
		await sent();
	});

	it('Pan has one page: pressing it again leaves the V-pots on x', async () => {
		click(PAN);
		click(PAN);
		turn(0, 0x01);
		expect(track(0).pan).toBeCloseTo(-0.49, 10);
		expect(track(0).panY).toBe(0.5);
	});
});
