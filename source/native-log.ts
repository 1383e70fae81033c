// Where native libraries' and the engine's chatter goes: a log file, never the terminal.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** ~/.local/state/dubdesk/dubdesk.log (XDG_STATE_HOME respected). */
export function nativeLogPath(): string {
	const base = process.env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state');
	return join(base, 'dubdesk', 'dubdesk.log');
}

let stream: WriteStream | undefined;

/** The log stream (opened on first use, appended to). */
export function nativeLog(): WriteStream {
	if (!stream) {
		const path = process.env['DUBDESK_LOG'] || nativeLogPath();
		try {
			mkdirSync(join(path, '..'), { recursive: true });
			stream = createWriteStream(path, { flags: 'a' });
		} catch {
			stream = createWriteStream('/dev/null');
		}
		stream.on('error', () => undefined);
	}
	return stream;
}
