// Mapped controllers on the channel strip: a control bound to a strip parameter by address sets
// it across its range (log for frequencies, ratio and times, linear for levels), with soft
// takeover, relative encoders by the table's step, in/out switches on buttons, tracks named by
// id, and learn mode picking a parameter of the selected strip on the MIDI page.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { mappingToYaml } from '../../source/midi/learn.js';
import { MappingError, parseMapping, type GenericMapping } from '../../source/midi/mapping.js';
import { learnTargets, MidiPage, midiPageLines } from '../../source/midi/midi-page.js';
import { mixerStrips } from '../../source/midi/strips.js';
import { device, rig, type Rig } from './helpers.js';

const BOX = 'Test Box';
/** dx1 has a compressor and one EQ band; adr has nothing on its strip. */
const YAML = `dubdesk: 1
tracks:
  - id: dx1
    name: DX 1
    strip:
      eq: [{ type: bell, freq: 1000, gain: 0, q: 0.71 }]
      compressor: { threshold: -20, ratio: 3 }
  - { id: dx2, name: DX 2 }
  - { id: adr, name: ADR }
`;

let r: Rig;
afterEach(() => r.controller.close());

const cc = (n: number, v: number) => device(r, BOX).send(0xb0, n, v);
const strip = (i = 0) => r.store.getState().session.tracks[i]!.strip;

/** A rig whose user mapping folder holds `controls` as box.yaml, chosen for the device. */
async function mapped(controls: string, editIntervalMs = 0): Promise<void> {
	r = rig({ devices: [BOX], prefs: { input: BOX }, yaml: YAML, editIntervalMs });
	mkdirSync(r.userDir, { recursive: true });
	writeFileSync(join(r.userDir, 'box.yaml'), `name: Box\nstrips: 2\ncontrols:\n${controls}`);
	r.controller.rescan();
	r.controller.selectMapping('box');
	await r.settle();
	expect(r.controller.getStatus()).toMatchObject({ mapping: 'box', mappingError: undefined });
}

describe('absolute controls across the range', () => {
	it('maps a CC onto 20 Hz – 20 kHz logarithmically', async () => {
		await mapped('  - { cc: 1, param: strip.eq.0.freq, strip: 0, takeover: jump }\n');
		// 20 · 1000^(v/127): three decades over the travel.
		for (const v of [0, 32, 64, 100, 127]) {
			cc(1, v);
			const expected = 20 * 1000 ** (v / 127);
			expect(Math.abs(strip()!.eq![0]!.freq / expected - 1)).toBeLessThan(5e-4);
		}
		expect(strip()!.eq![0]!.freq).toBe(20000);
		cc(1, 0);
		expect(strip()!.eq![0]!.freq).toBe(20);
	});

	it('maps a ratio logarithmically (1:1 … 100:1) and a threshold linearly (14-bit pitch bend)', async () => {
		await mapped('  - { cc: 2, param: strip.compressor.ratio, strip: 0, takeover: jump }\n  - { pitchBend: true, param: strip.compressor.threshold, strip: 0, takeover: jump }\n');
		cc(2, 127);
		expect(strip()!.compressor!.ratio).toBe(100);
		cc(2, 64);
		expect(strip()!.compressor!.ratio).toBeCloseTo(100 ** (64 / 127), 2); // ≈ 10.19
		device(r, BOX).send(0xe0, 0x00, 0x40); // 8192 of 16383
		expect(strip()!.compressor!.threshold).toBeCloseTo(-80 + (80 * 8192) / 16383, 2);
		device(r, BOX).send(0xe0, 0x7f, 0x7f);
		expect(strip()!.compressor!.threshold).toBe(0);
	});

	it('picks up softly: nothing until the knob reaches the value, then it follows', async () => {
		await mapped('  - { cc: 3, param: strip.eq.0.gain, strip: 0, label: knob 3 }\n');
		cc(3, 10);
		cc(3, 20);
		expect(strip()!.eq![0]!.gain).toBe(0);
		expect(r.store.getState().status?.text).toBe('knob 3: move it to the current value to pick up EQ 1 gain of DX 1');
		cc(3, 70); // crossed 0 dB (63.5)
		expect(strip()!.eq![0]!.gain).toBeCloseTo(-24 + (48 * 70) / 127, 2);
	});

	it('thins a fast stream to one edit per interval and lands the last value', async () => {
		vi.useFakeTimers();
		try {
			await mapped('  - { cc: 4, param: strip.compressor.makeup, strip: 0, takeover: jump }\n', 20);
			r.sent.length = 0;
			for (const v of [70, 80, 90, 127]) cc(4, v);
			expect(r.sent.filter((c) => c.type === 'param')).toHaveLength(1);
			r.clock.now += 20;
			vi.advanceTimersByTime(20);
			expect(strip()!.compressor!.makeup).toBe(24);
		} finally {
			vi.useRealTimers();
		}
	});
});

