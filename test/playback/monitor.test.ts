// The monitor switch: the device gets the mix, its BS.775 stereo fold-down or mono, crossfaded
// over 10 ms, while the take (what prints) stays the mix. Driven in-process with a device that
// keeps every channel it is given; the fold-down is computed here from the take.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Playback, TRANSPORT_RAMP } from '../../engine/worker/playback.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import { effectiveMonitor, monitorCycle, type MonitorMode } from '../../engine/worker/monitor.js';
import type { OutputDevice } from '../../engine/io/output-device.js';
import type { DeviceStatus, EngineEvent } from '../../engine/worker/protocol.js';
import { planFromSession } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';
import { loadSession } from '../../sessions/load.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { noise, writeMedia } from '../helpers/render-session.js';
import { readWav } from '../helpers/read-wav.js';

const SR = 48000;
const FRAMES = 256;
/** A switch crossfades over 10 ms. */
const RAMP = 480;
const A = Math.SQRT1_2;

/** Keeps everything written, interleaved, in its own channel count. */
class KeepingDevice implements OutputDevice {
	readonly status: DeviceStatus;
	readonly frames: number[][] = [];
	writes = 0;
	constructor(channels: number) {
		this.status = { kind: 'null', name: 'keeper', sampleRate: SR, channels, bufferFrames: FRAMES, latencyMs: 0 };
	}
	async write(block: Buffer): Promise<void> {
		const f = new Float32Array(block.buffer, block.byteOffset, block.length / 4);
		const ch = this.status.channels;
		for (let i = 0; i < f.length; i += ch) this.frames.push(Array.from(f.subarray(i, i + ch)));
		this.writes++;
		await new Promise((r) => setTimeout(r, 1));
	}
	onError(): void {}
	async close(): Promise<void> {}
}

/** The device's matrix rows for a position (written here from BS.775, not from the engine). */
function matrix(mode: MonitorMode, mix: number, device: number): number[][] {
	const rows = Array.from({ length: device }, () => new Array<number>(mix).fill(0));
	const fold = mix === 6 ? [[1, 0, A, 0, A, 0], [0, 1, A, 0, 0, A]] : [[1, 0], [0, 1]];
	if (mode === 'mix') rows.forEach((r, c) => (r[c] = 1));
	else
		for (let j = 0; j < mix; j++) {
			const l = fold[0]![j]!;
			const r = fold[1]![j]!;
			rows[0]![j] = mode === 'mono' ? (l + r) / 2 : l;
			rows[1]![j] = mode === 'mono' ? (l + r) / 2 : r;
		}
	return rows;
}

let dir: string;
let file51: string;
let fileStereo: string;

beforeAll(async () => {
	dir = await makeTempDir();
	await writeMedia(dir, 'six.wav', [0, 1, 2, 3, 4, 5].map((c) => noise(SR * 3, c + 1, 0.2)), SR);
	await writeMedia(dir, 'two.wav', [0, 1].map((c) => noise(SR * 3, c + 11, 0.2)), SR);
	const doc = (format: string, media: string) => ({ dubdesk: 1, sampleRate: SR, master: { format, gain: 0 }, tracks: [{ id: 't', clips: [{ file: `media/${media}`, at: 0 }] }] });
	file51 = join(dir, 'five.yaml');
	fileStereo = join(dir, 'stereo.yaml');
	await writeFile(file51, stringify(doc('5.1', 'six.wav')));
	await writeFile(fileStereo, stringify(doc('stereo', 'two.wav')));
});
afterAll(() => removeTempDir(dir));

/** The print of the first `frames` samples, float32 as the device loop gets it. */
async function print(file: string, frames: number): Promise<Float32Array[]> {
	const plan = await planFromSession(await loadSession(file), file);
	const out = Array.from({ length: plan.channels }, () => new Float32Array(frames));
	let at = 0;
	await renderOffline(plan, {
		from: 0,
		to: frames,
		onBlock: (r, n) => {
			for (let c = 0; c < plan.channels; c++) for (let i = 0; i < n; i++) out[c]![at + i] = r.master[c]![i]!;
			at += n;
		},
	});
	return out;
}

/** Plays `file` from 0 with a take armed, switching the monitor to each of `modes` 40 buffers apart. */
async function pass(file: string, deviceChannels: number, modes: MonitorMode[], name: string) {
	const events: EngineEvent[] = [];
	const device = new KeepingDevice(deviceChannels);
	const playback = new Playback({ shared: SharedState.create(), emit: (e) => events.push(e), openDevice: () => device, bufferFrames: FRAMES });
	const buffers = async (n: number) => {
		const until = device.writes + n;
		while (device.writes < until) await new Promise((r) => setTimeout(r, 2));
	};
	await playback.handle({ type: 'load', session: await loadSession(file), sessionFile: file });
	await playback.handle({ type: 'record', file: join(dir, `${name}.wav`) });
	await playback.handle({ type: 'play' });
	await buffers(40);
	for (const mode of modes) {
		await playback.handle({ type: 'monitor', mode });
		await buffers(40);
	}
	await playback.handle({ type: 'stop' });
	await playback.handle({ type: 'record', file: null });
	await playback.handle({ type: 'close' });
	const take = events.find((e): e is Extract<EngineEvent, { type: 'take' }> => e.type === 'take');
	if (!take) throw new Error(`no take: ${JSON.stringify(events.filter((e) => e.type === 'error'))}`);
	const mix = readWav(take.file).samples;
	// Priming writes whole silent buffers; the pass starts at the first buffer with sound.
	const first = device.frames.findIndex((f) => f.some((v) => v !== 0));
	const start = first - (first % FRAMES);
	return { events, mix, device: device.frames.slice(start, start + mix[0]!.length) };
}

