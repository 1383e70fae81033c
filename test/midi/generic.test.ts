// Mapped controllers: soft takeover, 7- and 14-bit values (CC pairs and pitch bend), the three
// relative encodings, buttons to actions, banks, and values sent back to controls with feedback.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dbToTravel, travelToDb } from '../../source/midi/fader-taper.js';
import { setTrackGain, setTrackPan } from '../../sessions/edit.js';
import { device, rig, type Rig } from './helpers.js';

const NANO = 'nanoKONTROL2:nanoKONTROL2 MIDI 1 20:0';
const MINI = 'X-TOUCH MINI:X-TOUCH MINI MIDI 1 24:0';
let r: Rig;
afterEach(() => r.controller.close());

const track = (i: number) => r.store.getState().session.tracks[i]!;
const cc = (name: string, n: number, v: number, ch = 0) => device(r, name).send(0xb0 | ch, n, v);

/** A rig whose user mapping folder holds `yaml` as test.yaml, chosen for device "Test Box". */
async function custom(yaml: string): Promise<void> {
	r = rig({ devices: ['Test Box'], prefs: { input: 'Test Box' } });
	mkdirSync(r.userDir, { recursive: true });
	writeFileSync(join(r.userDir, 'test.yaml'), yaml);
	r.controller.rescan();
	r.controller.selectMapping('test');
	await r.settle();
	expect(r.controller.getStatus()).toMatchObject({ mapping: 'test', protocol: 'generic', mappingError: undefined });
}

describe('nanoKONTROL2 (shipped mapping)', () => {
	it('is picked by its port name', async () => {
		r = rig({ devices: [NANO] });
		await r.settle();
		expect(r.controller.getStatus()).toMatchObject({ input: NANO, mapping: 'nanokontrol2', protocol: 'generic', width: 8 });
	});

	it('picks a slider up softly: nothing until it crosses the level, then it follows', () => {
		r = rig({ devices: [NANO] });
		const pickup = dbToTravel(-3) * 127; // ≈ 86.5
		for (const v of [20, 40, 60]) cc(NANO, 0, v);
		expect(track(0).gain).toBe(-3);
		expect(r.store.getState().status?.text).toMatch(/slider 1: move it to the current level/);
		cc(NANO, 0, 90);
		expect(90).toBeGreaterThan(pickup);
		expect(track(0).gain).toBe(travelToDb(90 / 127));
		cc(NANO, 0, 100);
		expect(track(0).gain).toBe(travelToDb(100 / 127));
		// Changed elsewhere: the slider lets go until it reaches the new level.
		r.store.edit('key', (s) => setTrackGain(s, 'dx1', -20));
		cc(NANO, 0, 101);
		expect(track(0).gain).toBe(-20);
		cc(NANO, 0, Math.round(dbToTravel(-20) * 127));
		expect(track(0).gain).not.toBe(-20);
	});

	it('picks up at once when the slider is already at the level', () => {
		r = rig({ devices: [NANO] });
		cc(NANO, 1, Math.round(dbToTravel(0) * 127)); // dx2 is at 0 dB
		expect(track(1).gain).toBe(travelToDb(Math.round(dbToTravel(0) * 127) / 127));
	});

	it('pans from a knob with 64 as the exact centre once picked up', () => {
		r = rig({ devices: [NANO] });
		cc(NANO, 17, 60);
		cc(NANO, 17, 64);
		expect(track(1).pan).toBe(0);
		cc(NANO, 17, 127);
		expect(track(1).pan).toBe(1);
		cc(NANO, 17, 0);
		expect(track(1).pan).toBe(-1);
	});

	it('runs buttons on press only, and banks by 8 (resetting takeover)', () => {
		r = rig({ devices: [NANO] });
		cc(NANO, 32, 127);
		cc(NANO, 32, 0);
		expect(track(0).solo).toBe(true);
		cc(NANO, 48, 127);
		expect(track(0).mute).toBe(true);
		r.sent.length = 0;
		cc(NANO, 41, 127);
		expect(r.sent).toEqual([{ type: 'play' }]);
		cc(NANO, 59, 127); // TRACK ▶
		expect(r.controller.getStatus().bank).toBe(4);
		cc(NANO, 0, Math.round(dbToTravel(0) * 127)); // slider 1 is now fx2, at 0 dB
		expect(track(4).gain).not.toBe(0);
		expect(track(4).gain).toBeCloseTo(0, 0);
	});
});

