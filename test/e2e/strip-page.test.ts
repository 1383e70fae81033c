// The strip page in a real terminal (tmux): open a small session, go to the first track's strip,
// see the curve, add an EQ band and raise its gain, type a frequency, go back; saved, the file
// holds the band.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSession } from '../../sessions/load.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const built = existsSync(join(root, 'dist', 'cli.js'));
const skip = !hasTmux ? 'tmux is not installed (apt-get install tmux)' : !built ? 'dist/ is not built (npm run build)' : '';

const dir = mkdtempSync(join(tmpdir(), 'dubdesk-e2e-strip-'));
const socket = `dubdesk-e2e-strip-${process.pid}`;
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

describe.skipIf(skip !== '')(`the strip page in a terminal${skip ? ` (skipped: ${skip})` : ''}`, () => {
	const file = join(dir, 'reel.yaml');

	beforeAll(() => {
		writeFileSync(file, ['dubdesk: 1', 'name: Strip e2e', 'buses:', '  - { id: DX }', 'tracks:', '  - { id: dx1, name: DX 1, output: DX, strip: { hpf: { freq: 100 } } }', '  - { id: dx2, name: DX 2, output: DX }', ''].join('\n'));
		const env = [`XDG_STATE_HOME=${dir}/state`, `XDG_CONFIG_HOME=${dir}/config`, `DUBDESK_CONFIG_DIR=${dir}/config/dubdesk`, 'DUBDESK_AUDIO=null', 'PS1=E2E$ ', 'TERM=xterm-256color'];
		tmux('new-session', '-d', '-s', 'e2e', '-x', '80', '-y', '24', 'env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', ...env, 'bash', '--norc', '--noprofile');
	});

	afterAll(() => {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
		rmSync(dir, { recursive: true, force: true });
	});

	it('opens the strip, adds a band, rides and types it, copies the strip, saves', async () => {
		await waitFor('E2E$');
		keys(`cd ${root} && node bin/dubdesk.js ${file}`, 'Enter');
		await waitFor('MASTER', 30_000);
		keys('e');
		await waitFor('STRIP  DX 1 (track dx1 → DX)');
		// The high-pass is drawn: braille on the curve rows, a dB scale beside them.
		expect(screen()).toMatch(/^ {3}0┤.*[\u2801-\u28ff]/m);
		keys('a');
		await waitFor(/> EQ 1\s+on/);
		keys('Right', '=', '=', '=', '=');
		await waitFor('DX 1 EQ 1 +2.0 dB');
		keys('Left', 'Enter');
		await waitFor('DX 1 EQ band 1 freq (10 to');
		keys('2', '.', '5', 'k', 'Enter');
		await waitFor(/bell \[2\.5 kHz\]/);
		// The band's number marks its centre under the curve.
		expect(screen()).toMatch(/^ {5} *1 *$/m);
		keys('c');
		await waitFor("Copy DX 1's strip to 1 track (on DX)");
		keys('e');
		await waitFor('MASTER');
		keys('w');
		await waitFor(`saved ${file}`);
		keys('q');
		await waitFor(/^E2E\$\s*$/m, 10_000);
		const saved = parseSession(readFileSync(file, 'utf8'), file);
		expect(saved.tracks[0]!.strip!.eq).toEqual([{ on: true, type: 'bell', freq: 2500, gain: 2, q: 0.71 }]);
		expect(saved.tracks[1]!.strip).toEqual(saved.tracks[0]!.strip);
	}, 90_000);
});
