// Mapping files: the shipped ones load and validate; a bad one is reported with its path and
// the place in it; learn mode writes a file that loads back and drives the mix.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { guessEncoding } from '../../source/midi/learn.js';
import { listMappings, loadMappingFile, MappingError, type GenericMapping, type McuMapping } from '../../source/midi/mapping.js';
import { device, rig, SHIPPED, type Rig } from './helpers.js';

describe('shipped mappings', () => {
	const entries = listMappings({ shipped: SHIPPED });

	it('all load and validate', () => {
		expect(entries.map((e) => e.name).sort()).toEqual(['mcu', 'nanokontrol2', 'x-touch-mini']);
		for (const e of entries) expect(e.error, e.name).toBeUndefined();
	});

	it('bind every nanoKONTROL2 control of the factory layout', () => {
		const m = entries.find((e) => e.name === 'nanokontrol2')!.mapping as GenericMapping;
		const ccs = m.controls.map((c) => c.cc).sort((a, b) => a! - b!);
		const expected = [...range(0, 7), ...range(16, 23), ...range(32, 39), ...range(41, 46), ...range(48, 55), ...range(58, 62), ...range(64, 71)];
		expect(ccs).toEqual(expected);
		expect(m.controls.every((c) => c.channel === 1)).toBe(true);
	});

	it('bind the X-Touch Mini on channel 11 and the MCU buttons by name', () => {
		const mini = entries.find((e) => e.name === 'x-touch-mini')!.mapping as GenericMapping;
		expect(mini.controls.every((c) => c.channel === 11)).toBe(true);
		expect(mini.controls.filter((c) => c.note !== undefined).map((c) => c.note)).toEqual(range(0, 23));
		const mcu = entries.find((e) => e.name === 'mcu')!.mapping as McuMapping;
		expect(mcu.strip).toEqual({ rec: 'polarity', solo: 'solo', mute: 'mute', select: 'select', vpotPress: 'panCentre' });
		expect(mcu.buttons).toMatchObject({ play: 'play', stop: 'stop', rewind: 'rewind', forward: 'forward', bankLeft: 'bankPrevious', channelRight: 'channelNext' });
	});

	it.each([
		['MCU Pro USB v3.1', 'mcu'],
		['X-Touch:X-Touch MIDI 1 24:0', 'mcu'],
		['X-TOUCH MINI:X-TOUCH MINI MIDI 1 24:0', 'x-touch-mini'],
		['nanoKONTROL2:nanoKONTROL2 MIDI 1 20:0', 'nanokontrol2'],
		['Midi Through:Midi Through Port-0 14:0', undefined],
	])('port %s gets %s', (port, name) => {
		expect(entries.find((e) => e.mapping?.match && new RegExp(e.mapping.match, 'i').test(port))?.name).toBe(name);
	});
});

