// What every command gets: its flags as meow parsed them, and how a command is called.
import type { CliIO } from './cli-io.js';

export type Flags = {
	output?: string;
	stems?: string;
	bitDepth?: string;
	from?: string;
	to?: string;
	normalize?: string;
	report?: string;
	/** render: NaN/Inf media samples print as silence instead of failing the render. */
	zeroNan?: boolean;
	/** render: threads to render with (a whole number; default: as many as pay). */
	threads?: string;
	device?: string;
	buffer?: number;
	duration?: number;
	/** play and the mixer: record each pass as a take (FILE.wav, FILE-2.wav …). */
	record?: string;
	json: boolean;
	keymap?: string;
	midiIn?: string;
	midiOut?: string;
	/** notes: text (default), csv or md. */
	format?: string;
	/** deliver: the deliverables to print, comma-separated names (default: all). */
	only?: string;
	/** duck: the bus or track dipped, and the one it listens to; the numbers as typed. */
	target?: string;
	key?: string;
	difference?: string;
	maxDepth?: string;
	preroll?: string;
	hold?: string;
	release?: string;
	range?: string;
	/** duck: print the lines and dips, write nothing. */
	dryRun?: boolean;
};

export type Command = (args: string[], flags: Flags, io: CliIO) => Promise<number>;
