// Live print: what the output plays, recorded as takes. The take writer on its own (ring, names,
// atomic files, a disk that falls behind), the loop's hooks (a locate cuts a take; each take is
// the print of its range), and the real program on the real-time null device: a 2 s take of a
// session with strips, sends and automation lanes equals `render` of the same range.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { setImmediate as tick } from 'node:timers/promises';
import { stringify } from 'yaml';
import { TakeRecorder } from '../../engine/worker/take-writer.js';
import { takeName } from '../../engine/worker/take-files.js';
import { Playback, TRANSPORT_RAMP } from '../../engine/worker/playback.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import { planFromSession } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';
import type { OutputDevice } from '../../engine/io/output-device.js';
import type { DeviceStatus, EngineEvent } from '../../engine/worker/protocol.js';
import { loadSession } from '../../sessions/load.js';
import { MixerStore } from '../../source/app/mixer-store.js';
import { transportLines } from '../../source/app/transport-lines.js';
import { PLAIN } from '../../source/app/theme.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { noise, writeMedia } from '../helpers/render-session.js';
import { readWav } from '../helpers/read-wav.js';
import { cli } from '../helpers/cli.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/dubdesk.js');
const SR = 48000;
/** 01:00:00:00 in samples since midnight. */
const HOUR = 3600 * SR;

let dir: string;
let sessionFile: string;

// Strips on a track, a bus and the master; a send into a reverb return inside DX; lanes on the
// fader, the pan, an EQ band's gain and the send level.
const doc = {
	dubdesk: 1,
	sampleRate: SR,
	frameRate: 25,
	start: '01:00:00:00',
	master: { format: 'stereo', gain: 0, strip: { limiter: { ceiling: -3, release: 40 } } },
	buses: [
		{ id: 'DX', gain: -1, strip: { compressor: { threshold: -24, ratio: 3, attack: 3, release: 80 } } },
		{ id: 'VERB', output: 'DX', reverb: { decay: 0.4, size: 0.3, predelay: 5 } },
	],
	tracks: [
		{
			id: 'dx',
			output: 'DX',
			pan: -0.3,
			clips: [{ file: 'media/dx.wav', at: 0.25, fadeIn: 0.05, fadeOut: 0.2 }],
			strip: { hpf: { freq: 100, slope: 18 }, eq: [{ type: 'bell', freq: 2500, gain: 4, q: 1.2 }] },
			sends: [{ to: 'VERB', gain: -6 }],
			automation: { gain: [[0.3, 0], [1.6, -9]], 'eq.0.gain': [[0.5, 4], [2, -6]], 'send.VERB': [[0.4, -6], [2.2, -24]] },
		},
		{ id: 'mx', gain: -4, clips: [{ file: 'media/mx.wav', at: 0 }], automation: { pan: [[0, -0.6], [3, 0.6]] } },
	],
};

beforeAll(async () => {
	dir = await makeTempDir();
	await writeMedia(dir, 'dx.wav', [noise(SR * 3, 7, 0.3)], SR);
	await writeMedia(dir, 'mx.wav', [noise(SR * 4, 11, 0.2), noise(SR * 4, 13, 0.2)], SR);
	sessionFile = join(dir, 'session.yaml');
	writeFileSync(sessionFile, stringify(doc));
});
afterAll(() => removeTempDir(dir));

/** A value no two (frame, channel) pairs share, exact in float32. */
const value = (pos: number, c: number) => Math.fround(((pos * 7 + c * 3) % 2000) / 2000 - 0.5);

/** Drives a recorder as the loop does: buffers of `frames` from `pos`, each pushed then drained. */
function feed(r: TakeRecorder, pos: number, buffers: number, frames = 256, channels = 2, drain = true): number {
	const out = new Float32Array(frames * channels);
	for (let b = 0; b < buffers; b++, pos += frames) {
		for (let i = 0; i < frames; i++) for (let c = 0; c < channels; c++) out[i * channels + c] = value(pos + i, c);
		r.segment(pos, frames);
		r.push(out, frames);
		if (drain) r.drain();
	}
	return pos;
}

