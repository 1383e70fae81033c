// The help overlay is generated from the active keymap: what it lists is what the keys do.
import React from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { HelpOverlay } from '../../source/components/HelpOverlay.js';
import { allActions, describeAction } from '../../source/input/actions.js';
import { helpLines, keyList } from '../../source/app/help-lines.js';
import { loadKeymap } from '../../source/input/keymap.js';
import { setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

describe.each(['default', 'protools', 'vim'])('help for the %s keymap', (name) => {
	const { keymap } = loadKeymap({ name });

	it('lists every action with its keys', () => {
		// One column: a text too long for a line wraps under itself, so joined up it reads whole.
		const text = helpLines(keymap, 80).join(' ').replace(/\s+/g, ' ');
		for (const id of allActions()) {
			expect(text).toContain(describeAction(id));
			expect(keyList(keymap, id)).not.toBe('');
		}
	});
});

it('opens over the view, scrolls on a small terminal and closes', async () => {
	ui = setup();
	await ui.press('?');
	let frame = ui.frame();
	expect(frame).toContain('Keys (default keymap');
	expect(frame).toMatch(/Space\s+play \/ stop/);
	expect(frame).toMatch(/-- lines 1-\d+ of \d+/);
	await ui.press('pagedown', 'pagedown', 'pagedown');
	frame = ui.frame();
	expect(frame).toMatch(/^Timeline$/m);
	expect(frame).toMatch(/\{\s+nudge the clip ¼ frame earlier/);
	await ui.press('escape');
	await new Promise((r) => setTimeout(r, 50));
	expect(ui.frame()).not.toContain('Keys (default keymap');
});

it('shows columns side by side on a wide terminal, with the vim keys when vim is active', async () => {
	ui = setup({ columns: 200, rows: 60, keymap: 'vim' });
	await ui.press('?');
	const frame = ui.frame();
	expect(frame).toMatch(/Everywhere\s+Mixer/);
	expect(frame).toMatch(/h, Left\s+select the strip to the left/);
	expect(frame).not.toContain('-- lines');
});

it('scrolls down to the last key, and after a resize that shortens it shows its last page', async () => {
	ui = setup();
	await ui.press('?');
	for (let i = 0; i < 12; i++) await ui.press('pagedown');
	const { keymap } = loadKeymap({ name: 'default' });
	const all = helpLines(keymap, 80);
	const rows = ui.frame().split('\n');
	// The footer, then the status line, close the screen; the last help line is just above them.
	expect(rows.at(-2)).toMatch(new RegExp(`^-- lines \\d+-${all.length} of ${all.length}:`));
	expect(rows.at(-3)).toBe(all.at(-1));
	// Drawn wider (fewer, two-column lines) with the scroll where it was: the last page, not a blank one.
	const wide = helpLines(keymap, 120);
	const page = render(<HelpOverlay keymap={keymap} scroll={all.length - 20} columns={120} height={20} />).lastFrame()!.split('\n');
	expect(page.at(-1)).toBe(`-- lines ${wide.length - 18}-${wide.length} of ${wide.length}: Up/Down/PgUp/PgDn scroll, ? or Esc closes --`);
	// (ink-testing-library wraps at 100 columns, so the 120-column rows are not compared whole.)
	expect(page.at(-2)!.trim()).not.toBe('');
});
