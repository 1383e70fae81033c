// dubdesk deliver on a 5.1 master: the stereo fold-down is ITU-R BS.775 of the printmaster
// (L + 0.7071·C + 0.7071·Ls, LFE dropped), computed here from the files; when normalisation
// needs the limiter it is on the printmaster alone, the fold-down and stems keep the plain gain,
// and the report says the nulls mean nothing then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { readWav } from '../helpers/read-wav.js';
import { referenceMix, type RefSession } from '../helpers/reference-mix.js';
import { deliveryFixture, maxDiff, readReport, scaled, SECONDS, setDeliverables, SR, START_SAMPLES } from './fixture.js';

const F = Math.SQRT1_2;

/** BS.775 fold-down, written out here: L' = L + F·C + F·Ls, R' = R + F·C + F·Rs. */
function fold(x: Float64Array[]): Float64Array[] {
	const [l, r, c, , ls, rs] = x as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
	return [Float64Array.from(l, (v, i) => v + F * c[i]! + F * ls[i]!), Float64Array.from(r, (v, i) => v + F * c[i]! + F * rs[i]!)];
}

const peak = (x: Float64Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

let dir: string;
let sessionFile: string;
let reference: RefSession;

beforeAll(async () => {
	dir = await makeTempDir();
	({ sessionFile, reference } = await deliveryFixture(dir, [], { format: '5.1' }));
});
afterAll(() => removeTempDir(dir));

describe('dubdesk deliver, 5.1', () => {
	it('writes the 5.1 printmaster with a 5.1 mask, and its fold-down as BS.775 of it', async () => {
		setDeliverables(sessionFile, [
			{ name: 'PM51', format: '5.1', normalize: -30, bitDepth: '32f' },
			{ name: 'PM20', format: 'stereo', bitDepth: '32f' },
		]);
		const out = join(dir, 'quiet');
		const run = await cli(['deliver', sessionFile, '-o', out]);
		expect(run.code, run.stderr).toBe(0);
		const pm = readWav(join(out, 'PM51.wav'));
		const fd = readWav(join(out, 'PM20.wav'));
		expect({ channels: pm.channels, mask: pm.channelMask, tr: pm.timeReference }).toEqual({ channels: 6, mask: 0x3f, tr: START_SAMPLES });
		expect({ channels: fd.channels, tr: fd.timeReference }).toEqual({ channels: 2, tr: START_SAMPLES });
		// Surround and centre carry signal, so the fold-down is not just L and R.
		expect(peak(pm.samples[4]!)).toBeGreaterThan(0.01);
		expect(maxDiff(fd.samples, fold(pm.samples))).toBeLessThan(4 * 2 ** -22);
		const report = readReport(out);
		expect(report.deliverables.map((d) => [d.name, d.format, d.channels])).toEqual([
			['PM51', '5.1', 6],
			['PM20', 'stereo', 2],
		]);
		expect(report.checks.find((c) => c.check === 'fold-down is BS.775 of the printmaster')).toMatchObject({ passed: true });
		expect(report.checks.find((c) => c.check === 'fold-down loudness')).toMatchObject({ passed: null });
	}, 60_000);

	it('limits the printmaster alone: the fold-down and the stems take its gain unlimited', async () => {
		setDeliverables(sessionFile, [
			{ name: 'PM51', format: '5.1', normalize: -10, bitDepth: '32f' },
			{ name: 'PM20', format: 'stereo', bitDepth: '32f' },
			{ name: 'DX', bus: 'DX', bitDepth: '32f' },
			{ name: 'MX', bus: 'MX', bitDepth: '32f' },
			{ name: 'FX', bus: 'FX', bitDepth: '32f' },
		]);
		const out = join(dir, 'hot');
		const run = await cli(['deliver', sessionFile, '-o', out]);
		const report = readReport(out);
		expect(report.printmaster!.limiterMaxReductionDb).toBeGreaterThan(1);
		const pm = report.deliverables[0]!;
		expect(pm.loudness.truePeak!).toBeLessThanOrEqual(-1 + 0.05);
		expect(run.code, run.stderr).toBe(pm.spec!.met ? 0 : 3);
		// The plain gain (the first normalisation pass's, before any correction) on the reference mix.
		const ref = referenceMix(reference, 0, SECONDS * SR);
		const g = report.deliverables[2]!.gainDb;
		const dx = readWav(join(out, 'DX.wav'));
		expect(maxDiff(dx.samples, scaled(ref.stems.DX!, g))).toBeLessThan(0.01 * peak(dx.samples[2]!));
		const fd = readWav(join(out, 'PM20.wav'));
		// Unlimited: the fold-down's peak is the click, over the ceiling the printmaster was held under.
		expect(20 * Math.log10(peak(fd.samples[0]!))).toBeGreaterThan(-1);
		expect(report.deliverables.every((d) => d.gainDb === g)).toBe(true);
		const stems = report.checks.find((c) => c.check === 'stems sum to the printmaster')!;
		expect(stems.passed).toBeNull();
		expect(stems.note).toMatch(/not meaningful: PM51 went through the normalisation limiter/);
		expect(report.checks.find((c) => c.check === 'fold-down is BS.775 of the printmaster')).toMatchObject({ passed: null });
	}, 60_000);
});
