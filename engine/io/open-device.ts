// Chooses the output for playback: the named (or default) PortAudio device, or the null device
// with the reason when none can be opened. A device the user named that does not exist is an
// error, not a silent fallback.
import { DeviceError } from '../../sessions/errors.js';
import { NullDevice } from './null-device.js';
import { findDevice, listOutputDevices, loadNaudiodon, NativeDevice } from './native-device.js';
import type { OutputDevice } from './output-device.js';
import type { DeviceInfo } from './device-types.js';

/** Output devices PortAudio can see, or why there are none to ask. */
export function listDevices(): { devices: DeviceInfo[]; reason?: string } {
	const { module, reason } = loadNaudiodon();
	if (!module) return { devices: [], reason };
	return { devices: listOutputDevices(module) };
}

export function openOutputDevice(query: string | undefined, channels: number, sampleRate: number, bufferFrames: number): OutputDevice {
	if (query === 'null') return new NullDevice(sampleRate, channels, bufferFrames, 'the null device was chosen');
	const { module, reason } = loadNaudiodon();
	if (!module) {
		if (query !== undefined) throw new DeviceError(query, reason ?? 'native audio is unavailable');
		return new NullDevice(sampleRate, channels, bufferFrames, reason);
	}
	try {
		const device = findDevice(listOutputDevices(module), query);
		return new NativeDevice(module, device, channels, sampleRate, bufferFrames);
	} catch (error) {
		if (query !== undefined || !(error instanceof DeviceError)) throw error;
		return new NullDevice(sampleRate, channels, bufferFrames, error.problem === 'no audio output devices found' ? 'no audio output device (no sound card?)' : error.message);
	}
}
