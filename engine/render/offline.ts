// Offline rendering: drives the block renderer as fast as the disk allows, waiting for media
// before each block (a real-time device never waits; see engine/worker).
import type { MixPlan } from '../plan.js';
import { MixRenderer } from '../mix/renderer.js';
import { OFFLINE_STREAMS, StreamSet, type StreamSetOptions } from '../media/stream-set.js';
import { UserError } from '../../sessions/errors.js';

export interface OfflineRenderOptions {
	/** First timeline sample. */
	from: number;
	/** End sample (exclusive). */
	to: number;
	/** Frames per block (results do not depend on it). */
	blockFrames?: number;
	streams?: StreamSetOptions;
	signal?: AbortSignal;
	/** Receives each rendered block; may await (a disk write). */
	onBlock: (renderer: MixRenderer, frames: number, position: number) => void | Promise<void>;
	onProgress?: (doneFrames: number, totalFrames: number) => void;
}

/** Thrown when the signal aborts a render; callers remove their partial outputs. */
export class RenderAborted extends UserError {
	override name = 'RenderAborted';
	constructor() {
		super('render interrupted; nothing was written');
	}
}

export async function renderOffline(plan: MixPlan, options: OfflineRenderOptions): Promise<void> {
	const block = options.blockFrames ?? 8192;
	const set = new StreamSet(plan, options.streams ?? OFFLINE_STREAMS);
	const renderer = new MixRenderer(plan, (_c, t, k) => set.source(t, k), block, false);
	const total = Math.max(0, options.to - options.from);
	// Media is read `latency` samples ahead of the output (look-ahead somewhere in the graph).
	const ahead = renderer.latency;
	try {
		if (ahead > 0) {
			const waits = set.schedule(options.from, ahead);
			if (waits.length > 0) await Promise.all(waits);
		}
		renderer.seek(options.from);
		for (let pos = options.from; pos < options.to; pos += block) {
			if (options.signal?.aborted) throw new RenderAborted();
			const frames = Math.min(block, options.to - pos);
			const waits = set.schedule(pos + ahead, frames);
			if (waits.length > 0) await Promise.all(waits);
			renderer.render(pos, frames);
			await options.onBlock(renderer, frames, pos);
			options.onProgress?.(pos + frames - options.from, total);
		}
	} finally {
		await set.close();
	}
}
