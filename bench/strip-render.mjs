// Offline render with a channel strip on every track (issue 10): 16 mono tracks × 120 s, each
// with a high-pass, four EQ bands and a compressor, panned and summed to stereo float, against
// ffmpeg running the same chain per track (highpass, lowshelf, equalizer ×2, highshelf,
// acompressor, volume, pan) and the sum (amix without normalisation). dubdesk on the threads
// it picks and on one thread, ffmpeg, alternated in rounds; medians.
// Run: node bench/strip-render.mjs [rounds]
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dir, ensureBenchSession, gainOf, panOf, SECONDS, STRIP, TRACKS } from './bench-session.mjs';
import { installed, rounds, timed } from './timing.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The ffmpeg filter graph of STRIP on every track, the fader and pan, and the sum. */
export function ffmpegGraph(count) {
	const [low, bell1, bell2, high] = STRIP.eq;
	const c = STRIP.compressor;
	const q = (b) => `width_type=q:width=${b.q}`;
	const chains = Array.from({ length: count }, (_, i) => {
		const theta = ((panOf(i) + 1) * Math.PI) / 4;
		return [
			`[${i}:a]highpass=f=${STRIP.hpf.freq}:poles=2:width_type=q:width=0.7071`,
			`lowshelf=f=${low.freq}:g=${low.gain}:${q(low)}`,
			`equalizer=f=${bell1.freq}:g=${bell1.gain}:${q(bell1)}`,
			`equalizer=f=${bell2.freq}:g=${bell2.gain}:${q(bell2)}`,
			`highshelf=f=${high.freq}:g=${high.gain}:${q(high)}`,
			// Thresholds and knee are linear in ffmpeg: −20 dBFS = 0.1, a 6 dB knee ≈ 2.
			`acompressor=threshold=${10 ** (c.threshold / 20)}:ratio=${c.ratio}:attack=${c.attack}:release=${c.release}:knee=${10 ** (c.knee / 20)}:detection=peak`,
			`volume=${gainOf(i)}dB`,
			`pan=stereo|c0=${Math.cos(theta).toFixed(6)}*c0|c1=${Math.sin(theta).toFixed(6)}*c0[t${i}]`,
		].join(',');
	});
	const inputs = Array.from({ length: count }, (_, i) => `[t${i}]`).join('');
	return `${chains.join(';')};${inputs}amix=inputs=${count}:normalize=0[out]`;
}

export function benchStripRender({ count = 5 } = {}) {
	const { session, files } = ensureBenchSession('strip');
	const out = join(dir, 'strip-mix.wav');
	const ffOut = join(dir, 'strip-ffmpeg.wav');
	const dubdesk = (threads) => () => timed(process.execPath, [join(root, 'bin/dubdesk.js'), 'render', session, '-o', out, ...(threads ? ['--threads', String(threads)] : [])]);
	const ffArgs = ['-hide_banner', '-loglevel', 'error', '-y', ...files.flatMap((f) => ['-i', f]), '-filter_complex', ffmpegGraph(files.length), '-map', '[out]', '-c:a', 'pcm_f32le', ffOut];
	const ff = installed('ffmpeg');
	const r = rounds({ ours: dubdesk(), single: dubdesk(1), ffmpeg: ff ? () => timed('ffmpeg', ffArgs) : () => null }, count);
	rmSync(out, { force: true });
	rmSync(ffOut, { force: true });
	return { tracks: TRACKS, seconds: SECONDS, rounds: count, ours: r.ours, single: r.single, ffmpeg: r.ffmpeg ?? { error: 'skipped: ffmpeg not installed' } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(benchStripRender({ count: Number(process.argv[2] ?? 5) }), null, 2));
}
