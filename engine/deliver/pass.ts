// One pass of a delivery over the media: every graph (the whole mix, and one per M&E) renders
// from the same clip streams, so the media is read once however many files come out. Each
// output ("lane") takes the master or a bus of its graph, folds 5.1 to stereo when asked,
// applies its gain and, for a normalised file that needs one, a true-peak limiter; then it is
// metered, written, or both.
import { MixRenderer } from '../mix/renderer.js';
import { OFFLINE_STREAMS, StreamSet } from '../media/stream-set.js';
import { WavWriter } from '../media/wav-writer.js';
import { LoudnessMeter, type LoudnessReport } from '../loudness/loudness-meter.js';
import { TruePeakLimiter } from '../dsp/true-peak-limiter.js';
import { panMatrixAt } from '../dsp/pan.js';
import { SPEAKERS_5_1 } from '../media/types.js';
import { RenderAborted } from '../render/offline.js';
import type { DeliveryPlan, ResolvedDeliverable } from './resolve.js';

/** Frames per block (the bytes do not depend on it). */
export const DELIVER_BLOCK = 8192;

/** What one output of a pass does. */
export interface LaneSpec {
	deliverable: ResolvedDeliverable;
	/** Static gain, dB. */
	gainDb: number;
	/** Limit true peaks to this ceiling (dBTP); undefined: no limiter. */
	ceilingDbtp?: number;
	/** Write to this path (a staging file); undefined: meter only. */
	writeTo?: string;
	/** Meter the output as it leaves the lane (before dither). */
	meter: boolean;
}

export interface LaneResult {
	spec: LaneSpec;
	writer?: WavWriter;
	limiter?: TruePeakLimiter;
	loudness?: LoudnessReport;
}

export interface PassOptions {
	plan: DeliveryPlan;
	/** Timeline samples [from, to). */
	from: number;
	to: number;
	/** BWF time reference of the first sample. */
	timeReference: number;
	lanes: LaneSpec[];
	signal?: AbortSignal;
	onProgress?: (done: number, total: number) => void;
}

/** BS.775 fold-down (the mixer's own 5.1 → stereo matrix at centre): row-major 2 × 6. */
function foldMatrix(): Float64Array {
	const m = new Float64Array(12);
	panMatrixAt('5.1', 'stereo', new Float64Array(1), 0, m);
	return m;
}

class Lane {
	readonly out: Float64Array[];
	/** [gain]: kept in an array so the double never crosses a call boxed. */
	readonly gain = new Float64Array(1);
	readonly fold: Float64Array | undefined;
	readonly latency: number;
	meter?: LoudnessMeter;
	limiter?: TruePeakLimiter;
	writer?: WavWriter;

	constructor(
		readonly spec: LaneSpec,
		sampleRate: number,
	) {
		const d = spec.deliverable;
		this.out = Array.from({ length: d.channels }, () => new Float64Array(DELIVER_BLOCK));
		this.gain[0] = Math.pow(10, spec.gainDb / 20);
		this.fold = d.fold ? foldMatrix() : undefined;
		if (spec.ceilingDbtp !== undefined) this.limiter = new TruePeakLimiter(d.channels, sampleRate, spec.ceilingDbtp);
		this.latency = this.limiter?.latency ?? 0;
		if (spec.meter) this.meter = new LoudnessMeter(d.channels, sampleRate, d.channels === 6 ? SPEAKERS_5_1 : undefined);
	}

	/** Per block: source × gain (folded when asked) into `out`, then the limiter. Never allocates. */
	take(src: Float64Array[], frames: number): void {
		const g = this.gain[0]!;
		const out = this.out;
		const m = this.fold;
		if (m) {
			const l = src[0]!;
			const r = src[1]!;
			const c = src[2]!;
			const ls = src[4]!;
			const rs = src[5]!;
			const oL = out[0]!;
			const oR = out[1]!;
			const lL = m[0]! * g;
			const lC = m[2]! * g;
			const lS = m[4]! * g;
			const rR = m[7]! * g;
			const rC = m[8]! * g;
			const rS = m[11]! * g;
			for (let i = 0; i < frames; i++) {
				oL[i] = lL * l[i]! + lC * c[i]! + lS * ls[i]!;
				oR[i] = rR * r[i]! + rC * c[i]! + rS * rs[i]!;
			}
		} else {
			for (let ch = 0; ch < out.length; ch++) {
				const s = src[ch]!;
				const o = out[ch]!;
				for (let i = 0; i < frames; i++) o[i] = s[i]! * g;
			}
		}
		this.limiter?.process(out, frames);
	}
}

