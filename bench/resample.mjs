// Sample-rate conversion and FLAC: dubdesk's windowed-sinc converter against libsamplerate
// (compiled to wasm, @alexanderolsen/libsamplerate-js, if it can be loaded: `npm i --no-save
// @alexanderolsen/libsamplerate-js`, or LIBSAMPLERATE_JS=/path/to/libsamplerate.js) for speed
// and quality, then a 2-hour file through the read-ahead's path (time and memory, which must
// stay flat): a sparse 44.1 kHz WAV converted to 48 kHz, and a 2-hour FLAC made by ffmpeg.
// Run: node --expose-gc bench/resample.mjs [--quick]   (quick: 10 minutes instead of 2 hours)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBundled } from './bundle.mjs';

const mb = (n) => n / 2 ** 20;

/** The code as it ships (with a require for the decoder's CommonJS parts). */
function loadOurs() {
	return importBundled(
		'resample',
		`export { StreamResampler } from './engine/media/resample.ts';
export { WavPlanarSource } from './engine/media/planar-source.ts';
export { FlacReader } from './engine/media/flac-reader.ts';
export { WavReader } from './engine/media/wav-reader.ts';
export { rf64Header } from './test/helpers/wav-bytes.ts';`,
		{ require: true },
	);
}

function loadLibsamplerate() {
	const require = createRequire(import.meta.url);
	for (const id of [process.env.LIBSAMPLERATE_JS, '@alexanderolsen/libsamplerate-js']) {
		if (!id) continue;
		try {
			return require(id);
		} catch {
			// try the next
		}
	}
	return undefined;
}

const noise = (n, seed = 1) => {
	const x = new Float32Array(n);
	for (let i = 0; i < n; i++) {
		seed = (seed * 1103515245 + 12345) >>> 0;
		x[i] = (seed / 2 ** 32 - 0.5) * 0.5;
	}
	return x;
};
const tone = (f, rate, n) => Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * i) / rate));

/** Level error (dB) of the fitted tone and everything else (dB re the tone) in y[a, b) for a tone of f at rate. */
function toneFit(y, f, rate, a, b) {
	let ys = 0;
	let yc = 0;
	let ss = 0;
	let cc = 0;
	let sc = 0;
	for (let i = a; i < b; i++) {
		const s = Math.sin((2 * Math.PI * f * i) / rate);
		const c = Math.cos((2 * Math.PI * f * i) / rate);
		ys += y[i] * s;
		yc += y[i] * c;
		ss += s * s;
		cc += c * c;
		sc += s * c;
	}
	const det = ss * cc - sc * sc;
	const p = (ys * cc - yc * sc) / det;
	const q = (yc * ss - ys * sc) / det;
	let rest = 0;
	for (let i = a; i < b; i++) rest += (y[i] - p * Math.sin((2 * Math.PI * f * i) / rate) - q * Math.cos((2 * Math.PI * f * i) / rate)) ** 2;
	const amp = Math.hypot(p, q);
	return { levelDb: 20 * Math.log10(amp / 0.5), restDb: 10 * Math.log10(rest / (b - a) / (amp * amp / 2)) };
}
const rmsDb = (y, a, b, ref) => {
	let e = 0;
	for (let i = a; i < b; i++) e += y[i] * y[i];
	return 10 * Math.log10(e / (b - a) / ref);
};

/** ours: mono or planar channels through StreamResampler. */
async function oursConvert(m, channels, from, to) {
	const src = {
		channels: channels.length,
		frames: channels[0].length,
		nonFiniteSamples: 0,
		close: async () => {},
		read(at, n, dest, off) {
			const got = Math.max(0, Math.min(n, channels[0].length - at));
			for (let c = 0; c < channels.length; c++) dest[c].set(channels[c].subarray(at, at + got), off);
			return got;
		},
	};
	const r = new m.StreamResampler(src, from, to);
	const out = channels.map(() => new Float32Array(r.frames));
	for (let at = 0; at < r.frames; ) at += await r.read(at, 8192, out, at);
	return out;
}

/** libsamplerate: interleaved, streamed in 8192-frame chunks as a read-ahead would. */
async function lsrConvert(lsr, type, channels, from, to) {
	const src = await lsr.create(channels.length, from, to, { converterType: type });
	const n = channels[0].length;
	const out = channels.map(() => []);
	const chunk = 8192;
	const inter = new Float32Array(chunk * channels.length);
	for (let at = 0; at < n; at += chunk) {
		const k = Math.min(chunk, n - at);
		for (let i = 0; i < k; i++) for (let c = 0; c < channels.length; c++) inter[i * channels.length + c] = channels[c][at + i];
		const y = src.full(inter.subarray(0, k * channels.length));
		for (let c = 0; c < channels.length; c++) {
			const o = new Float32Array(y.length / channels.length);
			for (let i = 0; i < o.length; i++) o[i] = y[i * channels.length + c];
			out[c].push(o);
		}
	}
	src.destroy();
	return out.map((parts) => {
		const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
		let p = 0;
		for (const x of parts) {
			all.set(x, p);
			p += x.length;
		}
		return all;
	});
}

async function quality(convert) {
	const n = 44100;
	const [up] = await convert([tone(20000, 44100, n)], 44100, 48000);
	const pass = toneFit(up, 20000, 48000, 4000, up.length - 4000);
	const [down] = await convert([tone(23000, 48000, n)], 48000, 44100);
	const alias = rmsDb(down, 4000, down.length - 4000, 0.125);
	return { passDb: pass.levelDb, imagesDb: pass.restDb, aliasDb: alias };
}