function range(a: number, b: number): number[] {
	return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

describe('invalid mappings', () => {
	const dir = mkdtempSync(join(tmpdir(), 'dubdesk-map-'));
	it.each([
		['a strip action without a strip', 'name: x\ncontrols:\n  - { cc: 1 }\n  - { cc: 2, action: mute }\n', 'controls[0].param: give exactly one of param or action'],
		['a strip action missing its strip', 'name: x\ncontrols:\n  - { cc: 2, action: mute }\n', 'controls[0].strip: "mute" acts on a strip: give strip'],
		['an unknown action', 'name: x\ncontrols:\n  - { cc: 2, action: explode }\n', 'controls[0].action: an action ('],
		['a CC out of range', 'name: x\ncontrols:\n  - { cc: 200, param: gain, strip: 0 }\n', 'controls[0].cc:'],
		['an unknown key', 'name: x\ncontrols:\n  - { cc: 2, param: gain, strip: 0, colour: red }\n', 'controls[0]: Unrecognized key: "colour"'],
		['a note setting a level', 'name: x\ncontrols:\n  - { note: 2, param: gain, strip: 0 }\n', 'controls[0].note: a note cannot set a level'],
		['pan on the master', 'name: x\ncontrols:\n  - { cc: 2, param: pan, strip: master }\n', 'controls[0].strip: the master has no pan'],
		['an unknown MCU button', 'protocol: mcu\nname: x\nbuttons: { launch: play }\n', 'buttons.launch: not an MCU button name'],
		['a bad match pattern', 'name: x\nmatch: "(("\ncontrols: []\n', 'match: a regular expression'],
		['broken YAML', 'name: [x\n', ''],
	])('%s is reported with the file and the path', (_name, text, message) => {
		const file = join(dir, 'bad.yaml');
		writeFileSync(file, text);
		let error: unknown;
		try {
			loadMappingFile(file);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(MappingError);
		expect((error as Error).message.startsWith(`${file}: ${message}`)).toBe(true);
	});

	it('lists a broken user file with its error, shadowing the shipped one', () => {
		const user = mkdtempSync(join(tmpdir(), 'dubdesk-map-'));
		writeFileSync(join(user, 'nanokontrol2.yaml'), 'name: x\ncontrols: 3\n');
		const entry = listMappings({ shipped: SHIPPED, user }).find((e) => e.name === 'nanokontrol2')!;
		expect(entry.user).toBe(true);
		expect(entry.mapping).toBeUndefined();
		expect(entry.error).toContain(join(user, 'nanokontrol2.yaml'));
	});

	it('reports a chosen mapping that is invalid on the status line, by path', async () => {
		const r = rig({ devices: ['Box'], prefs: { input: 'Box', mapping: join(dir, 'bad.yaml') } });
		writeFileSync(join(dir, 'bad.yaml'), 'name: x\ncontrols:\n  - { cc: 2, action: mute }\n');
		r.controller.rescan();
		expect(r.controller.getStatus().mappingError).toContain(`${join(dir, 'bad.yaml')}: controls[0].strip`);
		expect(r.store.getState().status).toMatchObject({ kind: 'error', text: expect.stringContaining('bad.yaml') });
		r.controller.close();
	});
});

describe('learn mode', () => {
	let r: Rig | undefined;
	afterEach(() => r?.controller.close());

	it('guesses encodings from the values a CC sends', () => {
		expect(guessEncoding([1, 1, 127, 2])).toBe('twos-complement');
		expect(guessEncoding([1, 65, 66])).toBe('sign-magnitude');
		expect(guessEncoding([65, 66, 63, 65])).toBe('binary-offset');
		expect(guessEncoding([10, 11, 12, 13])).toBe('absolute');
		expect(guessEncoding([64])).toBe('absolute');
	});

	it('binds a moved control to the picked target, saves it, and uses it', async () => {
		r = rig({ devices: ['Keys'], prefs: { input: 'Keys' } });
		await r.settle();
		expect(r.controller.learn.start({ param: 'gain', strip: 2 })).toBeUndefined();
		r.sent.length = 0;
		for (const v of [10, 20, 30]) device(r, 'Keys').send(0xb3, 74, v);
		expect(r.sent).toEqual([]); // learning consumes what it hears
		expect(r.controller.getStatus().learn).toMatchObject({ phase: 'captured', heard: 'CC 74 = 10 ch 4', control: { cc: 74, channel: 4, encoding: 'absolute', param: 'gain', strip: 2 } });
		const saved = r.controller.learn.save();
		expect(saved).toEqual({ file: join(r.userDir, 'keys.yaml') });
		const file = readFileSync(join(r.userDir, 'keys.yaml'), 'utf8');
		expect(file).toContain('- { cc: 74, channel: 4, param: "gain", strip: 2, label: "gain of strip 3" }');
		expect(r.controller.getStatus()).toMatchObject({ mapping: 'keys', learn: { phase: 'idle' } });
		device(r, 'Keys').send(0xb3, 74, 127);
		device(r, 'Keys').send(0xb3, 74, 0);
		expect(r.store.getState().session.tracks[2]!.gain).toBe(-Infinity);
	});

	it('learns a 14-bit pair, a relative encoder and a button, and refuses a note for a level', async () => {
		r = rig({ devices: ['Keys'], prefs: { input: 'Keys' } });
		r.controller.learn.start({ param: 'gain', strip: 0 });
		device(r, 'Keys').send(0xb0, 1, 40);
		device(r, 'Keys').send(0xb0, 33, 5);
		expect(r.controller.getStatus().learn.control).toMatchObject({ cc: 1, lsb: 33 });
		r.controller.learn.start({ param: 'pan', strip: 0 });
		for (const v of [1, 1, 127]) device(r, 'Keys').send(0xb0, 16, v);
		expect(r.controller.getStatus().learn.control).toMatchObject({ cc: 16, encoding: 'twos-complement' });
		r.controller.learn.cycleEncoding();
		expect(r.controller.getStatus().learn.control).toMatchObject({ encoding: 'sign-magnitude' });
		r.controller.learn.start({ param: 'gain', strip: 0 });
		device(r, 'Keys').send(0x90, 60, 100);
		expect(r.controller.getStatus().learn).toMatchObject({ phase: 'listening', problem: expect.stringContaining('a note cannot set a level') });
		r.controller.learn.start({ action: 'mute', strip: 1 });
		device(r, 'Keys').send(0x90, 60, 100);
		device(r, 'Keys').send(0x80, 60, 0);
		expect(r.controller.learn.save()).toMatchObject({ file: expect.any(String) });
		device(r, 'Keys').send(0x90, 60, 100);
		expect(r.store.getState().session.tracks[1]!.mute).toBe(false);
		expect(r.controller.learn.start({ action: 'mute' })).toBe('mute needs a strip');
	});

	it('is refused on a Mackie Control (its protocol is fixed)', async () => {
		r = rig({ devices: ['MCU Pro'] });
		expect(r.controller.learn.start({ action: 'play' })).toMatch(/Mackie Control/);
	});
});
