import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { UserError } from '../../sessions/errors.js';
import { loadSession, parseSession } from '../../sessions/load.js';
import { KEY_ORDER, saveSession, serializeSession } from '../../sessions/save.js';
import { sessionSchema } from '../../sessions/schema.js';
import type { Bus, Clip, Session, Time, Track } from '../../sessions/types.js';
import { RICH_YAML, emptySession, richSession } from './fixtures.js';

// What RICH_YAML saves as, written out by hand: the format people read and diff.
const RICH_SAVED = `dubdesk: 1
name: Reel 1
sampleRate: 48000
frameRate: 23.976
start: "01:00:00:00"
master: { format: "5.1", gain: -1.5 }
buses:
  - { id: DX, name: Dialogue, output: master, gain: 0, mute: false }
  - { id: MX, name: "Music: score", output: master, gain: -.inf, mute: true }
  - { id: FX.sub, output: DX, gain: 2.25, mute: false }
tracks:
  - id: dx1
    name: DX 1
    output: DX
    gain: -3
    pan: -0.25
    mute: false
    solo: true
    polarity: true
    clips:
      - file: media/sc12_t3.wav
        name: sc12 t3
        at: 12.5
        offset: 1.25
        length: 4
        gain: -2
        fadeIn: 0.01
        fadeOut: 0.5
        fadeShape: equal-power
      - file: media/sc12_t4.wav
        at: "01:00:20:12"
      - file: media/bwf stamped.wav
    automation:
      gain:
        - [ 0, -3 ]
        - [ 10, -12 ]
        - [ "01:00:30:00", -.inf ]
      pan:
        - [ 0, 0 ]
        - [ 4, -1 ]
      mute:
        - [ 20, 1 ]
        - [ 22, 0 ]
  - id: mx_1
    output: MX
    gain: 0
    pan: 0
    mute: false
    solo: false
    polarity: false
    clips: []
markers:
  - { at: 95.2, name: music too hot under line }
  - { at: "01:02:00:00", name: "# not a comment" }
  - { at: 130, name: "" }
loop: { from: "01:00:10:00", to: 40 }
`;

describe('serializeSession', () => {
	test('writes the readable layout', () => {
		expect(serializeSession(parseSession(RICH_YAML, 'r.yaml'))).toBe(RICH_SAVED);
	});

	test('load → save → load is the same document', () => {
		const once = parseSession(RICH_YAML, 'r.yaml');
		expect(parseSession(serializeSession(once), 'r.yaml')).toEqual(richSession());
		expect(parseSession(serializeSession(emptySession()), 'r.yaml')).toEqual(emptySession());
	});

	test('saving is stable: a saved file saves to the same text', () => {
		expect(serializeSession(parseSession(RICH_SAVED, 'r.yaml'))).toBe(RICH_SAVED);
	});

	test('−0 is written as 0', () => {
		const s = { ...emptySession(), master: { format: 'stereo' as const, gain: -0 } };
		expect(serializeSession(s)).toContain('master: { format: stereo, gain: 0 }');
	});

	test('key order follows the schema', () => {
		type Shape = { shape: Record<string, unknown> };
		const unwrap = (s: unknown): unknown => {
			let x = s;
			while (x instanceof z.ZodOptional || x instanceof z.ZodDefault) x = x.unwrap();
			return x instanceof z.ZodArray ? unwrap(x.element) : x;
		};
		const keys = (s: unknown) => Object.keys((unwrap(s) as Shape).shape);
		const top = sessionSchema.shape;
		const track = (unwrap(top.tracks) as Shape).shape;
		expect(KEY_ORDER.session).toEqual(keys(sessionSchema));
		expect(KEY_ORDER.master).toEqual(keys(top.master));
		expect(KEY_ORDER.bus).toEqual(keys(top.buses));
		expect(KEY_ORDER.marker).toEqual(keys(top.markers));
		expect(KEY_ORDER.loop).toEqual(keys(top.loop));
		expect(KEY_ORDER.track).toEqual(keys(top.tracks));
		expect(KEY_ORDER.clip).toEqual(keys(track.clips));
		expect(KEY_ORDER.automation).toEqual(keys(track.automation));
		const strip = (unwrap(track.strip) as Shape).shape;
		expect(KEY_ORDER.strip).toEqual(keys(track.strip));
		expect(KEY_ORDER.filter).toEqual(keys(strip.hpf));
		expect(KEY_ORDER.filter).toEqual(keys(strip.lpf));
		expect(KEY_ORDER.band).toEqual(keys(strip.eq));
		for (const k of ['gate', 'compressor', 'deesser', 'limiter'] as const) expect(KEY_ORDER[k]).toEqual(keys(strip[k]));
	});
});

