// Aux sends: pre- and post-fader taps against a reference mix written here, mute and solo,
// live levels, latency compensation across the paths a send opens, and routing errors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { maxDiff, noise, renderDoc, writeMedia } from '../helpers/render-session.js';
import { loadPlan } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';
import { loadSession } from '../../sessions/load.js';

const SR = 48000;
let dir: string;
beforeEach(async () => {
	dir = await makeTempDir();
	await mkdir(join(dir, 'media'));
});
afterEach(async () => removeTempDir(dir));

const media = (name: string, signal: number[][]) => writeMedia(dir, name, signal, SR);
const render = (doc: object, blockFrames = 4096) => renderDoc(dir, doc, SR, blockFrames);

const db = (x: number) => 10 ** (x / 20);
/** Constant-power pan of a mono source. */
const panGains = (pan: number) => [Math.cos(((pan + 1) * Math.PI) / 4), Math.sin(((pan + 1) * Math.PI) / 4)];

describe('sends', () => {
	it('a post-fader send is the panned track after its fader, a pre-fader send before it; the dry path is unchanged', async () => {
		// Float media is read as float32.
		const x = noise(8000, 3).map(Math.fround);
		await media('a.wav', [x]);
		const track = { id: 'a', gain: -6, pan: -0.4, output: 'DX', clips: [{ file: 'media/a.wav', at: 0 }] };
		const { stems: dry } = await render({ buses: [{ id: 'DX' }, { id: 'POST' }, { id: 'PRE' }], tracks: [track] });
		const { stems } = await render({
			buses: [{ id: 'DX' }, { id: 'POST' }, { id: 'PRE' }],
			tracks: [{ ...track, sends: [{ to: 'POST', gain: -10 }, { to: 'PRE', gain: -3, pre: true }] }],
		});
		const [l, r] = panGains(-0.4);
		const post = (ch: number, g: number) => x.map((v) => v * db(-6) * (ch === 0 ? l! : r!) * g);
		const pre = (ch: number, g: number) => x.map((v) => v * (ch === 0 ? l! : r!) * g);
		for (const ch of [0, 1]) {
			expect(maxDiff(stems.POST![ch]!, post(ch, db(-10)))).toBeLessThan(1e-12);
			expect(maxDiff(stems.PRE![ch]!, pre(ch, db(-3)))).toBeLessThan(1e-12);
			expect(stems.DX![ch]).toEqual(dry.DX![ch]);
		}
	});

	it("a muted track's sends are silent, pre-fader ones too; a soloed track keeps its sends", async () => {
		await media('a.wav', [noise(4000, 1)]);
		await media('b.wav', [noise(4000, 2)]);
		const sends = [{ to: 'VERB', gain: -6 }, { to: 'CUE', pre: true }];
		const base = { buses: [{ id: 'VERB' }, { id: 'CUE' }] };
		const muted = await render({ ...base, tracks: [{ id: 'a', mute: true, sends, clips: [{ file: 'media/a.wav', at: 0 }] }] });
		expect(Math.max(...muted.stems.VERB![0]!.map(Math.abs), ...muted.stems.CUE![0]!.map(Math.abs))).toBe(0);
		const solo = await render({
			...base,
			tracks: [
				{ id: 'a', solo: true, sends, clips: [{ file: 'media/a.wav', at: 0 }] },
				{ id: 'b', sends, clips: [{ file: 'media/b.wav', at: 0 }] },
			],
		});
		const alone = await render({ ...base, tracks: [{ id: 'a', sends, clips: [{ file: 'media/a.wav', at: 0 }] }] });
		expect(solo.stems.VERB).toEqual(alone.stems.VERB);
		expect(solo.stems.CUE).toEqual(alone.stems.CUE);
	});

	it('a send switched off, or at −∞, sends nothing', async () => {
		await media('a.wav', [noise(3000, 4)]);
		for (const send of [{ to: 'VERB', on: false }, { to: 'VERB', gain: -Infinity }]) {
			const file = join(dir, 's.yaml');
			await writeFile(file, stringify({ dubdesk: 1, sampleRate: SR, buses: [{ id: 'VERB' }], tracks: [{ id: 'a', sends: [send], clips: [{ file: 'media/a.wav', at: 0 }] }] }));
			const { plan } = await loadPlan(file);
			let peak = 0;
			await renderOffline(plan, { from: 0, to: plan.length, onBlock: (r, frames) => { for (let i = 0; i < frames; i++) peak = Math.max(peak, Math.abs(r.bus(0)[0]![i]!)); } });
			expect(peak).toBe(0);
		}
	});

	it('a limiter on the return does not move the send against the dry path (latency compensated)', async () => {
		const click = Array.from({ length: 2000 }, (_, i) => (i === 50 ? 0.25 : 0));
		await media('c.wav', [click]);
		const { master, stems } = await render({
			buses: [{ id: 'VERB', strip: { limiter: { ceiling: -1 } } }],
			tracks: [{ id: 'a', pan: -1, sends: [{ to: 'VERB', gain: -6 }], clips: [{ file: 'media/c.wav', at: 0.05 }] }],
		});
		const at = Math.round(0.05 * SR) + 50;
		const hits = master[0]!.flatMap((v, i) => (Math.abs(v) > 1e-9 ? [i] : []));
		expect(hits).toEqual([at]);
		expect(master[0]![at]).toBeCloseTo(0.25 * (1 + db(-6)), 12);
		expect(stems.VERB![0]!.findIndex((v) => v !== 0)).toBe(at);
	});

	it('prints the same bits whatever the block size, with pre and post sends and pan automation', async () => {
		await media('a.wav', [noise(20000, 9)]);
		const doc = {
			buses: [{ id: 'VERB', strip: { limiter: { ceiling: -6 } } }, { id: 'PRE' }],
			tracks: [
				{
					id: 'a',
					sends: [{ to: 'VERB', gain: -3 }, { to: 'PRE', pre: true, gain: -9 }],
					automation: { pan: [[0, -1], [0.4, 1]], gain: [[0, 0], [0.3, -12]] },
					clips: [{ file: 'media/a.wav', at: 0 }],
				},
			],
		};
		expect((await render(doc, 333)).master).toEqual((await render(doc, 4096)).master);
	});
});

