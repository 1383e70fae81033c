// The `duck` automation lane: dB added to the fader (static or its gain lane), per sample, on
// tracks and buses; checked against gains computed here from the formula, against the
// independent reference mixer, and for bit-identity when there is no duck lane.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { noise, renderDoc, writeMedia } from '../helpers/render-session.js';
import { referenceMix } from '../helpers/reference-mix.js';
import { maxError, testSignal, writeFixture } from '../helpers/mix-fixture.js';
import { loadSession } from '../../sessions/load.js';
import { diffParams } from '../../engine/worker/session-diff.js';
import { serializeSession } from '../../sessions/save.js';
import type { Automation, Session } from '../../sessions/types.js';

const SR = 8000;
let dir: string;

beforeEach(async () => {
	dir = await makeTempDir();
});
afterEach(async () => {
	await removeTempDir(dir);
});

/** A lane's value at t: linear between points, the ends held (written from the rule, not the engine). */
function laneAt(points: [number, number][], t: number): number {
	if (t <= points[0]![0]) return points[0]![1];
	for (let k = 0; k < points.length - 1; k++) {
		const [t0, v0] = points[k]!;
		const [t1, v1] = points[k + 1]!;
		if (t >= t0 && t < t1) return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
	}
	return points[points.length - 1]![1];
}

