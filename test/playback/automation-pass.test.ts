// Automation passes through the real-time loop with a paced fake device: each mode's semantics,
// and what was heard during the pass equals the offline print of the session with the lanes
// the pass wrote, sample for sample.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Playback, TRANSPORT_RAMP } from '../../engine/worker/playback.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import { planFromSession } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';
import type { EngineEvent } from '../../engine/worker/protocol.js';
import { FakeDevice } from '../helpers/fake-device.js';
import { loadSession } from '../../sessions/load.js';
import { applyPass } from '../../sessions/edit-pass.js';
import { RETURN_SECONDS } from '../../engine/worker/pass-writer.js';
import type { AutomationMode, Session } from '../../sessions/types.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { writeFixture } from '../helpers/mix-fixture.js';

const SR = 48000;
const FRAMES = 256;


let dir: string;
let file: string;
let base: Session;
beforeAll(async () => {
	dir = await makeTempDir();
	({ sessionFile: file } = await writeFixture(dir, {
		sampleRate: SR,
		media: [{ name: 'dc.wav', encoding: 'float', bits: 32, signal: [new Array(SR * 4).fill(0.5)] }],
		tracks: [{ id: 't', pan: -1, clips: [{ media: 'dc.wav', at: 0 }] }],
	}));
	base = await loadSession(file);
});
afterAll(() => removeTempDir(dir));

const withMode = (s: Session, mode: AutomationMode, automation: object = {}): Session => ({
	...s,
	tracks: s.tracks.map((t, i) => (i === 0 ? { ...t, automation: { mode, ...automation } as Session['tracks'][number]['automation'] } : t)),
});

