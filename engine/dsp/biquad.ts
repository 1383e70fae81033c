// Second-order IIR sections: coefficients, the bilinear-transform helpers shared by filter
// designs, and the magnitude response the tests check designs against.

/** Normalised biquad coefficients (a0 = 1): y = b0·x + b1·x₁ + b2·x₂ − a1·y₁ − a2·y₂. */
export interface BiquadCoefficients {
	b0: number;
	b1: number;
	b2: number;
	a1: number;
	a2: number;
}

/** |H(e^{jω})| of a biquad at `frequency` Hz. Any thread; for tests and displays. */
export function biquadMagnitude(c: BiquadCoefficients, frequency: number, sampleRate: number): number {
	const w = (2 * Math.PI * frequency) / sampleRate;
	const c1 = Math.cos(w);
	const s1 = Math.sin(w);
	const c2 = Math.cos(2 * w);
	const s2 = Math.sin(2 * w);
	const nr = c.b0 + c.b1 * c1 + c.b2 * c2;
	const ni = -(c.b1 * s1 + c.b2 * s2);
	const dr = 1 + c.a1 * c1 + c.a2 * c2;
	const di = -(c.a1 * s1 + c.a2 * s2);
	return Math.sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
}

/**
 * Runs one biquad over `frames` samples of `src` into `dst` (they may be the same array),
 * transposed direct form II with the two state values kept in `state[0..1]`.
 * Audio thread; never allocates.
 */
export function biquadProcess(
	c: BiquadCoefficients,
	state: Float64Array,
	src: ArrayLike<number>,
	dst: { [index: number]: number },
	frames: number,
	offset = 0,
): void {
	const { b0, b1, b2, a1, a2 } = c;
	let s1 = state[0]!;
	let s2 = state[1]!;
	for (let i = offset, end = offset + frames; i < end; i++) {
		const x = src[i]!;
		const y = b0 * x + s1;
		s1 = b1 * x - a1 * y + s2;
		s2 = b2 * x - a2 * y;
		dst[i] = y;
	}
	state[0] = s1;
	state[1] = s2;
}
