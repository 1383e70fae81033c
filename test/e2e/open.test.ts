// The real program in a real terminal (tmux): open the demo, play, mute a strip, ride a fader,
// save, quit; then the saved session holds the edits and the terminal is the user's again
// (alternate screen left, cursor shown, line editing and echo back, the shell prompt usable).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayJournal } from '../../sessions/journal.js';
import { parseSession } from '../../sessions/load.js';
import type { Session } from '../../sessions/types.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const built = existsSync(join(root, 'dist', 'cli.js'));
const skip = !hasTmux ? 'tmux is not installed (apt-get install tmux)' : !built ? 'dist/ is not built (npm run build)' : '';

const dir = mkdtempSync(join(tmpdir(), 'dubdesk-e2e-'));
const socket = `dubdesk-e2e-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'e2e');
const keys = (...k: string[]) => tmux('send-keys', '-t', 'e2e', ...k);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string | RegExp, timeoutMs = 20_000): Promise<string> {
	const started = Date.now();
	for (;;) {
		const text = screen();
		if (typeof what === 'string' ? text.includes(what) : what.test(text)) return text;
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${String(what)}; the screen:\n${text}`);
		await sleep(100);
	}
}

describe.skipIf(skip !== '')(`dubdesk in a terminal${skip ? ` (skipped: ${skip})` : ''}`, () => {
	const demo = join(dir, 'data', 'dubdesk', 'demo', 'session.yaml');

	beforeAll(() => {
		// Ink draws nothing live when CI is set; a user's terminal has no CI variable.
		const env = [`XDG_DATA_HOME=${dir}/data`, `XDG_STATE_HOME=${dir}/state`, `XDG_CONFIG_HOME=${dir}/config`, `DUBDESK_CONFIG_DIR=${dir}/config/dubdesk`, 'DUBDESK_AUDIO=null', 'PS1=E2E$ ', 'TERM=xterm-256color'];
		tmux('new-session', '-d', '-s', 'e2e', '-x', '100', '-y', '30', 'env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', ...env, 'bash', '--norc', '--noprofile');
	});

	afterAll(() => {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
		rmSync(dir, { recursive: true, force: true });
	});

	it('opens the demo, plays, mutes, rides a fader, saves, quits and restores the terminal', async () => {
		await waitFor('E2E$');
		keys(`cd ${root} && node bin/dubdesk.js`, 'Enter');
		// The first run writes the demo's media before the mixer appears.
		await waitFor('MASTER', 60_000);
		expect(tmux('display', '-p', '-t', 'e2e', '#{alternate_on}').trim()).toBe('1');
		const before = parseSession(readFileSync(demo, 'utf8'), demo);
		const first = before.tracks[0]!;

		keys('Space');
		await waitFor('> PLAY');
		const t1 = /> PLAY\s+(\d\d:\d\d:\d\d:\d\d)/.exec(screen())![1];
		await sleep(600);
		const t2 = /> PLAY\s+(\d\d:\d\d:\d\d:\d\d)/.exec(screen())![1];
		expect(t2).not.toBe(t1);

		keys('m');
		// The flags row of the selected strip (a status message may be replaced by the engine's).
		await waitFor(/^\s+\[M - - \]/m);
		keys('Up', 'Up');
		const level = first.gain + 1;
		await waitFor(`Fader ${first.name ?? first.id} ${level > 0 ? '+' : ''}${level.toFixed(1)} dB`);
		expect(screen()).toMatch(/\* +mixer \|/);
		keys('w');
		await waitFor(`saved ${demo}`);
		keys('Space');
		await waitFor('# STOP');
		keys('q');
		const shell = await waitFor(/^E2E\$\s*$/m, 10_000);
		expect(shell).not.toContain('MASTER');

		// The terminal is restored: main screen, cursor visible, canonical mode with echo.
		expect(tmux('display', '-p', '-t', 'e2e', '#{alternate_on}').trim()).toBe('0');
		expect(tmux('display', '-p', '-t', 'e2e', '#{cursor_flag}').trim()).toBe('1');
		keys('stty -a | tr " " "\\n" | grep -x -e icanon -e echo | tr "\\n" " "; echo "=$((40 + 2))"', 'Enter');
		await waitFor('icanon echo =42');

		const after = parseSession(readFileSync(demo, 'utf8'), demo);
		expect(after.tracks[0]!.mute).toBe(!first.mute);
		expect(after.tracks[0]!.gain).toBe(first.gain + 1);
		expect(after.tracks.slice(1)).toEqual(before.tracks.slice(1));
		expect(existsSync(join(dir, 'data', 'dubdesk', 'demo', '.session.yaml.journal'))).toBe(false);
		expect(existsSync(join(dir, 'data', 'dubdesk', 'demo', '.session.yaml.lock'))).toBe(false);
	}, 120_000);

	it('restores the terminal when stopped by SIGTERM and keeps the changes in the journal', async () => {
		keys('clear; node bin/dubdesk.js', 'Enter');
		await waitFor('MASTER', 30_000);
		keys('s');
		// The selected strip's flags row reads "[M S - ]" (muted in the first test, now soloed).
		await waitFor(/^\s+\[M S [-Ø] \]/m);
		// The shell's child is the launcher (bin/dubdesk.js); it passes SIGTERM on to the mixer.
		const shellPid = tmux('display', '-p', '-t', 'e2e', '#{pane_pid}').trim();
		const launcher = readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, 'utf8').trim().split(/\s+/)[0];
		process.kill(Number(launcher), 'SIGTERM');
		await waitFor(/^E2E\$\s*$/m, 10_000);
		expect(tmux('display', '-p', '-t', 'e2e', '#{alternate_on}').trim()).toBe('0');
		expect(tmux('display', '-p', '-t', 'e2e', '#{cursor_flag}').trim()).toBe('1');
		const autosave = join(dir, 'data', 'dubdesk', 'demo', '.session.yaml.journal');
		expect(existsSync(autosave)).toBe(true);
		expect(existsSync(join(dir, 'data', 'dubdesk', 'demo', '.session.yaml.lock'))).toBe(false);
		expect((replayJournal(readFileSync(autosave, 'utf8'))?.doc as Session).tracks[0]!.solo).toBe(true);

		// Opening again offers the autosave; discarding it leaves the saved session.
		keys('node bin/dubdesk.js', 'Enter');
		await waitFor('An autosave is newer than the session file', 30_000);
		keys('d');
		// (The status line may already say something newer, e.g. why MIDI is unavailable.)
		for (let i = 0; i < 100 && (existsSync(autosave) || screen().includes('An autosave is newer')); i++) await sleep(100);
		expect(existsSync(autosave)).toBe(false);
		expect(screen()).not.toContain('An autosave is newer');
		keys('q');
		await waitFor(/^E2E\$\s*$/m, 10_000);
		expect(existsSync(autosave)).toBe(false);
	}, 120_000);
});
