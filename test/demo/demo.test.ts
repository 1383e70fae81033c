// dubdesk demo: the session it writes passes `check`, has the promised shape, is the same bytes
// every run, keeps the user's edits when run again, and renders to stems where the dialogue
// sits over the dipped music.
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { readWav } from '../helpers/read-wav.js';
import { loadSession } from '../../sessions/load.js';
import { ensureDemo } from '../../source/demo/index.js';
import type { Session } from '../../sessions/types.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'dubdesk-demo-'));
const first = path.join(tmp, 'dubdesk-demo'); // the default directory, relative to the cwd
const second = path.join(tmp, 'again');
let run: Awaited<ReturnType<typeof cli>>;
let session: Session;

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
		.sort();
}

/** fmt and bext fields from a WAV's first kilobyte (the demo's headers are small). */
function header(file: string): { sampleRate: number; bits: number; channels: number; timeReference?: number } {
	const b = Buffer.alloc(1024);
	const fd = openSync(file, 'r');
	readSync(fd, b, 0, b.length, 0);
	closeSync(fd);
	let p = 12;
	let out: { sampleRate: number; bits: number; channels: number; timeReference?: number } | undefined;
	let timeReference: number | undefined;
	while (p + 8 <= b.length) {
		const id = b.toString('latin1', p, p + 4);
		const size = b.readUInt32LE(p + 4);
		if (id === 'bext') timeReference = b.readUInt32LE(p + 8 + 338) + b.readUInt32LE(p + 8 + 342) * 2 ** 32;
		if (id === 'fmt ') out = { channels: b.readUInt16LE(p + 10), sampleRate: b.readUInt32LE(p + 12), bits: b.readUInt16LE(p + 22) };
		if (id === 'data') break;
		p += 8 + size + (size % 2);
	}
	if (!out) throw new Error(`${file}: no fmt chunk in the first kilobyte`);
	return { ...out, timeReference };
}

/** RMS in dBFS of both channels of `samples` over [from, to) seconds. */
function rmsDb(channels: Float64Array[], from: number, to: number, sr = 48000): number {
	let sum = 0;
	let n = 0;
	for (const ch of channels) {
		for (let i = Math.round(from * sr); i < Math.min(ch.length, Math.round(to * sr)); i++) sum += ch[i]! * ch[i]!;
		n += Math.round((to - from) * sr);
	}
	return 10 * Math.log10(sum / n + 1e-20);
}

