import { describe, expect, test } from 'vitest';
import * as edit from '../../sessions/edit.js';
import { UserError } from '../../sessions/errors.js';
import { validateSession } from '../../sessions/load.js';
import type { Session } from '../../sessions/types.js';
import { deepFreeze, richSession } from './fixtures.js';

// Every test edits a deeply frozen session: any mutation of the input throws.
const base = (): Session => deepFreeze(richSession());
const track = (s: Session, id: string) => s.tracks.find((t) => t.id === id)!;
const bus = (s: Session, id: string) => s.buses.find((b) => b.id === id)!;

describe('faders', () => {
	test.each([
		[-Infinity, 1, -60],
		[-Infinity, 0.1, -60],
		[-Infinity, -1, -Infinity],
		[-59.5, -1, -Infinity],
		[-60, -0.5, -Infinity],
		[-60, 0.5, -59.5],
		[-3, 0.1, -2.9],
		[-3, -1.5, -4.5],
		[11.5, 1, 12],
		[12, 1, 12],
		[18, 1, 18],
		[18, -1, 17],
		[-0.05, 0.05, 0],
		[5, 0, 5],
	])('nudgeDb(%d, %d) = %d', (current, delta, expected) => {
		expect(edit.nudgeDb(current, delta)).toBe(expected);
	});

	test('repeated small nudges stay round numbers', () => {
		let s = base();
		for (let i = 0; i < 30; i++) s = edit.nudgeTrackGain(s, 'dx1', 0.1);
		expect(track(s, 'dx1').gain).toBe(0);
		for (let i = 0; i < 7; i++) s = edit.nudgeTrackGain(s, 'dx1', -0.3);
		expect(track(s, 'dx1').gain).toBe(-2.1);
	});

	test.each([
		[-6, -6],
		[20, 12],
		[-250, -Infinity],
		[-Infinity, -Infinity],
		[-0, 0],
	])('setTrackGain(%d) stores %d', (db, stored) => {
		expect(track(edit.setTrackGain(base(), 'dx1', db), 'dx1').gain).toBe(stored);
	});

	test('a fader already at the value returns the same session (no undo step)', () => {
		const s = base();
		expect(edit.setTrackGain(s, 'dx1', -3)).toBe(s);
		expect(edit.nudgeTrackGain(edit.setTrackGain(s, 'dx1', 12), 'dx1', 1).tracks[0].gain).toBe(12);
		const top = edit.setTrackGain(s, 'dx1', 12);
		expect(edit.nudgeTrackGain(top, 'dx1', 1)).toBe(top);
	});

	test('changes share everything else', () => {
		const s = base();
		const next = edit.setTrackGain(s, 'dx1', -10);
		expect(next).not.toBe(s);
		expect(next.tracks[1]).toBe(s.tracks[1]);
		expect(next.tracks[0].clips).toBe(s.tracks[0].clips);
		expect(next.tracks[0].automation).toBe(s.tracks[0].automation);
		expect(next.buses).toBe(s.buses);
		expect(next.markers).toBe(s.markers);
		expect({ ...next.tracks[0], gain: -3 }).toEqual(s.tracks[0]);
	});

	test('bus and master faders', () => {
		const s = base();
		expect(bus(edit.setBusGain(s, 'DX', -4), 'DX').gain).toBe(-4);
		expect(bus(edit.nudgeBusGain(s, 'MX', 2), 'MX').gain).toBe(-60);
		expect(edit.setMasterGain(s, 40).master).toEqual({ format: '5.1', gain: 12 });
		expect(edit.nudgeMasterGain(s, -1).master.gain).toBe(-2.5);
		expect(edit.setMasterGain(s, -1.5)).toBe(s);
	});

	test('NaN is refused', () => {
		expect(() => edit.setTrackGain(base(), 'dx1', Number.NaN)).toThrow('NaN');
		expect(() => edit.nudgeTrackGain(base(), 'dx1', Number.NaN)).toThrow('finite');
		expect(() => edit.setTrackPan(base(), 'dx1', Number.NaN)).toThrow('finite');
	});
});

