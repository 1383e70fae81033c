// The strip page in a real terminal (tmux): open a small session, go to the first track's strip,
// see the curve, add an EQ band and raise its gain, type a frequency, go back; saved, the file
// holds the band.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eSkip, openTerminal, root, type Terminal } from '../helpers/terminal.js';
import { parseSession } from '../../sessions/load.js';

const dir = mkdtempSync(join(tmpdir(), 'dubdesk-e2e-strip-'));
let t: Terminal;
const screen = () => t.screen();
const keys = (...k: string[]) => t.keys(...k);
const waitFor = (what: string | RegExp, timeoutMs?: number) => t.waitFor(what, timeoutMs);

describe.skipIf(e2eSkip !== '')(`the strip page in a terminal${e2eSkip ? ` (skipped: ${e2eSkip})` : ''}`, () => {
	const file = join(dir, 'reel.yaml');

	beforeAll(() => {
		t = openTerminal('strip', dir);
		writeFileSync(file, ['dubdesk: 1', 'name: Strip e2e', 'buses:', '  - { id: DX }', 'tracks:', '  - { id: dx1, name: DX 1, output: DX, strip: { hpf: { freq: 100 } } }', '  - { id: dx2, name: DX 2, output: DX }', ''].join('\n'));
	});

	afterAll(() => t.close());

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
