// Strip page keys: nudges on the parameter's own grid, typed values checked against the range
// (refused with a message, never clamped), sections on and off, bypass, EQ bands added and
// removed, the strip copied to other tracks; each an undo step the engine is told about.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineCommand } from '../../engine/worker/protocol.js';
import type { Session, Strip } from '../../sessions/types.js';
import { sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

function withStrip(strip: string, tracks = 16): string {
	const body = strip
		.trim()
		.split('\n')
		.map((l) => `      ${l}`)
		.join('\n');
	return sessionYaml(tracks).replace('    name: Trk 1\n', `    name: Trk 1\n    strip:\n${body}\n`);
}

const BELL = 'eq:\n  - { type: bell, freq: 1000, gain: 0, q: 0.71 }';
const strip = (s: Session, track = 0): Strip | undefined => s.tracks[track]!.strip;
const lastParam = (sent: EngineCommand[]) => sent.filter((c) => c.type === 'param').at(-1);

describe('nudges', () => {
	it('step a frequency in twelfths of an octave on a grid through 1 kHz, one undo step for the run', async () => {
		ui = setup({ yaml: withStrip(BELL) });
		await ui.press('e', '=');
		expect(strip(ui.store.getState().session)!.eq![0]!.freq).toBeCloseTo(1000 * 2 ** (1 / 12), 2);
		expect(lastParam(ui.sent)).toMatchObject({ type: 'param', target: 'track', id: 't1', param: 'strip.eq.0.freq' });
		expect(ui.store.getState().status?.text).toBe('Trk 1 EQ 1 1.06 kHz');
		await ui.press(...new Array<string>(11).fill('='));
		expect(strip(ui.store.getState().session)!.eq![0]!.freq).toBe(2000);
		await ui.press('+');
		// Ten twelfths up from 2 kHz.
		expect(strip(ui.store.getState().session)!.eq![0]!.freq).toBeCloseTo(2000 * 2 ** (10 / 12), 2);
		await ui.press('u');
		expect(strip(ui.store.getState().session)!.eq![0]!.freq).toBe(1000);
		expect(ui.frame()).toMatch(/bell \[1 kHz\]/);
	});

	it('step a gain by its 0.5 dB (coarse 5 dB), stop at the range and say so', async () => {
		ui = setup({ yaml: withStrip(BELL) });
		await ui.press('e', 'right', '=', '=', '_');
		expect(strip(ui.store.getState().session)!.eq![0]!.gain).toBe(-4);
		await ui.press('_', '_', '_', '_', '_', '_');
		expect(strip(ui.store.getState().session)!.eq![0]!.gain).toBe(-24);
		expect(ui.store.getState().status?.text).toBe('Trk 1 EQ 1 -24.0 dB is at its minimum');
		expect(ui.frame()).toMatch(/\[-24\.0 dB\]/);
	});

	it('cycle a band type and a filter slope through their choices', async () => {
		ui = setup({ yaml: withStrip(`hpf: { freq: 80, slope: 12 }\n${BELL}`) });
		await ui.press('e', 'left', '=');
		expect(strip(ui.store.getState().session)!.eq![0]!.type).toBe('lowShelf');
		await ui.press('up', 'up', 'up', 'right', '=');
		expect(strip(ui.store.getState().session)!.hpf!.slope).toBe(18);
		await ui.press('+');
		expect(strip(ui.store.getState().session)!.hpf!.slope).toBe(24);
	});

	it('on an absent section, create it with its defaults and the change', async () => {
		ui = setup();
		// From the EQ line (no band yet), down to the compressor, right to its ratio.
		await ui.press('e', 'down', 'right', '=');
		// The compressor's ratio, one 0.5 step over its default of 3.
		expect(strip(ui.store.getState().session)!.compressor).toEqual({ on: true, threshold: -20, ratio: 3.5, knee: 6, attack: 5, release: 100, makeup: 0 });
		expect(ui.store.getState().status?.text).toBe('Trk 1 COMP ratio 3.5:1 (COMP on)');
		await ui.press('u');
		expect(strip(ui.store.getState().session)?.compressor).toBeUndefined();
	});
});

describe('typed values', () => {
	it.each([
		[['right'], '-18', (s: Strip) => s.eq![0]!.gain, -18],
		[[], '2.5k', (s: Strip) => s.eq![0]!.freq, 2500],
		[[], '250 Hz', (s: Strip) => s.eq![0]!.freq, 250],
		[['left'], 'notch', (s: Strip) => s.eq![0]!.type, 'notch'],
		[['right', 'right'], '1.4', (s: Strip) => s.eq![0]!.q, 1.4],
	])('after %j, "%s" sets the value', async (moves, text, read, value) => {
		ui = setup({ yaml: withStrip(BELL) });
		await ui.press('e', ...moves, 'enter', ...[...text].map((c) => (c === ' ' ? 'space' : c)), 'enter');
		expect(ui.store.getState().prompt).toBeUndefined();
		expect(read(strip(ui.store.getState().session)!)).toBe(value);
		await ui.press('u');
		expect(read(strip(ui.store.getState().session)!)).not.toBe(value);
	});

	it.each([
		[['right'], '30', '30 is out of range: EQ band 1 gain is -24 to 24 dB'],
		[[], '30k', '30k is out of range: EQ band 1 freq is 10 to 23760 Hz'],
		[['right'], 'loud', '"loud" is not a number: EQ band 1 gain is -24 to 24 dB'],
		[['left'], 'wobble', '"wobble" is not a band type: one of bell, lowShelf, highShelf, lowCut, highCut, notch'],
		[['up', 'up', 'up', 'right'], '15', '15 is out of range: high-pass filter slope is one of 6, 12, 18, 24 dB/oct'],
	])('after %j, "%s" is refused with one line and the prompt stays open', async (moves, text, message) => {
		ui = setup({ yaml: withStrip(BELL) });
		const before = ui.store.getState().session;
		await ui.press('e', ...moves, 'enter', ...text, 'enter');
		expect(ui.store.getState().status).toMatchObject({ kind: 'error', text: message });
		expect(ui.store.getState().prompt?.value).toBe(text);
		expect(ui.store.getState().session).toBe(before);
		await ui.press('escape');
		await new Promise((r) => setTimeout(r, 50));
		expect(ui.store.getState().prompt).toBeUndefined();
	});
});

describe('switches', () => {
	it('turns a section on (created at its defaults) and off, as undoable edits', async () => {
		ui = setup({ yaml: withStrip(BELL) });
		await ui.press('e', 'up', 'up', 'up', 'o');
		expect(strip(ui.store.getState().session)!.hpf).toEqual({ on: true, freq: 80, slope: 12 });
		expect(ui.frame()).toMatch(/> HPF\s+on/);
		await ui.press('u');
		expect(strip(ui.store.getState().session)!.hpf).toBeUndefined();
		expect(ui.frame()).toMatch(/> HPF\s+—/);
		await ui.press('U', 'o');
		expect(strip(ui.store.getState().session)!.hpf!.on).toBe(false);
		expect(lastParam(ui.sent)).toMatchObject({ param: 'strip.hpf.on', value: false });
		expect(ui.frame()).toMatch(/> HPF\s+off/);
	});

	it('bypasses the strip and says so on the page and on the mixer', async () => {
		ui = setup({ yaml: withStrip(BELL) });
		await ui.press('e', 'b');
		expect(strip(ui.store.getState().session)!.bypass).toBe(true);
		expect(ui.frame()).toContain('BYPASSED');
		expect(ui.frame()).toMatch(/STRIP\s+BYP/);
		await ui.press('e');
		expect(ui.frame().split('\n')[3]).toMatch(/^.{4}\[B {5}\]/);
		await ui.press('u');
		expect(strip(ui.store.getState().session)!.bypass).toBe(false);
	});

	it('adds EQ bands up to eight and removes the selected one', async () => {
		ui = setup();
		await ui.press('e', 'a');
		expect(strip(ui.store.getState().session)!.eq).toEqual([{ on: true, type: 'bell', freq: 1000, gain: 0, q: 0.71 }]);
		await ui.press(...new Array<string>(8).fill('a'));
		expect(strip(ui.store.getState().session)!.eq).toHaveLength(8);
		expect(ui.store.getState().status).toMatchObject({ kind: 'error', text: 'the EQ has 8 bands already (the most a strip takes)' });
		// The cursor follows the newest band; remove it and the one before.
		await ui.press('d', 'd');
		expect(strip(ui.store.getState().session)!.eq).toHaveLength(6);
		await ui.press('u');
		expect(strip(ui.store.getState().session)!.eq).toHaveLength(7);
		await ui.press('up', 'up', 'up', 'up', 'up', 'up', 'up', 'up', 'd');
		expect(ui.store.getState().status).toMatchObject({ kind: 'error', text: 'select an EQ band, a send or the ducker to remove (its line)' });
	});
});

describe('copy', () => {
	const COMP = `${BELL}\ncompressor: { threshold: -30, ratio: 2 }`;

	it('copies the strip to every other track on the same bus as one undo step', async () => {
		ui = setup({ yaml: withStrip(COMP) });
		const mine = strip(ui.store.getState().session);
		await ui.press('e', 'c');
		const s = ui.store.getState().session;
		expect(ui.store.getState().status?.text).toBe("Copy Trk 1's strip to 7 tracks (on DX)");
		for (let t = 1; t < 8; t++) expect(strip(s, t)).toEqual(mine);
		// Each its own object (the saved file has no YAML aliases), and MX's tracks untouched.
		expect(strip(s, 1)).not.toBe(strip(s, 2));
		for (let t = 8; t < 16; t++) expect(strip(s, t)).toBeUndefined();
		expect(ui.sent.at(-1)).toMatchObject({ type: 'load' });
		await ui.press('u');
		for (let t = 1; t < 16; t++) expect(strip(ui.store.getState().session, t)).toBeUndefined();
	});

	it('copies to the next N tracks typed, and refuses a count that is not there', async () => {
		ui = setup({ yaml: withStrip(COMP) });
		await ui.press('e', 'n', '9', '9', 'enter');
		expect(ui.store.getState().status).toMatchObject({ kind: 'error', text: '"99" is not a count: type a whole number from 1 to 15' });
		await ui.press('backspace', 'backspace', '3', 'enter');
		const s = ui.store.getState().session;
		expect([1, 2, 3].every((t) => strip(s, t)?.compressor?.ratio === 2)).toBe(true);
		expect(strip(s, 4)).toBeUndefined();
		expect(ui.store.getState().status?.text).toBe("Copy Trk 1's strip to 3 tracks (the next 3)");
	});

	it('refuses a copy whose compressor key would close a routing loop', async () => {
		ui = setup({ yaml: withStrip(`compressor: { threshold: -30, ratio: 2, key: t9 }`) });
		// Track 9 is on MX; copying onto track 9 itself would key it from its own output.
		await ui.press('e', 'n', '8', 'enter');
		expect(ui.store.getState().status?.kind).toBe('error');
		expect(ui.store.getState().status?.text).toMatch(/^not copied: the compressor key would close a routing loop/);
		expect(strip(ui.store.getState().session, 8)).toBeUndefined();
	});

	it('walks to the next strip and back with PgDn / PgUp', async () => {
		ui = setup({ yaml: withStrip(COMP) });
		await ui.press('e', 'pagedown');
		expect(ui.frame()).toContain('STRIP  Trk 2 (track t2 → DX)');
		await ui.press('pageup');
		expect(ui.frame()).toContain('STRIP  Trk 1 (track t1 → DX)');
	});
});
