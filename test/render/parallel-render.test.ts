// A render split across threads prints the same bytes as one on a single thread: the WAV files
// (master and stems) of printMix with 1 and 2 threads are compared byte for byte over sessions
// with plain tracks, strips, buses and stems, latency, automation, sidechain keys, aux sends into
// reverb returns, a 5.1 master, and dither with normalisation; every cut of a graph with buses and keys into two (and some
// into three) threads gives the same float64 bits as one renderer, with blocks small enough to
// go round the shared slots many times. The worker runs from a bundle built here from the
// sources under test (the CLI runs dist/render-worker.js).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { stringify } from 'yaml';
import { buildWav, makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { loadPlan } from '../../engine/session-plan.js';
import { printMix, type PrintJob } from '../../engine/render/print.js';
import { RenderAborted, renderOffline } from '../../engine/render/offline.js';
import { renderParallel } from '../../engine/render/parallel.js';
import { OFFLINE_STREAMS } from '../../engine/media/stream-set.js';
import type { MixPlan } from '../../engine/plan.js';
import { parseNormalizeTarget } from '../../engine/loudness/presets.js';
import { cli } from '../helpers/cli.js';

const SR = 48000;
const SECONDS = 1.5;
let dir: string;
let worker: string;
let previousWorker: string | undefined;

beforeAll(async () => {
	dir = await makeTempDir();
	await mkdir(join(dir, 'media'));
	worker = join(dir, 'render-worker.js');
	await esbuild.build({
		entryPoints: [new URL('../../engine/render/parallel-worker.ts', import.meta.url).pathname],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile: worker,
		logLevel: 'warning',
		banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
	});
	previousWorker = process.env.DUBDESK_RENDER_WORKER;
	process.env.DUBDESK_RENDER_WORKER = worker;
	await media('m1.wav', 'pcm', 24, [noise(SECONDS * SR, 1, 0.5)]);
	await media('m2.wav', 'float', 64, [noise(SECONDS * SR, 2, 0.8)]);
	await media('m3.wav', 'float', 32, [speech(SECONDS * SR, 3)]);
	await media('m4.wav', 'pcm', 16, [speech(SECONDS * SR, 4)]);
	await media('st.wav', 'float', 64, [noise(SECONDS * SR, 5, 0.4), speech(SECONDS * SR, 6)]);
	await media('six.wav', 'float', 32, Array.from({ length: 6 }, (_, c) => noise(SECONDS * SR, 7 + c, 0.3)));
	await media('zero.wav', 'float', 64, [new Array<number>(SR).fill(0)]);
	await media('ir.wav', 'float', 32, [noise(SR / 5, 11, 0.5).map((v, i) => v * Math.exp(-i / 1500))]);
}, 60_000);
afterAll(async () => {
	if (previousWorker === undefined) delete process.env.DUBDESK_RENDER_WORKER;
	else process.env.DUBDESK_RENDER_WORKER = previousWorker;
	await removeTempDir(dir);
});

function noise(frames: number, seed: number, level: number): number[] {
	let s = seed >>> 0 || 1;
	return Array.from({ length: frames }, () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return level * (s / 2 ** 31 - 1);
	});
}

/** Bursts with pauses, so gates, compressors and de-essers move. */
function speech(frames: number, seed: number): number[] {
	const n = noise(frames, seed, 1);
	return n.map((v, i) => {
		const t = i / SR;
		const env = Math.max(0, Math.sin(2 * Math.PI * 3 * t + seed)) ** 2;
		return 0.7 * env * (0.5 * v + 0.5 * Math.sin(2 * Math.PI * (200 + 50 * seed) * t));
	});
}

async function media(name: string, encoding: 'pcm' | 'float', bits: number, samples: number[][]): Promise<void> {
	const stored = encoding === 'float' ? samples : samples.map((ch) => ch.map((v) => Math.round(v * 2 ** (bits - 1))));
	await writeFile(join(dir, 'media', name), buildWav({ encoding, bits, samples: stored, sampleRate: SR }));
}

const clip = (file: string, extra: object = {}) => ({ file: `media/${file}`, at: 0, ...extra });

let sessions = 0;
async function planOf(doc: object): Promise<MixPlan> {
	const file = join(dir, `session-${sessions++}.yaml`);
	await writeFile(file, stringify({ dubdesk: 1, sampleRate: SR, ...doc }));
	return (await loadPlan(file)).plan;
}

