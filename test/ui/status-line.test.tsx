// The status line at 80×24 keeps the reason of a message: a long message takes the whole line
// (the key hints give way), paths lose their directories before any word goes, and words go
// from the end at a space, never mid-word.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveSession } from '../../sessions/save.js';
import { shorten, statusText } from '../../source/app/status-text.js';
import { PLAIN } from '../../source/app/theme.js';
import { Controller as MidiController } from '../../source/midi/controller.js';
import { memoryPrefs } from '../../source/midi/midi-settings.js';
import { loadNativeBackend } from '../../source/midi/native-backend.js';
import { fitsIn, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const HINTS = '[ ] pan  ? help  Space play  w save  q quit';
const statusRow = (frame: string) => frame.split('\n').at(-1)!;

/** `shown` is `full` cut at a space and marked "…". */
function cutAtWord(shown: string, full: string) {
	expect(shown.endsWith('…')).toBe(true);
	const kept = shown.slice(0, -1);
	expect(full.startsWith(kept)).toBe(true);
	expect(full[kept.length]).toBe(' ');
}

describe('status line at 80×24', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'dubdesk-status-'));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it('a save that finds the disk full says so, whatever the length of the path', async (ctx) => {
		if (!existsSync('/dev/full')) ctx.skip();
		// A session deep in a project tree, its file a link to /dev/full: every write there fails with ENOSPC.
		const deep = join(dir, 'projects', 'feature-film-working-title', 'reel-3-final-mix', 'sessions');
		await mkdir(deep, { recursive: true });
		const file = join(deep, 'reel3-printmaster.yaml');
		await symlink('/dev/full', file);
		ui = setup({ save: (_f, s) => saveSession(file, s) });
		await ui.press('w');
		const row = statusRow(ui.frame());
		expect(row).toBe('! …/reel3-printmaster.yaml: cannot save: no space left on the device');
		expect(ui.store.getState().status?.text).toBe(`${file}: cannot save: no space left on the device`);
		expect(fitsIn(ui.frame(), 80, 24)).toBe(true);
	});

	it('MIDI unavailable: the reason is whole', async (ctx) => {
		const { reason } = loadNativeBackend({ sequencer: join(dir, 'no-sound-modules-loaded', 'snd', 'seq'), env: {} });
		if (reason === undefined || !reason.startsWith('no ALSA sequencer')) ctx.skip();
		ui = setup();
		const midi = new MidiController(ui.store, { reason, prefs: memoryPrefs({}), dirs: { shipped: '', user: '' } });
		await ui.press('escape');
		const said = ui.store.getState().status!.text;
		expect(said).toBe(`MIDI unavailable: ${reason}`);
		expect(said.length).toBeGreaterThan(80 - HINTS.length - 2);
		expect(statusRow(ui.frame())).toBe(`MIDI unavailable: no ALSA sequencer (…/seq is missing; load snd-seq)`);
		midi.close();
	});

	it('no audio: what it means first, then as much of the reason as fits, cut at a word', async () => {
		ui = setup();
		const reason = 'the audio system crashed (SIGABRT) while listing devices; check the ALSA configuration';
		ui.store.handleEngineEvent({ type: 'device', status: { kind: 'null', name: 'null', sampleRate: 48000, channels: 2, bufferFrames: 512, latencyMs: 10.7, reason } });
		await ui.press('escape');
		const row = statusRow(ui.frame());
		const full = `! no audio, playing silently: ${reason}`;
		expect(row.length).toBeLessThanOrEqual(80);
		expect(row).toBe('! no audio, playing silently: the audio system crashed (SIGABRT) while listing…');
		cutAtWord(row, full);
		expect(fitsIn(ui.frame(), 80, 24)).toBe(true);
	});

	it('a short message keeps the key hints beside it', async () => {
		ui = setup();
		ui.store.say('loop on');
		await ui.press('escape');
		expect(statusRow(ui.frame())).toBe(`${'loop on'.padEnd(80 - HINTS.length - 2)}  ${HINTS}`);
	});

	it('a message of several lines stays on the one row', async () => {
		ui = setup();
		ui.store.say('first\nsecond', 'error');
		await ui.press('escape');
		const lines = ui.frame().split('\n');
		expect(lines).toHaveLength(24);
		expect(lines.at(-1)).toMatch(/^! first second +\[ \] pan  \? help/);
	});
});

describe('a refused typed value', () => {
	it('keeps the value typed and the reason whole at 80 columns; the long label gives way', () => {
		const reason = '"5" cannot be applied: the head is before the media';
		const prompt = { kind: 'clipValue', label: 'head trim of bg-kitchen-room-tone-loop (a timecode or seconds)', value: '5' };
		const row = statusText({ status: { text: reason, kind: 'error', at: 0 }, prompt, confirmQuit: false, recovering: false, hints: HINTS, theme: PLAIN, columns: 80 });
		expect(row.length).toBeLessThanOrEqual(80);
		expect(row.endsWith(`: 5_   ! ${reason}`)).toBe(true);
		expect(row.startsWith('head trim of bg-')).toBe(true);
		expect(row).toContain('…: 5_');
	});
});

describe('a long prompt', () => {
	it('loses the end of its label, not its start, and keeps the value and the keys', () => {
		const prompt = { kind: 'loopRange', label: 'Loop from and to, as timecodes or seconds: 10 20; "off" removes it (now 01:00:00:00–01:00:05:00)', value: '10 2' };
		const row = statusText({ status: undefined, prompt, confirmQuit: false, recovering: false, hints: HINTS, theme: PLAIN, columns: 80 });
		expect(row.length).toBeLessThanOrEqual(80);
		expect(row.startsWith('Loop from and to, as timecodes')).toBe(true);
		expect(row.endsWith('…: 10 2_   Enter ok, Esc cancel')).toBe(true);
	});
});

describe('shorten', () => {
	it.each([
		// Fits: unchanged.
		['short', 10, 'short'],
		// The longest path gives way first; the name and what follows it stay.
		['/a/very/long/dir/reel.yaml: cannot save: disk full', 40, '…/reel.yaml: cannot save: disk full'],
		['copy /x/y/zz/a.wav to /long/long/long/long/b.wav failed', 40, 'copy /x/y/zz/a.wav to …/b.wav failed'],
		['copy /x/y/zz/a.wav to /long/long/long/long/b.wav failed', 30, 'copy …/a.wav to …/b.wav failed'],
		// Parentheses and trailing punctuation stay around the shortened path.
		['missing (/dev/snd/seq): load it', 25, 'missing (…/seq): load it'],
		// Then words go from the end, at a space.
		['one two three four five six', 15, 'one two three…'],
		// A word longer than half the line is cut inside it rather than leaving the line empty.
		['a supercalifragilisticexpialidocious word', 20, 'a supercalifragilis…'],
	])('%j in %d', (text, width, expected) => {
		const out = shorten(text, width);
		expect(out).toBe(expected);
		expect(out.length).toBeLessThanOrEqual(width);
	});
});
