// Locating while playing, on the real-time null device: the transport fades out, feeds silence
// while the read-ahead fills and the look-ahead pre-rolls, then fades in at the new position.
// That gap is deliberate, so it is not an underflow; a loop that really stalls is. What plays
// after each locate and after each loop wrap is compared with an offline render from there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { Playback, TRANSPORT_RAMP } from '../../engine/worker/playback.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import { NullDevice } from '../../engine/io/null-device.js';
import type { OutputDevice } from '../../engine/io/output-device.js';
import { planFromSession } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';
import type { DeviceStatus, EngineEvent } from '../../engine/worker/protocol.js';
import { loadSession } from '../../sessions/load.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { noise, writeMedia } from '../helpers/render-session.js';

const SR = 48000;
/** 21 ms buffers: two queued give 43 ms of slack on a shared machine. */
const FRAMES = 1024;
/** What is compared after each jump (0.25 s). */
const COMPARED = 12000;

/** The real null device (paced by the clock), keeping every frame it is given. */
class KeepingNullDevice extends NullDevice {
	readonly left: number[] = [];
	readonly right: number[] = [];
	override write(block: Buffer): Promise<void> {
		const f = new Float32Array(block.buffer, block.byteOffset, block.length / 4);
		for (let i = 0; i < f.length; i += 2) {
			this.left.push(f[i]!);
			this.right.push(f[i + 1]!);
		}
		return super.write(block);
	}
}

/** A device whose clock is what it has been given: one buffer of time per write, none real. */
class ClockedDevice implements OutputDevice {
	readonly status: DeviceStatus = { kind: 'null', name: 'clocked', sampleRate: SR, channels: 2, bufferFrames: FRAMES, latencyMs: 0 };
	ms = 0;
	writes = 0;
	async write(): Promise<void> {
		this.ms += (FRAMES / SR) * 1000;
		this.writes++;
		await tick();
	}
	onError(): void {}
	async close(): Promise<void> {}
}

let dir: string;
let file: string;

beforeAll(async () => {
	dir = await makeTempDir();
	await writeMedia(dir, 'dx.wav', [noise(SR * 6, 3, 0.3)], SR);
	await writeMedia(dir, 'mx.wav', [noise(SR * 6, 7, 0.2), noise(SR * 6, 8, 0.2)], SR);
	// A ducker with 100 ms of look-ahead and the master limiter: the renderer's pre-roll is
	// several buffers long, so a locate pre-rolls under silence rather than in one buffer.
	const doc = {
		dubdesk: 1,
		sampleRate: SR,
		master: { format: 'stereo', gain: 0, strip: { limiter: { ceiling: -6, release: 40 } } },
		buses: [
			{ id: 'DX', gain: 0 },
			{ id: 'MX', gain: -2, duck: { key: 'DX', threshold: -30, depth: -12, attack: 20, hold: 100, release: 300, lookahead: 100 } },
		],
		tracks: [
			{ id: 'dx', output: 'DX', pan: -0.4, clips: [{ file: 'media/dx.wav', at: 0.5, length: 1 }, { file: 'media/dx.wav', at: 3.2, offset: 2, length: 1 }] },
			{ id: 'mx', output: 'MX', clips: [{ file: 'media/mx.wav', at: 0 }] },
		],
	};
	file = join(dir, 'session.yaml');
	await writeFile(file, stringify(doc));
});
afterAll(() => removeTempDir(dir));

/** The print of [from, from + frames), float64 per channel. */
async function print(from: number, frames: number): Promise<Float64Array[]> {
	const plan = await planFromSession(await loadSession(file), file);
	const out = [new Float64Array(frames), new Float64Array(frames)];
	let at = 0;
	await renderOffline(plan, {
		from,
		to: from + frames,
		onBlock: (r, n) => {
			for (let c = 0; c < 2; c++) out[c]!.set(r.master[c]!.subarray(0, n), at);
			at += n;
		},
	});
	return out;
}

/** Samples of `device` from `at` that differ from `printed` (as float32), with the transport's fade-in over the first ramp. */
function differences(device: KeepingNullDevice, at: number, printed: Float64Array[], fadeIn: boolean): number {
	let wrong = 0;
	const channels = [device.left, device.right];
	for (let c = 0; c < 2; c++) {
		for (let i = 0; i < printed[c]!.length; i++) {
			const sample = Math.fround(printed[c]![i]!);
			const expected = fadeIn && i < TRANSPORT_RAMP ? Math.fround(sample * (i / TRANSPORT_RAMP)) : sample;
			if (channels[c]![at + i] !== expected) wrong++;
		}
	}
	return wrong;
}

function setup() {
	const events: EngineEvent[] = [];
	const shared = SharedState.create();
	let device: KeepingNullDevice | undefined;
	const playback = new Playback({
		shared,
		emit: (e) => events.push(e),
		openDevice: (_query, channels, sampleRate, frames) => (device = new KeepingNullDevice(sampleRate, channels, frames)),
		bufferFrames: FRAMES,
	});
	const frames = () => device?.left.length ?? 0;
	const until = async (test: () => boolean, what: string) => {
		for (let i = 0; i < 2000 && !test(); i++) await sleep(5);
		if (!test()) throw new Error(`timed out waiting for ${what}`);
	};
	return { events, shared, playback, frames, until, device: () => device! };
}

