// Bounds on what a session may ask for: times within a day, list lengths, file size. Past each
// one the document is refused with one line naming the place and the limit, before the parser,
// the schema or a render can spend memory or time on it.
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ProblemList, SessionError, UserError } from '../../sessions/errors.js';
import { SessionSyntaxError, loadSession, parseSession } from '../../sessions/load.js';
import { parseTimeArg } from '../../sessions/time.js';
import { LIMITS, sizeProblems } from '../../sessions/validate.js';

/** Every message a parse produces, one per problem (empty when it loads). */
function problems(text: string, file = 'reel.yaml'): string[] {
	try {
		parseSession(text, file);
		return [];
	} catch (err) {
		if (err instanceof ProblemList) return err.problems.map((p) => p.message);
		if (err instanceof UserError) return [err.message];
		throw err;
	}
}

const doc = (rest: string) => `dubdesk: 1\n${rest}`;
const clipWith = (fields: string) => doc(`tracks:\n  - id: a\n    clips:\n      - { file: a.wav, ${fields} }\n`);
const DAY = 'expected seconds from 0 to 86400 (24 h)';

describe('times stay within 24 hours', () => {
	test.each([
		[clipWith('at: 86401'), `reel.yaml: tracks[0].clips[0].at: ${DAY}, got 86401`],
		[clipWith('at: 1e15'), `reel.yaml: tracks[0].clips[0].at: ${DAY}, got 1000000000000000`],
		[clipWith('offset: 90000'), `reel.yaml: tracks[0].clips[0].offset: ${DAY}, got 90000`],
		[clipWith('length: 86400.5'), `reel.yaml: tracks[0].clips[0].length: ${DAY}, got 86400.5`],
		[clipWith('fadeIn: 1e6'), `reel.yaml: tracks[0].clips[0].fadeIn: ${DAY}, got 1000000`],
		[clipWith('fadeOut: 100000'), `reel.yaml: tracks[0].clips[0].fadeOut: ${DAY}, got 100000`],
		[doc('tracks: [{ id: a, automation: { gain: [[0, 0], [86401, -3]] } }]\n'), `reel.yaml: tracks[0].automation.gain[1][0]: ${DAY}, got 86401`],
		[doc('tracks: [{ id: a, automation: { pan: [[1e9, 0]] } }]\n'), `reel.yaml: tracks[0].automation.pan[0][0]: ${DAY}, got 1000000000`],
		[doc('markers: [{ at: 99999 }]\n'), `reel.yaml: markers[0].at: ${DAY}, got 99999`],
		[doc('loop: { from: 0, to: 86401 }\n'), `reel.yaml: loop.to: ${DAY}, got 86401`],
		[doc('loop: { from: .inf, to: 1 }\n'), 'reel.yaml: loop.from: expected seconds (a number ≥ 0) or a timecode "HH:MM:SS:FF", got .inf'],
		// Each value within the day, but the clip would run past it.
		[clipWith('at: 86000, length: 401'), 'reel.yaml: tracks[0].clips[0].length: the clip would end at 86401 s, past 24 h (86400 s)'],
		[clipWith('at: "23:59:59:00", length: 2'), 'reel.yaml: tracks[0].clips[0].length: the clip would end at 86401 s, past 24 h (86400 s)'],
	])('%j', (text, message) => {
		expect(problems(text)).toEqual([message]);
	});

	test.each([
		clipWith('at: 86400'),
		clipWith('at: 86399, length: 1, offset: 86400, fadeIn: 86400, fadeOut: 86400'),
		clipWith('at: "23:59:59:23"'),
		doc('markers: [{ at: 86400 }]\nloop: { from: 86399.5, to: 86400 }\n'),
	])('the last second of the day is allowed: %j', (text) => {
		expect(problems(text)).toEqual([]);
	});

	const session = { frameRate: 25 as const, start: '00:00:00:00' };
	test.each([
		['86401', '--to', '--to: 86401 is past 24 h: times go from 0 to 86400 s'],
		['1000000000000000', '--from', '--from: 1000000000000000 is past 24 h: times go from 0 to 86400 s'],
	])('command-line time %s for %s', (text, name, message) => {
		expect(() => parseTimeArg(text, session, { name })).toThrow(new UserError(message));
	});

	test('command-line times up to a day still parse', () => {
		expect(parseTimeArg('86400', session, { name: '--to' })).toBe(86400);
		expect(parseTimeArg('23:59:59:24', session, { name: '--to' })).toBeCloseTo(86399.96, 9);
	});
});

