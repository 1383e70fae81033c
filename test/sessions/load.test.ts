import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ProblemList, SessionError, UserError } from '../../sessions/errors.js';
import { SessionSyntaxError, loadSession, parseSession, validateSession } from '../../sessions/load.js';
import type { Session } from '../../sessions/types.js';
import { RICH_YAML, emptySession, richSession } from './fixtures.js';

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

/** A minimal valid document followed by `rest` (YAML lines). */
const doc = (rest: string) => `dubdesk: 1\n${rest}`;

describe('parseSession', () => {
	test('reads every field and fills defaults', () => {
		expect(parseSession(RICH_YAML, 'reel.yaml')).toEqual(richSession());
	});

	test('the smallest session is just the version', () => {
		expect(parseSession('dubdesk: 1\n', 'x.yaml')).toEqual(emptySession());
	});

	test('an alias without its anchor is named', () => {
		expect(problems('dubdesk: 1\nname: *foo\n')).toEqual(['reel.yaml: cannot read the YAML: Unresolved alias (the anchor must be set before the alias): foo']);
	});

	test('one problem is a SessionError with its file and path', () => {
		let error: unknown;
		try {
			parseSession(doc('tracks:\n  - id: a\n    gain: loud\n'), 'reel.yaml');
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(SessionError);
		expect(error).not.toBeInstanceOf(ProblemList);
		expect((error as SessionError).file).toBe('reel.yaml');
		expect((error as SessionError).path).toBe('tracks[0].gain');
		expect((error as SessionError).message).toBe('reel.yaml: tracks[0].gain: expected decibels (a number) or -.inf, got "loud"');
	});

	test('several problems are one ProblemList, every one named', () => {
		let error: unknown;
		try {
			parseSession(doc('name: 5\ntracks:\n  - { id: a, pan: 2, colour: red }\n'), 'r.yaml');
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(ProblemList);
		expect((error as ProblemList).problems.map((p) => p.message)).toEqual([
			'r.yaml: name: expected text, got 5',
			'r.yaml: tracks[0].pan: expected a number ≤ 1, got 2',
			'r.yaml: tracks[0].colour: unknown key',
		]);
	});
});

describe('YAML syntax errors name file, line and column', () => {
	test.each([
		['dubdesk: 1\nname: a\nname: b\n', 'reel.yaml:3:1: Map keys must be unique'],
		['dubdesk: 1\ntracks:\n\t- id: a\n', 'reel.yaml:3:1: Tabs are not allowed as indentation'],
		['dubdesk: 1\ntracks:\n  - id: a\n   gain: 2\n', 'reel.yaml:4:1: Sequence item without - indicator'],
		['dubdesk: 1\nmarkers: [{ at: 1 }\nname: x\n', 'reel.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
	])('%j', (text, message) => {
		const [first] = problems(text);
		expect(first).toBe(message);
		expect(() => parseSession(text, 'reel.yaml')).toThrow(SessionSyntaxError);
	});
});

describe('document problems name the exact path', () => {
	test.each([
		// Shape and version.
		['', ['reel.yaml: expected a dubdesk session (a mapping starting with "dubdesk: 1"), got nothing']],
		['- 1\n', ['reel.yaml: expected a dubdesk session (a mapping starting with "dubdesk: 1"), got a list']],
		['name: x\n', ['reel.yaml: dubdesk: missing: a dubdesk session starts with its format version, e.g. "dubdesk: 1"']],
		['dubdesk: 2\n', ['reel.yaml: dubdesk: written by a newer dubdesk (format 2); this one reads up to 1']],
		// Unknown keys.
		[doc('colour: red\n'), ['reel.yaml: colour: unknown key']],
		[doc('tracks:\n  - id: a\n    colour: red\n'), ['reel.yaml: tracks[0].colour: unknown key']],
		[
			doc('tracks:\n  - id: a\n    clips:\n      - { file: a.wav, fadein: 1 }\n'),
			['reel.yaml: tracks[0].clips[0].fadein: unknown key (did you mean fadeIn?)'],
		],
		[doc('master: { format: stereo, gian: 0 }\n'), ['reel.yaml: master.gian: unknown key (did you mean gain?)']],
		[doc('tracks: [{ id: a, automation: { volume: [] } }]\n'), ['reel.yaml: tracks[0].automation.volume: unknown lane (expected gain, pan, mute, send.BUS, or a strip parameter such as trim, eq.0.gain, hpf.freq, compressor.threshold)']],
		// Wrong types and ranges.
		[doc('sampleRate: 44100.5\n'), ['reel.yaml: sampleRate: expected a whole number, got 44100.5']],
		[doc('sampleRate: 4000\n'), ['reel.yaml: sampleRate: expected a number ≥ 8000, got 4000']],
		[doc('frameRate: 23.98\n'), ['reel.yaml: frameRate: expected one of 23.976, 24, 25, 29.97, "29.97df", 30, got 23.98']],
		[doc('start: "1:00:00"\n'), ['reel.yaml: start: expected a timecode "HH:MM:SS:FF", got "1:00:00"']],
		[doc('master: { format: "7.1" }\n'), ['reel.yaml: master.format: expected one of "stereo", "5.1", got "7.1"']],
		[doc('buses: { DX: 1 }\n'), ['reel.yaml: buses: expected a list, got a mapping']],
		[doc('buses: [{ id: "d x" }]\n'), ['reel.yaml: buses[0].id: expected an id of letters, digits, "_", "-" or "." (up to 32), got "d x"']],
		[doc('tracks: [{ id: a, mute: yes }]\n'), ['reel.yaml: tracks[0].mute: expected true or false, got "yes"']],
		[doc('tracks: [{ id: a, gain: 30 }]\n'), ['reel.yaml: tracks[0].gain: expected a number ≤ 24, got 30']],
		[doc('tracks: [{ id: a, gain: }]\n'), ['reel.yaml: tracks[0].gain: expected decibels (a number) or -.inf, got nothing']],
		[doc('tracks: [{ name: a }]\n'), ['reel.yaml: tracks[0].id: missing; expected text']],
		[
			doc('tracks:\n  - id: a\n    clips:\n      - { file: a.wav }\n      - { file: b.wav }\n      - { file: c.wav, fadeIn: -1 }\n'),
			['reel.yaml: tracks[0].clips[2].fadeIn: expected a number ≥ 0, got -1'],
		],
		[doc('tracks: [{ id: a, clips: [{ at: 3 }] }]\n'), ['reel.yaml: tracks[0].clips[0].file: missing; expected text']],
		[doc('tracks: [{ id: a, clips: [{ file: "" }] }]\n'), ['reel.yaml: tracks[0].clips[0].file: must not be empty']],
		[doc('tracks: [{ id: a, clips: [{ file: a, length: 0 }] }]\n'), ['reel.yaml: tracks[0].clips[0].length: expected a number > 0, got 0']],
		[
			doc('tracks: [{ id: a, clips: [{ file: a, at: -1 }] }]\n'),
			['reel.yaml: tracks[0].clips[0].at: expected a number ≥ 0, got -1'],
		],
		[
			doc('tracks: [{ id: a, clips: [{ file: a, at: true }] }]\n'),
			['reel.yaml: tracks[0].clips[0].at: expected seconds (a number ≥ 0) or a timecode "HH:MM:SS:FF", got true'],
		],
		[doc('markers: [{ name: x }]\n'), ['reel.yaml: markers[0].at: missing; expected seconds (a number ≥ 0) or a timecode "HH:MM:SS:FF"']],
		[doc('tracks: [{ id: a, automation: { gain: [[1]] } }]\n'), ['reel.yaml: tracks[0].automation.gain[0]: expected a [time, value] pair, got a list of 1']],
		[doc('tracks: [{ id: a, automation: { gain: [3] } }]\n'), ['reel.yaml: tracks[0].automation.gain[0]: expected a [time, value] pair, got 3']],
		[doc('tracks: [{ id: a, automation: { mute: [[0, 2]] } }]\n'), ['reel.yaml: tracks[0].automation.mute[0][1]: expected 0 or 1, got 2']],
		[doc('tracks: [{ id: a, automation: { pan: [[0, -1.5]] } }]\n'), ['reel.yaml: tracks[0].automation.pan[0][1]: expected a number ≥ -1, got -1.5']],
		[doc('loop: { from: 1 }\n'), ['reel.yaml: loop.to: missing; expected seconds (a number ≥ 0) or a timecode "HH:MM:SS:FF"']],
	])('%j', (text, expected) => {
		expect(problems(text)).toEqual(expected);
	});
});

describe('semantic checks', () => {
	test.each([
		[doc('buses: [{ id: DX }, { id: DX }]\n'), ['reel.yaml: buses[1].id: "DX" is already the id of buses[0]']],
		[doc('tracks: [{ id: a }, { id: b }, { id: a }]\n'), ['reel.yaml: tracks[2].id: "a" is already the id of tracks[0]']],
		[doc('buses: [{ id: master }]\n'), ['reel.yaml: buses[0].id: "master" is reserved for the master bus']],
		[doc('tracks: [{ id: master }]\n'), ['reel.yaml: tracks[0].id: "master" is reserved for the master bus']],
		[
			doc('buses: [{ id: DX }]\ntracks: [{ id: a }, { id: b, output: FX }]\n'),
			['reel.yaml: tracks[1].output: no bus "FX" to route to (expected one of: master, DX)'],
		],
		[doc('buses: [{ id: DX, output: Dx }]\n'), ['reel.yaml: buses[0].output: no bus "Dx" to route to (expected one of: master, DX)']],
		[doc('buses: [{ id: DX, output: DX }]\n'), ['reel.yaml: buses[0].output: routing cycle: DX → DX']],
		[
			doc('buses: [{ id: A }, { id: DX, output: MX }, { id: MX, output: FX }, { id: FX, output: DX }]\n'),
			['reel.yaml: buses[1].output: routing cycle: DX → MX → FX → DX'],
		],
		[
			// Two cycles, each named once, starting from the bus that comes first.
			doc('buses: [{ id: A, output: B }, { id: B, output: C }, { id: C, output: B }, { id: D, output: E }, { id: E, output: D }]\n'),
			['reel.yaml: buses[1].output: routing cycle: B → C → B', 'reel.yaml: buses[3].output: routing cycle: D → E → D'],
		],
		[
			doc('tracks: [{ id: a, automation: { gain: [[0, 0], [5, -3], [5, -6], [4, 0]] } }]\n'),
			["reel.yaml: tracks[0].automation.gain[3]: time 4 is before the previous point's 5; points must be in time order"],
		],
		[
			doc('start: "01:00:00:00"\ntracks: [{ id: a, automation: { pan: [["01:00:10:00", 0], [9, 1]] } }]\n'),
			['reel.yaml: tracks[0].automation.pan[1]: time 9 is before the previous point\'s "01:00:10:00"; points must be in time order'],
		],
		[
			doc('start: "01:00:00:00"\ntracks: [{ id: a, clips: [{ file: a, at: "00:59:59:23" }] }]\n'),
			['reel.yaml: tracks[0].clips[0].at: timecode "00:59:59:23": before the session start 01:00:00:00'],
		],
		[
			doc('frameRate: 25\ntracks: [{ id: a, automation: { mute: [["00:00:00:25", 1]] } }]\n'),
			['reel.yaml: tracks[0].automation.mute[0][0]: timecode "00:00:00:25": frames must be below 25 at 25 fps'],
		],
		[
			doc('frameRate: 29.97df\nstart: "00:01:00;00"\n'),
			[
				'reel.yaml: start: timecode "00:01:00;00": this frame does not exist in drop-frame timecode (frames 0 and 1 are skipped each minute except every tenth)',
			],
		],
		[
			doc('frameRate: 24\nmarkers: [{ at: 3 }, { at: "00:00:01;00" }]\n'),
			['reel.yaml: markers[1].at: timecode "00:00:01;00": ";" marks drop-frame timecode but the frame rate is 24; use ":"'],
		],
		[doc('loop: { from: 10, to: 10 }\n'), ['reel.yaml: loop: from (10) must be before to (10)']],
		[doc('start: "01:00:00:00"\nloop: { from: 12, to: "01:00:11:00" }\n'), ['reel.yaml: loop: from (12) must be before to ("01:00:11:00")']],
	])('%j', (text, expected) => {
		expect(problems(text)).toEqual(expected);
	});

	test('all semantic problems are reported together', () => {
		const text = doc('buses: [{ id: DX, output: DX }, { id: DX }]\ntracks: [{ id: a, output: nowhere }]\nloop: { from: 2, to: 1 }\n');
		expect(problems(text)).toHaveLength(4);
	});

	test('validateSession lists problems of an in-memory session and nothing for a sound one', () => {
		expect(validateSession(richSession(), 'reel.yaml')).toEqual([]);
		const broken: Session = { ...emptySession(), buses: [{ id: 'A', output: 'B', gain: 0, mute: false }] };
		const found = validateSession(broken, 'mem');
		expect(found.map((e) => [e.file, e.path, e.problem])).toEqual([['mem', 'buses[0].output', 'no bus "B" to route to (expected one of: master, A)']]);
	});
});

describe('loadSession', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'dubdesk-load-'));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	test('reads a file', async () => {
		const path = join(dir, 'reel.yaml');
		await writeFile(path, RICH_YAML);
		expect(await loadSession(path)).toEqual(richSession());
	});

	test('problems name the path as given', async () => {
		const path = join(dir, 'bad.yaml');
		await writeFile(path, 'dubdesk: 1\ncolour: red\n');
		await expect(loadSession(path)).rejects.toThrow(`${path}: colour: unknown key`);
	});

	test('a missing file is a SessionError naming it', async () => {
		const path = join(dir, 'nope.yaml');
		await expect(loadSession(path)).rejects.toThrow(new SessionError(path, '', 'cannot read the session: no such file or directory'));
	});
});