describe('send routing in the session', () => {
	const write = async (doc: object) => {
		const file = join(dir, 'r.yaml');
		await writeFile(file, stringify({ dubdesk: 1, ...doc }));
		return file;
	};
	it('refuses a send to no bus, and a second send to the same bus', async () => {
		await expect(loadSession(await write({ buses: [{ id: 'VERB' }], tracks: [{ id: 'a', sends: [{ to: 'HALL' }] }] }))).rejects.toThrow(/tracks\[0\]\.sends\[0\]\.to: no bus "HALL" to send to/);
		await expect(loadSession(await write({ buses: [{ id: 'VERB' }], tracks: [{ id: 'a', sends: [{ to: 'VERB' }, { to: 'VERB' }] }] }))).rejects.toThrow(/tracks\[0\]\.sends\[1\]\.to: a second send to VERB/);
	});
	it('names the whole loop a send closes with a key', async () => {
		// a sends to VERB, VERB feeds DX, and a's compressor is keyed by DX.
		const doc = { buses: [{ id: 'VERB', output: 'DX' }, { id: 'DX' }], tracks: [{ id: 'a', output: 'master', sends: [{ to: 'VERB' }], strip: { compressor: { key: 'DX' } } }] };
		await expect(loadSession(await write(doc))).rejects.toThrow(/routing cycle: a → VERB → DX → a|routing cycle: DX → a → VERB → DX/);
	});
});

