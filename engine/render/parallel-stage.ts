// One thread of a parallel offline render (see parallel-plan.ts): its renderer, which builds
// strips only for the nodes of its run, the read-ahead for its own tracks' clips (each thread
// reads and decodes its own media), and the copies between its buffers and the shared slots.
//
// Shared memory: `data` holds SLOTS slots, each with every array of the layout; block k
// travels down the pipeline in slot k % SLOTS. `control` holds the counters the threads wait
// on with Atomics: STOP (set when any thread fails or the render is abandoned), TAKEN (blocks
// the last thread has copied out of their slot, which frees it for thread 0) and DONE + s
// (blocks thread s has finished).
import type { MixPlan } from '../plan.js';
import { MixRenderer } from '../mix/renderer.js';
import type { ClipSource } from '../mix/clip-source.js';
import { StreamSet, type StreamSetOptions } from '../media/stream-set.js';
import type { ParallelLayout } from './parallel-plan.js';

/** Blocks in flight between the first thread and the last. */
export const SLOTS = 3;
export const STOP = 0;
export const TAKEN = 1;
export const DONE = 2;

/** What a thread needs to run its stage (structured-cloned into a worker). */
export interface StageSetup {
	plan: MixPlan;
	layout: ParallelLayout;
	stage: number;
	control: SharedArrayBuffer;
	data: SharedArrayBuffer;
	/** Timeline samples [from, to), in blocks of `block` frames. */
	from: number;
	to: number;
	block: number;
	streams: StreamSetOptions;
}

/** What a worker posts when it ends. */
export type StageReport =
	| { type: 'done'; nonFiniteSamples: number }
	| { type: 'error'; message: string; user: boolean; file?: string; problem?: string };

/** Control words for `stages` stages. */
export function controlBuffer(stages: number): SharedArrayBuffer {
	return new SharedArrayBuffer(4 * (DONE + stages));
}

/** Shared slots for a layout. */
export function dataBuffer(layout: ParallelLayout, channels: number, block: number): SharedArrayBuffer {
	return new SharedArrayBuffer(Math.max(8, SLOTS * layout.arrays.length * channels * block * 8));
}

/** Clips of tracks another thread renders: never called. */
const ELSEWHERE: ClipSource = { mixInto() {} };

export class Stage {
	readonly renderer: MixRenderer;
	readonly streams: StreamSet;
	readonly control: Int32Array;
	/** Blocks in the render: the look-ahead's worth first (seek), then the output. */
	readonly blocks: number;
	private readonly seekBlocks: number;
	private readonly latency: number;
	/** shared[slot][array][channel] */
	private readonly shared: Float64Array[][][];
	/** This renderer's own arrays, by layout array. */
	private readonly local: Float64Array[][];
	private readonly from: number;
	private readonly to: number;
	private readonly runFrom: number;
	private readonly runTo: number;
	private readonly copyIn: number[];
	private readonly copyOut: number[];
	/** Start and frames of the block last passed to media(). */
	start = 0;
	frames = 0;
	/** Whether that block is output (not look-ahead). */
	output = false;

	constructor(setup: StageSetup) {
		const { plan, layout, stage, block } = setup;
		const mine = layout.stages[stage]!;
		// The read-ahead sees only this thread's tracks.
		const own = { ...plan, tracks: plan.tracks.map((t, i) => (mine.part.tracks[i] ? t : { ...t, clips: [] })) };
		this.streams = new StreamSet(own, setup.streams);
		const streams = this.streams;
		this.renderer = new MixRenderer(plan, (_c, t, k) => (mine.part.tracks[t] ? streams.source(t, k) : ELSEWHERE), block, false, mine.part);
		this.latency = this.renderer.latency;
		this.from = setup.from;
		this.to = setup.to;
		this.seekBlocks = Math.ceil(this.latency / block);
		this.blocks = this.seekBlocks + Math.ceil((setup.to - setup.from) / block);
		this.runFrom = mine.from;
		this.runTo = mine.to;
		this.copyIn = mine.copyIn;
		this.copyOut = mine.copyOut;
		this.control = new Int32Array(setup.control);
		const ch = plan.channels;
		const arrays = layout.arrays.length;
		this.shared = Array.from({ length: SLOTS }, (_, s) =>
			Array.from({ length: arrays }, (_, a) => Array.from({ length: ch }, (_, c) => new Float64Array(setup.data, (((s * arrays + a) * ch + c) * block) * 8, block))),
		);
		const mb = this.renderer.mixBuffers();
		this.local = layout.arrays.map((a) => {
			if (a.kind === 'master') return mb.master;
			if (a.kind === 'bus') return mb.buses[a.index]!;
			if (a.kind === 'stem') return mb.stems[a.index]!;
			return mb.keyOuts[a.index]!;
		});
	}

	/** Sets block k's position and starts (returns) the media reads it waits for. */
	media(k: number): Promise<void>[] {
		const block = this.renderer.maxBlock;
		if (k < this.seekBlocks) {
			const done = k * block;
			this.start = this.from - this.latency + done;
			this.frames = Math.min(block, this.latency - done);
			this.output = false;
		} else {
			this.start = this.from + (k - this.seekBlocks) * block;
			this.frames = Math.min(block, this.to - this.start);
			this.output = true;
		}
		return this.streams.schedule(this.start + this.latency, this.frames);
	}

	/** Block k (after media(k)), once the previous thread has finished it: takes in what it handed on. */
	begin(k: number): void {
		this.renderer.clearMix(this.frames);
		const slot = this.shared[k % SLOTS]!;
		for (const a of this.copyIn) {
			const from = slot[a]!;
			const to = this.local[a]!;
			for (let c = 0; c < to.length; c++) to[c]!.set(from[c]!);
		}
	}

	/** Renders this thread's run of the block and hands on what later threads need. */
	run(k: number): void {
		this.renderer.renderNodes(this.start, this.frames, this.runFrom, this.runTo);
		const slot = this.shared[k % SLOTS]!;
		for (const a of this.copyOut) {
			const from = this.local[a]!;
			const to = slot[a]!;
			for (let c = 0; c < to.length; c++) to[c]!.set(from[c]!);
		}
	}

	/** Marks `index` as reaching `value` and wakes whoever waits on it. */
	signal(index: number, value: number): void {
		Atomics.store(this.control, index, value);
		Atomics.notify(this.control, index);
	}

	close(): Promise<void> {
		return this.streams.close();
	}
}

/** Tells every thread to stop waiting (a failure or an abandoned render). */
export function stopAll(control: Int32Array): void {
	Atomics.store(control, STOP, 1);
	for (let i = 0; i < control.length; i++) Atomics.notify(control, i);
}
