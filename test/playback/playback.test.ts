// The real-time loop driven in-process with a fake device that records every buffer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setImmediate as tick } from 'node:timers/promises';
import { Playback, TRANSPORT_RAMP } from '../../engine/worker/playback.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import { RAMP_SECONDS } from '../../engine/dsp/ramp.js';
import type { EngineEvent } from '../../engine/worker/protocol.js';
import { FakeDevice } from '../helpers/fake-device.js';
import { loadSession } from '../../sessions/load.js';
import { moveClip, setTrackGain } from '../../sessions/edit.js';
import type { Session } from '../../sessions/types.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { writeFixture } from '../helpers/mix-fixture.js';

const SR = 48000;
const FRAMES = 256;


let dir: string;
let session: Session;
let file: string;

beforeAll(async () => {
	dir = await makeTempDir();
	// A constant 0.5 for 4 s: every gain change is visible sample by sample.
	({ sessionFile: file } = await writeFixture(dir, {
		sampleRate: SR,
		media: [{ name: 'dc.wav', encoding: 'float', bits: 32, signal: [new Array(SR * 4).fill(0.5)] }],
		tracks: [{ id: 't', pan: -1, clips: [{ media: 'dc.wav', at: 0 }] }],
	}));
	session = await loadSession(file);
});
afterAll(() => removeTempDir(dir));

function setup() {
	const events: EngineEvent[] = [];
	const devices: FakeDevice[] = [];
	const shared = SharedState.create();
	const playback = new Playback({
		shared,
		emit: (e) => events.push(e),
		openDevice: () => {
			const d = new FakeDevice();
			devices.push(d);
			return d;
		},
		bufferFrames: FRAMES,
	});
	/** Samples that have sounded (priming writes silence first). */
	const sounded = (i = 0) => {
		const x = devices[i]?.left ?? [];
		const first = x.findIndex((v) => v !== 0);
		return first < 0 ? 0 : x.length - first;
	};
	const until = async (test: () => boolean, what: string) => {
		for (let i = 0; i < 5000 && !test(); i++) await tick();
		if (!test()) throw new Error(`timed out waiting for ${what}`);
	};
	return { events, devices, shared, playback, until, sounded };
}

