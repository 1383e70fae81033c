// Reverberation-time measurement for tests and benchmarks (off the audio path; allocates):
// Schroeder's backward integration of an impulse response's energy, a straight-line fit over a
// range of the decay curve (T30: −5 to −35 dB), and an octave band filter to measure a decay
// at one frequency (ISO 3382 measures RT60 per octave band).

/** The energy decay curve in dB: 10·log10 of the energy left after each sample over the total. */
export function schroederCurve(ir: ArrayLike<number>): Float64Array {
	const n = ir.length;
	const curve = new Float64Array(n);
	let sum = 0;
	for (let i = n - 1; i >= 0; i--) {
		sum += ir[i]! * ir[i]!;
		curve[i] = sum;
	}
	const total = sum > 0 ? sum : 1;
	for (let i = 0; i < n; i++) curve[i] = 10 * Math.log10(curve[i]! / total);
	return curve;
}

/**
 * RT60 (s) from the least-squares line through the decay curve between `from` and `to` dB
 * (T30 by default: −5 to −35 dB, extrapolated to 60 dB). NaN when the curve does not reach `to`.
 */
export function decayTime(ir: ArrayLike<number>, sampleRate: number, from = -5, to = -35): number {
	const curve = schroederCurve(ir);
	let start = 0;
	while (start < curve.length && curve[start]! > from) start++;
	let end = start;
	while (end < curve.length && curve[end]! > to) end++;
	if (end >= curve.length || end - start < 2) return NaN;
	let sx = 0, sy = 0, sxx = 0, sxy = 0;
	const n = end - start;
	for (let i = start; i < end; i++) {
		const x = i / sampleRate;
		const y = curve[i]!;
		sx += x;
		sy += y;
		sxx += x * x;
		sxy += x * y;
	}
	const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
	return -60 / slope;
}

/** x through an octave band around `centre` Hz: two cascaded RBJ band-passes (0 dB at the centre). */
export function octaveBand(x: ArrayLike<number>, sampleRate: number, centre: number): Float64Array {
	const w = (2 * Math.PI * centre) / sampleRate;
	// One octave between the −3 dB points of each section: Q = √2.
	const alpha = Math.sin(w) / (2 * Math.SQRT2);
	const a0 = 1 + alpha;
	const b0 = alpha / a0;
	const a1 = (-2 * Math.cos(w)) / a0;
	const a2 = (1 - alpha) / a0;
	let y = Float64Array.from(x);
	for (let pass = 0; pass < 2; pass++) {
		const out = new Float64Array(y.length);
		let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
		for (let i = 0; i < y.length; i++) {
			const v = y[i]!;
			const r = b0 * v - b0 * x2 - a1 * y1 - a2 * y2;
			x2 = x1;
			x1 = v;
			y2 = y1;
			y1 = r;
			out[i] = r;
		}
		y = out;
	}
	return y;
}
