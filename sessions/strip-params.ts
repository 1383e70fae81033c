// The channel strip's sections and their parameters: one table that the schema, the engine's
// processors, the strip page and the surfaces all read, so a range or a default is written once.
// Times are ms, levels dBFS, gains dB, frequencies Hz. Frequencies must also lie below the
// session's Nyquist frequency; sessions/validate.ts checks that (it needs the sample rate).

/** One continuous (or stepped) parameter of a section. */
export interface StripParamSpec {
	/** Session key inside the section. */
	name: string;
	unit: string;
	min: number;
	max: number;
	/** Whether `min` itself is allowed (a frequency or a q must be above 0). */
	minExclusive?: boolean;
	default: number;
	/** A fine keyboard nudge (coarse is ten times). With `log`, a step in octaves. */
	step: number;
	log?: boolean;
	/** Discrete values only (a filter slope). */
	choices?: readonly number[];
}

/** The section keys in signal order. */
export const STRIP_SECTIONS = ['trim', 'hpf', 'lpf', 'gate', 'eq', 'compressor', 'deesser', 'limiter'] as const;
export type StripSectionName = (typeof STRIP_SECTIONS)[number];

export const BAND_TYPES = ['bell', 'lowShelf', 'highShelf', 'lowCut', 'highCut', 'notch'] as const;
export type BandType = (typeof BAND_TYPES)[number];

/** Most EQ bands on one strip. */
export const MAX_EQ_BANDS = 8;

/** 10 Hz up (a subsonic filter); below the session's Nyquist frequency, which validate.ts checks. */
const freq = (def: number): StripParamSpec => ({ name: 'freq', unit: 'Hz', min: 10, max: 192000, default: def, step: 1 / 12, log: true });

/** Parameters by section (the eq entry is one band's). `type` of a band is not in the table: it is a name. */
export const STRIP_PARAMS: Record<Exclude<StripSectionName, 'trim' | 'eq'> | 'band', readonly StripParamSpec[]> = {
	hpf: [freq(80), { name: 'slope', unit: 'dB/oct', min: 6, max: 24, default: 12, step: 6, choices: [6, 12, 18, 24] }],
	lpf: [freq(16000), { name: 'slope', unit: 'dB/oct', min: 6, max: 24, default: 12, step: 6, choices: [6, 12, 18, 24] }],
	gate: [
		{ name: 'threshold', unit: 'dBFS', min: -90, max: 0, default: -50, step: 1 },
		{ name: 'range', unit: 'dB', min: -90, max: 0, default: -20, step: 1 },
		{ name: 'attack', unit: 'ms', min: 0.1, max: 100, default: 1, step: 0.5 },
		{ name: 'hold', unit: 'ms', min: 0, max: 2000, default: 50, step: 10 },
		{ name: 'release', unit: 'ms', min: 5, max: 5000, default: 150, step: 10 },
	],
	band: [
		freq(1000),
		{ name: 'gain', unit: 'dB', min: -24, max: 24, default: 0, step: 0.5 },
		{ name: 'q', unit: '', min: 0.1, max: 18, default: 0.71, step: 1 / 6, log: true },
	],
	compressor: [
		{ name: 'threshold', unit: 'dBFS', min: -80, max: 0, default: -20, step: 1 },
		{ name: 'ratio', unit: ':1', min: 1, max: 100, default: 3, step: 0.5 },
		{ name: 'knee', unit: 'dB', min: 0, max: 48, default: 6, step: 1 },
		{ name: 'attack', unit: 'ms', min: 0.05, max: 1000, default: 5, step: 0.5 },
		{ name: 'release', unit: 'ms', min: 1, max: 5000, default: 100, step: 10 },
		{ name: 'makeup', unit: 'dB', min: -24, max: 24, default: 0, step: 0.5 },
	],
	deesser: [
		freq(6000),
		{ name: 'threshold', unit: 'dBFS', min: -80, max: 0, default: -30, step: 1 },
		{ name: 'range', unit: 'dB', min: -40, max: 0, default: -8, step: 1 },
	],
	limiter: [
		{ name: 'ceiling', unit: 'dBTP', min: -30, max: 0, default: -1, step: 0.1 },
		{ name: 'release', unit: 'ms', min: 1, max: 5000, default: 50, step: 5 },
	],
};

/** The trim: a gain in dB before everything else. */
export const TRIM_SPEC: StripParamSpec = { name: 'trim', unit: 'dB', min: -24, max: 24, default: 0, step: 0.5 };

/** The allowed range of a parameter as a message says it ("0 < freq ≤ 23999 Hz"). */
export function rangeText(spec: StripParamSpec, max = spec.max): string {
	const lo = `${spec.min} ${spec.minExclusive ? '<' : '≤'}`;
	if (spec.choices) return `one of ${spec.choices.join(', ')}`;
	return `${lo} ${spec.name} ≤ ${max}${spec.unit ? ` ${spec.unit}` : ''}`;
}

/** An algorithmic reverb on a return bus: RT60 at 1 kHz, predelay, size, HF damping, width, wet share. */
export const REVERB_PARAMS: readonly StripParamSpec[] = [
	{ name: 'decay', unit: 's', min: 0.1, max: 30, default: 1.2, step: 0.1, log: true },
	{ name: 'predelay', unit: 'ms', min: 0, max: 500, default: 0, step: 1 },
	{ name: 'size', unit: '', min: 0, max: 1, default: 0.5, step: 0.05 },
	{ name: 'damping', unit: '', min: 0, max: 1, default: 0.5, step: 0.05 },
	{ name: 'width', unit: '', min: 0, max: 1, default: 1, step: 0.05 },
	{ name: 'mix', unit: '', min: 0, max: 1, default: 1, step: 0.05 },
];

/** A convolution reverb: the impulse response's file, predelay and wet share. */
export const CONVOLUTION_PARAMS: readonly StripParamSpec[] = [REVERB_PARAMS[1]!, REVERB_PARAMS[5]!];

/** A send's level. */
export const SEND_SPEC: StripParamSpec = { name: 'gain', unit: 'dB', min: -144, max: 12, default: 0, step: 0.5 };

/**
 * The live ducker (`duck:` on a track or a bus): the key's level at or over `threshold` moves the
 * gain toward `depth` over `attack`; after `hold` under it, back to 0 dB over `release`;
 * `lookahead` delays the ducked signal (compensated) so the dip starts that much early.
 */
export const DUCK_PARAMS: readonly StripParamSpec[] = [
	{ name: 'threshold', unit: 'dBFS', min: -90, max: 0, default: -40, step: 1 },
	{ name: 'depth', unit: 'dB', min: -60, max: 0, default: -10, step: 0.5 },
	{ name: 'attack', unit: 'ms', min: 0.1, max: 2000, default: 40, step: 5 },
	{ name: 'hold', unit: 'ms', min: 0, max: 5000, default: 300, step: 10 },
	{ name: 'release', unit: 'ms', min: 1, max: 10000, default: 600, step: 10 },
	{ name: 'lookahead', unit: 'ms', min: 0, max: 100, default: 20, step: 1 },
];
