// Automation passes on panY and the LFE send of a 5.1 session, through the real-time loop with
// a six-channel device: touch writes and returns, trim starts from a closed LFE send, write mode
// writes both, and every channel heard equals the print of the session the pass saved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Playback, TRANSPORT_RAMP } from '../../engine/worker/playback.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import { planFromSession } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';
import type { OutputDevice } from '../../engine/io/output-device.js';
import type { DeviceStatus, EngineEvent } from '../../engine/worker/protocol.js';
import { loadSession } from '../../sessions/load.js';
import { applyPass } from '../../sessions/edit-pass.js';
import { RETURN_SECONDS, THIN_PAN } from '../../engine/worker/pass-writer.js';
import type { AutomationMode, Session } from '../../sessions/types.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { writeFixture } from '../helpers/mix-fixture.js';

const SR = 48000;
const FRAMES = 256;
const LFE = 3;
const LS = 4;

/** Keeps every channel of every frame it is given. */
class SixChannels implements OutputDevice {
	readonly status: DeviceStatus = { kind: 'null', name: 'six', sampleRate: SR, channels: 6, bufferFrames: FRAMES, latencyMs: 0 };
	readonly channels: number[][] = Array.from({ length: 6 }, () => []);
	async write(block: Buffer): Promise<void> {
		const f = new Float32Array(block.buffer, block.byteOffset, block.length / 4);
		for (let i = 0; i < f.length; i += 6) for (let c = 0; c < 6; c++) this.channels[c]!.push(f[i + c]!);
		await new Promise((r) => setTimeout(r, 0));
	}
	onError(): void {}
	async close(): Promise<void> {}
}

let dir: string;
let file: string;
let base: Session;
beforeAll(async () => {
	dir = await makeTempDir();
	({ sessionFile: file } = await writeFixture(dir, {
		sampleRate: SR,
		format: '5.1',
		media: [{ name: 'dc.wav', encoding: 'float', bits: 32, signal: [new Array(SR * 4).fill(0.5)] }],
		tracks: [{ id: 't', pan: -1, clips: [{ media: 'dc.wav', at: 0 }] }],
	}));
	base = await loadSession(file);
});
afterAll(() => removeTempDir(dir));

const withMode = (s: Session, mode: AutomationMode, extra: object = {}): Session => ({
	...s,
	tracks: s.tracks.map((t, i) => (i === 0 ? { ...t, ...extra, automation: { mode } as Session['tracks'][number]['automation'] } : t)),
});

