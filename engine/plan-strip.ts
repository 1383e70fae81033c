// The strip part of the plan: a session's `strip:` as the ordered list of sections the engine
// builds, each with its parameter values and its address ('hpf', 'eq.2', 'compressor' …).
// Sections that are absent or `on: false` are left out: bit-transparent, no latency.
import path from 'node:path';
import type { Duck, Reverb, Session, Strip } from '../sessions/types.js';
import { readWholeMedia } from './media/read-whole.js';
import { MAX_IR_SECONDS } from './dsp/reverb/convolution.js';
import { tailSeconds as convolutionTail } from './dsp/reverb/convolution.js';
import { tailSeconds as algorithmicTail } from './dsp/reverb/fdn.js';
import { BAND_TYPES, DUCK_PARAMS, STRIP_PARAMS, type StripSectionName } from '../sessions/strip-params.js';

/** A track or a bus, by plan index. */
export interface NodeRef {
	kind: 'track' | 'bus';
	index: number;
}

export interface PlanSection {
	/** Address inside the strip: 'trim', 'hpf', 'lpf', 'gate', 'eq.0' … 'eq.7', 'compressor', 'deesser', 'limiter'; 'reverb' on a return. */
	path: string;
	kind: StripSectionName | 'reverb' | 'convolution' | 'duck';
	/** A convolution's impulse response, read whole off the audio path. */
	ir?: { channels: Float32Array[]; sampleRate: number; file: string };
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

/** A ducker as a one-section strip ('duck', keyed), or undefined when there is none or it is off (then it has no latency). */
export function planDuck(duck: Duck | undefined, key: Keyed): PlanStrip | undefined {
	if (!duck?.on) return undefined;
	const ref = key(duck.key);
	return { bypass: false, sections: [{ path: 'duck', kind: 'duck', values: values(duck, DUCK_PARAMS.map((p) => p.name)), ...(ref ? { key: ref } : {}) }] };
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

/** The longest reverb tail a render waits for after the last clip. */
export const TAIL_CAP_SECONDS = 30;

/** A return's reverb as a one-section chain; a convolution's impulse response is read here. */
export async function planReverb(reverb: Reverb, sessionDir: string): Promise<PlanStrip> {
	if ('ir' in reverb) {
		const file = path.resolve(sessionDir, reverb.ir);
		const media = await readWholeMedia(file, MAX_IR_SECONDS);
		return {
			bypass: false,
			sections: [{ path: 'reverb', kind: 'convolution', values: { predelay: reverb.predelay, mix: reverb.mix }, ir: { channels: media.channels, sampleRate: media.info.sampleRate, file } }],
		};
	}
	const { decay, predelay, size, damping, width, mix } = reverb;
	return { bypass: false, sections: [{ path: 'reverb', kind: 'reverb', values: { decay, predelay, size, damping, width, mix } }] };
}

/** Seconds after its input stops until a reverb's output is below −90 dBFS (see each reverb's tailSeconds). */
export function reverbTailSeconds(section: PlanSection, sampleRate: number): number {
	if (section.ir) return convolutionTail(section.ir, section.values.predelay ?? 0);
	return algorithmicTail(section.values, sampleRate);
}
