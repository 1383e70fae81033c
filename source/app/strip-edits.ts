// Pure edits of whole strips that a single parameter address cannot say: removing an EQ band,
// and copying one strip onto other tracks or buses (each copy its own object, so the saved YAML
// has no aliases). Each is one store.edit, so one undo step.
import { updateBus, updateTrack, withKey } from '../../sessions/edit-util.js';
import type { Session, Strip } from '../../sessions/types.js';
import { keyCycles } from '../../sessions/validate-strip.js';
import type { MixTarget } from './mix-commands.js';
import { stripOf } from './strip-model.js';

/** The session with the strip of `target` replaced (undefined removes it). */
export function withStrip(session: Session, target: MixTarget, strip: Strip | undefined): Session {
	if (target.kind === 'master') {
		const master = withKey(session.master, 'strip', strip);
		return master === session.master ? session : { ...session, master };
	}
	if (target.kind === 'bus') return updateBus(session, target.id, (b) => withKey(b, 'strip', strip));
	return updateTrack(session, target.id, (t) => withKey(t, 'strip', strip));
}

/** The session without EQ band `band` of `target` (the eq key goes with the last band). */
export function removeBand(session: Session, target: MixTarget, band: number): Session {
	const strip = stripOf(session, target);
	const bands = strip?.eq ?? [];
	if (!strip || !bands[band]) throw new Error(`there is no EQ band ${band + 1} to remove`);
	const eq = bands.filter((_, i) => i !== band);
	return withStrip(session, target, withKey(strip, 'eq', eq.length > 0 ? eq : undefined));
}

/** Tracks on the same bus as a track, or buses feeding the same place as a bus (ids, in order, itself left out). */
export function sameBus(session: Session, target: MixTarget): string[] {
	if (target.kind === 'track') {
		const output = session.tracks.find((t) => t.id === target.id)?.output;
		return session.tracks.filter((t) => t.id !== target.id && t.output === output).map((t) => t.id);
	}
	if (target.kind === 'bus') {
		const output = session.buses.find((b) => b.id === target.id)?.output;
		return session.buses.filter((b) => b.id !== target.id && b.output === output).map((b) => b.id);
	}
	return [];
}

/** The `count` tracks (or buses) after `target` in the session's order. */
export function nextOnes(session: Session, target: MixTarget, count: number): string[] {
	const list = target.kind === 'track' ? session.tracks : target.kind === 'bus' ? session.buses : [];
	const i = list.findIndex((x) => x.id === target.id);
	return i < 0 ? [] : list.slice(i + 1, i + 1 + count).map((x) => x.id);
}

/**
 * The session with `target`'s strip copied onto each of `ids` (tracks for a track, buses for a
 * bus). A compressor key that would close a routing loop on one of them refuses the whole copy.
 */
export function copyStrip(session: Session, target: MixTarget, ids: readonly string[]): Session {
	if (target.kind === 'master') throw new Error('the master has the only master strip: there is nothing to copy it to');
	const strip = stripOf(session, target);
	if (!strip) throw new Error(`${target.name} has no strip to copy`);
	let next = session;
	for (const id of ids) next = withStrip(next, { kind: target.kind, id, name: id }, structuredClone(strip));
	const cycle = keyCycles(next)[0];
	if (cycle) throw new Error(`not copied: the compressor key would close a routing loop (${cycle.nodes.join(' → ')})`);
	return next;
}
