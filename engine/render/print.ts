// Printing a mix: the master (and stems) to WAV files atomically, optionally normalised to a
// loudness target, and measured as written. Nothing is left under the requested names unless
// every file completed. An output that is a device or FIFO is streamed: it cannot be taken
// back, so normalisation settles its gain on passes that write nothing, then prints once.
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { UserError } from '../../sessions/errors.js';
import { resolveOutput } from '../../sessions/atomic-write.js';
import type { MixPlan } from '../plan.js';
import type { MixRenderer } from '../mix/renderer.js';
import { renderOffline } from './offline.js';
import { WavWriter, type BitDepth } from '../media/wav-writer.js';
import { LoudnessMeter, type LoudnessReport } from '../loudness/loudness-meter.js';
import { measureWavFile } from '../loudness/measure-file.js';
import { normalizationReport, planNormalization, type NormalizationPlan, type NormalizationReport } from '../loudness/normalization.js';
import type { NormalizeTarget } from '../loudness/presets.js';
import { TruePeakLimiter } from '../dsp/true-peak-limiter.js';
import { SPEAKERS_5_1 } from '../media/types.js';
import { OFFLINE_STREAMS, type StreamSetOptions } from '../media/stream-set.js';
import type { MediaTally } from '../media/clip-stream.js';

export interface PrintJob {
	plan: MixPlan;
	output: string;
	stemsDir?: string;
	bitDepth: BitDepth;
	/** Timeline samples [from, to). */
	from: number;
	to: number;
	/** BWF time reference of the first sample (samples since midnight). */
	timeReference?: number;
	normalize?: NormalizeTarget;
	/** Read the written master back and measure it (for --report; normalisation always does). */
	measure?: boolean;
	/** Print NaN/Inf samples in float media as silence (counted) instead of failing on them. */
	zeroNonFinite?: boolean;
	signal?: AbortSignal;
	/** Threads to render with (see OfflineRenderOptions.threads; default: as many as pay). */
	threads?: number;
	/** Progress of the current pass; `pass` is 'measure' or 'print'. */
	onProgress?: (done: number, total: number, pass: string) => void;
}

export interface PrintResult {
	frames: number;
	clippedSamples: number;
	stems: string[];
	/** Loudness of the master file as written (read back from disk), when measured. */
	loudness?: LoudnessReport;
	normalization?: NormalizationReport;
	/** Passes over the mix: 1, or 2–4 with normalisation (measure, print, corrections), one more to a device or FIFO. */
	passes: number;
	/** NaN/Inf media samples printed as silence (with zeroNonFinite). */
	nonFiniteSamples: number;
}

/** Media streaming for a pass: NaN/Inf samples fail the print, or are zeroed and counted into `tally`. */
function streams(job: PrintJob, tally?: MediaTally): StreamSetOptions {
	return job.zeroNonFinite ? { ...OFFLINE_STREAMS, nonFinite: 'zero', tally } : OFFLINE_STREAMS;
}

/** Corrective passes when limiting pulls the loudness off target. */
const MAX_CORRECTIONS = 2;
/** A print further than this from the target is corrected (the delivery check is ±0.1 LU or looser). */
const CORRECT_ABOVE_LU = 0.05;

const speakers = (plan: MixPlan) => (plan.channels === 6 ? SPEAKERS_5_1 : undefined);

function scale(buffers: Float64Array[], gain: number, offset: number, frames: number): void {
	if (gain === 1) return;
	for (const b of buffers) for (let i = offset; i < offset + frames; i++) b[i]! *= gain;
}

/** The stem files of a print into `stemsDir`: one per bus, named by its id. */
export function stemPaths(plan: MixPlan, stemsDir: string): { bus: string; path: string }[] {
	return plan.buses.map((bus) => ({ bus: bus.id, path: path.join(stemsDir, `${bus.id}.wav`) }));
}

/** Loudness of the mix as it would print at unity (the measuring pass of normalisation). */
async function measureMix(job: PrintJob): Promise<LoudnessReport> {
	const meter = new LoudnessMeter(job.plan.channels, job.plan.sampleRate, speakers(job.plan));
	await renderOffline(job.plan, {
		from: job.from,
		to: job.to,
		signal: job.signal,
		threads: job.threads,
		streams: streams(job),
		onProgress: (d, t) => job.onProgress?.(d, t, 'measure'),
		onBlock: (r, frames) => meter.process(r.master, frames),
	});
	return meter.report();
}

/**
 * One printing pass with a static gain (and the limiter when asked). Returns open writers on
 * success; with `write` false it only meters (`meter`: the master as it would be written).
 */
