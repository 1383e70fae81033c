// Real time renders in device-sized blocks, offline in large ones: the bits must not depend on
// where block boundaries fall (what is heard is what is printed).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadPlan } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { testSignal, writeFixture } from '../helpers/mix-fixture.js';

let dir: string;
let sessionFile: string;

beforeAll(async () => {
	dir = await makeTempDir();
	({ sessionFile } = await writeFixture(dir, {
		sampleRate: 8000,
		media: [
			{ name: 'a.wav', encoding: 'pcm', bits: 24, signal: [testSignal(8000, 1)] },
			{ name: 'b.wav', encoding: 'pcm', bits: 16, signal: [testSignal(8000, 2), testSignal(8000, 3)] },
		],
		buses: [{ id: 'DX', gain: -2 }],
		tracks: [
			{ id: 'a', output: 'DX', clips: [{ media: 'a.wav', at: 0.013, fadeIn: 0.2, fadeOut: 0.3, shape: 'equal-power' }], automation: { gain: [[0.1, 0], [0.6, -12]], pan: [[0, -1], [0.9, 1]], mute: [[0.4, 1], [0.45, 0]] } },
			{ id: 'b', pan: 0.3, polarity: true, clips: [{ media: 'b.wav', at: 0.1, offset: 0.05, fadeIn: 0.1 }] },
			// Mono, static pan: blocks inside one clip take the one-pass path, blocks at fades,
			// clip edges and overlaps the general one; the bits must not care.
			{ id: 'c', gain: -4, pan: -0.6, clips: [{ media: 'a.wav', at: 0.05, fadeIn: 0.07, fadeOut: 0.11, gain: -2 }] },
			{ id: 'd', pan: 0.25, clips: [{ media: 'a.wav', at: 0, length: 0.4 }, { media: 'a.wav', at: 0.35, offset: 0.2, length: 0.5 }], automation: { gain: [[0.2, -1], [0.8, -15]] } },
		],
	}));
});
afterAll(() => removeTempDir(dir));

async function render(blockFrames: number): Promise<Float64Array[]> {
	const { plan } = await loadPlan(sessionFile);
	const out = Array.from({ length: plan.channels }, () => new Float64Array(plan.length));
	await renderOffline(plan, {
		from: 0,
		to: plan.length,
		blockFrames,
		onBlock(renderer, frames, position) {
			for (let c = 0; c < plan.channels; c++) out[c]!.set(renderer.master[c]!.subarray(0, frames), position);
		},
	});
	return out;
}

it('gives identical samples for any block size', async () => {
	const big = await render(8192);
	for (const size of [1, 37, 256, 512]) {
		const small = await render(size);
		for (let c = 0; c < big.length; c++) expect(Buffer.from(small[c]!.buffer).equals(Buffer.from(big[c]!.buffer))).toBe(true);
	}
	expect(big[0]!.some((v) => v !== 0)).toBe(true);
});
