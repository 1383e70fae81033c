// Pure edits of the session document. Each returns a new Session sharing every unchanged part
// with its input, never mutates the input, and returns the input itself when nothing changes
// (history skips those). Unknown ids and indexes throw a plain Error: the UI only offers ids
// it got from the session, so they are programming errors. Mixer edits are here; timeline
// edits (clips, markers, loop, automation) are in edit-timeline.ts and re-exported.
import { busIndex, clampFader, finite, nudgeDb, round2, trackIndex, updateBus, updateTrack, withKey } from './edit-util.js';
import { idPattern } from './schema.js';
import type { Bus, Decibels, Session, Track } from './types.js';
import { MASTER, routingCycles } from './validate.js';

export * from './edit-timeline.js';
export * from './edit-pass.js';
export * from './edit-sends.js';
export * from './edit-automation.js';
export * from './edit-lanes.js';

export { DB_MIN, FADER_FLOOR, FADER_MAX, clampFader, nudgeDb } from './edit-util.js';

// Tracks

/** Sets a track fader (clamped like a fader). */
export function setTrackGain(session: Session, trackId: string, db: Decibels): Session {
	return updateTrack(session, trackId, (t) => withKey(t, 'gain', clampFader(db)));
}

/** Moves a track fader by `delta` dB (see nudgeDb). */
export function nudgeTrackGain(session: Session, trackId: string, delta: number): Session {
	return updateTrack(session, trackId, (t) => withKey(t, 'gain', nudgeDb(t.gain, delta)));
}

/** Sets a track pan, clamped to −1 … +1. */
export function setTrackPan(session: Session, trackId: string, pan: number): Session {
	finite(pan, 'pan');
	return updateTrack(session, trackId, (t) => withKey(t, 'pan', Math.min(1, Math.max(-1, pan)) || 0));
}

/** Moves a track pan by `delta`, clamped and rounded to 0.01. */
export function nudgeTrackPan(session: Session, trackId: string, delta: number): Session {
	finite(delta, 'pan change');
	return updateTrack(session, trackId, (t) => withKey(t, 'pan', Math.min(1, Math.max(-1, round2(t.pan + delta))) || 0));
}

/** Centres a track's pan. */
export function centreTrackPan(session: Session, trackId: string): Session {
	return setTrackPan(session, trackId, 0);
}

/** Mutes or unmutes a track. */
export function setTrackMute(session: Session, trackId: string, mute: boolean): Session {
	return updateTrack(session, trackId, (t) => withKey(t, 'mute', mute));
}

/** Flips a track's mute (the mute key). */
export function toggleTrackMute(session: Session, trackId: string): Session {
	return updateTrack(session, trackId, (t) => withKey(t, 'mute', !t.mute));
}

/** Solos or unsolos a track (solo-in-place: others fall silent). */
export function setTrackSolo(session: Session, trackId: string, solo: boolean): Session {
	return updateTrack(session, trackId, (t) => withKey(t, 'solo', solo));
}

/** Flips a track's solo (the solo key). */
export function toggleTrackSolo(session: Session, trackId: string): Session {
	return updateTrack(session, trackId, (t) => withKey(t, 'solo', !t.solo));
}

/** Solos one track and unsolos every other (exclusive solo). */
export function soloOnly(session: Session, trackId: string): Session {
	trackIndex(session, trackId);
	return mapTracks(session, (t) => withKey(t, 'solo', t.id === trackId));
}

/** Unsolos every track. */
export function clearSolos(session: Session): Session {
	return mapTracks(session, (t) => withKey(t, 'solo', false));
}

/** Unmutes every track. */
export function clearMutes(session: Session): Session {
	return mapTracks(session, (t) => withKey(t, 'mute', false));
}

/** Whether any track is soloed (then only soloed tracks are heard). */
export function anySolo(session: Session): boolean {
	return session.tracks.some((t) => t.solo);
}

/** Flips a track's polarity (Ø). */
export function toggleTrackPolarity(session: Session, trackId: string): Session {
	return updateTrack(session, trackId, (t) => withKey(t, 'polarity', !t.polarity));
}

/** Routes a track to 'master' or a bus; throws for an unknown bus. */
export function setTrackOutput(session: Session, trackId: string, output: string): Session {
	if (output !== MASTER) busIndex(session, output);
	return updateTrack(session, trackId, (t) => withKey(t, 'output', output));
}

/** Renames a track; an empty name removes it (the id is shown instead). */
export function renameTrack(session: Session, trackId: string, name: string): Session {
	return updateTrack(session, trackId, (t) => withKey(t, 'name', name === '' ? undefined : name));
}

/** A new track fields, id required; the rest default as in the schema. */
export type NewTrack = Pick<Track, 'id'> & Partial<Track>;

