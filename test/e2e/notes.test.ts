// The review pass in a real terminal (tmux), on the real-time null device: two notes typed
// during playback. The transport never stops, the playhead keeps moving while the names and notes
// are typed, the journal has each note as soon as it is added, and the saved session has them at
// the key-press times: the null device is paced by the wall clock, so the time between the two
// markers is the time between the two key presses, within a block (plus the time tmux took to
// hand each key over).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildWav } from '../helpers/wav-bytes.js';
import { bin, e2eSkip, openTerminal, sleep, type Terminal } from '../helpers/terminal.js';

const BLOCK = 512 / 48000;

/** The transport's timecode on the screen, in frames (25 fps). */
function shownFrames(screen: string): number {
	const m = /PLAY\s+(\d\d):(\d\d):(\d\d):(\d\d)/.exec(screen);
	if (!m) throw new Error(`no playing timecode on the screen:\n${screen}`);
	return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 25 + Number(m[4]);
}

/** The timecode the add-marker dialog shows ("Marker at 01:00:02:13, name"), in frames. */
function labelFrames(screen: string): number {
	const m = /Marker at (\d\d):(\d\d):(\d\d):(\d\d)/.exec(screen)!;
	return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 25 + Number(m[4]);
}

describe.skipIf(e2eSkip !== '')(`notes during playback${e2eSkip ? ` (skipped: ${e2eSkip})` : ''}`, () => {
	let t: Terminal;
	beforeAll(() => {
		t = openTerminal('notes');
		mkdirSync(join(t.dir, 'media'));
		const tone = Array.from({ length: 48000 * 30 }, (_, i) => 0.1 * Math.sin((2 * Math.PI * 440 * i) / 48000));
		writeFileSync(join(t.dir, 'media', 'tone.wav'), buildWav({ encoding: 'float', bits: 32, samples: [tone], sampleRate: 48000 }));
		writeFileSync(
			join(t.dir, 'reel.yaml'),
			['dubdesk: 1', 'name: Notes e2e', 'frameRate: 25', 'start: "01:00:00:00"', 'tracks:', '  - id: t1', '    clips: [{ file: media/tone.wav, at: 0 }]', ''].join('\n'),
		);
	});
	afterAll(() => t.close());

	it('adds two notes while playing, at the key-press times, without stopping', async () => {
		const { dir, keys, waitFor, screen } = t;
		await waitFor('E2E$');
		keys(`cd ${dir} && node ${bin} reel.yaml`, 'Enter');
		await waitFor(/# STOP/, 30_000);
		keys('Space');
		await waitFor(/> PLAY/);
		await sleep(1200);

		/** Sends the add-marker key; the wall-clock time around the hand-over, ms. */
		const press = () => {
			const before = performance.now();
			keys('M');
			return { before, after: performance.now() };
		};
		const first = press();
		const label1 = labelFrames(await waitFor(/Marker at \d/));
		const during = shownFrames(screen());
		// Keys that mean stop, save, quit and mute elsewhere are only text here.
		keys('-l', 'door slam; q w m');
		keys('Space');
		keys('-l', 'now');
		keys('Enter');
		await waitFor('Note for "door slam; q w m now"');
		keys('-l', 'music too hot, dip 3 dB "here"');
		keys('Enter');
		await waitFor(/Add marker "door slam; q w m now"/);
		await sleep(900);
		const second = press();
		const label2 = labelFrames(await waitFor(/Marker at \d/));
		keys('-l', 'ADR late');
		// A slower dialog than the first: a time taken when it closes would be far off.
		await sleep(700);
		keys('Enter');
		await waitFor('Note for');
		keys('-l', 'two frames');
		keys('Enter');
		await waitFor(/Add marker "ADR late"/);
		await sleep(300);
		const after = screen();
		// Still playing, further on than while the first name was typed.
		expect(after).toMatch(/> PLAY/);
		expect(shownFrames(after)).toBeGreaterThan(during + 25);

		// Both are in the journal before any save.
		const journal = join(dir, '.reel.yaml.journal');
		for (let i = 0; i < 50 && !(existsSync(journal) && readFileSync(journal, 'utf8').includes('two frames')); i++) await sleep(100);
		const journaled = readFileSync(journal, 'utf8');
		expect(journaled).toContain('music too hot, dip 3 dB \\"here\\"');
		expect(journaled).toContain('two frames');

		keys('w');
		await waitFor(/saved /, 10_000);
		keys('q');
		await waitFor(/^E2E\$\s*$/m, 10_000);

		const saved = parse(readFileSync(join(dir, 'reel.yaml'), 'utf8')) as { markers: { at: number; name: string; note?: string }[] };
		expect(saved.markers.map((m) => [m.name, m.note])).toEqual([
			['door slam; q w m now', 'music too hot, dip 3 dB "here"'],
			['ADR late', 'two frames'],
		]);
		const [a, b] = saved.markers.map((m) => m.at) as [number, number];
		expect(a).toBeGreaterThan(1);
		// Each is in the frame the dialog named as it opened (start 01:00:00:00, 25 fps).
		expect(Math.floor(a * 25 + 1e-6)).toBe(label1 - 3600 * 25);
		expect(Math.floor(b * 25 + 1e-6)).toBe(label2 - 3600 * 25);
		// The markers are as far apart as the key presses were, within a block either way (and
		// the hand-over's own duration): not where each dialog closed, seconds later.
		const earliest = (second.before - first.after) / 1000;
		const latest = (second.after - first.before) / 1000;
		expect(b - a).toBeGreaterThanOrEqual(earliest - BLOCK - 0.001);
		expect(b - a).toBeLessThanOrEqual(latest + BLOCK + 0.001);

		// `dubdesk notes` lists what was saved.
		const csv = execFileSync(process.execPath, [bin, 'notes', join(dir, 'reel.yaml'), '--format', 'csv'], { encoding: 'utf8' });
		expect(csv.split('\r\n')[2]).toMatch(/^01:00:\d\d:\d\d,\d+\.\d{3},ADR late,two frames$/);
	}, 90_000);
});