function recorder(options: { ringFrames?: number } = {}) {
	const events: EngineEvent[] = [];
	const r = new TakeRecorder({ emit: (e) => events.push(e), ...options });
	const takes = () => events.filter((e): e is Extract<EngineEvent, { type: 'take' }> => e.type === 'take');
	return { r, events, takes };
}

/** The take's samples against value(), from timeline position `pos`. */
function expectSamples(file: string, pos: number, frames: number): void {
	const wav = readWav(file);
	expect(wav.samples[0]!.length).toBe(frames);
	let wrong = 0;
	for (let i = 0; i < frames; i++) for (let c = 0; c < 2; c++) if (wav.samples[c]![i] !== value(pos + i, c)) wrong++;
	expect(wrong).toBe(0);
}

describe('the take writer', () => {
	it('writes what was pushed as a 32-bit float WAV in the output format, stamped with its timecode', async () => {
		const sub = join(dir, 'plain');
		await mkdir(sub);
		const { r, takes } = recorder();
		await r.arm(join(sub, 'print.wav'));
		await r.begin(2, SR, { start: '01:00:00:00', frameRate: 25 });
		feed(r, 4800, 40);
		r.endPass();
		await r.arm(null);
		expect(takes()).toEqual([{ type: 'take', file: join(sub, 'print.wav'), seconds: (40 * 256) / SR, dropped: 0 }]);
		const wav = readWav(join(sub, 'print.wav'));
		expect(wav).toMatchObject({ format: 3, bits: 32, channels: 2, sampleRate: SR, timeReference: HOUR + 4800 });
		expectSamples(join(sub, 'print.wav'), 4800, 40 * 256);
	});

	it('numbers the takes and never writes over a file, a dangling symlink included', async () => {
		const sub = join(dir, 'names');
		await mkdir(sub);
		writeFileSync(join(sub, 'print.wav'), 'not a take');
		await symlink(join(sub, 'nowhere.wav'), join(sub, 'print-3.wav'));
		const { r, takes } = recorder();
		await r.arm(join(sub, 'print.wav'));
		for (const from of [0, SR, 2 * SR]) {
			await r.begin(2, SR, { start: '00:00:00:00', frameRate: 25 });
			feed(r, from, 4);
			r.endPass();
		}
		await r.arm(null);
		expect(takes().map((t) => t.file)).toEqual(['print-2.wav', 'print-4.wav', 'print-5.wav'].map((n) => join(sub, n)));
		expect(readFileSync(join(sub, 'print.wav'), 'utf8')).toBe('not a take');
		expect(readWav(join(sub, 'print-5.wav')).timeReference).toBe(2 * SR);
		expect(takeName('/a/b.WAV', 3)).toBe('/a/b-3.WAV');
		expect(takeName('/a/b', 1)).toBe('/a/b.wav');
	});

	it('cuts a take where the playhead jumps (a locate, a loop wrap) and keeps only the ramp of a fade-out', async () => {
		const sub = join(dir, 'cuts');
		await mkdir(sub);
		const { r, takes } = recorder();
		await r.arm(join(sub, 't.wav'));
		await r.begin(2, SR, { start: '00:00:00:00', frameRate: 25 });
		const out = new Float32Array(512);
		const render = (pos: number, n: number, offset: number) => {
			for (let i = 0; i < n; i++) for (let c = 0; c < 2; c++) out[(offset + i) * 2 + c] = value(pos + i, c);
			r.segment(pos, n);
		};
		feed(r, 0, 3);
		// The stop-or-jump buffer: rendered whole, only its first TRANSPORT_RAMP frames kept.
		render(768, 256, 0);
		r.push(out, TRANSPORT_RAMP);
		// A locate to 1 s, then a loop wrapping from 1.1 s back to 0.5 s inside a buffer.
		feed(r, SR, 20);
		const loopEnd = SR + 20 * 256 + 100;
		render(loopEnd - 100, 100, 0);
		render(SR / 2, 156, 100);
		r.push(out, 256);
		feed(r, SR / 2 + 156, 2);
		r.endPass();
		await r.arm(null);
		const t = takes();
		expect(t.map((e) => Math.round(e.seconds * SR))).toEqual([768 + TRANSPORT_RAMP, 20 * 256 + 100, 156 + 512]);
		expect(t.map((e) => readWav(e.file).timeReference)).toEqual([0, SR, SR / 2]);
		expectSamples(t[0]!.file, 0, 768 + TRANSPORT_RAMP);
		expectSamples(t[1]!.file, SR, 20 * 256 + 100);
		expectSamples(t[2]!.file, SR / 2, 156 + 512);
	});

	it('a disk that falls behind costs audio, never the loop: silence in its place, counted and said once', async () => {
		const sub = join(dir, 'slow');
		await mkdir(sub);
		// A ring of 4 buffers, and 12 buffers pushed before the writer gets a turn.
		const { r, events, takes } = recorder({ ringFrames: 1024 });
		await r.arm(join(sub, 't.wav'));
		await r.begin(2, SR, { start: '00:00:00:00', frameRate: 25 });
		let pos = feed(r, 0, 12, 256, 2, false);
		r.drain();
		for (let i = 0; i < 4; i++) {
			await new Promise((done) => setTimeout(done, 20));
			pos = feed(r, pos, 1);
		}
		r.endPass();
		await r.arm(null);
		expect(takes()).toEqual([{ type: 'take', file: join(sub, 't.wav'), seconds: (16 * 256) / SR, dropped: 8 * 256 }]);
		expect(events.filter((e) => e.type === 'notice')).toHaveLength(1);
		const wav = readWav(join(sub, 't.wav'));
		// Everything after the gap is still on its timecode.
		for (let i = 0; i < 16 * 256; i++) {
			const want = i >= 1024 && i < 3072 ? 0 : value(i, 0);
			if (wav.samples[0]![i] !== want) throw new Error(`sample ${i}: ${wav.samples[0]![i]} ≠ ${want}`);
		}
	});

	it('writes atomically: nothing under the name until the take ends, no temporary file after', async () => {
		const sub = join(dir, 'atomic');
		await mkdir(sub);
		const { r } = recorder();
		await r.arm(join(sub, 't.wav'));
		await r.begin(2, SR, { start: '00:00:00:00', frameRate: 25 });
		feed(r, 0, 40);
		// The samples are on disk, in a hidden file.
		for (let i = 0; i < 500 && readdirSync(sub).length === 0; i++) await new Promise((done) => setTimeout(done, 2));
		for (let i = 0; i < 50; i++) await tick();
		expect(readdirSync(sub).every((name) => name.startsWith('.'))).toBe(true);
		expect(readdirSync(sub).length).toBeGreaterThan(0);
		r.endPass();
		await r.arm(null);
		expect(readdirSync(sub)).toEqual(['t.wav']);
	});

	it('a take that cannot be written is one line naming it, and nothing is left', async () => {
		const { r, events, takes } = recorder();
		await r.arm(join(dir, 'missing', 't.wav'));
		await r.begin(2, SR, { start: '00:00:00:00', frameRate: 25 });
		feed(r, 0, 8);
		r.endPass();
		await r.arm(null);
		expect(takes()).toEqual([]);
		const errors = events.filter((e) => e.type === 'error');
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatchObject({ message: expect.stringMatching(/^take .*missing\/t\.wav: .*does not exist/) });
		expect(existsSync(join(dir, 'missing'))).toBe(false);
	});
});

