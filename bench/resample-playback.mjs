// The real-time cost of sample-rate conversion in playback. The converter runs in the engine
// worker's read-ahead, on the same thread as the audio loop, so what it costs is that thread's
// time and, if a refill held the thread too long, blocks that reach the device late. A 48 kHz
// session of 16 stereo tracks plays in real time on dubdesk's null device through the engine
// worker as the mixer runs it (bundled from the sources), once with 44.1 kHz media (every clip
// converted) and once with the same noise at 48 kHz (no conversion). Reported per run: the
// worker thread's CPU (from /proc), its event-loop busy share, the render's DSP load, late
// blocks (the loop monitor's output underruns), frames the read-ahead had not reached (disk
// underruns) and the longest gap between two buffers reaching the device.
// Run: node bench/resample-playback.mjs [--quick]   (quick: 15 s of play instead of 55 s)
import { Worker } from 'node:worker_threads';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bundle, importBundled } from './bundle.mjs';
import { pcmWavHeader } from './wav-header.mjs';

const TRACKS = 16;
const SESSION_RATE = 48000;
const BUFFER_FRAMES = 512;
/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** A stereo 16-bit WAV of white noise at −20 dBFS RMS or so, written in blocks. */
function writeNoise(file, rate, seconds, seed) {
	const frames = Math.round(rate * seconds);
	const fd = openSync(file, 'w');
	writeSync(fd, pcmWavHeader({ channels: 2, bits: 16, sampleRate: rate, frames }));
	const block = 1 << 16;
	const buf = Buffer.alloc(block * 4);
	let s = seed;
	for (let at = 0; at < frames; at += block) {
		const n = Math.min(block, frames - at);
		for (let i = 0; i < 2 * n; i++) {
			s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
			buf.writeInt16LE(Math.round((s / 2 ** 32 - 0.5) * 0.35 * 32767), i * 2);
		}
		writeSync(fd, buf, 0, n * 4);
	}
	closeSync(fd);
}

/** The session: TRACKS stereo tracks, one clip each, the same noise at `rate`. */
function writeSession(dir, rate, seconds) {
	const tracks = [];
	for (let i = 0; i < TRACKS; i++) {
		const name = `n${rate}-${i + 1}.wav`;
		writeNoise(join(dir, name), rate, seconds, i + 1);
		tracks.push(`  - { id: t${i + 1}, gain: -12, clips: [{ file: ${name}, at: 0 }] }`);
	}
	const file = join(dir, `session-${rate}.yaml`);
	writeFileSync(file, `dubdesk: 1\nname: resample playback ${rate}\nsampleRate: ${SESSION_RATE}\ntracks:\n${tracks.join('\n')}\n`);
	return file;
}

/**
 * The engine worker as the mixer runs it, plus a 1 ms timer that notes how late it runs (how
 * long something held the thread, or the OS did not run it): the longest hold and the holds
 * over 5 and 10 ms, posted once a second.
 */
const WORKER_ENTRY = `import { parentPort } from 'node:worker_threads';
import './engine/worker/engine-worker.ts';
let last = performance.now();
let longest = 0;
let over5 = 0;
let over10 = 0;
setInterval(() => {
	const now = performance.now();
	const held = now - last - 1;
	last = now;
	if (held > longest) longest = held;
	if (held > 5) over5++;
	if (held > 10) over10++;
}, 1).unref();
setInterval(() => {
	parentPort!.postMessage({ type: 'bench:holds', longest, over5, over10 });
	longest = over5 = over10 = 0;
}, 1000).unref();`;

const threads = () => new Set(readdirSync('/proc/self/task'));

