// Mackie Control input, byte for byte as the protocol documents it (TouchMCU's
// mackie_control_protocol.md, the Logic Control manual): faders, touch, V-pots, buttons,
// bank/channel, transport and jog become session edits and engine commands.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dbToFader14 } from '../../source/midi/fader-taper.js';
import { WIND_MS, WIND_STEP } from '../../source/midi/transport.js';
import { bend, device, rig, type Rig } from './helpers.js';

const MCU = 'MCU Pro USB v3.1';
let r: Rig;

beforeEach(async () => {
	r = rig({ devices: [MCU] });
	await r.settle();
});
afterEach(() => r.controller.close());

const press = (note: number) => device(r, MCU).send(0x90, note, 0x7f);
const release = (note: number) => device(r, MCU).send(0x90, note, 0x00);
const track = (id: string) => r.store.getState().session.tracks.find((t) => t.id === id)!;

describe('MCU faders', () => {
	it('sets a track level from a 14-bit fader move on its channel', () => {
		expect(r.controller.getStatus()).toMatchObject({ inputOpen: true, outputOpen: true, protocol: 'mcu', width: 8 });
		r.sent.length = 0;
		device(r, MCU).send(0xe0, 0x7f, 0x5f); // 0x2FFF = 12287 = 0.75 of travel
		expect(track('dx1').gain).toBe(0);
		expect(r.sent).toEqual([{ type: 'param', target: 'track', id: 'dx1', param: 'gain', value: 0 }]);
		device(r, MCU).send(...bend(1, dbToFader14(-10)));
		expect(track('dx2').gain).toBe(-10);
		device(r, MCU).send(...bend(2, 0));
		expect(track('adr').gain).toBe(-Infinity);
	});

	it('drives the master from pitch bend channel 9 (wire channel 8)', () => {
		device(r, MCU).send(0xe8, 0x7f, 0x7f);
		expect(r.store.getState().session.master.gain).toBe(12);
	});

	it('makes one touch-move-release an undo step', () => {
		press(0x68);
		for (const db of [-2, -1, 0, 1.5]) device(r, MCU).send(...bend(0, dbToFader14(db)));
		release(0x68);
		expect(track('dx1').gain).toBe(1.5);
		r.store.undo();
		expect(track('dx1').gain).toBe(-3);
	});

	it('thins a fast fader stream to one edit per interval and lands the last value', async () => {
		r.controller.close();
		vi.useFakeTimers();
		try {
			r = rig({ devices: [MCU], editIntervalMs: 20 });
			r.sent.length = 0;
			for (const db of [-2, -1, 0, 1]) device(r, MCU).send(...bend(0, dbToFader14(db)));
			expect(r.sent.filter((c) => c.type === 'param')).toHaveLength(1);
			expect(track('dx1').gain).toBe(-2);
			r.clock.now += 20;
			vi.advanceTimersByTime(20);
			expect(track('dx1').gain).toBe(1);
			expect(r.sent.filter((c) => c.type === 'param')).toHaveLength(2);
		} finally {
			vi.useRealTimers();
		}
	});
});

describe('MCU V-pots', () => {
	it('pans right with 0x01 and left with 0x41, one step each', () => {
		device(r, MCU).send(0xb0, 0x10, 0x01);
		expect(track('dx1').pan).toBe(-0.49);
		r.clock.now += 1000;
		device(r, MCU).send(0xb0, 0x10, 0x41);
		expect(track('dx1').pan).toBe(-0.5);
	});

	it('accelerates: 3 ticks in one message move 6 steps, fast single ticks double', () => {
		device(r, MCU).send(0xb0, 0x11, 0x03);
		expect(track('dx2').pan).toBe(0.06);
		r.clock.now += 1000;
		device(r, MCU).send(0xb0, 0x11, 0x41);
		r.clock.now += 10; // < FAST_MS / 3: four steps
		device(r, MCU).send(0xb0, 0x11, 0x41);
		expect(track('dx2').pan).toBe(0.01);
	});

	it('centres the pan on a V-pot press', () => {
		press(0x20);
		expect(track('dx1').pan).toBe(0);
	});
});

describe('MCU strip buttons', () => {
	it('mutes, solos, selects, and flips polarity with REC', () => {
		press(0x11);
		release(0x11);
		expect(track('dx2').mute).toBe(false);
		press(0x08);
		expect(track('dx1').solo).toBe(true);
		press(0x1a);
		expect(r.store.getState()).toMatchObject({ selected: 2, focus: 'track' });
		press(0x03);
		expect(track('fx1').polarity).toBe(false);
	});
});

