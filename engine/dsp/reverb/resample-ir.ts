// A one-off sample-rate converter for impulse responses recorded at another rate: a
// Kaiser-windowed sinc, evaluated on the exact rational grid of the two rates (polyphase, one
// row of taps per phase). Quality: the passband is flat within 0.01 dB (the design gives about
// 0.0001 dB) up to 20 kHz, and everything from the lower of the two Nyquist frequencies up is
// attenuated by ≥ 110 dB (images when going up, aliases when going down). Below 44 kHz
// sampling, where 20 kHz does not fit, the passband ends at 90 % of the lower Nyquist
// frequency. Costs milliseconds for a few seconds of IR; construction only, never per block.

/** Stopband attenuation the kernel is designed for (dB). */
export const STOPBAND_DB = 110;
/** Phases tabulated at most (a rate pair with more is evaluated per output sample). */
const MAX_PHASES = 4096;

/** The zeroth-order modified Bessel function of the first kind (for the Kaiser window). */
function besselI0(x: number): number {
	let sum = 1;
	let term = 1;
	const q = (x * x) / 4;
	for (let k = 1; k < 200; k++) {
		term *= q / (k * k);
		sum += term;
		if (term < sum * 1e-17) break;
	}
	return sum;
}

function gcd(a: number, b: number): number {
	while (b !== 0) [a, b] = [b, a % b];
	return a;
}

/** The reduced ratio of two rates: output sample k sits at input time k·step/phases. */
export function rateRatio(from: number, to: number): { phases: number; step: number } {
	const g = gcd(from, to);
	return { phases: to / g, step: from / g };
}

/** The kernel's design for a rate pair: cutoff and transition, in cycles per input sample. */
export interface ResampleDesign {
	/** Passband edge and stopband edge (Hz). */
	passHz: number;
	stopHz: number;
	/** Half the kernel's length, in input samples. */
	halfWidth: number;
	cutoff: number;
	beta: number;
}

export function resampleDesign(fromRate: number, toRate: number): ResampleDesign {
	const nyquist = Math.min(fromRate, toRate) / 2;
	const passHz = nyquist >= 22000 ? 20000 : 0.9 * nyquist;
	const stopHz = nyquist;
	const transition = (stopHz - passHz) / fromRate;
	// Kaiser's formulas for the window's β and the length that reach the attenuation.
	const beta = 0.1102 * (STOPBAND_DB - 8.7);
	const taps = Math.ceil((STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * transition)) + 1;
	return { passHz, stopHz, halfWidth: Math.ceil(taps / 2), cutoff: (passHz + stopHz) / 2 / fromRate, beta };
}

/** Writes the 2·halfWidth taps for an output at `frac` (0 ≤ frac < 1) past an input sample. */
export function kernelRow(d: ResampleDesign, frac: number, out: Float64Array, at: number): void {
	const w = d.halfWidth;
	const fc2 = 2 * d.cutoff;
	const norm = 1 / besselI0(d.beta);
	for (let m = 0; m < 2 * w; m++) {
		// Tap m multiplies input sample i0 − w + 1 + m: its distance from the output time.
		const tau = frac + w - 1 - m;
		const u = tau / w;
		if (u <= -1 || u >= 1) {
			out[at + m] = 0;
			continue;
		}
		const x = Math.PI * fc2 * tau;
		const sinc = x === 0 ? 1 : Math.sin(x) / x;
		out[at + m] = fc2 * sinc * besselI0(d.beta * Math.sqrt(1 - u * u)) * norm;
	}
}

/**
 * `signal` at `fromRate` resampled to `toRate` (Hz, integers), amplitude kept: a tone stays a
 * tone of the same level. The output covers the input's duration plus the kernel's ring-out.
 */
export function resample(signal: ArrayLike<number>, fromRate: number, toRate: number): Float64Array {
	if (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate <= 0 || toRate <= 0) {
		throw new RangeError(`resample: rates ${fromRate} and ${toRate} must be positive integers`);
	}
	if (fromRate === toRate) return Float64Array.from(signal);
	const { phases, step } = rateRatio(fromRate, toRate);
	const d = resampleDesign(fromRate, toRate);
	const w = d.halfWidth;
	const taps = 2 * w;
	const tabulated = phases <= MAX_PHASES;
	const table = new Float64Array((tabulated ? phases : 1) * taps);
	if (tabulated) for (let p = 0; p < phases; p++) kernelRow(d, p / phases, table, p * taps);
	const n = signal.length;
	const length = Math.ceil(((n + w) * toRate) / fromRate);
	const out = new Float64Array(length);
	for (let k = 0; k < length; k++) {
		// Output k sits at input time k·step/phases: whole part i0, phase p.
		const i0 = Math.floor((k * step) / phases);
		const p = k * step - i0 * phases;
		let row = 0;
		if (tabulated) row = p * taps;
		else kernelRow(d, p / phases, table, 0);
		let s = 0;
		const first = i0 - w + 1;
		const lo = Math.max(0, -first);
		const hi = Math.min(taps, n - first);
		for (let m = lo; m < hi; m++) s += signal[first + m]! * table[row + m]!;
		out[k] = s;
	}
	return out;
}

/**
 * An IR's channels at `toRate`. The samples also scale by fromRate/toRate: a discrete IR's
 * frequency response is the sum of its samples' phasors, so the same filter sampled more
 * densely needs proportionally smaller samples to keep its level.
 */
export function resampleIr(channels: readonly ArrayLike<number>[], fromRate: number, toRate: number): Float64Array[] {
	const scale = fromRate / toRate;
	return channels.map((h) => {
		const y = resample(h, fromRate, toRate);
		for (let i = 0; i < y.length; i++) y[i] *= scale;
		return y;
	});
}
