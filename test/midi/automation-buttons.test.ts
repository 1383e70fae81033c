// The MCU's AUTOMATION buttons (Read/Off 0x4A, Write 0x4B, Trim 0x4C, Touch 0x4D, Latch 0x4E,
// note on velocity 0x7F pressed) set the selected strip's mode, with Shift every strip's; their
// LEDs show the selected strip's mode. Motor faders follow a lane unless the mode is off, and a
// surface fader on a lane in read says so once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbToFader14 } from '../../source/midi/fader-taper.js';
import { MCU_BUTTONS } from '../../source/midi/mcu-protocol.js';
import { setAutomationMode } from '../../sessions/edit.js';
import { bend, device, rig, SESSION_YAML, type Rig } from './helpers.js';

const MCU = 'MCU Pro USB v3.1';
const READ = 0x4a;
const WRITE = 0x4b;
const TRIM = 0x4c;
const TOUCH = 0x4d;
const LATCH = 0x4e;
const SHIFT = 0x46;
const MODE_NOTES = [READ, WRITE, TRIM, TOUCH, LATCH];

let r: Rig;
afterEach(() => {
	r?.controller.close();
	vi.useRealTimers();
});

const press = (note: number) => device(r, MCU).send(0x90, note, 0x7f);
const release = (note: number) => device(r, MCU).send(0x90, note, 0x00);
/** The LED velocities of the mode buttons among `msgs` (note on), by note; absent when not sent. */
function modeLeds(msgs: number[][]): Record<number, number | undefined> {
	const out: Record<number, number | undefined> = {};
	for (const m of msgs) if (m[0] === 0x90 && MODE_NOTES.includes(m[1]!)) out[m[1]!] = m[2];
	return out;
}
const faderOf = (msgs: number[][], ch: number) => msgs.filter((m) => m[0] === (0xe0 | ch)).map((m) => m[1]! | (m[2]! << 7));
const mode = (id: string) => r.store.getState().session.tracks.find((t) => t.id === id)!.automation?.mode ?? 'read';

async function start(yaml?: string): Promise<number[][]> {
	r = rig({ devices: [MCU], yaml });
	await r.settle();
	return device(r, MCU).take();
}

it('uses the Mackie Control note numbers of the AUTOMATION row', () => {
	expect([MCU_BUTTONS.read, MCU_BUTTONS.write, MCU_BUTTONS.trim, MCU_BUTTONS.touch, MCU_BUTTONS.latch]).toEqual(MODE_NOTES);
});

describe('the mode buttons', () => {
	it('light Read for the selected strip on connect, the others dark', async () => {
		expect(modeLeds(await start())).toEqual({ [READ]: 0x7f, [WRITE]: 0x00, [TRIM]: 0x00, [TOUCH]: 0x00, [LATCH]: 0x00 });
	});

	it('set the selected strip\'s mode, one undo step each, and move the lit LED', async () => {
		await start();
		const steps: [number, string, Record<number, number>][] = [
			[TOUCH, 'touch', { [READ]: 0x00, [TOUCH]: 0x7f }],
			[LATCH, 'latch', { [TOUCH]: 0x00, [LATCH]: 0x7f }],
			[WRITE, 'write', { [LATCH]: 0x00, [WRITE]: 0x7f }],
			[TRIM, 'trim', { [WRITE]: 0x00, [TRIM]: 0x7f }],
			[READ, 'read', { [TRIM]: 0x00, [READ]: 0x7f }],
			// Read/Off again: off, every mode LED dark.
			[READ, 'off', { [READ]: 0x00 }],
		];
		for (const [note, expected, leds] of steps) {
			press(note);
			release(note);
			await r.settle();
			expect(mode('dx1')).toBe(expected);
			// Only the LEDs that changed are sent.
			expect(modeLeds(device(r, MCU).take())).toEqual(leds);
		}
		expect(r.store.getState().status?.text).toBe('Automation DX 1: off');
		expect(mode('dx2')).toBe('read');
		r.store.undo();
		expect(mode('dx1')).toBe('read');
		r.store.undo();
		expect(mode('dx1')).toBe('trim');
	});

	it('with Shift held, set every strip (and the master) as one undo step', async () => {
		await start();
		press(SHIFT);
		press(TOUCH);
		release(TOUCH);
		release(SHIFT);
		await r.settle();
		const s = r.store.getState().session;
		expect([...s.tracks, ...s.buses].every((x) => x.automation?.mode === 'touch')).toBe(true);
		expect(s.master.automation?.mode).toBe('touch');
		expect(s.tracks.find((t) => t.id === 'vo')!.automation!.gain).toEqual([[0, -20], [10, 0]]);
		expect(modeLeds(device(r, MCU).take())).toEqual({ [READ]: 0x00, [TOUCH]: 0x7f });
		r.store.undo();
		expect(r.store.getState().session.tracks.every((t) => (t.automation?.mode ?? 'read') === 'read')).toBe(true);
	});

	it('follow the selection: the LEDs show the newly selected strip\'s mode', async () => {
		await start();
		r.store.edit('latch dx2', (s) => setAutomationMode(s, { kind: 'track', id: 'dx2' }, 'latch'));
		await r.settle();
		device(r, MCU).take();
		press(0x19); // SELECT on strip 2
		await r.settle();
		expect(modeLeds(device(r, MCU).take())).toEqual({ [READ]: 0x00, [LATCH]: 0x7f });
		press(WRITE);
		await r.settle();
		expect(mode('dx2')).toBe('write');
		expect(mode('dx1')).toBe('read');
	});
});