/** The bytes of every file a print writes (master, then stems by name). */
async function printBytes(plan: MixPlan, threads: number, job: Partial<PrintJob> = {}): Promise<Buffer[]> {
	const out = join(dir, `out-${sessions}-${threads}`);
	await mkdir(out, { recursive: true });
	await printMix({ plan, output: join(out, 'mix.wav'), stemsDir: join(out, 'stems'), bitDepth: '32f', from: 0, to: plan.length + plan.tail, threads, ...job });
	const stems = plan.buses.length > 0 ? (await readdir(join(out, 'stems'))).sort() : [];
	return Promise.all([readFile(join(out, 'mix.wav')), ...stems.map((s) => readFile(join(out, 'stems', s)))]);
}

/** Master and stems of a render as float64 bytes, block by block. */
function collector(plan: MixPlan) {
	const chunks: Buffer[] = [];
	return {
		chunks,
		onBlock: (r: { master: Float64Array[]; bus(i: number): Float64Array[] }, frames: number) => {
			const arrays = [...r.master, ...plan.buses.flatMap((_, b) => r.bus(b))];
			for (const a of arrays) chunks.push(Buffer.from(a.buffer.slice(a.byteOffset, a.byteOffset + frames * 8)));
		},
	};
}

async function floatBits(plan: MixPlan, threads: number, blockFrames: number): Promise<{ bytes: Buffer; threads: number }> {
	const c = collector(plan);
	const result = await renderOffline(plan, { from: 0, to: plan.length + plan.tail, blockFrames, threads, onBlock: c.onBlock });
	return { bytes: Buffer.concat(c.chunks), threads: result.threads };
}

const speechStrip = {
	hpf: { freq: 90, slope: 18 },
	gate: { threshold: -40, range: -15 },
	eq: [
		{ type: 'lowShelf', freq: 150, gain: -2, q: 0.71 },
		{ type: 'bell', freq: 400, gain: -3, q: 1.4 },
		{ type: 'bell', freq: 3000, gain: 2.5, q: 1 },
		{ type: 'highShelf', freq: 9000, gain: 1.5, q: 0.71 },
	],
	compressor: { threshold: -24, ratio: 4, attack: 3, release: 80 },
	deesser: { freq: 5500, threshold: -35, range: -6 },
};

