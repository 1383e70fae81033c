// Audio output backends side by side (Ardour keeps its dummy backend next to the real ones):
// the native PortAudio device and a paced null device with no I/O at all.
import type { DeviceStatus } from './device-types.js';

export interface OutputDevice {
	readonly status: DeviceStatus;
	/**
	 * Engine thread. Queues one block of interleaved float32 frames and resolves when the device
	 * can take the next one: awaiting it paces the render loop. The buffer may be reused at once.
	 */
	write(block: Buffer): Promise<void>;
	/** Device errors that happen while playing (unplugged, xrun storm) land here. */
	onError(listener: (error: Error) => void): void;
	/** Plays out what is queued, then stops. */
	close(): Promise<void>;
}

/** Frames the device keeps queued ahead of what is heard (the latency of a null device too). */
export const QUEUE_BLOCKS = 2;
