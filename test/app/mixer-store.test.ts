// The store is where keys and surfaces meet the session: edits must become undo steps, reach
// the engine, and be autosaved.
import { describe, expect, it } from 'vitest';
import { KEY_TOUCH_IDLE_MS, MixerStore } from '../../source/app/mixer-store.js';
import { parseSession } from '../../sessions/load.js';
import { nudgeTrackGain, toggleTrackMute } from '../../sessions/edit.js';
import type { EngineCommand } from '../../engine/worker/protocol.js';
import type { Session } from '../../sessions/types.js';
import { editGain } from '../../source/app/mix-commands.js';
import { MixerBridge } from '../../source/midi/mixer-bridge.js';

const session = parseSession('dubdesk: 1\ntracks:\n  - { id: dx1 }\n  - { id: mx1 }\nloop: { from: 1, to: 3 }\n', 'test.yaml');

function setup(now = () => 1000) {
	const sent: EngineCommand[] = [];
	const saved: Session[] = [];
	const autosaved: Session[] = [];
	const store = new MixerStore({
		session,
		file: '/tmp/test.yaml',
		send: (c) => sent.push(c),
		save: async (_f, s) => void saved.push(s),
		autosave: { path: '', schedule: (s) => autosaved.push(s), flush: async () => {}, discard: async () => {}, dispose: async () => {} },
		now,
	});
	return { store, sent, saved, autosaved };
}

