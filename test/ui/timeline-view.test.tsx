// The timeline at 80×24 and wide: a timecode ruler at the session frame rate, clips with names
// and fades, markers, the playhead following playback, zoom and scroll, the automation lane,
// and the clip nudges (a frame, a quarter frame; BWF-placed clips from their resolved place).
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../sessions/types.js';
import { nameWidth } from '../../source/app/timeline-rows.js';
import { fitsIn, sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

describe.each([
	[80, 24],
	[200, 50],
])('timeline at %i×%i', (columns, rows) => {
	it('draws the ruler, markers, clips and the playhead', async () => {
		ui = setup({ columns, rows });
		await ui.press('tab');
		const frame = ui.frame();
		expect(fitsIn(frame, columns, rows)).toBe(true);
		const lines = frame.split('\n');
		expect(lines[2]).toMatch(/^25 fps\s+\|?01:00:00:00\s+01:00:10:00/);
		expect(lines[3]).toContain('vscene 12');
		expect(lines[4]).toMatch(/^>Trk 1\s+\|?\s*\[\/line?-?o?n?e?=*\\+\]\s+\[line/);
		expect(lines[5]).toContain('[bwf-clip');
		// Playhead at 0: the first lane column is the playhead.
		expect(lines[6]!.charAt(nameWidth(columns))).toBe('|');
	});

	it('follows the playhead while playing', async () => {
		ui = setup({ columns, rows });
		await ui.press('tab');
		const span = (columns - nameWidth(columns)) * 0.5;
		ui.shared.setPosition(48000 * (span + 3), 48000);
		ui.shared.setPlaying(true);
		ui.shared.publish();
		await ui.tick();
		await new Promise((r) => setTimeout(r, 50));
		const { scroll } = ui.store.getState();
		expect(scroll).toBeGreaterThan(0);
		expect(span + 3).toBeGreaterThanOrEqual(scroll);
		expect(span + 3).toBeLessThan(scroll + span);
	});
});

describe('timeline keys', () => {
	const at = (s: Session, clip: number) => s.tracks[0]!.clips[clip]!.at;

	it('selects clips in time order and nudges them by a frame and a quarter frame', async () => {
		ui = setup();
		await ui.press('tab', 'right');
		expect(ui.store.getState().selectedClip).toBe(0);
		expect(ui.frame()).toMatch(/<\/lin\\+>/);
		await ui.press(']');
		expect(at(ui.store.getState().session, 0)).toBe(2.04);
		await ui.press('}');
		expect(at(ui.store.getState().session, 0)).toBe(2.05);
		expect(at(ui.sent.filter((c) => c.type === 'load').at(-1)!.type === 'load' ? (ui.sent.filter((c) => c.type === 'load').at(-1) as { session: Session }).session : ui.store.getState().session, 0)).toBe(2.05);
		// A clip on timecode stays on timecode for whole-frame nudges.
		await ui.press('right', '[');
		expect(at(ui.store.getState().session, 1)).toBe('01:00:09:24');
		await ui.press('u');
		expect(at(ui.store.getState().session, 1)).toBe('01:00:10:00');
	});

	it('nudges a BWF-placed clip from its resolved position', async () => {
		ui = setup();
		await ui.press('tab', 'down', 'right', ']');
		const clip = ui.store.getState().session.tracks[1]!.clips[0]!;
		expect(clip.at).toBe(20.04);
	});

	it('zooms around the playhead and scrolls', async () => {
		ui = setup();
		await ui.press('tab', '=');
		expect(ui.store.getState().zoom).toBe(0.25);
		await ui.press('-', '-');
		expect(ui.store.getState().zoom).toBe(1);
		expect(ui.frame()).toContain('01:00:15:00');
		await ui.press('pagedown');
		expect(ui.store.getState().scroll).toBe(35);
		await ui.press('pageup', 'pageup');
		expect(ui.store.getState().scroll).toBe(0);
	});

	it('shows the selected track\'s gain automation lane', async () => {
		ui = setup();
		await ui.press('tab', 'down', 'a');
		const lines = ui.frame().split('\n');
		const lane = lines.findIndex((l) => l.startsWith('  -20.0dB'));
		expect(lane).toBe(6);
		expect(lines[lane]).toMatch(/[_.]+.*[=^]/);
		await ui.press('up');
		expect(ui.frame()).toContain('(no gain automation; fader 0.0 dB)');
	});

	it('a lane that fades up from −∞ reads -inf, not NaN, and fits the row', async () => {
		const yaml = sessionYaml(2).replace('gain: [[0, -20], [20, 0]]', 'gain: [[0, -.inf], [20, 0]]');
		ui = setup({ yaml });
		await ui.press('tab', 'down', 'a');
		const frame = ui.frame();
		expect(fitsIn(frame, 80, 24)).toBe(true);
		expect(frame).toContain('  -infdB');
		expect(frame).not.toMatch(/NaN/);
	});

	it('mutes and solos from the timeline too (global keys)', async () => {
		ui = setup();
		await ui.press('tab', 'down', 'm', 's');
		const t = ui.store.getState().session.tracks[1]!;
		expect([t.mute, t.solo]).toEqual([true, true]);
		expect(ui.frame()).toMatch(/>Trk 2 MS \|/);
	});
});
