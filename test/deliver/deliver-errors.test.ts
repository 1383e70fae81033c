// dubdesk deliver's refusals and exit statuses: each bad input is one line and exit 1 before
// anything is written; a missed spec exits 3 with every file written and the line naming it;
// an interrupt exits 130 with nothing under the final names (nor staging files left behind).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { deliveryFixture, listDir, readReport, setDeliverables } from './fixture.js';
import { LOUDNESS_PRESET_NAMES } from '../../sessions/deliverables-schema.js';
import { LOUDNESS_PRESETS } from '../../engine/loudness/presets.js';

let dir: string;
let sessionFile: string;

beforeAll(async () => {
	dir = await makeTempDir();
	({ sessionFile } = await deliveryFixture(dir, [{ name: 'PM' }]));
});
afterAll(() => removeTempDir(dir));

const BAD: [string, unknown[] | undefined, string[], RegExp][] = [
	['an unknown bus in without', [{ name: 'ME', without: ['DX', 'VO'] }], [], /deliverables\[0\]\.without\[1\]: no bus VO in the session \(buses: DX, MX, FX\)/],
	['an unknown bus', [{ name: 'PM' }, { name: 'VO', bus: 'VO' }], [], /deliverables\[1\]\.bus: no bus VO/],
	['a 5.1 file of a stereo master', [{ name: 'PM51', format: '5.1' }], [], /deliverables\[0\]\.format: a 5\.1 file cannot come out of a stereo master/],
	['duplicate names', [{ name: 'PM' }, { name: 'pm', bus: 'DX' }], [], /deliverables\[1\]\.name: pm is already the name of deliverables\[0\]/],
	['a name that is not a file name', [{ name: '../PM' }], [], /deliverables\[0\]\.name: expected a file name of letters/],
	['no deliverables', undefined, [], /no deliverables: add a deliverables: list/],
	['an empty list', [], [], /no deliverables/],
	['an unknown --only name', [{ name: 'PM' }, { name: 'DX', bus: 'DX' }], ['--only', 'DX,XX'], /--only XX: no deliverable of that name .*\(PM, DX\)/],
	['an unknown preset', [{ name: 'PM', normalize: 'bbc' }], [], /deliverables\[0\]\.normalize: expected "ebu-r128" or .* or a number, got "bbc"/],
	['a bit depth it does not write', [{ name: 'PM', bitDepth: 8 }], [], /deliverables\[0\]\.bitDepth/],
];

describe('dubdesk deliver refuses bad input before writing anything', () => {
	it.each(BAD)('%s', async (_what, deliverables, extra, message) => {
		setDeliverables(sessionFile, deliverables);
		const out = join(dir, 'bad');
		const run = await cli(['deliver', sessionFile, '-o', out, ...extra]);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(message);
		expect(run.stderr.trim().split('\n')).toHaveLength(1);
		expect(existsSync(out)).toBe(false);
	});

	it('refuses a deliverable that would overwrite the session or its media', async () => {
		setDeliverables(sessionFile, [{ name: 'dx', bus: 'DX' }]);
		const run = await cli(['deliver', sessionFile, '-o', join(dir, 'media')]);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/media\/dx\.wav: is a media file of this session/);
	});

	it('refuses -o on a file, and a missing -o', async () => {
		setDeliverables(sessionFile, [{ name: 'PM' }]);
		writeFileSync(join(dir, 'plain'), 'x');
		expect((await cli(['deliver', sessionFile, '-o', join(dir, 'plain')])).stderr).toMatch(/is not a directory/);
		expect((await cli(['deliver', sessionFile])).stderr).toMatch(/give the directory for the files with -o DIR/);
	});

	it('takes the same presets as render --normalize', () => {
		expect([...LOUDNESS_PRESET_NAMES]).toEqual(LOUDNESS_PRESETS.map((p) => p.preset));
	});
});

describe('dubdesk deliver exit statuses', () => {
	it('exits 3 when a spec is missed, with every file and the report written and the line naming it', async () => {
		setDeliverables(sessionFile, [
			{ name: 'PM', spec: 'spotify' },
			{ name: 'DX', bus: 'DX' },
		]);
		const out = join(dir, 'missed');
		const run = await cli(['deliver', sessionFile, '-o', out]);
		expect(run.code).toBe(3);
		expect(run.stderr).toMatch(/spec not met: PM \(spotify not met: integrated -\d+\.\d LUFS is outside -14 ±1 LU\)/);
		expect(listDir(out)).toEqual(['DX.wav', 'PM.wav', 'report.json', 'report.svg', 'report.txt']);
		const pm = readReport(out).deliverables[0]!;
		expect(pm.spec).toMatchObject({ target: 'spotify', ceiling: -1, met: false });
		expect(pm.gainDb).toBe(0);
	}, 60_000);

	// The signal reads as aborted from its Nth look: in the print pass (writers open), and in the
	// read-back (the files complete under their staging names).
	it.each([
		['printing', 30],
		['reading the files back', 60],
	])('exits 130 on an interrupt while %s, leaving nothing under the final names and no staging files', async (_when, after) => {
		setDeliverables(sessionFile, [
			{ name: 'PM', normalize: 'ebu-r128' },
			{ name: 'DX', bus: 'DX' },
		]);
		const out = join(dir, `stopped-${after}`);
		let looks = 0;
		const signal = { get aborted() { return ++looks > after; } } as unknown as AbortSignal;
		const run = await cli(['deliver', sessionFile, '-o', out], process.cwd(), signal);
		expect(run.code).toBe(130);
		expect(run.stderr).toMatch(/interrupted/);
		expect(existsSync(out)).toBe(true);
		expect(listDir(out)).toEqual([]);
	}, 60_000);
});

describe('dubdesk check names a bad deliverable too', () => {
	it('an unknown bus fails check with the same line deliver gives', async () => {
		setDeliverables(sessionFile, [{ name: 'PM' }, { name: 'VO', bus: 'VO' }]);
		const run = await cli(['check', sessionFile]);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/deliverables\[1\]\.bus: no bus VO/);
	});

	it('good deliverables pass check', async () => {
		setDeliverables(sessionFile, [{ name: 'PM' }, { name: 'DX', bus: 'DX' }]);
		const run = await cli(['check', sessionFile]);
		expect(run.code).toBe(0);
	});
});