/** CPU seconds thread `tid` of this process has used (user + system). */
function threadCpu(tid) {
	const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** Plays `sessionFile` for `seconds` in a fresh engine worker on the null device and measures it. */
async function play(m, workerFile, sessionFile, seconds) {
	const session = await m.loadSession(sessionFile);
	const shared = m.SharedState.create();
	const before = threads();
	const worker = new Worker(workerFile, { workerData: { shared: shared.buffer, bufferFrames: BUFFER_FRAMES } });
	const events = [];
	const waiters = [];
	worker.on('message', (e) => {
		events.push(e);
		if (e.type === 'error') console.error(`engine: ${e.message}`);
		for (const w of [...waiters]) if (w.test(e)) {
			waiters.splice(waiters.indexOf(w), 1);
			w.resolve(e);
		}
	});
	const waitFor = (test) => {
		const hit = events.find(test);
		return hit ? Promise.resolve(hit) : new Promise((resolve) => waiters.push({ test, resolve }));
	};
	await waitFor((e) => e.type === 'ready');
	const fresh = [...threads()].filter((t) => !before.has(t));
	// The worker is the one thread that appeared (the libuv pool was started beforehand).
	const tid = fresh.length === 1 ? fresh[0] : undefined;
	worker.postMessage({ type: 'device', device: 'null' });
	worker.postMessage({ type: 'load', session, sessionFile });
	await waitFor((e) => e.type === 'loaded' || e.type === 'error');
	const t0 = performance.now();
	worker.postMessage({ type: 'play' });
	while (shared.seconds === 0 && performance.now() - t0 < 5000) await sleep(1);
	const primeMs = performance.now() - t0;
	// From here on the loop is playing: measure the window.
	const cpu0 = tid ? threadCpu(tid) : NaN;
	const elu0 = worker.performance.eventLoopUtilization();
	const under0 = shared.outputUnderruns;
	const pos0 = shared.seconds;
	const w0 = performance.now();
	events.length = 0;
	let seq = shared.seq;
	let last = w0;
	let longestGap = 0;
	let late = under0;
	const lateAt = [];
	while (performance.now() - w0 < seconds * 1000) {
		await sleep(1);
		const s = shared.seq;
		if (s === seq) continue;
		const now = performance.now();
		longestGap = Math.max(longestGap, now - last);
		last = now;
		seq = s;
		if (shared.outputUnderruns !== late) {
			late = shared.outputUnderruns;
			lateAt.push(Number(((now - w0) / 1000).toFixed(2)));
		}
	}
	const holds = events.filter((e) => e.type === 'bench:holds');
	const wall = (performance.now() - w0) / 1000;
	const cpu = tid ? (threadCpu(tid) - cpu0) / wall : NaN;
	const elu = worker.performance.eventLoopUtilization(elu0).utilization;
	const result = {
		primeMs,
		cpu,
		elu,
		dsp: shared.dspLoad,
		lateBlocks: shared.outputUnderruns - under0,
		lateBeforeWindow: under0,
		diskUnderrunFrames: shared.diskUnderruns,
		longestGapMs: longestGap,
		/** Seconds into the window where late blocks were seen. */
		lateAt,
		/** The worker's thread: its longest hold, and how many times it was held over 5 and 10 ms. */
		holdMaxMs: Math.max(...holds.map((h) => h.longest)),
		holdsOver5: holds.reduce((n, h) => n + h.over5, 0),
		holdsOver10: holds.reduce((n, h) => n + h.over10, 0),
		bufferMs: (BUFFER_FRAMES / SESSION_RATE) * 1000,
		speed: (shared.seconds - pos0) / wall,
	};
	worker.postMessage({ type: 'stop' });
	worker.postMessage({ type: 'close' });
	await Promise.race([waitFor((e) => e.type === 'closed'), sleep(3000)]);
	await worker.terminate();
	return result;
}

export async function benchResamplePlayback({ quick = false } = {}) {
	const seconds = quick ? 15 : 55;
	const m = await importBundled('resample-playback', `export { loadSession } from './sessions/load.ts';
export { SharedState } from './engine/worker/shared-state.ts';`, { require: true });
	const workerFile = await bundle('resample-playback-worker', WORKER_ENTRY, { require: true, external: ['naudiodon', '@julusian/midi'] });
	const dir = mkdtempSync(join(tmpdir(), 'dubdesk-resample-play-'));
	try {
		const converted = writeSession(dir, 44100, seconds + 5);
		const native = writeSession(dir, 48000, seconds + 5);
		// Start the libuv pool now, so the worker is the only thread a run adds.
		await import('node:fs/promises').then((fs) => fs.readFile(converted));
		return {
			seconds,
			converted: await play(m, workerFile, converted, seconds),
			native: await play(m, workerFile, native, seconds),
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const r = await benchResamplePlayback({ quick: process.argv.includes('--quick') });
	const pct = (x) => `${(x * 100).toFixed(1)} %`;
	const show = (x) =>
		`worker CPU ${pct(x.cpu)} (event loop busy ${pct(x.elu)}), DSP load ${pct(x.dsp.load)} (max ${pct(x.dsp.max)}), late blocks ${x.lateBlocks}${x.lateAt.length ? ` (at ${x.lateAt.join(', ')} s)` : ''}, worker held ${x.holdsOver5}× over 5 ms, ${x.holdsOver10}× over 10 ms (longest ${x.holdMaxMs.toFixed(1)} ms), disk underrun frames ${x.diskUnderrunFrames}, longest gap ${x.longestGapMs.toFixed(1)} ms (buffer ${x.bufferMs.toFixed(1)} ms), primed in ${x.primeMs.toFixed(0)} ms, speed ${x.speed.toFixed(3)}`;
	console.log(`${TRACKS} stereo tracks, ${SESSION_RATE / 1000} kHz session, ${BUFFER_FRAMES}-frame buffer, ${r.seconds} s on the null device`);
	console.log(`44.1 kHz media (converted)  ${show(r.converted)}`);
	console.log(`48 kHz media (no conversion) ${show(r.native)}`);
}