describe('relative encoders, switches and tracks by id', () => {
	it('steps a frequency by 1/12 octave (the table) or by the mapping`s own step', async () => {
		await mapped('  - { cc: 5, encoding: twos-complement, param: strip.hpf.freq, strip: 0 }\n  - { cc: 6, encoding: binary-offset, param: strip.lpf.freq, strip: 0, step: 0.5 }\n');
		cc(5, 1); // the HPF did not exist: it starts from its default, 80 Hz
		expect(strip()!.hpf).toEqual({ on: true, freq: 84.8, slope: 12 }); // 80 · 2^(1/12) = 84.76
		r.clock.now += 1000;
		cc(6, 63); // down one half-octave step from 16 kHz
		expect(strip()!.lpf!.freq).toBe(11313.7); // 16000 / √2
	});

	it('toggles an in/out switch from a note, and sends its state back', async () => {
		await mapped('  - { note: 40, param: strip.compressor.on, strip: 0, feedback: true }\n');
		device(r, BOX).take();
		device(r, BOX).send(0x90, 40, 0x7f);
		device(r, BOX).send(0x80, 40, 0);
		expect(strip()!.compressor!.on).toBe(false);
		await r.settle();
		expect(device(r, BOX).take()).toContainEqual([0x90, 40, 0]);
		device(r, BOX).send(0x90, 40, 0x7f);
		expect(strip()!.compressor!.on).toBe(true);
	});

	it('drives a track named by id whatever the bank, and says once when the session lacks it', async () => {
		await mapped('  - { cc: 7, param: strip.trim, strip: { track: adr }, takeover: jump }\n  - { cc: 8, param: strip.trim, strip: { track: vo }, takeover: jump, label: vo trim }\n  - { cc: 9, action: bankNext }\n');
		cc(9, 127);
		expect(r.controller.getStatus().bank).toBe(1);
		cc(7, 127);
		expect(strip(2)!.trim).toBe(24);
		cc(8, 10);
		expect(r.store.getState().status?.text).toBe('vo trim: this session has no track "vo"');
	});

	it('rejects what cannot work, naming the file and the path', () => {
		const bad: [string, object, string][] = [
			['a note on a level', { cc: undefined, note: 1, param: 'strip.eq.0.gain', strip: 0 }, 'controls[0].note: a note cannot set a level'],
			['band 9', { cc: 1, param: 'strip.eq.8.gain', strip: 0 }, 'controls[0].param: gain, pan or a strip parameter'],
			['a switch on pitch bend', { pitchBend: true, param: 'strip.gate.on', strip: 0 }, 'controls[0].pitchBend: strip.gate.on is an in/out switch'],
			['a V-pot page on a mapped box', { cc: 1, action: 'vpotEq' }, 'controls[0].action: "vpotEq" is for Mackie Control surfaces'],
			['pan of a bus', { cc: 1, param: 'pan', strip: { bus: 'DX' } }, 'controls[0].strip: a bus has no pan'],
		];
		for (const [what, control, message] of bad) {
			const doc = { name: 'x', controls: [Object.fromEntries(Object.entries(control).filter(([, v]) => v !== undefined))] };
			expect(() => parseMapping(doc, 'bad.yaml'), what).toThrow(MappingError);
			expect(() => parseMapping(doc, 'bad.yaml'), what).toThrow(`bad.yaml: ${message}`);
		}
	});

	it('writes a track reference back as YAML that loads again', () => {
		const mapping: GenericMapping = { protocol: 'generic', name: 'Box', strips: 1, controls: [{ cc: 7, channel: 1, encoding: 'absolute', param: 'strip.eq.0.q', strip: { track: 'adr' }, takeover: 'soft', feedback: false }] };
		const yaml = mappingToYaml(mapping);
		expect(yaml).toContain('- { cc: 7, channel: 1, param: "strip.eq.0.q", strip: { track: "adr" } }');
		expect(parseMapping(parseYaml(yaml), 'box.yaml')).toMatchObject({ controls: [{ cc: 7, param: 'strip.eq.0.q', strip: { track: 'adr' } }] });
	});
});

