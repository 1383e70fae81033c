// Surfaces in an automation pass: an MCU fader's touch sensor holds the touch until it is let
// go (then a touch-mode pass glides back); a mapped controller without one latches.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbToFader14 } from '../../source/midi/fader-taper.js';
import { NOTE } from '../../source/midi/mcu-protocol.js';
import { bend, device, rig, type Rig } from './helpers.js';

const MCU = 'MCU Pro USB v3.1';
let r: Rig;
beforeEach(async () => {
	r = rig({ devices: [MCU] });
	await r.settle();
});
afterEach(() => r.controller.close());

describe('touch from a surface during a pass', () => {
	it('an MCU fader sends its moves while touched, and the touch ends when it is let go', () => {
		r.store.handleEngineEvent({ type: 'transport', playing: true, seconds: 0 });
		r.sent.length = 0;
		device(r, MCU).send(0x90, NOTE.faderTouch, 0x7f);
		device(r, MCU).send(...bend(0, dbToFader14(-6)));
		// Held: no idle release while the sensor is down.
		expect(r.sent.filter((c) => c.type === 'touch')).toEqual([]);
		device(r, MCU).send(0x90, NOTE.faderTouch, 0x00);
		expect(r.sent.at(-1)).toEqual({ type: 'touch', target: 'track', id: 'dx1', param: 'gain', touching: false });
		expect(r.sent.some((c) => c.type === 'param' && c.param === 'gain' && c.id === 'dx1')).toBe(true);
	});

	it('nothing is sent about touches while the transport is stopped', () => {
		r.sent.length = 0;
		device(r, MCU).send(0x90, NOTE.faderTouch, 0x7f);
		device(r, MCU).send(...bend(0, dbToFader14(-6)));
		device(r, MCU).send(0x90, NOTE.faderTouch, 0x00);
		expect(r.sent.filter((c) => c.type === 'touch')).toEqual([]);
	});
});
