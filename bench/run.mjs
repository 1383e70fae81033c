// `npm run bench`: every measured number the issues ask for, in one run on this machine, with a
// summary table at the end. `npm run bench -- --quick` takes fewer rounds and skips the 2-hour
// memory check (a minute or two instead of several).
//   render speed and memory vs ecasound (plain) and ffmpeg (strips) · flat memory over a 2-hour
//   6-channel source · real-time DSP load, plain and full-strip track ceilings · loudness speed
//   vs ffmpeg · UI CPU, bytes, first frame · sample-rate conversion and FLAC over a 2-hour file ·
//   the worker's CPU and late blocks when playback converts 16 stereo tracks
// Peers (ecasound, ffmpeg) are optional: `apt-get install -y ecasound ffmpeg` to compare.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchRender } from './render.mjs';
import { benchStripRender } from './strip-render.mjs';
import { benchSendsRender } from './sends-render.mjs';
import { benchLongRender } from './long-render.mjs';
import { benchDspLoad, benchStripLoad } from './run-dsp-load.mjs';

const quick = process.argv.includes('--quick');
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const sec = (t) => `${t.seconds.toFixed(2)} s`;
const line = (s = '') => process.stdout.write(`${s}\n`);
const summary = [];
const row = (measure, ours, peer, ratio, goal) => summary.push([measure, ours, peer, ratio, goal]);

line(`dubdesk bench (${availableParallelism()} cores${quick ? ', quick' : ''}; numbers vary with load — compare within one run)`);
line();

line('1. Offline render: 16 mono 24-bit tracks × 120 s, gain and pan on each (medians of alternated rounds)');
const r = benchRender({ count: quick ? 2 : 5 });
line(`   dubdesk            ${sec(r.ours)}  (${r.ours.realtime.toFixed(0)}× real time), peak ${r.ours.peakMb.toFixed(0)} MB`);
line(`   dubdesk, 1 thread  ${sec(r.single)}, peak ${r.single.peakMb.toFixed(0)} MB`);
if (r.ecasound.seconds) {
	line(`   ecasound           ${sec(r.ecasound)}, peak ${r.ecasound.peakMb.toFixed(0)} MB`);
	line(`   ratio              ${(r.ours.seconds / r.ecasound.seconds).toFixed(2)}× ecasound's time (1 thread: ${(r.single.seconds / r.ecasound.seconds).toFixed(2)}×)`);
	row('plain render, 16 × 120 s', sec(r.ours), `ecasound ${sec(r.ecasound)}`, `${(r.ours.seconds / r.ecasound.seconds).toFixed(2)}×`, '≤ 0.5×');
	row('  the same, 1 thread', sec(r.single), '', `${(r.single.seconds / r.ecasound.seconds).toFixed(2)}×`, '≤ 0.76 s (before threads)');
} else {
	line(`   ecasound           skipped: ${r.ecasound.error}`);
	row('plain render, 16 × 120 s', sec(r.ours), 'skipped: ecasound not installed', '', '');
}
line();

line('2. Offline render with a strip on every track (hpf, 4 EQ bands, compressor), 16 × 120 s');
const s = benchStripRender({ count: quick ? 1 : 3 });
line(`   dubdesk            ${sec(s.ours)}, peak ${s.ours.peakMb.toFixed(0)} MB`);
line(`   dubdesk, 1 thread  ${sec(s.single)}`);
if (s.ffmpeg.seconds) {
	line(`   ffmpeg             ${sec(s.ffmpeg)}, peak ${s.ffmpeg.peakMb.toFixed(0)} MB`);
	line(`   ratio              ${(s.ours.seconds / s.ffmpeg.seconds).toFixed(2)}× ffmpeg's time (1 thread: ${(s.single.seconds / s.ffmpeg.seconds).toFixed(2)}×)`);
	row('strip render, 16 × 120 s', sec(s.ours), `ffmpeg ${sec(s.ffmpeg)}`, `${(s.ours.seconds / s.ffmpeg.seconds).toFixed(2)}×`, '≤ 0.3× (< 1×)');
} else {
	line(`   ffmpeg             ${s.ffmpeg.error}`);
	row('strip render, 16 × 120 s', sec(s.ours), s.ffmpeg.error, '', '');
}
line();

line('2b. Offline render, 16 × 120 s, every track sending to one convolution return (3 s stereo IR)');
const sd = benchSendsRender({ count: quick ? 1 : 3 });
line(`   without sends      ${sec(sd.plain)}`);
line(`   with the sends     ${sec(sd.sends)}, peak ${sd.sends.peakMb.toFixed(0)} MB`);
row('render with a convolution return', sec(sd.sends), `no sends ${sec(sd.plain)}`, `${(sd.sends.seconds / sd.plain.seconds).toFixed(1)}×`, '');
line();

