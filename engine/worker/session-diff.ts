// Tells live parameter changes (faders, pans, mutes, every strip value and switch) from edits
// that change the graph (clips, routing, automation lanes (the duck lane too), tracks, strip
// sections or duckers added or removed, a ducker's key or look-ahead).
import type { Duck, Session, Strip } from '../../sessions/types.js';
import { stripParams, type ParamTarget, type ParamValue } from '../../sessions/params.js';

export interface ParamChange {
	target: ParamTarget;
	/** Track or bus index (0 for master). */
	index: number;
	/** Track or bus id ('master'). */
	id: string;
	/** The parameter's address inside the strip (sessions/params.ts). */
	param: string;
	value: ParamValue;
}

/** What of a strip needs a graph: which sections exist, how many bands, and keys. */
function stripShape(s: Strip | undefined): unknown {
	if (!s) return null;
	return [!!s.hpf, !!s.lpf, !!s.gate, s.eq?.length ?? 0, !!s.compressor, s.compressor?.key ?? null, !!s.deesser, !!s.limiter];
}

/** What of a ducker needs a graph: whether there is one, its key, its look-ahead (a latency). Its switch and levels are live. */
function duckShape(d: Duck | undefined): unknown {
	return d ? [d.key, d.lookahead] : null;
}

/** A ducker's live values that changed ('duck.depth', 'duck.on' …). */
function duckChanges(out: ParamChange[], target: ParamTarget, index: number, id: string, a: Duck | undefined, b: Duck | undefined): void {
	if (a === b || !a || !b) return;
	for (const name of ['on', 'threshold', 'depth', 'attack', 'hold', 'release'] as const) {
		if (a[name] !== b[name]) out.push({ target, index, id, param: `duck.${name}`, value: b[name] });
	}
}

/** The session with live parameters and display-only fields removed. */
function structure(s: Session): string {
	return JSON.stringify({
		sampleRate: s.sampleRate,
		format: s.master.format,
		master: stripShape(s.master.strip),
		tracks: s.tracks.map((t) => ({ id: t.id, output: t.output, clips: t.clips, automation: t.automation, strip: stripShape(t.strip), duck: duckShape(t.duck), sends: t.sends?.map((x) => [x.to, x.pre]) })),
		buses: s.buses.map((b) => ({ id: b.id, output: b.output, automation: b.automation, strip: stripShape(b.strip), duck: duckShape(b.duck), reverb: b.reverb ? ('ir' in b.reverb ? b.reverb.ir : 'fdn') : null })),
		// Timecode-valued times depend on these.
		start: s.start,
		frameRate: s.frameRate,
	});
}

function stripChanges(out: ParamChange[], target: ParamTarget, index: number, id: string, a: Strip | undefined, b: Strip | undefined): void {
	if (a === b) return;
	const before = new Map(stripParams(a));
	for (const [param, value] of stripParams(b)) {
		if (!Object.is(before.get(param), value)) out.push({ target, index, id, param, value });
	}
}

/** The parameter changes from a to b, or null when b needs a new graph. */
export function diffParams(a: Session, b: Session): ParamChange[] | null {
	if (structure(a) !== structure(b)) return null;
	const changes: ParamChange[] = [];
	b.tracks.forEach((t, index) => {
		const o = a.tracks[index]!;
		if (o === t) return;
		for (const param of ['gain', 'pan', 'mute', 'solo', 'polarity'] as const) {
			if (o[param] !== t[param]) changes.push({ target: 'track', index, id: t.id, param, value: t[param] });
		}
		// Absent surround fields are their defaults (front, no LFE).
		if ((o.panY ?? -1) !== (t.panY ?? -1)) changes.push({ target: 'track', index, id: t.id, param: 'panY', value: t.panY ?? -1 });
		if ((o.lfe ?? -Infinity) !== (t.lfe ?? -Infinity)) changes.push({ target: 'track', index, id: t.id, param: 'lfe', value: t.lfe ?? -Infinity });
		stripChanges(changes, 'track', index, t.id, o.strip, t.strip);
		duckChanges(changes, 'track', index, t.id, o.duck, t.duck);
		t.sends?.forEach((send, k) => {
			const was = o.sends![k]!;
			if (was.gain !== send.gain) changes.push({ target: 'track', index, id: t.id, param: `send.${send.to}`, value: send.gain });
			if (was.on !== send.on) changes.push({ target: 'track', index, id: t.id, param: `send.${send.to}.on`, value: send.on });
		});
	});
	b.buses.forEach((bus, index) => {
		const o = a.buses[index]!;
		if (o === bus) return;
		if (o.gain !== bus.gain) changes.push({ target: 'bus', index, id: bus.id, param: 'gain', value: bus.gain });
		if (o.mute !== bus.mute) changes.push({ target: 'bus', index, id: bus.id, param: 'mute', value: bus.mute });
		stripChanges(changes, 'bus', index, bus.id, o.strip, bus.strip);
		duckChanges(changes, 'bus', index, bus.id, o.duck, bus.duck);
		if (bus.reverb && o.reverb !== bus.reverb) {
			const before = o.reverb as unknown as Record<string, ParamValue>;
			for (const [k, v] of Object.entries(bus.reverb)) {
				if (k !== 'ir' && !Object.is(before[k], v)) changes.push({ target: 'bus', index, id: bus.id, param: `reverb.${k}`, value: v as ParamValue });
			}
		}
	});
	if (a.master.gain !== b.master.gain) changes.push({ target: 'master', index: 0, id: 'master', param: 'gain', value: b.master.gain });
	stripChanges(changes, 'master', 0, 'master', a.master.strip, b.master.strip);
	return changes;
}
