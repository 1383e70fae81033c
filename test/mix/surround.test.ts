// The 5.1 panner in renders: a car-by from front left to rear right (energy per speaker per
// segment against the laws integrated here), live panY/LFE changes that ramp without a click,
// prints at the front with no LFE unchanged bit for bit, and panY/lfe unheard on a stereo master.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';
import type { MixRenderer } from '../../engine/mix/renderer.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { writeFixture, type Fixture } from '../helpers/mix-fixture.js';
import { cli } from '../helpers/cli.js';

const SR = 8000;
/** The de-click ramp (10 ms) in samples. */
const RAMP = 80;
const L = 0, R = 1, C = 2, LFE = 3, LS = 4, RS = 5;
let dir: string;

beforeAll(async () => {
	dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

const dc = (seconds: number) => ({ name: 'dc.wav', encoding: 'float' as const, bits: 32, signal: [new Array(Math.round(seconds * SR)).fill(1)] });

let n = 0;
/** Renders the fixture (blocks of `block`), calling `between` after each block; planar float64. */
async function render(f: Fixture, block = 8192, between?: (r: MixRenderer, position: number) => void): Promise<{ out: Float64Array[]; warnings: string[] }> {
	const sub = `${dir}/s${n++}`;
	const { sessionFile } = await writeFixture(sub, f);
	const { plan } = await loadPlan(sessionFile);
	const out = Array.from({ length: plan.channels }, () => new Float64Array(plan.length));
	await renderOffline(plan, {
		from: 0,
		to: plan.length,
		blockFrames: block,
		threads: 1,
		onBlock(r, frames, position) {
			for (let c = 0; c < plan.channels; c++) out[c]!.set(r.master[c]!.subarray(0, frames), position);
			between?.(r, position + frames);
		},
	});
	return { out, warnings: plan.warnings };
}

/** Mono-source gains [L, R, C, LFE, Ls, Rs] from the laws (front L–C–R, rear θ, split φ). */
function monoGains(x: number, y: number, lfeDb: number): number[] {
	const a = x <= 0 ? ((x + 1) * Math.PI) / 2 : (x * Math.PI) / 2;
	const fl = x <= 0 ? Math.cos(a) : 0;
	const fc = x <= 0 ? Math.sin(a) : Math.cos(a);
	const fr = x <= 0 ? 0 : Math.sin(a);
	const th = ((x + 1) * Math.PI) / 4;
	const phi = ((y + 1) * Math.PI) / 4;
	const lfe = lfeDb === -Infinity ? 0 : 10 ** (lfeDb / 20);
	return [Math.cos(phi) * fl, Math.cos(phi) * fr, Math.cos(phi) * fc, lfe, Math.sin(phi) * Math.cos(th), Math.sin(phi) * Math.sin(th)];
}

describe('5.1 panning in a print', () => {
	it('a car-by from front left to rear right: energy per speaker per segment follows the laws', async () => {
		const seconds = 4;
		const { out } = await render({
			sampleRate: SR,
			format: '5.1',
			media: [dc(seconds)],
			tracks: [{ id: 'car', lfe: -12, clips: [{ media: 'dc.wav', at: 0 }], automation: { pan: [[0, -1], [seconds, 1]], panY: [[0, -1], [seconds, 1]] } }],
		});
		const segment = SR;
		for (let s = 0; s < seconds; s++) {
			const want = new Array<number>(6).fill(0);
			for (let i = s * segment; i < (s + 1) * segment; i++) {
				const t = i / SR;
				const g = monoGains(-1 + (2 * t) / seconds, -1 + (2 * t) / seconds, -12);
				for (let c = 0; c < 6; c++) want[c]! += g[c]! ** 2 / segment;
			}
			for (let c = 0; c < 6; c++) {
				let e = 0;
				for (let i = s * segment; i < (s + 1) * segment; i++) e += out[c]![i]! ** 2 / segment;
				expect(e, `segment ${s} speaker ${c}`).toBeCloseTo(want[c]!, 9);
			}
		}
		// Where the car is: front left first, rear right last, the LFE steady at −12 dB.
		const energy = (c: number, s: number) => out[c]!.subarray(s * segment, (s + 1) * segment).reduce((p, v) => p + v * v, 0);
		expect([R, C, LFE, LS, RS].every((c) => energy(L, 0) > energy(c, 0))).toBe(true);
		expect([L, R, C, LFE, LS].every((c) => energy(RS, 3) > energy(c, 3))).toBe(true);
		expect(out[LFE]![12345]).toBeCloseTo(10 ** (-12 / 20), 12);
	});

	it('a live panY change and an LFE send ramp over 10 ms without a click', async () => {
		const changeAt = 2048;
		const { out } = await render(
			{ sampleRate: SR, format: '5.1', media: [dc(1)], tracks: [{ id: 't', pan: -1, clips: [{ media: 'dc.wav', at: 0 }] }] },
			256,
			(r, position) => {
				if (position !== changeAt) return;
				r.setTrackPanY(0, 1);
				r.setTrackLfe(0, 0);
			},
		);
		// Before: front left alone. After the ramp: the left surround alone, and the LFE at unity.
		expect([out[L]![changeAt - 1], out[LS]![changeAt - 1], out[LFE]![changeAt - 1]]).toEqual([1, 0, 0]);
		expect(out[L]![changeAt + RAMP + 10]).toBeCloseTo(0, 12);
		expect(out[LS]![changeAt + RAMP + 10]).toBeCloseTo(1, 12);
		expect(out[LFE]![changeAt + RAMP + 10]).toBe(1);
		// y moves 2/80 a sample, so φ moves π/160 and no gain jumps by more than that.
		const worst = (c: number) => {
			let d = 0;
			for (let i = 1; i < out[c]!.length; i++) d = Math.max(d, Math.abs(out[c]![i]! - out[c]![i - 1]!));
			return d;
		};
		expect(worst(L)).toBeLessThanOrEqual(Math.PI / 160 + 1e-12);
		expect(worst(LS)).toBeLessThanOrEqual(Math.PI / 160 + 1e-12);
		expect(worst(LFE)).toBeLessThanOrEqual(1 / RAMP + 1e-12);
		// Halfway through the ramp the split is halfway: y = 0, φ = π/4.
		expect(out[L]![changeAt + RAMP / 2 - 1]).toBeCloseTo(Math.SQRT1_2, 12);
	});

	it('at the front with no LFE a 5.1 print is the L–C–R law bit for bit, written out or left out', async () => {
		const tracks = (extra: object) => [
			{ id: 'a', pan: -0.5, clips: [{ media: 'dc.wav', at: 0 }], ...extra },
			{ id: 'b', pan: 0.3, clips: [{ media: 'dc.wav', at: 0.5 }], ...extra },
		];
		const bare = await render({ sampleRate: SR, format: '5.1', media: [dc(1)], tracks: tracks({}) });
		const explicit = await render({ sampleRate: SR, format: '5.1', media: [dc(1)], tracks: tracks({ panY: -1, lfe: -Infinity }) });
		for (let c = 0; c < 6; c++) expect(Buffer.from(explicit.out[c]!.buffer).equals(Buffer.from(bare.out[c]!.buffer))).toBe(true);
		// A DC of 1 at 0 dB prints the gains themselves: exactly cos/sin of the front law.
		const a = ((-0.5 + 1) * Math.PI) / 2;
		expect([bare.out[L]![100], bare.out[C]![100], bare.out[R]![100], bare.out[LFE]![100], bare.out[LS]![100], bare.out[RS]![100]]).toEqual([Math.cos(a), Math.sin(a), 0, 0, 0, 0]);
	});

	it('on a stereo master panY and lfe are not heard: the same bits, and a warning', async () => {
		const f = (extra: object): Fixture => ({ sampleRate: SR, media: [dc(0.5)], tracks: [{ id: 'a', pan: 0.2, clips: [{ media: 'dc.wav', at: 0 }], ...extra }] });
		const bare = await render(f({}));
		const set = await render(f({ panY: 0.5, lfe: 0, automation: { panY: [[0, -1], [0.4, 1]] } }));
		for (let c = 0; c < 2; c++) expect(Buffer.from(set.out[c]!.buffer).equals(Buffer.from(bare.out[c]!.buffer))).toBe(true);
		expect(bare.warnings).toEqual([]);
		expect(set.warnings).toEqual(['tracks[0] (a): panY and lfe are not heard on a stereo master']);
	});

	it('check warns about panY/lfe a stereo master does not hear, and still passes', async () => {
		const { sessionFile } = await writeFixture(`${dir}/check`, { sampleRate: SR, media: [dc(0.1)], tracks: [{ id: 'car', lfe: -6, clips: [{ media: 'dc.wav', at: 0 }] }] });
		const run = await cli(['check', sessionFile]);
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('warning: tracks[0] (car): panY and lfe are not heard on a stereo master');
	});
});
