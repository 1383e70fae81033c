// The mixer's marks beside each meter at 80×24: S on a track with a send switched on, R on a
// return whose reverb is on, after E/D (or B); they follow edits and undo.
import { afterEach, expect, it } from 'vitest';
import { fitsIn, sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

/** Four tracks: t1 sends to VERB (on), t2 to VERB (off), t3 has an EQ band and a send; buses DX, MX, VERB (a return), HALL (reverb off). */
const YAML = sessionYaml(4)
	.replace('  - { id: MX, name: Music }', '  - { id: MX, name: Music }\n  - { id: VERB, name: Room, reverb: { decay: 0.6 } }\n  - { id: HALL, reverb: { decay: 2, on: false } }')
	.replace('    name: Trk 1\n', '    name: Trk 1\n    sends: [{ to: VERB, gain: -12 }]\n')
	.replace('    name: Trk 2\n', '    name: Trk 2\n    sends: [{ to: VERB, on: false }]\n')
	.replace('    name: Trk 3\n', '    name: Trk 3\n    strip: { eq: [{ type: bell, freq: 1000, gain: 3 }] }\n    sends: [{ to: HALL, pre: true }]\n');

/** The letters in the marks column of the strip named `name` (top to bottom). */
function marks(frame: string, name: string): string {
	const lines = frame.split('\n');
	const col = lines[2]!.search(new RegExp(`[ >]${name}`));
	if (col < 0) throw new Error(`no strip ${name} on screen`);
	return lines
		.slice(3, 3 + 15)
		.map((l) => l[col + 1] ?? ' ')
		.join('')
		.trim();
}

it('marks sends and returns beside the meters and fits 80×24', async () => {
	ui = setup({ yaml: YAML });
	let frame = ui.frame();
	expect(fitsIn(frame, 80, 24)).toBe(true);
	expect(marks(frame, 'Trk 1')).toBe('S');
	expect(marks(frame, 'Trk 2')).toBe('');
	expect(marks(frame, 'Trk 3')).toBe('ES');
	expect(marks(frame, 'Trk 4')).toBe('');
	expect(marks(frame, 'MX')).toBe('');
	expect(marks(frame, 'VERB')).toBe('R');
	// Seven strips a bank at 80 columns: HALL is on the next one.
	await ui.press('pagedown');
	frame = ui.frame();
	expect(frame).toContain('>HALL');
	expect(marks(frame, 'HALL')).toBe('');
});

it('follows a send switched on from the strip page, and its undo', async () => {
	ui = setup({ yaml: YAML });
	// Track 2, its page, down to its send, switch it on, back to the mixer.
	await ui.press('right', 'e', 'down', 'down', 'down', 'down', 'down', 'o', 'e');
	expect(marks(ui.frame(), 'Trk 2')).toBe('S');
	await ui.press('u');
	expect(marks(ui.frame(), 'Trk 2')).toBe('');
});
