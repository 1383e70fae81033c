// Port bookkeeping for one surface unit: which input and output are open, a parser per input,
// and the names ports go by. ALSA names carry client:port numbers ("nanoKONTROL2:nanoKONTROL2
// MIDI 1 20:0") that change when a device is replugged, so remembered names match loosely.
import { MidiParser } from './parser.js';
import type { MidiBackend, MidiInput, MidiMessage, MidiOutput } from './types.js';

/** A port name without ALSA's trailing client:port numbers, lower case. */
export function portKey(name: string): string {
	return name
		.replace(/\s+\d+:\d+$/, '')
		.trim()
		.toLowerCase();
}

/** The port `wanted` names: exact, then ignoring client numbers, then containing it ("--midi-in nano"). */
export function findPort(wanted: string, ports: readonly string[]): string | undefined {
	const k = portKey(wanted);
	return ports.find((p) => p === wanted) ?? ports.find((p) => portKey(p) === k) ?? ports.find((p) => portKey(p).includes(k));
}

/** Ports that are never a control surface (ALSA's loopback, RtMidi's own clients). */
export function isSystemPort(name: string): boolean {
	return /midi through|rtmidi|dubdesk/i.test(name);
}

/** Events a unit reports to the controller. */
export interface UnitEvents {
	message(m: MidiMessage): void;
	/** A port went away or came back; `text` is for the status line. */
	report(text: string, kind: 'info' | 'error'): void;
	/** An output (re)opened: the device shows nothing of ours yet. */
	outputOpened(): void;
	log(line: string): void;
}

/** One unit's input and output. */
export class UnitPorts {
	input: MidiInput | undefined;
	output: MidiOutput | undefined;
	readonly parser: MidiParser;
	/** Names last opened, so a port that comes back is reported as reconnected. */
	private lost = new Set<string>();

	constructor(
		private readonly label: string,
		private readonly events: UnitEvents,
	) {
		this.parser = new MidiParser((m) => events.message(m));
	}

	/** Opens `want` (closing what was open) or closes when undefined; reports unplugging. */
	syncInput(backend: MidiBackend, want: string | undefined, present: readonly string[]): void {
		const open = this.input?.name;
		if (open !== undefined && (open !== want || !present.includes(open))) {
			const gone = !present.includes(open);
			this.closeInput();
			if (gone) {
				this.lost.add(open);
				this.events.report(`MIDI: ${this.label} "${open}" disconnected`, 'error');
			}
		}
		if (want === undefined || this.input) return;
		try {
			const input = backend.openInput(want);
			input.on((bytes) => this.parser.push(bytes));
			this.input = input;
			this.parser.reset();
			this.events.log(`midi: opened ${this.label} input "${want}"`);
			if (this.lost.delete(want)) this.events.report(`MIDI: ${this.label} "${want}" reconnected`, 'info');
		} catch (error) {
			this.events.log(`midi: cannot open ${this.label} input "${want}": ${(error as Error).message}`);
		}
	}

	syncOutput(backend: MidiBackend, want: string | undefined, present: readonly string[]): void {
		const open = this.output?.name;
		if (open !== undefined && (open !== want || !present.includes(open))) this.closeOutput();
		if (want === undefined || this.output) return;
		try {
			this.output = backend.openOutput(want);
			this.events.log(`midi: opened ${this.label} output "${want}"`);
			this.events.outputOpened();
		} catch (error) {
			this.events.log(`midi: cannot open ${this.label} output "${want}": ${(error as Error).message}`);
		}
	}

	send(bytes: readonly number[]): void {
		if (!this.output) return;
		try {
			this.output.send(bytes);
		} catch (error) {
			this.events.log(`midi: send to "${this.output.name}" failed: ${(error as Error).message}`);
		}
	}

	private closeInput(): void {
		try {
			this.input?.close();
		} catch {
			// A port that vanished may refuse to close; it is gone either way.
		}
		this.input = undefined;
		this.parser.reset();
	}

	private closeOutput(): void {
		try {
			this.output?.close();
		} catch {
			// As above.
		}
		this.output = undefined;
	}

	close(): void {
		this.closeInput();
		this.closeOutput();
	}
}
