// A mixer with a parsed session, a store that records engine commands, virtual MIDI ports and
// the MIDI layer started over them: the surface tests play byte sequences through this.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MixerStore } from '../../source/app/mixer-store.js';
import { startMidi, type MidiController } from '../../source/midi/index.js';
import { memoryPrefs, type MidiPrefs } from '../../source/midi/midi-settings.js';
import { VirtualMidi, type VirtualDevice } from '../../source/midi/virtual-backend.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import type { EngineCommand } from '../../engine/worker/protocol.js';
import { parseSession } from '../../sessions/load.js';

export const SHIPPED = fileURLToPath(new URL('../../keymaps/midi/', import.meta.url));

/** Ten tracks (vo has gain automation), two buses, 24 fps starting at 01:00:00:00. */
export const SESSION_YAML = `dubdesk: 1
name: Reel 1
frameRate: 24
start: "01:00:00:00"
master: { format: stereo, gain: -1 }
buses:
  - { id: DX, name: Dialogue }
  - { id: MX, name: Music, gain: -6 }
tracks:
  - { id: dx1, name: DX 1, output: DX, gain: -3, pan: -0.5 }
  - { id: dx2, name: DX 2, output: DX, mute: true }
  - { id: adr, name: ADR, output: DX, solo: true }
  - { id: fx1, name: FX 1, polarity: true }
  - { id: fx2, name: FX 2 }
  - { id: bg1, name: Backgrounds }
  - { id: bg2, name: BG 2 }
  - { id: mx1, name: Score, output: MX }
  - { id: mx2, name: Source, output: MX }
  - id: vo
    name: Voice-over
    automation: { gain: [[0, -20], [10, 0]] }
markers:
  - { at: 10, name: A }
  - { at: 20, name: B }
`;

export interface Rig {
	store: MixerStore;
	sent: EngineCommand[];
	shared: SharedState;
	midi: VirtualMidi;
	controller: MidiController;
	prefs: ReturnType<typeof memoryPrefs>;
	userDir: string;
	/** The current time for the MIDI layer (ms); tests move it. */
	clock: { now: number };
	/** Lets queued surface updates run. */
	settle(): Promise<void>;
}

export interface RigOptions {
	devices?: string[];
	prefs?: MidiPrefs;
	yaml?: string;
	editIntervalMs?: number;
}

export function rig(options: RigOptions = {}): Rig {
	const sent: EngineCommand[] = [];
	const shared = SharedState.create();
	const clock = { now: 1_000_000 };
	const session = parseSession(options.yaml ?? SESSION_YAML, 'test.yaml');
	const store = new MixerStore({ session, file: '/tmp/test.yaml', send: (c) => sent.push(c), shared, now: () => clock.now });
	const midi = new VirtualMidi();
	for (const name of options.devices ?? []) midi.add(name);
	const prefs = memoryPrefs(options.prefs);
	const userDir = join(mkdtempSync(join(tmpdir(), 'dubdesk-midi-')), 'midi');
	const controller = startMidi(store, { backend: midi, prefs, dirs: { shipped: SHIPPED, user: userDir }, now: () => clock.now, editIntervalMs: options.editIntervalMs ?? 0 });
	return { store, sent, shared, midi, controller, prefs, userDir, clock, settle: async () => void (await Promise.resolve()) };
}

export function device(r: Rig, name: string): VirtualDevice {
	const d = r.midi.devices.find((x) => x.name === name);
	if (!d) throw new Error(`no device ${name}`);
	return d;
}

/** Pitch bend bytes for a 14-bit value on `channel`. */
export function bend(channel: number, value: number): number[] {
	return [0xe0 | channel, value & 0x7f, value >> 7];
}

export const hex = (bytes: readonly number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
