// report.txt's wording, from a delivery result built here: a whole-master file's role said once,
// each ceiling check worded as what was found ("no sample over …" / "3 samples over …"), and
// the plot's target row and floor as the report prints them.
import { describe, expect, it } from 'vitest';
import type { Session } from '../../sessions/types.js';
import type { NormalizeTarget } from '../../engine/loudness/presets.js';
import type { DeliveredFile, DeliveryResult } from '../../engine/deliver/deliver.js';
import type { ResolvedDeliverable } from '../../engine/deliver/resolve.js';
import { buildReport } from '../../engine/deliver/report.js';

const SR = 48000;
const FRAMES = 64 * SR;
const R128: NormalizeTarget = { preset: 'ebu-r128', targetLufs: -23, ceilingDbtp: -1, tolerance: 0.5, description: '' };
const session = { name: 'reel 1', sampleRate: SR, frameRate: 24, start: '01:00:00:00', buses: [{ id: 'DX' }], deliverables: [{}, {}, {}, {}] } as unknown as Session;

/** A delivered file measured at -23 LUFS with `over` samples over the ceiling; short-term silent 3 s, then falling from -20 to -29. */
function file(index: number, name: string, role: ResolvedDeliverable['role'], extra: Partial<ResolvedDeliverable>, over: number): DeliveredFile {
	const shortTerm = Float64Array.from({ length: 640 }, (_, i) => (i < 30 ? -Infinity : -20 - (9 * (i - 30)) / 609));
	return {
		deliverable: { name, index, file: `/out/${name}.wav`, format: 'stereo', channels: 2, bitDepth: '24', role, graph: 0, fold: false, write: true, ...extra },
		staged: `/out/.${name}.wav`,
		gainDb: 0,
		gainFrom: 'own',
		limiterDb: 0,
		clippedSamples: 0,
		measured: { report: { integrated: -23, range: 5, truePeak: -3, samplePeak: -3, momentaryMax: -18, shortTermMax: -20 }, shortTerm, truePeakAt: 12, overCeiling: over, frames: FRAMES },
	};
}

describe('report.txt', () => {
	const result: DeliveryResult = {
		files: [file(0, 'PM', 'printmaster', { normalize: R128, spec: R128 }, 0), file(1, 'WEB', 'master', { spec: { ...R128, preset: null, targetLufs: -16 } }, 3), file(2, 'DX', 'stem', { bus: 0 }, 1), file(3, 'ST', 'master', { fold: true }, 0)],
		nulls: [],
		passes: 1,
		printmaster: { name: 'PM', gainDb: 0, limiterDb: 0, written: true },
	};
	const text = buildReport(result, session, 0, SR).text;
	const lines = text.split('\n');

	it('names each file by what it is, saying a whole master once', () => {
		expect(lines).toContain('PM.wav  printmaster, master, stereo, 48 kHz, 24-bit, gain +0.00 dB');
		expect(lines).toContain('WEB.wav  master, stereo, 48 kHz, 24-bit, gain +0.00 dB');
		expect(lines).toContain('DX.wav  stem, bus DX, stereo, 48 kHz, 24-bit, gain +0.00 dB');
		expect(lines).toContain('ST.wav  master, folded to stereo (BS.775), stereo, 48 kHz, 24-bit, gain +0.00 dB');
	});

	it('words each ceiling check as what was found', () => {
		expect(lines).toContain('  ok   no sample over the ceiling (-1.0 dBFS) in PM.wav');
		expect(lines).toContain('  FAIL 3 samples over the ceiling (-1.0 dBFS) in WEB.wav');
		expect(lines).toContain('  FAIL 1 sample over the ceiling (-1.0 dBFS) in DX.wav');
		expect(text).not.toMatch(/over the ceiling \(\w+\.wav\)/);
	});

	it('plots each file with its target on its own row and the floor at the quietest reading', () => {
		const plot = (name: string) => {
			const at = lines.findIndex((l) => l.startsWith(`${name}.wav`));
			const from = lines.indexOf('  short-term loudness (LUFS):', at) + 1;
			return lines.slice(from, lines.indexOf('', from));
		};
		const labels = (name: string) => plot(name).filter((l) => l.includes('|')).map((l) => Number(l.slice(0, 9).replace('|', '')));
		// -20 down to -29 around a -23 target: rows -20 … -29, the target's own row between.
		expect(labels('PM')).toEqual([-20, -23, -26, -29]);
		// Silent for 3 s and louder at first ('-'), then the falling bars cross it, then they are under it.
		expect(plot('PM')[1]).toMatch(/^ {4}-23 \|-{13}#+-+$/);
		expect(plot('PM').slice(-2)).toEqual(["         bars: each column's quietest to loudest reading, to the nearest row", '         - target -23']);
		// -16: -20 rounds to -19 and -29 to -28; the target's row on top, marked across.
		expect(labels('WEB')).toEqual([-16, -19, -22, -25, -28]);
		expect(plot('WEB')[0]).toBe(`    -16 |${'-'.repeat(64)}`);
		// No target: multiples of 3.
		expect(labels('DX')).toEqual([-21, -24, -27, -30]);
		// A falling programme draws a falling line, not solid rows: every bar is a row or two tall.
		for (const name of ['PM', 'WEB', 'DX']) {
			const body = plot(name).filter((l) => l.includes('|')).map((l) => l.slice(9));
			for (let c = 3; c < 64; c++) expect(body.filter((b) => b[c] === '#').length, `${name} column ${c}`).toBeLessThanOrEqual(2);
			for (let c = 3; c < 64; c++) expect(body.filter((b) => b[c] === '#').length, `${name} column ${c}`).toBeGreaterThanOrEqual(1);
		}
		for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
	});
});
