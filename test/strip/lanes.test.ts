// Automation lanes of strip parameters and send levels, and the automation mode's `off`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { maxDiff, noise, renderDoc, writeMedia } from '../helpers/render-session.js';
import { loadSession } from '../../sessions/load.js';
import { parseSession } from '../../sessions/load.js';
import { serializeSession } from '../../sessions/save.js';

const SR = 48000;
let dir: string;
beforeEach(async () => {
	dir = await makeTempDir();
});
afterEach(async () => removeTempDir(dir));
const media = (name: string, signal: number[][]) => writeMedia(dir, name, signal, SR);
const render = (doc: object, blockFrames = 8192) => renderDoc(dir, doc, SR, blockFrames);
const db = (x: number) => 10 ** (x / 20);

describe('lanes', () => {
	it('a send level lane plays per sample, linear in dB, like the fader lane', async () => {
		const x = noise(4800, 2).map(Math.fround);
		await media('a.wav', [x]);
		const { stems } = await render({
			buses: [{ id: 'VERB' }],
			tracks: [{ id: 'a', pan: -1, sends: [{ to: 'VERB', gain: 0 }], automation: { 'send.VERB': [[0, -6], [0.05, -20]] }, clips: [{ file: 'media/a.wav', at: 0 }] }],
		});
		const lane = (n: number) => (n / SR >= 0.05 ? -20 : -6 + (-14 * n) / SR / 0.05);
		const expected = x.map((v, n) => v * db(lane(n)));
		expect(maxDiff(stems.VERB![0]!, expected)).toBeLessThan(1e-9);
	});

	it('a strip parameter lane moves the parameter on the timeline, the same whatever the block size', async () => {
		await media('dc.wav', [new Array(9600).fill(0.5)]);
		const doc = {
			tracks: [{ id: 'a', pan: -1, strip: { trim: 0, eq: [{ type: 'lowShelf', freq: 200, gain: 0 }] }, automation: { trim: [[0, 0], [0.05, -12]], 'eq.0.gain': [[0, 0], [0.1, 6]] }, clips: [{ file: 'media/dc.wav', at: 0 }] }],
		};
		const big = await render(doc, 8192);
		const small = await render(doc, 97);
		expect(small.master).toEqual(big.master);
		// After both lanes end (and the glides settle) the level is the trim's −12 dB plus the shelf's +6 dB at DC.
		expect(big.master[0]![9500]).toBeCloseTo(0.5 * db(-12) * db(6), 5);
		// At the start, unity.
		expect(big.master[0]![10]).toBeCloseTo(0.5, 5);
	});

	it('mode off plays the static values and ignores every lane', async () => {
		await media('dc.wav', [new Array(4800).fill(0.5)]);
		const base = { buses: [{ id: 'VERB' }], tracks: [{ id: 'a', pan: -1, gain: -6, sends: [{ to: 'VERB', gain: -3 }], clips: [{ file: 'media/dc.wav', at: 0 }] }] };
		const off = await render({ ...base, tracks: [{ ...base.tracks[0], automation: { mode: 'off', gain: [[0, -30]], 'send.VERB': [[0, -40]] } }] });
		const none = await render(base);
		expect(off.master).toEqual(none.master);
		expect(off.stems.VERB).toEqual(none.stems.VERB);
	});

	it('saves and loads the mode and every lane, one point a line', () => {
		const text = stringify({ dubdesk: 1, buses: [{ id: 'VERB', strip: { trim: 0 }, automation: { trim: [[0, -1]] } }], tracks: [{ id: 'a', sends: [{ to: 'VERB' }], strip: { eq: [{}] }, automation: { mode: 'touch', gain: [[0, -3]], 'eq.0.gain': [[1, 2], [2, 3]], 'send.VERB': [[0, -10]] } }] });
		const s = parseSession(text, 's.yaml');
		const saved = serializeSession(s);
		expect(parseSession(saved, 's.yaml')).toEqual(s);
		expect(saved).toMatch(/^ {6}mode: touch$/m);
		expect(saved).toMatch(/^ {6}eq\.0\.gain:\n {8}- \[ 1, 2 \]$/m);
	});
});

describe('lane names and values', () => {
	const bad: [string, object, RegExp][] = [
		['an unknown lane', { automation: { 'eq.0.bandwidth': [[0, 1]] } }, /tracks\[0\]\.automation\["eq\.0\.bandwidth"\]: unknown lane/],
		['a band the strip lacks', { automation: { 'eq.3.gain': [[0, 1]] } }, /tracks\[0\]\.automation\["eq\.3\.gain"\]: the strip has no eq band 4 to automate/],
		['a send the track lacks', { automation: { 'send.HALL': [[0, -10]] } }, /tracks\[0\]\.automation\["send\.HALL"\]: no send to "HALL" on this track/],
		['a value out of range', { automation: { trim: [[0, 40]] } }, /tracks\[0\]\.automation\.trim\[0\]\[1\]: 40 is out of range \(-24 … 24\)/],
		['an unknown mode', { automation: { mode: 'punch' } }, /tracks\[0\]\.automation\.mode/],
	];
	it.each(bad)('refuses %s with one line naming the lane', async (_what, extra, message) => {
		const file = join(dir, 'bad.yaml');
		await writeFile(file, stringify({ dubdesk: 1, buses: [{ id: 'VERB' }], tracks: [{ id: 'a', sends: [{ to: 'VERB' }], strip: { eq: [{}] }, ...extra }] }));
		await expect(loadSession(file)).rejects.toThrow(message);
	});
});

describe('bus lanes', () => {
	it("a bus fader lane plays per sample in dB, after the bus's strip, and its stem follows it", async () => {
		const x = noise(4800, 6).map(Math.fround);
		await media('a.wav', [x]);
		const { stems } = await render({
			buses: [{ id: 'DX', automation: { gain: [[0, 0], [0.1, -12]] } }],
			tracks: [{ id: 'a', pan: -1, output: 'DX', clips: [{ file: 'media/a.wav', at: 0 }] }],
		});
		const lane = (n: number) => (-12 * Math.min(n / SR, 0.1)) / 0.1;
		expect(maxDiff(stems.DX![0]!, x.map((v, n) => v * db(lane(n))))).toBeLessThan(1e-9);
	});
});
