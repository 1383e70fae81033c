// The null device: consumes audio at the sample rate and discards it. Playback without a sound
// card (or with one that failed) keeps real-time pacing, so meters and position behave as usual.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeviceStatus } from './device-types.js';
import { QUEUE_BLOCKS, type OutputDevice } from './output-device.js';

export class NullDevice implements OutputDevice {
	readonly status: DeviceStatus;
	/** Times the queue ran dry (a block came after everything written had played). */
	underflows = 0;
	private started = 0;
	private framesWritten = 0;
	private closed = false;

	constructor(
		sampleRate: number,
		channels: number,
		private readonly bufferFrames: number,
		reason?: string,
		private readonly now: () => number = () => performance.now(),
	) {
		this.status = {
			kind: 'null',
			name: 'null (no audio output)',
			sampleRate,
			channels,
			bufferFrames,
			latencyMs: ((QUEUE_BLOCKS * bufferFrames) / sampleRate) * 1000,
			reason,
		};
	}

	async write(block: Buffer): Promise<void> {
		if (this.closed) return;
		const frames = block.length / (4 * this.status.channels);
		const now = this.now();
		const sr = this.status.sampleRate;
		// Ran dry: like a real device after an underflow, the clock restarts with this block
		// rather than letting the loop race to catch up with the time lost.
		const dry = this.framesWritten > 0 && this.started + (this.framesWritten / sr) * 1000 < now;
		if (dry) this.underflows++;
		if (dry || this.framesWritten === 0) this.started = now - (this.framesWritten / sr) * 1000;
		this.framesWritten += frames;
		// Stay QUEUE_BLOCKS buffers ahead of the clock, like a device's queue.
		const dueMs = ((this.framesWritten - QUEUE_BLOCKS * this.bufferFrames) / sr) * 1000;
		const wait = this.started + dueMs - now;
		if (wait > 0) await sleep(wait);
	}

	onError(): void {}

	async close(): Promise<void> {
		this.closed = true;
	}
}
