// From the renderer's planar float64 buffers to the device's interleaved float32 block.
// Audio thread; nothing here allocates.

/** out[(at + i)·ch + c] = planar[c][i] for i < n. */
export function interleave(planar: Float64Array[], n: number, out: Float32Array, at: number): void {
	const ch = planar.length;
	for (let c = 0; c < ch; c++) {
		const a = planar[c]!;
		for (let i = 0; i < n; i++) out[(at + i) * ch + c] = a[i]!;
	}
}

/** Interleaves a linear crossfade from `from` to `to` over n frames (a graph swap). */
export function interleaveCrossfade(from: Float64Array[], to: Float64Array[], n: number, out: Float32Array, at: number): void {
	const ch = from.length;
	for (let c = 0; c < ch; c++) {
		const a = from[c]!;
		const b = to[c]!;
		for (let i = 0; i < n; i++) {
			const x = (i + 1) / n;
			// a + (b − a)·x rather than a·(1 − x) + b·x: where both graphs agree the output is exact.
			const v = a[i]!;
			out[(at + i) * ch + c] = v + (b[i]! - v) * x;
		}
	}
}

/** A linear ramp over `len` interleaved frames from `at`: up (0→1) or down (1→0). */
export function fadeInterleaved(out: Float32Array, channels: number, at: number, len: number, up: boolean): void {
	for (let i = 0; i < len; i++) {
		const g = up ? i / len : 1 - (i + 1) / len;
		for (let c = 0; c < channels; c++) out[(at + i) * channels + c]! *= g;
	}
}
