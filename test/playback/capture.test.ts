// Native output for real: play a session through naudiodon (PortAudio → ALSA) into ALSA's file
// plugin and check the captured samples equal an offline render of the same range, sample for
// sample once aligned (PortAudio primes the device with silence first). The first and last
// 256 samples may differ by the transport's de-click ramp.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildWav, makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { testSignal, writeFixture } from '../helpers/mix-fixture.js';
import { readWav } from '../helpers/read-wav.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/dubdesk.js');
const alsaConf = join(root, 'test/fixtures/alsa-capture.conf');
const hasAlsa = existsSync('/usr/share/alsa/alsa.conf');
const hasNaudiodon = existsSync(join(root, 'node_modules/naudiodon/build/Release/naudiodon.node'));

let dir: string;
let sessionFile: string;
beforeAll(async () => {
	dir = await makeTempDir();
	const sr = 48000;
	({ sessionFile } = await writeFixture(dir, {
		sampleRate: sr,
		buses: [{ id: 'DX', gain: -1 }],
		media: [
			{ name: 'dx.wav', encoding: 'pcm', bits: 24, signal: [testSignal(sr, 1, 0.4)] },
			{ name: 'mx.wav', encoding: 'pcm', bits: 16, signal: [testSignal(sr * 2, 2, 0.3), testSignal(sr * 2, 3, 0.3)] },
		],
		tracks: [
			{ id: 'dx', output: 'DX', pan: -0.3, clips: [{ media: 'dx.wav', at: 0.25, fadeIn: 0.05, fadeOut: 0.2 }], automation: { gain: [[0.3, 0], [1.0, -9]] } },
			{ id: 'mx', gain: -4, clips: [{ media: 'mx.wav', at: 0, fadeOut: 0.5, shape: 'equal-power' }] },
		],
	}));
});
afterAll(() => removeTempDir(dir));

/** Float32 interleaved → planar. */
function planar(bytes: Buffer, channels: number): Float32Array[] {
	const all = new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 4));
	const frames = Math.floor(all.length / channels);
	return Array.from({ length: channels }, (_, c) => Float32Array.from({ length: frames }, (_v, i) => all[i * channels + c]!));
}

/** Plays `session` through the capture device and checks the capture equals `render` of it, sample for sample. */
async function captureEqualsRender(session: string, name: string): Promise<void> {
	const capture = join(dir, `${name}.raw`);
	const env = { ...process.env, ALSA_CONFIG_PATH: `/usr/share/alsa/alsa.conf:${alsaConf}`, DUBDESK_CAPTURE_FILE: capture, DUBDESK_LOG: join(dir, 'native.log') };
	const played = await run(process.execPath, [bin, 'play', session, '--device', 'capture'], { env, timeout: 20_000 });
	expect(played.stderr).toMatch(/playing on capture: 48 kHz, 2 ch, 512-frame buffer/);
	// Native libraries' chatter went to the log, not to our output.
	expect(played.stderr + played.stdout).not.toMatch(/ALSA lib|PortAudio|Output audio options/);

	const out = join(dir, `${name}.wav`);
	await run(process.execPath, [bin, 'render', session, '-o', out]);
	const reference = readWav(out).samples.map((ch) => Float32Array.from(ch));
	const got = planar(readFileSync(capture), 2);
	const frames = reference[0]!.length;

	// Align: find where the render's samples (past the start ramp) begin in the capture.
	const probe = 300;
	const first = got[0]!.findIndex((v) => v !== 0);
	let offset = -1;
	for (let k = Math.max(0, first - 400); k <= first + 400 && offset < 0; k++) {
		let same = true;
		for (let i = probe; i < probe + 64 && same; i++) same = got[0]![k + i] === reference[0]![i] && got[1]![k + i] === reference[1]![i];
		if (same) offset = k;
	}
	expect(offset).toBeGreaterThanOrEqual(0);
	expect(got[0]!.length - offset).toBeGreaterThanOrEqual(frames);
	let mismatches = 0;
	for (let c = 0; c < 2; c++) {
		for (let i = 256; i < frames - 256; i++) if (got[c]![offset + i] !== reference[c]![i]) mismatches++;
	}
	expect(mismatches).toBe(0);
}

