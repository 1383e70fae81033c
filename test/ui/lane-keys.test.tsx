// The lane keys on the timeline (default keymap), each an undo step: add a point at the playhead
// with the lane's value there, select points, move them by a frame and by the lane's step,
// type a value (clamped, and said), delete the selected or the nearest point, and mark a range
// to trim (by a typed amount: checked against the lane computed here) or to clear.
import { afterEach, describe, expect, it } from 'vitest';
import { resolvedPoints } from '../../sessions/edit.js';
import type { Session } from '../../sessions/types.js';
import { setup, type Setup } from './setup.js';
import { GAIN, laneYaml, lerp } from './lane-fixtures.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const t2 = { kind: 'track', id: 't2' } as const;
const session = (): Session => ui!.store.getState().session;
const gain = () => resolvedPoints(session(), t2, 'gain');
const status = () => ui!.store.getState().status?.text ?? '';

async function open(): Promise<Setup> {
	ui = setup({ yaml: laneYaml() });
	await ui.press('tab', 'down', 'a');
	return ui;
}

async function atPlayhead(seconds: number): Promise<void> {
	ui!.shared.setPosition(Math.round(48000 * seconds), 48000);
	ui!.shared.publish();
	await ui!.tick();
}

describe('points', () => {
	it('adds a point at the playhead with the lane value there, selected; undo takes it out', async () => {
		await open();
		await atPlayhead(2.5);
		await ui!.press('n');
		expect(gain()).toEqual([[0, -20], [2.5, lerp(GAIN, 2.5)], [5, -6], [12, -6], [20, -30]]);
		expect(status()).toBe('Trk 2 fader: point at 01:00:02:12 -13.0 dB');
		expect(ui!.store.getState().lane.point).toEqual({ track: 't2', lane: 'gain', index: 1 });
		expect(ui!.frame()).toMatch(/^ {2}@2\/5 /m);
		await ui!.press('u');
		expect(gain()).toEqual(GAIN);
	});

	it('selects points from the playhead and moves them a frame; repeated moves are one undo step', async () => {
		await open();
		await atPlayhead(1);
		await ui!.press(')');
		expect(status()).toBe('Trk 2 fader point 2/4 at 01:00:05:00: -6.0 dB');
		await ui!.press('f', 'f');
		expect(gain()[1]).toEqual([5.08, -6]);
		await ui!.press('u');
		expect(gain()[1]).toEqual([5, -6]);
		// The first point stops at 0; a point stops at its neighbour.
		await ui!.press('(', 'b');
		expect(status()).toBe('Trk 2 fader point 1 stops at the start');
		expect(gain()[0]).toEqual([0, -20]);
		await ui!.press(')', ')', 'f');
		expect(gain()[2]).toEqual([12.04, -6]);
	});

	it('steps the value by 0.5 dB and 5 dB, types one, and clamps to the lane saying so', async () => {
		await open();
		await atPlayhead(4);
		await ui!.press(')', 'k');
		expect(gain()[1]).toEqual([5, -5.5]);
		await ui!.press('J');
		expect(gain()[1]).toEqual([5, -10.5]);
		expect(status()).toBe('Trk 2 fader point 2: -10.5 dB');
		await ui!.press('u');
		expect(gain()[1]).toEqual([5, -6]);
		await ui!.press('enter', '3', '0', 'enter');
		expect(gain()[1]).toEqual([5, 12]);
		expect(status()).toBe("Trk 2 fader: point 2 +30.0 dB: clamped to +12.0 dB, the lane's maximum");
		await ui!.press('k');
		expect(status()).toBe('Trk 2 fader point 2 is at its maximum (+12.0 dB)');
		await ui!.press('enter', 'x', 'enter');
		expect(ui!.store.getState().status).toMatchObject({ kind: 'error', text: '"x" is not a fader value: -inf … +12.0 dB' });
		expect(ui!.store.getState().prompt).toBeDefined();
		await ui!.press('backspace', '-', 'i', 'n', 'f', 'enter');
		expect(gain()[1]).toEqual([5, -Infinity]);
		await ui!.press('u', 'u');
		expect(gain()).toEqual(GAIN);
	});

	it('deletes the selected point, else the one nearest the playhead', async () => {
		await open();
		await atPlayhead(11);
		await ui!.press('d');
		expect(gain()).toEqual([[0, -20], [5, -6], [20, -30]]);
		await ui!.press('(', 'd');
		expect(gain()).toEqual([[0, -20], [20, -30]]);
		await ui!.press('u', 'u');
		expect(gain()).toEqual(GAIN);
		await ui!.press('b');
		expect(ui!.store.getState().status).toMatchObject({ kind: 'error', text: 'select a point first (previous / next point)' });
	});

	it('works on the lane chosen: a pan point steps by 0.05 and reads L/R', async () => {
		await open();
		await ui!.press('A', '(', 'k');
		expect(resolvedPoints(session(), t2, 'pan')[0]).toEqual([0, -0.95]);
		expect(status()).toBe('Trk 2 pan point 1: L95');
		// The gain lane and the other tracks are untouched.
		expect(gain()).toEqual(GAIN);
		expect(session().tracks[0]!.automation).toBeUndefined();
	});
});

