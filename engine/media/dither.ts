// TPDF dither and quantisation of planar float to interleaved 16/24-bit little-endian PCM, with
// a seeded xoshiro128** generator so the same render always prints the same bytes.

/** Seed used when a writer is given none: renders are reproducible by default. */
export const DEFAULT_DITHER_SEED = 0x2545f491;

/**
 * Triangular (TPDF) dither source: each value is the sum of two independent uniform ±0.5 LSB
 * draws, so it lies strictly inside (−1, +1) LSB with zero mean. Both draws come from one
 * 32-bit xoshiro128** output (16 bits each: far finer than the quantiser needs).
 */
export class TpdfDither {
	/** xoshiro128** state; never all zero. */
	s0: number;
	s1: number;
	s2: number;
	s3: number;

	/** `stream` picks an independent sequence for the same seed (one per channel). */
	constructor(seed: number = DEFAULT_DITHER_SEED, stream = 0) {
		// splitmix32 spreads any seed (0 included) over the four words.
		let x = (seed ^ Math.imul(stream, 0x27d4eb2f)) >>> 0;
		const next = () => {
			x = (x + 0x9e3779b9) | 0;
			let z = x;
			z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
			z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
			return (z ^ (z >>> 16)) | 0;
		};
		this.s0 = next();
		this.s1 = next();
		this.s2 = next();
		this.s3 = next();
		if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
	}

	/** The next dither value in LSB, in (−1, +1). */
	next(): number {
		let s0 = this.s0;
		let s1 = this.s1;
		let s2 = this.s2;
		let s3 = this.s3;
		const m = Math.imul(s1, 5);
		const r = Math.imul((m << 7) | (m >>> 25), 9);
		const t = s1 << 9;
		s2 ^= s0;
		s3 ^= s1;
		s1 ^= s2;
		s0 ^= s3;
		s2 ^= t;
		s3 = (s3 << 11) | (s3 >>> 21);
		this.s0 = s0;
		this.s1 = s1;
		this.s2 = s2;
		this.s3 = s3;
		return ((r & 0xffff) + (r >>> 16) + 1) * (1 / 65536) - 1;
	}
}

/**
 * Quantises `frames` frames of planar float (from `offset`) to interleaved little-endian PCM
 * of `bytesPerSample` (2 or 3) in `out`: x·2^(bits−1) + TPDF, rounded to nearest, clamped to
 * the integer range. NaN becomes 0. Returns how many samples were clamped. Never allocates.
 * `dithers` holds one generator per channel, so the bytes depend only on the seed and each
 * sample's position, never on how the render was split into blocks.
 */
export function quantizeTpdf(
	src: ArrayLike<number>[],
	offset: number,
	frames: number,
	bytesPerSample: 2 | 3,
	out: Uint8Array,
	dithers: readonly TpdfDither[],
): number {
	const ch = src.length;
	const scale = bytesPerSample === 2 ? 32768 : 8388608;
	const max = scale - 1;
	const min = -scale;
	const stride = ch * bytesPerSample;
	let clipped = 0;
	// Planar input is walked channel by channel: sequential reads, one generator per channel.
	// The generator is inlined with its state in locals (about 3× faster than calling next()).
	for (let c = 0; c < ch; c++) {
		const x = src[c];
		const dither = dithers[c];
		let s0 = dither.s0;
		let s1 = dither.s1;
		let s2 = dither.s2;
		let s3 = dither.s3;
		let p = c * bytesPerSample;
		for (let i = offset, end = offset + frames; i < end; i++, p += stride) {
			const m = Math.imul(s1, 5);
			const r = Math.imul((m << 7) | (m >>> 25), 9);
			const t = s1 << 9;
			s2 ^= s0;
			s3 ^= s1;
			s1 ^= s2;
			s0 ^= s3;
			s2 ^= t;
			s3 = (s3 << 11) | (s3 >>> 21);
			const v = x[i];
			// v·scale + TPDF, rounded half up: floor(y + 0.5) with the 0.5 folded into the dither offset.
			let q = v === v ? Math.floor(v * scale + ((r & 0xffff) + (r >>> 16) + 1) * (1 / 65536) - 0.5) : 0;
			if (q > max) (q = max), clipped++;
			else if (q < min) (q = min), clipped++;
			out[p] = q;
			out[p + 1] = q >> 8;
			if (bytesPerSample === 3) out[p + 2] = q >> 16;
		}
		dither.s0 = s0;
		dither.s1 = s1;
		dither.s2 = s2;
		dither.s3 = s3;
	}
	return clipped;
}
