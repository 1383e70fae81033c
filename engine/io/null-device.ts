// The null device: consumes audio at the sample rate and discards it. Playback without a sound
// card (or with one that failed) keeps real-time pacing, so meters and position behave as usual.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeviceStatus } from './device-types.js';
import { QUEUE_BLOCKS, type OutputDevice } from './output-device.js';

export class NullDevice implements OutputDevice {
	readonly status: DeviceStatus;
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
		if (this.framesWritten === 0) this.started = this.now();
		this.framesWritten += frames;
		// Stay QUEUE_BLOCKS buffers ahead of the clock, like a device's queue.
		const dueMs = ((this.framesWritten - QUEUE_BLOCKS * this.bufferFrames) / this.status.sampleRate) * 1000;
		const wait = this.started + dueMs - this.now();
		if (wait > 0) await sleep(wait);
	}

	onError(): void {}

	async close(): Promise<void> {
		this.closed = true;
	}
}
