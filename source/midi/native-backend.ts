// Real MIDI ports through @julusian/midi (RtMidi; ALSA sequencer on Linux), an optional
// dependency loaded lazily. Without a MIDI subsystem RtMidi fails to initialise and alsa-lib
// prints to fd 2, which would land on the mixer's screen when dubdesk runs outside the
// launcher, so on Linux the sequencer device is checked first and RtMidi is only touched when
// it can open it. Every failure becomes a reason string; nothing here throws at the caller.
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import type { MidiBackend, MidiBytes, MidiInput, MidiOutput } from './types.js';

/** The parts of @julusian/midi used here. */
interface RtInput {
	getPortCount(): number;
	getPortName(port: number): string;
	openPort(port: number): void;
	closePort(): void;
	ignoreTypes(sysex: boolean, timing: boolean, activeSensing: boolean): void;
	on(event: 'messageBuffer', listener: (deltaTime: number, message: Buffer) => void): void;
	destroy?(): void;
}
interface RtOutput {
	getPortCount(): number;
	getPortName(port: number): string;
	openPort(port: number): void;
	closePort(): void;
	send(message: number[] | Buffer): void;
	destroy?(): void;
}
interface MidiModule {
	Input: new () => RtInput;
	Output: new () => RtOutput;
}

export interface NativeBackendOptions {
	/** Loads the module (tests pass one that throws). Default: require from here. */
	requireModule?: (id: string) => unknown;
	/** Check /dev/snd/seq before touching RtMidi (Linux; default true). */
	precheck?: boolean;
	/** The sequencer device checked (tests). */
	sequencer?: string;
	env?: NodeJS.ProcessEnv;
}

/** The first line of an error, for the status line. */
function firstLine(error: unknown): string {
	return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function portNames(port: { getPortCount(): number; getPortName(i: number): string }): string[] {
	const names: string[] = [];
	const count = port.getPortCount();
	for (let i = 0; i < count; i++) names.push(port.getPortName(i));
	return names;
}

function portIndex(port: { getPortCount(): number; getPortName(i: number): string }, name: string): number {
	const i = portNames(port).indexOf(name);
	if (i < 0) throw new Error(`no MIDI port "${name}"`);
	return i;
}

class NativeBackend implements MidiBackend {
	readonly name: string;
	// One long-lived instance of each for listing: creating RtMidi objects every poll would open
	// and close a sequencer client every two seconds.
	private readonly listIn: RtInput;
	private readonly listOut: RtOutput;

	constructor(private readonly mod: MidiModule) {
		this.listIn = new mod.Input();
		this.listOut = new mod.Output();
		this.name = process.platform === 'linux' ? 'ALSA sequencer' : process.platform === 'darwin' ? 'CoreMIDI' : 'Windows MIDI';
	}

	inputs(): string[] {
		return portNames(this.listIn);
	}

	outputs(): string[] {
		return portNames(this.listOut);
	}

	openInput(name: string): MidiInput {
		const rt = new this.mod.Input();
		// Sysex wanted (MCU power-on query); MIDI clock and active sensing are not.
		rt.ignoreTypes(false, true, true);
		rt.openPort(portIndex(rt, name));
		let listener: ((bytes: MidiBytes) => void) | undefined;
		rt.on('messageBuffer', (_dt, message) => listener?.(message));
		return {
			name,
			on: (l) => void (listener = l),
			close: () => {
				listener = undefined;
				rt.closePort();
				rt.destroy?.();
			},
		};
	}

	openOutput(name: string): MidiOutput {
		const rt = new this.mod.Output();
		rt.openPort(portIndex(rt, name));
		return {
			name,
			send: (bytes) => rt.send(Array.isArray(bytes) ? (bytes as number[]) : Array.from(bytes)),
			close: () => {
				rt.closePort();
				rt.destroy?.();
			},
		};
	}

	close(): void {
		this.listIn.destroy?.();
		this.listOut.destroy?.();
	}
}

/** The real backend, or why there is none ("no ALSA sequencer (/dev/snd/seq is missing)" …). */
export function loadNativeBackend(options: NativeBackendOptions = {}): { backend?: MidiBackend; reason?: string } {
	const env = options.env ?? process.env;
	if (env['DUBDESK_MIDI'] === 'off') return { reason: 'MIDI is off (DUBDESK_MIDI=off)' };
	if ((options.precheck ?? true) && process.platform === 'linux') {
		const seq = options.sequencer ?? '/dev/snd/seq';
		try {
			accessSync(seq, constants.R_OK | constants.W_OK);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			return { reason: code === 'ENOENT' ? `no ALSA sequencer (${seq} is missing; load snd-seq)` : `cannot open the ALSA sequencer ${seq} (${code}; is the user in the audio group?)` };
		}
	}
	const req = options.requireModule ?? createRequire(import.meta.url);
	let mod: MidiModule;
	try {
		mod = req('@julusian/midi') as MidiModule;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return { reason: code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND' ? 'the MIDI module (@julusian/midi) is not installed' : `the MIDI module cannot load: ${firstLine(error)}` };
	}
	try {
		return { backend: new NativeBackend(mod) };
	} catch (error) {
		return { reason: `RtMidi cannot start: ${firstLine(error)}` };
	}
}
