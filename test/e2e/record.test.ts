// Live print in a real terminal (tmux): open a small session with --record, see REC, play a pass
// on the null device, stop; the take is on disk with its timecode. R disarms; the next pass
// writes nothing; R arms again and the next take gets the next name.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eSkip, openTerminal, root, sleep, type Terminal } from '../helpers/terminal.js';
import { buildWav } from '../helpers/wav-bytes.js';
import { readWav } from '../helpers/read-wav.js';

const dir = mkdtempSync(join(tmpdir(), 'dubdesk-e2e-record-'));
let t: Terminal;
const keys = (...k: string[]) => t.keys(...k);
const waitFor = (what: string | RegExp, timeoutMs?: number) => t.waitFor(what, timeoutMs);

describe.skipIf(e2eSkip !== '')(`live print in a terminal${e2eSkip ? ` (skipped: ${e2eSkip})` : ''}`, () => {
	beforeAll(() => {
		t = openTerminal('record', dir);
		mkdirSync(join(dir, 'media'));
		const tone = Array.from({ length: 48000 * 8 }, (_, i) => 0.25 * Math.sin((2 * Math.PI * 440 * i) / 48000));
		writeFileSync(join(dir, 'media', 'tone.wav'), buildWav({ encoding: 'float', bits: 32, samples: [tone], sampleRate: 48000 }));
		writeFileSync(join(dir, 'reel.yaml'), ['dubdesk: 1', 'name: Print e2e', 'start: "10:00:00:00"', 'tracks:', '  - { id: t1, clips: [{ file: media/tone.wav, at: 0 }] }', ''].join('\n'));
	});

	afterAll(() => t.close());

	it('arms with --record, prints a pass as a take, disarms and arms with R', async () => {
		await waitFor('E2E$');
		keys(`cd ${dir} && node ${join(root, 'bin/dubdesk.js')} reel.yaml --record print.wav`, 'Enter');
		await waitFor(/# STOP REC/, 30_000);
		keys('Space');
		await waitFor(/> PLAY REC/);
		await sleep(1200);
		keys('Space');
		await waitFor(/take print\.wav: \d+\.\d{3} s printed/, 10_000);
		const take = readWav(join(dir, 'print.wav'));
		expect(take.timeReference).toBe(10 * 3600 * 48000);
		expect(take.samples[0]!.length).toBeGreaterThan(48000 * 0.8);

		keys('R');
		await waitFor('live print disarmed');
		await waitFor(/# STOP {2}10:/);
		keys('Space');
		await waitFor('> PLAY');
		await sleep(400);
		keys('Space');
		await waitFor('# STOP');
		keys('R');
		await waitFor(/# STOP REC/);
		keys('Space');
		await waitFor(/> PLAY REC/);
		await sleep(400);
		keys('Space');
		await waitFor(/take print-2\.wav: \d+\.\d{3} s printed/, 10_000);
		keys('q');
		await waitFor(/^E2E\$\s*$/m, 10_000);
		expect(readdirSync(dir).filter((n) => n.endsWith('.wav') || n.endsWith('.take')).sort()).toEqual(['print-2.wav', 'print.wav']);
		// The second pass started where the first stopped.
		expect(readWav(join(dir, 'print-2.wav')).timeReference).toBeGreaterThan(take.timeReference! + take.samples[0]!.length);
	}, 90_000);
});