describe('the duck lane', () => {
	it('adds its dB to the gain lane, per sample, on a constant (known gain per sample)', async () => {
		const n = SR;
		await writeMedia(dir, 'one.wav', [new Array(n).fill(1)], SR);
		const gain: [number, number][] = [[0, -6], [0.5, -2]];
		const duck: [number, number][] = [[0.2, 0], [0.4, -12], [0.7, -12], [0.9, 0]];
		const out = await renderDoc(dir, { tracks: [{ id: 'mx', pan: -1, clips: [{ file: 'media/one.wav', at: 0 }], automation: { gain, duck } }] }, SR);
		let worst = 0;
		for (let i = 0; i < n; i++) {
			const t = i / SR;
			// Hard left: the left channel carries the whole gain (cos 0 = 1).
			const expected = Math.pow(10, (laneAt(gain, t) + laneAt(duck, t)) / 20);
			worst = Math.max(worst, Math.abs(out.master[0]![i]! - expected));
		}
		expect(worst).toBeLessThan(1e-12);
		// Spot values: 0.55 s is −2 dB fader and −12 dB duck.
		expect(out.master[0]![Math.round(0.55 * SR)]!).toBeCloseTo(Math.pow(10, -14 / 20), 12);
	});

	it('adds to a static fader, and on a bus to the bus gain', async () => {
		const n = SR / 2;
		await writeMedia(dir, 'one.wav', [new Array(n).fill(1)], SR);
		const duck: [number, number][] = [[0.1, 0], [0.3, -20]];
		const out = await renderDoc(
			dir,
			{
				buses: [{ id: 'MX', gain: -3, automation: { duck } }],
				tracks: [{ id: 'mx', gain: -6, pan: -1, output: 'MX', clips: [{ file: 'media/one.wav', at: 0 }], automation: { duck } }],
			},
			SR,
		);
		for (const i of [0, 800, 1200, 1600, 2400, 3999]) {
			const d = laneAt(duck, i / SR);
			// The track's duck on its fader, then the bus's on its gain.
			expect(out.stems.MX![0]![i]!).toBeCloseTo(Math.pow(10, (-6 + d) / 20) * Math.pow(10, (-3 + d) / 20), 12);
		}
	});

	it('matches the reference mixer on tracks and buses, −∞ included', async () => {
		const { sessionFile, reference } = await writeFixture(dir, {
			sampleRate: SR,
			media: [{ name: 'a.wav', encoding: 'pcm', bits: 24, signal: [testSignal(SR, 11)] }, { name: 'b.wav', encoding: 'pcm', bits: 24, signal: [testSignal(SR, 12)] }],
			buses: [{ id: 'MX', gain: -1, automation: { duck: [[0.3, 0], [0.5, -9], [0.8, -9], [0.9, 0]] } }],
			tracks: [
				{ id: 'a', output: 'MX', clips: [{ media: 'a.wav', at: 0 }], automation: { gain: [[0, -2], [1, -8]], duck: [[0.1, 0], [0.2, -Infinity], [0.4, -3]] } },
				{ id: 'b', gain: -4, pan: 0.3, clips: [{ media: 'b.wav', at: 0 }], automation: { duck: [[0, -6]] } },
			],
		});
		const { loadPlan } = await import('../../engine/session-plan.js');
		const { renderOffline } = await import('../../engine/render/offline.js');
		const { plan } = await loadPlan(sessionFile);
		const master: number[][] = [[], []];
		const stem: number[][] = [[], []];
		await renderOffline(plan, {
			from: 0,
			to: plan.length,
			blockFrames: 333,
			onBlock: (r, frames) => {
				for (let c = 0; c < 2; c++) for (let i = 0; i < frames; i++) {
					master[c]!.push(r.master[c]![i]!);
					stem[c]!.push(r.bus(0)[c]![i]!);
				}
			},
		});
		const expected = referenceMix(reference, 0, plan.length);
		expect(maxError(master, expected.master)).toBeLessThan(1e-9);
		expect(maxError(stem, expected.stems.MX!)).toBeLessThan(1e-9);
	});

	it('renders bit for bit as before without a duck lane, and the lane plays not in mode off', async () => {
		const sig = noise(SR / 2, 3);
		await writeMedia(dir, 'n.wav', [sig], SR);
		const base = { tracks: [{ id: 't', gain: -4, clips: [{ file: 'media/n.wav', at: 0 }], automation: { gain: [[0, -3], [0.4, -9]] } }] };
		const plain = await renderDoc(dir, base, SR);
		const off = await renderDoc(dir, { tracks: [{ ...base.tracks[0], automation: { mode: 'off', gain: [[0, -3]], duck: [[0, -20]] } }] }, SR);
		const fader = await renderDoc(dir, { tracks: [{ ...base.tracks[0], automation: undefined }] }, SR);
		// Mode off: the static fader, bit for bit, the duck lane ignored.
		expect(off.master).toEqual(fader.master);
		const again = await renderDoc(dir, base, SR);
		expect(again.master).toEqual(plain.master);
		// A 0 dB duck lane multiplies by exactly 1.
		const zero = await renderDoc(dir, { tracks: [{ ...base.tracks[0], automation: { ...base.tracks[0]!.automation, duck: [[0, 0]] } }] }, SR);
		expect(zero.master).toEqual(plain.master);
	});

	it('is validated (range, the master has none), saved after the other lanes and reloads a live graph', async () => {
		const file = join(dir, 's.yaml');
		const doc = (duck: unknown, where: 'track' | 'master' = 'track') => ({
			dubdesk: 1,
			...(where === 'master' ? { master: { automation: { duck } } } : {}),
			tracks: [{ id: 't', ...(where === 'track' ? { automation: { gain: [[0, -3]], duck } } : {}) }],
		});
		await writeFile(file, stringify(doc([[0, -6], [1, -Infinity]])));
		const s = await loadSession(file);
		expect(s.tracks[0]!.automation!.duck).toEqual([[0, -6], [1, -Infinity]]);
		expect(serializeSession(s)).toMatch(/gain:\n\s+- \[ 0, -3 \]\n\s+duck:\n\s+- \[ 0, -6 \]\n\s+- \[ 1, -\.inf \]/);
		await writeFile(file, stringify(doc([[0, 30]])));
		await expect(loadSession(file)).rejects.toThrow(/tracks\[0\]\.automation\.duck\[0\]\[1\]/);
		await writeFile(file, stringify(doc([[0, -6]], 'master')));
		await expect(loadSession(file)).rejects.toThrow(/master\.automation\.duck: the master has no duck/);
		// A live session rebuilds its graph when the duck lane changes.
		const a = s;
		const b: Session = { ...s, tracks: [{ ...s.tracks[0]!, automation: { ...s.tracks[0]!.automation, duck: [[0, -9]] } as Automation }] };
		expect(diffParams(a, b)).toBeNull();
	});

	it('is not a control an automation pass can write: the gain lane stays apart from it', async () => {
		const { MixRenderer } = await import('../../engine/mix/renderer.js');
		const { makeLane } = await import('../../engine/dsp/automation.js');
		const { plan, source } = await import('../conformance/fixtures.js');
		const p = plan();
		const gain = makeLane([[0, -6]], -144);
		p.tracks[0]!.gainLane = gain;
		p.tracks[0]!.duckLane = makeLane([[0, -10]], -144);
		const r = new MixRenderer(p, () => source(0.5), 64);
		expect(r.trackLane(0, 'gain')).toBe(gain);
		expect(r.trackLane(0, 'duck')).toBeUndefined();
		expect(r.setTrackLane(0, 'duck', makeLane([[0, 0]]))).toBe(false);
		expect(r.setBusLane(0, 'duck', makeLane([[0, 0]]))).toBe(false);
	});
});
