// MIDI ports and messages. The surface code only sees these interfaces, so tests feed it byte
// sequences through virtual ports and the real RtMidi ports stay optional (a machine without an
// ALSA sequencer runs everything but the port).

/** Bytes as they come off the wire (one or more messages, or part of one). */
export type MidiBytes = Uint8Array | readonly number[];

/** A port dubdesk reads from. */
export interface MidiInput {
	readonly name: string;
	/** Sets the one listener for incoming bytes (RtMidi delivers whole messages; the parser copes with less). */
	on(listener: (bytes: MidiBytes) => void): void;
	close(): void;
}

/** A port dubdesk writes to. */
export interface MidiOutput {
	readonly name: string;
	send(bytes: MidiBytes): void;
	close(): void;
}

/** Where ports come from: RtMidi (native-backend.ts) or memory (virtual-backend.ts). */
export interface MidiBackend {
	/** Human name for the status page ("ALSA sequencer", "virtual"). */
	readonly name: string;
	/** Current input port names (polled; must be cheap). */
	inputs(): string[];
	outputs(): string[];
	/** Opens a port by exact name; throws when it cannot. */
	openInput(name: string): MidiInput;
	openOutput(name: string): MidiOutput;
	close(): void;
}

/** A parsed channel or system message. Channels are 0–15 (wire numbering). */
export type MidiMessage =
	| { type: 'noteOn'; channel: number; note: number; velocity: number }
	/** Note off, or note on with velocity 0 (the usual way to send it). */
	| { type: 'noteOff'; channel: number; note: number; velocity: number }
	| { type: 'cc'; channel: number; controller: number; value: number }
	/** 14-bit, 0–16383 (8192 centre). */
	| { type: 'pitchBend'; channel: number; value: number }
	| { type: 'channelPressure'; channel: number; value: number }
	| { type: 'polyPressure'; channel: number; note: number; value: number }
	| { type: 'programChange'; channel: number; program: number }
	/** Whole message, F0 … F7 included. */
	| { type: 'sysex'; data: Uint8Array }
	/** System common and real-time messages (clock, active sensing, song position …). */
	| { type: 'system'; status: number; data: number[] };