describe('motor faders and read', () => {
	it('follow the lane in read and touch, the static level in off', async () => {
		vi.useFakeTimers();
		await start();
		device(r, MCU).send(0x90, 0x2f, 0x7f); // bank to strips 5–12: vo on strip 6
		await r.settle();
		device(r, MCU).take();
		r.shared.setPosition(48000 * 5, 48000);
		vi.advanceTimersByTime(100);
		// −20 + 20·5/10.
		expect(faderOf(device(r, MCU).take(), 5)).toEqual([dbToFader14(-10)]);
		r.store.edit('touch vo', (s) => setAutomationMode(s, { kind: 'track', id: 'vo' }, 'touch'));
		vi.advanceTimersByTime(100);
		expect(faderOf(device(r, MCU).take(), 5)).toEqual([]);
		r.store.edit('off vo', (s) => setAutomationMode(s, { kind: 'track', id: 'vo' }, 'off'));
		vi.advanceTimersByTime(100);
		expect(faderOf(device(r, MCU).take(), 5)).toEqual([dbToFader14(0)]);
	});

	it('follow a bus\'s fader lane too', async () => {
		vi.useFakeTimers();
		await start(SESSION_YAML.replace('{ id: MX, name: Music, gain: -6 }', '{ id: MX, name: Music, gain: -6, automation: { gain: [[0, -12], [8, -4]] } }'));
		device(r, MCU).send(0x90, 0x2f, 0x7f); // strips 5–12: MX on strip 8
		await r.settle();
		device(r, MCU).take();
		r.shared.setPosition(48000 * 2, 48000);
		vi.advanceTimersByTime(100);
		// −12 + 8·2/8.
		expect(faderOf(device(r, MCU).take(), 7)).toEqual([dbToFader14(-10)]);
	});

	it('a surface fader on a lane in read stores the level and says so once', async () => {
		await start();
		press(0x2f); // vo on strip 6
		await r.settle();
		device(r, MCU).send(...bend(5, dbToFader14(-6)));
		const vo = () => r.store.getState().session.tracks.find((t) => t.id === 'vo')!;
		expect(vo().gain).toBeCloseTo(-6, 1);
		expect(r.store.getState().status?.text).toBe('Voice-over fader is under automation (read): switch to touch to ride it, or off to use the fader');
		device(r, MCU).send(...bend(5, dbToFader14(-8)));
		expect(vo().gain).toBeCloseTo(-8, 1);
		expect(r.store.getState().status?.text).toMatch(/^Fader Voice-over -8\.\d dB$/);
		// A fader without a lane says nothing of automation.
		device(r, MCU).send(...bend(0, dbToFader14(-2)));
		expect(r.store.getState().status?.text).toMatch(/^Fader FX 2 -2\.\d dB$/);
	});
});