beforeAll(async () => {
	run = await cli(['demo'], tmp);
	session = await loadSession(path.join(first, 'session.yaml'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('dubdesk demo', () => {
	it('writes to ./dubdesk-demo and, without a terminal, says where and what to try', () => {
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('wrote the demo session dubdesk-demo/session.yaml');
		expect(run.stdout).toMatch(/^ {2}dubdesk dubdesk-demo\/session\.yaml /m);
		expect(run.stdout).toContain('dubdesk render dubdesk-demo/session.yaml -o mix.wav --stems stems');
	});

	it('passes dubdesk check', async () => {
		const checked = await cli(['check', 'dubdesk-demo/session.yaml'], tmp);
		expect(checked.stderr).toBe('');
		expect(checked.code).toBe(0);
		const seconds = Number(/ ([\d.]+) s at 48000 Hz/.exec(checked.stdout)?.[1]);
		expect(checked.stdout).toContain('16 tracks, 5 buses');
		expect(seconds).toBeGreaterThanOrEqual(60);
		expect(seconds).toBeLessThanOrEqual(120);
	});

	it('has 16 tracks on buses DX, MX and FX, and shows off the mixer', () => {
		expect(session.tracks).toHaveLength(16);
		expect(session.buses.map((b) => b.id)).toEqual(['DX', 'MX', 'FX', 'ROOM', 'HALL']);
		// The ADR line gets the kitchen's room, the score a hall; each return inside its stem.
		expect(session.tracks.find((t) => t.id === 'adr1')?.sends).toEqual([expect.objectContaining({ to: 'ROOM' })]);
		expect(session.tracks.find((t) => t.id === 'mx1')?.sends).toEqual([expect.objectContaining({ to: 'HALL' })]);
		expect(session.buses.find((b) => b.id === 'ROOM')).toMatchObject({ output: 'DX', reverb: { ir: 'media/ir/kitchen-room.wav' } });
		expect(session.buses.find((b) => b.id === 'HALL')).toMatchObject({ output: 'MX', reverb: { ir: 'media/ir/hall.wav' } });
		for (const t of session.tracks) expect(['DX', 'MX', 'FX']).toContain(t.output);
		// M&E-style stems: backgrounds and foley go to FX.
		for (const id of ['bg1', 'bg2', 'feet', 'props', 'cloth']) expect(session.tracks.find((t) => t.id === id)?.output).toBe('FX');
		// Names fit the mixer's 7-character strips, and each strip is told apart.
		const names = session.tracks.map((t) => t.name ?? t.id);
		for (const n of names) expect(n.length).toBeLessThanOrEqual(7);
		expect(new Set(names).size).toBe(16);
		expect(session.start).toBe('01:00:00:00');
		expect(session.frameRate).toBe(24);
		const clips = session.tracks.flatMap((t) => t.clips);
		expect(new Set(clips.filter((c) => c.fadeIn > 0 || c.fadeOut > 0).map((c) => c.fadeShape))).toEqual(new Set(['linear', 'equal-power']));
		expect(session.tracks.find((t) => t.name === 'MX 1')?.automation?.gain?.length).toBeGreaterThan(2);
		expect(session.tracks.some((t) => (t.automation?.pan?.length ?? 0) > 1)).toBe(true);
		expect(session.tracks.some((t) => t.mute && t.output === 'DX' && t.clips.length > 0)).toBe(true);
		expect(session.markers.map((m) => m.name)).toEqual(expect.arrayContaining(['INT. KITCHEN - NIGHT', 'door slam', 'music in']));
		// Loops reused: some file is played by several clips.
		const uses = new Map<string, number>();
		for (const c of clips) uses.set(c.file, (uses.get(c.file) ?? 0) + 1);
		expect(Math.max(...uses.values())).toBeGreaterThanOrEqual(5);
	});

	it('writes 48 kHz 24-bit media, well under 30 MB, and places a BWF-stamped clip without `at`', () => {
		const media = files(first).filter((f) => f.endsWith('.wav'));
		expect(media.length).toBeGreaterThan(20);
		let bytes = 0;
		for (const f of media) {
			const h = header(path.join(first, f));
			expect({ f, rate: h.sampleRate, bits: h.bits }).toEqual({ f, rate: 48000, bits: 24 });
			bytes += readFileSync(path.join(first, f)).length;
		}
		expect(bytes).toBeLessThan(30e6);
		const placed = session.tracks.flatMap((t) => t.clips).filter((c) => c.at === undefined);
		expect(placed.length).toBeGreaterThan(0);
		for (const c of placed) expect(header(path.join(first, c.file)).timeReference).toBeGreaterThan(3600 * 48000);
	});

	it('writes the same bytes every run', async () => {
		const again = await cli(['demo', second], tmp);
		expect(again.code).toBe(0);
		const names = files(first);
		expect(files(second)).toEqual(names);
		for (const f of names) expect(readFileSync(path.join(second, f)).equals(readFileSync(path.join(first, f))), f).toBe(true);
	});

	it('run again on its directory keeps the edited session and restores only missing media', async () => {
		const file = path.join(second, 'session.yaml');
		const edited = readFileSync(file, 'utf8').replace('name: DX 1\n', 'name: DX 1 (edited)\n');
		writeFileSync(file, edited);
		const lost = 'media/bg-kitchen-room-tone-loop.wav';
		unlinkSync(path.join(second, lost));
		const again = await cli(['demo', 'again'], tmp);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('already holds the demo');
		expect(again.stdout).toContain('restored 1 missing media file');
		expect(readFileSync(file, 'utf8')).toBe(edited);
		expect(readFileSync(path.join(second, lost)).equals(readFileSync(path.join(first, lost)))).toBe(true);
		// The mixer's entry point reuses it the same way.
		expect(await ensureDemo(second)).toBe(file);
		expect(readFileSync(file, 'utf8')).toBe(edited);
	});

	it('refuses a directory that holds something else, and writes nothing there', async () => {
		const other = path.join(tmp, 'project');
		mkdirSync(other);
		writeFileSync(path.join(other, 'notes.txt'), 'mine\n');
		const refused = await cli(['demo', 'project'], tmp);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/^dubdesk: \S*project: is not empty and holds no dubdesk demo/);
		expect(files(other)).toEqual(['notes.txt']);
	});

	it('stops when interrupted, exit 130, and leaves no session behind', async () => {
		const controller = new AbortController();
		controller.abort();
		const stopped = await cli(['demo', 'stopped'], tmp, controller.signal);
		expect(stopped.code).toBe(130);
		expect(stopped.stderr).toContain('demo interrupted');
		expect(files(path.join(tmp, 'stopped')).filter((f) => f.endsWith('.yaml') || f.endsWith('.wav'))).toEqual([]);
	});

	it('renders to non-silent DX, MX and FX stems, the dialogue over the dipped music', async () => {
		// 5–27 s: the music alone (up), then the first lines over it (dipped 12 dB).
		const rendered = await cli(['render', 'dubdesk-demo/session.yaml', '-o', 'mix.wav', '--stems', 'stems', '--from', '5', '--to', '27'], tmp);
		expect(rendered.stderr).toBe('');
		expect(rendered.code).toBe(0);
		const stem = (id: string) => readWav(path.join(tmp, 'stems', `${id}.wav`)).samples;
		const dx = stem('DX');
		const mx = stem('MX');
		const fx = stem('FX');
		for (const s of [dx, mx, fx]) expect(rmsDb(s, 0, 22)).toBeGreaterThan(-50);
		// Music up before the dialogue, down under it.
		expect(rmsDb(mx, 0, 3.5) - rmsDb(mx, 6, 21)).toBeGreaterThan(8);
		// During lines (100 ms windows where the dialogue is active) the dialogue is on top.
		let dxSum = 0;
		let mxSum = 0;
		let windows = 0;
		for (let t = 5; t < 22; t += 0.1) {
			const d = rmsDb(dx, t, t + 0.1);
			if (d < -40) continue;
			windows++;
			dxSum += 10 ** (d / 10);
			mxSum += 10 ** (rmsDb(mx, t, t + 0.1) / 10);
		}
		expect(windows).toBeGreaterThan(50);
		expect(10 * Math.log10(dxSum / mxSum)).toBeGreaterThan(6); // about 9.5 dB as written
	});
});
