import { describe, expect, test } from 'vitest';
import { nudgeTrackGain, toggleTrackMute } from '../../sessions/edit.js';
import {
	canRedo,
	canUndo,
	createHistory,
	isDirty,
	markSaved,
	record,
	redo,
	redoLabel,
	undo,
	undoLabel,
	type History,
} from '../../sessions/history.js';
import type { Session } from '../../sessions/types.js';
import { deepFreeze, richSession } from './fixtures.js';

/** Applies steps [doc, label, coalesce?, now] in order. */
function play<T>(h: History<T>, steps: [T, string, string?, number?][]): History<T> {
	return steps.reduce((acc, [doc, label, coalesce, now]) => record(acc, doc, label, { coalesce, now: now ?? 0 }), h);
}

describe('undo and redo', () => {
	test('walk back and forth with labels', () => {
		let h = play(createHistory('a'), [
			['b', 'B'],
			['c', 'C'],
		]);
		expect(h.present.doc).toBe('c');
		expect(undoLabel(h)).toBe('C');
		expect(redoLabel(h)).toBeUndefined();
		h = undo(h);
		expect(h.present.doc).toBe('b');
		expect(undoLabel(h)).toBe('B');
		expect(redoLabel(h)).toBe('C');
		h = undo(h);
		expect(h.present.doc).toBe('a');
		expect(canUndo(h)).toBe(false);
		expect(undo(h)).toBe(h);
		h = redo(redo(h));
		expect(h.present.doc).toBe('c');
		expect(canRedo(h)).toBe(false);
		expect(redo(h)).toBe(h);
	});

	test('a new step after undo discards the redo steps', () => {
		const h = record(undo(play(createHistory('a'), [['b', 'B'], ['c', 'C']])), 'd', 'D');
		expect(h.past.map((s) => s.doc)).toEqual(['a', 'b']);
		expect(h.present.doc).toBe('d');
		expect(canRedo(h)).toBe(false);
	});

	test('recording the same document is not a step', () => {
		const h = createHistory('a');
		expect(record(h, 'a', 'nothing')).toBe(h);
	});

	test('works on sessions and never touches them', () => {
		const s0 = deepFreeze(richSession());
		const s1 = nudgeTrackGain(s0, 'dx1', -1);
		const s2 = toggleTrackMute(s1, 'mx_1');
		const h = play(createHistory<Session>(s0), [
			[s1, 'Fader DX 1 −4.0 dB'],
			[s2, 'Mute mx_1'],
		]);
		expect(undo(undo(h)).present.doc).toBe(s0);
		expect(undoLabel(h)).toBe('Mute mx_1');
	});
});

describe('coalescing', () => {
	test('same key within the window merges into one step', () => {
		const h = play(createHistory(0, { coalesceMs: 500 }), [
			[1, 'Fader −1', 'fader:dx1', 1000],
			[2, 'Fader −2', 'fader:dx1', 1300],
			[3, 'Fader −3', 'fader:dx1', 1700], // 400 ms after the previous: still one gesture
		]);
		expect(h.past.map((s) => s.doc)).toEqual([0]);
		expect(h.present).toMatchObject({ doc: 3, label: 'Fader −3' });
		expect(undo(h).present.doc).toBe(0);
	});

	test('a pause, another key, or no key starts a new step', () => {
		const h = play(createHistory(0, { coalesceMs: 500 }), [
			[1, 'a', 'k', 0],
			[2, 'a', 'k', 501],
			[3, 'b', 'other', 600],
			[4, 'b', 'other', 700],
			[5, 'c', undefined, 800],
			[6, 'c', undefined, 801],
		]);
		expect(h.past.map((s) => s.doc)).toEqual([0, 1, 2, 4, 5]);
	});

	test('never merges into a step reached by undo, or across a save', () => {
		let h = play(createHistory(0), [
			[1, 'a', 'k', 0],
			[2, 'b', 'j', 10],
		]);
		h = record(undo(h), 3, 'a', { coalesce: 'k', now: 20 });
		expect(h.past.map((s) => s.doc)).toEqual([0, 1]);
		h = record(markSaved(h), 4, 'a', { coalesce: 'k', now: 30 });
		expect(h.past.map((s) => s.doc)).toEqual([0, 1, 3]);
		expect(isDirty(h)).toBe(true);
		expect(isDirty(undo(h))).toBe(false);
	});
});

describe('limit', () => {
	test('keeps at most `limit` undo steps (default 500)', () => {
		let h = createHistory(0);
		for (let i = 1; i <= 520; i++) h = record(h, i, `#${i}`);
		expect(h.past).toHaveLength(500);
		expect(h.past[0].doc).toBe(20);
		let small = createHistory('a', { limit: 2 });
		small = play(small, [['b', 'B'], ['c', 'C'], ['d', 'D']]);
		expect(small.past.map((s) => s.doc)).toEqual(['b', 'c']);
		expect(undo(undo(undo(small))).present.doc).toBe('b');
	});

	test('rejects a limit below 1', () => {
		expect(() => createHistory(0, { limit: 0 })).toThrow(RangeError);
	});
});

describe('dirty', () => {
	test('an opened document is clean; a new one can start dirty', () => {
		expect(isDirty(createHistory('a'))).toBe(false);
		expect(isDirty(createHistory('a', { saved: false }))).toBe(true);
	});

	test('follows undo and redo back to the saved version', () => {
		let h = play(createHistory('a'), [['b', 'B']]);
		expect(isDirty(h)).toBe(true);
		h = undo(h);
		expect(isDirty(h)).toBe(false);
		h = redo(h);
		expect(isDirty(h)).toBe(true);
		h = markSaved(h);
		expect(isDirty(h)).toBe(false);
		expect(isDirty(undo(h))).toBe(true);
		expect(isDirty(redo(undo(h)))).toBe(false);
	});

	test('a coalesced step after the save is dirty even if it reaches the saved content by another path', () => {
		let h = markSaved(play(createHistory(0), [[1, 'x', 'k', 0]]));
		h = record(h, 2, 'x', { coalesce: 'k', now: 1 });
		expect(isDirty(h)).toBe(true);
		h = record(h, 3, 'x', { coalesce: 'k', now: 2 });
		expect(isDirty(h)).toBe(true);
		expect(isDirty(undo(h))).toBe(false);
	});

	test('once the saved version is discarded by a new branch, only a save makes it clean', () => {
		let h = markSaved(play(createHistory('a'), [['b', 'B']]));
		h = record(undo(h), 'c', 'C');
		expect(isDirty(h)).toBe(true);
		expect(isDirty(undo(h))).toBe(true);
		expect(isDirty(markSaved(h))).toBe(false);
	});

	test('markSaved on a clean history changes nothing', () => {
		const h = createHistory('a');
		expect(markSaved(h)).toBe(h);
	});
});