describe('playback', () => {
	it('ramps a fader move over 10 ms with no step larger than the ramp allows', async () => {
		const { devices, playback, until, sounded } = setup();
		await playback.handle({ type: 'load', session, sessionFile: file });
		await playback.handle({ type: 'play' });
		await until(() => sounded() > 20 * FRAMES, 'audio');
		await playback.handle({ type: 'load', session: setTrackGain(session, 't', -20), sessionFile: file });
		const sentAt = devices[0]!.left.length;
		await until(() => devices[0]!.left.length > sentAt + 10 * FRAMES, 'more audio');
		await playback.handle({ type: 'stop' });

		const x = devices[0]!.left;
		const high = 0.5; // pan hard left: L = cos(0) = 1
		const low = 0.5 * 10 ** (-20 / 20);
		const ramp = Math.round(RAMP_SECONDS * SR);
		const start = x.findIndex((v, i) => i > x.findIndex((u) => u !== 0) + TRANSPORT_RAMP && v < high - 1e-7);
		// The change lands within one buffer of the command …
		expect(start).toBeGreaterThanOrEqual(sentAt);
		expect(start).toBeLessThanOrEqual(sentAt + FRAMES);
		// … moves linearly, never by more than one ramp step per sample …
		const step = (high - low) / ramp;
		for (let i = start; i < start + ramp + 2; i++) expect(Math.abs(x[i]! - x[i - 1]!)).toBeLessThanOrEqual(step * 1.001);
		// … and arrives at the new level after the ramp.
		expect(x[start + ramp + 5]).toBeCloseTo(low, 6);
	});

	it('fades in over the first samples and out when stopped, never a step', async () => {
		const { devices, playback, until, sounded } = setup();
		await playback.handle({ type: 'load', session, sessionFile: file });
		await playback.handle({ type: 'play' });
		await until(() => sounded() > 4 * FRAMES, 'audio');
		await playback.handle({ type: 'stop' });
		const x = devices[0]!.left;
		const first = x.findIndex((v) => v !== 0);
		expect(x[first + TRANSPORT_RAMP + 1]).toBeCloseTo(0.5, 6);
		for (let i = first; i < first + TRANSPORT_RAMP; i++) expect(Math.abs(x[i]! - x[i - 1]!)).toBeLessThanOrEqual(0.5 / TRANSPORT_RAMP + 1e-6);
		const tail = x.slice(-FRAMES - 10);
		for (let i = 1; i < tail.length; i++) expect(Math.abs(tail[i]! - tail[i - 1]!)).toBeLessThanOrEqual(0.5 / TRANSPORT_RAMP + 1e-6);
		expect(x.at(-1)).toBe(0);
	});

	it('swaps the graph for a structural edit while playing without a gap or click', async () => {
		const { devices, playback, until, events, sounded } = setup();
		await playback.handle({ type: 'load', session, sessionFile: file });
		await playback.handle({ type: 'play' });
		await until(() => sounded() > 20 * FRAMES, 'audio');
		// Moving the clip later by 10 ms changes the graph; the signal stays 0.5 under the playhead.
		const moved = moveClip(session, 't', 0, 0.01);
		await playback.handle({ type: 'load', session: moved, sessionFile: file });
		await until(() => events.filter((e) => e.type === 'loaded').length === 2, 'the swap');
		const at = devices[0]!.left.length;
		await until(() => devices[0]!.left.length > at + 8 * FRAMES, 'more audio');
		await playback.handle({ type: 'stop' });
		const all = devices[0]!.left;
		const x = all.slice(all.findIndex((v) => v !== 0) + TRANSPORT_RAMP + 10, -FRAMES - 10);
		expect(Math.min(...x)).toBeCloseTo(0.5, 6);
		expect(Math.max(...x)).toBeCloseTo(0.5, 6);
	});

	it('loops a range and reports the position in shared memory', async () => {
		const { devices, playback, until, shared } = setup();
		await playback.handle({ type: 'load', session, sessionFile: file });
		await playback.handle({ type: 'loop', range: { from: 1, to: 1.1 } });
		await playback.handle({ type: 'locate', seconds: 1 });
		await playback.handle({ type: 'play' });
		await until(() => (devices[0]?.left.length ?? 0) > 60 * FRAMES, 'audio');
		const seconds = shared.seconds;
		await playback.handle({ type: 'stop' });
		expect(seconds).toBeGreaterThanOrEqual(1);
		expect(seconds).toBeLessThanOrEqual(1.1);
	});

	it('reports a device failure, stops cleanly and can play again', async () => {
		const { devices, playback, until, events } = setup();
		await playback.handle({ type: 'load', session, sessionFile: file });
		await playback.handle({ type: 'play' });
		await until(() => (devices[0]?.left.length ?? 0) > 4 * FRAMES, 'audio');
		devices[0]!.breakDown();
		await until(() => events.some((e) => e.type === 'error'), 'the error');
		expect(events.find((e) => e.type === 'error')).toMatchObject({ message: expect.stringMatching(/fake stopped: device unplugged/) });
		await until(() => !playback.playing, 'the stop');
		await playback.handle({ type: 'play' });
		await until(() => (devices[1]?.left.length ?? 0) > 4 * FRAMES, 'audio again');
		await playback.handle({ type: 'stop' });
	});

	it('stops at the end of the session and says so', async () => {
		const { playback, until, events, sounded } = setup();
		await playback.handle({ type: 'load', session, sessionFile: file });
		await playback.handle({ type: 'locate', seconds: 3.95 });
		await playback.handle({ type: 'play' });
		await until(() => events.some((e) => e.type === 'ended'), 'the end');
		expect(events.find((e) => e.type === 'ended')).toMatchObject({ seconds: 4 });
		// 50 ms of audio, then at most the rest of the last buffer (priming silence before it is not counted).
		expect(sounded()).toBeLessThanOrEqual(SR * 0.05 + FRAMES);
	});
});

it('a stop before anything sounded writes no fade block (no step from silence)', async () => {
	const events: EngineEvent[] = [];
	// Media arrives while the device is still taking the first (silent) priming buffer, and the
	// stop comes in that moment: media is resident but nothing has sounded.
	const device = new FakeDevice(200);
	const playback = new Playback({ shared: SharedState.create(), emit: (e) => events.push(e), openDevice: () => device, bufferFrames: FRAMES });
	await playback.handle({ type: 'load', session, sessionFile: file });
	await playback.handle({ type: 'play' });
	await playback.handle({ type: 'stop' });
	// The device was silent before: the first sample counts as a step from 0.
	const x = [0, ...device.left];
	for (let i = 1; i < x.length; i++) expect(Math.abs(x[i]! - x[i - 1]!)).toBeLessThanOrEqual(0.5 / TRANSPORT_RAMP + 1e-6);
});

it('a play sent while the session is still loading waits for it instead of being dropped', async () => {
	const events: EngineEvent[] = [];
	const device = new FakeDevice();
	const playback = new Playback({ shared: SharedState.create(), emit: (e) => events.push(e), openDevice: () => device, bufferFrames: FRAMES });
	// As the worker does: each command handled as it arrives, without waiting for the last.
	const loading = playback.handle({ type: 'load', session, sessionFile: file });
	const playing = playback.handle({ type: 'play' });
	await Promise.all([loading, playing]);
	expect(events.filter((e) => e.type === 'error')).toEqual([]);
	expect(playback.playing).toBe(true);
	await playback.handle({ type: 'stop' });
});
