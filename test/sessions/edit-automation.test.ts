// Automation modes as pure edits: set, step, set everywhere; read is the default and is not
// written; lanes are kept; the master carries a mode (and only a mode) through load and save.
import { describe, expect, it } from 'vitest';
import { cycleAutomationMode, modeOf, nextMode, setAllAutomationModes, setAutomationMode } from '../../sessions/edit.js';
import { parseSession } from '../../sessions/load.js';
import { serializeSession } from '../../sessions/save.js';
import type { Session } from '../../sessions/types.js';

const YAML = `dubdesk: 1
buses:
  - { id: DX }
  - id: MX
    strip: { trim: -2 }
    automation: { mode: off, trim: [[0, 0], [4, -6]] }
tracks:
  - id: dx1
    automation:
      gain: [[0, -3], [10, -12]]
  - { id: dx2 }
`;

const load = (yaml = YAML): Session => parseSession(yaml, '/tmp/auto.yaml');
const dx1 = { kind: 'track', id: 'dx1' } as const;
const dx2 = { kind: 'track', id: 'dx2' } as const;
const MASTER = { kind: 'master' } as const;

describe('setAutomationMode', () => {
	it('writes a mode next to the lanes, leaving the lanes and the input alone', () => {
		const s = load();
		const next = setAutomationMode(s, dx1, 'touch');
		expect(next.tracks[0]!.automation).toEqual({ mode: 'touch', gain: [[0, -3], [10, -12]] });
		expect(next.tracks[0]!.automation!.gain).toBe(s.tracks[0]!.automation!.gain);
		expect(s.tracks[0]!.automation).toEqual({ gain: [[0, -3], [10, -12]] });
		// Untouched parts are shared.
		expect(next.tracks[1]).toBe(s.tracks[1]);
		expect(next.buses).toBe(s.buses);
	});

	it('read is the default: setting it removes the key, and an empty block goes with it', () => {
		const s = setAutomationMode(load(), dx2, 'latch');
		expect(s.tracks[1]!.automation).toEqual({ mode: 'latch' });
		const back = setAutomationMode(s, dx2, 'read');
		expect(back.tracks[1]).not.toHaveProperty('automation');
		const lanes = setAutomationMode(setAutomationMode(load(), dx1, 'off'), dx1, 'read');
		expect(lanes.tracks[0]!.automation).toEqual({ gain: [[0, -3], [10, -12]] });
	});

	it('returns the session itself when the mode is already that', () => {
		const s = load();
		expect(setAutomationMode(s, dx1, 'read')).toBe(s);
		expect(setAutomationMode(s, dx2, 'read')).toBe(s);
		expect(setAutomationMode(s, { kind: 'bus', id: 'MX' }, 'off')).toBe(s);
	});

	it('sets a bus and the master', () => {
		let s = setAutomationMode(load(), { kind: 'bus', id: 'DX' }, 'write');
		expect(s.buses[0]!.automation).toEqual({ mode: 'write' });
		s = setAutomationMode(s, MASTER, 'trim');
		expect(s.master).toEqual({ format: 'stereo', gain: 0, automation: { mode: 'trim' } });
		expect(modeOf(s, MASTER)).toBe('trim');
		expect(setAutomationMode(s, MASTER, 'read').master).toEqual({ format: 'stereo', gain: 0 });
	});

	it('refuses an unknown strip or mode', () => {
		expect(() => setAutomationMode(load(), { kind: 'track', id: 'nope' }, 'touch')).toThrow('no track "nope"');
		expect(() => setAutomationMode(load(), { kind: 'bus', id: 'nope' }, 'touch')).toThrow('no bus "nope"');
		expect(() => setAutomationMode(load(), dx1, 'record' as never)).toThrow('"record" is not an automation mode');
	});
});

describe('cycleAutomationMode', () => {
	it('steps off → read → touch → latch → write → trim → off, and back', () => {
		let s = setAutomationMode(load(), dx1, 'off');
		const seen: string[] = [];
		for (let i = 0; i < 6; i++) {
			s = cycleAutomationMode(s, dx1);
			seen.push(modeOf(s, dx1));
		}
		expect(seen).toEqual(['read', 'touch', 'latch', 'write', 'trim', 'off']);
		expect(modeOf(cycleAutomationMode(s, dx1, -1), dx1)).toBe('trim');
		expect(nextMode('trim')).toBe('off');
		expect(nextMode('off', -1)).toBe('trim');
	});

	it('starts from read on a strip that has no mode written', () => {
		expect(modeOf(cycleAutomationMode(load(), dx2), dx2)).toBe('touch');
	});
});

describe('setAllAutomationModes', () => {
	it('puts every track, bus and the master in one mode, keeping lanes', () => {
		const s = setAllAutomationModes(load(), 'touch');
		const modes = [...s.tracks.map((t) => t.automation?.mode), ...s.buses.map((b) => b.automation?.mode), s.master.automation?.mode];
		expect(modes).toEqual(['touch', 'touch', 'touch', 'touch', 'touch']);
		expect(s.buses[1]!.automation!.trim).toEqual([[0, 0], [4, -6]]);
		expect(s.tracks[0]!.automation!.gain).toEqual([[0, -3], [10, -12]]);
	});

	it('to read leaves only the lanes, and is the session itself when nothing changes', () => {
		const s = setAllAutomationModes(setAllAutomationModes(load(), 'write'), 'read');
		expect(s.tracks[0]!.automation).toEqual({ gain: [[0, -3], [10, -12]] });
		expect(s.tracks[1]).not.toHaveProperty('automation');
		expect(s.buses[1]!.automation).toEqual({ trim: [[0, 0], [4, -6]] });
		expect(s.master).not.toHaveProperty('automation');
		expect(setAllAutomationModes(s, 'read')).toBe(s);
	});
});

describe('the master in the file', () => {
	it('loads and saves its mode on the master line', () => {
		const s = setAutomationMode(load(), MASTER, 'latch');
		const text = serializeSession(s);
		expect(text).toContain('master: { format: stereo, gain: 0, automation: { mode: latch } }');
		expect(parseSession(text, '/tmp/auto.yaml')).toEqual(s);
	});

	it('with a strip, keeps the mode on one line of its own', () => {
		const s = load('dubdesk: 1\nmaster: { gain: -1, strip: { trim: 2 }, automation: { mode: write } }\n');
		expect(serializeSession(s)).toContain('\n  automation: { mode: write }\n');
		expect(parseSession(serializeSession(s), '/tmp/auto.yaml')).toEqual(s);
	});

	it('takes a fader lane on the master, and refuses what it has not (pan, mute, a bad mode)', () => {
		expect(load('dubdesk: 1\nmaster: { automation: { gain: [[0, -3]] } }\n').master.automation?.gain).toEqual([[0, -3]]);
		expect(() => load('dubdesk: 1\nmaster: { automation: { pan: [[0, 0.5]] } }\n')).toThrow('master.automation.pan: the master has no pan');
		expect(() => load('dubdesk: 1\nmaster: { automation: { mode: loud } }\n')).toThrow(/master\.automation\.mode/);
	});
});
