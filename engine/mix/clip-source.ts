// What the renderer reads clip audio from: engine/media/clip-stream.ts, or a test's fake.
// Doubles come in `args` (see kernels.ts ARG_*): the clip gain in args[ARG_GAIN].

export interface ClipSource {
	/** dest[map[ch][…]][destOffset + j] += source[srcFrame + j] · args[ARG_GAIN] (· envelope[j]). */
	mixInto(srcFrame: number, frames: number, dest: Float64Array[], destOffset: number, map: Int8Array[], args: Float64Array, envelope: Float64Array | null): void;
	/**
	 * Fast path for a mono clip alone on its track for a whole block: left/right +=
	 * ((x · args[ARG_GAIN]) · g) · args[ARG_LEFT|ARG_RIGHT], g = args[ARG_SCALAR] when `constant`,
	 * else gains[n]; with `meter`, args[ARG_PEAK] tracks the post-fader peak. Returns false when
	 * the frames are not all resident (the caller takes the general path, which counts the underrun).
	 */
	mixMonoStereo?(srcFrame: number, frames: number, constant: boolean, gains: Float64Array, left: Float64Array, right: Float64Array, meter: boolean, args: Float64Array): boolean;
}