async function printPass(job: PrintJob, gainDb: number, ceilingDbtp: number | undefined, write: boolean, meterMaster: boolean) {
	const { plan } = job;
	const mask = plan.format === '5.1' ? 0x3f : 0x3;
	const frames = job.to - job.from;
	const options = { channels: plan.channels, sampleRate: plan.sampleRate, bitDepth: job.bitDepth, channelMask: mask, timeReference: job.timeReference, blocking: true, frames, signal: job.signal };
	const writers: WavWriter[] = [];
	const stems: string[] = [];
	try {
		const master = write ? await WavWriter.create(job.output, options) : undefined;
		if (master) writers.push(master);
		const stemWriters: WavWriter[] = [];
		if (job.stemsDir !== undefined && write) {
			await mkdir(job.stemsDir, { recursive: true }).catch((error: Error) => {
				throw new UserError(`--stems ${job.stemsDir}: cannot create the directory (${error.message})`);
			});
			for (const { path: file } of stemPaths(plan, job.stemsDir)) {
				const w = await WavWriter.create(file, options);
				writers.push(w);
				stemWriters.push(w);
				stems.push(file);
			}
		}
		const limiter = ceilingDbtp === undefined ? undefined : new TruePeakLimiter(plan.channels, plan.sampleRate, ceilingDbtp);
		// The limiter delays the master by its look-ahead: render that much longer and drop its
		// first `latency` samples, so the master lines up with the stems and the timeline.
		const latency = limiter?.latency ?? 0;
		const gain = gainDb === 0 ? 1 : Math.pow(10, gainDb / 20);
		const meter = meterMaster ? new LoudnessMeter(plan.channels, plan.sampleRate, speakers(plan)) : undefined;
		// The writers encode a block synchronously when write() is called, then the disk write
		// runs while the next block renders: wait for the previous write, start this one.
		let writing: Promise<unknown> = Promise.resolve();
		const tally: MediaTally = { nonFiniteSamples: 0 };
		await renderOffline(plan, {
			from: job.from,
			to: job.to + latency,
			signal: job.signal,
			threads: job.threads,
			streams: streams(job, tally),
			onProgress: (d, t) => job.onProgress?.(d, t, 'print'),
			async onBlock(renderer: MixRenderer, frames: number, pos: number) {
				await writing;
				scale(renderer.master, gain, 0, frames);
				limiter?.process(renderer.master, frames);
				const skip = Math.min(frames, Math.max(0, job.from + latency - pos));
				const writes: Promise<void>[] = [];
				if (frames > skip) {
					if (master) writes.push(master.write(renderer.master, frames - skip, skip));
					meter?.process(renderer.master, frames - skip, skip);
				}
				const stemFrames = Math.min(frames, job.to - pos);
				if (stemFrames > 0) {
					stemWriters.forEach((w, i) => {
						const bus = renderer.bus(i);
						scale(bus, gain, 0, stemFrames);
						writes.push(w.write(bus, stemFrames));
					});
				}
				writing = Promise.all(writes);
				// Handled here so a disk error waits for the next block to surface, never unhandled.
				writing.catch(() => undefined);
			},
		});
		await writing;
		return { writers, master, stems, limiter, streamed: meter?.report(), tally };
	} catch (error) {
		await Promise.all(writers.map((w) => w.abort().catch(() => undefined)));
		throw error;
	}
}

/** Prints the mix (and stems); with `normalize`, measures first and prints to the target. */
export async function printMix(job: PrintJob): Promise<PrintResult> {
	const outputs = [job.output, ...(job.stemsDir === undefined ? [] : stemPaths(job.plan, job.stemsDir).map((s) => s.path))];
	const targets = await Promise.all(outputs.map(resolveOutput));
	const streaming = targets.some((t) => t.kind === 'stream');
	// A streamed master cannot be read back: its loudness is metered as it is sent (before dither).
	const masterStreamed = targets[0]!.kind === 'stream';
	let passes = 0;
	let plan: NormalizationPlan | undefined;
	let gainDb = 0;
	if (job.normalize) {
		const measured = await measureMix(job);
		passes++;
		plan = planNormalization(measured, job.normalize);
		gainDb = plan.gainDb;
	}
	const ceiling = plan?.limiterNeeded ? job.normalize!.ceilingDbtp : undefined;
	const dry = streaming && plan !== undefined;
	const meterMaster = plan !== undefined || (masterStreamed && job.measure === true);
	for (let correction = 0; ; correction++) {
		let pass = await printPass(job, gainDb, ceiling, !dry, meterMaster);
		passes++;
		const got = pass.streamed?.integrated ?? null;
		const target = job.normalize?.targetLufs;
		// Limiting lowers loudness a little; when that misses by more than 0.05 LU, nudge the gain
		// by the difference and print again (the limiter then works slightly harder).
		if (plan?.feasible && target !== undefined && got !== null && Math.abs(got - target) > CORRECT_ABOVE_LU && correction < MAX_CORRECTIONS) {
			await Promise.all(pass.writers.map((w) => w.abort().catch(() => undefined)));
			gainDb += target - got;
			continue;
		}
		if (dry) {
			// The gain is settled: the same pass again, now sent to the outputs.
			pass = await printPass(job, gainDb, ceiling, true, meterMaster);
			passes++;
		}
		try {
			for (const w of pass.writers) await w.finish();
		} catch (error) {
			await Promise.all(pass.writers.map((w) => w.abort().catch(() => undefined)));
			throw error;
		}
		const measured = job.measure || plan;
		const loudness = !measured ? undefined : masterStreamed ? pass.streamed : (await measureWavFile(job.output, job.signal)).report;
		const normalization = plan && loudness ? normalizationReport({ ...plan, gainDb }, loudness, pass.limiter ?? null) : undefined;
		return { frames: job.to - job.from, clippedSamples: pass.master?.clippedSamples ?? 0, stems: pass.stems, loudness, normalization, passes, nonFiniteSamples: pass.tally.nonFiniteSamples };
	}
}