describe('returns', () => {
	it('a convolution return prints the exact convolution of what is sent to it, on through its tail', async () => {
		const x = noise(3000, 12).map(Math.fround);
		await media('a.wav', [x]);
		// A short stereo IR, its own decay; the return is the IR's convolution of the panned send.
		const ir = [0, 1].map((c) => Array.from({ length: 2400 }, (_, i) => Math.fround(0.5 * Math.exp(-i / 300) * Math.sin(0.37 * i + c))));
		await media('ir.wav', ir);
		const { master, stems } = await render({
			buses: [{ id: 'VERB', reverb: { ir: 'media/ir.wav', mix: 1 } }],
			tracks: [{ id: 'a', pan: -1, output: 'master', sends: [{ to: 'VERB', gain: 0, pre: true }], clips: [{ file: 'media/a.wav', at: 0 }] }],
		});
		// The print runs past the clip by the IR's length (its tail).
		expect(master[0]!.length).toBe(3000 + 2400);
		const direct = (c: number, n: number) => {
			let sum = 0;
			for (let k = Math.max(0, n - 2399); k <= Math.min(n, 2999); k++) sum += x[k]! * ir[c]![n - k]!;
			return sum;
		};
		let worst = 0;
		for (const n of [0, 1, 77, 512, 1023, 2999, 3000, 4000, 5398]) {
			// Hard left: only the left channel is sent, and channel i is convolved with IR channel i.
			worst = Math.max(worst, Math.abs(stems.VERB![0]![n]! - direct(0, n)), Math.abs(stems.VERB![1]![n]!));
		}
		expect(20 * Math.log10(worst + 1e-30)).toBeLessThan(-100);
	});

	it('a return feeding DX is inside the DX stem, and the stems still sum to the master', async () => {
		await media('a.wav', [noise(4800, 8)]);
		await media('m.wav', [noise(4800, 9)]);
		const { master, stems } = await render({
			buses: [{ id: 'ROOM', output: 'DX', reverb: { decay: 0.3 } }, { id: 'DX' }, { id: 'MX' }],
			tracks: [
				{ id: 'a', output: 'DX', sends: [{ to: 'ROOM', gain: -3 }], clips: [{ file: 'media/a.wav', at: 0 }] },
				{ id: 'm', output: 'MX', clips: [{ file: 'media/m.wav', at: 0 }] },
			],
		});
		for (const c of [0, 1]) {
			// DX = the dry track + the room; the room alone is its own stem.
			const dxMinusRoom = stems.DX![c]!.map((v, i) => v - stems.ROOM![c]![i]!);
			expect(Math.max(...stems.ROOM![c]!.slice(4800).map(Math.abs))).toBeGreaterThan(1e-4);
			expect(Math.max(...dxMinusRoom.slice(4800).map(Math.abs))).toBeLessThan(1e-12);
			const sum = stems.DX![c]!.map((v, i) => v + stems.MX![c]![i]!);
			expect(maxDiff(master[c]!, sum)).toBeLessThan(1e-12);
		}
	});

	it('an algorithmic return rings on after the last clip, and check says how long the print is', async () => {
		await media('a.wav', [noise(4800, 5)]);
		const doc = { dubdesk: 1, sampleRate: SR, buses: [{ id: 'VERB', reverb: { decay: 0.8 } }], tracks: [{ id: 'a', sends: [{ to: 'VERB' }], clips: [{ file: 'media/a.wav', at: 0 }] }] };
		const file = join(dir, 'v.yaml');
		await writeFile(file, stringify(doc));
		const { plan } = await loadPlan(file);
		// 60 dB per RT60: below −90 dBFS 1.5 decays on.
		expect(plan.tail / SR).toBeGreaterThanOrEqual(1.2);
		const { cli } = await import('../helpers/cli.js');
		const run = await cli(['check', file]);
		expect(run.stdout).toMatch(/prints \d+\.\d{3} s: \d+\.\d{3} s of reverb tail after the last clip/);
	});
});
