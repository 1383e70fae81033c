// Automation modes in the mixer at 80×24: the letters at the foot of each meter, the keys that
// step one strip's mode and set every strip's (undo steps, a new graph for the engine), fader and
// pan readouts that follow the lanes at the playhead, and the one warning per control when a key
// moves something a lane drives in read mode.
import { afterEach, describe, expect, it } from 'vitest';
import { fitsIn, sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const SR = 48000;
const METER_ROWS = 15;

/**
 * Four tracks and the buses DX, MX: Trk 2 has the shared gain lane [[0, −20], [20, 0]] (read);
 * Trk 3 a pan lane from hard left at 01:00:00:00 (session time 0) to hard right at 10 s, and a
 * gain lane rising from −∞; Trk 4 is in trim with a lane; the DX bus has a fader lane; MX is
 * set to latch.
 */
const YAML = sessionYaml(4)
	.replace('    name: Trk 3\n', '    name: Trk 3\n    automation:\n      pan: [["01:00:00:00", -1], [10, 1]]\n      gain: [[0, -.inf], [4, 0]]\n')
	.replace('    name: Trk 4\n', '    name: Trk 4\n    automation: { mode: trim, gain: [[0, 0], [8, -6]] }\n')
	.replace('  - { id: DX, name: Dialogue }', '  - { id: DX, name: Dialogue, automation: { gain: [[0, -6], [10, 0]] } }')
	.replace('  - { id: MX, name: Music }', '  - { id: MX, name: Music, automation: { mode: latch } }');

/** The frame's lines, padded back to the terminal's width (Ink trims trailing blanks). */
const linesOf = (frame: string) => frame.split('\n').map((l) => l.padEnd(80));

/** Content column 0 of the strip named `name`. */
function column(lines: string[], name: string): number {
	const col = lines[2]!.search(new RegExp(`[ >]${name}`));
	if (col < 0) throw new Error(`no strip ${name} on screen`);
	return col + 1;
}

/** The mode letters at the foot of a strip's meter (its two right columns). */
function modeOf(frame: string, name: string): string {
	const lines = linesOf(frame);
	const col = column(lines, name);
	return lines[2 + METER_ROWS]!.slice(col + 4, col + 6).trim();
}

/** A strip's readout on the row labelled `label` ('dB', 'pan'). */
function readout(frame: string, name: string, label: string): string {
	const lines = linesOf(frame);
	const col = column(lines, name);
	const row = lines.find((l) => l.startsWith(label.padEnd(4)))!;
	return row.slice(col, col + 6).trim();
}

/** The master's flags row, without the selection frame. */
function masterFlags(frame: string): string {
	const lines = linesOf(frame);
	const col = lines[2]!.indexOf('MASTER');
	return lines[3 + METER_ROWS + 3]!.slice(col - 1, col + 15).replace(/[[\]]/g, '').trim();
}

async function at(u: Setup, seconds: number): Promise<void> {
	u.shared.setPosition(Math.round(seconds * SR), SR);
	u.shared.publish();
	await u.tick();
}

const status = (u: Setup) => u.store.getState().status?.text;

describe('the mode indicator', () => {
	it('letters each strip at the foot of its meter and fits 80×24', () => {
		ui = setup({ yaml: YAML });
		const frame = ui.frame();
		expect(fitsIn(frame, 80, 24)).toBe(true);
		expect(frame.split('\n')).toHaveLength(24);
		expect(modeOf(frame, 'Trk 1')).toBe('');
		expect(modeOf(frame, 'Trk 2')).toBe('R');
		expect(modeOf(frame, 'Trk 3')).toBe('R');
		expect(modeOf(frame, 'Trk 4')).toBe('Tr');
		expect(modeOf(frame, 'DX')).toBe('R');
		// Latch with no lane yet: ready to write its first pass.
		expect(modeOf(frame, 'MX')).toBe('L');
		expect(masterFlags(frame)).toBe('');
	});
});

describe('the mode keys', () => {
	it('a steps the selected strip through every mode, each an undo step and a new graph', async () => {
		ui = setup({ yaml: YAML });
		await ui.press('right');
		const seen: string[] = [];
		const modes: (string | undefined)[] = [];
		for (let i = 0; i < 6; i++) {
			const loads = ui.sent.filter((c) => c.type === 'load').length;
			await ui.press('a');
			expect(ui.sent.filter((c) => c.type === 'load')).toHaveLength(loads + 1);
			seen.push(modeOf(ui.frame(), 'Trk 2'));
			modes.push(ui.store.getState().session.tracks[1]!.automation!.mode);
		}
		expect(modes).toEqual(['touch', 'latch', 'write', 'trim', 'off', undefined]);
		expect(seen).toEqual(['T', 'L', 'W', 'Tr', '', 'R']);
		expect(status(ui)).toBe('Automation Trk 2: read');
		await ui.press('u');
		expect(modeOf(ui.frame(), 'Trk 2')).toBe('');
		expect(status(ui)).toBe('undo: Automation Trk 2: read');
		await ui.press('u', 'u');
		expect(modeOf(ui.frame(), 'Trk 2')).toBe('W');
	});

	it('a on the master gives it a mode on its flags row', async () => {
		ui = setup({ yaml: YAML });
		await ui.press('pagedown', 'right', 'a');
		expect(ui.frame()).toMatch(/>MASTER\s*</);
		expect(ui.store.getState().session.master.automation).toEqual({ mode: 'touch' });
		expect(masterFlags(ui.frame())).toBe('T');
		expect(fitsIn(ui.frame(), 80, 24)).toBe(true);
	});

	it('A puts every strip in the selected strip\'s mode as one undo step', async () => {
		ui = setup({ yaml: YAML });
		await ui.press('a', 'a', 'A');
		const s = ui.store.getState().session;
		expect([...s.tracks, ...s.buses].map((x) => x.automation?.mode)).toEqual(['latch', 'latch', 'latch', 'latch', 'latch', 'latch']);
		expect(s.master.automation?.mode).toBe('latch');
		expect(['Trk 1', 'Trk 2', 'Trk 3', 'Trk 4', 'DX', 'MX'].map((n) => modeOf(ui!.frame(), n))).toEqual(['L', 'L', 'L', 'L', 'L', 'L']);
		expect(status(ui)).toBe('Automation of every strip: latch');
		await ui.press('u');
		expect(ui.store.getState().session.tracks.map((t) => t.automation?.mode)).toEqual(['latch', undefined, undefined, 'trim']);
		expect(modeOf(ui.frame(), 'MX')).toBe('L');
		expect(modeOf(ui.frame(), 'Trk 4')).toBe('Tr');
	});

	it('A says so when every strip is in that mode already', async () => {
		ui = setup({ yaml: sessionYaml(2) });
		await ui.press('A');
		expect(status(ui)).toBe("every strip's automation is read already");
		expect(ui.store.getState().dirty).toBe(false);
	});
});

describe('read shows the lanes at the playhead', () => {
	it('on the fader and the pan, following the shared playhead', async () => {
		ui = setup({ yaml: YAML });
		// Stopped at 0: the lanes' first values, not the static 0 dB and centre.
		expect(readout(ui.frame(), 'Trk 2', 'dB')).toBe('-20.0');
		expect(readout(ui.frame(), 'Trk 3', 'pan')).toBe('L100');
		await at(ui, 10);
		// Linear in dB: −20 + 20·10/20.
		expect(readout(ui.frame(), 'Trk 2', 'dB')).toBe('-10.0');
		expect(readout(ui.frame(), 'Trk 3', 'pan')).toBe('R100');
		ui.shared.setPlaying(true);
		await at(ui, 2.5);
		expect(readout(ui.frame(), 'Trk 2', 'dB')).toBe('-17.5');
		// Pan −1 + 2·2.5/10 = −0.5; −∞ interpolates as −144 dB: −144·(1 − 2.5/4) = −54.
		expect(readout(ui.frame(), 'Trk 3', 'pan')).toBe('L50');
		expect(readout(ui.frame(), 'Trk 3', 'dB')).toBe('-54.0');
		// In trim, as in every mode but off, the lane is what plays: −6·2.5/8.
		expect(readout(ui.frame(), 'Trk 4', 'dB')).toBe('-1.9');
		// A bus's fader lane: −6 + 6·2.5/10.
		expect(readout(ui.frame(), 'DX', 'dB')).toBe('-4.5');
		// After the last point the last value holds.
		await at(ui, 30);
		expect(readout(ui.frame(), 'Trk 2', 'dB')).toBe('0.0');
		expect(readout(ui.frame(), 'Trk 3', 'dB')).toBe('0.0');
	});

	it('patched onto the screen by the meter tick while playing, without a React render', async () => {
		const patches: (readonly string[])[] = [];
		ui = setup({ yaml: YAML, screen: { patch: (_top, lines) => void patches.push(lines) } });
		const inkFrame = ui.frame();
		ui.shared.setPlaying(true);
		ui.shared.setPosition(15 * SR, SR);
		ui.shared.publish();
		for (let i = 0; i < 200 && !patches.some((p) => p.some((l) => l.includes('-5.0'))); i++) await new Promise((r) => setTimeout(r, 10));
		const dB = patches.at(-1)!.find((l) => l.startsWith('dB'))!;
		// Trk 1 (selected) has no lane; −20 + 20·15/20 on Trk 2; the lanes' last values on Trk 3 and 4.
		expect(dB).toMatch(/^dB\s+\[ 0\.0\s+\]\s+-5\.0\s+0\.0\s+-6\.0\s/);
		expect(ui.frame()).toBe(inkFrame);
	});

	it('off shows the static values again', async () => {
		ui = setup({ yaml: YAML.replace('    name: Trk 2\n', '    name: Trk 2\n    gain: -4\n') });
		await at(ui, 10);
		expect(readout(ui.frame(), 'Trk 2', 'dB')).toBe('-10.0');
		await ui.press('right', 'a', 'a', 'a', 'a', 'a');
		expect(ui.store.getState().session.tracks[1]!.automation!.mode).toBe('off');
		expect(readout(ui.frame(), 'Trk 2', 'dB')).toBe('-4.0');
		await ui.press('u');
		expect(readout(ui.frame(), 'Trk 2', 'dB')).toBe('-10.0');
	});
});

describe('moving a control a lane drives in read', () => {
	const WARNING = 'Trk 2 fader is under automation (read): switch to touch to ride it, or off to use the fader';

	it('says so once per control, after storing the value', async () => {
		ui = setup({ yaml: YAML });
		await ui.press('right', 'up');
		expect(status(ui)).toBe(WARNING);
		expect(ui.frame()).toContain('Trk 2 fader is under automation (read)');
		expect(ui.store.getState().session.tracks[1]!.gain).toBe(0.5);
		await ui.press('up');
		expect(status(ui)).toBe('Fader Trk 2 +1.0 dB');
		// The readout stays on the lane, which is what is heard.
		expect(readout(ui.frame(), 'Trk 2', 'dB')).toBe('-20.0');
		// The pan of the same track has no lane: nothing to say.
		await ui.press('[');
		expect(status(ui)).toBe('Pan Trk 2 L5');
		// Trk 3's pan does.
		await ui.press('right', ']');
		expect(status(ui)).toBe('Trk 3 pan is under automation (read): switch to touch to ride it, or off to use the pan');
		await ui.press(']');
		expect(status(ui)).toBe('Pan Trk 3 R10');
		// So does the DX bus's fader; the master has no lanes.
		await ui.press('right', 'right', 'down');
		expect(status(ui)).toBe('Dialogue fader is under automation (read): switch to touch to ride it, or off to use the fader');
		await ui.press('right', 'right', 'down');
		expect(status(ui)).toBe('Fader Master -0.5 dB');
	});

	it('says nothing on a track without lanes or outside read, and again after the mode changes back', async () => {
		ui = setup({ yaml: YAML });
		await ui.press('up');
		expect(status(ui)).toBe('Fader Trk 1 +0.5 dB');
		await ui.press('right', 'up');
		expect(status(ui)).toBe(WARNING);
		await ui.press('a', 'up');
		expect(status(ui)).toBe('Fader Trk 2 +1.0 dB');
		// Touch → … → off → read: a new automation block, a new warning.
		await ui.press('a', 'a', 'a', 'a', 'a');
		expect(ui.store.getState().session.tracks[1]!.automation!.mode).toBeUndefined();
		await ui.press('down');
		expect(status(ui)).toBe(WARNING);
	});

	it('a typed fader level warns the same way', async () => {
		ui = setup({ yaml: YAML });
		await ui.press('right', 'f', '-', '6', 'enter');
		expect(ui.store.getState().session.tracks[1]!.gain).toBe(-6);
		expect(status(ui)).toBe(WARNING);
	});
});
