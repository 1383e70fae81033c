// K-weighting (ITU-R BS.1770-4 §2.1) for any sample rate: the two published 48 kHz biquads are
// bilinear transforms of analog prototypes, so the prototypes are re-transformed at the rate
// in use. The constants are the well-known fit of those prototypes to the 48 kHz table (the
// one libebur128 and pyloudnorm use); at 48 kHz the result matches the table to ~1e-14.
import type { BiquadCoefficients } from '../dsp/biquad.js';

/** Stage 1, the head-related high shelf: centre, gain (dB) and Q of the analog prototype. */
export const SHELF_F0 = 1681.974450955533;
export const SHELF_GAIN_DB = 3.999843853973347;
export const SHELF_Q = 0.7071752369554196;
/** Exponent of the shelf's band gain (Vb = Vh^x) in the fitted prototype. */
const SHELF_VB_EXPONENT = 0.4996667741545416;

/** Stage 2, the RLB high-pass: corner and Q of the analog prototype. */
export const RLB_F0 = 38.13547087602444;
export const RLB_Q = 0.5003270373238773;

/** The −0.691 dB that makes a 1 kHz sine at 0 dBFS in one front channel read −3.01 LUFS. */
export const LOUDNESS_OFFSET = -0.691;

export interface KWeighting {
	shelf: BiquadCoefficients;
	highPass: BiquadCoefficients;
}

/** Both K-weighting stages at `sampleRate` (Hz, 8 kHz or more). Any thread; allocates. */
export function kWeighting(sampleRate: number): KWeighting {
	if (!(sampleRate >= 8000)) throw new RangeError(`K-weighting needs a sample rate of 8 kHz or more, got ${sampleRate}`);
	let k = Math.tan((Math.PI * SHELF_F0) / sampleRate);
	const vh = Math.pow(10, SHELF_GAIN_DB / 20);
	const vb = Math.pow(vh, SHELF_VB_EXPONENT);
	let a0 = 1 + k / SHELF_Q + k * k;
	const shelf: BiquadCoefficients = {
		b0: (vh + (vb * k) / SHELF_Q + k * k) / a0,
		b1: (2 * (k * k - vh)) / a0,
		b2: (vh - (vb * k) / SHELF_Q + k * k) / a0,
		a1: (2 * (k * k - 1)) / a0,
		a2: (1 - k / SHELF_Q + k * k) / a0,
	};
	// The published stage-2 numerator is exactly 1, −2, 1 (no gain normalisation).
	k = Math.tan((Math.PI * RLB_F0) / sampleRate);
	a0 = 1 + k / RLB_Q + k * k;
	const highPass: BiquadCoefficients = {
		b0: 1,
		b1: -2,
		b2: 1,
		a1: (2 * (k * k - 1)) / a0,
		a2: (1 - k / RLB_Q + k * k) / a0,
	};
	return { shelf, highPass };
}
