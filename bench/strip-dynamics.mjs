// Cost of the strip's dynamics processors (gate, compressor, de-esser, limiter), ns per sample
// per channel, at 48 kHz in 512-frame buffers, bundled by esbuild as the worker is:
//   node bench/strip-dynamics.mjs [seconds per case]
// CPU time, not wall time (waiting for a core on a shared machine is not cost); the refill of
// the input buffers is measured alone and subtracted.
import { importBundled } from './bundle.mjs';

const entry = `
import { Gate } from './engine/dsp/dynamics/gate.js';
import { Compressor } from './engine/dsp/dynamics/compressor.js';
import { DeEsser } from './engine/dsp/dynamics/deesser.js';
import { StripLimiter } from './engine/dsp/dynamics/limiter.js';

const SR = 48000;
const FRAMES = 512;

const make = (P, values = {}) => () => {
	const p = new P();
	for (const [k, v] of Object.entries(values)) p.params[p.specs.findIndex((s) => s.name === k)] = v;
	return p;
};

/** [name, channels, make, move(processor, block), key?] */
const cases = [
	['compressor, defaults (-20 dB, 3:1), mono', 1, make(Compressor)],
	['compressor, defaults, stereo', 2, make(Compressor)],
	['compressor, under the knee (no gain to compute)', 1, make(Compressor, { threshold: 0 })],
	['compressor, threshold moving every buffer', 1, make(Compressor), (p, b) => (p.params[0] = -20 - (b % 10))],
	['compressor, keyed from another signal', 1, make(Compressor), null, true],
	['gate, defaults (-50 dB), mono', 1, make(Gate)],
	['gate, opening and closing (threshold -12)', 1, make(Gate, { threshold: -12, hold: 5, release: 20 })],
	['de-esser, defaults (6 kHz, -30 dB), mono', 1, make(DeEsser)],
	['de-esser, defaults, stereo', 2, make(DeEsser)],
	['de-esser, idle (threshold 0)', 1, make(DeEsser, { threshold: 0 })],
	['de-esser, freq moving every buffer', 1, make(DeEsser), (p, b) => (p.params[0] = 5000 + 100 * (b % 20))],
	['limiter, -1 dBTP, under the ceiling', 1, make(StripLimiter, { ceiling: -1 })],
	['limiter, -12 dBTP, limiting', 1, make(StripLimiter, { ceiling: -12 })],
	['limiter, -12 dBTP, limiting, stereo', 2, make(StripLimiter, { ceiling: -12 })],
];

// Speech-like: a low tone plus noise bursts whose envelope changes every 50 ms, peaks near -6 dBFS.
const source = (() => {
	let s = 1;
	const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
	let env = 0;
	return Float64Array.from({ length: SR }, (_, i) => {
		if (i % 2400 === 0) env = r() < 0.3 ? 0.003 : 0.4 * r();
		return Math.sin(i * 0.02) * env + (r() - 0.5) * env;
	});
})();
const keySource = Float64Array.from(source, (v, i) => source[(i * 7) % SR]);

function time(channels, proc, move, keyed, seconds) {
	proc?.configure(channels, SR, FRAMES);
	proc?.reset();
	const bufs = Array.from({ length: channels }, () => new Float64Array(FRAMES));
	const key = keyed ? [new Float64Array(FRAMES)] : null;
	let blocks = 0;
	const run = (n) => {
		for (let k = 0; k < n; k++, blocks++) {
			const o = (blocks * FRAMES) % (SR - FRAMES);
			for (const b of bufs) for (let i = 0; i < FRAMES; i++) b[i] = source[o + i];
			if (key) for (let i = 0; i < FRAMES; i++) key[0][i] = keySource[o + i];
			if (move) move(proc, blocks);
			if (proc) proc.process(bufs, FRAMES, key);
		}
	};
	run(2000); // warm up (optimised code)
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
	const copy = time(1, null, null, false, seconds);
	const rows = [['refill only (subtracted below)', copy]];
	for (const [name, channels, mk, move, keyed] of cases) rows.push([name, Math.max(0, time(channels, mk(), move, keyed, seconds) - copy)]);
	return rows;
}
`;

export async function benchStripDynamics(seconds = 1) {
	const { bench } = await importBundled('strip-dynamics', entry);
	return bench(seconds);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const rows = await benchStripDynamics(Number(process.argv[2] ?? 1));
	for (const [name, ns] of rows) console.log(`${ns.toFixed(2).padStart(7)} ns/sample/channel  ${name}`);
}
