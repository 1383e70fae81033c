// PortAudio output through naudiodon, loaded only in the engine worker and only on demand: if
// the addon is missing or cannot load, playback falls back to the null device and says why.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import { DeviceError } from '../../sessions/errors.js';
import type { DeviceInfo, DeviceStatus } from './device-types.js';

export type { DeviceInfo };
import { QUEUE_BLOCKS, type OutputDevice } from './output-device.js';

interface PaDevice {
	id: number;
	name: string;
	maxOutputChannels: number;
	defaultSampleRate: number;
	defaultLowOutputLatency: number;
	hostAPIName: string;
}

interface AudioStream extends Writable {
	start(): void;
	quit(cb?: () => void): Promise<void>;
	abort(cb?: () => void): void;
}

export interface Naudiodon {
	SampleFormatFloat32: number;
	getDevices(): PaDevice[];
	AudioIO: new (options: { outOptions: Record<string, unknown> }) => AudioStream;
}

let loaded: { module?: Naudiodon; reason?: string } | undefined;

/** The naudiodon addon, or why it is unavailable. Loaded once. */
export function loadNaudiodon(): { module?: Naudiodon; reason?: string } {
	if (loaded) return loaded;
	if (process.env['DUBDESK_AUDIO'] === 'null') {
		loaded = { reason: 'native audio is off (DUBDESK_AUDIO=null)' };
		return loaded;
	}
	const require = createRequire(import.meta.url);
	let path: string;
	try {
		path = require.resolve('naudiodon');
	} catch {
		loaded = { reason: 'naudiodon (PortAudio) is not installed' };
		return loaded;
	}
	// PortAudio aborts the whole process on some broken ALSA setups (an assertion while listing
	// devices). Try that once in a throwaway process, so a bad audio stack costs the mixer its
	// sound, not the session.
	const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path)}).getDevices()`], { stdio: 'ignore', timeout: 15_000 });
	if (probe.status !== 0) {
		const how = probe.signal ? `crashed (${probe.signal})` : probe.error ? probe.error.message : `failed (exit ${probe.status})`;
		loaded = { reason: `the audio system ${how} while listing devices; check the ALSA configuration` };
		return loaded;
	}
	try {
		loaded = { module: require(path) as Naudiodon };
	} catch (error) {
		const message = (error as Error).message.split('\n')[0] ?? '';
		loaded = { reason: `naudiodon (PortAudio) cannot load: ${message}` };
	}
	return loaded;
}

export function listOutputDevices(pa: Naudiodon): DeviceInfo[] {
	return pa
		.getDevices()
		.filter((d) => d.maxOutputChannels > 0)
		.map((d) => ({
			id: d.id,
			name: d.name,
			channels: d.maxOutputChannels,
			defaultSampleRate: d.defaultSampleRate,
			hostApi: d.hostAPIName,
			lowLatency: d.defaultLowOutputLatency,
		}));
}

/** A device by id ("3") or name (exact, else a unique case-insensitive part); undefined: the default. */
export function findDevice(devices: DeviceInfo[], query: string | undefined): DeviceInfo {
	if (devices.length === 0) throw new DeviceError(query ?? 'default', 'no audio output devices found');
	if (query === undefined) return devices.find((d) => d.name === 'default') ?? devices[0]!;
	if (/^\d+$/.test(query)) {
		const byId = devices.find((d) => d.id === Number(query));
		if (byId) return byId;
	}
	const exact = devices.find((d) => d.name === query);
	if (exact) return exact;
	const q = query.toLowerCase();
	const partial = devices.filter((d) => d.name.toLowerCase().includes(q));
	if (partial.length === 1) return partial[0]!;
	const names = devices.map((d) => `${d.id}: ${d.name}`).join(', ');
	throw new DeviceError(query, partial.length > 1 ? `matches several devices (${partial.map((d) => d.name).join(', ')})` : `no such output device (have ${names})`);
}

export class NativeDevice implements OutputDevice {
	readonly status: DeviceStatus;
	private readonly stream: AudioStream;
	private listeners: ((error: Error) => void)[] = [];
	private failed: Error | undefined;
	private closed = false;

	constructor(pa: Naudiodon, device: DeviceInfo, wanted: number, sampleRate: number, bufferFrames: number) {
		// A 5.1 master on a stereo device opens it in stereo: playback sends the fold-down (monitor.ts).
		const channels = device.channels >= wanted ? wanted : wanted === 6 && device.channels >= 2 ? 2 : 0;
		if (channels === 0) {
			throw new DeviceError(device.name, `has ${device.channels} output channels; this master needs ${wanted}`);
		}
		try {
			this.stream = new pa.AudioIO({
				outOptions: {
					channelCount: channels,
					sampleFormat: pa.SampleFormatFloat32,
					sampleRate,
					deviceId: device.id,
					framesPerBuffer: bufferFrames,
					maxQueue: QUEUE_BLOCKS,
					closeOnError: true,
				},
			});
		} catch (error) {
			throw new DeviceError(device.name, `cannot be opened at ${sampleRate} Hz, ${channels} channels: ${(error as Error).message}`);
		}
		// naudiodon logs stream errors with console.error; we report them ourselves.
		this.stream.removeAllListeners('error');
		this.stream.on('error', (error: Error) => this.fail(error));
		const latency = (QUEUE_BLOCKS + 1) * bufferFrames / sampleRate + device.lowLatency;
		this.status = {
			kind: 'native',
			name: device.name,
			sampleRate,
			channels,
			bufferFrames,
			latencyMs: latency * 1000,
		};
		this.stream.start();
	}

	private fail(error: Error): void {
		if (this.failed) return;
		this.failed = error;
		for (const l of this.listeners) l(error);
	}

	write(block: Buffer): Promise<void> {
		if (this.failed || this.closed) return Promise.resolve();
		return new Promise((resolve) => {
			// naudiodon copies the bytes as the write is issued, so the caller may reuse `block`.
			this.stream.write(block, (error?: Error | null) => {
				if (error) this.fail(error instanceof Error ? error : new Error(String(error)));
				resolve();
			});
		});
	}

	onError(listener: (error: Error) => void): void {
		this.listeners.push(listener);
	}

	close(): Promise<void> {
		if (this.closed) return Promise.resolve();
		this.closed = true;
		// After an error the stream may be gone; otherwise let the queued audio (the stop fade) play out.
		return new Promise((resolve) => (this.failed ? this.stream.abort(() => resolve()) : void this.stream.quit(() => resolve())));
	}
}
