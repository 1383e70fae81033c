// Sessions for the deliver tests: a fixture (test/helpers/mix-fixture.ts) with buses and a
// `deliverables:` list added to its YAML, and small readers for what deliver wrote.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { testSignal, writeFixture, type Fixture } from '../helpers/mix-fixture.js';
import type { RefSession } from '../helpers/reference-mix.js';

export const SR = 48000;
export const SECONDS = 4;
/** 01:00:00:00 at 24 fps, in samples since midnight. */
export const START_SAMPLES = 3600 * SR;
/** Where the one loud click is (seconds): the true peak of everything it is in. */
export const CLICK_AT = 2.5;

/** A mono signal with one click of `click` at CLICK_AT. */
export function clicked(seed: number, level: number, click: number): number[] {
	const s = testSignal(SECONDS * SR, seed, level);
	s[Math.round(CLICK_AT * SR)] = click;
	return s;
}

/** Three stems (DX, MX, FX) on a stereo or 5.1 master, with `deliverables` in the session. */
export async function deliveryFixture(dir: string, deliverables: unknown[], options: { format?: 'stereo' | '5.1'; click?: number; mxGain?: number } = {}): Promise<{ sessionFile: string; reference: RefSession }> {
	const format = options.format ?? 'stereo';
	const surround = Array.from({ length: 6 }, (_, c) => (c === 3 ? new Array<number>(SECONDS * SR).fill(0) : testSignal(SECONDS * SR, 20 + c, 0.08)));
	const fixture: Fixture = {
		sampleRate: SR,
		format,
		start: '01:00:00:00',
		frameRate: 24,
		media: [
			{ name: 'dx.wav', encoding: 'float', bits: 32, signal: [clicked(1, 0.2, options.click ?? 0.95)] },
			{ name: 'mx.wav', encoding: 'float', bits: 32, signal: [testSignal(SECONDS * SR, 2, 0.1), testSignal(SECONDS * SR, 3, 0.1)] },
			...(format === '5.1' ? [{ name: 'fx.wav', encoding: 'float' as const, bits: 32, signal: surround, channelMask: 0x3f }] : [{ name: 'fx.wav', encoding: 'float' as const, bits: 32, signal: [testSignal(SECONDS * SR, 4, 0.1)] }]),
		],
		buses: [{ id: 'DX' }, { id: 'MX', gain: options.mxGain ?? -2 }, { id: 'FX' }],
		tracks: [
			{ id: 'dx', output: 'DX', gain: -1, clips: [{ media: 'dx.wav', at: 0 }] },
			{ id: 'mx', output: 'MX', clips: [{ media: 'mx.wav', at: 0 }] },
			{ id: 'fx', output: 'FX', pan: format === '5.1' ? 0 : 0.3, clips: [{ media: 'fx.wav', at: 0 }] },
		],
	};
	const made = await writeFixture(dir, fixture);
	setDeliverables(made.sessionFile, deliverables);
	return made;
}

/** Replaces the session's deliverables list (undefined removes it). */
export function setDeliverables(sessionFile: string, deliverables: unknown[] | undefined): void {
	const doc = parse(readFileSync(sessionFile, 'utf8')) as Record<string, unknown>;
	if (deliverables === undefined) delete doc.deliverables;
	else doc.deliverables = deliverables;
	writeFileSync(sessionFile, stringify(doc));
}

/** Files in a directory, hidden ones included, sorted. */
export function listDir(dir: string): string[] {
	try {
		return readdirSync(dir).sort();
	} catch {
		return [];
	}
}

export interface ReportJson {
	printmaster: { name: string; gainDb: number; limiterMaxReductionDb: number } | null;
	deliverables: {
		name: string;
		file: string;
		format: string;
		channels: number;
		bitDepth: number | string;
		gainDb: number;
		loudness: Record<string, number | null>;
		truePeakAt: string | null;
		clippedSamples: number;
		spec: { target: string; ceiling: number; met: boolean; why: string } | null;
	}[];
	checks: { check: string; passed: boolean | null; note: string; residualPeakDbfs?: number | null }[];
}

export function readReport(dir: string): ReportJson {
	return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportJson;
}

/** Largest |a − b| over every channel and sample. */
export function maxDiff(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
	let m = 0;
	a.forEach((ch, c) => {
		const other = b[c]!;
		for (let i = 0; i < ch.length; i++) m = Math.max(m, Math.abs(ch[i]! - other[i]!));
	});
	return m;
}

/** Planar buffers scaled by a gain in dB. */
export function scaled(x: ArrayLike<number>[], db: number): Float64Array[] {
	const g = 10 ** (db / 20);
	return x.map((ch) => Float64Array.from(ch, (v) => v * g));
}
