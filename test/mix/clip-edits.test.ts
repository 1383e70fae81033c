// Clip edits rendered through the engine and compared with the independent reference mixer:
// a group nudge of back-to-back loop clips moves every clip by the same samples (the joins stay
// seamless, the print is the old one shifted), a crossfade and stepped fades play the fade laws,
// and head/tail trims keep the audio where it was. Each edited session is saved and loaded
// again, so what is checked is what the file holds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadPlan } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';
import { loadSession } from '../../sessions/load.js';
import { saveSession } from '../../sessions/save.js';
import { crossfadeClips, nudgeClips, nudgeFade, trimClipHead, trimClipTail, type PlacedClip } from '../../sessions/edit-clips.js';
import type { Session } from '../../sessions/types.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { referenceMix, type RefSession } from '../helpers/reference-mix.js';
import { maxError, testSignal, writeFixture, type Fixture } from '../helpers/mix-fixture.js';

const SR = 8000;
let dir: string;
beforeEach(async () => {
	dir = await makeTempDir();
});
afterEach(async () => {
	await removeTempDir(dir);
});

/** Saves `session`, loads it back and renders [0, frames) in-process. */
async function render(session: Session, file: string, frames: number): Promise<Float64Array[]> {
	await saveSession(file, session);
	const { plan } = await loadPlan(file);
	const out = Array.from({ length: plan.channels }, () => new Float64Array(frames));
	let at = 0;
	await renderOffline(plan, {
		from: 0,
		to: frames,
		blockFrames: 1000,
		onBlock: (r, n) => {
			for (let c = 0; c < plan.channels; c++) for (let i = 0; i < n; i++) out[c]![at + i] = r.master[c]![i]!;
			at += n;
		},
	});
	return out;
}

const at = (s: Session, track: number, clip: number) => s.tracks[track]!.clips[clip]!.at as number;

describe('a group nudge of loop clips', () => {
	// A 0.25 s loop (2000 samples) laid end to end 11 times from 0.5 s, like the demo's music cue;
	// 29.97 fps makes a frame 266.93 samples at 8 kHz, so a careless nudge would round clips differently.
	const LOOP = 2000;
	const fixture = (): Fixture => ({
		sampleRate: SR,
		frameRate: 29.97,
		media: [{ name: 'loop.wav', encoding: 'float', bits: 32, signal: [testSignal(LOOP, 5)] }],
		tracks: [{ id: 'mx', clips: Array.from({ length: 11 }, (_, k) => ({ media: 'loop.wav', at: 0.5 + (k * LOOP) / SR })) }],
	});

	it('moves every clip by the same samples: the joins stay exact and the print is the old one shifted', async () => {
		const { sessionFile, reference } = await writeFixture(dir, fixture());
		const before = await loadSession(sessionFile);
		const refs = before.tracks[0]!.clips.map((_, k) => ({ track: 'mx', clip: k }));
		const frame = 1001 / 30000;
		// Three perfs later, a frame later, a perf earlier: 1.5 frames, 400.4 samples, in five undo steps.
		let s = before;
		for (const d of [frame / 4, frame / 4, frame / 4, frame, -frame / 4]) s = nudgeClips(s, refs, d);
		// The first clip moves by the nudges exactly (its seconds), rounded to a sample once, as the engine places it.
		const expectedStart = Math.round((0.5 + 1.5 * frame) * SR);
		expect(expectedStart).toBe(4400);
		const starts = refs.map((r) => Math.round(at(s, 0, r.clip) * SR));
		expect(starts[0]).toBe(expectedStart);
		// Every join stays exact: each clip starts where the one before it ends.
		for (let k = 1; k < starts.length; k++) expect(starts[k]! - starts[k - 1]!).toBe(LOOP);
		const shift = expectedStart - 4000;
		const frames = 4000 + 11 * LOOP + 1000;
		const rendered = await render(s, sessionFile, frames);
		// Against the reference mixer with every clip at its shifted sample.
		const shifted: RefSession = { ...reference, tracks: reference.tracks.map((t) => ({ ...t, clips: t.clips.map((c) => ({ ...c, at: (Math.round(c.at * SR) + shift) / SR })) })) };
		expect(maxError(rendered, referenceMix(shifted, 0, frames).master)).toBeLessThanOrEqual(1e-6);
		// And the un-nudged reference shifted by the same samples: nothing but the position changed.
		const original = referenceMix(reference, 0, frames).master;
		let worst = 0;
		for (let c = 0; c < 2; c++) for (let n = Math.max(0, shift); n < frames; n++) worst = Math.max(worst, Math.abs(rendered[c]![n]! - original[c]![n - shift]!));
		expect(worst).toBeLessThanOrEqual(1e-6);
	});

	it('at 24 fps and 48 kHz a frame is 2000 samples and positions stay readable', async () => {
		const f = fixture();
		const { sessionFile } = await writeFixture(dir, { ...f, sampleRate: 48000, frameRate: 24 });
		const s = await loadSession(sessionFile);
		const refs = s.tracks[0]!.clips.map((_, k) => ({ track: 'mx', clip: k }));
		const moved = nudgeClips(s, refs, 1 / 24);
		for (let k = 0; k < 11; k++) {
			expect(Math.round(at(moved, 0, k) * 48000) - Math.round(at(s, 0, k) * 48000)).toBe(2000);
			expect(String(at(moved, 0, k)).length).toBeLessThan(14);
		}
	});

	it('refuses a nudge that would put any clip before the session start, moving nothing', async () => {
		const { sessionFile } = await writeFixture(dir, fixture());
		const s = await loadSession(sessionFile);
		expect(() => nudgeClips(s, [{ track: 'mx', clip: 3 }, { track: 'mx', clip: 0 }], -0.6)).toThrow(/before the session start/);
	});
});

