// Printing a mix: the master (and stems) to WAV files atomically, optionally normalised to a
// loudness target, and measured as written. Nothing is left under the requested names unless
// every file completed.
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { UserError } from '../../sessions/errors.js';
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
	signal?: AbortSignal;
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
	/** Passes over the mix: 1, or 2–4 with normalisation (measure, print, corrections). */
	passes: number;
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

/** Loudness of the mix as it would print at unity (the measuring pass of normalisation). */
async function measureMix(job: PrintJob): Promise<LoudnessReport> {
	const meter = new LoudnessMeter(job.plan.channels, job.plan.sampleRate, speakers(job.plan));
	await renderOffline(job.plan, {
		from: job.from,
		to: job.to,
		signal: job.signal,
		onProgress: (d, t) => job.onProgress?.(d, t, 'measure'),
		onBlock: (r, frames) => meter.process(r.master, frames),
	});
	return meter.report();
}

/** One printing pass with a static gain (and the limiter when asked). Returns open writers on success. */
async function printPass(job: PrintJob, gainDb: number, ceilingDbtp: number | undefined) {
	const { plan } = job;
	const mask = plan.format === '5.1' ? 0x3f : 0x3;
	const options = { channels: plan.channels, sampleRate: plan.sampleRate, bitDepth: job.bitDepth, channelMask: mask, timeReference: job.timeReference, blocking: true };
	const writers: WavWriter[] = [];
	const stems: string[] = [];
	try {
		const master = await WavWriter.create(job.output, options);
		writers.push(master);
		const stemWriters: WavWriter[] = [];
		if (job.stemsDir !== undefined) {
			await mkdir(job.stemsDir, { recursive: true }).catch((error: Error) => {
				throw new UserError(`--stems ${job.stemsDir}: cannot create the directory (${error.message})`);
			});
			for (const bus of plan.buses) {
				const file = path.join(job.stemsDir, `${bus.id}.wav`);
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
		// Normalisation checks each print against the target; a plain print needs no meter.
		const meter = job.normalize ? new LoudnessMeter(plan.channels, plan.sampleRate, speakers(plan)) : undefined;
		// The writers encode a block synchronously when write() is called, then the disk write
		// runs while the next block renders: wait for the previous write, start this one.
		let writing: Promise<unknown> = Promise.resolve();
		await renderOffline(plan, {
			from: job.from,
			to: job.to + latency,
			signal: job.signal,
			onProgress: (d, t) => job.onProgress?.(d, t, 'print'),
			async onBlock(renderer: MixRenderer, frames: number, pos: number) {
				await writing;
				scale(renderer.master, gain, 0, frames);
				limiter?.process(renderer.master, frames);
				const skip = Math.min(frames, Math.max(0, job.from + latency - pos));
				const writes: Promise<void>[] = [];
				if (frames > skip) {
					writes.push(master.write(renderer.master, frames - skip, skip));
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
		return { writers, master, stems, limiter, streamed: meter?.report() };
	} catch (error) {
		await Promise.all(writers.map((w) => w.abort().catch(() => undefined)));
		throw error;
	}
}

/** Prints the mix (and stems); with `normalize`, measures first and prints to the target. */
export async function printMix(job: PrintJob): Promise<PrintResult> {
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
	for (let correction = 0; ; correction++) {
		const pass = await printPass(job, gainDb, ceiling);
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
		try {
			for (const w of pass.writers) await w.finish();
		} catch (error) {
			await Promise.all(pass.writers.map((w) => w.abort().catch(() => undefined)));
			throw error;
		}
		const loudness = job.measure || plan ? (await measureWavFile(job.output, job.signal)).report : undefined;
		const normalization = plan && loudness ? normalizationReport({ ...plan, gainDb }, loudness, pass.limiter ?? null) : undefined;
		return { frames: job.to - job.from, clippedSamples: pass.master.clippedSamples, stems: pass.stems, loudness, normalization, passes };
	}
}
