// One band of the strip's EQ: a biquad from the RBJ Audio EQ Cookbook (Robert Bristow-Johnson),
// A = 10^(gain/40), w0 = 2π·freq/fs, α = sin(w0)/(2·q). `bell` is the cookbook's peakingEQ;
// `lowShelf`/`highShelf` its shelves with α taken from q (q = 1/√2 is the cookbook's shelf
// slope S = 1, the steepest without overshoot); `lowCut`/`highCut` its HPF/LPF with that q;
// `notch` its notch. These are the bilinear transforms of the cookbook's analog prototypes
// prewarped at w0, so the response is theirs exactly. Gain applies to bell and shelves only.
//
// Defaults: a 1 kHz bell at 0 dB with q 0.71, which is exactly transparent (and skipped).
// Live changes: freq and q move in ratio, gain in dB (see CascadeProcessor); a type change
// crossfades from the old band to the new over 10 ms.
import { BAND_TYPES, STRIP_PARAMS } from '../../sessions/strip-params.js';
import { CascadeProcessor, SECTION_COEFFS, unpackCoefficients, type BiquadCoefficients } from './biquad.js';
import type { ParamSpec } from './processor.js';
import { formatHz } from './response.js';
import { formatDb } from '../units.js';

export { BAND_TYPES };
export type BandType = (typeof BAND_TYPES)[number];

const BELL = 0;
const LOW_SHELF = 1;
const HIGH_SHELF = 2;
const LOW_CUT = 3;
const HIGH_CUT = 4;

/** Centres stay under this fraction of the sample rate (the schema refuses such bands anyway). */
export const MAX_CENTRE = 0.49;

/** [type (index into BAND_TYPES), freq (Hz), gain (dB), q]. */
export const EQ_BAND_SPECS: readonly ParamSpec[] = [
	{ name: 'type', unit: '', min: 0, max: BAND_TYPES.length - 1, default: BELL, step: 1, choices: BAND_TYPES.map((_, i) => i) },
	// The session's table for the rest, so the engine and the schema agree.
	...STRIP_PARAMS.band,
];

/** Whether a band type has a gain (the cuts and the notch do not). */
export function bandHasGain(type: BandType): boolean {
	return type === 'bell' || type === 'lowShelf' || type === 'highShelf';
}

/**
 * Writes the cookbook biquad of band type index `type` into out[0..5). args = [freq, gain, q,
 * sampleRate] (an array so that no double crosses a call on the audio path). Any thread; never
 * allocates.
 */
export function writeRbj(out: Float64Array, type: number, args: Float64Array): void {
	const fs = args[3]!;
	const w0 = (2 * Math.PI * Math.min(args[0]!, MAX_CENTRE * fs)) / fs;
	const a = Math.pow(10, args[1]! / 40);
	const cs = Math.cos(w0);
	const alpha = Math.sin(w0) / (2 * args[2]!);
	let b0: number, b1: number, b2: number, a0: number, a1: number, a2: number;
	if (type === BELL) {
		b0 = 1 + alpha * a;
		b1 = -2 * cs;
		b2 = 1 - alpha * a;
		a0 = 1 + alpha / a;
		a1 = -2 * cs;
		a2 = 1 - alpha / a;
	} else if (type === LOW_SHELF || type === HIGH_SHELF) {
		const r = 2 * Math.sqrt(a) * alpha;
		// The high shelf is the low one with the sign of (A − 1) flipped.
		const p = a + 1;
		const m = type === LOW_SHELF ? a - 1 : 1 - a;
		b0 = a * (p - m * cs + r);
		b1 = 2 * a * (m - p * cs);
		b2 = a * (p - m * cs - r);
		a0 = p + m * cs + r;
		a1 = -2 * (m + p * cs);
		a2 = p + m * cs - r;
	} else {
		// lowCut, highCut, notch share the denominator.
		a0 = 1 + alpha;
		a1 = -2 * cs;
		a2 = 1 - alpha;
		if (type === LOW_CUT) {
			b0 = (1 + cs) / 2;
			b1 = -(1 + cs);
		} else if (type === HIGH_CUT) {
			b0 = (1 - cs) / 2;
			b1 = 1 - cs;
		} else {
			b0 = 1;
			b1 = -2 * cs;
		}
		b2 = b0;
	}
	out[0] = b0 / a0;
	out[1] = b1 / a0;
	out[2] = b2 / a0;
	out[3] = a1 / a0;
	out[4] = a2 / a0;
}

/** The cookbook biquad of a band. Any thread; allocates. */
export function rbjCoefficients(type: BandType, freq: number, gain: number, q: number, sampleRate: number): BiquadCoefficients {
	const index = BAND_TYPES.indexOf(type);
	if (index < 0) throw new RangeError(`unknown EQ band type ${String(type)}`);
	const out = new Float64Array(SECTION_COEFFS);
	writeRbj(out, index, Float64Array.of(freq, gain, q, sampleRate));
	return unpackCoefficients(out, 0);
}

/** 'bell 3 kHz +2.0 dB q1.4', 'lowCut 80 Hz q0.71': a band in a few characters. */
export function describeBand(type: BandType, freq: number, gain: number, q: number): string {
	const g = bandHasGain(type) ? ` ${formatDb(gain)} dB` : '';
	return `${type} ${formatHz(freq)}${g} q${Number(q.toPrecision(2))}`;
}

/** One EQ band: params [type, freq (Hz), gain (dB), q]. */
export class EqBand extends CascadeProcessor {
	private readonly args = new Float64Array(4);

	/** Main thread. */
	constructor() {
		super(EQ_BAND_SPECS, 1);
	}

	protected wantedStructure(): number {
		const t = Math.round(this.params[0]!) | 0;
		return t < 0 ? 0 : t >= BAND_TYPES.length ? BAND_TYPES.length - 1 : t;
	}

	protected sectionsOf(): number {
		return 1;
	}

	protected design(out: Float64Array, type: number): void {
		const a = this.args;
		a[0] = this.current[1]!;
		a[1] = this.current[2]!;
		a[2] = this.current[3]!;
		a[3] = this.sampleRate;
		writeRbj(out, type, a);
	}
}
