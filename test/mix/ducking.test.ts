// The live ducker in a mix: a synthesised scene (speech-like lines on a DX track over a steady
// music tone on MX, the MX bus keyed by DX). The dipped MX stem is compared sample by sample
// with the same scene rendered without the ducker: the ratio is the ducker's gain, which must
// follow the one-pole law written out here, starting `lookahead` before each line; outside the
// dips the stems are equal, so there is no latency shift.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { renderDoc, writeMedia, type Rendered } from '../helpers/render-session.js';
import { loadPlan } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';
import { applyParam, type Graph } from '../../engine/worker/graph.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

const SR = 16000;
const SECONDS = 12;
const LINES: [number, number][] = [[1.0, 2.0], [3.5, 4.2]];
const L = Math.round(0.02 * SR);
const H = Math.round(0.3 * SR);
const attack = Math.exp(-1000 / (40 * SR));
const release = Math.exp(-1000 / (600 * SR));

/** Speech-like: a 300 Hz carrier with a 4 Hz syllable envelope (0.2 … 1), −20 dBFS peaks, in the lines only. */
function dialogue(): number[] {
	const out = new Array<number>(SECONDS * SR).fill(0);
	for (const [a, b] of LINES) {
		for (let n = Math.round(a * SR); n < Math.round(b * SR); n++) {
			const t = n / SR - a;
			out[n] = 0.1 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) * Math.cos(2 * Math.PI * 300 * t);
		}
	}
	return out;
}

const music = () => Array.from({ length: SECONDS * SR }, (_, n) => 0.1 * Math.sin((2 * Math.PI * 220 * n) / SR + 0.3));

let dir: string;
const scene = (extra: { dx?: object; mx?: object; mxBus?: object } = {}) => ({
	buses: [{ id: 'DX' }, { id: 'MX', ...extra.mxBus }],
	tracks: [
		{ id: 'dx', output: 'DX', clips: [{ file: 'media/dx.wav', at: 0 }], ...extra.dx },
		{ id: 'mx', output: 'MX', clips: [{ file: 'media/mx.wav', at: 0 }], ...extra.mx },
	],
});
const DUCK = { key: 'DX', threshold: -40, depth: -10, attack: 40, hold: 300, release: 600, lookahead: 20 };
let plain: Rendered;
let ducked: Rendered;

beforeAll(async () => {
	dir = await makeTempDir();
	await writeMedia(dir, 'dx.wav', [dialogue()], SR);
	await writeMedia(dir, 'mx.wav', [music()], SR);
	plain = await renderDoc(dir, scene(), SR, 1000);
	ducked = await renderDoc(dir, scene({ mxBus: { duck: DUCK } }), SR, 1000);
});
afterAll(async () => {
	await removeTempDir(dir);
});

/** The ducker's gain in dB at each sample: dipped / undipped MX stem (left), NaN where the music is near 0. */
function gainOf(r: Rendered): number[] {
	const d = r.stems.MX![0]!;
	const u = plain.stems.MX![0]!;
	return u.map((v, i) => (Math.abs(v) > 1e-3 ? 20 * Math.log10(d[i]! / v) : NaN));
}

/** The first sample where two arrays differ, or −1. */
const firstDifference = (a: number[], b: number[]) => a.findIndex((v, i) => v !== b[i]);

