// What playback says without stopping: NaN samples in float media play as silence, said once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Playback } from '../../engine/worker/playback.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import type { OutputDevice } from '../../engine/io/output-device.js';
import type { DeviceStatus, EngineEvent } from '../../engine/worker/protocol.js';
import { loadSession } from '../../sessions/load.js';
import type { Session } from '../../sessions/types.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { writeFixture } from '../helpers/mix-fixture.js';

const SR = 48000;
let dir: string;
let session: Session;
let file: string;
beforeAll(async () => {
	dir = await makeTempDir();
	const signal = Array.from({ length: SR }, (_, i) => (i % 1000 === 500 ? NaN : 0.25));
	({ sessionFile: file } = await writeFixture(dir, {
		sampleRate: SR,
		media: [{ name: 'nan.wav', encoding: 'float', bits: 32, signal: [signal] }],
		tracks: [{ id: 't', clips: [{ media: 'nan.wav', at: 0 }] }],
	}));
	session = await loadSession(file);
});
afterAll(() => removeTempDir(dir));

it('plays NaN samples as silence, never sends them to the device, and says so once', async () => {
	const events: EngineEvent[] = [];
	const out: number[] = [];
	const status: DeviceStatus = { kind: 'null', name: 'fake', sampleRate: SR, channels: 2, bufferFrames: 256, latencyMs: 0 };
	const device: OutputDevice = {
		status,
		async write(block) {
			const f = new Float32Array(block.buffer, block.byteOffset, block.length / 4);
			for (const v of f) out.push(v);
			await new Promise((r) => setImmediate(r));
		},
		onError() {},
		async close() {},
	};
	const playback = new Playback({ shared: SharedState.create(), emit: (e) => events.push(e), openDevice: () => device, bufferFrames: 256 });
	await playback.handle({ type: 'load', session, sessionFile: file });
	await playback.handle({ type: 'play' });
	for (let i = 0; i < 2000 && !events.some((e) => e.type === 'ended'); i++) await new Promise((r) => setTimeout(r, 2));
	expect(events.some((e) => e.type === 'ended')).toBe(true);
	expect(out.every(Number.isFinite)).toBe(true);
	const notices = events.filter((e) => e.type === 'notice');
	expect(notices).toHaveLength(1);
	expect(notices[0]).toMatchObject({ message: expect.stringMatching(/NaN or infinite samples; \d+ played as silence/) });
	expect(events.some((e) => e.type === 'error')).toBe(false);
});