line('2c. Reverb returns per 512-frame buffer at 48 kHz (bench/reverb.mjs)');
const rv = spawnSync(process.execPath, [here('./reverb.mjs'), quick ? '1' : '3'], { encoding: 'utf8' });
line(rv.stdout.trimEnd().split('\n').map((l) => `   ${l}`).join('\n'));
if (rv.status !== 0) line(`   failed: ${rv.stderr.trim().split('\n')[0]}`);
line();

line('3. Memory over session length: 6-channel 24-bit RF64 source, 10 min vs 2 h');
if (quick) line('   skipped (--quick)');
else for (const l of benchLongRender()) line(`   ${String(l.seconds / 60).padStart(3)} min  ${l.wall.toFixed(1)} s, peak ${l.peakMb.toFixed(0)} MB`);
line();

line('4. Real-time DSP load (worker render + meters, default 512-frame buffer)');
const d = await benchDspLoad();
line(`   16 plain tracks: mean ${pct(d.bench.mean)} of each buffer, p99 ${pct(d.bench.p99)}, with read-ahead/decode ${pct(d.bench.sustained)}`);
line(`   most plain tracks under 70 % sustained load: ${d.maxTracks}`);
const st = await benchStripLoad(quick ? 2 : 3);
const at = st.at ? ` (mean ${pct(st.at.mean)}, p99 ${pct(st.at.p99)}, with read-ahead ${pct(st.at.sustained)})` : '';
line(`   most tracks with a full strip (hpf, 4 bands, compressor, de-esser) in half of each buffer: ${st.maxTracks}${at}`);
row('real-time full-strip tracks, one core', String(st.maxTracks), '', '', '≥ 128');
line();

line('5. Loudness of a 10-minute stereo file vs ffmpeg ebur128=peak=true');
const lo = spawnSync(process.execPath, [here('./loudness.mjs')], { encoding: 'utf8' });
line(lo.stdout.trimEnd().split('\n').map((l) => `   ${l}`).join('\n'));
if (lo.status !== 0) line(`   failed: ${lo.stderr.trim().split('\n')[0]}`);
line();

line('6. Terminal UI with the 16-track demo playing');
if (existsSync(here('./ui.mjs'))) {
	const ui = spawnSync(process.execPath, [here('./ui.mjs')], { encoding: 'utf8' });
	line(ui.stdout.trimEnd().split('\n').map((l) => `   ${l}`).join('\n'));
	if (ui.status !== 0) line(`   failed: ${ui.stderr.trim().split('\n')[0]}`);
} else line('   (bench/ui.mjs not present)');
line();

line(`7. Sample-rate conversion vs libsamplerate (wasm), and ${quick ? '10-minute' : '2-hour'} 44.1 kHz WAV and FLAC files read through it`);
const rs = spawnSync(process.execPath, ['--expose-gc', here('./resample.mjs'), ...(quick ? ['--quick'] : [])], { encoding: 'utf8' });
line(rs.stdout.trimEnd().split('\n').map((l) => `   ${l}`).join('\n'));
if (rs.status !== 0) line(`   failed: ${rs.stderr.trim().split('\n')[0]}`);
const long = /long WAV 44.1→48\s+(\S+ s) \((\d+)×/.exec(rs.stdout);
if (long) row(`${quick ? '10 min' : '2 h'} stereo 44.1→48 kHz read`, `${long[1]} (${long[2]}×)`, '', '', 'memory flat');
line();

line(`7b. Playback in real time on the null device, 16 stereo tracks, 44.1 kHz media in a 48 kHz session vs 48 kHz media (${quick ? '15' : '55'} s each)`);
const rp = spawnSync(process.execPath, [here('./resample-playback.mjs'), ...(quick ? ['--quick'] : [])], { encoding: 'utf8' });
line(rp.stdout.trimEnd().split('\n').map((l) => `   ${l}`).join('\n'));
if (rp.status !== 0) line(`   failed: ${rp.stderr.trim().split('\n')[0]}`);
const playCpu = (label) => new RegExp(`${label}.*?worker CPU (\\S+ %).*?late blocks (\\d+)`).exec(rp.stdout);
const [conv, plain] = [playCpu('converted'), playCpu('no conversion')];
if (conv && plain) row('16 stereo tracks converted in playback', `worker ${conv[1]}, ${conv[2]} late`, `no conversion ${plain[1]}, ${plain[2]} late`, '', '0 late blocks');
line();

const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...[['measure', 'dubdesk', 'peer', 'ratio', 'goal'], ...summary].map((x) => x[i].length)));
const format = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
line(format(['measure', 'dubdesk', 'peer', 'ratio', 'goal']));
line(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const x of summary) line(format(x));
