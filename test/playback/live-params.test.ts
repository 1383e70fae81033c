// The engine owns the live state: parameter changes land live (strip values included), reach a
// graph that is being rebuilt, and a control the graph does not have yet rebuilds it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Playback } from '../../engine/worker/playback.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import { planFromSession } from '../../engine/session-plan.js';
import type { EngineEvent } from '../../engine/worker/protocol.js';
import { FakeDevice } from '../helpers/fake-device.js';
import { loadSession } from '../../sessions/load.js';
import { moveClip } from '../../sessions/edit.js';
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
	({ sessionFile: file } = await writeFixture(dir, {
		sampleRate: SR,
		media: [{ name: 'dc.wav', encoding: 'float', bits: 32, signal: [new Array(SR * 4).fill(0.5)] }],
		tracks: [{ id: 't', pan: -1, clips: [{ media: 'dc.wav', at: 0 }] }],
	}));
	const plain = await loadSession(file);
	// A strip with only a trim: strip values are live from the start.
	session = { ...plain, tracks: [{ ...plain.tracks[0]!, strip: { bypass: false, trim: 0 } }] };
});
afterAll(() => removeTempDir(dir));

function setup(planDelayMs = 0) {
	const events: EngineEvent[] = [];
	// Roughly paced, so 4 s of media outlasts a rebuild.
	const device = new FakeDevice(1);
	const playback = new Playback({
		shared: SharedState.create(),
		emit: (e) => events.push(e),
		openDevice: () => device,
		bufferFrames: FRAMES,
		// A slow planner widens the window in which a rebuild is in flight.
		plan: async (s, f) => {
			const p = await planFromSession(s, f);
			if (planDelayMs > 0) await new Promise((r) => setTimeout(r, planDelayMs));
			return p;
		},
	});
	const until = async (test: () => boolean, what: string) => {
		const deadline = Date.now() + 10_000;
		while (!test() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
		if (!test()) throw new Error(`timed out waiting for ${what}`);
	};
	const more = async (buffers: number) => {
		const at = device.left.length;
		await until(() => device.left.length > at + buffers * FRAMES, 'more audio');
	};
	return { events, device, playback, until, more };
}

describe('live parameters', () => {
	it('a strip value changes live, without a rebuild', async () => {
		const { device, playback, events, more } = setup();
		await playback.handle({ type: 'load', session, sessionFile: file });
		await playback.handle({ type: 'play' });
		await more(10);
		await playback.handle({ type: 'param', target: 'track', id: 't', param: 'strip.trim', value: -6 });
		await more(10);
		await playback.handle({ type: 'stop' });
		expect(events.filter((e) => e.type === 'loaded')).toHaveLength(1);
		const x = device.left;
		expect(x[x.length - 2 * FRAMES]).toBeCloseTo(0.5 * 10 ** (-6 / 20), 6);
	});

	it('a fader move sent while a structural edit rebuilds the graph is heard after the swap', async () => {
		const { device, playback, events, until, more } = setup(150);
		await playback.handle({ type: 'load', session, sessionFile: file });
		await playback.handle({ type: 'play' });
		await more(10);
		// The rebuild takes 150 ms to plan; the fader move arrives in the middle of it.
		const rebuilding = playback.handle({ type: 'load', session: moveClip(session, 't', 0, 0.01), sessionFile: file });
		await new Promise((r) => setTimeout(r, 30));
		await playback.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -20 });
		await rebuilding;
		await until(() => events.filter((e) => e.type === 'loaded').length === 2, 'the swap');
		await more(20);
		await playback.handle({ type: 'stop' });
		const x = device.left;
		expect(x[x.length - 2 * FRAMES]).toBeCloseTo(0.5 * 10 ** (-20 / 20), 6);
	});

	it('switching on a section the graph does not have rebuilds it, and the section is heard', async () => {
		const { device, playback, events, until, more } = setup();
		await playback.handle({ type: 'load', session, sessionFile: file });
		await playback.handle({ type: 'play' });
		await more(10);
		// A high-pass on a constant: the output decays to nothing.
		await playback.handle({ type: 'param', target: 'track', id: 't', param: 'strip.hpf.on', value: true });
		await until(() => events.filter((e) => e.type === 'loaded').length === 2, 'the rebuild');
		await more(200);
		await playback.handle({ type: 'stop' });
		const x = device.left;
		expect(Math.abs(x[x.length - 2 * FRAMES]!)).toBeLessThan(1e-3);
	});
});
