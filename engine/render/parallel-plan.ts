// How a parallel offline render splits the mix between threads. The render order
// (plan.order) is cut into contiguous runs, one per thread; the threads form a pipeline over
// the blocks of the render: thread 0 renders its run of block k into the master and bus
// buffers, hands them on, and thread 1 adds its run to them while thread 0 moves to block k+1,
// and so on; the last thread (the caller's) adds its run, runs the master and writes the
// output. Every node is rendered by the same code, in the same order, into the same sums as
// in a single renderer, so the output is the same bits: only where the sums live changes.
//
// Between two threads travel only the arrays the later threads still need: the master and
// the bus sums that earlier nodes fed, the stems of finished buses, and the outputs of nodes
// that a later strip keys from.
import type { MixPlan } from '../plan.js';
import type { PlanStrip } from '../plan-strip.js';
import type { RenderPart } from '../mix/renderer-state.js';
import { CHANNELS } from '../dsp/pan.js';

/** One array set of the mix, each of plan.channels channels. */
export type MixArray = { kind: 'master' } | { kind: 'bus' | 'stem' | 'key'; index: number };

export interface ParallelStage {
	/** plan.order[from, to) is this thread's run (possibly empty for the last one). */
	from: number;
	to: number;
	part: RenderPart;
	/** Slot indices (into ParallelLayout.arrays) to copy into this thread's buffers before its run. */
	copyIn: number[];
	/** Slot indices to copy out after its run. */
	copyOut: number[];
}

export interface ParallelLayout {
	/** Pipeline order; the last stage is the calling thread, which also runs the master. */
	stages: ParallelStage[];
	/** The arrays one slot of shared memory holds, in slot order. */
	arrays: MixArray[];
}

/**
 * Relative cost per sample and channel (measured: bench/strip-dsp.mjs and the plain render;
 * roughly ns on this class of machine). Only the balance between threads depends on them.
 */
const COST = {
	/** Reading, decoding and mixing a clip's sample. */
	clip: 4,
	/** Fader, pan and the sum into the bus. */
	pan: 1.5,
	/** A bus's gain and its feed into its parent. */
	bus: 1,
	/** Encoding and writing one output sample (the master, on the last thread). */
	output: 6,
	trim: 1,
	biquad: 2,
	gate: 8,
	compressor: 15,
	deesser: 25,
	limiter: 30,
	reverb: 40,
	convolution: 60,
	duck: 8,
} as const;

function stripCost(strip: PlanStrip | undefined): number {
	if (!strip) return 0;
	let cost = 0;
	for (const s of strip.sections) {
		if (s.kind === 'hpf' || s.kind === 'lpf') cost += COST.biquad * Math.ceil((s.values.slope ?? 12) / 12);
		else if (s.kind === 'eq') cost += COST.biquad;
		else cost += COST[s.kind];
	}
	return cost;
}

/** Estimated cost of each node of plan.order over a render of `frames` frames (look-ahead included). */
export function nodeCosts(plan: MixPlan, from: number, frames: number): number[] {
	const end = from + frames;
	return plan.order.map((node) => {
		if (node.kind === 'bus') {
			const b = plan.buses[node.index]!;
			return frames * plan.channels * (COST.bus + stripCost(b.strip) + stripCost(b.reverb) + stripCost(b.duck));
		}
		const t = plan.tracks[node.index]!;
		let sounding = 0;
		for (const c of t.clips) sounding += Math.max(0, Math.min(end, c.start + c.length) - Math.max(from, c.start)) * c.media.channels;
		const inCh = CHANNELS[t.format];
		// A strip runs every block (it rings on after its clips); a plain track only while it sounds.
		const post = t.strip || t.duck ? frames * inCh * (stripCost(t.strip) + stripCost(t.duck) + COST.pan) : sounding * COST.pan;
		return sounding * COST.clip + post;
	});
}

/**
 * Cuts plan.order into at most `threads` runs of about equal cost; the last run (the calling
 * thread) also carries the cost of the output. Runs that would be empty are dropped, so the
 * result may have fewer runs (one: no point in threads).
 */
