// A track's panY and lfe in the document: the schema's ranges and messages, lanes only on tracks,
// saved in key order (left out when absent), read as front / −∞ when absent, set as parameters
// and sent to the engine as live changes.
import { describe, expect, it } from 'vitest';
import { ProblemList, UserError } from '../../sessions/errors.js';
import { parseSession } from '../../sessions/load.js';
import { serializeSession } from '../../sessions/save.js';
import { getParam, LFE_SPEC, PAN_Y_SPEC, setParam, surroundParamSpec } from '../../sessions/params.js';
import { diffParams } from '../../engine/worker/session-diff.js';
import { laneSpec, lanesOf, staticValue } from '../../sessions/edit-lanes.js';

function problems(text: string): string[] {
	try {
		parseSession(`dubdesk: 1\n${text}`, 'r.yaml');
		return [];
	} catch (err) {
		if (err instanceof ProblemList) return err.problems.map((p) => p.message);
		if (err instanceof UserError) return [err.message];
		throw err;
	}
}

const SURROUND = `master: { format: "5.1", gain: 0 }
buses:
  - { id: B }
tracks:
  - id: car
    pan: -1
    panY: 0.5
    lfe: -10
    automation:
      panY:
        - [0, -1]
        - [4, 1]
      lfe:
        - [0, -.inf]
        - [2, -6]
  - id: dx
`;

describe('panY and lfe in the session', () => {
	it('loads them, and a track without them reads front and no LFE', () => {
		const s = parseSession(`dubdesk: 1\n${SURROUND}`, 'r.yaml');
		expect(s.tracks[0]).toMatchObject({ panY: 0.5, lfe: -10, automation: { panY: [[0, -1], [4, 1]], lfe: [[0, -Infinity], [2, -6]] } });
		expect(s.tracks[1]!.panY).toBeUndefined();
		expect(getParam(s, { target: 'track', id: 'car', param: 'panY' })).toBe(0.5);
		expect(getParam(s, { target: 'track', id: 'dx', param: 'panY' })).toBe(-1);
		expect(getParam(s, { target: 'track', id: 'dx', param: 'lfe' })).toBe(-Infinity);
	});

	it('refuses values out of range and lanes on a bus or the master, naming the field', () => {
		expect(problems('tracks:\n  - { id: a, lfe: 12 }\n')).toEqual(['r.yaml: tracks[0].lfe: expected a number ≤ 10, got 12']);
		expect(problems('tracks:\n  - { id: a, panY: 2 }\n')).toEqual(['r.yaml: tracks[0].panY: expected a number ≤ 1, got 2']);
		expect(problems('tracks:\n  - { id: a, automation: { lfe: [[0, 20]] } }\n')).toEqual(['r.yaml: tracks[0].automation.lfe[0][1]: expected a number ≤ 10, got 20']);
		expect(problems('buses:\n  - { id: B, automation: { panY: [[0, 1]] } }\n')).toEqual(['r.yaml: buses[0].automation.panY: a bus has no panY; panY lanes belong to tracks']);
		expect(problems('master: { format: "5.1", automation: { lfe: [[0, 1]] } }\n')).toEqual(['r.yaml: master.automation.lfe: the master has no lfe']);
	});

	it('saves them after pan, lanes after the pan lane, and leaves them out when absent', () => {
		const s = parseSession(`dubdesk: 1\n${SURROUND}`, 'r.yaml');
		const text = serializeSession(s);
		expect(text).toMatch(/pan: -1\n {4}panY: 0\.5\n {4}lfe: -10\n {4}mute: false/);
		expect(text).toMatch(/panY:\n {8}- \[ 0, -1 \]\n {8}- \[ 4, 1 \]\n {6}lfe:\n {8}- \[ 0, -\.inf \]/);
		expect(parseSession(text, 'r.yaml')).toEqual(s);
		const dx = text.slice(text.indexOf('id: dx'));
		expect(dx).not.toMatch(/panY|lfe/);
	});

	it('sets them on tracks only, and the engine gets them as live changes', () => {
		const s = parseSession(`dubdesk: 1\n${SURROUND}`, 'r.yaml');
		const at = { target: 'track' as const, id: 'dx', param: 'panY' };
		// Setting the value it already reads as changes nothing.
		expect(setParam(s, at, -1)).toBe(s);
		const moved = setParam(setParam(s, at, 0.25), { ...at, param: 'lfe' }, -3);
		expect(moved.tracks[1]).toMatchObject({ panY: 0.25, lfe: -3 });
		expect(diffParams(s, moved)).toEqual([
			{ target: 'track', index: 1, id: 'dx', param: 'panY', value: 0.25 },
			{ target: 'track', index: 1, id: 'dx', param: 'lfe', value: -3 },
		]);
		expect(() => setParam(s, { target: 'bus', id: 'B', param: 'panY' }, 0)).toThrow('a bus has no panY');
		expect(() => setParam(s, { target: 'master', id: 'master', param: 'lfe' }, 0)).toThrow('master has no lfe');
	});

	it('offers panY and lfe lanes on a 5.1 master (only lanes already written on a stereo one)', () => {
		const s = parseSession(`dubdesk: 1\n${SURROUND}`, 'r.yaml');
		// Right after pan, before mute (other lanes may follow).
		expect(lanesOf(s, { kind: 'track', id: 'dx' }).slice(0, 5)).toEqual(['gain', 'pan', 'panY', 'lfe', 'mute']);
		expect(lanesOf(s, { kind: 'bus', id: 'B' })).not.toContain('panY');
		const stereo = { ...s, master: { ...s.master, format: 'stereo' as const } };
		expect(lanesOf(stereo, { kind: 'track', id: 'dx' })).not.toContain('panY');
		expect(lanesOf(stereo, { kind: 'track', id: 'car' }).slice(0, 3)).toEqual(['gain', 'pan', 'mute']);
		expect(lanesOf(stereo, { kind: 'track', id: 'car' }).slice(-2)).toEqual(['panY', 'lfe']);
		expect(laneSpec('panY')).toEqual({ unit: '', min: -1, max: 1, step: 0.05 });
		expect(laneSpec('lfe')).toMatchObject({ unit: 'dB', min: -Infinity, max: 10, fader: true });
		expect(staticValue(s, { kind: 'track', id: 'dx' }, 'panY')).toBe(-1);
		expect(staticValue(s, { kind: 'track', id: 'car' }, 'lfe')).toBe(-10);
	});

	it('has a spec for each: range, default and nudge step', () => {
		expect(surroundParamSpec('panY')).toBe(PAN_Y_SPEC);
		expect(surroundParamSpec('lfe')).toBe(LFE_SPEC);
		expect(PAN_Y_SPEC).toMatchObject({ min: -1, max: 1, default: -1, step: 0.05 });
		expect(LFE_SPEC).toMatchObject({ max: 10, default: -Infinity, step: 0.5 });
		expect(surroundParamSpec('pan')).toBeUndefined();
	});
});