async function pass(session: Session, script: (p: Playback, wait: (buffers: number) => Promise<void>) => Promise<void>) {
	const events: EngineEvent[] = [];
	const device = new SixChannels();
	const playback = new Playback({ shared: SharedState.create(), emit: (e) => events.push(e), openDevice: () => device, bufferFrames: FRAMES, plan: (s, f) => planFromSession(s, f) });
	const wait = async (buffers: number) => {
		const at = device.channels[0]!.length;
		const deadline = Date.now() + 10_000;
		while (device.channels[0]!.length < at + buffers * FRAMES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
	};
	await playback.handle({ type: 'load', session, sessionFile: file });
	await playback.handle({ type: 'play' });
	await wait(20);
	await script(playback, wait);
	await playback.handle({ type: 'stop' });
	await playback.handle({ type: 'close' });
	const written = events.find((e) => e.type === 'pass');
	return { heard: device.channels, lanes: written?.type === 'pass' ? written.lanes : [] };
}

/** Every channel heard (from the first sound, past the start fade, before the stop fade) equals the print of `saved`. */
async function heardEqualsPrinted(heard: number[][], saved: Session): Promise<void> {
	const first = heard[0]!.findIndex((v) => v !== 0) - 1;
	const frames = heard[0]!.length - first - FRAMES;
	const plan = await planFromSession(saved, file);
	const printed: number[][] = Array.from({ length: 6 }, () => []);
	await renderOffline(plan, { from: 0, to: frames, threads: 1, onBlock: (r, n) => { for (let c = 0; c < 6; c++) for (let i = 0; i < n; i++) printed[c]!.push(Math.fround(r.master[c]![i]!)); } });
	for (let c = 0; c < 6; c++) {
		let mismatches = 0;
		for (let i = TRANSPORT_RAMP * 2; i < frames - FRAMES; i++) if (heard[c]![first + i] !== printed[c]![i]) mismatches++;
		expect(mismatches, `channel ${c}`).toBe(0);
	}
}

describe('surround automation passes', () => {
	it('touch: panY and the LFE send are written while touched, return after release, heard as printed', async () => {
		const session = withMode(base, 'touch');
		const { heard, lanes } = await pass(session, async (p, wait) => {
			for (const [y, lfe] of [[-0.5, -20], [0, -10], [0.5, -6]] as const) {
				await p.handle({ type: 'param', target: 'track', id: 't', param: 'panY', value: y });
				await p.handle({ type: 'param', target: 'track', id: 't', param: 'lfe', value: lfe });
				await wait(4);
			}
			await p.handle({ type: 'touch', target: 'track', id: 't', param: 'panY', touching: false });
			await p.handle({ type: 'touch', target: 'track', id: 't', param: 'lfe', touching: false });
			await wait(Math.ceil((RETURN_SECONDS * SR) / FRAMES) + 10);
		});
		expect(lanes.map((l) => l.lane).sort()).toEqual(['lfe', 'panY']);
		const panY = lanes.find((l) => l.lane === 'panY')!.points;
		expect(panY[0]![1]).toBe(-1);
		expect(Math.max(...panY.map((x) => x[1]))).toBe(0.5);
		expect(panY.at(-1)![1]).toBe(-1);
		const lfe = lanes.find((l) => l.lane === 'lfe')!.points;
		expect(lfe[0]![1]).toBe(-Infinity);
		expect(Math.max(...lfe.map((x) => x[1]))).toBe(-6);
		// The rear and the LFE were heard while held.
		expect(Math.max(...heard[LS]!)).toBeGreaterThan(0.3);
		expect(Math.max(...heard[LFE]!)).toBeCloseTo(0.5 * 10 ** (-6 / 20), 6);
		await heardEqualsPrinted(heard, applyPass(session, lanes));
	});

	it('thins panY moves under 0.005 and trims an LFE send up from −∞, heard as printed', async () => {
		const session = withMode(base, 'trim', { lfe: -Infinity });
		const { heard, lanes } = await pass(session, async (p, wait) => {
			await p.handle({ type: 'param', target: 'track', id: 't', param: 'lfe', value: -12 });
			await wait(10);
			await p.handle({ type: 'touch', target: 'track', id: 't', param: 'lfe', touching: false });
			await wait(Math.ceil((RETURN_SECONDS * SR) / FRAMES) + 10);
		});
		const lfe = lanes.find((l) => l.lane === 'lfe')!.points;
		// Every value finite: no −∞ + ∞ anywhere; the held level is −12 dB.
		expect(lfe.every(([, v]) => Number.isFinite(v))).toBe(true);
		expect(Math.max(...lfe.map((x) => x[1]))).toBeCloseTo(-12, 9);
		expect(Math.max(...heard[LFE]!)).toBeCloseTo(0.5 * 10 ** (-12 / 20), 6);
		await heardEqualsPrinted(heard, applyPass(session, lanes));

		const touch = withMode(base, 'touch');
		const small = await pass(touch, async (p, wait) => {
			for (const y of [-0.5, -0.5 + THIN_PAN / 2, -0.5 + THIN_PAN / 4]) {
				await p.handle({ type: 'param', target: 'track', id: 't', param: 'panY', value: y });
				await wait(2);
			}
		});
		const values = small.lanes[0]!.points.map((x) => x[1]);
		expect(values).not.toContain(-0.5 + THIN_PAN / 2);
		expect(values).toContain(-0.5);
	});

	it('write: a 5.1 track writes its panY and LFE lanes with the rest', async () => {
		const { lanes } = await pass(withMode(base, 'write'), async (_p, wait) => {
			await wait(10);
		});
		expect(lanes.map((l) => l.lane).sort()).toEqual(['gain', 'lfe', 'pan', 'panY']);
	});
});
