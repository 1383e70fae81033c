// Engine worker entry (worker_threads). Filled in by the real-time playback work (issue 4).
import { parentPort } from 'node:worker_threads';

parentPort?.postMessage({ type: 'ready' });
