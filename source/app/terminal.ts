// Taking the terminal over and giving it back. The mixer draws on the alternate screen with the
// cursor hidden; every way out (quit, error, signal, crash) must leave the user's screen, cursor
// and line discipline as they were. Restoring is synchronous so it also works in 'exit'.
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { OutStream } from '../cli-io.js';

const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
/** Reset attributes, show the cursor, leave the alternate screen. */
export const RESTORE = '\x1b[0m\x1b[?25h\x1b[?1049l';

/** A terminal taken over by the mixer; restore() is idempotent. */
export interface TerminalSession {
	restore(): void;
	readonly restored: boolean;
}

/** Switches `out` to the alternate screen; `input` leaves raw mode on restore. */
export function takeTerminal(out: OutStream, input: { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown } = process.stdin): TerminalSession {
	const fd = (out as { fd?: number }).fd;
	const write = (text: string) => {
		try {
			if (typeof fd === 'number') writeSync(fd, text);
			else out.write(text);
		} catch {
			// The terminal is gone (SIGHUP): nothing left to restore.
		}
	};
	write(ENTER);
	// Raw at once: a key pressed while the mixer mounts must not echo onto the screen.
	try {
		if (input.isTTY) input.setRawMode?.(true);
	} catch {
		// Not a terminal after all; Ink reports that itself.
	}
	let restored = false;
	return {
		restore() {
			if (restored) return;
			restored = true;
			write(RESTORE);
			try {
				if (input.isTTY) input.setRawMode?.(false);
			} catch {
				// stdin already closed.
			}
		},
		get restored() {
			return restored;
		},
	};
}

/**
 * After the terminal hung up (SSH dropped, tmux session killed): puts /dev/null on the standard
 * descriptors that were a terminal and no longer answer as one. Node restores the terminal modes
 * of fds 0–2 at exit and aborts ("Assertion failed … ResetStdio") when that fails; it skips a
 * descriptor that now refers to another file. Call it last, on the way out.
 */
export function releaseDeadTerminal(fds: readonly number[] = [0, 1, 2]): void {
	for (const fd of fds) {
		try {
			if (isatty(fd) || !fstatSync(fd).isCharacterDevice()) continue;
			closeSync(fd);
			const nul = openSync('/dev/null', fd === 0 ? 'r' : 'w');
			// Another thread took the slot meanwhile: fd is then another file, which Node skips too.
			if (nul !== fd) closeSync(nul);
		} catch {
			// Already closed: Node skips that as well.
		}
	}
}