class FakeDevice implements OutputDevice {
	readonly status: DeviceStatus = { kind: 'null', name: 'fake', sampleRate: SR, channels: 2, bufferFrames: 256, latencyMs: 0 };
	writes = 0;
	async write(): Promise<void> {
		this.writes++;
		await new Promise((r) => setTimeout(r, 1));
	}
	onError(): void {}
	async close(): Promise<void> {}
}

/** The print of `from`…`to` (samples) of `file`, float32 as the device gets it. */
async function print(file: string, from: number, to: number): Promise<Float32Array[]> {
	const plan = await planFromSession(await loadSession(file), file);
	const out = [new Float32Array(to - from), new Float32Array(to - from)];
	let at = 0;
	await renderOffline(plan, {
		from,
		to,
		onBlock: (r, n) => {
			for (let c = 0; c < 2; c++) for (let i = 0; i < n; i++) out[c]![at + i] = r.master[c]![i]!;
			at += n;
		},
	});
	return out;
}

/** Samples of the take that differ from the print of its range, past the transport's ramps. */
async function differences(session: string, take: string): Promise<number> {
	const wav = readWav(take);
	const from = wav.timeReference! - HOUR;
	const frames = wav.samples[0]!.length;
	const printed = await print(session, from, from + frames);
	let wrong = 0;
	for (let c = 0; c < 2; c++) for (let i = TRANSPORT_RAMP; i < frames - TRANSPORT_RAMP; i++) if (wav.samples[c]![i] !== printed[c]![i]) wrong++;
	return wrong;
}

