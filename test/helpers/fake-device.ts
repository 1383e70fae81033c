// An output device for in-process playback tests: records the left channel of every buffer it
// is given, optionally takes a while per write (a paced device), and can fail on demand.
import { setImmediate as tick } from 'node:timers/promises';
import type { OutputDevice } from '../../engine/io/output-device.js';
import type { DeviceStatus } from '../../engine/worker/protocol.js';

export class FakeDevice implements OutputDevice {
	readonly status: DeviceStatus;
	/** The left channel of everything written (the device primes with silence first). */
	readonly left: number[] = [];
	private fail: ((e: Error) => void) | undefined;

	/** `delayMs` per write (0: the next turn of the event loop); a real device takes ~5 ms a 256-frame buffer. */
	constructor(
		private readonly delayMs = 0,
		sampleRate = 48000,
		bufferFrames = 256,
	) {
		this.status = { kind: 'null', name: 'fake', sampleRate, channels: 2, bufferFrames, latencyMs: 0 };
	}

	async write(block: Buffer): Promise<void> {
		const f = new Float32Array(block.buffer, block.byteOffset, block.length / 4);
		for (let i = 0; i < f.length; i += 2) this.left.push(f[i]!);
		if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
		else await tick();
	}

	onError(listener: (e: Error) => void): void {
		this.fail = listener;
	}

	/** Reports a failure as an unplugged device would. */
	breakDown(): void {
		this.fail?.(new Error('device unplugged'));
	}

	async close(): Promise<void> {}
}
