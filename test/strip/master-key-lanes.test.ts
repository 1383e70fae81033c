// A keyed section on the master with automation lanes still listens to its key: a flat lane at
// the static value prints what the static value prints, and both differ from the unkeyed strip.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { maxDiff, noise, renderDoc, writeMedia } from '../helpers/render-session.js';

const SR = 8000;
const N = 8000;
let dir: string;

beforeAll(async () => {
	dir = await makeTempDir();
	// Dialogue in bursts (half a second on, half off), music steady underneath.
	const dx = noise(N, 7, 0.5).map((v, i) => (Math.floor(i / 2000) % 2 === 0 ? v : 0));
	await writeMedia(dir, 'dx.wav', [dx], SR);
	await writeMedia(dir, 'mx.wav', [noise(N, 11, 0.2)], SR);
});
afterAll(() => removeTempDir(dir));

function doc(compressor: object, automation?: object): object {
	return {
		master: { format: 'stereo', strip: { compressor: { on: true, threshold: -30, ratio: 8, attack: 1, release: 50, ...compressor } }, ...(automation ? { automation } : {}) },
		buses: [{ id: 'DX' }, { id: 'MX' }],
		tracks: [
			{ id: 'd', output: 'DX', clips: [{ file: 'media/dx.wav', at: 0 }] },
			{ id: 'm', output: 'MX', clips: [{ file: 'media/mx.wav', at: 0 }] },
		],
	};
}

it('a master compressor keyed by DX with a threshold lane uses its key', async () => {
	const keyed = (await renderDoc(dir, doc({ key: 'DX' }), SR)).master;
	const laned = (await renderDoc(dir, doc({ key: 'DX' }, { 'compressor.threshold': [[0, -30], [1, -30]] }), SR)).master;
	const unkeyed = (await renderDoc(dir, doc({}), SR)).master;
	expect(maxDiff(keyed[0]!, unkeyed[0]!)).toBeGreaterThan(1e-3);
	expect(maxDiff(laned[0]!, keyed[0]!)).toBeLessThan(1e-12);
	expect(maxDiff(laned[1]!, keyed[1]!)).toBeLessThan(1e-12);
});