const cases: [string, object, Partial<PrintJob>?][] = [
	[
		'plain tracks: fades, clip gain, pans, polarity, mute, a stereo track, overlapping clips',
		{
			tracks: [
				{ id: 'a', gain: -3, pan: -0.4, clips: [clip('m1.wav', { fadeIn: 0.1, fadeOut: 0.3 })] },
				{ id: 'b', gain: -6, pan: 0.7, polarity: true, clips: [clip('m2.wav', { gain: -2, fadeShape: 'equal-power', fadeIn: 0.2 })] },
				{ id: 'c', pan: 1, clips: [clip('m3.wav', { at: 0.25, length: 0.5 }), clip('m4.wav', { at: 0.5, fadeIn: 0.05 })] },
				{ id: 'd', gain: -10, mute: true, clips: [clip('m4.wav')] },
				{ id: 'e', pan: 0.2, clips: [clip('st.wav', { offset: 0.1 })] },
				{ id: 'f', polarity: true, clips: [clip('zero.wav')] },
			],
		},
	],
	[
		'strips on every track (filters, gate, four bands, compressor, de-esser)',
		{
			tracks: [
				{ id: 'dx1', clips: [clip('m3.wav')], strip: speechStrip },
				{ id: 'dx2', pan: -0.3, clips: [clip('m4.wav')], strip: { ...speechStrip, trim: 4 } },
				{ id: 'fx', clips: [clip('m2.wav')], strip: { lpf: { freq: 6000, slope: 24 }, eq: [{ type: 'notch', freq: 1000, q: 4 }] } },
				{ id: 'st', clips: [clip('st.wav')], strip: { compressor: { threshold: -30, ratio: 8, knee: 0 } } },
				{ id: 'plain', gain: -4, clips: [clip('m1.wav')] },
			],
		},
	],
	[
		'buses feeding buses, bus strips, a muted bus, stems',
		{
			buses: [
				{ id: 'DX', gain: -1, strip: { compressor: { threshold: -20 } } },
				{ id: 'FOLEY', output: 'FX', gain: -3 },
				{ id: 'FX', strip: { eq: [{ type: 'bell', freq: 2000, gain: 4, q: 2 }] } },
				{ id: 'MX', mute: true },
			],
			tracks: [
				{ id: 'dx1', output: 'DX', clips: [clip('m3.wav')], strip: speechStrip },
				{ id: 'dx2', output: 'DX', clips: [clip('m4.wav')] },
				{ id: 'fol', output: 'FOLEY', clips: [clip('m1.wav')] },
				{ id: 'fx', output: 'FX', clips: [clip('m2.wav')], strip: { hpf: { freq: 200 } } },
				{ id: 'mx', output: 'MX', clips: [clip('st.wav')] },
				{ id: 'direct', clips: [clip('m1.wav', { at: 0.3 })] },
			],
		},
	],
	[
		'latency: limiters on a track, a bus and the master, and a bypassed strip with one',
		{
			master: { strip: { limiter: { ceiling: -6 } } },
			buses: [{ id: 'LIM', strip: { limiter: { ceiling: -9 } } }, { id: 'DRY' }],
			tracks: [
				{ id: 'a', output: 'LIM', clips: [clip('m2.wav')], strip: { limiter: { ceiling: -12 } } },
				{ id: 'b', output: 'LIM', clips: [clip('m1.wav')] },
				{ id: 'c', output: 'DRY', clips: [clip('m3.wav')], strip: { bypass: true, limiter: { ceiling: -1 } } },
				{ id: 'd', clips: [clip('m4.wav', { at: 0.2 })] },
				{ id: 'e', output: 'DRY', clips: [clip('st.wav')], strip: speechStrip },
			],
		},
	],
	[
		'automation of gain, pan, mute, strip parameters, send levels and a bus',
		{
			buses: [{ id: 'B', strip: { eq: [{ type: 'bell', freq: 1000, gain: 0, q: 1 }] }, automation: { gain: [[0, 0], [1, -6]], 'eq.0.gain': [[0, -6], [1.2, 6]] } }, { id: 'AUX' }],
			tracks: [
				{ id: 'a', clips: [clip('m1.wav')], automation: { gain: [[0, -3], [0.6, -20], [1.2, 0]], pan: [[0, -1], [1.5, 1]] } },
				{ id: 'b', output: 'B', clips: [clip('st.wav')], automation: { pan: [[0.2, 0.5], [0.9, -0.5]], mute: [[0.4, 1], [0.7, 0]] } },
				{ id: 'c', clips: [clip('m3.wav')], strip: speechStrip, sends: [{ to: 'AUX', gain: -6 }], automation: { gain: [[0, 0], [1, -12]], 'hpf.freq': [[0, 60], [1, 400]], 'compressor.threshold': [[0, -40], [1.2, -10]], 'send.AUX': [[0, -20], [0.8, 0]] } },
				{ id: 'd', output: 'B', clips: [clip('m4.wav')], automation: { mute: [[0, 0], [0.3, 1], [0.31, 0]] } },
			],
		},
	],
	[
		'sidechain keys: a bus keyed by a bus, a track keyed by a track, the master keyed by a bus',
		{
			master: { strip: { compressor: { key: 'MX', threshold: -40, ratio: 2 } } },
			buses: [{ id: 'DX' }, { id: 'MX', strip: { compressor: { key: 'DX', threshold: -35, ratio: 6 } } }],
			tracks: [
				{ id: 'dx', output: 'DX', clips: [clip('m3.wav')] },
				{ id: 'voice', clips: [clip('m4.wav')], pan: -0.5 },
				{ id: 'bed', output: 'MX', clips: [clip('st.wav')], strip: { compressor: { key: 'voice', threshold: -30, ratio: 4 } } },
				{ id: 'mx2', output: 'MX', clips: [clip('m2.wav')] },
				{ id: 'dx2', output: 'DX', clips: [clip('m1.wav')], strip: speechStrip },
			],
		},
	],
	[
		'aux sends (pre and post fader) into reverb returns, algorithmic and convolution, with their tails',
		{
			buses: [
				{ id: 'DX' },
				{ id: 'VERB', output: 'DX', reverb: { decay: 0.4, predelay: 8, size: 0.4, damping: 0.5, width: 1, mix: 1 }, strip: { lpf: { freq: 5000 } } },
				{ id: 'ROOM', reverb: { ir: 'media/ir.wav', predelay: 2, mix: 1 }, strip: { limiter: { ceiling: -12 } } },
			],
			tracks: [
				{ id: 'dx', output: 'DX', clips: [clip('m3.wav', { length: 0.8 })], sends: [{ to: 'VERB', gain: -10 }, { to: 'ROOM', gain: -6, pre: true }], strip: speechStrip },
				{ id: 'fx', clips: [clip('m2.wav', { length: 0.6 })], sends: [{ to: 'ROOM', gain: -12 }], strip: { limiter: { ceiling: -10 } } },
				{ id: 'st', pan: 0.3, clips: [clip('st.wav', { length: 0.7 })], sends: [{ to: 'VERB', gain: -3 }], automation: { pan: [[0, -1], [0.7, 1]] } },
				{ id: 'dry', clips: [clip('m1.wav', { length: 0.5 })] },
			],
		},
	],
	[
		'a 5.1 master: mono, stereo and 5.1 clips',
		{
			master: { format: '5.1' },
			buses: [{ id: 'S' }],
			tracks: [
				{ id: 'c', clips: [clip('m3.wav')] },
				{ id: 'l', pan: -0.6, clips: [clip('m1.wav')], strip: speechStrip },
				{ id: 'st', output: 'S', clips: [clip('st.wav')] },
				{ id: 'six', output: 'S', clips: [clip('six.wav')], automation: { pan: [[0, -1], [1, 1]] } },
			],
		},
	],
	[
		'16-bit dither with normalisation (measuring pass, print, limiter)',
		{
			buses: [{ id: 'DX' }],
			tracks: [
				{ id: 'a', output: 'DX', gain: 6, clips: [clip('m3.wav')], strip: speechStrip },
				{ id: 'b', gain: 3, clips: [clip('m2.wav')] },
				{ id: 'c', clips: [clip('m1.wav')] },
				{ id: 'd', output: 'DX', clips: [clip('m4.wav')] },
			],
		},
		{ bitDepth: '16', normalize: parseNormalizeTarget('-12') },
	],
	[
		'duckers: a bus keyed by a bus, a track keyed by a track (with a pre-fader send), duck lanes',
		{
			buses: [{ id: 'DX' }, { id: 'MX', duck: { key: 'DX', depth: -12, lookahead: 10 }, automation: { duck: [[0, 0], [1, -6]] } }, { id: 'AUX' }],
			tracks: [
				{ id: 'dx', output: 'DX', clips: [clip('m3.wav')] },
				{ id: 'voice', clips: [clip('m4.wav')], pan: -0.5 },
				{ id: 'bed', output: 'MX', clips: [clip('st.wav')], duck: { key: 'voice', threshold: -30, attack: 5, hold: 50, release: 100 }, sends: [{ to: 'AUX', gain: -6, pre: true }] },
				{ id: 'mx2', output: 'MX', clips: [clip('m2.wav')], automation: { gain: [[0, -3]], duck: [[0.2, 0], [0.4, -20]] } },
				{ id: 'dx2', output: 'DX', clips: [clip('m1.wav')] },
			],
		},
	],
];

