// Reads the printed deliverables back from disk, all in step, and measures what a QC desk
// would: each file's loudness (as `dubdesk loudness` does), its short-term loudness over time,
// where its true peak is, the samples over a ceiling, and the residuals of the null tests
// between files (a printmaster minus its stems, a fold-down minus BS.775 of the printmaster).
import { MediaError } from '../../sessions/errors.js';
import { decodeFrames } from '../media/decode.js';
import { WavReader } from '../media/wav-reader.js';
import { LoudnessMeter, type LoudnessReport } from '../loudness/loudness-meter.js';
import { meterSpeakers } from '../loudness/measure-file.js';
import { TruePeakMeter } from '../loudness/true-peak.js';
import { panMatrixAt } from '../dsp/pan.js';
import { RenderAborted } from '../render/offline.js';

export interface ReadbackFile {
	path: string;
	/** Count samples whose magnitude is over this level (dBFS); undefined: not counted. */
	ceilingDb?: number;
}

/**
 * A null test: `reference` minus the sum of `parts` (same layout), or with `fold` the one part
 * (a stereo file) minus the BS.775 fold-down of the 5.1 reference. Indices into the files.
 */
export interface NullTest {
	reference: number;
	parts: number[];
	fold?: boolean;
}

export interface FileMeasurement {
	report: LoudnessReport;
	/** Short-term loudness (LUFS) every `SHORT_TERM_STEP` s from the start; −∞ before 3 s and in silence. */
	shortTerm: Float64Array;
	/** Seconds from the start of the file to its highest true peak; null for silence. */
	truePeakAt: number | null;
	/** Samples over the ceiling (all channels). */
	overCeiling: number;
	frames: number;
}

/** Seconds between short-term readings (the graph's resolution). */
export const SHORT_TERM_STEP = 0.1;

/** Sub-blocks per step over which the true peak is located (10 ms). */
const PEAK_SLICES = 10;

interface Open {
	reader: WavReader;
	bytes: Uint8Array;
	planar: Float32Array[];
	meter: LoudnessMeter;
	peaks: TruePeakMeter;
	ceiling: number;
	shortTerm: Float64Array;
	truePeakAt: number | null;
	best: number;
	over: number;
}

/** Measures every file and the peak magnitude of each null test's residual (linear). Offline. */
export async function readBack(files: readonly ReadbackFile[], tests: readonly NullTest[], signal?: AbortSignal): Promise<{ files: FileMeasurement[]; residuals: number[] }> {
	const open: Open[] = [];
	try {
		for (const f of files) open.push(await openOne(f));
		const sr = open[0]!.reader.info.sampleRate;
		const frames = open[0]!.reader.info.frames;
		for (const o of open) {
			if (o.reader.info.frames !== frames || o.reader.info.sampleRate !== sr) throw new MediaError(o.reader.info.path, 'does not match the other deliverables in length or rate');
		}
		const block = Math.max(PEAK_SLICES, Math.round(sr * SHORT_TERM_STEP));
		const residuals = new Float64Array(tests.length);
		const fold = new Float64Array(12);
		panMatrixAt('5.1', 'stereo', new Float64Array(1), 0, fold);
		const acc = Array.from({ length: 6 }, () => new Float64Array(block));
		let step = 0;
		for (let at = 0; at < frames; at += block) {
			if (signal?.aborted) throw new RenderAborted();
			const n = Math.min(block, frames - at);
			for (let f = 0; f < open.length; f++) {
				const o = open[f]!;
				const got = o.reader.readSync(at, n, o.bytes);
				if (got !== n) throw new MediaError(o.reader.info.path, `ended after ${at + got} of ${frames} frames`);
				decodeFrames(o.reader.info, o.bytes, 0, n, o.planar, 0);
				measureBlock(o, n, at, sr);
				o.shortTerm[step] = o.meter.shortTerm();
			}
			for (let i = 0; i < tests.length; i++) residualPeak(tests[i]!, open, acc, fold, n, residuals, i);
			step++;
		}
		return {
			files: open.map((o) => ({ report: o.meter.report(), shortTerm: o.shortTerm.subarray(0, step), truePeakAt: o.truePeakAt, overCeiling: o.over, frames })),
			residuals: [...residuals],
		};
	} finally {
		await Promise.all(open.map((o) => o.reader.close()));
	}
}

async function openOne(f: ReadbackFile): Promise<Open> {
	const reader = await WavReader.open(f.path);
	const { info } = reader;
	const block = Math.max(PEAK_SLICES, Math.round(info.sampleRate * SHORT_TERM_STEP));
	return {
		reader,
		bytes: new Uint8Array(block * info.blockAlign),
		planar: Array.from({ length: info.channels }, () => new Float32Array(block)),
		meter: new LoudnessMeter(info.channels, info.sampleRate, meterSpeakers(info)),
		peaks: new TruePeakMeter(info.channels, info.sampleRate),
		ceiling: f.ceilingDb === undefined ? Infinity : Math.pow(10, f.ceilingDb / 20),
		shortTerm: new Float64Array(Math.ceil(info.frames / block) + 1),
		truePeakAt: null,
		best: 0,
		over: 0,
	};
}

function measureBlock(o: Open, n: number, at: number, sr: number): void {
	o.meter.process(o.planar, n);
	// The true peak is located to the slice where the running maximum last rose.
	const slice = Math.ceil(n / PEAK_SLICES);
	for (let s = 0; s < n; s += slice) {
		const m = Math.min(slice, n - s);
		o.peaks.process(o.planar, m, s);
		if (o.peaks.truePeak > o.best) {
			o.best = o.peaks.truePeak;
			o.truePeakAt = (at + s) / sr;
		}
	}
	if (o.ceiling !== Infinity) {
		const ceiling = o.ceiling;
		for (let c = 0; c < o.planar.length; c++) {
			const ch = o.planar[c]!;
			for (let i = 0; i < n; i++) if (Math.abs(ch[i]!) > ceiling) o.over++;
		}
	}
}

/** Raises peaks[slot] to the peak |residual| of one test over the block (kept in an array: no boxed double returned). */
function residualPeak(t: NullTest, open: Open[], acc: Float64Array[], fold: Float64Array, n: number, peaks: Float64Array, slot: number): void {
	const ref = open[t.reference]!.planar;
	let peak = peaks[slot]!;
	if (t.fold) {
		const fd = open[t.parts[0]!]!.planar;
		for (let i = 0; i < n; i++) {
			const l = fd[0]![i]! - (fold[0]! * ref[0]![i]! + fold[2]! * ref[2]![i]! + fold[4]! * ref[4]![i]!);
			const r = fd[1]![i]! - (fold[7]! * ref[1]![i]! + fold[8]! * ref[2]![i]! + fold[11]! * ref[5]![i]!);
			peak = Math.max(peak, Math.abs(l), Math.abs(r));
		}
		peaks[slot] = peak;
		return;
	}
	for (let c = 0; c < ref.length; c++) {
		const a = acc[c]!;
		const r = ref[c]!;
		for (let i = 0; i < n; i++) a[i] = r[i]!;
		for (let k = 0; k < t.parts.length; k++) {
			const x = open[t.parts[k]!]!.planar[c]!;
			for (let i = 0; i < n; i++) a[i] = a[i]! - x[i]!;
		}
		for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(a[i]!));
	}
	peaks[slot] = peak;
}