describe('the live ducker in a mix', () => {
	it('starts the dip `lookahead` before the line, reaches depth, holds, and releases by the law', () => {
		const g = gainOf(ducked);
		const n0 = LINES[0]![0] * SR;
		const n1 = LINES[0]![1] * SR;
		// Nothing moves before the dip: the stems are equal bit for bit up to line − lookahead.
		expect(firstDifference(ducked.stems.MX![0]!, plain.stems.MX![0]!)).toBe(n0 - L);
		// Attack: −10·(1 − α^(k+1)) from there (the key's first sample is over the threshold).
		// The gain at the first sample from i where the music is not near 0.
		const near = (i: number) => {
			let k = i;
			while (Number.isNaN(g[k]!)) k++;
			return [g[k]!, k] as const;
		};
		for (const k of [0, 5, 320, 640, 3200]) {
			const [v, at] = near(n0 - L + k);
			expect(v).toBeCloseTo(-10 * (1 - Math.pow(attack, at - (n0 - L) + 1)), 4);
		}
		// Depth through the line and the hold (from the last sample of the line).
		expect(near(n0 + SR / 2)[0]).toBeCloseTo(-10, 4);
		expect(near(n1 - 1 + H - L - 200)[0]).toBeCloseTo(-10, 4);
		// Release from (last loud sample + hold) − lookahead: −10·α^(k+1); 1/e of the dip after `release`.
		const r0 = n1 - 1 + H - L;
		for (const k of [0, 100, 1600, Math.round(0.6 * SR) - 1]) {
			const [v, at] = near(r0 + k);
			expect(v).toBeCloseTo(-10 * Math.pow(release, at - r0 + 1), 4);
		}
		// The second line dips to depth too, and long after it (11.5 τ) the gain is exactly 0 dB again.
		expect(near(LINES[1]![0] * SR + SR / 2)[0]).toBeCloseTo(-10, 3);
		const end = SECONDS * SR - 1;
		expect(ducked.stems.MX![0]![end]).toBe(plain.stems.MX![0]![end]);
	});

	it('leaves the DX stem untouched and keeps the MX stem in phase (no latency shift)', () => {
		expect(ducked.stems.DX).toEqual(plain.stems.DX);
		// Every sample of the dipped stem is the undipped one times a gain that moves slowly:
		// a shift by even one sample would make the ratio swing with the 220 Hz tone.
		const g = gainOf(ducked);
		let worst = 0;
		for (let i = 1; i < g.length; i++) if (Number.isFinite(g[i]!) && Number.isFinite(g[i - 1]!)) worst = Math.max(worst, Math.abs(g[i]! - g[i - 1]!));
		// The steepest the law moves is the attack's first sample, 10·(1 − α).
		expect(worst).toBeLessThanOrEqual(10 * (1 - attack) + 1e-6);
		// The master is still the sum of the stems.
		const m = ducked.master[0]!;
		for (let i = 0; i < m.length; i += 613) expect(m[i]!).toBeCloseTo(ducked.stems.DX![0]![i]! + ducked.stems.MX![0]![i]!, 12);
	});

	it('does not duck under a muted DX track, and a track key or a track ducker dips the same', async () => {
		const muted = await renderDoc(dir, scene({ dx: { mute: true }, mxBus: { duck: DUCK } }), SR, 1000);
		expect(muted.stems.MX).toEqual(plain.stems.MX);
		const trackKey = await renderDoc(dir, scene({ mxBus: { duck: { ...DUCK, key: 'dx' } } }), SR, 1000);
		expect(trackKey.stems.MX).toEqual(ducked.stems.MX);
		const onTrack = await renderDoc(dir, scene({ mx: { duck: DUCK } }), SR, 1000);
		const a = onTrack.stems.MX![0]!;
		const b = ducked.stems.MX![0]!;
		expect(a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0)).toBeLessThan(1e-12);
		// A pre-fader send comes before the fader and so before the ducker: not dipped.
		const sends = (duck?: object) => ({
			buses: [{ id: 'DX' }, { id: 'MX' }, { id: 'PRE' }, { id: 'POST' }],
			tracks: [
				{ id: 'dx', output: 'DX', clips: [{ file: 'media/dx.wav', at: 0 }] },
				{ id: 'mx', output: 'MX', clips: [{ file: 'media/mx.wav', at: 0 }], sends: [{ to: 'PRE', pre: true }, { to: 'POST' }], ...(duck ? { duck } : {}) },
			],
		});
		const sentPlain = await renderDoc(dir, sends(), SR, 1000);
		const sentDucked = await renderDoc(dir, sends(DUCK), SR, 1000);
		expect(sentDucked.stems.PRE).toEqual(sentPlain.stems.PRE);
		expect(sentDucked.stems.POST).toEqual(sentDucked.stems.MX);
		expect(sentDucked.stems.MX![0]!.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0)).toBeLessThan(1e-12);
		// Switched off in the file: no ducker, no latency: the undipped mix bit for bit.
		const off = await renderDoc(dir, scene({ mxBus: { duck: { ...DUCK, on: false } } }), SR, 1000);
		expect(off.master).toEqual(plain.master);
	});

	it('leads by the look-ahead when the key is a track on the same bus or on the master as the ducked one', async () => {
		const n0 = LINES[0]![0] * SR;
		for (const out of ['master', 'MX']) {
			const doc = (duck?: object) => ({
				buses: [{ id: 'MX' }],
				tracks: [
					{ id: 'dx', output: out, clips: [{ file: 'media/dx.wav', at: 0 }] },
					{ id: 'mx', output: out, clips: [{ file: 'media/mx.wav', at: 0 }], ...(duck ? { duck } : {}) },
				],
			});
			const a = (await renderDoc(dir, doc(), SR, 1000)).master[0]!;
			const b = (await renderDoc(dir, doc({ ...DUCK, key: 'dx' }), SR, 1000)).master[0]!;
			expect(firstDifference(b, a), `both tracks to ${out}`).toBe(n0 - L);
			// The dialogue itself is not moved by the ducker's latency: before the line, only music.
			expect(b[n0 - L - 1]).toBe(a[n0 - L - 1]);
		}
	});

	it('takes live changes through the graph without a click; the look-ahead needs a new graph', async () => {
		const file = join(dir, 'live.yaml');
		await writeFile(file, stringify({ dubdesk: 1, sampleRate: SR, ...scene({ mxBus: { duck: DUCK } }) }));
		const { session, plan } = await loadPlan(file);
		const stem: number[] = [];
		const at = 1.5 * SR;
		const results: boolean[] = [];
		await renderOffline(plan, {
			from: 0,
			to: 3 * SR,
			blockFrames: 500,
			threads: 1,
			onBlock: (r, frames, position) => {
				if (position === at) {
					const g = { renderer: r, session } as unknown as Graph;
					results.push(applyParam(g, { target: 'bus', index: 1, id: 'MX', param: 'duck.depth', value: -20 }));
					results.push(applyParam(g, { target: 'bus', index: 1, id: 'MX', param: 'duck.lookahead', value: 5 }));
					results.push(applyParam(g, { target: 'bus', index: 0, id: 'DX', param: 'duck.depth', value: -20 }));
				}
				for (let i = 0; i < frames; i++) stem.push(r.bus(1)[0]![i]!);
			},
		});
		expect(results).toEqual([true, false, false]);
		const u = plain.stems.MX![0]!;
		const g = stem.map((v, i) => (Math.abs(u[i]!) > 1e-3 ? 20 * Math.log10(v / u[i]!) : NaN));
		let worst = 0;
		for (let i = at - 100; i < at + SR / 4; i++) if (Number.isFinite(g[i]!) && Number.isFinite(g[i - 1]!)) worst = Math.max(worst, Math.abs(g[i]! - g[i - 1]!));
		// The depth glides over 20 ms (10 dB over 320 samples), nothing faster.
		expect(worst).toBeLessThanOrEqual(10 / 320 + 1e-6);
		const k = g.findIndex((v, i) => i > 1.95 * SR && Number.isFinite(v));
		expect(g[k]!).toBeCloseTo(-20, 3);
	});
});