describe('MixerStore', () => {
	it('loads the session into the engine on start', () => {
		const { sent } = setup();
		expect(sent[0]).toMatchObject({ type: 'load', sessionFile: '/tmp/test.yaml' });
	});

	it('turns an edit into an undo step, an engine command and an autosave', () => {
		const { store, sent, autosaved } = setup();
		sent.length = 0;
		store.editParam('Mute dx1', { target: 'track', id: 'dx1', param: 'mute' }, (s) => toggleTrackMute(s, 'dx1'));
		expect(store.getState().session.tracks[0]!.mute).toBe(true);
		expect(store.getState().dirty).toBe(true);
		// A parameter edit reaches the engine as a small live command, not a whole session.
		expect(sent).toEqual([{ type: 'param', target: 'track', id: 'dx1', param: 'mute', value: true }]);
		expect(autosaved).toHaveLength(1);
		store.undo();
		expect(store.getState().session.tracks[0]!.mute).toBe(false);
		expect(store.getState().dirty).toBe(false);
		// Undo sends the document; the engine finds it differs only in a parameter and applies it live.
		expect(sent.at(-1)).toMatchObject({ type: 'load', session: { tracks: [{ id: 'dx1', mute: false }, {}] } });
		store.redo();
		expect(store.getState().session.tracks[0]!.mute).toBe(true);
		// An edit that changes the graph sends the whole session.
		store.edit('Add track', (s) => ({ ...s, tracks: [...s.tracks, { ...s.tracks[0]!, id: 'fx1' }] }));
		expect(sent.at(-1)).toMatchObject({ type: 'load', session: { tracks: [{}, {}, { id: 'fx1' }] } });
	});

	it('coalesces a held fader key into one undo step', () => {
		let t = 0;
		const { store } = setup(() => (t += 100));
		for (let i = 0; i < 6; i++) store.edit('Fader dx1', (s) => nudgeTrackGain(s, 'dx1', -0.5), { coalesce: 'gain:dx1' });
		expect(store.getState().session.tracks[0]!.gain).toBe(-3);
		store.undo();
		expect(store.getState().session.tracks[0]!.gain).toBe(0);
	});

	it('a key nudge and a surface ride of the same fader are one undo step', () => {
		let t = 0;
		const { store, sent } = setup(() => (t += 100));
		const dx1 = { kind: 'track' as const, id: 'dx1', name: 'dx1' };
		editGain(store, dx1, 'nudge', -0.5);
		const bridge = new MixerBridge(store, { editIntervalMs: 0 });
		for (const db of [-2, -4, -6]) bridge.setGain({ kind: 'track', index: 0, id: 'dx1', name: 'dx1' }, db);
		expect(store.getState().session.tracks[0]!.gain).toBe(-6);
		// Each move went to the engine as a live change of that one control.
		expect(sent.filter((c) => c.type === 'param').map((c) => (c as { value: number }).value)).toEqual([-0.5, -2, -4, -6]);
		store.undo();
		expect(store.getState().session.tracks[0]!.gain).toBe(0);
	});

	it('saves, marks clean, and reports a failing edit without throwing', async () => {
		const { store, saved } = setup();
		store.edit('Mute dx1', (s) => toggleTrackMute(s, 'dx1'));
		expect(await store.save()).toBe(true);
		expect(saved).toHaveLength(1);
		expect(store.getState().dirty).toBe(false);
		store.edit('bad', () => {
			throw new Error('no such bus "ZZ"');
		});
		expect(store.getState().status).toMatchObject({ kind: 'error', text: 'no such bus "ZZ"' });
	});

	it('says why there is no sound once per reason', () => {
		const { store } = setup();
		const status = { kind: 'null' as const, name: 'null', sampleRate: 48000, channels: 2, bufferFrames: 512, latencyMs: 21, reason: 'no sound card' };
		store.handleEngineEvent({ type: 'device', status });
		expect(store.getState().status?.text).toMatch(/no sound card/);
		store.say('something else');
		store.handleEngineEvent({ type: 'device', status });
		expect(store.getState().status?.text).toBe('something else');
	});

	it('sends the loop range when looping is switched on', () => {
		const { store, sent } = setup();
		expect(store.getState().loopEnabled).toBe(true);
		expect(sent).toContainEqual({ type: 'loop', range: { from: 1, to: 3 } });
		store.toggleLoop();
		expect(sent.at(-1)).toEqual({ type: 'loop', range: null });
	});

	it('an automation pass, with the fader moves made during it, is one undo step that undo restores exactly', () => {
		let t = 0;
		const { store } = setup(() => (t += 2000));
		const before = store.getState().session;
		store.handleEngineEvent({ type: 'transport', playing: true, seconds: 0 });
		editGain(store, { kind: 'track', id: 'dx1', name: 'dx1' }, 'set', -6);
		editGain(store, { kind: 'track', id: 'dx1', name: 'dx1' }, 'set', -9);
		const lanes = [{ target: 'track' as const, track: 'dx1', lane: 'gain', points: [[0, 0], [0.01, -6], [1.2, -9], [1.45, 0]] as [number, number][] }];
		store.handleEngineEvent({ type: 'transport', playing: false, seconds: 1.5 });
		store.handleEngineEvent({ type: 'pass', from: 0, to: 1.5, lanes });
		expect(store.getState().session.tracks[0]!.automation?.gain).toEqual(lanes[0]!.points);
		expect(store.getState().status?.text).toBe('Automation pass: dx1 fader');
		store.undo();
		expect(store.getState().session).toBe(before);
		store.redo();
		expect(store.getState().session.tracks[0]!.automation?.gain).toEqual(lanes[0]!.points);
	});

	it('a fader key touches its control while playing and releases it after an idle', async () => {
		const { vi } = await import('vitest');
		vi.useFakeTimers();
		try {
			const { store, sent } = setup();
			store.handleEngineEvent({ type: 'transport', playing: true, seconds: 0 });
			sent.length = 0;
			editGain(store, { kind: 'track', id: 'dx1', name: 'dx1' }, 'nudge', -0.5);
			vi.advanceTimersByTime(KEY_TOUCH_IDLE_MS - 100);
			editGain(store, { kind: 'track', id: 'dx1', name: 'dx1' }, 'nudge', -0.5);
			vi.advanceTimersByTime(KEY_TOUCH_IDLE_MS - 100);
			expect(sent.filter((c) => c.type === 'touch')).toEqual([]);
			vi.advanceTimersByTime(200);
			expect(sent.filter((c) => c.type === 'touch')).toEqual([{ type: 'touch', target: 'track', id: 'dx1', param: 'gain', touching: false }]);
		} finally {
			vi.useRealTimers();
		}
	});
});
