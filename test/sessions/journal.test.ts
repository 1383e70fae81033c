import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { addMarker, removeTrack, setBusGain, setTrackGain, setTrackMute, setTrackPan } from '../../sessions/edit.js';
import { UserError } from '../../sessions/errors.js';
import { Journal, journalPath, replayJournal } from '../../sessions/journal.js';
import { applyOps, decodeLine, diffDocs, encodeLine } from '../../sessions/journal-ops.js';
import type { Session } from '../../sessions/types.js';
import { deepFreeze, emptySession, richSession } from './fixtures.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A deep copy through JSON with infinities kept, as replay gets it. */
const copy = <T>(v: T): T => decodeLine(encodeLine(v).trimEnd()) as T;
const replayFile = (path: string) => replayJournal(readFileSync(path, 'utf8'));

describe('diffDocs and applyOps', () => {
	test('a fader move is one operation on its path', () => {
		const a = deepFreeze(richSession());
		const b = setTrackGain(a, 'mx_1', -6.5);
		expect(diffDocs(a, b)).toEqual([[['tracks', 1, 'gain'], -6.5]]);
	});

	test('replaying the difference gives the edited document, for edits of every kind', () => {
		const base = deepFreeze(richSession());
		const edits: [string, (s: Session) => Session][] = [
			['gain', (s) => setTrackGain(s, 'dx1', -12)],
			['closed fader', (s) => setTrackGain(s, 'dx1', -Infinity)],
			['several at once', (s) => setTrackMute(setTrackPan(setBusGain(s, 'DX', -4), 'mx_1', 0.5), 'dx1', true)],
			['marker added (splice)', (s) => addMarker(s, 12, 'new line')],
			['track removed (splice)', (s) => removeTrack(s, 'dx1')],
			['key removed', (s) => ({ ...s, loop: undefined })],
			['key added', (s) => ({ ...s, tracks: s.tracks.map((t, i) => (i === 1 ? { ...t, name: 'Music' } : t)) })],
			['whole new document', () => emptySession()],
		];
		for (const [name, edit] of edits) {
			const after = edit(base);
			// Written by hand: the expected document is the edit's own result, not the journal's.
			const replayed = applyOps(copy(base), copy(diffDocs(base, after)));
			// toEqual treats a key holding undefined as absent, as the journal does.
			expect(replayed, name).toEqual(after);
		}
	});

	test('a random walk of edits replays step by step', () => {
		let seed = 7;
		const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		let doc = richSession();
		let replay = copy(doc);
		for (let i = 0; i < 300; i++) {
			const before = doc;
			const r = rand();
			if (r < 0.4) doc = setTrackGain(doc, rand() < 0.5 ? 'dx1' : 'mx_1', Math.round(rand() * 40 - 30) / 2);
			else if (r < 0.6) doc = setTrackPan(doc, 'dx1', Math.round(rand() * 20 - 10) / 10);
			else if (r < 0.8) doc = addMarker(doc, Math.round(rand() * 100), `m${i}`);
			else if (doc.markers.length > 0) doc = { ...doc, markers: doc.markers.filter((_, k) => k !== Math.floor(rand() * doc.markers.length)) };
			replay = applyOps(replay, copy(diffDocs(before, doc))) as Session;
		}
		expect(replay).toEqual(doc);
	});

	test('a bad operation changes nothing and throws', () => {
		const doc = { a: { b: 1 }, list: [1, 2] };
		expect(() => applyOps(doc, [[['a', 'b'], 2], [['nope', 'x'], 3]])).toThrow(/no nope/);
		expect(doc).toEqual({ a: { b: 1 }, list: [1, 2] });
		expect(() => applyOps(doc, [[['list'], 5, 1, []]])).toThrow(/out of range/);
		expect(() => applyOps(doc, [[['__proto__', 'x'], 1]])).toThrow(/bad path/);
		expect(() => applyOps(doc, 'ops')).toThrow(/not a list/);
	});

	test('infinities survive a line', () => {
		expect(encodeLine({ g: -Infinity })).toBe('{"g":{"$num":"-Infinity"}}\n');
		expect(decodeLine('{"g":{"$num":"-Infinity"},"h":[{"$num":"Infinity"}]}')).toEqual({ g: -Infinity, h: [Infinity] });
	});
});

