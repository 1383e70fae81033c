// Ports and the MIDI subsystem: dubdesk starts without one and says so once; with one, devices
// plugged in later are found by polling, unplugging is reported and survived, choices are
// remembered, and --midi-in/--midi-out are honoured.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MixerStore } from '../../source/app/mixer-store.js';
import { POLL_MS } from '../../source/midi/controller.js';
import { startMidi } from '../../source/midi/index.js';
import { memoryPrefs } from '../../source/midi/midi-settings.js';
import { loadNativeBackend } from '../../source/midi/native-backend.js';
import { findPort, portKey } from '../../source/midi/ports.js';
import { VirtualMidi } from '../../source/midi/virtual-backend.js';
import { parseSession } from '../../sessions/load.js';
import { device, rig, SESSION_YAML, SHIPPED, type Rig } from './helpers.js';

const NANO = 'nanoKONTROL2:nanoKONTROL2 MIDI 1 20:0';

function plainStore(): { store: MixerStore; says: string[] } {
	const store = new MixerStore({ session: parseSession(SESSION_YAML, 't.yaml'), file: '/tmp/t.yaml', send: () => {} });
	const says: string[] = [];
	const say = store.say.bind(store);
	store.say = (text, kind) => {
		says.push(text);
		say(text, kind);
	};
	return { store, says };
}

describe('without a MIDI subsystem', () => {
	it('starts, reports why once, and holds no ports or timers (the real backend on this machine)', () => {
		const { store, says } = plainStore();
		const handles = process.getActiveResourcesInfo().length;
		const midi = startMidi(store, { prefs: memoryPrefs({ input: 'MCU' }), dirs: { shipped: SHIPPED, user: tmpdir() } });
		expect(midi.getStatus()).toMatchObject({ available: false, inputOpen: false, inputs: [] });
		expect(midi.getStatus().reason).toMatch(/sequencer|MIDI/);
		expect(says).toEqual([`MIDI unavailable: ${midi.getStatus().reason}`]);
		expect(process.getActiveResourcesInfo().length).toBe(handles);
		midi.selectInput('anything');
		midi.rescan();
		expect(midi.learn.start({ action: 'play' })).toMatch(/^MIDI unavailable/);
		expect(says).toHaveLength(1);
		midi.close();
	});

	it('says why when the module is missing or RtMidi cannot start', () => {
		const missing = loadNativeBackend({
			precheck: false,
			requireModule: () => {
				throw Object.assign(new Error("Cannot find module '@julusian/midi'"), { code: 'MODULE_NOT_FOUND' });
			},
		});
		expect(missing).toEqual({ reason: 'the MIDI module (@julusian/midi) is not installed' });
		const broken = loadNativeBackend({
			precheck: false,
			requireModule: () => ({
				Input: class {
					constructor() {
						throw new Error('Failed to initialise RtMidi');
					}
				},
				Output: class {},
			}),
		});
		expect(broken).toEqual({ reason: 'RtMidi cannot start: Failed to initialise RtMidi' });
		expect(loadNativeBackend({ sequencer: '/nonexistent/seq' }).reason).toBe('no ALSA sequencer (/nonexistent/seq is missing; load snd-seq)');
		expect(loadNativeBackend({ env: { DUBDESK_MIDI: 'off' } }).reason).toBe('MIDI is off (DUBDESK_MIDI=off)');
	});

	it('keeps alsa-lib off stderr: the real module, in a child process', async () => {
		// Bundled beside node_modules so the child resolves the real @julusian/midi.
		const dir = join(process.cwd(), 'node_modules', '.cache', 'dubdesk-midi-test');
		mkdirSync(dir, { recursive: true });
		const entry = join(dir, 'entry.ts');
		const src = fileURLToPath(new URL('../../source/midi/native-backend.ts', import.meta.url));
		writeFileSync(entry, `import { loadNativeBackend } from ${JSON.stringify(src)};\nprocess.stdout.write(loadNativeBackend({ precheck: process.argv[2] !== 'raw' }).reason ?? 'ok');\n`);
		const out = join(dir, 'probe.mjs');
		await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, external: ['@julusian/midi'], logLevel: 'silent' });
		const run = (mode: string) => spawnSync(process.execPath, [out, mode], { encoding: 'utf8' });
		const checked = run('precheck');
		if (checked.stdout === 'ok') return; // a machine with a sequencer: nothing to prove here
		expect(checked.stdout).toMatch(/ALSA sequencer/);
		expect(checked.stderr).toBe('');
		// Without the check, RtMidi really fails here, and alsa-lib prints: why the check exists.
		const raw = run('raw');
		expect(raw.stdout).toMatch(/RtMidi cannot start|cannot load|not installed/);
	});
});

