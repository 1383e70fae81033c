// Output devices as the backends describe them and the UI shows them.

/** An output device as `dubdesk devices` lists it. */
export interface DeviceInfo {
	id: number;
	name: string;
	/** Maximum output channels. */
	channels: number;
	defaultSampleRate: number;
	hostApi: string;
	/** PortAudio's low-latency estimate, seconds. */
	lowLatency: number;
}

export interface DeviceStatus {
	/** 'native' is a real PortAudio device; 'null' is the paced fallback with no output. */
	kind: 'native' | 'null';
	name: string;
	sampleRate: number;
	channels: number;
	bufferFrames: number;
	/** Output latency the user hears, milliseconds. */
	latencyMs: number;
	/** Why playback is on the null device (no sound card, device busy, naudiodon missing …). */
	reason?: string;
}
