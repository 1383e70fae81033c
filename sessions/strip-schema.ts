// The `strip:` key of a track, a bus or the master (README "Channel strip"). Ranges and defaults
// come from strip-params.ts; what depends on the sample rate (frequencies under Nyquist) and on
// other ids (a compressor's key) is checked in validate.ts.
import { z } from 'zod';
import { BAND_TYPES, CONVOLUTION_PARAMS, MAX_EQ_BANDS, REVERB_PARAMS, STRIP_PARAMS, TRIM_SPEC, type StripParamSpec } from './strip-params.js';

function param(specs: readonly StripParamSpec[], name: string) {
	const s = specs.find((p) => p.name === name)!;
	const range = `${s.minExclusive ? `above ${s.min}` : `from ${s.min}`} to ${s.max}${s.unit ? ` ${s.unit}` : ''}`;
	let n = z.number({ error: `a number ${range}` });
	n = s.minExclusive ? n.gt(s.min, `must be ${range}`) : n.min(s.min, `must be ${range}`);
	n = n.max(s.max, `must be ${range}`);
	if (s.choices) {
		const choices = s.choices;
		n = n.refine((v) => choices.includes(v), `must be one of ${choices.join(', ')}`);
	}
	return n.default(s.default);
}

const on = z.boolean().default(true);
const P = STRIP_PARAMS;

const filter = (specs: readonly StripParamSpec[]) => z.strictObject({ on, freq: param(specs, 'freq'), slope: param(specs, 'slope') });

export const bandSchema = z.strictObject({
	on,
	type: z.enum(BAND_TYPES).default('bell'),
	freq: param(P.band, 'freq'),
	gain: param(P.band, 'gain'),
	q: param(P.band, 'q'),
});

/** A bus or track id named as a sidechain key (checked against the session in validate.ts). */
const key = z.string().min(1).optional();

export const stripSchema = z.strictObject({
	bypass: z.boolean().default(false),
	trim: param([TRIM_SPEC], 'trim'),
	hpf: filter(P.hpf).optional(),
	lpf: filter(P.lpf).optional(),
	gate: z
		.strictObject({
			on,
			threshold: param(P.gate, 'threshold'),
			range: param(P.gate, 'range'),
			attack: param(P.gate, 'attack'),
			hold: param(P.gate, 'hold'),
			release: param(P.gate, 'release'),
		})
		.optional(),
	eq: z.array(bandSchema).min(1, 'give 1 to 8 bands, or leave eq out').max(MAX_EQ_BANDS, `at most ${MAX_EQ_BANDS} bands`).optional(),
	compressor: z
		.strictObject({
			on,
			threshold: param(P.compressor, 'threshold'),
			ratio: param(P.compressor, 'ratio'),
			knee: param(P.compressor, 'knee'),
			attack: param(P.compressor, 'attack'),
			release: param(P.compressor, 'release'),
			makeup: param(P.compressor, 'makeup'),
			key,
		})
		.optional(),
	deesser: z
		.strictObject({ on, freq: param(P.deesser, 'freq'), threshold: param(P.deesser, 'threshold'), range: param(P.deesser, 'range') })
		.optional(),
	limiter: z.strictObject({ on, ceiling: param(P.limiter, 'ceiling'), release: param(P.limiter, 'release') }).optional(),
});

const R = REVERB_PARAMS;

/** `reverb:` on a bus: algorithmic, or convolution when `ir` names an impulse response. */
export const reverbSchema = z.union([
	z.strictObject({
		on,
		ir: z.string().min(1),
		predelay: param(CONVOLUTION_PARAMS, 'predelay'),
		mix: param(CONVOLUTION_PARAMS, 'mix'),
	}),
	z.strictObject({
		on,
		decay: param(R, 'decay'),
		predelay: param(R, 'predelay'),
		size: param(R, 'size'),
		damping: param(R, 'damping'),
		width: param(R, 'width'),
		mix: param(R, 'mix'),
	}),
]);

/** One aux send of a track: into a bus, before or after the fader, at a level. */
export const sendSchema = z.strictObject({
	on,
	/** A bus id. */
	to: z.string().min(1),
	gain: z.union([z.number().min(-144).max(12), z.literal(-Infinity)]).default(0),
	pre: z.boolean().default(false),
});