/** Adds a track at `index` (default: last). Throws for a taken, reserved or malformed id. */
export function addTrack(session: Session, track: NewTrack, index = session.tracks.length): Session {
	checkNewId(track.id, session.tracks, 'track');
	if (track.output !== undefined && track.output !== MASTER) busIndex(session, track.output);
	const full: Track = { output: MASTER, gain: 0, pan: 0, mute: false, solo: false, polarity: false, clips: [], ...track };
	const tracks = session.tracks.slice();
	tracks.splice(Math.max(0, Math.min(index, tracks.length)), 0, full);
	return { ...session, tracks };
}

/** Removes a track. */
export function removeTrack(session: Session, trackId: string): Session {
	const i = trackIndex(session, trackId);
	return { ...session, tracks: session.tracks.filter((_, k) => k !== i) };
}

/** Moves a track to position `index` (clamped), keeping the others in order. */
export function moveTrack(session: Session, trackId: string, index: number): Session {
	const from = trackIndex(session, trackId);
	const to = Math.max(0, Math.min(Math.trunc(index), session.tracks.length - 1));
	if (from === to) return session;
	const tracks = session.tracks.slice();
	const [track] = tracks.splice(from, 1);
	tracks.splice(to, 0, track);
	return { ...session, tracks };
}

function mapTracks(session: Session, fn: (t: Track) => Track): Session {
	let changed = false;
	const tracks = session.tracks.map((t) => {
		const next = fn(t);
		if (next !== t) changed = true;
		return next;
	});
	return changed ? { ...session, tracks } : session;
}

function checkNewId(id: string, taken: readonly { id: string }[], what: string): void {
	if (!idPattern.test(id)) throw new Error(`${what} id "${id}" is not a valid id`);
	if (id === MASTER) throw new Error(`"${MASTER}" is reserved`);
	if (taken.some((x) => x.id === id)) throw new Error(`${what} id "${id}" is taken`);
}

// Buses and master

/** Sets a bus fader (clamped like a fader). */
export function setBusGain(session: Session, busId: string, db: Decibels): Session {
	return updateBus(session, busId, (b) => withKey(b, 'gain', clampFader(db)));
}

/** Moves a bus fader by `delta` dB (see nudgeDb). */
export function nudgeBusGain(session: Session, busId: string, delta: number): Session {
	return updateBus(session, busId, (b) => withKey(b, 'gain', nudgeDb(b.gain, delta)));
}

/** Mutes or unmutes a bus (its stem too). */
export function setBusMute(session: Session, busId: string, mute: boolean): Session {
	return updateBus(session, busId, (b) => withKey(b, 'mute', mute));
}

/** Flips a bus's mute. */
export function toggleBusMute(session: Session, busId: string): Session {
	return updateBus(session, busId, (b) => withKey(b, 'mute', !b.mute));
}

/** Renames a bus; an empty name removes it. */
export function renameBus(session: Session, busId: string, name: string): Session {
	return updateBus(session, busId, (b) => withKey(b, 'name', name === '' ? undefined : name));
}

/** Routes a bus to 'master' or another bus; throws for an unknown bus or a routing cycle. */
export function setBusOutput(session: Session, busId: string, output: string): Session {
	if (output !== MASTER) busIndex(session, output);
	const next = updateBus(session, busId, (b) => withKey(b, 'output', output));
	const cycle = routingCycles(next)[0];
	if (cycle) throw new Error(`routing ${busId} to ${output} makes a cycle: ${[...cycle, cycle[0]].join(' → ')}`);
	return next;
}

/** A new bus: id required, the rest default as in the schema. */
export type NewBus = Pick<Bus, 'id'> & Partial<Bus>;

/** Adds a bus at the end. Throws for a taken, reserved or malformed id or an unknown output. */
export function addBus(session: Session, bus: NewBus): Session {
	checkNewId(bus.id, session.buses, 'bus');
	if (bus.output !== undefined && bus.output !== MASTER) busIndex(session, bus.output);
	return { ...session, buses: [...session.buses, { output: MASTER, gain: 0, mute: false, ...bus }] };
}

/** Removes a bus; whatever was routed to it goes where it went, so nothing falls silent. */
export function removeBus(session: Session, busId: string): Session {
	const i = busIndex(session, busId);
	const to = session.buses[i].output;
	const reroute = <T extends { output: string }>(x: T) => (x.output === busId ? { ...x, output: to } : x);
	return {
		...session,
		buses: session.buses.filter((_, k) => k !== i).map(reroute),
		tracks: session.tracks.some((t) => t.output === busId) ? session.tracks.map(reroute) : session.tracks,
	};
}

/** Sets the master fader (clamped like a fader). */
export function setMasterGain(session: Session, db: Decibels): Session {
	const master = withKey(session.master, 'gain', clampFader(db));
	return master === session.master ? session : { ...session, master };
}

/** Moves the master fader by `delta` dB (see nudgeDb). */
export function nudgeMasterGain(session: Session, delta: number): Session {
	const master = withKey(session.master, 'gain', nudgeDb(session.master.gain, delta));
	return master === session.master ? session : { ...session, master };
}

/** Renames the session. */
export function renameSession(session: Session, name: string): Session {
	return withKey(session, 'name', name);
}
