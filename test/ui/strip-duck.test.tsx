// The strip page's DUCK line: switching it on adds a ducker keyed by the dialogue bus, its values
// nudge and type like any strip value (a live change), `d` removes it, and each step undoes.
import { afterEach, describe, expect, it } from 'vitest';
import { sessionYaml, setup, type Setup } from './setup.js';
import { addDucker } from '../../sessions/edit-duck.js';
import { parseSession } from '../../sessions/load.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

/** Opens the strip page of Trk 9 (a music track on MX) with the cursor on the DUCK line. */
async function onDuckLine(yaml = sessionYaml()): Promise<Setup> {
	ui = setup({ columns: 120, rows: 40, yaml });
	ui.store.update({ selected: 8 });
	await ui.press('e');
	ui.store.update({ stripCursor: { section: 'duck', param: 1 } });
	await ui.tick();
	return ui;
}

describe('strip page DUCK line', () => {
	it('shows the ducker as absent, and switching it on keys it from the dialogue bus', async () => {
		const ui = await onDuckLine();
		expect(ui.frame()).toMatch(/DUCK/);
		expect(ui.store.getState().session.tracks[8]!.duck).toBeUndefined();
		await ui.press(']');
		expect(ui.store.getState().status?.text).toMatch(/no ducker yet/);
		await ui.press('o');
		const duck = ui.store.getState().session.tracks[8]!.duck!;
		expect(duck).toMatchObject({ on: true, key: 'DX', threshold: -40, depth: -10, attack: 40, hold: 300, release: 600, lookahead: 20 });
		expect(ui.frame()).toMatch(/key DX/);
		await ui.press('ctrl+z');
		expect(ui.store.getState().session.tracks[8]!.duck).toBeUndefined();
	});

	it('nudges the depth as a live parameter change, switches off and removes', async () => {
		const ui = await onDuckLine();
		await ui.press('o');
		ui.sent.length = 0;
		await ui.press(']');
		expect(ui.store.getState().session.tracks[8]!.duck!.depth).toBe(-9.5);
		expect(JSON.stringify(ui.sent)).toMatch(/duck\.depth/);
		await ui.press('o');
		expect(ui.store.getState().session.tracks[8]!.duck!.on).toBe(false);
		await ui.press('d');
		expect(ui.store.getState().session.tracks[8]!.duck).toBeUndefined();
		await ui.press('ctrl+z');
		expect(ui.store.getState().session.tracks[8]!.duck).toMatchObject({ on: false, depth: -9.5 });
	});

	it('refuses a typed depth out of range with the range', async () => {
		const ui = await onDuckLine();
		await ui.press('o', 'enter');
		for (const c of '12') await ui.press(c);
		await ui.press('enter');
		expect(ui.store.getState().status?.text).toMatch(/out of range/);
		expect(ui.store.getState().session.tracks[8]!.duck!.depth).toBe(-10);
	});
});

describe('addDucker', () => {
	it('never keys a node from something it feeds: a DX track is keyed from MX, not from its own bus', () => {
		const session = parseSession(sessionYaml(), '/tmp/ui-test/reel.yaml');
		const next = addDucker(session, { kind: 'track', id: 't1' });
		expect(next.tracks[0]!.duck!.key).toBe('MX');
		expect(() => addDucker(session, { kind: 'track', id: 't1' }, 'DX')).toThrow(/routing loop/);
	});
});
