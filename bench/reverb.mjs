// Cost of the reverb returns at 48 kHz in 512-frame buffers (the real-time default), bundled by
// esbuild as the worker is: node bench/reverb.mjs [seconds]
// - one convolution return: a 3 s stereo IR on a stereo bus (CPU per buffer: the mean, and the
//   99th percentile and worst wall time of single buffers, which is where the 4096-sample
//   partition's work lands once every eight buffers);
// - one algorithmic return (stereo, defaults), steady and while its size glides;
// - both fed silence once their tails are gone (an idle return);
// - ns per 1024-point real FFT: ours (fft.js's complex radix-4 at half size, packed) against
//   fft.js's own realTransform and its complete-spectrum inverse.
import { importBundled } from './bundle.mjs';

const entry = `
import FFT from 'fft.js';
import { RealFft } from './engine/dsp/reverb/fft.js';
import { ConvolutionReverb } from './engine/dsp/reverb/convolution.js';
import { AlgorithmicReverb, FDN_SIZE } from './engine/dsp/reverb/fdn.js';
import { generateIr } from './engine/dsp/reverb/generate-ir.js';

const SR = 48000;
const FRAMES = 512;
const source = Float64Array.from({ length: SR }, (_, i) => Math.sin(i * 0.05) * 0.3 + ((Math.imul(i, 2654435761) >>> 0) / 2 ** 32 - 0.5) * 0.2);

/** CPU µs per buffer (mean) and wall µs of single buffers (p50, p99, max: a shared machine's preemption shows there) over \`seconds\` of CPU. */
function time(p, channels, seconds, { silent = false, move = null } = {}) {
	p.configure(channels, SR, FRAMES);
	const bufs = Array.from({ length: channels }, () => new Float64Array(FRAMES));
	let blocks = 0;
	const walls = [];
	const run = (n, record) => {
		for (let k = 0; k < n; k++, blocks++) {
			const o = (blocks * FRAMES) % (SR - FRAMES);
			for (const b of bufs) {
				if (silent) b.fill(0);
				else for (let i = 0; i < FRAMES; i++) b[i] = source[o + i];
			}
			if (move) move(p, blocks);
			const t0 = record ? process.hrtime.bigint() : 0n;
			p.process(bufs, FRAMES, null);
			if (record) walls.push(Number(process.hrtime.bigint() - t0) / 1000);
		}
	};
	run(1000, false);
	if (silent) {
		for (const b of bufs) b.fill(0);
		run(Math.ceil((60 * SR) / FRAMES), false); // a minute of silence: every tail is gone
	}
	let done = 0;
	const c0 = process.cpuUsage();
	let used = 0;
	while (used < seconds * 1e6) {
		run(128, true);
		done += 128;
		const c = process.cpuUsage(c0);
		used = c.user + c.system;
	}
	walls.sort((a, b) => a - b);
	return { mean: used / done, p50: walls[Math.floor(walls.length * 0.5)], p99: walls[Math.floor(walls.length * 0.99)], max: walls[walls.length - 1] };
}

function nsPerCall(fn, calls) {
	for (let i = 0; i < calls / 10; i++) fn();
	const t0 = process.hrtime.bigint();
	for (let i = 0; i < calls; i++) fn();
	return Number(process.hrtime.bigint() - t0) / calls;
}

export function bench(seconds = 2) {
	const rows = [];
	const hall = generateIr({ seconds: 3, rt60: 2.5, sampleRate: SR, channels: 2, seed: 2, brightness: 0.6 });
	rows.push(['convolution, 3 s stereo IR, stereo bus', time(new ConvolutionReverb({ file: 'hall', sampleRate: SR, channels: hall }), 2, seconds)]);
	rows.push(['convolution, idle (silence after the tail)', time(new ConvolutionReverb({ file: 'hall', sampleRate: SR, channels: hall }), 2, seconds / 2, { silent: true })]);
	rows.push(['algorithmic, stereo, defaults', time(new AlgorithmicReverb(), 2, seconds)]);
	rows.push(['algorithmic, stereo, size gliding', time(new AlgorithmicReverb(), 2, seconds, { move: (p, b) => { if (b % 200 === 0) p.params[FDN_SIZE] = (b / 200) % 2 ? 0.2 : 0.8; } })]);
	rows.push(['algorithmic, idle (silence after the tail)', time(new AlgorithmicReverb(), 2, seconds / 2, { silent: true })]);
	const n = 1024;
	const x = Float64Array.from({ length: n }, (_, i) => source[i]);
	const ours = new RealFft(n);
	const spec = new Float64Array(n + 2);
	const back = new Float64Array(n);
	const ref = new FFT(n);
	const full = new Float64Array(2 * n);
	const inv = new Float64Array(2 * n);
	const ffts = [
		['RealFft.forward (fft.js complex 512, packed)', nsPerCall(() => ours.forward(x, spec), 200000)],
		['RealFft.inverse (fft.js complex 512, packed)', nsPerCall(() => ours.inverse(spec, back), 200000)],
		['fft.js realTransform 1024 (forward only)', nsPerCall(() => ref.realTransform(full, x), 200000)],
		['fft.js completeSpectrum + inverseTransform 1024', nsPerCall(() => { ref.completeSpectrum(full); ref.inverseTransform(inv, full); }, 100000)],
	];
	return { rows, ffts };
}
`;

export async function benchReverb(seconds = 2) {
	const { bench } = await importBundled('reverb', entry);
	return bench(seconds);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const { rows, ffts } = await benchReverb(Number(process.argv[2] ?? 2));
	const budget = (512 / 48000) * 1e6;
	console.log(`per 512-frame buffer at 48 kHz (${budget.toFixed(0)} µs of audio):`);
	for (const [name, t] of rows) {
		console.log(`${t.mean.toFixed(1).padStart(8)} µs mean (${((100 * t.mean) / budget).toFixed(2)} % of a core)  wall p50 ${t.p50.toFixed(0)} µs  p99 ${t.p99.toFixed(0)} µs  max ${t.max.toFixed(0)} µs  ${name}`);
	}
	for (const [name, ns] of ffts) console.log(`${ns.toFixed(0).padStart(8)} ns  ${name}`);
}
