// Colour is optional (NO_COLOR, monochrome, dumb terminals), and the screen writer sends only
// the lines that changed, each positioned absolutely, at most maxFps times a second.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ScreenWriter } from '../../source/app/screen-writer.js';
import { detectTheme } from '../../source/app/theme.js';
import { setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

describe('theme', () => {
	const tty = { isTTY: true, hasColors: () => true };
	it.each([
		[{}, { color: true, attrs: true }],
		[{ NO_COLOR: '1' }, { color: false, attrs: true }],
		[{ TERM: 'dumb' }, { color: false, attrs: false }],
		[{ FORCE_COLOR: '0' }, { color: false, attrs: true }],
		[{ NO_COLOR: '1', FORCE_COLOR: '1' }, { color: false, attrs: true }],
	])('%j → %j', (env, theme) => {
		expect(detectTheme(tty, env)).toEqual(theme);
	});

	it('a monochrome terminal gets no colour', () => {
		expect(detectTheme({ isTTY: true, hasColors: () => false }, {})).toEqual({ color: false, attrs: true });
		expect(detectTheme({ isTTY: false }, {})).toEqual({ color: false, attrs: false });
	});

	it('with NO_COLOR the frame has inverse for the selection but no colour codes', async () => {
		ui = setup({ theme: { color: false, attrs: true } });
		ui.shared.setMeter(ui.shared.trackMeterOffset(0), -1, -1, true);
		ui.shared.setPlaying(true);
		ui.shared.publish();
		await ui.tick();
		const frame = ui.frame();
		expect(frame).toContain('\x1b[7mTrk 1  \x1b[27m');
		expect(frame).not.toMatch(/\x1b\[3\dm/);
	});

	it('with colour the meter rows are coloured by zone, one run per row', async () => {
		ui = setup({ theme: { color: true, attrs: true } });
		ui.shared.setMeter(ui.shared.trackMeterOffset(0), -1, -1, false);
		ui.shared.setPlaying(true);
		ui.shared.publish();
		await ui.tick();
		const rows = ui.frame().split('\n').slice(3, 18);
		expect(rows[0]).toMatch(/^\x1b\[31m/);
		expect(rows.at(-1)).toMatch(/^\x1b\[32m/);
		expect(rows.every((r) => (r.match(/\x1b\[3[1-7]m/g) ?? []).length === 1)).toBe(true);
	});
});

describe('screen writer', () => {
	function fakeTerminal() {
		const out = Object.assign(new EventEmitter(), { columns: 20, rows: 5, isTTY: true, written: [] as string[] });
		(out as unknown as { write: (s: string) => boolean }).write = (s: string) => (out.written.push(s), true);
		return out;
	}

	it('writes changed lines only, positioned absolutely, inside a synchronized update', () => {
		const term = fakeTerminal();
		const writer = new ScreenWriter(term as never, { maxFps: 1000 });
		writer.inkStdout.write('a\nb\nc');
		expect(term.written.at(-1)).toBe('\x1b[?2026h\x1b[1;1H\x1b[0ma\x1b[0m\x1b[K\x1b[2;1H\x1b[0mb\x1b[0m\x1b[K\x1b[3;1H\x1b[0mc\x1b[0m\x1b[K\x1b[?2026l');
		writer.flush();
		const before = term.written.length;
		writer.inkStdout.write('a\nB\nc');
		writer.flush();
		expect(term.written.slice(before)).toEqual(['\x1b[?2026h\x1b[2;1H\x1b[0mB\x1b[0m\x1b[K\x1b[?2026l']);
		writer.inkStdout.write('a\nB\nc');
		writer.flush();
		expect(term.written.length).toBe(before + 1);
		writer.close();
	});

	it('coalesces frames that come faster than maxFps and keeps the last', async () => {
		const term = fakeTerminal();
		const writer = new ScreenWriter(term as never, { maxFps: 10 });
		writer.inkStdout.write('1');
		writer.inkStdout.write('2');
		writer.inkStdout.write('3');
		expect(term.written).toHaveLength(1);
		await new Promise((r) => setTimeout(r, 150));
		expect(term.written).toHaveLength(2);
		expect(term.written[1]).toContain('3');
		writer.close();
	});

	it('redraws everything after a resize and passes the resize on', () => {
		const term = fakeTerminal();
		const writer = new ScreenWriter(term as never, { maxFps: 1000 });
		let resized = 0;
		writer.inkStdout.on('resize', () => resized++);
		writer.inkStdout.write('a\nb');
		term.columns = 30;
		term.emit('resize');
		expect(resized).toBe(1);
		expect(writer.inkStdout.columns).toBe(30);
		writer.inkStdout.write('a\nb');
		writer.flush();
		expect(term.written.at(-1)).toContain('\x1b[1;1H\x1b[0ma');
		writer.close();
	});
});

describe('live lines without a React render', () => {
	it('a meter tick patches the transport and the changed view lines; Ink\'s frame stays', async () => {
		const patches: { top: number; lines: readonly string[] }[] = [];
		ui = setup({ screen: { patch: (top, lines) => void patches.push({ top, lines }) } });
		const inkFrame = ui.frame();
		ui.shared.setMeter(ui.shared.trackMeterOffset(0), -6, -3, false);
		ui.shared.setPosition(48000 * 2, 48000);
		ui.shared.setPlaying(true);
		ui.shared.publish();
		for (let i = 0; i < 100 && patches.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
		const { top, lines } = patches.at(-1)!;
		expect(top).toBe(0);
		expect(lines).toHaveLength(23);
		expect(lines[0]).toMatch(/^> PLAY\s+01:00:02:00/);
		expect(lines.filter((l) => l.includes('[  ##  ]'))).toHaveLength(13);
		expect(ui.frame()).toBe(inkFrame);
		// A key still renders through React, with the latest reading.
		await ui.press('m');
		expect(ui.frame()).toMatch(/> PLAY\s+01:00:02:00/);
		expect(ui.frame()).toContain('M - -');
	});

	it('the timeline patches its playhead; the help overlay leaves only the transport live', async () => {
		const patches: (readonly string[])[] = [];
		ui = setup({ screen: { patch: (_top, lines) => void patches.push(lines) } });
		await ui.press('tab');
		ui.shared.setPosition(48000 * 5, 48000);
		ui.shared.publish();
		for (let i = 0; i < 100 && patches.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
		expect(patches.at(-1)![4]!.charAt(20)).toBe('|');
		await ui.press('?');
		patches.length = 0;
		ui.shared.setPosition(48000 * 6, 48000);
		ui.shared.publish();
		for (let i = 0; i < 100 && patches.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
		expect(patches.at(-1)).toHaveLength(2);
	});
});