// Randomised documents: a small seeded generator (no dependency), so failures reproduce.
function rng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (n: number) => Math.floor(next() * n);
	const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
	const chance = (p: number) => next() < p;
	return { next, int, pick, chance };
}

// Strings YAML could misread if quoting were wrong.
const AWKWARD = ['yes', 'no', 'null', '~', 'true', '-.inf', '.nan', '0x1F', '1e3', '01:00:00:00', '12', ' lead', 'trail ', 'a: b', '# hash', 'x #y', '- dash', '[a]', '{b}', '"q"', "it's", 'multi\nline', 'tab\there', 'ünï ✓', '', '@at', '`tick`', '%pct', '!bang', '&amp', '*star', '|pipe', '>gt'];

function randomSession(seed: number): Session {
	const r = rng(seed);
	const rate = r.pick([23.976, 24, 25, 29.97, '29.97df', 30] as const);
	const fps = rate === 23.976 || rate === 24 ? 24 : rate === 25 ? 25 : 30;
	const sep = rate === '29.97df' ? ';' : ':';
	const pad = (n: number) => String(n).padStart(2, '0');
	const startHour = r.int(3);
	const text = () => (r.chance(0.5) ? r.pick(AWKWARD) : `n${r.int(1000)}`);
	const num = () => r.pick([0, 1, -1, 0.1, 1 / 3, 2 ** -20, 1e-7, 1234.5678, r.next() * 100 - 50]);
	const db = () => (r.chance(0.1) ? -Infinity : Math.round((r.next() * 40 - 30) * 1000) / 1000);
	const seconds = () => Math.abs(num()) + r.int(100);
	// Timecodes at or after start whose frame label exists at every rate (frames ≥ 2).
	const tc = (hour: number) => `${pad(hour)}:${pad(r.int(60))}:${pad(r.int(60))}${sep}${pad(2 + r.int(fps - 2))}`;
	const time = (): Time => (r.chance(0.3) ? tc(startHour + 1 + r.int(2)) : seconds());
	const lane = <V extends number>(value: () => V) => {
		// Increasing times: seconds first (all < 1 h after start), then timecodes an hour later.
		const n = r.int(4);
		const secs = Array.from({ length: n }, () => seconds()).sort((a, b) => a - b);
		const points: [Time, V][] = secs.map((s) => [s, value()]);
		if (r.chance(0.3)) points.push([`${pad(startHour + 2)}:00:00${sep}00`, value()]);
		return points;
	};
	const buses: Bus[] = [];
	for (let i = 0; i < r.int(4); i++) {
		const bus: Bus = { id: `B${i}`, output: i > 0 && r.chance(0.5) ? `B${r.int(i)}` : 'master', gain: db(), mute: r.chance(0.3) };
		if (r.chance(0.7)) bus.name = text();
		buses.push(bus);
	}
	const tracks: Track[] = [];
	for (let i = 0; i < r.int(5); i++) {
		const clips: Clip[] = Array.from({ length: r.int(4) }, () => {
			const clip: Clip = {
				file: `media/${text() || 'x'}.wav`,
				offset: r.chance(0.5) ? 0 : seconds(),
				gain: r.chance(0.5) ? 0 : db(),
				fadeIn: r.chance(0.5) ? 0 : seconds(),
				fadeOut: r.chance(0.5) ? 0 : seconds(),
				fadeShape: r.pick(['linear', 'equal-power'] as const),
			};
			if (r.chance(0.5)) clip.name = text();
			if (r.chance(0.8)) clip.at = time();
			if (r.chance(0.5)) clip.length = seconds() + 0.5;
			return clip;
		});
		const track: Track = {
			id: `t${i}`,
			output: buses.length && r.chance(0.7) ? r.pick(buses).id : 'master',
			gain: db(),
			pan: r.pick([0, -1, 1, Math.round((r.next() * 2 - 1) * 100) / 100]),
			mute: r.chance(0.3),
			solo: r.chance(0.3),
			polarity: r.chance(0.3),
			clips,
		};
		if (r.chance(0.7)) track.name = text();
		if (r.chance(0.5)) {
			track.automation = {};
			if (r.chance(0.7)) track.automation.gain = lane(db);
			if (r.chance(0.5)) track.automation.pan = lane(() => r.pick([0, -1, 1, 0.5]));
			if (r.chance(0.5)) track.automation.mute = lane(() => r.pick([0, 1] as const));
		}
		tracks.push(track);
	}
	const session: Session = {
		dubdesk: 1,
		name: text(),
		sampleRate: r.pick([44100, 48000, 96000]),
		frameRate: rate,
		start: `${pad(startHour)}:00:00${sep}00`,
		master: { format: r.pick(['stereo', '5.1'] as const), gain: db() },
		buses,
		tracks,
		markers: Array.from({ length: r.int(4) }, () => ({ at: time(), name: text() })),
	};
	if (r.chance(0.4)) session.loop = { from: 1, to: r.chance(0.5) ? 2.5 : `${pad(startHour + 1)}:00:00${sep}00` };
	return session;
}