describe('track switches and routing', () => {
	test('pan is clamped and rounded', () => {
		expect(track(edit.setTrackPan(base(), 'dx1', 3), 'dx1').pan).toBe(1);
		expect(track(edit.setTrackPan(base(), 'dx1', -1.5), 'dx1').pan).toBe(-1);
		expect(track(edit.nudgeTrackPan(base(), 'dx1', 0.35), 'dx1').pan).toBe(0.1);
		expect(track(edit.nudgeTrackPan(base(), 'dx1', -5), 'dx1').pan).toBe(-1);
		expect(track(edit.centreTrackPan(base(), 'dx1'), 'dx1').pan).toBe(0);
	});

	test('mute, solo, polarity', () => {
		const s = base();
		expect(track(edit.toggleTrackMute(s, 'dx1'), 'dx1').mute).toBe(true);
		expect(edit.setTrackMute(s, 'dx1', false)).toBe(s);
		expect(track(edit.toggleTrackSolo(s, 'dx1'), 'dx1').solo).toBe(false);
		expect(track(edit.setTrackSolo(s, 'mx_1', true), 'mx_1').solo).toBe(true);
		expect(track(edit.toggleTrackPolarity(s, 'dx1'), 'dx1').polarity).toBe(false);
		expect(edit.anySolo(s)).toBe(true);
		expect(edit.anySolo(edit.clearSolos(s))).toBe(false);
		const only = edit.soloOnly(s, 'mx_1');
		expect(only.tracks.map((t) => t.solo)).toEqual([false, true]);
		expect(edit.clearMutes(s)).toBe(s);
		const none = edit.clearSolos(s);
		expect(edit.clearSolos(none)).toBe(none);
	});

	test('output must be master or a bus', () => {
		expect(track(edit.setTrackOutput(base(), 'dx1', 'MX'), 'dx1').output).toBe('MX');
		expect(track(edit.setTrackOutput(base(), 'dx1', 'master'), 'dx1').output).toBe('master');
		expect(() => edit.setTrackOutput(base(), 'dx1', 'FX')).toThrow('no bus "FX"');
	});

	test('bus routing refuses cycles', () => {
		expect(bus(edit.setBusOutput(base(), 'MX', 'DX'), 'MX').output).toBe('DX');
		expect(() => edit.setBusOutput(base(), 'DX', 'FX.sub')).toThrow('makes a cycle: DX → FX.sub → DX');
		expect(() => edit.setBusOutput(base(), 'DX', 'DX')).toThrow('cycle');
	});

	test('rename; an empty name removes it', () => {
		expect(track(edit.renameTrack(base(), 'dx1', 'Boom'), 'dx1').name).toBe('Boom');
		expect('name' in track(edit.renameTrack(base(), 'dx1', ''), 'dx1')).toBe(false);
		expect(bus(edit.renameBus(base(), 'DX', 'Dia'), 'DX').name).toBe('Dia');
		expect(edit.renameSession(base(), 'Reel 2').name).toBe('Reel 2');
	});

	test('unknown ids are programming errors, not user errors', () => {
		for (const f of [
			() => edit.setTrackGain(base(), 'nope', 0),
			() => edit.toggleTrackMute(base(), 'nope'),
			() => edit.setBusGain(base(), 'nope', 0),
			() => edit.moveClip(base(), 'dx1', 7, 0),
			() => edit.removeMarker(base(), 9),
		]) {
			expect(f).toThrow(Error);
			try {
				f();
			} catch (err) {
				expect(err).not.toBeInstanceOf(UserError);
			}
		}
	});
});

