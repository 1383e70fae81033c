// A track's duck lane on the timeline: listed after its other lanes, drawn with its values in
// dB, and edited with the lane keys like any lane (its values stay at or under 0 dB: a dip).
import { afterEach, describe, expect, it } from 'vitest';
import { resolvedPoints } from '../../sessions/edit-lanes.js';
import { setup, sessionYaml, type Setup } from '../ui/setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const t2 = { kind: 'track', id: 't2' } as const;
const DUCK: [number, number][] = [[1, 0], [2, -6], [8, -6], [9, 0]];
const yaml = () => sessionYaml().replace('    automation:\n      gain: [[0, -20], [20, 0]]', `    automation:\n      duck: ${JSON.stringify(DUCK)}`);
const status = () => ui!.store.getState().status?.text ?? '';
const duck = () => resolvedPoints(ui!.store.getState().session, t2, 'duck');

describe('the duck lane on the timeline', () => {
	it('is the last lane of a track, shown and edited in dB like any lane', async () => {
		ui = setup({ yaml: yaml() });
		await ui.press('tab', 'down', 'a', 'A', 'A', 'A');
		expect(status()).toBe('lane 4/4: Trk 2 duck (4 points)');
		// The label, the lane's value at the playhead over its name (0 dB before the first dip).
		expect(ui.frame()).toMatch(/^ {2}0\.0dB +\|.*\n duck +\|/m);
		ui.shared.setPosition(48000 * 5, 48000);
		ui.shared.publish();
		await ui.tick();
		await ui.press(')');
		expect(status()).toMatch(/^Trk 2 duck point 3\/4 at 01:00:08:00: -6\.0 dB$/);
		await ui.press('k');
		expect(duck()[2]).toEqual([8, -5.5]);
		// A dip: never above 0 dB.
		await ui.press('K', 'K');
		expect(duck()[2]).toEqual([8, 0]);
		expect(status()).toMatch(/0\.0 dB/);
		await ui.press('u');
		expect(duck()).toEqual(DUCK);
	});
});
