// A real FFT of size n (a power of two, ≥ 4) on top of fft.js's radix-4 complex transform of
// size n/2: the n real samples are packed as n/2 complex ones (even samples real, odd
// imaginary), transformed, then split into the half spectrum with one twiddle pass. Forward and
// inverse cost one half-size complex transform each; fft.js's own realTransform is forward only
// and its inverse is a full-size complex one, about twice the work (bench/reverb.mjs compares).
// Spectra are interleaved re/im for bins 0..n/2 (n + 2 values). Everything is allocated in the
// constructor; forward() and inverse() never allocate.
import FFT from 'fft.js';

export class RealFft {
	/** Values in a half spectrum: bins 0..n/2, interleaved. */
	readonly spectrumLength: number;
	private readonly half: number;
	private readonly fft: FFT;
	private readonly packed: Float64Array;
	private readonly work: Float64Array;
	/** cos and −sin of 2πk/n for k = 0..n/2. */
	private readonly cos: Float64Array;
	private readonly sin: Float64Array;

	/** Off the audio path. */
	constructor(readonly size: number) {
		if (!(size >= 4) || (size & (size - 1)) !== 0) throw new RangeError(`RealFft: size ${size} is not a power of two ≥ 4`);
		const m = size >> 1;
		this.half = m;
		this.spectrumLength = size + 2;
		this.fft = new FFT(m);
		this.packed = new Float64Array(size);
		this.work = new Float64Array(size);
		this.cos = new Float64Array(m + 1);
		this.sin = new Float64Array(m + 1);
		for (let k = 0; k <= m; k++) {
			this.cos[k] = Math.cos((2 * Math.PI * k) / size);
			this.sin[k] = -Math.sin((2 * Math.PI * k) / size);
		}
	}

	/** Any thread. spectrum[at..at+n+2) = DFT of input[0..n) (bins 0..n/2, unscaled). */
	forward(input: Float64Array, spectrum: Float64Array, at = 0): void {
		const m = this.half;
		const z = this.work;
		this.fft.transform(z, input);
		const cw = this.cos;
		const sw = this.sin;
		// X[k] = E + W^k·O with E = (Z[k] + conj Z[m−k])/2, O = (Z[k] − conj Z[m−k])/2i.
		const z0r = z[0]!;
		const z0i = z[1]!;
		spectrum[at] = z0r + z0i;
		spectrum[at + 1] = 0;
		spectrum[at + 2 * m] = z0r - z0i;
		spectrum[at + 2 * m + 1] = 0;
		for (let k = 1; k < m; k++) {
			const ar = z[2 * k]!;
			const ai = z[2 * k + 1]!;
			const br = z[2 * (m - k)]!;
			const bi = -z[2 * (m - k) + 1]!;
			const er = 0.5 * (ar + br);
			const ei = 0.5 * (ai + bi);
			const or = 0.5 * (ai - bi);
			const oi = -0.5 * (ar - br);
			const c = cw[k]!;
			const s = sw[k]!;
			spectrum[at + 2 * k] = er + c * or - s * oi;
			spectrum[at + 2 * k + 1] = ei + c * oi + s * or;
		}
	}

	/** Any thread. output[0..n) = inverse DFT of the half spectrum at spectrum[at..] (scaled by 1/n: inverse(forward(x)) = x). */
	inverse(spectrum: Float64Array, output: Float64Array, at = 0): void {
		const m = this.half;
		const p = this.packed;
		const cw = this.cos;
		const sw = this.sin;
		// Z[k] = E + i·W^−k·O, conjugated so a forward transform does the inverse.
		for (let k = 0; k < m; k++) {
			const ar = spectrum[at + 2 * k]!;
			const ai = spectrum[at + 2 * k + 1]!;
			const br = spectrum[at + 2 * (m - k)]!;
			const bi = -spectrum[at + 2 * (m - k) + 1]!;
			const er = ar + br;
			const ei = ai + bi;
			const dr = ar - br;
			const di = ai - bi;
			const c = cw[k]!;
			const s = -sw[k]!;
			const or = dr * c - di * s;
			const oi = dr * s + di * c;
			p[2 * k] = er - oi;
			p[2 * k + 1] = -(ei + or);
		}
		const z = this.work;
		this.fft.transform(z, p);
		const scale = 1 / this.size;
		for (let k = 0; k < m; k++) {
			output[2 * k] = z[2 * k]! * scale;
			output[2 * k + 1] = -z[2 * k + 1]! * scale;
		}
	}
}