describe('tracks and buses', () => {
	test('add, move and remove tracks', () => {
		const s = edit.addTrack(base(), { id: 'fx1', name: 'FX 1', output: 'FX.sub' }, 1);
		expect(s.tracks.map((t) => t.id)).toEqual(['dx1', 'fx1', 'mx_1']);
		expect(track(s, 'fx1')).toEqual({ id: 'fx1', name: 'FX 1', output: 'FX.sub', gain: 0, pan: 0, mute: false, solo: false, polarity: false, clips: [] });
		expect(edit.moveTrack(s, 'fx1', 99).tracks.map((t) => t.id)).toEqual(['dx1', 'mx_1', 'fx1']);
		expect(edit.moveTrack(s, 'mx_1', 0).tracks.map((t) => t.id)).toEqual(['mx_1', 'dx1', 'fx1']);
		expect(edit.moveTrack(s, 'fx1', 1)).toBe(s);
		expect(edit.removeTrack(s, 'dx1').tracks.map((t) => t.id)).toEqual(['fx1', 'mx_1']);
		expect(() => edit.addTrack(base(), { id: 'dx1' })).toThrow('taken');
		expect(() => edit.addTrack(base(), { id: 'master' })).toThrow('reserved');
		expect(() => edit.addTrack(base(), { id: 'a b' })).toThrow('not a valid id');
		expect(() => edit.addTrack(base(), { id: 'x', output: 'nope' })).toThrow('no bus');
	});

	test('removing a bus reroutes what fed it to where it went', () => {
		const s = edit.removeBus(base(), 'DX');
		expect(s.buses.map((b) => [b.id, b.output])).toEqual([
			['MX', 'master'],
			['FX.sub', 'master'],
		]);
		expect(track(s, 'dx1').output).toBe('master');
		expect(validateSession(s, 'x')).toEqual([]);
		const added = edit.addBus(base(), { id: 'BG', output: 'MX' });
		expect(bus(added, 'BG')).toEqual({ id: 'BG', output: 'MX', gain: 0, mute: false });
		expect(() => edit.addBus(base(), { id: 'DX' })).toThrow('taken');
	});
});

describe('clips', () => {
	// dx1's clips: 0 at 12.5 s, 1 at "01:00:20:12" (23.976, start 01:00:00:00), 2 without `at` (BWF).
	const frame = 1001 / 24000;

	test('moveClip stores the position as given', () => {
		expect(track(edit.moveClip(base(), 'dx1', 0, 30), 'dx1').clips[0].at).toBe(30);
		expect(track(edit.moveClip(base(), 'dx1', 0, '01:00:30:00'), 'dx1').clips[0].at).toBe('01:00:30:00');
		expect(() => edit.moveClip(base(), 'dx1', 0, -1)).toThrow('negative');
		expect(() => edit.moveClip(base(), 'dx1', 0, '00:59:00:00')).toThrow('before the session start');
	});

	test('nudging a clip in seconds', () => {
		expect(track(edit.nudgeClip(base(), 'dx1', 0, 0.25), 'dx1').clips[0].at).toBe(12.75);
		expect(track(edit.nudgeClip(base(), 'dx1', 0, -0.1), 'dx1').clips[0].at).toBe(12.4);
		expect(track(edit.nudgeClip(base(), 'dx1', 0, -100), 'dx1').clips[0].at).toBe(0);
	});

	test('a timecode position stays timecode when nudged by whole frames', () => {
		expect(track(edit.nudgeClip(base(), 'dx1', 1, frame), 'dx1').clips[1].at).toBe('01:00:20:13');
		expect(track(edit.nudgeClip(base(), 'dx1', 1, -13 * frame), 'dx1').clips[1].at).toBe('01:00:19:23');
		// Off the frame grid it becomes seconds: 01:00:20:12 is 492 frames after start.
		const at = track(edit.nudgeClip(base(), 'dx1', 1, 0.1), 'dx1').clips[1].at;
		expect(at).toBeCloseTo((492 * 1001) / 24000 + 0.1, 9);
	});

	test('a BWF-placed clip needs its resolved position to be nudged', () => {
		expect(() => edit.nudgeClip(base(), 'dx1', 2, 1)).toThrow('pass its BWF position');
		const s = edit.nudgeClip(base(), 'dx1', 2, 1, 40);
		expect(track(s, 'dx1').clips[2].at).toBe(41);
		expect('at' in track(edit.spotClipToBwf(s, 'dx1', 2), 'dx1').clips[2]).toBe(false);
		expect(edit.nudgeClip(base(), 'dx1', 2, 0)).toEqual(base());
	});

	test('clip gain, fades and name', () => {
		const c = (s: Session) => track(s, 'dx1').clips[0];
		expect(c(edit.setClipGain(base(), 'dx1', 0, 30)).gain).toBe(24);
		expect(c(edit.nudgeClipGain(base(), 'dx1', 0, 1.5)).gain).toBe(-0.5);
		expect(c(edit.setClipFades(base(), 'dx1', 0, { fadeIn: 0.2 }))).toMatchObject({ fadeIn: 0.2, fadeOut: 0.5, fadeShape: 'equal-power' });
		expect(c(edit.setClipFades(base(), 'dx1', 0, { fadeOut: -1, fadeShape: 'linear' }))).toMatchObject({ fadeIn: 0.01, fadeOut: 0, fadeShape: 'linear' });
		const s = base();
		expect(edit.setClipFades(s, 'dx1', 0, { fadeIn: 0.01 })).toBe(s);
		expect(c(edit.renameClip(base(), 'dx1', 0, 'take 3')).name).toBe('take 3');
		const other = edit.setClipGain(s, 'dx1', 0, -6);
		expect(track(other, 'dx1').clips[1]).toBe(s.tracks[0].clips[1]);
	});
});