const maskOf = (channels: number) => (channels === 6 ? 0x3f : 0x3);

/**
 * Runs one pass. On success the writers are complete but not finished (the caller finishes or
 * aborts them); on failure every writer is aborted. Not the audio thread: it awaits the media.
 */
export async function runPass(options: PassOptions): Promise<LaneResult[]> {
	const { plan, from, to } = options;
	const base = plan.graphs[0]!.plan;
	const sr = base.sampleRate;
	const lanes = options.lanes.map((s) => new Lane(s, sr));
	const frames = to - from;
	try {
		for (const lane of lanes) {
			const path = lane.spec.writeTo;
			if (path === undefined) continue;
			const d = lane.spec.deliverable;
			lane.writer = await WavWriter.create(path, { channels: d.channels, sampleRate: sr, bitDepth: d.bitDepth, channelMask: maskOf(d.channels), timeReference: options.timeReference, blocking: true, frames });
		}
		// Only the graphs some lane takes from are rendered; they all read one StreamSet.
		const used = [...new Set(lanes.map((l) => l.spec.deliverable.graph))].sort((a, b) => a - b);
		const set = new StreamSet(base, OFFLINE_STREAMS);
		const renderers = new Map(used.map((g) => [g, new MixRenderer(plan.graphs[g]!.plan, (_c, t, k) => set.source(t, k), DELIVER_BLOCK, false)]));
		const all = [...renderers.values()];
		const ahead = all[0]?.latency ?? 0;
		if (all.some((r) => r.latency !== ahead)) throw new Error('deliver: graphs with different latencies cannot share a read');
		const tail = Math.max(0, ...lanes.map((l) => l.latency));
		const sources = lanes.map((l) => {
			const r = renderers.get(l.spec.deliverable.graph)!;
			const bus = l.spec.deliverable.bus;
			return () => (bus === undefined ? r.master : r.bus(bus));
		});
		let writing: Promise<unknown> = Promise.resolve();
		try {
			if (ahead > 0) {
				const waits = set.schedule(from, ahead);
				if (waits.length > 0) await Promise.all(waits);
			}
			for (const r of all) r.seek(from);
			const end = to + tail;
			const writes: Promise<void>[] = [];
			for (let pos = from; pos < end; pos += DELIVER_BLOCK) {
				if (options.signal?.aborted) throw new RenderAborted();
				const n = Math.min(DELIVER_BLOCK, end - pos);
				const waits = set.schedule(pos + ahead, n);
				if (waits.length > 0) await Promise.all(waits);
				for (const r of all) r.render(pos, n);
				// The writers encode synchronously: the previous block must be on its way out first.
				await writing;
				writes.length = 0;
				for (let i = 0; i < lanes.length; i++) {
					const lane = lanes[i]!;
					lane.take(sources[i]!(), n);
					// A lane delayed by its limiter drops its first `latency` samples and runs that much longer.
					const skip = Math.min(n, Math.max(0, from + lane.latency - pos));
					const stop = Math.max(skip, Math.min(n, to + lane.latency - pos));
					if (stop > skip) {
						lane.meter?.process(lane.out, stop - skip, skip);
						if (lane.writer) writes.push(lane.writer.write(lane.out, stop - skip, skip));
					}
				}
				writing = Promise.all(writes);
				writing.catch(() => undefined);
				options.onProgress?.(Math.min(pos + n, to) - from, frames);
			}
			await writing;
		} finally {
			await writing.catch(() => undefined);
			await set.close();
		}
		return lanes.map((l) => ({ spec: l.spec, writer: l.writer, limiter: l.limiter, loudness: l.meter?.report() }));
	} catch (error) {
		await Promise.all(lanes.map((l) => l.writer?.abort().catch(() => undefined)));
		throw error;
	}
}