describe('learn a strip parameter on the MIDI page', () => {
	it('jumps by group with PgDn to the selected strip`s EQ, learns a knob, saves it, and the knob works', async () => {
		r = rig({ devices: [BOX], prefs: { input: BOX }, yaml: YAML });
		const page = new MidiPage(r.controller);
		page.row = 'learn';
		// Eight bank strips, the selection, then its channel strip: trim, HPF, LPF, gate, EQ 1.
		for (let i = 0; i < 13; i++) page.key('pagedown');
		page.key('right');
		page.key('right');
		const strips = mixerStrips(r.store.getState().session);
		let lines = midiPageLines(page, r.controller.getStatus(), strips, 80, 21);
		expect(lines).toContain('› Learn     ‹ EQ 1 gain · selected strip ›  enter: learn');
		page.key('pageup');
		expect(learnTargets(8)[page.target]).toEqual({ param: 'strip.eq.0.type', strip: 'selected' });
		page.key('right');
		page.key('right');
		page.key('enter');
		device(r, BOX).send(0xb0, 21, 64);
		lines = midiPageLines(page, r.controller.getStatus(), strips, 80, 21);
		expect(lines.join('\n')).toContain('CC 21 ch 1 → EQ 1 gain · selected strip · absolute');
		page.key('enter');
		const saved = readFileSync(join(r.userDir, 'test-box.yaml'), 'utf8');
		expect(saved).toContain('- { cc: 21, channel: 1, param: "strip.eq.0.gain", strip: "selected", label: "EQ 1 gain of the selected strip" }');
		device(r, BOX).send(0xb0, 21, 64); // 0 dB is 63.5 of 127: within pickup
		expect(strip()!.eq![0]!.gain).toBeCloseTo(-24 + (48 * 64) / 127, 2);
	});

	it('learns an in/out switch from a button', async () => {
		r = rig({ devices: [BOX], prefs: { input: BOX }, yaml: YAML });
		expect(r.controller.learn.start({ param: 'strip.gate.on', strip: 'selected' })).toBeUndefined();
		device(r, BOX).send(0x90, 36, 0x7f);
		device(r, BOX).send(0x80, 36, 0);
		expect(r.controller.getStatus().learn).toMatchObject({ phase: 'captured', control: { note: 36, param: 'strip.gate.on', strip: 'selected' } });
		expect(r.controller.learn.save()).toMatchObject({ file: join(r.userDir, 'test-box.yaml') });
		device(r, BOX).send(0x90, 36, 0x7f); // the gate did not exist: switching it in creates it
		expect(strip()!.gate).toMatchObject({ on: true, threshold: -50 });
	});
});
