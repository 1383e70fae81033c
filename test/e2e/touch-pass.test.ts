// A touch pass from the keyboard in a real terminal (tmux), printed live: ride a fader during
// playback with a take armed, stop, save; the take equals `dubdesk render` of the saved session
// over the same range, sample for sample (past the transport's fades).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWav } from '../helpers/wav-bytes.js';
import { readWav } from '../helpers/read-wav.js';
import { bin, e2eSkip, openTerminal, sleep, type Terminal } from '../helpers/terminal.js';

describe.skipIf(e2eSkip !== '')(`a touch pass from the keyboard${e2eSkip ? ` (skipped: ${e2eSkip})` : ''}`, () => {
	let t: Terminal;
	beforeAll(() => {
		t = openTerminal('touch');
		mkdirSync(join(t.dir, 'media'));
		const tone = Array.from({ length: 48000 * 10 }, (_, i) => 0.25 * Math.sin((2 * Math.PI * 220 * i) / 48000));
		writeFileSync(join(t.dir, 'media', 'tone.wav'), buildWav({ encoding: 'float', bits: 32, samples: [tone], sampleRate: 48000 }));
		writeFileSync(
			join(t.dir, 'reel.yaml'),
			['dubdesk: 1', 'name: Touch e2e', 'tracks:', '  - id: t1', '    clips: [{ file: media/tone.wav, at: 0 }]', '    automation: { mode: touch }', ''].join('\n'),
		);
	});
	afterAll(() => t.close());

	it('the take of a touch pass is the print of the saved session', async () => {
		const { dir, keys, waitFor } = t;
		await waitFor('E2E$');
		keys(`cd ${dir} && node ${bin} reel.yaml --record take.wav`, 'Enter');
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
		execFileSync(process.execPath, [bin, 'render', join(dir, 'reel.yaml'), '-o', out, '--from', String(from / 48000), '--to', String((from + frames) / 48000)]);
		const printed = readWav(out);
		let mismatches = 0;
		for (let c = 0; c < 2; c++) {
			for (let i = 128; i < frames - 128; i++) if (take.samples[c]![i] !== Math.fround(printed.samples[c]![i]!)) mismatches++;
		}
		expect(mismatches).toBe(0);
	}, 90_000);
});
