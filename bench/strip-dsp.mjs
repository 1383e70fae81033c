// Cost of the channel strip's processors, ns per sample per channel, at 48 kHz in 512-frame
// buffers (the real-time default), bundled by esbuild as the worker is: node bench/strip-dsp.mjs
// The goal: a full mono strip (hpf, 4 bands, compressor, de-esser) under ~40 ns per sample, so
// that 128 such tracks fit in half of one core.
import { importBundled } from './bundle.mjs';

const entry = `
import { ButterworthFilter } from './engine/dsp/butterworth.js';
import { EqBand } from './engine/dsp/eq-band.js';
import { Trim } from './engine/dsp/trim.js';
import { Compressor } from './engine/dsp/dynamics/compressor.js';
import { DeEsser } from './engine/dsp/dynamics/deesser.js';

const SR = 48000;
const FRAMES = 512;

/** [name, channels, () => processors, move(processors, block)] */
const cases = [
	['trim 0 dB (bypass fast path)', 1, () => [trim(0)]],
	['trim -3 dB', 1, () => [trim(-3)]],
	['trim ramping (new target every buffer)', 1, () => [trim(-3)], (p, b) => (p[0].params[0] = (b % 2) * -6)],
	['hpf 12 dB/oct', 1, () => [filter('highpass', 80, 12)]],
	['hpf 24 dB/oct', 1, () => [filter('highpass', 80, 24)]],
	['lpf 18 dB/oct', 1, () => [filter('lowpass', 12000, 18)]],
	['hpf 12 dB/oct, corner moving', 1, () => [filter('highpass', 80, 12)], (p, b) => (p[0].params[0] = 60 + (b % 40))],
	['eq bell', 1, () => [band(0, 1000, 3, 1.4)]],
	['eq bell 0 dB (identity, skipped)', 1, () => [band(0, 1000, 0, 1.4)]],
	['eq bell, gain moving', 1, () => [band(0, 1000, 3, 1.4)], (p, b) => (p[0].params[2] = (b % 24) - 12)],
	['hpf 12 + 4 bands, mono', 1, strip],
	['hpf 12 + 4 bands, stereo', 2, strip],
	['full strip (hpf 12, 4 bands, compressor, de-esser, defaults), mono', 1, () => [...strip(), new Compressor(), new DeEsser()]],
];

function trim(db) {
	const t = new Trim();
	t.params[0] = db;
	return t;
}
function filter(kind, freq, slope) {
	const f = new ButterworthFilter(kind);
	f.params.set([freq, slope]);
	return f;
}
function band(type, freq, gain, q) {
	const b = new EqBand();
	b.params.set([type, freq, gain, q]);
	return b;
}
function strip() {
	return [filter('highpass', 80, 12), band(1, 120, -2, 0.71), band(0, 300, -3, 1.4), band(0, 3000, 2, 1), band(2, 10000, 1.5, 0.71)];
}

const source = Float64Array.from({ length: SR }, (_, i) => Math.sin(i * 0.05) * 0.3 + ((Math.imul(i, 2654435761) >>> 0) / 2 ** 32 - 0.5) * 0.2);

function time(channels, procs, move, seconds) {
	for (const p of procs) p.configure(channels, SR, FRAMES);
	const bufs = Array.from({ length: channels }, () => new Float64Array(FRAMES));
	let blocks = 0;
	const run = (n) => {
		for (let k = 0; k < n; k++, blocks++) {
			const o = (blocks * FRAMES) % (SR - FRAMES);
			for (const b of bufs) for (let i = 0; i < FRAMES; i++) b[i] = source[o + i];
			if (move) move(procs, blocks);
			for (const p of procs) p.process(bufs, FRAMES, null);
		}
	};
	run(2000); // warm up (optimised code)
	// CPU time, not wall time: on a shared machine waiting for a core is not cost.
	let done = 0;
	const c0 = process.cpuUsage();
	let used = 0;
	while (used < seconds * 1e6) {
		run(200);
		done += 200;
		const c = process.cpuUsage(c0);
		used = c.user + c.system;
	}
	return (used * 1000) / (done * FRAMES * channels);
}

export function bench(seconds = 1) {
	const copy = time(1, [], null, seconds);
	const rows = [['refill only (subtracted below)', copy]];
	for (const [name, channels, make, move] of cases) rows.push([name, Math.max(0, time(channels, make(), move, seconds) - copy)]);
	return rows;
}
`;

export async function benchStripDsp(seconds = 1) {
	const { bench } = await importBundled('strip-dsp', entry);
	return bench(seconds);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const rows = await benchStripDsp(Number(process.argv[2] ?? 1));
	for (const [name, ns] of rows) console.log(`${ns.toFixed(2).padStart(7)} ns/sample/channel  ${name}`);
}
