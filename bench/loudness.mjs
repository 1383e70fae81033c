// Speed of `dubdesk loudness` against ffmpeg's ebur128 filter (with true peak) on a 10-minute
// stereo 48 kHz 24-bit file, and agreement of the two on integrated loudness and true peak.
//
//   npm run build && node bench/loudness.mjs [--minutes 10] [--runs 3] [--keep]
//
// The file (pink-ish noise with a slow level envelope, plus 1 kHz and intersample-peaking
// 12 kHz tones) is generated into the temp directory and removed afterwards unless --keep.
// Without ffmpeg on PATH only dubdesk is timed.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pcmWavHeader } from './wav-header.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? Number(args[i + 1]) : fallback;
};
const minutes = option('minutes', 10);
const runs = option('runs', 3);
const keep = args.includes('--keep');
const SR = 48000;
const frames = Math.round(minutes * 60 * SR);
const file = join(tmpdir(), `dubdesk-bench-loudness-${minutes}min.wav`);
const bin = fileURLToPath(new URL('../bin/dubdesk.js', import.meta.url));

if (!existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url)))) {
	console.error('bench/loudness: dist/cli.js is missing; run `npm run build` first');
	process.exit(1);
}

/** Writes the test programme as a 24-bit stereo WAV, one second at a time. */
function generate() {
	const fd = openSync(file, 'w');
	writeSync(fd, pcmWavHeader({ channels: 2, bits: 24, sampleRate: SR, frames }));
	let seed = 12345;
	const rand = () => {
		seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
		return seed / 2147483648 - 1;
	};
	// Paul Kellet's economy pink filter, one per channel.
	const pk = [new Float64Array(3), new Float64Array(3)];
	const pink = (c) => {
		const b = pk[c];
		const w = rand();
		b[0] = 0.99765 * b[0] + w * 0.099046;
		b[1] = 0.963 * b[1] + w * 0.2965164;
		b[2] = 0.57 * b[2] + w * 1.0526913;
		return (b[0] + b[1] + b[2] + w * 0.1848) * 0.11;
	};
	const chunk = Buffer.alloc(SR * 6);
	const max = 8388607;
	for (let start = 0; start < frames; start += SR) {
		const n = Math.min(SR, frames - start);
		for (let i = 0; i < n; i++) {
			const t = (start + i) / SR;
			// Level wanders ±5 dB over ~40 s, with a quieter passage every 90 s.
			const env = Math.pow(10, (5 * Math.sin(t / 6.4) - (t % 90 < 8 ? 12 : 0)) / 20) * 0.1;
			const tone = t % 30 < 2 ? 0.1 * Math.sin(2 * Math.PI * 1000 * t) : 0;
			// Every 45 s, 20 ms of fs/4 at 45°: samples at −6 dBFS, true peak −3 dBTP.
			const burst = t % 45 < 0.02 ? 0.7 * Math.sin((Math.PI / 2) * (start + i) + Math.PI / 4) : 0;
			for (let c = 0; c < 2; c++) {
				const v = env * pink(c) + tone + burst;
				const q = Math.max(-max - 1, Math.min(max, Math.round(v * 8388608)));
				const o = (i * 2 + c) * 3;
				chunk[o] = q & 0xff;
				chunk[o + 1] = (q >> 8) & 0xff;
				chunk[o + 2] = (q >> 16) & 0xff;
			}
		}
		writeSync(fd, chunk, 0, n * 6);
	}
	closeSync(fd);
}

/** Best wall time of `runs` runs (seconds) and the last run's output. */
function time(command, argv) {
	let best = Infinity;
	let last;
	for (let r = 0; r < runs; r++) {
		const t0 = process.hrtime.bigint();
		last = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 64 << 20 });
		const s = Number(process.hrtime.bigint() - t0) / 1e9;
		if (last.status !== 0) throw new Error(`${command} failed (${last.status}): ${last.stderr}`);
		best = Math.min(best, s);
	}
	return { seconds: best, out: last };
}

function ffmpegSummary(stderr) {
	const num = (re) => {
		const m = re.exec(stderr.slice(stderr.lastIndexOf('Summary:')));
		return m ? Number(m[1]) : null;
	};
	return { integrated: num(/I:\s+(-?[\d.]+) LUFS/), range: num(/LRA:\s+(-?[\d.]+) LU/), truePeak: num(/Peak:\s+(-?[\d.]+) dBFS/) };
}

const t0 = Date.now();
if (!existsSync(file) || statSync(file).size !== 44 + frames * 6) generate();
console.log(`file: ${file} (${minutes} min stereo 48 kHz 24-bit, ${(statSync(file).size / 1e6).toFixed(0)} MB, ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
console.log(`best of ${runs} runs each\n`);

const ours = time(process.execPath, [bin, 'loudness', file, '--json']);
const m = JSON.parse(ours.out.stdout);
console.log(`dubdesk  ${ours.seconds.toFixed(2)} s   node bin/dubdesk.js loudness F --json`);
console.log(`         I ${m.integrated} LUFS, LRA ${m.range} LU, TP ${m.truePeak} dBTP, SP ${m.samplePeak} dBFS, M max ${m.momentaryMax}, S max ${m.shortTermMax}`);

const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' }).status === 0;
let failed = false;
if (hasFfmpeg) {
	const ff = time('ffmpeg', ['-nostats', '-hide_banner', '-i', file, '-af', 'ebur128=peak=true', '-f', 'null', '-']);
	const f = ffmpegSummary(ff.out.stderr);
	console.log(`ffmpeg   ${ff.seconds.toFixed(2)} s   ffmpeg -nostats -i F -af ebur128=peak=true -f null -`);
	console.log(`         I ${f.integrated} LUFS, LRA ${f.range} LU, TP ${f.truePeak} dBTP`);
	console.log(`\nratio    ffmpeg / dubdesk = ${(ff.seconds / ours.seconds).toFixed(2)}× ${ours.seconds < ff.seconds ? '(dubdesk faster)' : '(ffmpeg faster)'}`);
	// ffmpeg prints one decimal; its true peak comes from a different resampler.
	const dI = Math.abs(m.integrated - f.integrated);
	const dTP = Math.abs(m.truePeak - f.truePeak);
	console.log(`agree    integrated ±${dI.toFixed(2)} LU (limit 0.1), true peak ±${dTP.toFixed(2)} dB (limit 0.3), LRA ±${Math.abs(m.range - f.range).toFixed(2)} LU (shown only)`);
	failed = !(dI <= 0.1 && dTP <= 0.3) || ours.seconds >= ff.seconds;
} else {
	console.log('ffmpeg   not installed (apt-get install -y ffmpeg); dubdesk timed alone');
}
if (!keep) rmSync(file, { force: true });
if (failed) {
	console.log('\nFAIL: slower than ffmpeg or disagreeing');
	process.exitCode = 1;
}
