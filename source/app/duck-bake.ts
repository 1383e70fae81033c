// The mixer's bake-ducking key: the selected track or bus is dipped under its ducker's key (its
// `duck.key`), else under the bus DX. The analysis (engine/duck) renders the document as it is
// in a worker thread; its lane comes back as one undoable edit that replaces only the strip's
// `duck` lane, and the engine reloads the session.
import { DUCK_DEFAULTS } from '../../engine/duck/analyse.js';
import { resolveNode, setDuckLane, type DuckRequest, type DuckResult } from '../../engine/duck/bake.js';
import { analyseInWorker } from '../../engine/duck/duck-client.js';
import type { Session } from '../../sessions/types.js';
import type { MixerStore } from './mixer-store.js';
import { selectedTarget } from './run-action.js';

/** Runs an analysis; the mixer's runs in a worker, tests may run it in their thread. */
export type DuckAnalysis = (session: Session, sessionFile: string, request: DuckRequest) => Promise<DuckResult>;

/** The bus every dialogue stem is called by convention. */
export const DEFAULT_DUCK_KEY = 'DX';

/** Stores with an analysis under way (one at a time each). */
const running = new WeakSet<MixerStore>();

/** The key a strip is ducked under: its ducker's key, else the bus DX (not itself); undefined when neither. */
export function duckKeyFor(session: Session, target: { kind: 'track' | 'bus'; id: string }): { id: string; why: string } | undefined {
	const holder = target.kind === 'track' ? session.tracks.find((t) => t.id === target.id) : session.buses.find((b) => b.id === target.id);
	const own = holder?.duck?.key;
	if (own) return { id: own, why: 'ducker key' };
	if (session.buses.some((b) => b.id === DEFAULT_DUCK_KEY) && !(target.kind === 'bus' && target.id === DEFAULT_DUCK_KEY)) return { id: DEFAULT_DUCK_KEY, why: 'dialogue bus' };
	return undefined;
}

const plain = (message: string) => message.replace(/--(target|key) /g, '');

/**
 * Bakes ducking into the selected strip's duck lane; resolves when done (the status line says
 * what happened either way). Resolves false when nothing was changed.
 */
export async function bakeDuck(store: MixerStore, analyse: DuckAnalysis = analyseInWorker, now: () => number = Date.now): Promise<boolean> {
	const target = selectedTarget(store);
	if (target.kind === 'master') {
		store.say('ducking dips a track or a bus under another: select one', 'error');
		return false;
	}
	const { session, file } = store.getState();
	const key = duckKeyFor(session, target);
	if (!key) {
		store.say(`no key to duck ${target.id} under: give it a ducker with a key (duck: { key: … }) or add a bus ${DEFAULT_DUCK_KEY}`, 'error');
		return false;
	}
	if (running.has(store)) {
		store.say('ducking is already being analysed; wait for it', 'error');
		return false;
	}
	const request: DuckRequest = { target: target.id, targetKind: target.kind, key: key.id, settings: DUCK_DEFAULTS };
	running.add(store);
	const started = now();
	store.say(`analysing ${key.id} (${key.why}) to duck ${target.id} …`);
	let result: DuckResult;
	try {
		result = await analyse(session, file, request);
	} catch (error) {
		store.say(`ducking ${target.id}: ${plain(error instanceof Error ? error.message : String(error))}`, 'error');
		return false;
	} finally {
		running.delete(store);
	}
	const seconds = ((now() - started) / 1000).toFixed(1);
	const n = result.lines.length;
	const lines = `${n} line${n === 1 ? '' : 's'}`;
	if (n === 0) {
		store.say(`no dialogue found on ${key.id} (${key.why}); ${target.id} left as it was`);
		return false;
	}
	let changed: boolean;
	try {
		// The document may have changed while the analysis ran: the lane goes into it as it is now.
		const current = store.getState().session;
		const ref = resolveNode(current, target.id, '', target.kind);
		changed = store.edit(`Duck ${target.id} under ${key.id}`, (s) => setDuckLane(s, ref, result.lane));
	} catch (error) {
		store.say(`ducking ${target.id}: ${plain(error instanceof Error ? error.message : String(error))}`, 'error');
		return false;
	}
	const deepest = result.deepest === 0 ? 'no dip needed' : `deepest ${result.deepest.toFixed(1)} dB`;
	if (!changed) store.say(`${target.id} already ducked under ${key.id} (${key.why}): ${lines}, ${deepest}`);
	else store.say(`ducked ${target.id} under ${key.id} (${key.why}): ${lines}, ${deepest}, ${result.lane.length} points (${seconds} s)`);
	return changed;
}
