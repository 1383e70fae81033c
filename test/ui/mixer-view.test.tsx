// The mixer view at 80×24 and on a wide terminal: strips, meters from shared memory, the
// selection readable without colour, banks that follow the selection, the master's loudness.
import { afterEach, describe, expect, it } from 'vitest';
import { cellsFor } from '../../source/app/meter-scale.js';
import { fitsIn, sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

describe.each([
	[80, 24, 7],
	[160, 40, 13],
])('mixer at %i×%i', (columns, rows, perBank) => {
	it('shows a bank of strips, the master, and fits the terminal', () => {
		ui = setup({ columns, rows, yaml: sessionYaml(40) });
		const frame = ui.frame();
		expect(fitsIn(frame, columns, rows)).toBe(true);
		expect(frame.split('\n')).toHaveLength(rows);
		expect(frame).toMatch(/>Trk 1 +Trk 2/);
		expect(frame).toContain(`Trk ${perBank}`);
		expect(frame).not.toContain(`Trk ${perBank + 1} `);
		expect(frame).toContain('MASTER');
		expect(frame).toMatch(/# STOP\s+01:00:00:00/);
		expect(frame).toContain('? help');
	});

	it('draws meters, peak hold and clip from the shared state', async () => {
		ui = setup({ columns, rows, yaml: sessionYaml(40) });
		const { shared } = ui;
		shared.setMeter(shared.trackMeterOffset(0), -6, -3, false);
		shared.setMeter(shared.trackMeterOffset(1), -30, -20, true);
		shared.setMeter(shared.masterMeterOffset(0), -10, -8, false);
		shared.setLoudness(Float64Array.of(-23.04, -22.5, -24.0, 5, -1.23, 0.9));
		shared.setPlaying(true);
		shared.publish();
		await ui.tick();
		const lines = ui.frame().split('\n');
		const col = lines[2]!.indexOf('>Trk 1');
		const meterRows = rows - 3 - 6;
		const meter = lines.slice(3, 3 + meterRows).map((l) => l.slice(col + 1, col + 7));
		const lit = meter.filter((m) => m.includes('##')).length;
		// -6 dB on the IEC scale is 85 % of the meter's height.
		expect(lit).toBe(Math.round(0.85 * meter.length));
		expect(lit).toBe(cellsFor(-6, meter.length));
		expect(meter.filter((m) => m.includes('--'))).toHaveLength(1);
		expect(ui.frame()).toContain('CLIP');
		expect(ui.frame()).toContain('-3.0');
		expect(ui.frame()).toContain('M -23.0');
		expect(ui.frame()).toContain('I -24.0');
		expect(ui.frame()).toMatch(/TP -1\.2/);
		expect(ui.frame()).toContain('LRA 5.0');
		expect(ui.frame()).toContain('ph +0.90');
		expect(ui.frame()).toContain('> PLAY');
	});

	it('moves the bank with the selection, onto the buses and the master', async () => {
		ui = setup({ columns, rows, yaml: sessionYaml(40) });
		await ui.press(...new Array<string>(perBank).fill('right'));
		expect(ui.frame()).toContain(`>Trk ${perBank + 1}`);
		expect(ui.frame()).not.toContain('Trk 1 ');
		await ui.press(...new Array<string>(8).fill('pagedown'));
		expect(ui.frame()).toContain('>MX');
		await ui.press('right');
		expect(ui.frame()).toContain('>MASTER');
	});
});

it('reads without colour: the selection is framed and marked, not only highlighted', () => {
	ui = setup();
	const lines = ui.frame().split('\n');
	expect(lines[2]).toContain('>Trk 1   Trk 2');
	expect(lines.slice(3, 17).every((l) => /^.{4}\[.{6}\]/.test(l))).toBe(true);
	expect(ui.frame()).not.toMatch(/\x1b\[/);
});

it('shows mute, solo, polarity, pan, fader and output', async () => {
	ui = setup();
	await ui.press('m', 's', 'p', '[', '[', 'up');
	const frame = ui.frame();
	expect(frame).toContain('M S Ø');
	expect(frame).toContain('L10');
	expect(frame).toContain('+0.5');
	expect(frame).toMatch(/out\s+\[\s+DX\s+\]/);
});

it('shows six master meters for a 5.1 master', async () => {
	ui = setup({ yaml: sessionYaml(4).replace('start: "01:00:00:00"', 'start: "01:00:00:00"\nmaster: { format: "5.1", gain: -1 }') });
	for (let c = 0; c < 6; c++) ui.shared.setMeter(ui.shared.masterMeterOffset(c), -3, -3, false);
	ui.shared.setPlaying(true);
	ui.shared.publish();
	await ui.tick();
	// Each meter as wide as its label (test/ui/surround.test.tsx has the rest).
	expect(ui.frame()).toMatch(/# # # ### ## ##/);
	expect(ui.frame()).toContain('L R C LFE Ls Rs');
	expect(ui.frame()).toMatch(/-1\.0\s*$/m);
	expect(ui.frame()).toContain('5.1');
});