describe('14-bit controls', () => {
	it('joins a CC MSB/LSB pair (CC 7 + CC 39) into 14 bits', async () => {
		await custom('name: Test Box\ncontrols:\n  - { cc: 7, lsb: 39, param: gain, strip: 0, takeover: jump }\n');
		cc('Test Box', 7, 0x5f);
		expect(track(0).gain).toBe(travelToDb((0x5f << 7) / 0x3fff));
		cc('Test Box', 39, 0x7f);
		expect(track(0).gain).toBe(0); // 0x2FFF = 0.75 of travel
		cc('Test Box', 39, 0x00);
		expect(track(0).gain).toBe(travelToDb((0x5f << 7) / 0x3fff));
	});

	it('reads pitch bend as a 14-bit fader on its channel', async () => {
		await custom('name: Test Box\ncontrols:\n  - { pitchBend: true, channel: 2, param: gain, strip: 1, takeover: jump }\n');
		device(r, 'Test Box').send(0xe1, 0x7f, 0x5f);
		expect(track(1).gain).toBe(0);
		device(r, 'Test Box').send(0xe0, 0x00, 0x00); // channel 1: not this control
		expect(track(1).gain).toBe(0);
	});
});

describe('relative encoders', () => {
	it.each([
		['twos-complement', 0x01, 0x7f],
		['sign-magnitude', 0x01, 0x41],
		['binary-offset', 0x41, 0x3f],
	])('%s: one step up, one step down', async (encoding, up, down) => {
		await custom(`name: Test Box\ncontrols:\n  - { cc: 20, encoding: ${encoding}, param: gain, strip: 0, step: 0.5 }\n  - { cc: 21, encoding: ${encoding}, param: pan, strip: 0 }\n`);
		cc('Test Box', 20, up);
		expect(track(0).gain).toBe(-2.5);
		r.clock.now += 1000;
		cc('Test Box', 20, down);
		r.clock.now += 1000;
		cc('Test Box', 20, down);
		expect(track(0).gain).toBe(-3.5);
		cc('Test Box', 21, up);
		expect(track(0).pan).toBe(-0.49);
	});

	it('ignores a still value (binary offset 64)', async () => {
		await custom('name: Test Box\ncontrols:\n  - { cc: 20, encoding: binary-offset, param: gain, strip: 0 }\n');
		r.sent.length = 0;
		cc('Test Box', 20, 64);
		expect(r.sent).toEqual([]);
	});
});

describe('targets and feedback', () => {
	it('drives the selected strip and the master', async () => {
		await custom('name: Test Box\ncontrols:\n  - { cc: 1, param: gain, strip: selected, takeover: jump }\n  - { cc: 2, param: gain, strip: master, takeover: jump }\n  - { note: 60, action: selectNext }\n');
		device(r, 'Test Box').send(0x90, 60, 0x7f);
		cc('Test Box', 1, 127);
		expect(track(1).gain).toBe(12);
		cc('Test Box', 2, 0);
		expect(r.store.getState().session.master.gain).toBe(-Infinity);
	});

	it('sends encoder values back to the X-Touch Mini and follows edits made elsewhere', async () => {
		r = rig({ devices: [MINI] });
		await r.settle();
		const first = device(r, MINI).take();
		expect(first).toContainEqual([0xba, 1, 32]); // dx1 pan −0.5
		expect(first).toContainEqual([0xba, 2, 64]); // dx2 centred
		r.store.edit('pan', (s) => setTrackPan(s, 'dx2', 1));
		await r.settle();
		expect(device(r, MINI).take()).toEqual([[0xba, 2, 127]]);
		cc(MINI, 3, 70, 10); // encoder 3 on channel 11: takeover jump
		expect(track(2).pan).toBe(0.1);
		await r.settle();
		expect(device(r, MINI).take()).toEqual([[0xba, 3, 70]]);
	});

	it('lights buttons with feedback from their action state', async () => {
		await custom('name: Test Box\ncontrols:\n  - { note: 10, action: mute, strip: 1, feedback: true }\n');
		await r.settle();
		expect(device(r, 'Test Box').take()).toEqual([[0x90, 10, 127]]); // dx2 is muted
		device(r, 'Test Box').send(0x90, 10, 0x7f);
		await r.settle();
		expect(device(r, 'Test Box').take()).toEqual([[0x90, 10, 0]]);
	});
});
