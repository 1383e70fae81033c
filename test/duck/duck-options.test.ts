// `dubdesk duck` options and refusals: a track as target and key, --hold, --range keeping the
// lane outside it, and bad input (one line, exit 1, the file untouched), including a session
// another mixer holds or whose journal has unsaved edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli } from '../helpers/cli.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { acquireLock } from '../../sessions/lock.js';
import { journalPath } from '../../sessions/journal.js';
import { LINES, renderStems, shortTermTrack, writeScene } from './scene.js';

let dir: string;
let file: string;
let original: string;
const HAND = [[0.5, 0], [1, -4], [2, -4], [2.2, 0]];

beforeAll(async () => {
	dir = await makeTempDir('dubdesk-duck-options-');
	file = await writeScene(dir, { automation: { duck: HAND } });
	original = await readFile(file, 'utf8');
});

afterAll(async () => {
	await removeTempDir(dir);
});

const run = (...args: string[]) => cli(['duck', 'session.yaml', ...args], dir);

describe('dubdesk duck options', () => {
	it('takes tracks as target and key, and writes the track lane only', async () => {
		const r = await run('--target', 'mx1', '--key', 'dx1', '--dry-run');
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/3 lines on dx1, deepest dip -\d+\.\d dB on mx1/);
		const bus = await run('--target', 'MX', '--key', 'DX', '--dry-run');
		// mx1 is all of MX and dx1 all of DX (unity faders): the same dips.
		const dips = (text: string) => text.split('\n').filter((l) => /^\s+\d+\s/.test(l)).map((l) => l.trim().split(/\s+/)[3]);
		expect(dips(r.stdout)).toEqual(dips(bus.stdout));
		const wrote = await run('--target', 'mx1', '--key', 'dx1');
		expect(wrote.code).toBe(0);
		const doc = parse(await readFile(file, 'utf8'));
		expect(doc.tracks[1].automation.duck.length).toBeGreaterThanOrEqual(8);
		expect(doc.buses[1].automation.duck).toEqual(HAND);
		expect(doc.tracks[0].automation).toBeUndefined();
		await writeFile(file, original);
	});

	it('--hold shorter than a pause splits the line there', async () => {
		const r = await run('--target', 'MX', '--key', 'DX', '--hold', '0.3', '--dry-run');
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/^4 lines on DX/m);
	});

	it('--range writes inside the range and keeps the lane outside it', async () => {
		const r = await run('--target', 'MX', '--key', 'DX', '--range', '01:00:10:00-30');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/^2 lines on DX/);
		const duck: [number, number][] = parse(await readFile(file, 'utf8')).buses[1].automation.duck;
		expect(duck.slice(0, HAND.length)).toEqual(HAND);
		// Nothing new before the range: the first line (3–7.5 s) is not dipped.
		expect(duck.filter(([t]) => t > 2.2 && t < 10).every(([, v]) => v === 0)).toBe(true);
		expect(duck.some(([t, v]) => t >= 11 && t <= 16.5 && v < -3)).toBe(true);
		await writeFile(file, original);
	});

	it('says when the range holds no dialogue, and leaves the file as it was', async () => {
		const r = await run('--target', 'MX', '--key', 'DX', '--range', '8-10.5');
		expect(r.code).toBe(0);
		expect(r.stdout.trim()).toMatch(/^no dialogue found on DX \(speech gate -\d+\.\d LUFS\); session\.yaml unchanged$/);
		expect(await readFile(file, 'utf8')).toBe(original);
	});

	it('--dry-run says how far under the key a line that needs no dip already is', async () => {
		const r = await run('--target', 'MX', '--key', 'DX', '--difference', '1', '--dry-run');
		expect(r.code).toBe(0);
		const rows = r.stdout.split('\n').filter((l) => /^\s+\d+\s/.test(l));
		expect(rows).toHaveLength(LINES.length);
		// The reference: DX minus MX, short-term, over every 3 s window inside the line.
		const stems = await renderStems(file);
		const dx = shortTermTrack(stems.DX!);
		const mx = shortTermTrack(stems.MX!);
		LINES.forEach(([a, b], i) => {
			const m = /^\s+\d+\s+\S+\s+\S+\s+already (\d+\.\d) LU under$/.exec(rows[i]!);
			expect(m, rows[i]).not.toBeNull();
			const gaps: number[] = [];
			for (let end = a + 3; end <= b + 1e-9; end += 0.1) gaps.push(dx[Math.round(end * 10) - 1]! - mx[Math.round(end * 10) - 1]!);
			gaps.sort((x, y) => x - y);
			const under = Number(m![1]);
			expect(under).toBeGreaterThan(1);
			expect(Math.abs(under - gaps[gaps.length >> 1]!)).toBeLessThan(1.5);
		});
		expect(r.stdout).not.toMatch(/ 0\.0 dB/);
		expect(r.stdout).toMatch(/MX already 1 LU under each: no dip; nothing written/);
	});

	it('reads a negative --max-depth as a value', async () => {
		const r = await run('--target', 'MX', '--key', 'DX', '--max-depth', '-3', '--dry-run');
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/deepest dip -3\.0 dB/);
	});

	const bad: [string, string[], RegExp][] = [
		['an unknown id', ['--target', 'XX', '--key', 'DX'], /^dubdesk: --target XX: no bus or track "XX" \(buses and tracks: DX, MX, dx1, mx1\)$/],
		['the master', ['--target', 'MX', '--key', 'master'], /^dubdesk: --key master: the master cannot/],
		['key = target', ['--target', 'MX', '--key', 'MX'], /^dubdesk: --key MX: the key must be another bus or track than the target$/],
		['a key inside the target', ['--target', 'DX', '--key', 'dx1'], /^dubdesk: --key dx1 feeds --target DX/],
		['no --target', ['--key', 'DX'], /^dubdesk: duck: give the bus or track to dip with --target/],
		['no --key', ['--target', 'MX'], /^dubdesk: duck: give the bus or track it listens to with --key/],
		['a word for a number', ['--target', 'MX', '--key', 'DX', '--difference', 'ten'], /^dubdesk: --difference ten: not a number$/],
		['a positive depth', ['--target', 'MX', '--key', 'DX', '--max-depth', '5'], /^dubdesk: --max-depth 5: expected a dip in dB/],
		['no preroll', ['--target', 'MX', '--key', 'DX', '--preroll', '0'], /^dubdesk: --preroll 0: expected seconds from 0\.01 to 10/],
		['a backwards range', ['--target', 'MX', '--key', 'DX', '--range', '20-10'], /^dubdesk: --range 20-10: the start is not before the end$/],
		['a range that is not one', ['--target', 'MX', '--key', 'DX', '--range', '12'], /^dubdesk: --range 12: expected FROM-TO/],
		['a bad time in the range', ['--target', 'MX', '--key', 'DX', '--range', '1-x'], /^dubdesk: --range: "x" is not a time/],
	];
	for (const [what, args, message] of bad) {
		it(`refuses ${what} in one line, writing nothing`, async () => {
			const r = await run(...args);
			expect(r.code).toBe(1);
			expect(r.stdout).toBe('');
			expect(r.stderr.trim().split('\n')).toHaveLength(1);
			expect(r.stderr.trim()).toMatch(message);
			expect(await readFile(file, 'utf8')).toBe(original);
		});
	}

	it('refuses a session file that is not there, leaving no lock', async () => {
		const r = await cli(['duck', 'nope.yaml', '--target', 'MX', '--key', 'DX'], dir);
		expect(r.code).toBe(1);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(r.stderr).toMatch(/nope\.yaml/);
		expect(existsSync(join(dir, '.nope.yaml.lock'))).toBe(false);
	});

	it('refuses a session another mixer has open, naming it', async () => {
		const lock = acquireLock(file);
		try {
			const r = await run('--target', 'MX', '--key', 'DX');
			expect(r.code).toBe(1);
			expect(r.stderr).toMatch(new RegExp(`^dubdesk: .*session\\.yaml is open in another mixer \\(pid ${process.pid} on .*\\); quit that one first`));
			expect(await readFile(file, 'utf8')).toBe(original);
			// A mistyped id is said first, as it is (a dry run reads a locked session too).
			expect((await run('--target', 'XX', '--key', 'DX')).stderr).toMatch(/no bus or track "XX"/);
			expect((await run('--target', 'MX', '--key', 'DX', '--dry-run')).code).toBe(0);
		} finally {
			lock.release();
		}
	});

	it('refuses while a journal holds unsaved edits, and keeps the journal', async () => {
		const journal = journalPath(file);
		await new Promise((r) => setTimeout(r, 20));
		await writeFile(journal, '{"unsaved":true}\n');
		const r = await run('--target', 'MX', '--key', 'DX');
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/has unsaved changes from a mixer \(\.session\.yaml\.journal, .*\); open it to recover before ducking; nothing written$/m);
		expect(await readFile(journal, 'utf8')).toBe('{"unsaved":true}\n');
		expect(await readFile(file, 'utf8')).toBe(original);
		await import('node:fs/promises').then((fs) => fs.rm(journal));
		expect(join(dir, '.session.yaml.journal')).toBe(journal);
	});
});