/** Plays `session` from 0.2 s with a take armed, locates to 1.5 s, stops: the takes, each against its print. */
async function locatePass(session: string, name: string): Promise<number[]> {
	const sub = join(dir, name);
	await mkdir(sub);
	const events: EngineEvent[] = [];
	const device = new FakeDevice();
	const playback = new Playback({ shared: SharedState.create(), emit: (e) => events.push(e), openDevice: () => device, bufferFrames: 256 });
	const buffers = async (n: number) => {
		const until = device.writes + n;
		while (device.writes < until) await new Promise((r) => setTimeout(r, 2));
	};
	await playback.handle({ type: 'load', session: await loadSession(session), sessionFile: session });
	await playback.handle({ type: 'record', file: join(sub, 'pass.wav') });
	await playback.handle({ type: 'locate', seconds: 0.2 });
	await playback.handle({ type: 'play' });
	await buffers(60);
	await playback.handle({ type: 'locate', seconds: 1.5 });
	await buffers(60);
	await playback.handle({ type: 'stop' });
	await playback.handle({ type: 'record', file: null });
	await playback.handle({ type: 'close' });
	const takes = events.filter((e): e is Extract<EngineEvent, { type: 'take' }> => e.type === 'take');
	expect(takes.map((t) => t.file)).toEqual([join(sub, 'pass.wav'), join(sub, 'pass-2.wav')]);
	expect(takes.every((t) => t.seconds > 0.2 && t.dropped === 0)).toBe(true);
	expect(takes.map((t) => readWav(t.file).timeReference)).toEqual([HOUR + 0.2 * SR, HOUR + 1.5 * SR]);
	expect(events.filter((e) => e.type === 'recording').at(-1)).toEqual({ type: 'recording', file: null });
	return Promise.all(takes.map((t) => differences(session, t.file)));
}

describe('takes from the audio loop', () => {
	it('a pass cut by a locate is two takes, each the print of its own range', async () => {
		// Fader, pan and send lanes; strips, a compressor on the bus, a reverb return, the master limiter.
		const session = join(dir, 'no-strip-lane.yaml');
		const track = { ...doc.tracks[0]!, automation: { ...doc.tracks[0]!.automation, 'eq.0.gain': undefined } };
		writeFileSync(session, stringify({ ...doc, tracks: [track, doc.tracks[1]] }));
		expect(await locatePass(session, 'locate')).toEqual([0, 0]);
	}, 30_000);

	// Known engine issue, pinned here: after a locate, an automated strip parameter glides from the
	// value it had before the jump, while a print starting there glides from the static value.
	it('a take after a locate into a moving strip-parameter lane is its print too', async () => {
		expect(await locatePass(sessionFile, 'locate-lane')).toEqual([0, 0]);
	}, 30_000);
});