describe('ranges', () => {
	it('marks in and out and trims the lane over them by a typed amount; undo puts it back', async () => {
		await open();
		await atPlayhead(3);
		await ui!.press('r');
		expect(status()).toBe('range in at 01:00:03:00; mark again for its out');
		await atPlayhead(14);
		await ui!.press('r');
		expect(status()).toBe('range 01:00:03:00–01:00:14:00');
		await ui!.press('enter', '-', '6', 'enter');
		expect(status()).toBe('Trk 2 fader: trim 01:00:03:00–01:00:14:00 by -6 dB');
		const after = gain();
		for (let t = 0; t <= 30; t += 0.05) {
			const inside = t > 3.01 + 1e-9 && t < 13.99 - 1e-9;
			const outside = t <= 3 || t >= 14;
			if (inside) expect(lerp(after, t), `at ${t}`).toBeCloseTo(lerp(GAIN, t) - 6, 9);
			if (outside) expect(lerp(after, t), `at ${t}`).toBeCloseTo(lerp(GAIN, t), 9);
		}
		await ui!.press('u');
		expect(gain()).toEqual(GAIN);
	});

	it('with only the in marked, deletes the points from it to the playhead; a third mark clears the range', async () => {
		await open();
		await atPlayhead(4);
		await ui!.press('r');
		await atPlayhead(13);
		await ui!.press('d');
		expect(gain()).toEqual([[0, -20], [20, -30]]);
		expect(status()).toBe('Trk 2 fader: clear 2 points 01:00:04:00–01:00:13:00');
		await ui!.press('u');
		expect(gain()).toEqual(GAIN);
		await ui!.press('r', 'r');
		expect(status()).toBe('range cleared');
		expect(ui!.store.getState().lane).toMatchObject({ in: undefined, out: undefined });
		// Without a range, delete takes one point again: the nearest (12 s).
		await ui!.press('d');
		expect(gain()).toEqual([[0, -20], [5, -6], [20, -30]]);
	});

	it('refuses to trim a mute lane, and an empty range', async () => {
		await open();
		await ui!.press('A', 'A');
		await atPlayhead(1);
		await ui!.press('r');
		await atPlayhead(2);
		await ui!.press('r', 'enter');
		expect(ui!.store.getState().status).toMatchObject({ kind: 'error', text: 'mute is a switch: a range of it cannot be trimmed (delete its points instead)' });
		// Cleared, then in at the playhead: in to the playhead is empty.
		await ui!.press('r', 'r', 'enter');
		expect(ui!.store.getState().status).toMatchObject({ kind: 'error' });
		expect(status()).toMatch(/^the range is empty/);
		expect(ui!.store.getState().prompt).toBeUndefined();
	});
});
