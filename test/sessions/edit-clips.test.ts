// The clip edits as pure functions: positions in samples checked against round(at·sr) by hand,
// notation kept (timecode on a frame, readable seconds), refusals that leave the session as it
// was, and the fader range warning `check` prints.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { parseSession } from '../../sessions/load.js';
import { crossfadeClips, nudgeClips, nudgeFade, setClipGainChecked, setFade, toggleFadeShape, trimClipHead, trimClipTail } from '../../sessions/edit-clips.js';
import { faderWarnings } from '../../sessions/edit-util.js';
import { cli } from '../helpers/cli.js';
import { demoSession } from '../../source/demo/session.js';
import type { Session } from '../../sessions/types.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';

const yaml = (frameRate: string, sr: number, clips: string[]) =>
	`dubdesk: 1\nsampleRate: ${sr}\nframeRate: ${frameRate}\nstart: "01:00:00:00"\ntracks:\n  - id: mx\n    clips:\n${clips.map((c) => `      - ${c}`).join('\n')}\n`;

describe('nudgeClips', () => {
	it('moves loop clips at 29.97 fps by the same whole samples, so they still join', () => {
		// 1 s clips end to end; a perf at 29.97 fps and 48 kHz is 400.4 samples.
		const s = parseSession(yaml('29.97', 48000, [0, 1, 2, 3].map((k) => `{ file: a.wav, at: ${10 + k * 1.00001}, length: 1.00001 }`)), 's.yaml');
		const refs = [0, 1, 2, 3].map((clip) => ({ track: 'mx', clip }));
		const moved = nudgeClips(s, refs, 1001 / 30000 / 4);
		const n = (session: typeof s, k: number) => Math.round((session.tracks[0]!.clips[k]!.at as number) * 48000);
		const shift = n(moved, 0) - n(s, 0);
		expect(shift).toBe(Math.round((10 + 1001 / 120000) * 48000) - 480000);
		for (let k = 1; k < 4; k++) expect(n(moved, k) - n(s, k)).toBe(shift);
	});

	it("nudges the demo's whole music track (loop clips end to end) without opening a join", () => {
		for (const frameRate of [24, 29.97] as const) {
			const demo: Session = { ...demoSession(), frameRate };
			const ti = demo.tracks.findIndex((t) => t.id === 'mx1');
			const clips = demo.tracks[ti]!.clips;
			expect(clips.length).toBeGreaterThanOrEqual(11);
			const refs = clips.map((_, clip) => ({ track: 'mx1', clip }));
			const frame = frameRate === 24 ? 1 / 24 : 1001 / 30000;
			let moved = demo;
			for (const d of [frame, frame / 4, frame / 4, -frame / 4]) moved = nudgeClips(moved, refs, d);
			const sample = (s: typeof demo, k: number) => Math.round((s.tracks[ti]!.clips[k]!.at as number) * 48000);
			const shift = sample(moved, 0) - sample(demo, 0);
			expect(shift).toBe(Math.round((2 + frame * 1.25) * 48000) - 96000);
			// Lengths are untouched, so the same shift for every clip is every join kept.
			for (let k = 0; k < clips.length; k++) expect(sample(moved, k) - sample(demo, k)).toBe(shift);
		}
	});

	it('keeps a timecode a timecode when it lands on a frame, and moves a BWF clip from its given place', () => {
		const s = parseSession(yaml('25', 48000, ['{ file: a.wav, at: "01:00:10:00", length: 1 }', '{ file: b.wav, length: 1 }']), 's.yaml');
		const moved = nudgeClips(s, [{ track: 'mx', clip: 0 }, { track: 'mx', clip: 1, start: 20 }], -1 / 25);
		expect(moved.tracks[0]!.clips[0]!.at).toBe('01:00:09:24');
		expect(moved.tracks[0]!.clips[1]!.at).toBe(19.96);
		expect(() => nudgeClips(s, [{ track: 'mx', clip: 1 }], 0.04)).toThrow(/no "at"/);
	});
});

