// The strip part of the plan: a session's `strip:` as the ordered list of sections the engine
// builds, each with its parameter values and its address ('hpf', 'eq.2', 'compressor' …).
// Sections that are absent or `on: false` are left out: bit-transparent, no latency.
import type { Session, Strip } from '../sessions/types.js';
import { BAND_TYPES, STRIP_PARAMS, type StripSectionName } from '../sessions/strip-params.js';

/** A track or a bus, by plan index. */
export interface NodeRef {
	kind: 'track' | 'bus';
	index: number;
}

export interface PlanSection {
	/** Address inside the strip: 'trim', 'hpf', 'lpf', 'gate', 'eq.0' … 'eq.7', 'compressor', 'deesser', 'limiter'. */
	path: string;
	kind: StripSectionName;
	/** Parameter values by session key; a band's `type` as its index in BAND_TYPES. */
	values: Record<string, number>;
	/** The node whose output is this section's sidechain. */
	key?: NodeRef;
}

export interface PlanStrip {
	bypass: boolean;
	sections: PlanSection[];
}

type Keyed = (id: string) => NodeRef | undefined;

function values(section: object, names: readonly string[]): Record<string, number> {
	const src = section as Record<string, unknown>;
	const out: Record<string, number> = {};
	for (const n of names) out[n] = src[n] as number;
	return out;
}

/** The plan of a strip, or undefined when there is none. Trim is always built (a live knob; unity is exact). */
export function planStrip(strip: Strip | undefined, key: Keyed): PlanStrip | undefined {
	if (!strip) return undefined;
	const sections: PlanSection[] = [{ path: 'trim', kind: 'trim', values: { gain: strip.trim } }];
	const names = (k: keyof typeof STRIP_PARAMS) => STRIP_PARAMS[k].map((p) => p.name);
	if (strip.hpf?.on) sections.push({ path: 'hpf', kind: 'hpf', values: values(strip.hpf, names('hpf')) });
	if (strip.lpf?.on) sections.push({ path: 'lpf', kind: 'lpf', values: values(strip.lpf, names('lpf')) });
	if (strip.gate?.on) sections.push({ path: 'gate', kind: 'gate', values: values(strip.gate, names('gate')) });
	strip.eq?.forEach((band, i) => {
		if (!band.on) return;
		sections.push({ path: `eq.${i}`, kind: 'eq', values: { ...values(band, names('band')), type: BAND_TYPES.indexOf(band.type) } });
	});
	if (strip.compressor?.on) {
		const c = strip.compressor;
		const ref = c.key === undefined ? undefined : key(c.key);
		sections.push({ path: 'compressor', kind: 'compressor', values: values(c, names('compressor')), ...(ref ? { key: ref } : {}) });
	}
	if (strip.deesser?.on) sections.push({ path: 'deesser', kind: 'deesser', values: values(strip.deesser, names('deesser')) });
	if (strip.limiter?.on) sections.push({ path: 'limiter', kind: 'limiter', values: values(strip.limiter, names('limiter')) });
	return { bypass: strip.bypass, sections };
}

/** Resolves a key id to a node: buses first (the usual case, `key: DX`), then tracks. */
export function keyResolver(session: Session): Keyed {
	const buses = new Map(session.buses.map((b, i) => [b.id, i]));
	const tracks = new Map(session.tracks.map((t, i) => [t.id, i]));
	return (id) => {
		const b = buses.get(id);
		if (b !== undefined) return { kind: 'bus', index: b };
		const t = tracks.get(id);
		return t === undefined ? undefined : { kind: 'track', index: t };
	};
}