describe('ports', () => {
	let r: Rig | undefined;
	afterEach(() => {
		r?.controller.close();
		r = undefined;
		vi.useRealTimers();
	});

	it('matches remembered names without ALSA client numbers, or by a part', () => {
		expect(portKey('nanoKONTROL2:nanoKONTROL2 MIDI 1 20:0')).toBe('nanokontrol2:nanokontrol2 midi 1');
		expect(findPort('nanoKONTROL2:nanoKONTROL2 MIDI 1 24:0', [NANO])).toBe(NANO);
		expect(findPort('nano', ['Midi Through', NANO])).toBe(NANO);
		expect(findPort('launchpad', [NANO])).toBeUndefined();
	});

	it('picks up a device plugged in after start, reports unplugging, and reconnects', async () => {
		vi.useFakeTimers();
		r = rig();
		expect(r.controller.getStatus()).toMatchObject({ available: true, backend: 'virtual', inputOpen: false });
		r.midi.add(NANO);
		vi.advanceTimersByTime(POLL_MS);
		expect(r.controller.getStatus()).toMatchObject({ input: NANO, inputOpen: true, outputOpen: true, mapping: 'nanokontrol2' });
		r.midi.unplug(NANO);
		vi.advanceTimersByTime(POLL_MS);
		expect(r.controller.getStatus()).toMatchObject({ inputOpen: false, outputOpen: false });
		expect(r.store.getState().status).toMatchObject({ kind: 'error', text: `MIDI: surface "${NANO}" disconnected` });
		device(r, NANO).send(0xb0, 32, 127); // nothing arrives from an unplugged device; nothing breaks
		r.midi.replug(NANO);
		vi.advanceTimersByTime(POLL_MS);
		expect(r.controller.getStatus()).toMatchObject({ inputOpen: true });
		expect(r.store.getState().status?.text).toBe(`MIDI: surface "${NANO}" reconnected`);
		device(r, NANO).send(0xb0, 32, 127);
		expect(r.store.getState().session.tracks[0]!.solo).toBe(true);
	});

	it('survives a port that cannot be opened', () => {
		const midi = new VirtualMidi();
		midi.add(NANO);
		midi.failOpen = true;
		const { store } = plainStore();
		const log: string[] = [];
		const c = startMidi(store, { backend: midi, prefs: memoryPrefs(), dirs: { shipped: SHIPPED, user: tmpdir() }, log: { write: (s: string) => log.push(s) } as never });
		expect(c.getStatus()).toMatchObject({ input: NANO, inputOpen: false });
		expect(log.join('')).toContain(`cannot open surface input "${NANO}"`);
		c.close();
	});

	it('remembers choices, and honours --midi-in / --midi-out (remembering them too)', () => {
		r = rig({ devices: [NANO, 'MCU Pro'] });
		expect(r.controller.getStatus().input).toBe(NANO); // first port a mapping claims
		r.controller.selectInput('MCU Pro');
		expect(r.prefs.value).toEqual({ input: 'MCU Pro' });
		expect(r.controller.getStatus()).toMatchObject({ input: 'MCU Pro', output: 'MCU Pro', protocol: 'mcu' });
		r.controller.close();
		const { store } = plainStore();
		const prefs = memoryPrefs({ input: 'MCU Pro', mapping: 'mcu' });
		const c = startMidi(store, { backend: r.midi, prefs, dirs: { shipped: SHIPPED, user: tmpdir() }, input: 'nano', output: 'MCU Pro' });
		expect(prefs.value).toEqual({ input: 'nano', output: 'MCU Pro' });
		expect(c.getStatus()).toMatchObject({ input: NANO, output: 'MCU Pro', mapping: 'nanokontrol2' });
		c.close();
	});

	it('ticks (~10 Hz) only for a surface that shows levels: an MCU, not a nanoKONTROL2', () => {
		vi.useFakeTimers();
		r = rig({ devices: [NANO] });
		expect(vi.getTimerCount()).toBe(1); // the port poll
		r.controller.selectInput('MCU Pro');
		r.midi.add('MCU Pro');
		r.controller.rescan();
		expect(r.controller.getStatus().protocol).toBe('mcu');
		expect(vi.getTimerCount()).toBe(2);
		r.controller.close();
		expect(vi.getTimerCount()).toBe(0);
	});

	it('does not wake anything per message: the page is refreshed at most every 200 ms', async () => {
		r = rig({ devices: [NANO] });
		let calls = 0;
		r.controller.subscribe(() => calls++);
		for (let i = 0; i < 50; i++) device(r, NANO).send(0xb0, 16, i);
		expect(calls).toBe(0);
		await new Promise((resolve) => setTimeout(resolve, 260));
		expect(calls).toBe(1);
		expect(r.controller.getStatus()).toMatchObject({ received: 50, lastMessage: 'CC 16 = 49 ch 1' });
	});
});