let dir: string;
let sessionPath: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'dubdesk-journal-'));
	sessionPath = join(dir, 'reel1.yaml');
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('Journal', () => {
	test('sits beside the session, hidden', () => {
		expect(journalPath('/mix/reel1.yaml')).toBe('/mix/.reel1.yaml.journal');
	});

	test('the first edit is on disk before record returns; later ones within the interval', async () => {
		const journal = new Journal(sessionPath, { intervalMs: 50 });
		const s1 = setTrackGain(richSession(), 'dx1', -6);
		journal.record(s1);
		expect(replayFile(journal.path)?.doc).toEqual(s1);
		const s2 = setTrackGain(s1, 'dx1', -7);
		journal.record(s2);
		// Inside the interval: pending for at most 50 ms.
		expect(replayFile(journal.path)?.doc).toEqual(s1);
		await sleep(100);
		expect(replayFile(journal.path)?.doc).toEqual(s2);
		expect(replayFile(journal.path)?.pid).toBe(process.pid);
		journal.close();
		await journal.idle();
	});

	test('a fader ride of 100 edits a second becomes about one line per 50 ms, and every value lands', async () => {
		const journal = new Journal(sessionPath, { intervalMs: 50 });
		let doc = richSession();
		const started = Date.now();
		for (let i = 0; i < 100; i++) {
			doc = setTrackGain(doc, 'dx1', -20 + i * 0.1);
			journal.record(doc);
			await sleep(10);
		}
		const elapsed = Date.now() - started;
		await sleep(80);
		const content = replayFile(journal.path)!;
		expect(content.doc).toEqual(doc);
		expect(content.lines).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 2);
		expect(content.lines).toBeGreaterThan(3);
		journal.close();
		await journal.idle();
	});

	test('flush writes a pending edit at once', async () => {
		const journal = new Journal(sessionPath, { intervalMs: 60_000 });
		journal.record(emptySession());
		const s = { ...emptySession(), name: 'B' };
		journal.record(s);
		journal.flush();
		expect(replayFile(journal.path)?.doc).toEqual(s);
		journal.close();
		await journal.idle();
	});

	test('a torn last line is ignored; a damaged line in the middle ends the replay there, with a note', () => {
		const journal = new Journal(sessionPath, { intervalMs: 0, sync: false });
		const s1 = setTrackGain(richSession(), 'dx1', -1);
		const s2 = setTrackGain(s1, 'dx1', -2);
		journal.record(s1);
		journal.record(s2);
		journal.close();
		const whole = readFileSync(journalPath(sessionPath), 'utf8');
		// A crash in the middle of writing the next line.
		appendFileSync(journalPath(sessionPath), '{"t":1,"ops":[[["tracks",0,"gain"],-');
		const torn = replayFile(journalPath(sessionPath))!;
		expect(torn.doc).toEqual(s2);
		expect(torn.damaged).toBeUndefined();
		// A whole last line without its newline still counts.
		writeFileSync(journalPath(sessionPath), `${whole}{"t":1,"ops":[[["tracks",0,"gain"],-3]]}`);
		expect((replayFile(journalPath(sessionPath))!.doc as Session).tracks[0]!.gain).toBe(-3);
		const lines = whole.split('\n');
		writeFileSync(journalPath(sessionPath), [lines[0], 'garbage', lines[1], ''].join('\n'));
		const damaged = replayFile(journalPath(sessionPath))!;
		expect(damaged.doc).toEqual(s1);
		expect(damaged.damaged).toMatch(/^line 2 is damaged/);
		expect(replayJournal('')).toBeUndefined();
		expect(replayJournal('{"t":1,"ops":[]}\n')).toBeUndefined();
	});

	test('compaction keeps the journal small and its content whole', async () => {
		const journal = new Journal(sessionPath, { intervalMs: 0, compactBytes: 4000 });
		let doc = richSession();
		let compactions = 0;
		let size = 0;
		for (let i = 0; i < 400; i++) {
			doc = setTrackGain(doc, 'dx1', -i / 10);
			journal.record(doc);
			// Appends only grow the file; it shrinks when a compacted one replaces it.
			const now = statSync(journal.path).size;
			if (now < size) compactions++;
			size = now;
			expect(replayFile(journal.path)!.doc).toEqual(doc);
			if (i % 50 === 0) await journal.idle();
		}
		await journal.idle();
		expect(compactions).toBeGreaterThan(2);
		expect(statSync(journal.path).size).toBeLessThan(4 * 4000);
		expect(existsSync(`${journal.path}.compact`)).toBe(false);
		journal.close();
		await journal.idle();
	});

	test('nothing is written while paused; discard removes only its own file', async () => {
		let paused = true;
		const journal = new Journal(sessionPath, { intervalMs: 0, paused: () => paused });
		journal.record(emptySession());
		expect(existsSync(journal.path)).toBe(false);
		paused = false;
		journal.record(richSession());
		expect(replayFile(journal.path)?.doc).toEqual(richSession());
		journal.discard();
		expect(existsSync(journal.path)).toBe(false);

		// A journal another writer put in place is left alone.
		journal.record(emptySession());
		writeFileSync(`${journal.path}.other`, 'theirs\n');
		renameSync(`${journal.path}.other`, journal.path);
		journal.discard();
		expect(readFileSync(journal.path, 'utf8')).toBe('theirs\n');
		await journal.idle();
	});

	test('a failing disk is reported once, never thrown, and the journal starts when it works again', async () => {
		const errors: UserError[] = [];
		const inside = join(dir, 'gone');
		const journal = new Journal(join(inside, 'reel1.yaml'), { intervalMs: 0, onError: (e) => errors.push(e) });
		journal.record({ ...emptySession(), name: 'A' });
		journal.record({ ...emptySession(), name: 'B' });
		expect(errors.map((e) => e.message)).toEqual([`${journal.path}: cannot write the journal: no such file or directory`]);
		mkdirSync(inside);
		const last = { ...emptySession(), name: 'C' };
		journal.record(last);
		expect(replayFile(journal.path)?.doc).toEqual(last);
		journal.close();
		await journal.idle();
	});
});
