// The help overlay is generated from the active keymap: what it lists is what the keys do.
import { afterEach, describe, expect, it } from 'vitest';
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
