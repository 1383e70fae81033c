// The timeline's clip edits from the keyboard (default keymap): marks across tracks and to the
// end of a track, group nudges with the new position on the status line and one undo step per
// press, the clip-value keys (gain, fades, shape, head and tail trims) by steps and typed, the
// crossfade key, the loop range at the playhead and typed, and typed values that are refused
// with the reason (fader, pan, clip values) instead of being clamped or ignored.
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../sessions/types.js';
import { setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const clip = (s: Session, track: number, i: number) => s.tracks[track]!.clips[i]!;
const state = () => ui!.store.getState();
const status = () => state().status?.text ?? '';
/** Ctrl-U clears a prompt (not in the harness's key names). */
const CTRL_U = '\x15';
const type = (text: string) => ui!.press(...[...text], 'enter');

/** Puts the playhead at `seconds` the way the engine reports it. */
function playhead(seconds: number): void {
	ui!.shared.setPosition(Math.round(seconds * 48000), 48000);
	ui!.shared.publish();
}

describe('clip selection and nudges', () => {
	it('nudges clips marked across tracks together, says where the first one lands, and undoes one press at a time', async () => {
		ui = setup();
		await ui.press('tab', 'right', 'v');
		expect(status()).toMatch(/marked line-one: 1 clip selected/);
		// To the BWF clip on the next track: the selection is it and the marked line.
		await ui.press('down', 'right', ']');
		let s = state().session;
		expect(clip(s, 0, 0).at).toBe(2.04);
		expect(clip(s, 1, 0).at).toBe(20.04);
		expect(status()).toBe('Nudge 2 clips +1 frame: bwf-clip at 01:00:20:01');
		await ui.press('}');
		s = state().session;
		expect(clip(s, 0, 0).at).toBe(2.05);
		expect(clip(s, 1, 0).at).toBe(20.05);
		// A perf is a quarter frame: the position shows it in hundredths of a frame.
		expect(status()).toBe('Nudge 2 clips +¼ frame: bwf-clip at 01:00:20:01.25');
		// Selecting a clip off a frame gives the same position as the nudge said, not the frame before it.
		await ui.press('left', 'right');
		expect(status()).toBe('clip bwf-clip at 01:00:20:01.25');
		await ui.press('u');
		expect(clip(state().session, 0, 0).at).toBe(2.04);
		await ui.press('u');
		expect(clip(state().session, 0, 0).at).toBe(2);
		expect(clip(state().session, 1, 0).at).toBeUndefined();
	});

	it('marks a clip and every clip after it on the track; a timecode position stays timecode', async () => {
		ui = setup();
		await ui.press('tab', 'right', 'V');
		expect(status()).toMatch(/marked line-one and the 1 after it: 2 clips selected/);
		// One clip: its name once, then where it lands.
		await ui.press('z', ']');
		expect(status()).toBe('Nudge line-one +1 frame: at 01:00:02:01');
		await ui.press('u', 'V');
		await ui.press('[');
		expect(clip(state().session, 0, 0).at).toBe(1.96);
		expect(clip(state().session, 0, 1).at).toBe('01:00:09:24');
		// The marked clip is drawn filled like the selected one, with plain edges.
		await ui.press('right');
		const lane = ui.frame().split('\n')[4]!;
		expect(lane).toMatch(/\*\/line\\+\*/);
		expect(lane).toMatch(/<line-?>/);
		await ui.press('z');
		expect(state().markedClips).toEqual([]);
	});

	it('refuses a group nudge past the session start and moves nothing', async () => {
		ui = setup({ yaml: 'dubdesk: 1\nframeRate: 25\ntracks:\n  - id: t1\n    clips:\n      - { file: media/a.wav, at: 0.02, length: 1 }\n      - { file: media/b.wav, at: 3, length: 1 }\n' });
		await ui.press('tab', 'right', 'V', '[');
		expect(state().status).toMatchObject({ kind: 'error' });
		expect(status()).toMatch(/before the session start: nothing moved/);
		expect(clip(state().session, 0, 1).at).toBe(3);
	});
});

describe('clip values from the keyboard', () => {
	it('steps and types clip gain, refusing values that are out of range or not numbers', async () => {
		ui = setup();
		await ui.press('tab', 'right', "'");
		expect(clip(state().session, 0, 0).gain).toBe(0.5);
		await ui.press(';', ';');
		expect(clip(state().session, 0, 0).gain).toBe(-0.5);
		await ui.press('t');
		await type('+30');
		expect(state().status).toMatchObject({ kind: 'error', text: '"+30" is above +24 dB, the most a clip takes (range −∞ … +24 dB)' });
		expect(state().prompt?.kind).toBe('clipValue');
		await ui.press(CTRL_U);
		await type('abc');
		expect(status()).toMatch(/"abc" is not a level/);
		await ui.press(CTRL_U);
		await type('-6');
		expect(state().prompt).toBeUndefined();
		expect(clip(state().session, 0, 0).gain).toBe(-6);
		await ui.press('u');
		expect(clip(state().session, 0, 0).gain).toBe(-0.5);
	});

	it('steps fades by a frame, flips the shape (drawn as a curve), and trims the head and the tail', async () => {
		ui = setup();
		await ui.press('tab', 'right', 'c', "'");
		expect(clip(state().session, 0, 0).fadeIn).toBe(0.54);
		await ui.press('c', ';');
		expect(clip(state().session, 0, 0).fadeOut).toBe(0.96);
		await ui.press('c', "'");
		expect(clip(state().session, 0, 0).fadeShape).toBe('equal-power');
		expect(ui.frame().split('\n')[4]).toMatch(/<\(+lin\)+>/);
		// Head a frame later: the audio stays where it was (start, offset and length move together).
		await ui.press('c', "'");
		expect(clip(state().session, 0, 0)).toMatchObject({ at: 2.04, offset: 0.04, length: 3.96 });
		expect(status()).toMatch(/starts 01:00:02:01/);
		await ui.press('c', ';');
		expect(clip(state().session, 0, 0).length).toBe(3.92);
		// Back at the head, a trim before the start of the media is refused.
		await ui.press('C', ';', ';');
		expect(state().status).toMatchObject({ kind: 'error' });
		expect(status()).toMatch(/cannot move earlier/);
		expect(clip(state().session, 0, 0)).toMatchObject({ at: 2, offset: 0 });
		await ui.press('u', 'u');
		expect(clip(state().session, 0, 0)).toMatchObject({ at: 2.04, length: 3.96 });
	});

	it('types fade lengths in seconds or frames and trims to a typed time', async () => {
		ui = setup();
		await ui.press('tab', 'right', 'c', 't');
		await type('12f');
		expect(clip(state().session, 0, 0).fadeIn).toBe(0.48);
		await ui.press('t');
		await type('9');
		expect(status()).toMatch(/longer than the clip \(4 s\)/);
		await ui.press('escape');
		await ui.press('C', 'C', 'C', 't');
		expect(state().clipField).toBe('head');
		await type('01:00:03:00');
		// The edge moves to 3 s; the audio stays, so a second of the source is skipped.
		expect(clip(state().session, 0, 0)).toMatchObject({ at: 3, offset: 1, length: 3 });
	});

	it('crossfades overlapping clips over their overlap and says when clips do not overlap', async () => {
		ui = setup({ yaml: 'dubdesk: 1\nframeRate: 25\ntracks:\n  - id: t1\n    clips:\n      - { file: media/a.wav, name: one, at: 0, length: 3 }\n      - { file: media/b.wav, name: two, at: 2, length: 3 }\n      - { file: media/a.wav, name: three, at: 6, length: 1 }\n' });
		await ui.press('tab', 'right', 'right', '/');
		let s = state().session;
		expect(clip(s, 0, 0)).toMatchObject({ fadeOut: 1, fadeShape: 'equal-power' });
		expect(clip(s, 0, 1)).toMatchObject({ fadeIn: 1, fadeShape: 'equal-power' });
		expect(status()).toBe('Crossfade 1 s equal-power: one into two');
		await ui.press('right', '/');
		expect(status()).toMatch(/three overlaps no other clip/);
		await ui.press('u');
		s = state().session;
		expect(clip(s, 0, 0).fadeOut).toBe(0);
		expect(clip(s, 0, 1).fadeIn).toBe(0);
	});
});

describe('the loop range', () => {
	it('sets in and out at the playhead, shows them on the ruler, and takes a typed range', async () => {
		ui = setup();
		await ui.press('tab');
		playhead(5);
		await ui.press('i');
		expect(state().session.loop).toEqual({ from: 5, to: 15 });
		playhead(8);
		await ui.press('o');
		expect(state().session.loop).toEqual({ from: 5, to: 8 });
		expect(status()).toBe('Loop 01:00:05:00–01:00:08:00 (looping is off)');
		// 0.5 s a column from 0: the range's ends sit in columns 10 and 16 of the ruler, dots between while looping is off.
		const ruler = ui.frame().split('\n')[2]!;
		expect(ruler.slice(10 + 10, 10 + 17)).toBe('{.....}');
		await ui.press('l');
		expect(ui.frame().split('\n')[2]!.slice(10 + 10, 10 + 17)).toBe('{~~~~~}');
		await ui.press('L');
		await type('20 10');
		expect(status()).toMatch(/start must be before its end/);
		await ui.press(CTRL_U);
		await type('abc 12');
		expect(state().status).toMatchObject({ kind: 'error' });
		await ui.press(CTRL_U);
		await type('01:00:10:00 01:00:20:00');
		expect(state().session.loop).toEqual({ from: 10, to: 20 });
		await ui.press('u');
		expect(state().session.loop).toEqual({ from: 5, to: 8 });
	});
});

describe('typed mixer values', () => {
	it('refuses a fader level above +12 dB or not a number, and keeps the prompt open', async () => {
		ui = setup();
		await ui.press('enter');
		await type('+20');
		expect(state().status).toMatchObject({ kind: 'error', text: '"+20" is above +12 dB, the top of the fader (−∞ … +12 dB)' });
		expect(state().prompt?.kind).toBe('fader');
		expect(state().session.tracks[0]!.gain).toBe(0);
		await ui.press(CTRL_U);
		await type('abc');
		expect(status()).toMatch(/"abc" is not a level/);
		await ui.press(CTRL_U);
		await type('12');
		expect(state().session.tracks[0]!.gain).toBe(12);
	});

	it('types a pan as L/R percent, C or a number, refusing what is past the sides', async () => {
		ui = setup();
		await ui.press('P');
		await type('L30');
		expect(state().session.tracks[0]!.pan).toBe(-0.3);
		await ui.press('P');
		await type('R130');
		expect(status()).toMatch(/past hard right/);
		await ui.press(CTRL_U);
		await type('1.5');
		expect(status()).toMatch(/outside -1 … 1/);
		await ui.press(CTRL_U);
		await type('xyz');
		expect(status()).toMatch(/not a pan/);
		// Nothing refused reached the track.
		expect(state().session.tracks[0]!.pan).toBe(-0.3);
		await ui.press(CTRL_U);
		await type('0.25');
		expect(state().session.tracks[0]!.pan).toBe(0.25);
	});
});
