// `npm run bench`: every measured number the issues ask for, in one run on this machine.
//   render speed and memory vs ecasound · flat memory over a 2-hour 6-channel source ·
//   real-time DSP load and track ceiling · loudness speed vs ffmpeg · UI CPU, bytes, first frame
// Peers (ecasound, ffmpeg) are optional: `apt-get install -y ecasound ffmpeg` to compare.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchRender } from './render.mjs';
import { benchLongRender } from './long-render.mjs';
import { benchDspLoad } from './run-dsp-load.mjs';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const line = (s = '') => process.stdout.write(`${s}\n`);

line('dubdesk bench (2 cores; numbers vary with load — compare within one run)');
line();

line('1. Offline render: 16 mono 24-bit tracks × 120 s, gain and pan on each');
const r = benchRender();
line(`   dubdesk   ${r.ours.seconds.toFixed(2)} s  (${r.ours.realtime.toFixed(0)}× real time), peak ${r.ours.peakMb.toFixed(0)} MB`);
if (r.ecasound.seconds) {
	line(`   ecasound  ${r.ecasound.seconds.toFixed(2)} s, peak ${r.ecasound.peakMb.toFixed(0)} MB`);
	line(`   ratio     dubdesk takes ${(r.ours.seconds / r.ecasound.seconds).toFixed(2)}× ecasound's time`);
} else line(`   ecasound  not run (${r.ecasound.error ?? 'not installed'})`);
line();

line('2. Memory over session length: 6-channel 24-bit RF64 source, 10 min vs 2 h');
for (const l of benchLongRender()) line(`   ${String(l.seconds / 60).padStart(3)} min  ${l.wall.toFixed(1)} s, peak ${l.peakMb.toFixed(0)} MB`);
line();

line('3. Real-time DSP load (worker render + meters, default 512-frame buffer)');
const d = await benchDspLoad();
line(`   16 tracks: mean ${pct(d.bench.mean)} of each buffer, p99 ${pct(d.bench.p99)}, with read-ahead/decode ${pct(d.bench.sustained)}`);
line(`   most tracks under 70 % sustained load: ${d.maxTracks}`);
line();

line('4. Loudness of a 10-minute stereo file vs ffmpeg ebur128=peak=true');
const lo = spawnSync(process.execPath, [here('./loudness.mjs')], { encoding: 'utf8' });
line(lo.stdout.trimEnd().split('\n').map((l) => `   ${l}`).join('\n'));
if (lo.status !== 0) line(`   failed: ${lo.stderr.trim().split('\n')[0]}`);
line();

line('5. Terminal UI with the 16-track demo playing');
if (existsSync(here('./ui.mjs'))) {
	const ui = spawnSync(process.execPath, [here('./ui.mjs')], { encoding: 'utf8' });
	line(ui.stdout.trimEnd().split('\n').map((l) => `   ${l}`).join('\n'));
	if (ui.status !== 0) line(`   failed: ${ui.stderr.trim().split('\n')[0]}`);
} else line('   (bench/ui.mjs not present)');
