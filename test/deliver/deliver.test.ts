// dubdesk deliver on a stereo master: every file with its channels, bit depth and BWF stamp, the
// printmaster normalised and its gain shared by the M&E and the stems (checked against the
// independent reference mixer), the nulls computed here from the files, the report's keys,
// the loudness JSON equal to `dubdesk loudness --json`, the true peak's timecode, and --only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { runCli } from '../../source/run-cli.js';
import { join } from 'node:path';
import { cli, type CliRun } from '../helpers/cli.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { readWav, type ParsedWav } from '../helpers/read-wav.js';
import { referenceMix, type RefSession } from '../helpers/reference-mix.js';
import { measureWavFile } from '../../engine/loudness/measure-file.js';
import { loudnessJson } from '../../source/commands/loudness.js';
import { deliveryFixture, listDir, maxDiff, readReport, SECONDS, SR, START_SAMPLES, type ReportJson } from './fixture.js';

const DELIVERABLES = [
	{ name: 'PM', normalize: -20 },
	{ name: 'ME', without: ['DX'], bitDepth: '32f' },
	{ name: 'DX', bus: 'DX', bitDepth: 16 },
	{ name: 'MX', bus: 'MX' },
	{ name: 'FX', bus: 'FX', bitDepth: '32f' },
];
/** Worst quantisation error of one sample (TPDF dither ±1 LSB plus rounding). */
const Q16 = 1.5 / 32768;
const Q24 = 1.5 / 8388608;
const Q32F = 2 ** -22;

let dir: string;
let sessionFile: string;
let reference: RefSession;
let out: string;
let run: CliRun;
let report: ReportJson;
const wav: Record<string, ParsedWav> = {};

beforeAll(async () => {
	dir = await makeTempDir();
	({ sessionFile, reference } = await deliveryFixture(dir, DELIVERABLES));
	out = join(dir, 'out');
	run = await cli(['deliver', sessionFile, '-o', out]);
	report = readReport(out);
	for (const d of DELIVERABLES) wav[d.name] = readWav(join(out, `${d.name}.wav`));
}, 60_000);
afterAll(() => removeTempDir(dir));

/** Least-squares gain taking `ref` to `got`. */
function fitGain(got: ArrayLike<number>[], ref: ArrayLike<number>[]): number {
	let num = 0;
	let den = 0;
	got.forEach((ch, c) => {
		for (let i = 0; i < ch.length; i++) {
			num += ch[i]! * ref[c]![i]!;
			den += ref[c]![i]! ** 2;
		}
	});
	return num / den;
}

const times = (x: ArrayLike<number>[], g: number) => x.map((ch) => Float64Array.from(ch, (v) => v * g));

