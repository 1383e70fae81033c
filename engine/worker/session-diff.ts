// Tells a live parameter change (fader, pan, mute, solo, polarity, bus gain, master gain) from
// an edit that changes the graph (clips, routing, automation, tracks added).
import type { Session } from '../../sessions/types.js';
import type { ParamName } from './protocol.js';

export interface ParamChange {
	target: 'track' | 'bus' | 'master';
	/** Track or bus index (0 for master). */
	index: number;
	param: ParamName;
	value: number | boolean;
}

/** The session with live parameters and display-only fields removed. */
function structure(s: Session): string {
	return JSON.stringify({
		sampleRate: s.sampleRate,
		format: s.master.format,
		tracks: s.tracks.map((t) => ({ id: t.id, output: t.output, clips: t.clips, automation: t.automation })),
		buses: s.buses.map((b) => ({ id: b.id, output: b.output })),
		// Timecode-valued times depend on these.
		start: s.start,
		frameRate: s.frameRate,
	});
}

/** The parameter changes from a to b, or null when b needs a new graph. */
export function diffParams(a: Session, b: Session): ParamChange[] | null {
	if (structure(a) !== structure(b)) return null;
	const changes: ParamChange[] = [];
	b.tracks.forEach((t, index) => {
		const o = a.tracks[index]!;
		for (const param of ['gain', 'pan', 'mute', 'solo', 'polarity'] as const) {
			if (o[param] !== t[param]) changes.push({ target: 'track', index, param, value: t[param] });
		}
	});
	b.buses.forEach((bus, index) => {
		const o = a.buses[index]!;
		if (o.gain !== bus.gain) changes.push({ target: 'bus', index, param: 'gain', value: bus.gain });
		if (o.mute !== bus.mute) changes.push({ target: 'bus', index, param: 'mute', value: bus.mute });
	});
	if (a.master.gain !== b.master.gain) changes.push({ target: 'master', index: 0, param: 'gain', value: b.master.gain });
	return changes;
}