describe('locating while playing', () => {
	it('three locates: no underflow is counted, and each starts at its new position with a fade-in, as printed from there', async () => {
		const { events, shared, playback, frames, until, device } = setup();
		await playback.handle({ type: 'load', session: await loadSession(file), sessionFile: file });
		await playback.handle({ type: 'play' });
		await until(() => frames() > SR / 4, 'audio');
		const jumps: { to: number; mark: number }[] = [];
		for (const seconds of [3, 1, 4.5]) {
			// The next buffer the device gets is the fade-out of the old position.
			const mark = frames();
			await playback.handle({ type: 'locate', seconds });
			jumps.push({ to: Math.round(seconds * SR), mark });
			await until(() => frames() > mark + SR / 2 + COMPARED, 'audio after the locate');
		}
		await playback.handle({ type: 'stop' });
		await playback.handle({ type: 'close' });

		expect(events.filter((e) => e.type === 'error')).toEqual([]);
		// The device never went without a buffer, so nothing is counted (a machine busy enough to
		// starve it for real may count those, never a locate).
		expect(shared.outputUnderruns).toBeLessThanOrEqual(device().underflows);
		expect(shared.diskUnderruns).toBe(0);
		const left = device().left;
		for (const { to, mark } of jumps) {
			// Past the fade-out's ramp, silence until the fade-in (whose first sample is 0).
			const heard = left.findIndex((v, i) => i >= mark + TRANSPORT_RAMP && v !== 0) - 1;
			expect(heard).toBeGreaterThan(mark + FRAMES);
			// The gap: the fade-out buffer, the read-ahead filling, a pre-roll of five blocks.
			expect(heard - mark).toBeLessThan(SR / 2);
			expect(differences(device(), heard, await print(to, COMPARED), true)).toBe(0);
		}
	});

	it('a loop wraps with no underflow counted, and every pass after a wrap is the print of the range', async () => {
		const { shared, playback, frames, until, device } = setup();
		const from = Math.round(1.2 * SR);
		const to = Math.round(1.7 * SR) + 37;
		await playback.handle({ type: 'load', session: await loadSession(file), sessionFile: file });
		await playback.handle({ type: 'loop', range: { from: from / SR, to: to / SR } });
		await playback.handle({ type: 'locate', seconds: from / SR });
		await playback.handle({ type: 'play' });
		await until(() => frames() > SR / 2 + 4 * (to - from), 'four passes of the loop');
		await playback.handle({ type: 'stop' });
		await playback.handle({ type: 'close' });

		expect(shared.outputUnderruns).toBeLessThanOrEqual(device().underflows);
		const heard = device().left.findIndex((v) => v !== 0) - 1;
		const range = await print(from, to - from);
		expect(differences(device(), heard, range, true)).toBe(0);
		for (let pass = 1; pass <= 3; pass++) expect(differences(device(), heard + pass * (to - from), range, false)).toBe(0);
	});

	it('a loop that really falls behind the device is counted', async () => {
		const { shared, playback, frames, until, device } = setup();
		await playback.handle({ type: 'load', session: await loadSession(file), sessionFile: file });
		await playback.handle({ type: 'play' });
		await until(() => frames() > SR / 4, 'audio');
		const before = shared.outputUnderruns;
		// Hold the engine's thread for 150 ms: the device's 43 ms queue runs dry.
		const end = performance.now() + 150;
		while (performance.now() < end);
		const after = frames();
		await until(() => frames() > after + 4 * FRAMES, 'audio after the stall');
		await playback.handle({ type: 'stop' });
		await playback.handle({ type: 'close' });
		expect(device().underflows).toBeGreaterThanOrEqual(1);
		expect(shared.outputUnderruns).toBeGreaterThan(before);
	});

	it('on a device whose clock is what it is given, locates and loop wraps count nothing: every buffer sent is counted as written', async () => {
		const device = new ClockedDevice();
		const shared = SharedState.create();
		const playback = new Playback({ shared, emit: () => {}, openDevice: () => device, bufferFrames: FRAMES, now: () => device.ms });
		const buffers = async (n: number) => {
			const until = device.writes + n;
			while (device.writes < until) await sleep(1);
		};
		await playback.handle({ type: 'load', session: await loadSession(file), sessionFile: file });
		await playback.handle({ type: 'play' });
		await buffers(20);
		for (const seconds of [3, 1, 4.5]) {
			await playback.handle({ type: 'locate', seconds });
			await buffers(20);
		}
		await playback.handle({ type: 'loop', range: { from: 1.2, to: 1.3 } });
		await playback.handle({ type: 'locate', seconds: 1.2 });
		await buffers(40);
		await playback.handle({ type: 'stop' });
		await playback.handle({ type: 'close' });
		expect(shared.outputUnderruns).toBe(0);
	});

	it('the null device counts running dry and then restarts its clock, as a device does, rather than racing to catch up', async () => {
		// 100 ms buffers on a clock the test sets.
		let now = 0;
		const device = new NullDevice(SR, 2, 4800, undefined, () => now);
		const block = Buffer.alloc(4800 * 2 * 4);
		const timed = async () => {
			const t = performance.now();
			await device.write(block);
			return performance.now() - t;
		};
		await timed();
		await timed();
		// Half a second with nothing written: everything queued has played.
		now = 500;
		expect(await timed()).toBeLessThan(50);
		expect(device.underflows).toBe(1);
		// The queue (two buffers) fills at once, then the next block waits a buffer for the clock.
		expect(await timed()).toBeLessThan(50);
		expect(await timed()).toBeGreaterThan(90);
		expect(device.underflows).toBe(1);
	});
});
