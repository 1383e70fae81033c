// Offline render speed and peak memory on the bench session (16 mono tracks × 120 s, gain and
// pan), beside ecasound mixing the same files with the same gains and pans (issues 2 and 10):
// dubdesk on every core it picks, dubdesk on one thread, ecasound, alternated in rounds and
// compared by medians. Run: node bench/render.mjs [rounds]
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dir, ensureBenchSession, gainOf, panOf, SECONDS, TRACKS } from './bench-session.mjs';
import { installed, rounds, timed } from './timing.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export function benchRender({ count = 5 } = {}) {
	const { session, files } = ensureBenchSession();
	const out = join(dir, 'mix.wav');
	const dubdesk = (threads) => () => timed(process.execPath, [join(root, 'bin/dubdesk.js'), 'render', session, '-o', out, ...(threads ? ['--threads', String(threads)] : [])]);
	// Same job: each mono file copied to two channels, amplified, panned; summed to float stereo.
	const args = ['-q', '-z:mixmode,sum'];
	files.forEach((f, i) => {
		const pct = (100 * 10 ** (gainOf(i) / 20)).toFixed(2);
		args.push(`-a:${i + 1}`, `-i:${f}`, '-chcopy:1,2', `-ea:${pct}`, `-epp:${((panOf(i) + 1) * 50).toFixed(1)}`);
	});
	args.push('-a:all', '-f:f32_le,2,48000', `-o:${join(dir, 'eca.wav')}`);
	const eca = installed('ecasound');
	const r = rounds({ ours: dubdesk(), single: dubdesk(1), ecasound: eca ? () => timed('ecasound', args) : () => null }, count);
	rmSync(out, { force: true });
	rmSync(join(dir, 'eca.wav'), { force: true });
	const realtime = (t) => t && { ...t, realtime: SECONDS / t.seconds };
	return { tracks: TRACKS, seconds: SECONDS, rounds: count, ours: realtime(r.ours), single: realtime(r.single), ecasound: r.ecasound ?? { error: 'not installed' } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(benchRender({ count: Number(process.argv[2] ?? 5) }), null, 2));
}
