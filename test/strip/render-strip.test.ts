// The strip in the mix: renders of sessions with `strip:` against references written here
// (a direct-form-I biquad with the cookbook's coefficients, an analog-prototype Butterworth),
// bit-transparency of what is off, latency compensation, bus and master strips, and results
// that do not depend on the block size.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { maxDiff, noise, renderDoc, writeMedia } from '../helpers/render-session.js';
import { loadSession } from '../../sessions/load.js';

const SR = 48000;
let dir: string;
beforeEach(async () => {
	dir = await makeTempDir();
	await mkdir(join(dir, 'media'));
});
afterEach(async () => removeTempDir(dir));

const media = (name: string, signal: number[][]) => writeMedia(dir, name, signal, SR);
/** Renders a session document; returns master and stems (by bus index). */
async function render(doc: object, blockFrames = 8192): Promise<{ master: number[][]; stems: number[][][] }> {
	const r = await renderDoc(dir, doc, SR, blockFrames);
	return { master: r.master, stems: r.byIndex };
}

/** RBJ cookbook peakingEQ, written from the cookbook. */
function peaking(f0: number, gainDb: number, q: number) {
	const A = 10 ** (gainDb / 40);
	const w0 = (2 * Math.PI * f0) / SR;
	const alpha = Math.sin(w0) / (2 * q);
	const a0 = 1 + alpha / A;
	return { b: [(1 + alpha * A) / a0, (-2 * Math.cos(w0)) / a0, (1 - alpha * A) / a0], a: [(-2 * Math.cos(w0)) / a0, (1 - alpha / A) / a0] };
}

/** Second-order Butterworth highpass by the bilinear transform of 1/(s² + √2 s + 1), prewarped. */
function butterHighpass(fc: number) {
	const K = Math.tan((Math.PI * fc) / SR);
	const n = 1 / (1 + Math.SQRT2 * K + K * K);
	return { b: [n, -2 * n, n], a: [2 * (K * K - 1) * n, (1 - Math.SQRT2 * K + K * K) * n] };
}

/** Direct form I. */
function filter(x: number[], c: { b: number[]; a: number[] }): number[] {
	let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
	return x.map((v) => {
		const y = c.b[0]! * v + c.b[1]! * x1 + c.b[2]! * x2 - c.a[0]! * y1 - c.a[1]! * y2;
		x2 = x1;
		x1 = v;
		y2 = y1;
		y1 = y;
		return y;
	});
}

const CENTRE = Math.SQRT1_2;

describe('strip renders', () => {
	it('an EQ band and a high-pass on a track are the reference filters, then fader and pan', async () => {
		const x = noise(12000, 7);
		await media('dx.wav', [x]);
		const { master } = await render({
			tracks: [{ id: 'dx', gain: -6, clips: [{ file: 'media/dx.wav', at: 0 }], strip: { hpf: { freq: 120, slope: 12 }, eq: [{ type: 'bell', freq: 2500, gain: 6, q: 1.4 }] } }],
		});
		const g = 10 ** (-6 / 20) * CENTRE;
		const expected = filter(filter(x, butterHighpass(120)), peaking(2500, 6, 1.4)).map((v) => v * g);
		expect(maxDiff(master[0]!, expected)).toBeLessThan(1e-7);
		expect(maxDiff(master[1]!, expected)).toBeLessThan(1e-7);
	});

	it('sections that are off, a bypassed strip and a strip at its defaults print the same bits as no strip', async () => {
		const x = noise(9000, 3);
		await media('a.wav', [x]);
		const clip = [{ file: 'media/a.wav', at: 0.01 }];
		const plain = await render({ tracks: [{ id: 'a', pan: 0.3, clips: clip }] });
		const variants = [
			{ trim: 0 },
			{ hpf: { on: false, freq: 100 }, eq: [{ on: false, gain: 9 }], compressor: { on: false } },
			{ bypass: true, hpf: { freq: 300 }, compressor: { threshold: -40 }, limiter: { ceiling: -12 } },
		];
		for (const strip of variants) {
			const r = await render({ tracks: [{ id: 'a', pan: 0.3, clips: clip, strip }] });
			expect(r.master).toEqual(plain.master);
		}
	});

	it('a limiter on one bus does not move it against the others (latency compensated, stems too)', async () => {
		const click = (at: number, n: number) => Array.from({ length: n }, (_, i) => (i === at ? 0.25 : 0));
		await media('c.wav', [click(100, 4000)]);
		const doc = {
			buses: [{ id: 'LIM', strip: { limiter: { ceiling: -1 } } }, { id: 'DRY' }],
			tracks: [
				{ id: 'a', output: 'LIM', clips: [{ file: 'media/c.wav', at: 0.1 }] },
				{ id: 'b', output: 'DRY', clips: [{ file: 'media/c.wav', at: 0.2 }] },
			],
		};
		const { master, stems } = await render(doc);
		const peaks = (ch: number[]) => ch.flatMap((v, i) => (Math.abs(v) > 1e-6 ? [i] : []));
		const a = Math.round(0.1 * SR) + 100;
		const b = Math.round(0.2 * SR) + 100;
		// Below the ceiling the limiter is a pure delay, which the plan takes back out.
		expect(peaks(master[0]!)).toEqual([a, b]);
		expect(master[0]![a]).toBeCloseTo(0.25 * CENTRE, 12);
		expect(peaks(stems[0]![0]!)).toEqual([a]);
		expect(peaks(stems[1]![0]!)).toEqual([b]);
	});

	it('bus and master strips: a bus EQ shapes its stem, the master trim scales the print', async () => {
		const x = noise(6000, 11);
		await media('m.wav', [x]);
		const { master, stems } = await render({
			master: { strip: { trim: -6 } },
			buses: [{ id: 'MX', strip: { eq: [{ type: 'bell', freq: 800, gain: -4, q: 0.7 }] } }],
			tracks: [{ id: 'm', output: 'MX', clips: [{ file: 'media/m.wav', at: 0 }] }],
		});
		const stem = filter(x, peaking(800, -4, 0.7)).map((v) => v * CENTRE);
		expect(maxDiff(stems[0]![0]!, stem)).toBeLessThan(1e-7);
		expect(maxDiff(master[0]!, stem.map((v) => v * 10 ** (-6 / 20)))).toBeLessThan(1e-7);
	});

	it('prints the same bits whatever the block size, with dynamics and a limiter in the graph', async () => {
		const x = noise(30000, 5, 0.9);
		await media('d.wav', [x]);
		const doc = {
			master: { strip: { limiter: { ceiling: -3 } } },
			tracks: [
				{
					id: 'd',
					clips: [{ file: 'media/d.wav', at: 0 }],
					strip: { gate: { threshold: -30 }, compressor: { threshold: -24, ratio: 4 }, deesser: { threshold: -40 }, eq: [{ type: 'highShelf', freq: 6000, gain: 3 }] },
				},
			],
		};
		const big = await render(doc, 8192);
		const small = await render(doc, 517);
		expect(small.master).toEqual(big.master);
	});
});

