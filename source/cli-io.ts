// Where a command writes. Commands take this instead of touching process.stdout so tests can
// capture output, and so the launcher can move native libraries' noise off the terminal.
import { createWriteStream } from 'node:fs';
import { isatty, WriteStream as TtyWriteStream } from 'node:tty';
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

/** A stream on an inherited descriptor: a TTY stream (with size and resize) when it is a terminal. */
function streamOn(fd: number): OutStream {
	if (!isatty(fd)) return createWriteStream('', { fd, autoClose: false });
	const tty = new TtyWriteStream(fd);
	// Node refreshes the size of process.stdout only; keep this one current on resize too.
	process.on('SIGWINCH', () => {
		const refresh = (tty as unknown as { _refreshSize?: () => void })._refreshSize;
		if (refresh) refresh.call(tty);
		else tty.emit('resize');
	});
	return tty;
}

export function processIO(signal?: AbortSignal): CliIO {
	// Under the launcher (bin/dubdesk.js) fds 1 and 2 are the native log; the terminal is 3 and 4.
	const out = process.env['DUBDESK_OUT_FD'];
	const err = process.env['DUBDESK_ERR_FD'];
	return {
		stdout: out ? streamOn(Number(out)) : process.stdout,
		stderr: err ? streamOn(Number(err)) : process.stderr,
		cwd: process.cwd(),
		signal,
	};
}