/**
 * Walks the device output against the take: each frame must be M·mix for the position playing,
 * and a switch (the first frame that is not) must crossfade linearly to the next over RAMP frames.
 * Returns the frames at which each switch started.
 */
function follow(mix: Float64Array[], device: number[][], positions: MonitorMode[], channels: number): number[] {
	const n = mix[0]!.length;
	const apply = (m: number[][], i: number) => m.map((row) => row.reduce((v, g, j) => v + g * mix[j]![i]!, 0));
	const close = (a: number[], b: number[]) => a.every((v, c) => Math.abs(v - b[c]!) < 2e-6);
	const starts: number[] = [];
	let p = 0;
	let i = 0;
	while (i < n) {
		const here = matrix(positions[p]!, mix.length, channels);
		if (close(device[i]!, apply(here, i))) {
			i++;
			continue;
		}
		if (p + 1 >= positions.length) throw new Error(`frame ${i}: device ${device[i]} is not the ${positions[p]} of the mix ${apply(here, i)}`);
		const next = matrix(positions[p + 1]!, mix.length, channels);
		starts.push(i);
		for (let k = 0; k < RAMP && i < n; k++, i++) {
			const x = (k + 1) / RAMP;
			const blend = here.map((row, c) => row.map((g, j) => g + (next[c]![j]! - g) * x));
			if (!close(device[i]!, apply(blend, i))) throw new Error(`frame ${i} (${k} into the switch to ${positions[p + 1]}): ${device[i]} vs ${apply(blend, i)}`);
		}
		p++;
	}
	expect(p).toBe(positions.length - 1);
	return starts;
}

/** Samples of the take that differ from the print, past the transport's ramps. */
async function unlikePrint(file: string, mix: Float64Array[]): Promise<number> {
	const n = mix[0]!.length;
	const printed = await print(file, n);
	let wrong = 0;
	for (let c = 0; c < mix.length; c++) for (let i = TRANSPORT_RAMP; i < n - TRANSPORT_RAMP; i++) if (mix[c]![i] !== printed[c]![i]) wrong++;
	return wrong;
}

describe('monitor switch', () => {
	it('plays a 5.1 master, then its BS.775 fold-down, then mono, each crossfaded over 10 ms; the take stays the 5.1 print', async () => {
		const { mix, device } = await pass(file51, 6, ['fold', 'mono', 'mix'], 'five');
		expect(mix).toHaveLength(6);
		const starts = follow(mix, device, ['mix', 'fold', 'mono', 'mix'], 6);
		// Each switch lands at a buffer boundary, within a couple of buffers of its command.
		expect(starts).toHaveLength(3);
		for (const s of starts) expect(s % FRAMES).toBe(0);
		expect(await unlikePrint(file51, mix)).toBe(0);
	}, 30_000);

	it('a 5.1 master on a stereo device plays its fold-down from the start, and mono on request', async () => {
		const { mix, device, events } = await pass(file51, 2, ['mono'], 'five-on-two');
		expect(mix).toHaveLength(6);
		follow(mix, device, ['fold', 'mono'], 2);
		expect(events).toContainEqual({ type: 'notice', message: expect.stringMatching(/keeper has 2 outputs: it plays the 5\.1 master's stereo fold-down/) });
		expect(await unlikePrint(file51, mix)).toBe(0);
	}, 30_000);

	it('a stereo master goes mix ↔ mono: (L + R) / 2 on both sides; a fold-down request changes nothing', async () => {
		const { mix, device } = await pass(fileStereo, 2, ['fold', 'mono', 'mix'], 'stereo');
		follow(mix, device, ['mix', 'mono', 'mix'], 2);
		expect(await unlikePrint(fileStereo, mix)).toBe(0);
	}, 30_000);

	it('steps through the positions a master and a device have', () => {
		expect(monitorCycle(6, 6)).toEqual(['mix', 'fold', 'mono']);
		expect(monitorCycle(6, 2)).toEqual(['fold', 'mono']);
		expect(monitorCycle(2, 2)).toEqual(['mix', 'mono']);
		expect(effectiveMonitor('mix', 6, 2)).toBe('fold');
		expect(effectiveMonitor('fold', 2, 2)).toBe('mix');
		expect(effectiveMonitor('mono', 6, 6)).toBe('mono');
	});
});
