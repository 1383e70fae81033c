#!/usr/bin/env node
// Launcher. The program is the bundle in dist/, built by `npm install` (prepare).
//
// Commands that load native audio (the mixer, demo, play, devices) run in a child process
// whose stdout and stderr (fds 1 and 2) go to a log file: PortAudio and alsa-lib print there on
// their own, and that must never land on the mixer's screen. The child writes to the real
// terminal through fds 3 and 4. If the child dies (even from a native crash), this process
// puts the terminal back the way it was.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { isatty } from 'node:tty';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
	process.stderr.write('dubdesk: dist/cli.js is missing; run `npm install` (it builds dubdesk).\n');
	process.exit(1);
}

const args = process.argv.slice(2);
const command = args.find((a) => !a.startsWith('-'));
const quiet = ['render', 'check', 'loudness'].includes(command ?? '') || args.includes('--help') || args.includes('-h') || args.includes('--version');
const inherit = process.env.DUBDESK_CHILD === '1' || process.env.DUBDESK_NATIVE_OUTPUT === 'inherit';

if (quiet || inherit) {
	await import(cli);
} else {
	const log = process.env.DUBDESK_LOG || join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'dubdesk', 'dubdesk.log');
	let fd;
	try {
		mkdirSync(dirname(log), { recursive: true });
		// Keep the log small on a small disk: start over past 4 MB.
		const big = existsSync(log) && statSync(log).size > 4 * 1024 * 1024;
		fd = openSync(log, big ? 'w' : 'a');
	} catch {
		fd = openSync('/dev/null', 'a');
	}
	const child = spawn(process.execPath, [...process.execArgv, cli, ...args], {
		stdio: [0, fd, fd, 1, 2],
		env: { ...process.env, DUBDESK_CHILD: '1', DUBDESK_OUT_FD: '3', DUBDESK_ERR_FD: '4', DUBDESK_LOG: log },
	});
	closeSync(fd);
	// The child handles Ctrl-C (the terminal sends it to both of us); pass on polite stops. The
	// mixer is out within a moment (its edits are already in the journal); one that is not is
	// killed, so a dropped connection never leaves it running.
	let hungUp = false;
	process.on('SIGINT', () => {});
	for (const signal of ['SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			hungUp ||= signal === 'SIGHUP';
			child.kill(signal);
			setTimeout(() => child.kill('SIGKILL'), 2000).unref();
		});
	}
	child.on('exit', (code, signal) => {
		// After a hangup the terminal is gone: writing to it or changing its modes fails.
		const terminal = !hungUp && isatty(1);
		if (signal || (code ?? 0) > 128) {
			if (terminal) {
				// Leave the alternate screen, show the cursor, reset colours, cooked mode.
				process.stdout.write('\x1b[?1049l\x1b[?25h\x1b[0m\n');
				if (isatty(0)) process.stdin.setRawMode(false);
				process.stderr.write(`dubdesk: stopped by ${signal ?? `exit ${code}`}; the log is ${log}\n`);
			}
			releaseDeadTerminal();
			process.exit(1);
		}
		releaseDeadTerminal();
		process.exit(code ?? 0);
	});
}

// Node puts back the terminal modes of fds 0-2 at exit and aborts (Assertion failed …
// ResetStdio) when the terminal has hung up; it skips a descriptor that is now another file.
function releaseDeadTerminal() {
	for (const fd of [0, 1, 2]) {
		try {
			if (isatty(fd) || !fstatSync(fd).isCharacterDevice()) continue;
			closeSync(fd);
			const nul = openSync('/dev/null', fd === 0 ? 'r' : 'w');
			if (nul !== fd) closeSync(nul);
		} catch {
			// Closed already: skipped as well.
		}
	}
}
