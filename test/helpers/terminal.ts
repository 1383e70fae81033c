// The program in a real terminal for end-to-end tests: a private tmux server with one 80×24
// pane running a clean shell (the program's state and config in a temporary directory, the
// real-time null device for audio), and the few things the tests do with it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = join(root, 'bin/dubdesk.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const built = existsSync(join(root, 'dist', 'cli.js'));
/** Why end-to-end tests cannot run here ('' when they can). */
export const e2eSkip = !hasTmux ? 'tmux is not installed (apt-get install tmux)' : !built ? 'dist/ is not built (npm run build)' : '';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Terminal {
	/** The temporary directory the shell starts in (removed by close()). */
	dir: string;
	screen(): string;
	keys(...keys: string[]): void;
	/** Waits until the screen shows `what`; throws with the screen when it does not in time. */
	waitFor(what: string | RegExp, timeoutMs?: number): Promise<string>;
	close(): void;
}

/** A terminal whose shell starts in `dir` (a new temporary directory by default). */
export function openTerminal(name: string, dir = mkdtempSync(join(tmpdir(), `dubdesk-e2e-${name}-`))): Terminal {
	const socket = `dubdesk-e2e-${name}-${process.pid}`;
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
	const env = [`XDG_STATE_HOME=${dir}/state`, `XDG_CONFIG_HOME=${dir}/config`, `DUBDESK_CONFIG_DIR=${dir}/config/dubdesk`, 'DUBDESK_AUDIO=null', 'PS1=E2E$ ', 'TERM=xterm-256color'];
	tmux('new-session', '-d', '-s', 'e2e', '-x', '80', '-y', '24', 'env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', ...env, 'bash', '--norc', '--noprofile');
	const screen = () => tmux('capture-pane', '-p', '-t', 'e2e');
	return {
		dir,
		screen,
		keys: (...k) => void tmux('send-keys', '-t', 'e2e', ...k),
		async waitFor(what, timeoutMs = 20_000) {
			const started = Date.now();
			for (;;) {
				const text = screen();
				if (typeof what === 'string' ? text.includes(what) : what.test(text)) return text;
				if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${String(what)}; the screen:\n${text}`);
				await sleep(100);
			}
		},
		close() {
			spawnSync('tmux', ['-L', socket, 'kill-server']);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