describe('trims, fades, gain and crossfades', () => {
	const s = parseSession(yaml('24', 8000, ['{ file: a.wav, at: 1, offset: 0.5, length: 2 }', '{ file: b.wav, at: 2.5, length: 2 }']), 's.yaml');
	const a = { track: 'mx', clip: 0, start: 1, frames: 16000, available: 20000 };
	const b = { track: 'mx', clip: 1, start: 2.5, frames: 16000 };

	it('a head trim moves start and offset by the same samples and shortens the clip', () => {
		const t = trimClipHead(s, a, -0.25);
		expect(t.tracks[0]!.clips[0]).toMatchObject({ at: 0.75, offset: 0.25, length: 2.25 });
		expect(() => trimClipHead(s, a, -0.6)).toThrow(/cannot move earlier/);
		expect(() => trimClipHead(s, a, 2)).toThrow(/past the end of the clip/);
	});

	it('a tail trim stops at the end of the media and fades shrink with the clip', () => {
		const faded = setFade(s, a, 'fadeOut', 1.5);
		const t = trimClipTail(faded, a, -1);
		expect(t.tracks[0]!.clips[0]).toMatchObject({ length: 1, fadeOut: 1 });
		expect(trimClipTail(s, a, 0.5).tracks[0]!.clips[0]!.length).toBe(2.5);
		expect(() => trimClipTail(s, a, 0.6)).toThrow(/ends there/);
	});

	it('fades step within 0 … the clip length; shape flips; gain above +24 dB is refused', () => {
		expect(nudgeFade(s, a, 'fadeIn', -1 / 24)).toBe(s);
		expect(nudgeFade(setFade(s, a, 'fadeIn', 1.99), a, 'fadeIn', 1 / 24).tracks[0]!.clips[0]!.fadeIn).toBe(2);
		expect(() => setFade(s, a, 'fadeIn', 3)).toThrow(/longer than the clip/);
		expect(toggleFadeShape(s, a).tracks[0]!.clips[0]!.fadeShape).toBe('equal-power');
		expect(() => setClipGainChecked(s, a, 30)).toThrow(/above \+24 dB/);
		expect(setClipGainChecked(s, a, -300).tracks[0]!.clips[0]!.gain).toBe(-Infinity);
	});

	it('a crossfade covers exactly the overlap, whichever clip is given first', () => {
		// a ends at 3 s, b starts at 2.5 s: 0.5 s.
		for (const [x, y] of [[a, b], [b, a]] as const) {
			const c = crossfadeClips(s, x, y);
			expect(c.tracks[0]!.clips[0]).toMatchObject({ fadeOut: 0.5, fadeShape: 'equal-power' });
			expect(c.tracks[0]!.clips[1]).toMatchObject({ fadeIn: 0.5, fadeShape: 'equal-power' });
		}
		expect(() => crossfadeClips(nudgeClips(s, [b], 1), a, b)).toThrow(/do not overlap/);
	});
});

describe('the fader range', () => {
	it('warns about faders above +12 dB, which still load and play as written', async () => {
		const s = parseSession('dubdesk: 1\nmaster: { gain: 13 }\nbuses:\n  - { id: DX, gain: 18 }\ntracks:\n  - { id: t1, gain: 12 }\n', 's.yaml');
		expect(s.buses[0]!.gain).toBe(18);
		expect(faderWarnings(s)).toEqual([
			"buses[0] (DX): gain 18 dB is above the faders' +12 dB top; it plays as written, and once moved down it cannot go back above +12 dB",
			"master: gain 13 dB is above the faders' +12 dB top; it plays as written, and once moved down it cannot go back above +12 dB",
		]);
		const dir = await makeTempDir();
		try {
			const file = join(dir, 'hot.yaml');
			await writeFile(file, 'dubdesk: 1\nbuses:\n  - { id: DX, gain: 18 }\n');
			const run = await cli(['check', file]);
			expect(run.code).toBe(0);
			expect(run.stdout).toContain('warning: buses[0] (DX): gain 18 dB is above');
		} finally {
			await removeTempDir(dir);
		}
	});
});