export function splitOrder(plan: MixPlan, costs: readonly number[], frames: number, threads: number): { from: number; to: number }[] {
	const n = plan.order.length;
	const output = frames * plan.channels * COST.output;
	const total = costs.reduce((a, b) => a + b, 0) + output;
	const share = total / threads;
	const runs: { from: number; to: number }[] = [];
	let at = 0;
	let sum = 0;
	for (let s = 0; s < threads - 1 && at < n; s++) {
		const from = at;
		const goal = share * (s + 1);
		// Take nodes while the run's end gets closer to its goal.
		while (at < n && Math.abs(sum + costs[at]! - goal) <= Math.abs(sum - goal)) sum += costs[at++]!;
		if (at === from && sum + costs[at]! > goal) sum += costs[at++]!;
		if (at > from) runs.push({ from, to: at });
	}
	runs.push({ from: at, to: n });
	// Nothing left for the calling thread: the previous run becomes its run.
	if (runs.length > 1 && at === n) runs.splice(-2, 2, { from: runs.at(-2)!.from, to: n });
	return runs;
}

/** The nodes stage `s` of these runs renders (the last stage also runs the master). */
export function partOf(plan: MixPlan, runs: readonly { from: number; to: number }[], s: number): RenderPart {
	const tracks = plan.tracks.map(() => false);
	const buses = plan.buses.map(() => false);
	for (let k = runs[s]!.from; k < runs[s]!.to; k++) {
		const node = plan.order[k]!;
		(node.kind === 'track' ? tracks : buses)[node.index] = true;
	}
	return { tracks, buses, master: s === runs.length - 1 };
}

const same = (a: MixArray, b: MixArray) => a.kind === b.kind && (a.kind === 'master' || a.index === (b as { index: number }).index);

/**
 * The stages for runs of plan.order. A bus's stem is named apart from its buffer even where
 * they are one array (a stem without latency compensation): copying it twice moves the same
 * values, since the thread that finishes a bus is the last to write its buffer.
 */
export function parallelLayout(plan: MixPlan, runs: readonly { from: number; to: number }[]): ParallelLayout {
	const S = runs.length;
	const stem = (b: number): MixArray => ({ kind: 'stem', index: b });
	const dest = (output: number): MixArray => (output < 0 ? { kind: 'master' } : { kind: 'bus', index: output });
	const keyArray = (ref: { kind: 'track' | 'bus'; index: number }): MixArray => (ref.kind === 'bus' ? { kind: 'bus', index: ref.index } : { kind: 'key', index: ref.index });
	const keysOf = (strip: PlanStrip | undefined) => (strip?.sections ?? []).flatMap((s) => (s.key ? [keyArray(s.key)] : []));

	// What each stage writes and reads; the last stage also runs the master and reads every stem.
	const writes: MixArray[][] = runs.map(() => []);
	const reads: MixArray[][] = runs.map(() => []);
	runs.forEach((r, s) => {
		for (let k = r.from; k < r.to; k++) {
			const node = plan.order[k]!;
			if (node.kind === 'track') {
				const t = plan.tracks[node.index]!;
				writes[s]!.push(dest(t.output), { kind: 'key', index: node.index });
				for (const send of t.sends ?? []) if (send.bus >= 0) writes[s]!.push({ kind: 'bus', index: send.bus });
				reads[s]!.push(...keysOf(t.strip), ...keysOf(t.duck));
			} else {
				const b = plan.buses[node.index]!;
				writes[s]!.push({ kind: 'bus', index: node.index }, stem(node.index), dest(b.output));
				reads[s]!.push(...keysOf(b.strip), ...keysOf(b.duck));
			}
		}
	});
	reads[S - 1]!.push({ kind: 'master' }, ...keysOf(plan.masterStrip), ...plan.buses.map((_, b) => stem(b)));

	const has = (list: MixArray[], a: MixArray) => list.some((x) => same(x, a));
	// needed[s]: arrays written at or before stage s that a later stage reads or writes.
	const needed: MixArray[][] = [];
	for (let s = 0; s < S - 1; s++) {
		const up = writes.slice(0, s + 1).flat();
		const down = [...writes.slice(s + 1).flat(), ...reads.slice(s + 1).flat()];
		const list: MixArray[] = [];
		for (const a of up) if (has(down, a) && !has(list, a)) list.push(a);
		needed.push(list);
	}
	const arrays: MixArray[] = [];
	for (const list of needed) for (const a of list) if (!has(arrays, a)) arrays.push(a);
	const slot = (a: MixArray) => arrays.findIndex((x) => same(x, a));
	const stages = runs.map((r, s): ParallelStage => {
		const mine = [...writes[s]!, ...reads[s]!];
		const copyIn = s === 0 ? [] : needed[s - 1]!.filter((a) => has(mine, a)).map(slot);
		const copyOut = s === S - 1 ? [] : needed[s]!.filter((a) => has(writes[s]!, a)).map(slot);
		return { from: r.from, to: r.to, part: partOf(plan, runs, s), copyIn: [...new Set(copyIn)], copyOut: [...new Set(copyOut)] };
	});
	return { stages, arrays };
}