async function pass(session: Session, script: (p: Playback, wait: (buffers: number) => Promise<void>) => Promise<void>) {
	const events: EngineEvent[] = [];
	const device = new FakeDevice(1);
	const playback = new Playback({ shared: SharedState.create(), emit: (e) => events.push(e), openDevice: () => device, bufferFrames: FRAMES, plan: (s, f) => planFromSession(s, f) });
	const wait = async (buffers: number) => {
		const at = device.left.length;
		const deadline = Date.now() + 10_000;
		while (device.left.length < at + buffers * FRAMES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
	};
	await playback.handle({ type: 'load', session, sessionFile: file });
	await playback.handle({ type: 'play' });
	await wait(20);
	await script(playback, wait);
	await playback.handle({ type: 'stop' });
	const written = events.find((e) => e.type === 'pass');
	return { heard: device.left, written: written?.type === 'pass' ? written : undefined, events };
}

/** The print of `session` from 0, float32 as the device gets it, left channel. */
async function print(session: Session, frames: number): Promise<number[]> {
	const plan = await planFromSession(session, file);
	const out: number[] = [];
	await renderOffline(plan, { from: 0, to: frames, onBlock: (r, n) => { for (let i = 0; i < n; i++) out.push(Math.fround(r.master[0]![i]!)); } });
	return out;
}

/** Heard (after the device's leading silence, past the start fade, before the stop fade) against the print. */
async function heardEqualsPrinted(heard: number[], saved: Session): Promise<void> {
	// The start fade's first sample is 0: the pass begins one sample before the first sound.
	const first = heard.findIndex((v) => v !== 0) - 1;
	const body = heard.slice(first);
	const frames = body.length - FRAMES;
	const printed = await print(saved, frames);
	let mismatches = 0;
	for (let i = TRANSPORT_RAMP * 2; i < frames - FRAMES; i++) if (body[i] !== printed[i]) mismatches++;
	expect(mismatches).toBe(0);
}

describe('automation passes', () => {
	it('touch: a ride is written while touched and glides back to the lane it had; heard = printed', async () => {
		const session = withMode(base, 'touch');
		const { heard, written } = await pass(session, async (p, wait) => {
			for (const db of [-2, -4, -6, -8, -10]) {
				await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: db });
				await wait(3);
			}
			await wait(10);
			await p.handle({ type: 'touch', target: 'track', id: 't', param: 'gain', touching: false });
			await wait(Math.ceil((RETURN_SECONDS * SR) / FRAMES) + 10);
		});
		expect(written?.lanes.map((l) => l.lane)).toEqual(['gain']);
		const points = written!.lanes[0]!.points;
		// From the static 0 dB, down to −10, back to 0 dB after the release.
		expect(points[0]![1]).toBe(0);
		expect(Math.min(...points.map((x) => x[1]))).toBe(-10);
		expect(points.at(-1)![1]).toBe(0);
		expect(points.at(-1)![0] - points.at(-2)![0]).toBeCloseTo(RETURN_SECONDS, 9);
		// The fader was at −10 dB while held.
		const first = heard.findIndex((v) => v !== 0) - 1;
		const held = Math.round((points.at(-2)![0] - 0.005) * SR);
		expect(heard[first + held]).toBeCloseTo(0.5 * 10 ** (-10 / 20), 6);
		await heardEqualsPrinted(heard, applyPass(session, written!.lanes));
	});

	it('latch: the last value holds from the release until stop', async () => {
		const session = withMode(base, 'latch');
		const { heard, written } = await pass(session, async (p, wait) => {
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -6 });
			await wait(5);
			await p.handle({ type: 'touch', target: 'track', id: 't', param: 'gain', touching: false });
			await wait(40);
		});
		const points = written!.lanes[0]!.points;
		// −6 dB held to the stop point, then the return to the static value.
		expect(points.at(-2)![1]).toBe(-6);
		const stopAt = points.at(-2)![0];
		expect(stopAt).toBeGreaterThan(points[1]![0] + (30 * FRAMES) / SR);
		await heardEqualsPrinted(heard, applyPass(session, written!.lanes));
	});

	it('write: every control of the strip is written from play to stop, and the mode becomes touch', async () => {
		const session = withMode(base, 'write', { pan: [[0, -1], [1, -1]] });
		const { heard, written } = await pass(session, async (p, wait) => {
			await wait(5);
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'pan', value: -0.5 });
			await wait(20);
		});
		expect(written!.lanes.map((l) => l.lane).sort()).toEqual(['gain', 'pan']);
		const saved = applyPass(session, written!.lanes);
		expect((saved.tracks[0]!.automation as { mode?: string }).mode).toBe('touch');
		await heardEqualsPrinted(heard, saved);
	});

	it('trim: a touched fader writes an offset added to the lane it had, which goes on after the release', async () => {
		const session = withMode(base, 'trim', { gain: [[0, 0], [0.2, -3], [0.4, -12]] });
		const { heard, written } = await pass(session, async (p, wait) => {
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -6 });
			// Held past the old lane's point at 0.2 s.
			await wait(30);
			await p.handle({ type: 'touch', target: 'track', id: 't', param: 'gain', touching: false });
			await wait(Math.ceil((RETURN_SECONDS * SR) / FRAMES) + 10);
		});
		const lane = written!.lanes[0]!.points;
		const old = (x: number) => (x <= 0.2 ? (-3 * x) / 0.2 : x <= 0.4 ? -3 - (9 * (x - 0.2)) / 0.2 : -12);
		// The old lane's own points come through, 6 dB lower where the offset held.
		const at = lane.find(([x]) => Math.abs(x - 0.2) < 1e-12);
		expect(at?.[1]).toBeCloseTo(old(0.2) - 6, 9);
		// After the release and the return, the lane it had (−12 dB from 0.4 s on).
		expect(lane.at(-1)![1]).toBe(-12);
		await heardEqualsPrinted(heard, applyPass(session, written!.lanes));
	});

	it('touch on a strip parameter and a send: written on the timeline grid, heard as printed', async () => {
		const strip: Session = {
			...base,
			buses: [{ id: 'VERB', output: 'master', gain: 0, mute: false, reverb: { on: true, decay: 0.3, predelay: 0, size: 0.3, damping: 0.5, width: 1, mix: 1 } }],
			tracks: [{ ...base.tracks[0]!, strip: { bypass: false, trim: 0, eq: [{ on: true, type: 'lowShelf', freq: 300, gain: 0, q: 0.71 }] }, sends: [{ on: true, to: 'VERB', gain: -12, pre: false }] }],
		};
		const session = withMode(strip, 'touch');
		const { heard, written } = await pass(session, async (p, wait) => {
			for (const g of [2, 4, 6]) {
				await p.handle({ type: 'param', target: 'track', id: 't', param: 'strip.eq.0.gain', value: g });
				await p.handle({ type: 'param', target: 'track', id: 't', param: 'send.VERB', value: -12 + g });
				await wait(4);
			}
			await p.handle({ type: 'touch', target: 'track', id: 't', param: 'strip.eq.0.gain', touching: false });
			await wait(10);
		});
		expect(written!.lanes.map((l) => l.lane).sort()).toEqual(['eq.0.gain', 'send.VERB']);
		await heardEqualsPrinted(heard, applyPass(session, written!.lanes));
	});

	it('a ride written while a structural edit rebuilds the graph is heard as printed', async () => {
		// A second, silent track: moving its clip rebuilds the graph mid-pass.
		const two: Session = { ...base, tracks: [base.tracks[0]!, { ...base.tracks[0]!, id: 'u', mute: true }] };
		const session = withMode(two, 'touch');
		const { heard, written, events } = await pass(session, async (p, wait) => {
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -4 });
			await wait(4);
			const moved = { ...session, tracks: [session.tracks[0]!, { ...session.tracks[1]!, clips: [{ ...session.tracks[1]!.clips[0]!, at: 0.5 }] }] };
			void p.handle({ type: 'load', session: moved, sessionFile: file });
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -8 });
			await wait(30);
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -2 });
			await wait(10);
		});
		expect(events.filter((e) => e.type === 'loaded')).toHaveLength(2);
		const saved = applyPass(session, written!.lanes);
		await heardEqualsPrinted(heard, { ...saved, tracks: [saved.tracks[0]!, { ...saved.tracks[1]!, clips: [{ ...saved.tracks[1]!.clips[0]!, at: 0.5 }] }] });
	});

	it('write to end: the touched value holds to the end of the lane, with no return; heard as printed', async () => {
		const session = withMode(base, 'touch', { gain: [[0, 0], [3, -20]] });
		const { heard, written, events } = await pass(session, async (p, wait) => {
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -5 });
			await wait(6);
			await p.handle({ type: 'fill', to: 'end' });
			await p.handle({ type: 'touch', target: 'track', id: 't', param: 'gain', touching: false });
			await wait(20);
		});
		const points = written!.lanes[0]!.points;
		// −5 dB from the ride on; the old lane's later point (−20 dB at 3 s) is gone.
		expect(points.at(-1)![1]).toBe(-5);
		expect(points.some(([t]) => t === 3)).toBe(false);
		expect(events.some((e) => e.type === 'notice' && /written to the end: 1 control/.test(e.message))).toBe(true);
		await heardEqualsPrinted(heard, applyPass(session, written!.lanes));
	});

	it('fill to the punch point: the value is written back to where the touch began', async () => {
		const session = withMode(base, 'touch');
		const { written } = await pass(session, async (p, wait) => {
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -3 });
			await wait(4);
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -9 });
			await wait(4);
			await p.handle({ type: 'fill', to: 'punch' });
			await wait(4);
		});
		const points = written!.lanes[0]!.points;
		// From the punch-in on, −9 dB only (the −3 dB stretch is rewritten).
		const punchIn = points.findIndex(([, v]) => v === -9);
		expect(points.slice(punchIn).every(([, v]) => v === -9)).toBe(true);
		expect(points.some(([, v]) => v === -3)).toBe(false);
		// Before the punch-in, the lane it had (the static 0 dB).
		expect(points[0]![1]).toBe(0);
	});

	it('thins a ride: moves under 0.1 dB add no point, and the lane stays within 0.1 dB of every value given', async () => {
		const session = withMode(base, 'latch');
		const given: number[] = [];
		const { written } = await pass(session, async (p, wait) => {
			// A slow ride in 0.03 dB steps, then a jump.
			for (let k = 1; k <= 40; k++) {
				given.push(-0.03 * k);
				await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -0.03 * k });
				if (k % 4 === 0) await wait(1);
			}
			given.push(-6);
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -6 });
			await wait(5);
		});
		const points = written!.lanes[0]!.points;
		// About one value in four makes a point (each with the hold point that keeps what was heard).
		expect(new Set(points.map(([, v]) => v)).size).toBeLessThan(given.length / 3);
		const values = points.map(([, v]) => v);
		// Every value given is within the tolerance of a value the lane holds.
		for (const v of given) expect(Math.min(...values.map((x) => Math.abs(x - v)))).toBeLessThanOrEqual(0.1 + 1e-12);
		expect(values).toContain(-6);
	});

	it("a bus in touch mode: its fader and a strip parameter are written, heard as printed", async () => {
		const withBus: Session = {
			...base,
			buses: [{ id: 'DX', output: 'master', gain: 0, mute: false, strip: { bypass: false, trim: 0, eq: [{ on: true, type: 'highShelf', freq: 2000, gain: 0, q: 0.71 }] }, automation: { mode: 'touch' } as Session['buses'][number]['automation'] }],
			tracks: [{ ...base.tracks[0]!, output: 'DX' }],
		};
		const { heard, written } = await pass(withBus, async (p, wait) => {
			await p.handle({ type: 'param', target: 'bus', id: 'DX', param: 'gain', value: -7 });
			await p.handle({ type: 'param', target: 'bus', id: 'DX', param: 'strip.trim', value: -2 });
			await wait(8);
			await p.handle({ type: 'touch', target: 'bus', id: 'DX', param: 'gain', touching: false });
			await wait(Math.ceil((RETURN_SECONDS * SR) / FRAMES) + 6);
		});
		expect(written!.lanes.map((l) => `${l.target}:${l.track}:${l.lane}`).sort()).toEqual(['bus:DX:gain', 'bus:DX:trim']);
		await heardEqualsPrinted(heard, applyPass(withBus, written!.lanes));
	});

	it('a mute toggled in a latch pass is written as steps, heard as printed', async () => {
		const session = withMode(base, 'latch');
		const { heard, written } = await pass(session, async (p, wait) => {
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'mute', value: true });
			await wait(6);
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'mute', value: false });
			await wait(6);
		});
		const points = written!.lanes.find((l) => l.lane === 'mute')!.points;
		expect(points.map(([, v]) => v)).toEqual([0, 1, 1, 0, 0]);
		await heardEqualsPrinted(heard, applyPass(session, written!.lanes));
	});

	it('the master in touch mode: its fader and a strip parameter are written, heard as printed', async () => {
		const withMaster: Session = { ...base, master: { ...base.master, strip: { bypass: false, trim: 0 }, automation: { mode: 'touch' } as Session['master']['automation'] } };
		const { heard, written } = await pass(withMaster, async (p, wait) => {
			await p.handle({ type: 'param', target: 'master', id: 'master', param: 'gain', value: -4 });
			await p.handle({ type: 'param', target: 'master', id: 'master', param: 'strip.trim', value: 3 });
			await wait(8);
			await p.handle({ type: 'touch', target: 'master', id: 'master', param: 'gain', touching: false });
			await wait(Math.ceil((RETURN_SECONDS * SR) / FRAMES) + 6);
		});
		expect(written!.lanes.map((l) => `${l.target}:${l.lane}`).sort()).toEqual(['master:gain', 'master:trim']);
		const saved = applyPass(withMaster, written!.lanes);
		expect(saved.master.automation?.gain?.length).toBeGreaterThan(2);
		await heardEqualsPrinted(heard, saved);
	});

	it("the session's return and glide times shape a touch pass", async () => {
		const session = { ...withMode(base, 'touch'), passes: { return: 0.1, glide: 0.05 } };
		const { heard, written } = await pass(session, async (p, wait) => {
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -6 });
			await wait(30);
			await p.handle({ type: 'touch', target: 'track', id: 't', param: 'gain', touching: false });
			await wait(30);
		});
		const points = written!.lanes[0]!.points;
		// In over 50 ms, back over 100 ms.
		expect(points[1]![0] - points[0]![0]).toBeCloseTo(0.05, 9);
		expect(points.at(-1)![0] - points.at(-2)![0]).toBeCloseTo(0.1, 9);
		await heardEqualsPrinted(heard, applyPass(session, written!.lanes));
	});

	it('read: values are applied live and nothing is written', async () => {
		const { written } = await pass(withMode(base, 'read'), async (p, wait) => {
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'gain', value: -6 });
			await wait(5);
		});
		expect(written).toBeUndefined();
	});
});