test('randomised documents survive save → load unchanged', () => {
	for (let seed = 1; seed <= 300; seed++) {
		const session = randomSession(seed);
		const text = serializeSession(session);
		let loaded: Session;
		try {
			loaded = parseSession(text, `seed-${seed}.yaml`);
		} catch (err) {
			throw new Error(`seed ${seed}: ${(err as Error).message}\n${text}`);
		}
		expect(loaded, `seed ${seed}`).toEqual(session);
		expect(serializeSession(loaded), `seed ${seed}`).toBe(text);
	}
});

describe('saveSession', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'dubdesk-save-'));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	test('writes a file that loads back, and leaves no temporary file', async () => {
		const path = join(dir, 'reel.yaml');
		await saveSession(path, richSession());
		expect(await loadSession(path)).toEqual(richSession());
		expect(await readFile(path, 'utf8')).toBe(RICH_SAVED);
		expect(await readdir(dir)).toEqual(['reel.yaml']);
	});

	test('replacing a file keeps its permissions', async () => {
		const path = join(dir, 'private.yaml');
		await writeFile(path, 'old');
		await chmod(path, 0o600);
		await saveSession(path, emptySession());
		expect((await stat(path)).mode & 0o777).toBe(0o600);
		expect(await readFile(path, 'utf8')).toBe(serializeSession(emptySession()));
	});

	test('saving through a symlink replaces the target and keeps the link', async () => {
		const target = join(dir, 'real.yaml');
		const link = join(dir, 'link.yaml');
		await writeFile(target, 'old');
		await symlink(target, link);
		await saveSession(link, emptySession());
		expect((await lstat(link)).isSymbolicLink()).toBe(true);
		expect(await readFile(target, 'utf8')).toBe(serializeSession(emptySession()));
	});

	test('a failed rename removes the temporary file and names the path', async () => {
		const sub = await mkdtemp(join(dir, 'fail-'));
		// A non-empty directory under the session's name: the temp file is written, the rename fails.
		const path = join(sub, 'reel.yaml');
		await mkdir(path);
		await writeFile(join(path, 'keep'), 'x');
		const attempt = saveSession(path, emptySession());
		await expect(attempt).rejects.toThrow(UserError);
		await expect(saveSession(path, emptySession())).rejects.toThrow(`${path}: cannot save:`);
		expect(await readdir(sub)).toEqual(['reel.yaml']);
		expect(await readdir(path)).toEqual(['keep']);
	});

	test('a missing directory is a UserError naming the path', async () => {
		const path = join(dir, 'no', 'such', 'reel.yaml');
		await expect(saveSession(path, emptySession())).rejects.toThrow(`${path}: cannot save: no such file or directory`);
	});
});