describe('dubdesk deliver', () => {
	it('writes every file, stereo, at its bit depth, stamped with the session start, and the report', () => {
		expect(run.code, run.stderr).toBe(0);
		expect(listDir(out)).toEqual(['DX.wav', 'FX.wav', 'ME.wav', 'MX.wav', 'PM.wav', 'report.json', 'report.svg', 'report.txt']);
		const bits: Record<string, [number, number]> = { PM: [1, 24], ME: [3, 32], DX: [1, 16], MX: [1, 24], FX: [3, 32] };
		for (const [name, [format, depth]] of Object.entries(bits)) {
			const w = wav[name]!;
			expect({ name, format: w.format, bits: w.bits, channels: w.channels, rate: w.sampleRate }).toEqual({ name, format, bits: depth, channels: 2, rate: SR });
			expect(w.timeReference).toBe(START_SAMPLES);
			expect(w.samples[0]!.length).toBe(SECONDS * SR);
		}
		expect(run.stdout).toMatch(/wrote .*PM\.wav \(stereo 24-bit, -20\.\d LUFS/);
		// Not a terminal: no progress, nothing on stderr.
		expect(run.stderr).toBe('');
	});

	it('gives the M&E and every stem the printmaster gain (against the reference mixer)', () => {
		const ref = referenceMix(reference, 0, SECONDS * SR);
		const g = fitGain(wav.FX!.samples, ref.stems.FX!);
		expect(20 * Math.log10(g)).toBeCloseTo(report.printmaster!.gainDb, 2);
		expect(report.printmaster!.gainDb).not.toBeCloseTo(0, 1);
		expect(maxDiff(wav.FX!.samples, times(ref.stems.FX!, g))).toBeLessThan(Q32F);
		expect(maxDiff(wav.DX!.samples, times(ref.stems.DX!, g))).toBeLessThan(Q16 + 1e-9);
		expect(maxDiff(wav.MX!.samples, times(ref.stems.MX!, g))).toBeLessThan(Q24 + 1e-9);
		const me = referenceMix({ ...reference, buses: reference.buses!.map((b) => (b.id === 'DX' ? { ...b, mute: true } : b)) }, 0, SECONDS * SR);
		expect(maxDiff(wav.ME!.samples, times(me.master, g))).toBeLessThan(Q32F);
		// No limiting was needed, so the printmaster is the reference master at that gain too.
		expect(report.printmaster!.limiterMaxReductionDb).toBe(0);
		expect(maxDiff(wav.PM!.samples, times(ref.master, g))).toBeLessThan(Q24 + 1e-9);
	});

	it('nulls: the stems sum to the printmaster, and M&E + DX is the printmaster', () => {
		const pm = wav.PM!.samples;
		const sum = pm.map((_, c) => Float64Array.from(pm[c]!, (_v, i) => wav.DX!.samples[c]![i]! + wav.MX!.samples[c]![i]! + wav.FX!.samples[c]![i]!));
		expect(maxDiff(pm, sum)).toBeLessThan(Q24 + Q16 + Q24 + Q32F);
		const me = pm.map((_, c) => Float64Array.from(pm[c]!, (_v, i) => wav.ME!.samples[c]![i]! + wav.DX!.samples[c]![i]!));
		expect(maxDiff(pm, me)).toBeLessThan(Q24 + Q32F + Q16);
		const check = (name: string) => report.checks.find((c) => c.check === name)!;
		expect(check('stems sum to the printmaster')).toMatchObject({ passed: true });
		expect(check('M&E plus its stems is the printmaster')).toMatchObject({ passed: true });
		expect(check('stems sum to the printmaster').residualPeakDbfs!).toBeLessThan(-80);
	});

	it('reports each file with the promised keys, the loudness JSON of `dubdesk loudness --json` and the spec', async () => {
		expect(report.deliverables.map((d) => d.name)).toEqual(DELIVERABLES.map((d) => d.name));
		for (const d of report.deliverables) {
			expect(Object.keys(d)).toEqual(expect.arrayContaining(['name', 'file', 'format', 'channels', 'bitDepth', 'loudness', 'truePeakAt', 'clippedSamples', 'spec']));
			expect(d.loudness).toEqual(loudnessJson((await measureWavFile(join(out, d.file))).report));
		}
		const pm = report.deliverables[0]!;
		expect(pm).toMatchObject({ file: 'PM.wav', format: 'stereo', channels: 2, bitDepth: 24, clippedSamples: 0 });
		expect(pm.spec).toEqual({ target: '-20 LUFS', targetLufs: -20, ceiling: -1, tolerance: 0.5, met: true, why: '' });
		expect(Math.abs(pm.loudness.integrated! + 20)).toBeLessThan(0.1);
		expect(report.deliverables[2]).toMatchObject({ bitDepth: 16, spec: null });
		expect(report.deliverables[1]).toMatchObject({ bitDepth: '32f' });
		expect(report.checks.filter((c) => c.check === 'samples over the ceiling').every((c) => c.passed === true)).toBe(true);
	});

	it('places the true peak on its timecode: the click at 2.5 s is 01:00:02:12', () => {
		expect(report.deliverables.find((d) => d.name === 'PM')!.truePeakAt).toBe('01:00:02:12');
		expect(report.deliverables.find((d) => d.name === 'DX')!.truePeakAt).toBe('01:00:02:12');
	});

	it('writes a readable report.txt with a short-term plot per file that fits 80 columns, and an SVG', () => {
		const text = readFileSync(join(out, 'report.txt'), 'utf8');
		for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
		for (const d of DELIVERABLES) expect(text).toContain(`${d.name}.wav`);
		expect(text.match(/short-term loudness \(LUFS\):/g)).toHaveLength(DELIVERABLES.length);
		expect(text).toMatch(/\n\s+-\d+ \|#*/);
		expect(text).toContain('01:00:00:00');
		// Checks say what was found: an `ok` ceiling line says there is no sample over it.
		expect(text).toMatch(/^ {2}ok {3}no sample over the ceiling \(-1\.0 dBFS\) in PM\.wav$/m);
		// The rate and the programme's start and end lead the report; each file gives its rate.
		expect(text.split('\n')[1]).toMatch(/^\d+(\.\d+)? kHz, [\d.]+ fps, 01:00:00:00 to \d\d:\d\d:\d\d:\d\d \(\d+\.\d{3} s\)$/);
		expect(text).toMatch(/^PM\.wav {2}printmaster, master, \S+, \d+(\.\d+)? kHz, \d+-bit/m);
		const svg = readFileSync(join(out, 'report.svg'), 'utf8');
		expect(svg.startsWith('<svg')).toBe(true);
		expect(svg.match(/<polyline/g)).toHaveLength(DELIVERABLES.length);
	});

	it('--only prints just the named files, the stems still at the printmaster gain', async () => {
		const only = join(dir, 'only');
		const r = await cli(['deliver', sessionFile, '-o', only, '--only', 'DX,MX']);
		expect(r.code, r.stderr).toBe(0);
		expect(listDir(only)).toEqual(['DX.wav', 'MX.wav', 'report.json', 'report.svg', 'report.txt']);
		expect(readFileSync(join(only, 'DX.wav')).equals(readFileSync(join(out, 'DX.wav')))).toBe(true);
		expect(readReport(only).deliverables.map((d) => d.name)).toEqual(['DX', 'MX']);
	}, 60_000);

	it('shows a progress bar for each pass on a terminal', async () => {
		const stderr = Object.assign(new Writable({ write: (c: Buffer, _e, done) => ((text += c.toString()), done()) }), { isTTY: true, columns: 80 });
		let text = '';
		const stdout = new Writable({ write: (_c, _e, done) => done() });
		const code = await runCli(['deliver', sessionFile, '-o', join(dir, 'tty'), '--only', 'MX'], { stdout, stderr, cwd: dir });
		expect(code).toBe(0);
		expect(text).toMatch(/deliver: measure \[#+/);
		expect(text).toMatch(/deliver: print \[#+-*\] +\d+%/);
		// The bar is cleared when each pass ends.
		expect(text.endsWith('\r\x1b[2K')).toBe(true);
	}, 60_000);
});
