// Adding and removing a live ducker from the mixer (the strip page's DUCK line). The key a new
// ducker gets is the one a mixer almost always wants: the dialogue bus, else the first node
// that closes no routing loop.
import type { Duck, Session } from './types.js';
import { DUCK_PARAMS } from './strip-params.js';
import { keyCycles } from './validate-strip.js';
import { updateBus, updateTrack } from './edit-util.js';

export type DuckOwner = { kind: 'track' | 'bus'; id: string };

function withDuck(session: Session, owner: DuckOwner, duck: Duck | undefined): Session {
	const set = <T extends { duck?: Duck }>(node: T): T => {
		const { duck: _old, ...rest } = node;
		return (duck === undefined ? rest : { ...rest, duck }) as T;
	};
	return owner.kind === 'track' ? updateTrack(session, owner.id, set) : updateBus(session, owner.id, set);
}

/** The ducker a new DUCK line gets: defaults from the parameter table, keyed by `key`. */
export function defaultDuck(key: string): Duck {
	const values = Object.fromEntries(DUCK_PARAMS.map((p) => [p.name, p.default]));
	return { on: true, key, ...values } as Duck;
}

/**
 * Adds a ducker to a track or bus. Without `key`: the bus DX (or dx, Dialog…) when there is one,
 * else the first bus, then the first track, that is not the owner and closes no loop.
 * Throws with one line when there is nothing to key from.
 */
export function addDucker(session: Session, owner: DuckOwner, key?: string): Session {
	const self = (id: string, kind: 'track' | 'bus') => kind === owner.kind && id === owner.id;
	const dialogue = session.buses.filter((b) => /^(dx|dia)/i.test(b.id) && !self(b.id, 'bus')).map((b) => b.id);
	const candidates =
		key !== undefined
			? [key]
			: [
					...dialogue,
					...session.buses.filter((b) => !self(b.id, 'bus')).map((b) => b.id),
					...session.tracks.filter((t) => !self(t.id, 'track')).map((t) => t.id),
				];
	for (const k of candidates) {
		const next = withDuck(session, owner, defaultDuck(k));
		if (keyCycles(next).length === 0) return next;
		if (key !== undefined) throw new Error(`${owner.id} cannot be ducked by ${k}: ${k} is fed by ${owner.id} (a routing loop)`);
	}
	throw new Error(`nothing to duck ${owner.id} under: every other bus and track is fed by it`);
}

/** Removes the ducker of a track or bus. */
export function removeDucker(session: Session, owner: DuckOwner): Session {
	return withDuck(session, owner, undefined);
}