describe('list lengths', () => {
	const list = (n: number, item: (i: number) => unknown) => Array.from({ length: n }, (_, i) => item(i));
	const track = (i: number, extra: Record<string, unknown> = {}) => ({ id: `t${i}`, ...extra });
	const point = (i: number) => [i, 0];

	test.each([
		['tracks', { tracks: list(LIMITS.tracks + 1, track) }, 'tracks: 257 tracks, more than the limit of 256'],
		['buses', { buses: list(LIMITS.buses + 1, (i) => ({ id: `b${i}` })) }, 'buses: 65 buses, more than the limit of 64'],
		['markers', { markers: list(LIMITS.markers + 1, (i) => ({ at: i })) }, 'markers: 10001 markers, more than the limit of 10000'],
		[
			'clips on one track',
			{ tracks: [track(0), track(1, { clips: list(LIMITS.clipsPerTrack + 1, () => ({ file: 'a.wav' })) })] },
			'tracks[1].clips: 10001 clips, more than the limit of 10000 per track',
		],
		[
			'points in one lane',
			{ tracks: [track(0, { automation: { gain: [], pan: list(LIMITS.pointsPerLane + 1, point) } })] },
			'tracks[0].automation.pan: 100001 points, more than the limit of 100000 per lane',
		],
		[
			'points in a bus lane, named by its key',
			{ buses: [{ id: 'MX', automation: { 'send.VERB': list(LIMITS.pointsPerLane + 1, point) } }] },
			'buses[0].automation["send.VERB"]: 100001 points, more than the limit of 100000 per lane',
		],
	])('%s', (_what, document, message) => {
		expect(sizeProblems({ dubdesk: 1, ...document }, 'reel.yaml').map((p) => p.message)).toEqual([`reel.yaml: ${message}`]);
	});

	test('every list at its limit passes', () => {
		const full = {
			dubdesk: 1,
			tracks: list(LIMITS.tracks, (i) => track(i, i === 0 ? { clips: list(LIMITS.clipsPerTrack, () => ({ file: 'a.wav' })), automation: { gain: list(LIMITS.pointsPerLane, point) } } : {})),
			buses: list(LIMITS.buses, (i) => ({ id: `b${i}` })),
			markers: list(LIMITS.markers, (i) => ({ at: i })),
		};
		expect(sizeProblems(full, 'reel.yaml')).toEqual([]);
	});

	test('shapes the schema rejects are left to it', () => {
		expect(sizeProblems({ tracks: 'many', markers: { a: 1 }, buses: [null, 3, { automation: 'x' }] }, 'reel.yaml')).toEqual([]);
	});

	test('a parse stops at the count: 10001 markers are one problem, not 10001', () => {
		// Every marker is also invalid; the count is reported before the schema would list each.
		const text = doc(`markers:\n${'  - { at: -1 }\n'.repeat(LIMITS.markers + 1)}`);
		expect(problems(text)).toEqual(['reel.yaml: markers: 10001 markers, more than the limit of 10000']);
	});
});

describe('session file size', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'dubdesk-limits-'));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	test('text past the limit is refused before parsing', () => {
		// Unbalanced brackets throughout: parsing this would report thousands of errors.
		const text = doc('name: x\n' + '[{'.repeat((LIMITS.fileBytes - 8) / 2));
		expect(text.length).toBe(LIMITS.fileBytes + 11);
		expect(problems(text)).toEqual([`reel.yaml: the session is ${LIMITS.fileBytes + 11} characters, more than the 4.0 MiB limit`]);
	});

	test('a file past the limit is refused unread', async () => {
		const path = join(dir, 'huge.yaml');
		await writeFile(path, 'dubdesk: 1\n');
		// Sparse: 1 GiB of zeros that are never read.
		await truncate(path, 1024 ** 3);
		await expect(loadSession(path)).rejects.toThrow(new SessionError(path, '', 'the session file is 1024.0 MiB, more than the 4.0 MiB limit'));
	});

	test('a file at the limit is read', async () => {
		const path = join(dir, 'full.yaml');
		const text = doc('name: x\n');
		await writeFile(path, text + '#'.repeat(LIMITS.fileBytes - text.length));
		expect((await loadSession(path)).name).toBe('x');
	});
});

describe('YAML syntax errors', () => {
	test('an unclosed bracket is one line: the first problem and how many more', () => {
		const text = doc(`markers: ${'['.repeat(400)}${']'.repeat(10)}\n`);
		let error: unknown;
		try {
			parseSession(text, 'reel.yaml');
		} catch (err) {
			error = err;
		}
		// The parser repeats one complaint for every open bracket; it is named once.
		expect(error).toBeInstanceOf(SessionSyntaxError);
		expect((error as Error).message).toBe('reel.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]');
	});

	test('distinct problems: the message is the first with a count, the list keeps them all', () => {
		const text = doc(`tracks:\n${Array.from({ length: 30 }, (_, i) => `\t- id: t${i}\n`).join('')}`);
		let error: unknown;
		try {
			parseSession(text, 'reel.yaml');
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(ProblemList);
		const list = error as ProblemList;
		expect(list.problems.length).toBeGreaterThan(1);
		expect(list.problems.every((p) => p instanceof SessionSyntaxError)).toBe(true);
		expect(list.message).toBe(`reel.yaml:3:1: Tabs are not allowed as indentation … and ${list.problems.length - 1} more (dubdesk check lists them)`);
		expect(list.message).not.toContain('\n');
	});
});
