// A touch pass from the keyboard in a real terminal (tmux), printed live: ride a fader during
// playback with a take armed, stop, save; the take equals `dubdesk render` of the saved session
// over the same range, sample for sample (past the transport's fades).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWav } from '../helpers/wav-bytes.js';
import { readWav } from '../helpers/read-wav.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const built = existsSync(join(root, 'dist', 'cli.js'));
const skip = !hasTmux ? 'tmux is not installed (apt-get install tmux)' : !built ? 'dist/ is not built (npm run build)' : '';

const dir = mkdtempSync(join(tmpdir(), 'dubdesk-e2e-touch-'));
const socket = `dubdesk-e2e-touch-${process.pid}`;
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

describe.skipIf(skip !== '')(`a touch pass from the keyboard${skip ? ` (skipped: ${skip})` : ''}`, () => {
	beforeAll(() => {
		mkdirSync(join(dir, 'media'));
		const tone = Array.from({ length: 48000 * 10 }, (_, i) => 0.25 * Math.sin((2 * Math.PI * 220 * i) / 48000));
		writeFileSync(join(dir, 'media', 'tone.wav'), buildWav({ encoding: 'float', bits: 32, samples: [tone], sampleRate: 48000 }));
		writeFileSync(
			join(dir, 'reel.yaml'),
			['dubdesk: 1', 'name: Touch e2e', 'tracks:', '  - id: t1', '    clips: [{ file: media/tone.wav, at: 0 }]', '    automation: { mode: touch }', ''].join('\n'),
		);
		const env = [`XDG_STATE_HOME=${dir}/state`, `XDG_CONFIG_HOME=${dir}/config`, `DUBDESK_CONFIG_DIR=${dir}/config/dubdesk`, 'DUBDESK_AUDIO=null', 'PS1=E2E$ ', 'TERM=xterm-256color'];
		tmux('new-session', '-d', '-s', 'e2e', '-x', '80', '-y', '24', 'env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', ...env, 'bash', '--norc', '--noprofile');
	});

	afterAll(() => {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
		rmSync(dir, { recursive: true, force: true });
	});

	it('the take of a touch pass is the print of the saved session', async () => {
		await waitFor('E2E$');
		keys(`cd ${dir} && node ${join(root, 'bin/dubdesk.js')} reel.yaml --record take.wav`, 'Enter');
		await waitFor(/# STOP REC/, 30_000);
		keys('Space');
		await waitFor(/> PLAY REC/);
		await sleep(600);
		// A ride down and back up with the fader keys (a touch until 500 ms after the last key).
		for (let i = 0; i < 6; i++) {
			keys('Down');
			await sleep(60);
		}
		await sleep(900);
		for (let i = 0; i < 3; i++) {
			keys('Up');
			await sleep(60);
		}
		await sleep(1200);
		keys('Space');
		await waitFor(/take take\.wav: \d+\.\d{3} s printed/, 10_000);
		// The pass is in the document (unsaved: the title has its star).
		await waitFor(/Touch e2e \*/, 10_000);
		keys('w');
		await sleep(800);
		keys('q');
		await waitFor(/^E2E\$\s*$/m, 10_000);

		const saved = readFileSync(join(dir, 'reel.yaml'), 'utf8');
		expect(saved).toMatch(/mode: touch/);
		expect(saved).toMatch(/gain:\n\s+- \[ /);
		const take = readWav(join(dir, 'take.wav'));
		const frames = take.samples[0]!.length;
		const out = join(dir, 'render.wav');
		const from = take.timeReference!;
		execFileSync(process.execPath, [join(root, 'bin/dubdesk.js'), 'render', join(dir, 'reel.yaml'), '-o', out, '--from', String(from / 48000), '--to', String((from + frames) / 48000)]);
		const printed = readWav(out);
		let mismatches = 0;
		for (let c = 0; c < 2; c++) {
			for (let i = 128; i < frames - 128; i++) if (take.samples[c]![i] !== Math.fround(printed.samples[c]![i]!)) mismatches++;
		}
		expect(mismatches).toBe(0);
	}, 90_000);
});