describe('parallel offline render', () => {
	for (const [name, doc, job] of cases) {
		it(`prints the same WAV bytes on 1 and 2 threads: ${name}`, async () => {
			const plan = await planOf(doc);
			expect((await floatBits(plan, 2, 8192)).threads).toBe(2);
			const one = await printBytes(plan, 1, job);
			const two = await printBytes(plan, 2, job);
			expect(two.length).toBe(one.length);
			for (let i = 0; i < one.length; i++) expect(two[i]!.equals(one[i]!), `file ${i}`).toBe(true);
		});
	}

	it.each([
		['buses and keys', 5],
		['sends and reverb returns', 6],
		['duckers and duck lanes', 9],
	])('gives the same bits for every cut of a graph with %s into two threads, and cuts into three', async (_name, index) => {
		const plan = await planOf(cases[index]![1]);
		const block = 1000;
		const reference = await floatBits(plan, 1, block);
		expect(reference.threads).toBe(1);
		const n = plan.order.length;
		const cuts: { from: number; to: number }[][] = [];
		for (let k = 1; k < n; k++) cuts.push([{ from: 0, to: k }, { from: k, to: n }]);
		cuts.push([{ from: 0, to: 1 }, { from: 1, to: 3 }, { from: 3, to: n }], [{ from: 0, to: 2 }, { from: 2, to: n - 1 }, { from: n - 1, to: n }], [{ from: 0, to: n }, { from: n, to: n }]);
		for (const runs of cuts) {
			const c = collector(plan);
			await renderParallel(plan, { from: 0, to: plan.length + plan.tail, blockFrames: block, onBlock: c.onBlock }, runs, worker);
			expect(Buffer.concat(c.chunks).equals(reference.bytes), JSON.stringify(runs)).toBe(true);
		}
	});

	it('gives the same bits on 3 and 4 threads with latency and nested buses, in small blocks', async () => {
		const plan = await planOf(cases[3]![1]);
		const reference = await floatBits(plan, 1, 777);
		for (const threads of [3, 4]) {
			const got = await floatBits(plan, threads, 777);
			expect(got.threads).toBeGreaterThan(1);
			expect(got.bytes.equals(reference.bytes)).toBe(true);
		}
	});

	it('reports NaN media like a single-threaded render, counted over every clip of the file', async () => {
		const bad = noise(SR, 9, 0.5);
		bad[1234] = Number.NaN;
		bad[40000] = Number.POSITIVE_INFINITY;
		await media('bad.wav', 'float', 32, [bad]);
		// The first track is on a worker, the last on this thread: each meets one bad sample.
		const plan = await planOf({
			tracks: [
				{ id: 'a', clips: [clip('bad.wav', { length: 0.5 })], strip: speechStrip },
				{ id: 'b', clips: [clip('m1.wav')], strip: speechStrip },
				{ id: 'c', clips: [clip('m2.wav')] },
				{ id: 'd', clips: [clip('bad.wav', { at: 0.2, offset: 0.5 })] },
			],
		});
		const single = await printBytes(plan, 1).then(
			() => undefined,
			(e: Error) => e.message,
		);
		expect(single).toMatch(/2 NaN or infinite samples .* the first 0\.026 s/);
		await expect(printBytes(plan, 2)).rejects.toThrow(single!);
		// Printed as silence instead: the same count and the same bytes.
		const zeroed = async (threads: number) => {
			const out = join(dir, `zeroed-${threads}.wav`);
			const r = await printMix({ plan, output: out, bitDepth: '32f', from: 0, to: plan.length, threads, zeroNonFinite: true });
			return { count: r.nonFiniteSamples, bytes: await readFile(out) };
		};
		const [z1, z2] = [await zeroed(1), await zeroed(2)];
		expect(z1.count).toBe(2);
		expect(z2.count).toBe(z1.count);
		expect(z2.bytes.equals(z1.bytes)).toBe(true);
	});

	it('stops every thread when the render is aborted', async () => {
		const plan = await planOf(cases[1]![1]);
		const abort = new AbortController();
		let blocks = 0;
		const run = renderOffline(plan, {
			from: 0,
			to: plan.length,
			blockFrames: 512,
			threads: 2,
			signal: abort.signal,
			streams: OFFLINE_STREAMS,
			onBlock: () => {
				if (++blocks === 3) abort.abort();
			},
		});
		await expect(run).rejects.toBeInstanceOf(RenderAborted);
		expect(blocks).toBe(3);
		// The threads are gone: the next render runs normally.
		expect((await floatBits(plan, 2, 8192)).threads).toBe(2);
	});

	it('takes --threads N on the command line and refuses a bad count in one line', async () => {
		const doc = { tracks: ['m1.wav', 'm2.wav', 'm3.wav', 'm4.wav'].map((m, i) => ({ id: `t${i}`, clips: [clip(m)], strip: speechStrip })) };
		const file = join(dir, 'cli.yaml');
		await writeFile(file, stringify({ dubdesk: 1, sampleRate: SR, ...doc }));
		const outs = [join(dir, 'cli-1.wav'), join(dir, 'cli-2.wav')];
		expect((await cli(['render', file, '-o', outs[0]!, '--threads', '1'])).code).toBe(0);
		expect((await cli(['render', file, '-o', outs[1]!, '--threads', '2'])).code).toBe(0);
		expect((await readFile(outs[1]!)).equals(await readFile(outs[0]!))).toBe(true);
		for (const bad of ['0', '2.5', 'two', '33']) {
			const run = await cli(['render', file, '-o', join(dir, 'never.wav'), '--threads', bad]);
			expect(run.code).toBe(1);
			expect(run.stderr).toBe(`dubdesk: --threads ${bad}: expected a whole number from 1 to 32\n`);
		}
		const previous = process.env.DUBDESK_THREADS;
		process.env.DUBDESK_THREADS = 'many';
		try {
			const run = await cli(['render', file, '-o', join(dir, 'never.wav')]);
			expect(run.code).toBe(1);
			expect(run.stderr).toBe('dubdesk: DUBDESK_THREADS=many: expected a whole number from 1 to 32\n');
		} finally {
			if (previous === undefined) delete process.env.DUBDESK_THREADS;
			else process.env.DUBDESK_THREADS = previous;
		}
		await expect(readFile(join(dir, 'never.wav'))).rejects.toThrow(/ENOENT/);
	});
});
