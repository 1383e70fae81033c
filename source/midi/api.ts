// What the app and the MIDI page see of the MIDI layer (startMidi returns a MidiController).
import type { LearnState, LearnTarget } from './learn.js';
import type { Mapping } from './mapping.js';

/** Everything the MIDI page shows. A new object whenever something changed (useSyncExternalStore). */
export interface MidiStatus {
	/** A MIDI subsystem is there; otherwise `reason` says why not. */
	available: boolean;
	reason?: string;
	/** "ALSA sequencer", "virtual" … */
	backend?: string;
	inputs: string[];
	outputs: string[];
	/** Chosen ports (remembered or automatic) and whether they are open. */
	input?: string;
	output?: string;
	inputOpen: boolean;
	outputOpen: boolean;
	extenderInput?: string;
	extenderOutput?: string;
	extenderOpen: boolean;
	/** Active mapping name and protocol; `mappingError` when the chosen one is invalid. */
	mapping?: string;
	protocol?: Mapping['protocol'];
	mappingError?: string;
	/** Mapping files found (invalid ones with their error). */
	mappings: { name: string; user: boolean; error?: string }[];
	/** Bank offset (0-based) and strip count of the surface. */
	bank: number;
	width: number;
	/** Messages received, dropped as malformed, and not used by the surface. */
	received: number;
	malformed: number;
	ignored: number;
	lastMessage?: string;
	learn: LearnState;
}

/** Learn mode, for the MIDI page. */
export interface MidiLearn {
	/** Starts listening for a control; returns why it cannot, if it cannot. */
	start(target: LearnTarget): string | undefined;
	cancel(): void;
	/** Steps the proposed binding's encoding. */
	cycleEncoding(): void;
	/** Saves the proposed binding to the user's mapping file and uses it. */
	save(): { file: string } | { error: string };
}

/** The handle startMidi returns. */
export interface MidiController {
	getStatus(): MidiStatus;
	subscribe(listener: () => void): () => void;
	/** Chooses (and remembers) ports; undefined goes back to automatic. */
	selectInput(name: string | undefined): void;
	selectOutput(name: string | undefined): void;
	selectExtender(input: string | undefined, output: string | undefined): void;
	/** Chooses (and remembers) a mapping by name; undefined picks by port name. */
	selectMapping(name: string | undefined): void;
	/** Lists ports and mapping files again now. */
	rescan(): void;
	readonly learn: MidiLearn;
	/** Applies pending fader moves, releases ports and timers. */
	close(): void;
}
