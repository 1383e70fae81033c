// The strip's hpf and lpf: Butterworth filters of order slope/6 (6, 12, 18, 24 dB/oct), designed
// by the bilinear transform prewarped at the corner, so the magnitude at `freq` is exactly
// −3.01 dB and the response is the analog Butterworth's with frequencies mapped by
// Ω = tan(πf/fs) / tan(πfc/fs). Order N runs as ⌊N/2⌋ second-order sections, one per conjugate
// pole pair (Q = 1 / (2·sin((2k+1)π/2N))), plus the bilinear one-pole when N is odd.
//
// Live changes: the corner moves in ratio (see CascadeProcessor); a slope change crossfades
// from the old filter to the new one over 10 ms, the new one starting from silent memories, so
// nothing jumps or rings up whatever the two structures are.
import { STRIP_PARAMS } from '../../sessions/strip-params.js';
import { CascadeProcessor, SECTION_COEFFS, unpackCoefficients, type BiquadCoefficients } from './biquad.js';
import type { ParamSpec } from './processor.js';
import { formatHz } from './response.js';

export type FilterKind = 'highpass' | 'lowpass';

/** The slopes a strip filter takes, dB/oct; the order is slope / 6. */
export const SLOPES = [6, 12, 18, 24] as const;

/** Corners stay under this fraction of the sample rate (tan() diverges at Nyquist; the schema refuses such corners). */
export const MAX_CORNER = 0.49;

// The session's table (ranges, defaults, nudge steps), so the engine and the schema agree.

/** hpf: freq (default 80 Hz), slope (default 12 dB/oct). */
export const HPF_SPECS: readonly ParamSpec[] = STRIP_PARAMS.hpf;
/** lpf: freq (default 16 kHz), slope (default 12 dB/oct). */
export const LPF_SPECS: readonly ParamSpec[] = STRIP_PARAMS.lpf;

/**
 * Writes the ⌈order/2⌉ packed sections of a Butterworth filter into out (first order last, with
 * b2 = a2 = 0) and returns their count. args = [freq, sampleRate] (an array so that no double
 * crosses a call on the audio path). Any thread; never allocates.
 */
export function writeButterworth(out: Float64Array, highpass: boolean, order: number, args: Float64Array): number {
	const fs = args[1]!;
	const f = Math.min(args[0]!, MAX_CORNER * fs);
	const k = Math.tan((Math.PI * f) / fs);
	const k2 = k * k;
	const pairs = order >> 1;
	for (let p = 0; p < pairs; p++) {
		// H(s) = 1 / (s² + s/Q + 1) (or s² / …) with s = (1/k)·(1 − z⁻¹)/(1 + z⁻¹).
		const invQ = 2 * Math.sin(((2 * p + 1) * Math.PI) / (2 * order));
		const norm = 1 / (1 + k * invQ + k2);
		const o = p * SECTION_COEFFS;
		const b0 = highpass ? norm : k2 * norm;
		out[o] = b0;
		out[o + 1] = highpass ? -2 * norm : 2 * b0;
		out[o + 2] = b0;
		out[o + 3] = 2 * (k2 - 1) * norm;
		out[o + 4] = (1 - k * invQ + k2) * norm;
	}
	if ((order & 1) === 0) return pairs;
	// H(s) = 1 / (s + 1) (or s / …).
	const norm = 1 / (1 + k);
	const o = pairs * SECTION_COEFFS;
	const b0 = highpass ? norm : k * norm;
	out[o] = b0;
	out[o + 1] = highpass ? -norm : b0;
	out[o + 2] = 0;
	out[o + 3] = (k - 1) * norm;
	out[o + 4] = 0;
	return pairs + 1;
}

/** The sections of a Butterworth `kind` of `order` (≥ 1) with its −3.01 dB corner at `freq`. Any thread; allocates. */
export function butterworthSections(kind: FilterKind, order: number, freq: number, sampleRate: number): BiquadCoefficients[] {
	if (!Number.isInteger(order) || order < 1) throw new RangeError(`Butterworth order must be a whole number ≥ 1, got ${order}`);
	const out = new Float64Array(Math.ceil(order / 2) * SECTION_COEFFS);
	const n = writeButterworth(out, kind === 'highpass', order, Float64Array.of(freq, sampleRate));
	return Array.from({ length: n }, (_, k) => unpackCoefficients(out, k * SECTION_COEFFS));
}

/** The order a slope (dB/oct) asks for: the nearest of 1…4. */
export function slopeOrder(slope: number): number {
	const n = Math.round(slope / 6) | 0;
	return n < 1 ? 1 : n > 4 ? 4 : n;
}

/** 'HPF 80 Hz 12 dB/oct': a strip filter in a few characters. */
export function describeFilter(kind: FilterKind, freq: number, slope: number): string {
	return `${kind === 'highpass' ? 'HPF' : 'LPF'} ${formatHz(freq)} ${slopeOrder(slope) * 6} dB/oct`;
}

/** The strip's hpf (kind 'highpass') or lpf: params [freq (Hz), slope (dB/oct)]. */
export class ButterworthFilter extends CascadeProcessor {
	private readonly highpass: boolean;
	private readonly args = new Float64Array(2);

	/** Main thread. */
	constructor(readonly kind: FilterKind) {
		super(kind === 'highpass' ? HPF_SPECS : LPF_SPECS, 2);
		this.highpass = kind === 'highpass';
	}

	protected wantedStructure(): number {
		// slopeOrder() inline: a double passed to a call V8 does not inline is boxed.
		const n = Math.round(this.params[1]! / 6) | 0;
		return n < 1 ? 1 : n > 4 ? 4 : n;
	}

	protected sectionsOf(order: number): number {
		return (order + 1) >> 1;
	}

	protected design(out: Float64Array, order: number): void {
		this.args[0] = this.current[0]!;
		this.args[1] = this.sampleRate;
		writeButterworth(out, this.highpass, order, this.args);
	}
}
