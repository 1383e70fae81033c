// Putting an automation pass into the document: the lanes the engine wrote replace the lanes
// they name, whole (the engine sends each one complete: the old points before and after the
// pass with the pass in between), and a strip in write mode becomes touch, as consoles do.
import type { Session, Track } from './types.js';

export interface PassLane {
	track: string;
	/** 'gain', 'pan', 'send.VERB', or a strip path ('eq.0.gain'). */
	lane: string;
	points: [number, number][];
}

export function applyPass(session: Session, lanes: readonly PassLane[]): Session {
	if (lanes.length === 0) return session;
	const byTrack = new Map<string, PassLane[]>();
	for (const l of lanes) byTrack.set(l.track, [...(byTrack.get(l.track) ?? []), l]);
	const tracks = session.tracks.map((t): Track => {
		const mine = byTrack.get(t.id);
		if (!mine) return t;
		const automation = { ...(t.automation ?? {}) } as NonNullable<Track['automation']>;
		for (const l of mine) automation[l.lane] = l.points.map(([s, v]) => [s, v]);
		const mode = (automation as { mode?: string }).mode;
		if (mode === 'write') (automation as { mode?: string }).mode = 'touch';
		return { ...t, automation };
	});
	return { ...session, tracks };
}

/** The undo label of a pass: "Automation pass: DX 1 gain, MX 1 pan". */
export function passLabel(session: Session, lanes: readonly PassLane[]): string {
	const names = lanes.map((l) => {
		const t = session.tracks.find((x) => x.id === l.track);
		return `${t?.name ?? l.track} ${l.lane === 'gain' ? 'fader' : l.lane}`;
	});
	return `Automation pass: ${names.join(', ')}`;
}