describe('markers and loop', () => {
	// Markers: 95.2, "01:02:00:00" (= 120.12 s at 23.976), 130.
	test('addMarker keeps time order, after any at the same time', () => {
		const names = (s: Session) => s.markers.map((m) => m.name);
		expect(names(edit.addMarker(base(), 100, 'a'))).toEqual(['music too hot under line', 'a', '# not a comment', '']);
		expect(names(edit.addMarker(base(), '01:02:00:01', 'b'))).toEqual(['music too hot under line', '# not a comment', 'b', '']);
		expect(names(edit.addMarker(base(), 0))).toEqual(['', 'music too hot under line', '# not a comment', '']);
		expect(names(edit.addMarker(base(), 130, 'c'))).toEqual(['music too hot under line', '# not a comment', '', 'c']);
		expect(() => edit.addMarker(base(), '00:00:00:00')).toThrow('before the session start');
	});

	test('remove, rename, move', () => {
		expect(edit.removeMarker(base(), 0).markers.map((m) => m.at)).toEqual(['01:02:00:00', 130]);
		expect(edit.renameMarker(base(), 2, 'end').markers[2]).toEqual({ at: 130, name: 'end' });
		const s = base();
		expect(edit.renameMarker(s, 2, '')).toBe(s);
		expect(edit.moveMarker(base(), 0, 125).markers.map((m) => m.at)).toEqual(['01:02:00:00', 125, 130]);
	});

	test('next and previous marker from a time', () => {
		expect(edit.nextMarker(base(), 0)).toBe(0);
		expect(edit.nextMarker(base(), 95.2)).toBe(1);
		expect(edit.nextMarker(base(), 130)).toBeUndefined();
		expect(edit.previousMarker(base(), 130)).toBe(1);
		expect(edit.previousMarker(base(), 95.2)).toBeUndefined();
	});

	test('loop', () => {
		expect(edit.setLoop(base(), 1, 2).loop).toEqual({ from: 1, to: 2 });
		expect(() => edit.setLoop(base(), 2, 2)).toThrow('before its end');
		expect(() => edit.setLoop(base(), '01:00:10:00', 9)).toThrow('before its end');
		expect('loop' in edit.clearLoop(base())).toBe(false);
		const none = edit.clearLoop(base());
		expect(edit.clearLoop(none)).toBe(none);
	});
});

describe('automation', () => {
	test('set, replace and remove lanes', () => {
		const s = edit.setAutomation(base(), 'mx_1', 'gain', [
			[0, -6],
			[5, -Infinity],
		]);
		expect(track(s, 'mx_1').automation).toEqual({ gain: [[0, -6], [5, -Infinity]] });
		expect(validateSession(s, 'x')).toEqual([]);
		expect('automation' in track(edit.setAutomation(s, 'mx_1', 'gain', undefined), 'mx_1')).toBe(false);
		const dx = edit.setAutomation(base(), 'dx1', 'pan', undefined);
		expect(Object.keys(track(dx, 'dx1').automation!)).toEqual(['gain', 'mute']);
		expect('automation' in track(edit.clearAutomation(base(), 'dx1'), 'dx1')).toBe(false);
		const m = base();
		expect(edit.setAutomation(m, 'mx_1', 'mute', undefined)).toBe(m);
	});

	test('points must be in time order', () => {
		expect(() => edit.setAutomation(base(), 'dx1', 'mute', [[5, 1], [4, 0]])).toThrow('before the one before it');
		expect(() => edit.setAutomation(base(), 'dx1', 'pan', [['00:00:00:00', 0]])).toThrow('before the session start');
	});
});
