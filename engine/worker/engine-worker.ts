// Engine worker entry (worker_threads): owns the graph, media streaming, the device and meters.
// naudiodon is loaded here only, and only when playback starts.
import { parentPort, workerData } from 'node:worker_threads';
import { Playback } from './playback.js';
import { SharedState } from './shared-state.js';
import type { EngineCommand, EngineEvent } from './protocol.js';
import { listDevices, openOutputDevice } from '../io/open-device.js';

const port = parentPort!;
const shared = SharedState.attach((workerData as { shared: SharedArrayBuffer }).shared);
const emit = (event: EngineEvent) => port.postMessage(event);
const playback = new Playback({
	shared,
	emit,
	openDevice: openOutputDevice,
	listDevices,
	bufferFrames: (workerData as { bufferFrames?: number }).bufferFrames,
});

port.on('message', (command: EngineCommand) => {
	playback.handle(command).then(
		() => {
			if (command.type === 'close') port.close();
		},
		(error: Error) => emit({ type: 'error', message: error.message }),
	);
});
emit({ type: 'ready' });