describe('fades, crossfades and trims against the reference mixer', () => {
	const A = testSignal(8000, 11);
	const B = testSignal(8000, 12);
	const fixture = (): Fixture => ({
		sampleRate: SR,
		media: [
			{ name: 'a.wav', encoding: 'float', bits: 32, signal: [A] },
			{ name: 'b.wav', encoding: 'float', bits: 32, signal: [B] },
		],
		tracks: [
			{
				id: 't',
				clips: [
					{ media: 'a.wav', at: 0.1, offset: 0.2, length: 0.6 },
					{ media: 'b.wav', at: 0.55, offset: 0.1, length: 0.5 },
				],
			},
		],
	});
	const placed = (s: Session, clip: number): PlacedClip => ({ track: 't', clip, start: at(s, 0, clip), frames: Math.round(s.tracks[0]!.clips[clip]!.length! * SR) });

	it('a crossfade fades the earlier out and the later in over exactly their overlap, equal-power', async () => {
		const { sessionFile, reference } = await writeFixture(dir, fixture());
		const s = crossfadeClips(await loadSession(sessionFile), placed(await loadSession(sessionFile), 0), placed(await loadSession(sessionFile), 1));
		// The overlap: 0.1 + 0.6 − 0.55 s = 1200 samples.
		expect(s.tracks[0]!.clips[0]).toMatchObject({ fadeOut: 0.15, fadeShape: 'equal-power' });
		expect(s.tracks[0]!.clips[1]).toMatchObject({ fadeIn: 0.15, fadeShape: 'equal-power' });
		const frames = 9000;
		const rendered = await render(s, sessionFile, frames);
		const ref: RefSession = { ...reference, tracks: [{ ...reference.tracks[0]!, clips: [{ ...reference.tracks[0]!.clips[0]!, fadeOut: 0.15, shape: 'equal-power' }, { ...reference.tracks[0]!.clips[1]!, fadeIn: 0.15, shape: 'equal-power' }] }] };
		expect(maxError(rendered, referenceMix(ref, 0, frames).master)).toBeLessThanOrEqual(1e-6);
		// Half-way through the overlap (sample 5000) both clips play at sin(π/4), and centre pan is cos(π/4):
		// clip a's source sample 5000 − 800 + 1600, clip b's 5000 − 4400 + 800.
		const expected = (Math.fround(A[5800]!) + Math.fround(B[1400]!)) * 0.5;
		expect(rendered[0]![5000]!).toBeCloseTo(expected, 6);
		expect(rendered[1]![5000]!).toBeCloseTo(expected, 6);
	});

	it('stepped fades are exact to the sample and render as the fade law says', async () => {
		const { sessionFile, reference } = await writeFixture(dir, fixture());
		let s = await loadSession(sessionFile);
		const frame = 1 / 24;
		for (let i = 0; i < 3; i++) s = nudgeFade(s, placed(s, 0), 'fadeIn', frame);
		s = nudgeFade(s, placed(s, 1), 'fadeOut', frame);
		// 3 frames at 24 fps = 1000 samples; 1 frame = 333.33 → 333 samples.
		expect(Math.round(s.tracks[0]!.clips[0]!.fadeIn * SR)).toBe(1000);
		expect(Math.round(s.tracks[0]!.clips[1]!.fadeOut * SR)).toBe(333);
		const frames = 9000;
		const rendered = await render(s, sessionFile, frames);
		const ref: RefSession = { ...reference, tracks: [{ ...reference.tracks[0]!, clips: [{ ...reference.tracks[0]!.clips[0]!, fadeIn: 1000 / SR }, { ...reference.tracks[0]!.clips[1]!, fadeOut: 333 / SR }] }] };
		expect(maxError(rendered, referenceMix(ref, 0, frames).master)).toBeLessThanOrEqual(1e-6);
	});

	it('a head trim keeps the audio in place (only the trimmed part goes silent); a tail trim shortens the end', async () => {
		const { sessionFile, reference } = await writeFixture(dir, fixture());
		const s0 = await loadSession(sessionFile);
		// Clip b on its own track so the trimmed part is silence, not clip a.
		const solo: Session = { ...s0, tracks: [{ ...s0.tracks[0]!, clips: [s0.tracks[0]!.clips[1]!] }] };
		const p = (s: Session): PlacedClip => ({ track: 't', clip: 0, start: at(s, 0, 0), frames: Math.round(s.tracks[0]!.clips[0]!.length! * SR) });
		let s = trimClipHead(solo, p(solo), 0.1);
		s = trimClipTail(s, p(s), -0.05);
		expect(s.tracks[0]!.clips[0]).toMatchObject({ at: 0.65, offset: 0.2, length: 0.35 });
		const frames = 9000;
		const rendered = await render(s, sessionFile, frames);
		const whole = referenceMix({ ...reference, tracks: [{ ...reference.tracks[0]!, clips: [reference.tracks[0]!.clips[1]!] }] }, 0, frames).master;
		for (let c = 0; c < 2; c++) {
			for (let n = 0; n < frames; n++) {
				const kept = n >= 5200 && n < 8000;
				expect(rendered[c]![n]!).toBeCloseTo(kept ? whole[c]![n]! : 0, 6);
			}
		}
		// Back to the left: the head cannot go before the start of the media.
		expect(() => trimClipHead(s, p(s), -0.3)).toThrow(/cannot move earlier/);
		expect(() => trimClipTail(s, { ...p(s), available: 2800 }, 0.01)).toThrow(/ends there/);
	});
});
