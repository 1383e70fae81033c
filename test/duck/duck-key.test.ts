// The mixer's bake-ducking key, at the store: `D` on the selected strip dips it under its
// ducker's key or DX, as one undo step that reloads the engine; the same analysis in a worker
// thread (the mixer's way) gives what it gives in this one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { analyseDuck } from '../../engine/duck/bake.js';
import { DUCK_DEFAULTS } from '../../engine/duck/analyse.js';
import { analyseInWorker, duckWorkerPath } from '../../engine/duck/duck-client.js';
import type { EngineCommand } from '../../engine/worker/protocol.js';
import { parseSession } from '../../sessions/load.js';
import type { Session } from '../../sessions/types.js';
import { bakeDuck, duckKeyFor } from '../../source/app/duck-bake.js';
import { MixerStore } from '../../source/app/mixer-store.js';
import { MediaCache } from '../../source/app/clip-layout.js';
import { runAction } from '../../source/app/run-action.js';
import { loadKeymap, resolveKey, shippedKeymaps } from '../../source/input/keymap.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { writeScene } from './scene.js';

let dir: string;
let file: string;
let session: Session;

beforeAll(async () => {
	dir = await makeTempDir('dubdesk-duck-key-');
	file = await writeScene(dir);
	session = parseSession(await readFile(file, 'utf8'), file);
});

afterAll(async () => {
	await removeTempDir(dir);
});

function mixer(doc: Session = session) {
	const sent: EngineCommand[] = [];
	const store = new MixerStore({ session: doc, file, send: (c) => sent.push(c), save: async () => {} });
	return { store, sent };
}

describe('the bake-ducking key', () => {
	it('is D in the mixer of every shipped keymap', () => {
		for (const name of shippedKeymaps()) expect(resolveKey(loadKeymap({ name }).keymap, 'mixer', 'D')).toBe('mixer.bakeDuck');
	});

	it('dips the selected bus under DX as one undo step and reloads the engine, naming it by its id', async () => {
		// The bus is called Music; the status line names it MX, as its strip and row do.
		const { store, sent } = mixer({ ...session, buses: session.buses.map((b) => (b.id === 'MX' ? { ...b, name: 'Music' } : b)) });
		store.update({ focus: 'bus', selectedBus: 1 });
		sent.length = 0;
		expect(await bakeDuck(store, analyseDuck)).toBe(true);
		const state = store.getState();
		const lane = state.session.buses[1]!.automation?.duck;
		expect(lane?.length).toBeGreaterThanOrEqual(8);
		expect(state.status?.text).toMatch(/^ducked MX under DX \(dialogue bus\): 3 lines, deepest -\d+\.\d dB, \d+ points \(\d+\.\d s\)$/);
		// The engine reloads the document with the lane in it.
		const load = sent.filter((c) => c.type === 'load').at(-1) as Extract<EngineCommand, { type: 'load' }> | undefined;
		expect(load?.session.buses[1]!.automation?.duck).toEqual(lane);
		// The same lane the command writes.
		const direct = await analyseDuck(session, file, { target: 'MX', key: 'DX', settings: DUCK_DEFAULTS });
		expect(lane).toEqual(direct.lane);
		store.undo();
		expect(store.getState().session.buses[1]!.automation).toBeUndefined();
		expect(store.getState().status?.text).toBe('undo: Duck MX under DX');
	});

	it('runs from the mixer action (in the worker when dubdesk is built)', async () => {
		const { store } = mixer();
		store.update({ focus: 'bus', selectedBus: 1 });
		const media = new MediaCache(async () => {
			throw new Error('no media reads here');
		});
		runAction('mixer.bakeDuck', { store, media, bankSize: 8, laneColumns: 60, hasMidi: false, quit: () => {} });
		expect(store.getState().status?.text).toBe('analysing DX (dialogue bus) to duck MX …');
		for (let i = 0; i < 400 && !store.getState().status?.text.startsWith('ducked'); i++) await new Promise((r) => setTimeout(r, 50));
		expect(store.getState().status?.text).toMatch(/^ducked MX under DX/);
		expect(store.getState().history.past.length).toBe(1);
	});

	it("keys a track by its ducker's key", async () => {
		const keyed = { ...session, tracks: session.tracks.map((t) => (t.id === 'mx1' ? { ...t, duck: { on: false, key: 'dx1', threshold: -40, depth: -10, attack: 40, hold: 300, release: 600, lookahead: 20 } } : t)) };
		expect(duckKeyFor(keyed, { kind: 'track', id: 'mx1' })).toEqual({ id: 'dx1', why: 'ducker key' });
		const { store } = mixer(keyed);
		store.update({ focus: 'track', selected: 1 });
		expect(await bakeDuck(store, analyseDuck)).toBe(true);
		expect(store.getState().status?.text).toMatch(/^ducked mx1 under dx1 \(ducker key\): 3 lines/);
		expect(store.getState().session.tracks[1]!.automation?.duck?.length).toBeGreaterThan(0);
	});

	it('says why when there is nothing to duck under, or the master is selected', async () => {
		const { store } = mixer({ ...session, buses: session.buses.filter((b) => b.id !== 'DX') });
		store.update({ focus: 'bus', selectedBus: 0 });
		expect(await bakeDuck(store, analyseDuck)).toBe(false);
		expect(store.getState().status).toMatchObject({ kind: 'error', text: expect.stringMatching(/^no key to duck MX under: give it a ducker with a key/) });
		store.update({ focus: 'master' });
		expect(await bakeDuck(store, analyseDuck)).toBe(false);
		expect(store.getState().status?.text).toMatch(/select one/);
		expect(store.getState().history.past.length).toBe(0);
	});

	it('gets the same result from the worker thread', async (ctx) => {
		const worker = duckWorkerPath();
		if (!worker) return ctx.skip();
		const request = { target: 'MX', key: 'DX', settings: DUCK_DEFAULTS };
		const [there, here] = await Promise.all([analyseInWorker(session, file, request, worker), analyseDuck(session, file, request)]);
		expect(there.lines).toEqual(here.lines);
		expect(there.lane).toEqual(here.lane);
		await expect(analyseInWorker(session, file, { ...request, key: 'nope' }, worker)).rejects.toThrow(/no bus or track "nope"/);
	});
});
