// The `duck:` key on tracks and buses: defaults, validation with one line per problem naming
// the field, the save format (one line, `on: true` left out), parameter addresses, and which
// edits a live graph takes as parameter changes.
import { describe, expect, it } from 'vitest';
import { ProblemList, UserError } from '../../sessions/errors.js';
import { parseSession } from '../../sessions/load.js';
import { serializeSession } from '../../sessions/save.js';
import { duckParamSpec, getParam, setParam } from '../../sessions/params.js';
import { diffParams } from '../../engine/worker/session-diff.js';

function problems(text: string): string[] {
	try {
		parseSession(text, 'reel.yaml');
		return [];
	} catch (err) {
		if (err instanceof ProblemList) return err.problems.map((p) => p.message);
		if (err instanceof UserError) return [err.message];
		throw err;
	}
}

const doc = (mx: string, tracks = '[{ id: dx, output: DX }, { id: bed, output: MX }]') => `dubdesk: 1\nbuses: [{ id: DX }, { id: MX${mx} }]\ntracks: ${tracks}\n`;

describe('duck:', () => {
	it('fills the documented defaults', () => {
		const s = parseSession(doc(', duck: { key: DX }'), 'reel.yaml');
		expect(s.buses[1]!.duck).toEqual({ on: true, key: 'DX', threshold: -40, depth: -10, attack: 40, hold: 300, release: 600, lookahead: 20 });
	});

	it.each([
		[doc(', duck: { threshold: -30 }'), 'reel.yaml: buses[1].duck.key: missing; expected text'],
		[doc(', duck: { key: FX }'), 'reel.yaml: buses[1].duck.key: no bus or track "FX" to key from (expected one of: DX, MX, dx, bed)'],
		[doc(', duck: { key: MX }'), 'reel.yaml: buses[1].duck.key: a ducker cannot key from its own bus'],
		[doc(', duck: { key: DX, depth: 3 }'), 'reel.yaml: buses[1].duck.depth: expected a number ≤ 0, got 3'],
		[doc(', duck: { key: DX, lookahead: 500 }'), 'reel.yaml: buses[1].duck.lookahead: expected a number ≤ 100, got 500'],
		[doc(', duck: { key: DX, ratio: 3 }'), 'reel.yaml: buses[1].duck.ratio: unknown key'],
		// The keyed track feeds the key: a loop.
		[doc('', '[{ id: dx, output: DX, duck: { key: DX } }]'), 'reel.yaml: tracks[0].duck.key: routing cycle: dx → DX → dx'],
	])('refuses %j', (text, message) => {
		expect(problems(text)).toEqual([message]);
	});

	it('keys from a track, and a bus keyed by a track that feeds it is no loop', () => {
		expect(problems(doc(', duck: { key: dx }'))).toEqual([]);
		expect(problems(doc(', duck: { key: bed }'))).toEqual([]);
	});

	it('saves on one line in a fixed order, without on: true, and loads back the same', () => {
		const s = parseSession(doc(', duck: { lookahead: 10, key: DX, depth: -12 }', '[{ id: bed, output: MX, duck: { key: DX, on: false } }]'), 'reel.yaml');
		const text = serializeSession(s);
		expect(text).toContain('duck: { key: DX, threshold: -40, depth: -12, attack: 40, hold: 300, release: 600, lookahead: 10 }');
		expect(text).toContain('duck: { on: false, key: DX, threshold: -40');
		expect(parseSession(text, 'reel.yaml')).toEqual(s);
	});

	it('addresses its values as duck.*, and only the look-ahead and the key rebuild a live graph', () => {
		const s = parseSession(doc(', duck: { key: DX }'), 'reel.yaml');
		const at = { target: 'bus' as const, id: 'MX', param: 'duck.depth' };
		expect(getParam(s, at)).toBe(-10);
		expect(duckParamSpec('duck.depth')).toMatchObject({ min: -60, max: 0, default: -10, unit: 'dB' });
		const deeper = setParam(s, at, -18);
		expect(deeper.buses[1]!.duck!.depth).toBe(-18);
		expect(() => setParam(s, { target: 'bus', id: 'DX', param: 'duck.depth' }, -3)).toThrow(/DX has no ducker/);
		expect(diffParams(s, deeper)).toEqual([{ target: 'bus', index: 1, id: 'MX', param: 'duck.depth', value: -18 }]);
		const off = setParam(s, { ...at, param: 'duck.on' }, false);
		expect(diffParams(s, off)).toEqual([{ target: 'bus', index: 1, id: 'MX', param: 'duck.on', value: false }]);
		expect(diffParams(s, setParam(s, { ...at, param: 'duck.lookahead' }, 5))).toBeNull();
		expect(diffParams(s, { ...s, buses: [s.buses[0]!, { ...s.buses[1]!, duck: { ...s.buses[1]!.duck!, key: 'dx' } }] })).toBeNull();
		expect(diffParams(s, { ...s, buses: [s.buses[0]!, { ...s.buses[1]!, duck: undefined }] })).toBeNull();
	});
});
