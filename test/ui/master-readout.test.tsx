// The master's fader readout follows its gain lane in read mode, as tracks' and buses' do, and
// moving the master fader while that lane plays says so once.
import { afterEach, expect, it } from 'vitest';
import { sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const MASTER = 'master:\n  format: stereo\n  gain: 0\n  automation:\n    gain: [[0, -10], [20, -4]]\n';

it('shows the master lane at the playhead, not the static fader', async () => {
	ui = setup({ columns: 120, rows: 40, yaml: sessionYaml(4, MASTER) });
	ui.shared.setPosition(48000 * 10, 48000);
	ui.shared.publish();
	await ui.tick();
	const dbRow = ui.frame().split('\n').find((l) => l.startsWith('dB'))!;
	// Linear in dB between the points: −7 dB at 10 s.
	expect(dbRow.trim().split(/\s+/).at(-1)).toBe('-7.0');
});

it('warns once when the master fader moves under its lane in read mode', async () => {
	ui = setup({ columns: 120, rows: 40, yaml: sessionYaml(4, MASTER) });
	ui.store.update({ selected: 4 + 2 });
	await ui.press('up');
	expect(ui.store.getState().status?.text).toMatch(/^Master fader is under automation \(read/);
});