async function speed(convert, seconds) {
	const x = [noise(44100 * seconds, 3), noise(44100 * seconds, 5)];
	const t0 = performance.now();
	await convert(x, 44100, 48000);
	const t = (performance.now() - t0) / 1000;
	return seconds / t;
}

export async function benchResample({ quick = false } = {}) {
	const m = await loadOurs();
	const lsr = loadLibsamplerate();
	const result = { ours: {}, lsr: {}, long: {}, flac: {} };
	const secs = quick ? 10 : 30;
	result.ours = { ...(await quality((c, f, t) => oursConvert(m, c, f, t))), realtime: await speed((c, f, t) => oursConvert(m, c, f, t), secs) };
	if (lsr) {
		for (const [name, type] of [['best', lsr.ConverterType.SRC_SINC_BEST_QUALITY], ['medium', lsr.ConverterType.SRC_SINC_MEDIUM_QUALITY]]) {
			const conv = (c, f, t) => lsrConvert(lsr, type, c, f, t);
			result.lsr[name] = { ...(await quality(conv)), realtime: await speed(conv, secs) };
		}
	} else result.lsr.error = 'not installed (npm i --no-save @alexanderolsen/libsamplerate-js)';

	// The read-ahead's path over a long file: sparse RF64 at 44.1 kHz, stereo 24-bit, to 48 kHz.
	const hours = quick ? 1 / 6 : 2;
	const dir = mkdtempSync(join(tmpdir(), 'dubdesk-resample-'));
	try {
		const frames = Math.round(hours * 3600 * 44100);
		const path = join(dir, 'long.wav');
		const header = m.rf64Header({ encoding: 'pcm', bits: 24, channels: 2, sampleRate: 44100, dataBytes: frames * 6 });
		const h = await open(path, 'w');
		await h.write(header, 0, header.length, 0);
		await h.truncate(header.length + frames * 6);
		await h.close();
		const reader = await m.WavReader.open(path);
		const src = new m.WavPlanarSource(reader, () => reader.close(), true, 'zero', 1 << 15);
		result.long = await stream(new m.StreamResampler(src, 44100, 48000), hours);
		await src.close();

		const ff = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' });
		if (ff.status === 0) {
			const flac = join(dir, 'long.flac');
			const t0 = performance.now();
			const made = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', `sine=f=997:r=44100:d=${hours * 3600}`, '-f', 'lavfi', '-i', `anoisesrc=r=44100:a=0.01:d=${hours * 3600}`, '-filter_complex', 'amix=inputs=2,pan=stereo|c0=c0|c1=c0', '-c:a', 'flac', flac], { stdio: 'ignore' });
			if (made.status !== 0) result.flac.error = 'ffmpeg could not make the file';
			else {
				const bytes = statSync(flac).size;
				const madeIn = (performance.now() - t0) / 1000;
				const fr = await m.FlacReader.open(flac, { blocking: true });
				result.flac = { ...(await stream(fr, hours)), mb: mb(bytes), madeIn };
				await fr.close();
				const fr2 = await m.FlacReader.open(flac, { blocking: true });
				result.flacResampled = await stream(new m.StreamResampler(fr2, 44100, 48000), hours);
				await fr2.close();
			}
		} else result.flac.error = 'ffmpeg not installed';
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	return result;
}

/** Reads a planar source to its end in 8192-frame reads (a real-time refill), sampling RSS. */
async function stream(source, hours) {
	const dest = Array.from({ length: source.channels }, () => new Float32Array(8192));
	globalThis.gc?.();
	const rss0 = process.memoryUsage().rss;
	let peak = rss0;
	const t0 = performance.now();
	let k = 0;
	for (let at = 0; at < source.frames; k++) {
		const got = await source.read(at, 8192, dest, 0);
		if (got === 0) break;
		at += got;
		if (k % 512 === 0) peak = Math.max(peak, process.memoryUsage().rss);
	}
	const seconds = (performance.now() - t0) / 1000;
	globalThis.gc?.();
	return { seconds, realtime: (hours * 3600) / seconds, rssStartMb: mb(rss0), rssPeakMb: mb(peak), rssEndMb: mb(process.memoryUsage().rss) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const r = await benchResample({ quick: process.argv.includes('--quick') });
	const q = (x) => `20 kHz level ${x.passDb.toFixed(4)} dB, images ${x.imagesDb.toFixed(1)} dB, 23 kHz alias ${x.aliasDb.toFixed(1)} dB, ${x.realtime.toFixed(0)}× real time (stereo 44.1→48)`;
	console.log(`dubdesk sinc        ${q(r.ours)}`);
	if (r.lsr.error) console.log(`libsamplerate       ${r.lsr.error}`);
	else for (const k of ['best', 'medium']) console.log(`libsamplerate ${k.padEnd(6)}${q(r.lsr[k])}`);
	const s = (x) => `${x.seconds.toFixed(1)} s (${x.realtime.toFixed(0)}× real time), RSS ${x.rssStartMb.toFixed(0)} → peak ${x.rssPeakMb.toFixed(0)} → ${x.rssEndMb.toFixed(0)} MB`;
	console.log(`long WAV 44.1→48    ${s(r.long)}`);
	if (r.flac.error) console.log(`long FLAC           ${r.flac.error}`);
	else {
		console.log(`long FLAC decode    ${s(r.flac)} (file ${r.flac.mb.toFixed(0)} MB, made in ${r.flac.madeIn.toFixed(0)} s)`);
		console.log(`long FLAC 44.1→48   ${s(r.flacResampled)}`);
	}
}
