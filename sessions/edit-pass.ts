// Putting an automation pass into the document: the lanes the engine wrote replace the lanes
// they name, whole (the engine sends each one complete: the old points before and after the
// pass with the pass in between), and a strip in write mode becomes touch, as consoles do.
import type { Bus, Session, Track } from './types.js';

export interface PassLane {
	/** A track's lane (the default), a bus's, or the master's. */
	target?: 'track' | 'bus' | 'master';
	/** The track's or bus's id. */
	track: string;
	/** 'gain', 'pan', 'send.VERB', or a strip path ('eq.0.gain'). */
	lane: string;
	points: [number, number][];
}

export function applyPass(session: Session, lanes: readonly PassLane[]): Session {
	if (lanes.length === 0) return session;
	const write = <T extends Track | Bus>(node: T, mine: PassLane[] | undefined): T => {
		if (!mine) return node;
		const automation = { ...(node.automation ?? {}) } as NonNullable<Track['automation']>;
		for (const l of mine) automation[l.lane] = l.points.map(([s, v]) => [s, v]);
		const mode = (automation as { mode?: string }).mode;
		if (mode === 'write') (automation as { mode?: string }).mode = 'touch';
		return { ...node, automation };
	};
	const group = (target: 'track' | 'bus' | 'master') => {
		const by = new Map<string, PassLane[]>();
		for (const l of lanes) if ((l.target ?? 'track') === target) by.set(l.track, [...(by.get(l.track) ?? []), l]);
		return by;
	};
	const tracks = group('track');
	const buses = group('bus');
	const master = lanes.filter((l) => l.target === 'master');
	return {
		...session,
		master: master.length > 0 ? write(session.master as unknown as Track, master) as unknown as Session['master'] : session.master,
		tracks: tracks.size > 0 ? session.tracks.map((t) => write(t, tracks.get(t.id))) : session.tracks,
		buses: buses.size > 0 ? session.buses.map((b) => write(b, buses.get(b.id))) : session.buses,
	};
}

/** The undo label of a pass: "Automation pass: DX 1 gain, MX 1 pan". */
export function passLabel(session: Session, lanes: readonly PassLane[]): string {
	const names = lanes.map((l) => {
		const t = l.target === 'master' ? { name: 'Master' } : (l.target === 'bus' ? session.buses : session.tracks).find((x) => x.id === l.track);
		return `${t?.name ?? l.track} ${l.lane === 'gain' ? 'fader' : l.lane}`;
	});
	return `Automation pass: ${names.join(', ')}`;
}
