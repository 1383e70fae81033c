// Where a command writes. Commands take this instead of touching process.stdout so tests can
// capture output, and so the launcher can move native libraries' noise off the terminal.
import type { Writable } from 'node:stream';

export interface OutStream extends Writable {
	/** True when the stream is a terminal: progress bars and updating lines only then. */
	isTTY?: boolean;
	/** Terminal width, when a terminal. */
	columns?: number;
}

export interface CliIO {
	stdout: OutStream;
	stderr: OutStream;
	/** Resolves relative paths given on the command line. */
	cwd: string;
	/** Set when the user interrupts (Ctrl-C); long commands stop cleanly and leave no partial file. */
	signal?: AbortSignal;
}

export function processIO(signal?: AbortSignal): CliIO {
	return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), signal };
}
