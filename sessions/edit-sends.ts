// Pure edits of a track's aux sends that are more than one value: adding a send, removing one,
// moving its tap before or after the fader. (A send's level and on/off are parameters:
// 'send.VERB' and 'send.VERB.on' in params.ts.) Each changes the graph the engine runs, so each
// is one store.edit. A send that would close a routing loop (through a compressor key) is
// refused with the whole path.
import { busIndex, replaceAt, trackIndex, updateTrack, withKey } from './edit-util.js';
import { SEND_SPEC } from './strip-params.js';
import type { Decibels, Send, Session, Track } from './types.js';
import { keyCycles } from './validate-strip.js';

/** Most sends on one track (the schema's limit). */
export const MAX_SENDS = 16;

function sendIndex(track: Track, to: string): number {
	const i = track.sends?.findIndex((s) => s.to === to) ?? -1;
	if (i < 0) throw new Error(`${track.name ?? track.id} has no send to ${to}`);
	return i;
}

/**
 * The bus a new send of `trackId` goes to: the first return (a bus with a reverb) it does not
 * send to yet, then any other bus it does not send to and is not routed to. Undefined when
 * there is none.
 */
export function nextSendBus(session: Session, trackId: string): string | undefined {
	const track = session.tracks[trackIndex(session, trackId)]!;
	const taken = new Set((track.sends ?? []).map((s) => s.to));
	const free = session.buses.filter((b) => !taken.has(b.id));
	return (free.find((b) => b.reverb) ?? free.find((b) => b.id !== track.output))?.id;
}

/** Adds a send from a track to bus `to` (post-fader, on, at `gain`, by default the table's default). */
export function addSend(session: Session, trackId: string, to: string, options: { gain?: Decibels; pre?: boolean } = {}): Session {
	busIndex(session, to);
	const next = updateTrack(session, trackId, (t) => {
		const sends = t.sends ?? [];
		if (sends.some((s) => s.to === to)) throw new Error(`${t.name ?? t.id} already sends to ${to}`);
		if (sends.length >= MAX_SENDS) throw new Error(`${t.name ?? t.id} has ${MAX_SENDS} sends already (the most a track takes)`);
		const send: Send = { on: true, to, gain: options.gain ?? SEND_SPEC.default, pre: options.pre ?? false };
		return { ...t, sends: [...sends, send] };
	});
	const cycle = keyCycles(next)[0];
	if (cycle) throw new Error(`a send from ${trackId} to ${to} closes a routing loop: ${cycle.nodes.join(' → ')}`);
	return next;
}

/** Removes a track's send to `to` (the sends key goes with the last one). */
export function removeSend(session: Session, trackId: string, to: string): Session {
	return updateTrack(session, trackId, (t) => {
		const i = sendIndex(t, to);
		const sends = t.sends!.filter((_, k) => k !== i);
		return withKey(t, 'sends', sends.length > 0 ? sends : undefined);
	});
}

/** Taps a track's send to `to` before the fader (`pre`) or after it. */
export function setSendPre(session: Session, trackId: string, to: string, pre: boolean): Session {
	return updateTrack(session, trackId, (t) => {
		const i = sendIndex(t, to);
		const send = withKey(t.sends![i]!, 'pre', pre);
		const sends = replaceAt(t.sends!, i, send);
		return sends === t.sends ? t : { ...t, sends };
	});
}

/** Flips a send between pre-fader and post-fader. */
export function toggleSendPre(session: Session, trackId: string, to: string): Session {
	const track = session.tracks[trackIndex(session, trackId)]!;
	return setSendPre(session, trackId, to, !track.sends![sendIndex(track, to)]!.pre);
}