describe.skipIf(!hasAlsa || !hasNaudiodon)('playback through naudiodon into ALSA', () => {
	it('captures exactly what render prints', async () => {
		await captureEqualsRender(sessionFile, 'plain');
	}, 60_000);

	it('captures exactly what render prints with strips on tracks, a bus and the master (look-ahead included)', async () => {
		const doc = parse(readFileSync(sessionFile, 'utf8')) as { tracks: Record<string, unknown>[]; buses: Record<string, unknown>[]; master: Record<string, unknown> };
		doc.tracks[0]!.strip = {
			hpf: { freq: 100, slope: 18 },
			gate: { threshold: -45, range: -15 },
			eq: [{ type: 'bell', freq: 2500, gain: 4, q: 1.2 }, { type: 'highShelf', freq: 9000, gain: -3 }],
			compressor: { threshold: -24, ratio: 3, attack: 3, release: 80 },
			deesser: { freq: 6000, threshold: -35 },
		};
		doc.tracks[1]!.strip = { lpf: { freq: 9000, slope: 24 }, compressor: { threshold: -20, key: 'DX', ratio: 2 } };
		doc.buses[0]!.strip = { limiter: { ceiling: -6 } };
		doc.master.strip = { trim: -1, limiter: { ceiling: -3, release: 40 } };
		const strips = join(dir, 'strips.yaml');
		writeFileSync(strips, stringify(doc));
		await captureEqualsRender(strips, 'strips');
	}, 60_000);

	it('captures exactly what render prints with sends into an algorithmic and a convolution return, tails included', async () => {
		const doc = parse(readFileSync(sessionFile, 'utf8')) as { tracks: Record<string, unknown>[]; buses: Record<string, unknown>[] };
		const ir = [0, 1].map((c) => Array.from({ length: 9600 }, (_, i) => 0.3 * Math.exp(-i / 1500) * Math.sin(0.11 * i * (c + 1))));
		writeFileSync(join(dir, 'media', 'ir.wav'), buildWav({ encoding: 'float', bits: 32, samples: ir, sampleRate: 48000 }));
		doc.buses.push({ id: 'ROOM', output: 'DX', reverb: { decay: 0.4, size: 0.3, predelay: 5 } }, { id: 'HALL', reverb: { ir: 'media/ir.wav', predelay: 12 } });
		doc.tracks[0]!.sends = [{ to: 'ROOM', gain: -6 }];
		doc.tracks[1]!.sends = [{ to: 'HALL', gain: -3, pre: true }];
		const sends = join(dir, 'sends.yaml');
		writeFileSync(sends, stringify(doc));
		await captureEqualsRender(sends, 'sends');
	}, 60_000);

	it('captures exactly what render prints with media at 44.1 and 96 kHz (converted in the read-ahead)', async () => {
		const doc = parse(readFileSync(sessionFile, 'utf8')) as { tracks: { clips: Record<string, unknown>[] }[] };
		writeFileSync(join(dir, 'media', 'mx44.wav'), buildWav({ encoding: 'float', bits: 32, samples: [testSignal(88200, 4, 0.3), testSignal(88200, 5, 0.3)], sampleRate: 44100 }));
		writeFileSync(join(dir, 'media', 'dx96.wav'), buildWav({ encoding: 'float', bits: 32, samples: [testSignal(96000, 6, 0.4)], sampleRate: 96000 }));
		doc.tracks[1]!.clips = [{ file: 'media/mx44.wav', at: 0, offset: 0.1, fadeOut: 0.5 }];
		doc.tracks[0]!.clips = [{ file: 'media/dx96.wav', at: 0.25 }];
		const rates = join(dir, 'rates.yaml');
		writeFileSync(rates, stringify(doc));
		await captureEqualsRender(rates, 'rates');
	}, 60_000);
});

describe('playback with no usable device', () => {
	const playFallback = async (alsaConfigPath: string) => {
		const env = { ...process.env, ALSA_CONFIG_PATH: alsaConfigPath, DUBDESK_LOG: join(dir, 'native.log') };
		const played = await run(process.execPath, [bin, 'play', sessionFile, '--duration', '0.3'], { env, timeout: 20_000 });
		const lines = played.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/playing silently in real time on the null device/);
		return lines[0]!;
	};

	it.skipIf(!hasAlsa || !hasNaudiodon)('falls back to the null device when there is no sound card, and says why once', async () => {
		const listed = await run(process.execPath, [bin, 'devices', '--json'], { env: { ...process.env, ALSA_CONFIG_PATH: '/usr/share/alsa/alsa.conf' } });
		if ((JSON.parse(listed.stdout) as { devices: unknown[] }).devices.length > 0) return; // a machine with a real card
		expect(await playFallback('/usr/share/alsa/alsa.conf')).toMatch(/no audio output device/);
	});

	it('survives an audio stack that crashes while listing devices (PortAudio aborts on a missing ALSA config)', async () => {
		expect(await playFallback('/nonexistent-alsa.conf')).toMatch(/audio system crashed|not installed|cannot load/);
	});

	it('an unknown device named by the user is an error naming it', async () => {
		const env = { ...process.env, DUBDESK_LOG: join(dir, 'native.log') };
		const played = await run(process.execPath, [bin, 'play', sessionFile, '--device', 'Studio Monitor 9'], { env, timeout: 20_000 }).catch((e: { code: number; stderr: string }) => e);
		expect((played as { code: number }).code).toBe(1);
		expect((played as { stderr: string }).stderr).toMatch(/device "Studio Monitor 9"/);
	});
});

describe('headless play', () => {
	it('stops cleanly on Ctrl-C (SIGINT to the process group, as a terminal sends it) and exits 0', async () => {
		const { spawn } = await import('node:child_process');
		const env = { ...process.env, DUBDESK_AUDIO: 'null', DUBDESK_LOG: join(dir, 'native.log') };
		const child = spawn(process.execPath, [bin, 'play', sessionFile, '--duration', '30'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		// Wait until it is playing (the device line), then interrupt.
		for (let i = 0; i < 100 && !stderr.includes('null device'); i++) await new Promise((r) => setTimeout(r, 100));
		const started = Date.now();
		process.kill(-child.pid!, 'SIGINT');
		const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
		expect(code).toBe(0);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(stderr.trim().split('\n')).toHaveLength(1);
	});
});