describe('play --record on the real-time null device', () => {
	const env = () => ({ ...process.env, DUBDESK_AUDIO: 'null', DUBDESK_LOG: join(dir, 'native.log') });

	it('prints a 2 s pass that equals render of the same range, stamped with its timecode', async (ctx) => {
		if (!existsSync(join(root, 'dist', 'cli.js'))) ctx.skip();
		const started = Date.now();
		const played = await run(process.execPath, [bin, 'play', sessionFile, '--from', '0.5', '--duration', '2', '--record', 'takes.wav'], { cwd: dir, env: env(), timeout: 30_000 });
		// Real time: a 2 s pass takes 2 s.
		expect(Date.now() - started).toBeGreaterThan(1900);
		expect(played.stdout).toBe('wrote take takes.wav (2.000 s)\n');
		const file = join(dir, 'takes.wav');
		const take = readWav(file);
		expect(take).toMatchObject({ format: 3, bits: 32, channels: 2, timeReference: HOUR + 0.5 * SR });
		expect(take.samples[0]!.length).toBe(2 * SR);
		const rendered = join(dir, 'rendered.wav');
		await run(process.execPath, [bin, 'render', sessionFile, '-o', rendered, '--from', '0.5', '--to', '2.5']);
		const reference = readWav(rendered);
		expect(reference.timeReference).toBe(take.timeReference);
		let wrong = 0;
		let sound = 0;
		for (let c = 0; c < 2; c++) {
			for (let i = TRANSPORT_RAMP; i < 2 * SR; i++) {
				if (take.samples[c]![i] !== reference.samples[c]![i]) wrong++;
				if (take.samples[c]![i] !== 0) sound++;
			}
		}
		expect(sound).toBeGreaterThan(1.9 * SR);
		expect(wrong).toBe(0);

		// The next pass is the next take; the first is left as it was.
		const again = await run(process.execPath, [bin, 'play', sessionFile, '--duration', '0.2', '--record', 'takes.wav'], { cwd: dir, env: env(), timeout: 30_000 });
		expect(again.stdout).toBe('wrote take takes-2.wav (0.200 s)\n');
		expect(readWav(file).samples[0]!.length).toBe(2 * SR);
	}, 60_000);

	it.each([
		['session.yaml', /--record session\.yaml: a take is a WAV file/],
		['media/dx.wav', /media\/dx\.wav: is a media file of this session \(tracks\[0\]\.clips\[0\]\); choose another output/],
		['nowhere/t.wav', /--record nowhere\/t\.wav: directory .*nowhere does not exist/],
		['', /--record: give the take file/],
	])('refuses --record %j in one line before playing', async (flag, message) => {
		const result = await cli(['play', sessionFile, '--record', flag], dir);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(message);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
	});
});

describe('the arm key and the transport', () => {
	it('arms through the engine, shows REC once armed, and says what each take printed', () => {
		const sent: unknown[] = [];
		const store = new MixerStore({ session: { ...JSON.parse(JSON.stringify(doc)), tracks: [] }, file: '/reel/r1.yaml', send: (c) => sent.push(c) });
		store.armRecord(true);
		expect(sent.at(-1)).toEqual({ type: 'record', file: '/reel/r1-take.wav' });
		expect(store.getState().record.armed).toBe(false);
		store.handleEngineEvent({ type: 'recording', file: '/reel/r1-take.wav' });
		expect(store.getState().record.armed).toBe(true);
		const info = { session: store.getState().session, playing: true, frame: 0, loopEnabled: false, dirty: false, device: undefined, momentary: '', shortTerm: '', integrated: '', truePeak: '', underruns: 0, diskUnderruns: 0, dsp: 0, view: 'mixer', keymap: 'default' };
		expect(transportLines({ ...info, recording: true }, PLAIN, 80)[0]).toMatch(/^> PLAY REC {2}01:00:00:00/);
		expect(transportLines({ ...info, recording: true }, PLAIN, 80)[0]).toHaveLength(80);
		expect(transportLines(info, PLAIN, 80)[0]).toMatch(/^> PLAY {2}01:00:00:00/);
		store.handleEngineEvent({ type: 'take', file: '/reel/r1-take-2.wav', seconds: 12.5, dropped: 0 });
		expect(store.getState().status?.text).toBe('take r1-take-2.wav: 12.500 s printed');
		store.armRecord(false);
		expect(sent.at(-1)).toEqual({ type: 'record', file: null });
	});
});
