// `dubdesk duck` on a synthesised scene: the lines it finds, the loudness difference it reaches
// (measured with the project's meter on rendered stems, against the scene's known lines), what
// it leaves alone, and that a second run writes the same file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli } from '../helpers/cli.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { LINES, SR, renderStems, shortTermTrack, writeScene } from './scene.js';

let dir: string;
let file: string;
let before: Record<string, Float64Array[]>;
let after: Record<string, Float64Array[]>;
let firstRun: { code: number; stdout: string; stderr: string };
let written: string;
const RIDE = [[0, 0], [9, 0], [9.5, -2], [10, 0]];

beforeAll(async () => {
	dir = await makeTempDir('dubdesk-duck-');
	file = await writeScene(dir, { automation: { gain: RIDE } });
	before = await renderStems(file);
	firstRun = await cli(['duck', 'session.yaml', '--target', 'MX', '--key', 'DX'], dir);
	written = await readFile(file, 'utf8');
	after = await renderStems(file);
}, 60_000);

afterAll(async () => {
	await removeTempDir(dir);
});

const duckOf = (text: string): [number, number][] => parse(text).buses[1].automation.duck;

describe('dubdesk duck', () => {
	it('prints one line: the lines found and the deepest dip', () => {
		expect(firstRun.stderr).toBe('');
		expect(firstRun.code).toBe(0);
		const lines = firstRun.stdout.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^3 lines on DX, deepest dip -\d+\.\d dB on MX; wrote \d+ points to session\.yaml$/);
	});

	it('writes a sparse duck lane in seconds and keeps the gain ride', () => {
		const doc = parse(written);
		expect(doc.buses[1].automation.gain).toEqual(RIDE);
		const duck = duckOf(written);
		// Four corners a line at most (ramps that meet share one).
		expect(duck.length).toBeGreaterThanOrEqual(8);
		expect(duck.length).toBeLessThanOrEqual(4 * LINES.length);
		for (const [t, v] of duck) {
			expect(typeof t).toBe('number');
			expect(v).toBeLessThanOrEqual(0);
			expect(v).toBeGreaterThanOrEqual(-15);
		}
	});

	it('keeps MX 10 LU under DX during each line (short-term, within 1 LU)', () => {
		const dx = shortTermTrack(after.DX!);
		const mx = shortTermTrack(after.MX!);
		const undipped = shortTermTrack(before.MX!);
		for (const [a, b] of LINES) {
			// Every 3 s window inside the line: entry k ends at (k + 1)·0.1 s.
			for (let end = a + 3; end <= b + 1e-9; end += 0.1) {
				const k = Math.round(end * 10) - 1;
				expect(dx[k]! - mx[k]!).toBeGreaterThanOrEqual(9);
				// And it was not already there: the score needed dipping.
				expect(dx[k]! - undipped[k]!).toBeLessThan(8);
			}
		}
	});

	it('has the dip complete at the start of each line', () => {
		const ratio = (i: number) => after.MX![0]![i]! / before.MX![0]![i]!;
		for (const [a, b] of LINES) {
			const start = Math.round(a * SR);
			const middle = Math.round(((a + b) / 2) * SR);
			// Away from the ride at 9–10 s, the dip is flat across the line.
			expect(ratio(start)).toBeLessThan(0.5);
			expect(20 * Math.log10(ratio(start))).toBeCloseTo(20 * Math.log10(ratio(middle)), 3);
		}
	});

	it('leaves the gaps bit for bit, and DX everywhere', () => {
		const lane = duckOf(written);
		const first = lane[0]![0];
		expect(first).toBeGreaterThanOrEqual(LINES[0]![0] - 0.3 - 0.1 - 1e-9);
		const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
		for (let c = 0; c < before.DX!.length; c++) expect(same(after.DX![c]!, before.DX![c]!)).toBe(true);
		// Outside [start − preroll − a hop, end + release + a hop] nothing changed.
		const inRamp = (t: number) => LINES.some(([a, b]) => t >= a - 0.3 - 0.1 && t <= b + 0.8 + 0.1);
		let compared = 0;
		let differ = 0;
		for (let i = 0; i < before.MX![0]!.length; i++) {
			if (inRamp(i / SR)) continue;
			for (let c = 0; c < before.MX!.length; c++) if (!Object.is(after.MX![c]![i], before.MX![c]![i])) differ++;
			compared++;
		}
		expect(differ).toBe(0);
		expect(compared).toBeGreaterThan(5 * SR);
	});

	it('writes the same file when run again (idempotent)', async () => {
		const again = await cli(['duck', 'session.yaml', '--target', 'MX', '--key', 'DX'], dir);
		expect(again.code).toBe(0);
		expect(again.stdout).toMatch(/; session\.yaml unchanged$/m);
		expect(await readFile(file, 'utf8')).toBe(written);
	});

	it('--dry-run prints a line per dip and writes nothing', async () => {
		const copy = join(dir, 'dry');
		await mkdir(copy, { recursive: true });
		const f = await writeScene(copy);
		const original = await readFile(f, 'utf8');
		const run = await cli(['duck', 'session.yaml', '--target', 'MX', '--key', 'DX', '--dry-run'], copy);
		expect(run.code).toBe(0);
		const rows = run.stdout.trim().split('\n');
		expect(rows[0]).toMatch(/^line\s+start\s+end\s+dip$/);
		expect(rows.slice(1, 4).map((r) => r.trim().split(/\s+/).slice(1, 3))).toEqual([
			['01:00:03:00', '01:00:07:12'],
			['01:00:11:00', '01:00:16:12'],
			['01:00:21:00', '01:00:26:00'],
		]);
		expect(rows[4]).toMatch(/nothing written \(--dry-run\)$/);
		expect(await readFile(f, 'utf8')).toBe(original);
	});
});
