// Offline render speed and peak memory on the bench session, beside ecasound mixing the same
// files with the same gains and pans (issue 2). Run: node bench/render.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dir, ensureBenchSession, gainOf, panOf, SECONDS, TRACKS } from './bench-session.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Wall seconds and peak RSS (MB) of a command, via GNU time when present. */
function timed(cmd, args) {
	const gnuTime = existsSync('/usr/bin/time');
	const t0 = performance.now();
	const r = gnuTime ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
	const seconds = (performance.now() - t0) / 1000;
	if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
	const kb = gnuTime ? Number(r.stderr.trim().split('\n').at(-1)) : NaN;
	return { seconds, peakMb: kb / 1024 };
}

export function benchRender({ runs = 3 } = {}) {
	const { session, files } = ensureBenchSession();
	const out = join(dir, 'mix.wav');
	const ours = [];
	for (let i = 0; i < runs; i++) ours.push(timed(process.execPath, [join(root, 'bin/dubdesk.js'), 'render', session, '-o', out]));
	const best = ours.reduce((a, b) => (a.seconds < b.seconds ? a : b));
	const result = { seconds: best.seconds, peakMb: Math.max(...ours.map((o) => o.peakMb)), realtime: SECONDS / best.seconds };
	rmSync(out, { force: true });

	let eca;
	try {
		// `ecasound --version` exits non-zero; ask the shell whether it is installed.
		execFileSync('sh', ['-c', 'command -v ecasound'], { stdio: 'ignore' });
		// Same job: each mono file copied to two channels, amplified, panned; summed to float stereo.
		const args = ['-q', '-z:mixmode,sum'];
		files.forEach((f, i) => {
			const pct = (100 * 10 ** (gainOf(i) / 20)).toFixed(2);
			args.push(`-a:${i + 1}`, `-i:${f}`, '-chcopy:1,2', `-ea:${pct}`, `-epp:${((panOf(i) + 1) * 50).toFixed(1)}`);
		});
		args.push('-a:all', '-f:f32_le,2,48000', `-o:${join(dir, 'eca.wav')}`);
		const runsEca = [];
		for (let i = 0; i < runs; i++) runsEca.push(timed('ecasound', args));
		eca = runsEca.reduce((a, b) => (a.seconds < b.seconds ? a : b));
		rmSync(join(dir, 'eca.wav'), { force: true });
	} catch (error) {
		eca = { error: error.message.split('\n')[0] };
	}
	return { tracks: TRACKS, seconds: SECONDS, ours: result, ecasound: eca };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const r = benchRender();
	console.log(JSON.stringify(r, null, 2));
}
