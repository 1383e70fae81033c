// Sends and reverb returns on the strip page at 80×24: a track's sends listed with their bus,
// level, tap and switch; levels nudged like a fader, typed (and refused out of range), switched,
// tapped pre or post, added (the next return first) and removed, each one undo step the engine
// hears about; a return's reverb values (algorithmic, or a convolution's file) edited the same way.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineCommand } from '../../engine/worker/protocol.js';
import type { Session } from '../../sessions/types.js';
import { fitsIn, sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const RETURNS = [
	'  - { id: MX, name: Music }',
	'  - { id: VERB, name: Room, output: DX, reverb: { decay: 0.6, predelay: 8, size: 0.4, damping: 0.5, width: 1, mix: 1 } }',
	'  - { id: HALL, reverb: { ir: media/ir/hall.wav, predelay: 20, mix: 0.8 } }',
].join('\n');

/** 16 tracks; buses DX, MX and the returns VERB and HALL; track 1 with `sends` (YAML lines). */
function yaml(sends = ''): string {
	const base = sessionYaml(16).replace('  - { id: MX, name: Music }', RETURNS);
	return sends ? base.replace('    name: Trk 1\n', `    name: Trk 1\n    sends:\n${sends}\n`) : base;
}

const TWO = '      - { to: VERB, gain: -12 }\n      - { to: HALL, gain: -20, pre: true, on: false }';
const sends = (s: Session, track = 0) => s.tracks[track]!.sends;
const reverb = (s: Session, bus = 2) => s.buses[bus]!.reverb as unknown as Record<string, number | boolean | string>;
const params = (sent: EngineCommand[]) => sent.filter((c) => c.type === 'param');
/** From the strip page's first line (the default cursor is on the EQ), past the compressor, de-esser, limiter and ducker, down to the first send. */
const TO_SENDS = ['down', 'down', 'down', 'down', 'down'];

describe('a track with sends', () => {
	it('lists each send with its bus, level, tap and switch, and fits 80×24', async () => {
		ui = setup({ yaml: yaml(TWO) });
		await ui.press('e', ...TO_SENDS);
		const frame = ui.frame();
		expect(fitsIn(frame, 80, 24)).toBe(true);
		expect(frame.split('\n')).toHaveLength(24);
		expect(frame).toMatch(/> SEND\s+on\s+to VERB\s+\[-12\.0 dB\]\s+post/);
		expect(frame).toMatch(/ {2}SEND\s+off\s+to HALL\s+-20\.0 dB\s+pre/);
		// The detail line: the send, its value and range, then the send's own keys.
		expect(frame).toContain('VERB -12.0 dB (-144 to 12 dB, or -inf)   o on/off  P pre/post  a add  d remove');
	});

	it('says when there is no send yet, and a (or o) adds one to the first return, then the next', async () => {
		ui = setup({ yaml: yaml() });
		await ui.press('e', ...TO_SENDS);
		expect(ui.frame()).toMatch(/> SENDS\s+—\s+no send yet: a adds one/);
		await ui.press('a');
		expect(sends(ui.store.getState().session)).toEqual([{ on: true, to: 'VERB', gain: 0, pre: false }]);
		expect(ui.store.getState().status?.text).toBe('Trk 1 send to VERB added (post-fader, 0.0 dB)');
		// A new send is a new path in the graph: the engine gets the session, not a parameter.
		expect(ui.sent.at(-1)).toMatchObject({ type: 'load' });
		expect(ui.frame()).toMatch(/> SEND\s+on\s+to VERB\s+\[0\.0 dB\]\s+post/);
		await ui.press('o');
		expect(sends(ui.store.getState().session)![0]!.on).toBe(false);
		await ui.press('a');
		expect(sends(ui.store.getState().session)!.map((s) => s.to)).toEqual(['VERB', 'HALL']);
		// Each addition and the switch are one undo step each.
		await ui.press('u');
		expect(sends(ui.store.getState().session)!.map((s) => s.to)).toEqual(['VERB']);
		await ui.press('u', 'u');
		expect(sends(ui.store.getState().session)).toBeUndefined();
	});

	it('nudges a level like a fader (0.5 dB, ten times that), one undo step for the run, live in the engine', async () => {
		ui = setup({ yaml: yaml(TWO) });
		await ui.press('e', ...TO_SENDS, '=', '=', '+');
		expect(sends(ui.store.getState().session)![0]!.gain).toBe(-6);
		expect(params(ui.sent).at(-1)).toEqual({ type: 'param', target: 'track', id: 't1', param: 'send.VERB', value: -6 });
		expect(ui.store.getState().status?.text).toBe('Trk 1 send to VERB -6.0 dB');
		await ui.press('u');
		expect(sends(ui.store.getState().session)![0]!.gain).toBe(-12);
		// Down past −60 dB closes the send; up from −∞ opens it at −60 dB.
		await ui.press(...new Array<string>(9).fill('_'), ...new Array<string>(6).fill('-'));
		expect(sends(ui.store.getState().session)![0]!.gain).toBe(-60);
		await ui.press('-');
		expect(sends(ui.store.getState().session)![0]!.gain).toBe(-Infinity);
		expect(ui.frame()).toMatch(/\[-inf dB\]/);
		await ui.press('=');
		expect(sends(ui.store.getState().session)![0]!.gain).toBe(-60);
		await ui.press(...new Array<string>(16).fill('+'));
		expect(sends(ui.store.getState().session)![0]!.gain).toBe(12);
		expect(ui.store.getState().status?.text).toBe('Trk 1 send to VERB +12.0 dB is at its maximum');
	});

	it.each([
		['-18', -18],
		['-7.5 dB', -7.5],
		['-inf', -Infinity],
	])('types a level: "%s"', async (text, value) => {
		ui = setup({ yaml: yaml(TWO) });
		await ui.press('e', ...TO_SENDS, 'enter');
		expect(ui.store.getState().prompt?.label).toBe('Trk 1 send to VERB level (-144 to 12 dB, or -inf)');
		await ui.press(...[...text].map((c) => (c === ' ' ? 'space' : c)), 'enter');
		expect(ui.store.getState().prompt).toBeUndefined();
		expect(sends(ui.store.getState().session)![0]!.gain).toBe(value);
		await ui.press('u');
		expect(sends(ui.store.getState().session)![0]!.gain).toBe(-12);
	});

	it.each([
		['20', '20 is out of range: send to VERB level is -144 to 12 dB, or -inf'],
		['loud', '"loud" is not a number: send to VERB level is -144 to 12 dB, or -inf'],
	])('refuses "%s" with one line, the prompt still open', async (text, message) => {
		ui = setup({ yaml: yaml(TWO) });
		const before = ui.store.getState().session;
		await ui.press('e', ...TO_SENDS, 'enter', ...text, 'enter');
		expect(ui.store.getState().status).toMatchObject({ kind: 'error', text: message });
		expect(ui.store.getState().prompt?.value).toBe(text);
		expect(ui.store.getState().session).toBe(before);
	});

	it('switches a send on and off live, and taps it pre or post fader as a new graph', async () => {
		ui = setup({ yaml: yaml(TWO) });
		await ui.press('e', ...TO_SENDS, 'down', 'o');
		expect(sends(ui.store.getState().session)![1]!.on).toBe(true);
		expect(params(ui.sent).at(-1)).toMatchObject({ param: 'send.HALL.on', value: true });
		expect(ui.frame()).toMatch(/> SEND\s+on\s+to HALL/);
		await ui.press('P');
		expect(sends(ui.store.getState().session)![1]!.pre).toBe(false);
		expect(ui.sent.at(-1)).toMatchObject({ type: 'load' });
		expect(ui.store.getState().status?.text).toBe('Trk 1 send to HALL post-fader');
		expect(ui.frame()).toMatch(/to HALL\s+\[-20\.0 dB\]\s+post/);
		// The tap is a value on the line too: = flips it, Enter takes "pre" or "post".
		await ui.press('right', '=');
		expect(sends(ui.store.getState().session)![1]!.pre).toBe(true);
		expect(ui.frame()).toMatch(/to HALL\s+-20\.0 dB \[pre\]/);
		await ui.press('enter', 'p', 'o', 's', 't', 'enter');
		expect(sends(ui.store.getState().session)![1]!.pre).toBe(false);
		await ui.press('enter', 'p', 'o', 's', 't', 'enter');
		expect(ui.store.getState().status?.text).toBe('Trk 1 send to HALL is post-fader already');
		await ui.press('u');
		expect(sends(ui.store.getState().session)![1]!.pre).toBe(true);
		await ui.press('u');
		expect(sends(ui.store.getState().session)![1]!.pre).toBe(false);
		await ui.press('u');
		expect(sends(ui.store.getState().session)![1]).toEqual({ on: true, to: 'HALL', gain: -20, pre: true });
		await ui.press('u');
		expect(sends(ui.store.getState().session)![1]!.on).toBe(false);
	});

	it('removes the selected send (the cursor goes to the one before) as one undo step', async () => {
		ui = setup({ yaml: yaml(TWO) });
		await ui.press('e', ...TO_SENDS, 'down', 'd');
		expect(sends(ui.store.getState().session)!.map((s) => s.to)).toEqual(['VERB']);
		expect(ui.store.getState().status?.text).toBe('Trk 1 send to HALL removed');
		expect(ui.frame()).toMatch(/> SEND\s+on\s+to VERB/);
		await ui.press('d');
		expect(sends(ui.store.getState().session)).toBeUndefined();
		expect(ui.frame()).toMatch(/> SENDS\s+—\s+no send yet/);
		await ui.press('u');
		expect(sends(ui.store.getState().session)!.map((s) => s.to)).toEqual(['VERB']);
		await ui.press('u');
		expect(sends(ui.store.getState().session)).toEqual([
			{ on: true, to: 'VERB', gain: -12, pre: false },
			{ on: false, to: 'HALL', gain: -20, pre: true },
		]);
	});

	it('says when every bus has a send already', async () => {
		ui = setup({ yaml: yaml('      - { to: VERB, gain: -12 }\n      - { to: HALL }\n      - { to: MX }') });
		await ui.press('e', ...TO_SENDS, 'a');
		// DX is the track's own output, the only bus left.
		expect(ui.store.getState().status).toMatchObject({ kind: 'error', text: 'Trk 1 already sends to every return and bus it can (not to its own output)' });
		expect(sends(ui.store.getState().session)).toHaveLength(3);
	});

	it('refuses a send that closes a routing loop (the track is keyed from that return), naming the path', async () => {
		const keyed = yaml().replace('    name: Trk 1\n', '    name: Trk 1\n    strip:\n      compressor: { threshold: -20, ratio: 3, key: VERB }\n');
		ui = setup({ yaml: keyed });
		const before = ui.store.getState().session;
		await ui.press('e', ...TO_SENDS, 'a');
		expect(ui.store.getState().status?.kind).toBe('error');
		expect(ui.store.getState().status?.text).toMatch(/^a send from t1 to VERB closes a routing loop: .*VERB.*t1/);
		expect(ui.store.getState().session).toBe(before);
	});
});

describe('a return bus', () => {
	/** Right from track 1 to the VERB bus (16 tracks, DX, MX, then VERB). */
	const TO_VERB = new Array<string>(18).fill('right');

	it('shows its reverb first, with every value, and edits them as the strip values are', async () => {
		ui = setup({ yaml: yaml() });
		await ui.press(...TO_VERB, 'e');
		let frame = ui.frame();
		expect(fitsIn(frame, 80, 24)).toBe(true);
		expect(frame).toContain('STRIP  Room (return VERB → DX)');
		expect(frame).toMatch(/REVERB\s+on\s+decay 0\.6 s\s+pre 8\s+size 0\.40\s+damp 0\.50\s+width 1\.00\s+mix 1\.00/);
		await ui.press(...new Array<string>(6).fill('up'), '=');
		// Decay steps on a tenth-of-an-octave grid through 1 s: the next point above 0.6 s is 2^(−7/10).
		expect(reverb(ui.store.getState().session).decay).toBeCloseTo(2 ** (-7 / 10), 3);
		expect(params(ui.sent).at(-1)).toMatchObject({ target: 'bus', id: 'VERB', param: 'reverb.decay' });
		await ui.press('right', '+');
		expect(reverb(ui.store.getState().session).predelay).toBe(18);
		await ui.press(...new Array<string>(4).fill('right'), 'enter', '0', '.', '5', 'enter');
		expect(reverb(ui.store.getState().session).mix).toBe(0.5);
		await ui.press('enter', '2', 'enter');
		expect(ui.store.getState().status).toMatchObject({ kind: 'error', text: '2 is out of range: reverb mix is 0 to 1' });
		await ui.press('escape');
		await new Promise((r) => setTimeout(r, 50));
		await ui.press('o');
		expect(reverb(ui.store.getState().session).on).toBe(false);
		expect(params(ui.sent).at(-1)).toMatchObject({ param: 'reverb.on', value: false });
		frame = ui.frame();
		expect(frame).toMatch(/> REVERB off/);
		// Four edits, four undo steps.
		await ui.press('u', 'u', 'u', 'u');
		expect(reverb(ui.store.getState().session)).toEqual({ on: true, decay: 0.6, predelay: 8, size: 0.4, damping: 0.5, width: 1, mix: 1 });
	});

	it('shows a convolution reverb by its impulse response, with predelay and mix only', async () => {
		ui = setup({ yaml: yaml() });
		await ui.press(...TO_VERB, 'right', 'e');
		const frame = ui.frame();
		expect(frame).toContain('STRIP  HALL (return HALL → master)');
		expect(frame).toMatch(/REVERB\s+on\s+IR hall\.wav\s+pre 20\s+mix 0\.80/);
		expect(frame).not.toContain('decay');
		await ui.press(...new Array<string>(6).fill('up'), '-');
		expect(reverb(ui.store.getState().session, 3).predelay).toBe(19);
	});
});