describe('MCU bank and channel', () => {
	it('banks by 8, clamped to a full last bank, and channels by 1', () => {
		press(0x2f); // bank right: 12 strips, 8 wide → 4
		expect(r.controller.getStatus().bank).toBe(4);
		device(r, MCU).send(...bend(0, dbToFader14(-7)));
		expect(track('fx2').gain).toBe(-7);
		press(0x30); // channel left
		expect(r.controller.getStatus().bank).toBe(3);
		press(0x2e); // bank left
		expect(r.controller.getStatus().bank).toBe(0);
		press(0x31);
		expect(r.controller.getStatus().bank).toBe(1);
	});

	it('reaches buses after the tracks', () => {
		press(0x2f);
		device(r, MCU).send(...bend(6, dbToFader14(-4))); // strip 4 + 6 = 10: bus DX
		expect(r.store.getState().session.buses[0]!.gain).toBe(-4);
		press(0x17); // mute strip 8 → bus MX
		expect(r.store.getState().session.buses[1]!.mute).toBe(true);
	});
});

describe('MCU transport and jog', () => {
	it('plays, stops, and returns to zero on stop when stopped', () => {
		r.sent.length = 0;
		press(0x5e);
		expect(r.sent).toEqual([{ type: 'play' }]);
		r.store.handleEngineEvent({ type: 'transport', playing: true, seconds: 0 });
		press(0x5d);
		r.store.handleEngineEvent({ type: 'transport', playing: false, seconds: 3 });
		press(0x5d);
		expect(r.sent.slice(1)).toEqual([{ type: 'stop' }, { type: 'locate', seconds: 0 }]);
	});

	it('winds while rewind or fast forward is held', () => {
		r.controller.close();
		vi.useFakeTimers();
		try {
			r = rig({ devices: [MCU] });
			r.shared.setPosition(48000 * 10, 48000);
			r.sent.length = 0;
			press(0x5c);
			vi.advanceTimersByTime(WIND_MS * 2);
			release(0x5c);
			vi.advanceTimersByTime(WIND_MS * 3);
			const locates = r.sent.filter((c) => c.type === 'locate').map((c) => (c.type === 'locate' ? c.seconds : 0));
			expect(locates).toEqual([10 + WIND_STEP, 10 + 2 * WIND_STEP, 10 + 3 * WIND_STEP].map((x) => expect.closeTo(x, 9)));
			press(0x5b);
			release(0x5b);
			expect(r.sent.at(-1)).toEqual({ type: 'locate', seconds: expect.closeTo(10 + 2 * WIND_STEP, 9) });
		} finally {
			vi.useRealTimers();
		}
	});

	it('jogs by frames, continuing from its own locates, and by seconds in scrub mode', () => {
		r.shared.setPosition(48000 * 5, 48000);
		r.sent.length = 0;
		device(r, MCU).send(0xb0, 0x3c, 0x01);
		r.clock.now += 100;
		device(r, MCU).send(0xb0, 0x3c, 0x01);
		r.clock.now += 100;
		device(r, MCU).send(0xb0, 0x3c, 0x41);
		expect(r.sent.map((c) => (c.type === 'locate' ? c.seconds : NaN))).toEqual([5 + 1 / 24, 5 + 2 / 24, 5 + 1 / 24].map((x) => expect.closeTo(x, 9)));
		press(0x65); // scrub
		r.clock.now += 1000;
		device(r, MCU).send(0xb0, 0x3c, 0x02); // 2 ticks: 3 steps of a second
		expect(r.sent.at(-1)).toEqual({ type: 'locate', seconds: 8 });
	});

	it('loops, saves markers and undoes from the function buttons', () => {
		r.shared.setPosition(48000 * 2.5, 48000);
		press(0x54); // marker
		expect(r.store.getState().session.markers.map((m) => m.at)).toEqual([2.5, 10, 20]);
		press(0x51); // undo
		expect(r.store.getState().session.markers).toHaveLength(2);
		press(0x46); // shift
		press(0x51); // shift+undo = redo
		release(0x46);
		expect(r.store.getState().session.markers).toHaveLength(3);
		r.sent.length = 0;
		press(0x63); // right: next marker
		expect(r.sent).toEqual([{ type: 'locate', seconds: 10 }]);
	});
});