describe('strip keys in the session', () => {
	const bad: [string, object, RegExp][] = [
		['an unknown section', { reverbb: {} }, /tracks\[0\]\.strip.*reverbb/],
		['a frequency at Nyquist', { hpf: { freq: 24000 } }, /tracks\[0\]\.strip\.hpf\.freq: .*Nyquist/],
		['a frequency ≤ 0', { lpf: { freq: 0 } }, /tracks\[0\]\.strip\.lpf\.freq: expected a number ≥ 10, got 0/],
		['a ratio under 1', { compressor: { ratio: 0.5 } }, /tracks\[0\]\.strip\.compressor\.ratio: expected a number ≥ 1, got 0\.5/],
		['slope 9', { hpf: { slope: 9 } }, /tracks\[0\]\.strip\.hpf\.slope: must be one of 6, 12, 18, 24/],
		['q ≤ 0', { eq: [{ q: 0 }] }, /tracks\[0\]\.strip\.eq\[0\]\.q: expected a number ≥ 0\.1, got 0/],
		['nine bands', { eq: Array.from({ length: 9 }, () => ({})) }, /tracks\[0\]\.strip\.eq: expected 1 to 8 bands, got 9/],
		['a key naming no bus', { compressor: { key: 'NOPE' } }, /tracks\[0\]\.strip\.compressor\.key: no bus or track "NOPE"/],
	];
	it.each(bad)('refuses %s with one line naming the path and the range', async (_what, strip, message) => {
		const file = join(dir, 'bad.yaml');
		await writeFile(file, stringify({ dubdesk: 1, sampleRate: SR, tracks: [{ id: 'a', strip }] }));
		await expect(loadSession(file)).rejects.toThrow(message);
	});

	it('refuses a key that closes a loop, naming the whole path', async () => {
		const file = join(dir, 'loop.yaml');
		await writeFile(
			file,
			stringify({ dubdesk: 1, buses: [{ id: 'MX', output: 'DX', strip: { compressor: { key: 'DX' } } }, { id: 'DX' }], tracks: [] }),
		);
		// DX needs MX (its input) and MX needs DX (its key).
		await expect(loadSession(file)).rejects.toThrow(/buses\[0\]\.strip\.compressor\.key: routing cycle: MX → DX → MX/);
	});
});

describe('strips on disk', () => {
	it('save → load keeps every strip value, a line per section and per band', async () => {
		const { serializeSession } = await import('../../sessions/save.js');
		const { parseSession } = await import('../../sessions/load.js');
		const text = stringify({
			dubdesk: 1,
			master: { strip: { limiter: { ceiling: -2 } } },
			buses: [{ id: 'MX', strip: { compressor: { key: 'DX', threshold: -30 } } }, { id: 'DX' }],
			tracks: [{ id: 'a', strip: { trim: -3, hpf: { freq: 90 }, eq: [{ type: 'lowShelf', gain: -2 }, { on: false, freq: 3000 }], deesser: {} } }],
		});
		const first = parseSession(text, 's.yaml');
		const saved = serializeSession(first);
		expect(parseSession(saved, 's.yaml')).toEqual(first);
		expect(saved).toMatch(/^ {6}hpf: \{ freq: 90, slope: 12 \}$/m);
		expect(saved).toMatch(/^ {8}- \{ on: false, type: bell, freq: 3000, gain: 0, q: 0\.71 \}$/m);
		expect(saved).toMatch(/compressor: \{ threshold: -30, ratio: 3, knee: 6, attack: 5, release: 100, makeup: 0, key: DX \}/);
	});
});
