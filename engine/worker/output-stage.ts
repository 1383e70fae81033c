// The output side of the playback loop: opening the device for a run (and saying why it cannot
// play this master), the interleaved buffer the loop renders into, and the monitor stage that
// turns that buffer into the device's block (the mix, its fold-down, mono). Engine thread;
// write() is on the audio path and allocates nothing beyond the device's own promise.
import type { OutputDevice } from '../io/output-device.js';
import type { EngineEvent } from './protocol.js';
import { MonitorStage, type MonitorMode } from './monitor.js';

export type OpenDevice = (query: string | undefined, channels: number, sampleRate: number, bufferFrames: number) => OutputDevice;

export class OutputStage {
	/** One device buffer of the mix, interleaved at the master's channels: the loop renders here. */
	mix = new Float32Array(0);
	/** The bytes under `mix` (the monitor's pass-through hands them to the device as they are). */
	private bytes = Buffer.alloc(0);
	/** What the device gets of the mix; takes and meters keep the mix. */
	private readonly feed = new MonitorStage();

	constructor(private readonly emit: (event: EngineEvent) => void) {}

	/** Engine thread, between buffers: the monitor switches with its own crossfade. */
	setMonitor(mode: MonitorMode): void {
		this.feed.set(mode);
	}

	/**
	 * Engine thread, at the start of a run: opens the device for a master of `channels` and sizes
	 * the buffers for `frames`. On failure, `problem` says why it cannot play, with the device
	 * when it opened with the wrong channel count (the caller closes it and reports).
	 */
	open(openDevice: OpenDevice, query: string | undefined, channels: number, sampleRate: number, frames: number): { device: OutputDevice; problem?: undefined } | { device?: OutputDevice; problem: string } {
		let device: OutputDevice;
		try {
			device = openDevice(query, channels, sampleRate, frames);
		} catch (error) {
			return { problem: (error as Error).message };
		}
		this.emit({ type: 'device', status: device.status });
		const deviceChannels = device.status.channels;
		if (deviceChannels < 2 || deviceChannels > channels) {
			return { device, problem: `audio device ${device.status.name} opened with ${deviceChannels} channels; this master needs ${channels}` };
		}
		if (deviceChannels < channels) this.emit({ type: 'notice', message: `${device.status.name} has ${deviceChannels} outputs: it plays the 5.1 master's stereo fold-down (prints and takes stay 5.1)` });
		if (this.bytes.length !== frames * channels * 4) {
			this.bytes = Buffer.alloc(frames * channels * 4);
			this.mix = new Float32Array(this.bytes.buffer, this.bytes.byteOffset, frames * channels);
		}
		this.feed.configure(channels, deviceChannels, sampleRate, frames);
		return { device };
	}

	/** Engine thread, per buffer: hands the device its block of `mix` (paced by the device). */
	write(device: OutputDevice, frames: number): Promise<void> {
		return device.write(this.feed.output(this.mix, this.bytes, frames));
	}
}
