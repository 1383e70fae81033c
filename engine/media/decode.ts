// Interleaved WAV sample bytes → planar float. On the render hot path: never allocates in steady
// state (typed views over the source's ArrayBuffer are cached), with specialised mono/stereo loops.
import type { MediaInfo } from './types.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
// Scale factors are function-local constants, not module-level: bundlers turn a top-level const
// into a var, which V8 then reloads on every iteration (measured 3× slower on the 16-bit loop).

// One cached view per kind, over the last ArrayBuffer seen: a reader reuses one buffer, so
// views are made once. Views cover the whole buffer and are indexed by absolute byte offset.
let i16Buf: ArrayBufferLike | null = null;
let i16: Int16Array<ArrayBufferLike> = new Int16Array(0);
let i32Buf: ArrayBufferLike | null = null;
let i32: Int32Array<ArrayBufferLike> = new Int32Array(0);
let f32Buf: ArrayBufferLike | null = null;
let f32: Float32Array<ArrayBufferLike> = new Float32Array(0);
let f64Buf: ArrayBufferLike | null = null;
let f64: Float64Array<ArrayBufferLike> = new Float64Array(0);
let dvBuf: ArrayBufferLike | null = null;
let dv: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

function int16View(b: ArrayBufferLike): Int16Array {
	if (b !== i16Buf) (i16 = new Int16Array(b, 0, Math.floor(b.byteLength / 2))), (i16Buf = b);
	return i16;
}
function int32View(b: ArrayBufferLike): Int32Array {
	if (b !== i32Buf) (i32 = new Int32Array(b, 0, Math.floor(b.byteLength / 4))), (i32Buf = b);
	return i32;
}
function float32View(b: ArrayBufferLike): Float32Array {
	if (b !== f32Buf) (f32 = new Float32Array(b, 0, Math.floor(b.byteLength / 4))), (f32Buf = b);
	return f32;
}
function float64View(b: ArrayBufferLike): Float64Array {
	if (b !== f64Buf) (f64 = new Float64Array(b, 0, Math.floor(b.byteLength / 8))), (f64Buf = b);
	return f64;
}
function dataView(b: ArrayBufferLike): DataView {
	if (b !== dvBuf) (dv = new DataView(b)), (dvBuf = b);
	return dv;
}

/**
 * Decodes `frames` interleaved frames starting at `src[srcByteOffset]` into planar floats
 * `dest[ch][destOffset + i]`. Scaling: 8-bit unsigned (x−128)/128, 16-bit /2^15, 24-bit /2^23,
 * 32-bit /2^31, float as is (float64 narrowed). A float sample that is NaN or infinite (or a
 * float64 beyond float32 range) is written as 0 and counted: returns that count, always 0 for
 * PCM. Throws RangeError on out-of-range arguments. Any thread; allocation-free once it has
 * seen `src`'s buffer.
 */
export function decodeFrames(
	info: Pick<MediaInfo, 'encoding' | 'bitsPerSample' | 'channels'>,
	src: Uint8Array,
	srcByteOffset: number,
	frames: number,
	dest: Float32Array[],
	destOffset: number,
): number {
	const ch = info.channels;
	const bytes = info.bitsPerSample >> 3;
	if (frames <= 0) return 0;
	if (srcByteOffset < 0 || srcByteOffset + frames * ch * bytes > src.length) {
		throw new RangeError(`decodeFrames: ${frames} frames at byte ${srcByteOffset} run past the ${src.length}-byte source`);
	}
	if (dest.length < ch) throw new RangeError(`decodeFrames: ${ch} channels but ${dest.length} destination arrays`);
	for (let c = 0; c < ch; c++) {
		if (destOffset < 0 || destOffset + frames > dest[c].length) {
			throw new RangeError(`decodeFrames: destination ${c} too short for ${frames} frames at ${destOffset}`);
		}
	}
	const abs = src.byteOffset + srcByteOffset;
	// Word views need natural alignment, little-endian order and an index that fits in an int32.
	const viewable = LITTLE_ENDIAN && abs + frames * ch * bytes <= 0x7fffffff;
	const tag = info.encoding === 'float' ? -info.bitsPerSample : info.bitsPerSample;
	switch (tag) {
		case 8:
			decode8(src, srcByteOffset, frames, ch, dest, destOffset);
			return 0;
		case 16:
			if (viewable && ch <= 2 && abs % 4 === 0) {
				const w = int32View(src.buffer);
				const done = ch === 1 ? decode16MonoWords(w, abs >> 2, frames, dest[0], destOffset) : decode16StereoWords(w, abs >> 2, frames, dest, destOffset);
				if (done < frames) decode16Bytes(src, srcByteOffset + done * 2, frames - done, ch, dest, destOffset + done);
			} else if (viewable && abs % 2 === 0) decode16View(int16View(src.buffer), abs >> 1, frames, ch, dest, destOffset);
			else decode16Bytes(src, srcByteOffset, frames, ch, dest, destOffset);
			return 0;
		case 24: {
			let done = 0;
			if (viewable && abs % 4 === 0 && ch <= 2) {
				const w = int32View(src.buffer);
				done = ch === 1 ? decode24MonoWords(w, abs >> 2, frames, dest[0], destOffset) : decode24StereoWords(w, abs >> 2, frames, dest, destOffset);
			}
			if (done < frames) decode24Bytes(src, srcByteOffset + done * ch * 3, frames - done, ch, dest, destOffset + done);
			return 0;
		}
		case 32:
			if (viewable && abs % 4 === 0) decodeI32View(int32View(src.buffer), abs >> 2, frames, ch, dest, destOffset);
			else decodeI32Bytes(src, srcByteOffset, frames, ch, dest, destOffset);
			return 0;
		case -32:
			if (viewable && abs % 4 === 0) return copyF32(float32View(src.buffer), abs >> 2, frames, ch, dest, destOffset);
			return decodeFloatDataView(dataView(src.buffer), abs, 4, frames, ch, dest, destOffset);
		case -64:
			if (viewable && abs % 8 === 0) return copyF64(float64View(src.buffer), abs >> 3, frames, ch, dest, destOffset);
			return decodeFloatDataView(dataView(src.buffer), abs, 8, frames, ch, dest, destOffset);
		default:
			throw new RangeError(`decodeFrames: unsupported ${info.bitsPerSample}-bit ${info.encoding}`);
	}
}

// Loops index the destination with their own counter (j) rather than d + i: measurably faster in V8.

function decode8(src: Uint8Array, p: number, frames: number, ch: number, dest: Float32Array[], d: number): void {
	const end = d + frames;
	for (let c = 0; c < ch; c++) {
		const o = dest[c];
		for (let j = d, k = p + c; j < end; j++, k += ch) o[j] = (src[k] - 128) * (1 / 128);
	}
}

function decode16View(v: Int16Array, s: number, frames: number, ch: number, dest: Float32Array[], d: number): void {
	const S16 = 1 / 32768;
	const end = d + frames;
	if (ch === 1) {
		const o = dest[0];
		for (let j = d; j < end; j++, s++) o[j] = v[s] * S16;
	} else if (ch === 2) {
		const l = dest[0];
		const r = dest[1];
		for (let j = d; j < end; j++, s += 2) {
			l[j] = v[s] * S16;
			r[j] = v[s + 1] * S16;
		}
	} else {
		for (let c = 0; c < ch; c++) {
			const o = dest[c];
			for (let j = d, k = s + c; j < end; j++, k += ch) o[j] = v[k] * S16;
		}
	}
}

// Two 16-bit samples per 32-bit load (a stereo frame, or two mono frames): about 1.5–2× the
// Int16Array loop. Mono and stereo are separate functions so each stays monomorphic. They return
// the frames done; a trailing odd mono frame is left to the caller.
function decode16MonoWords(w: Int32Array, s: number, frames: number, o: Float32Array, d: number): number {
	const S16 = 1 / 32768;
	const n = frames & ~1;
	const end = d + n;
	for (let j = d; j < end; j += 2, s++) {
		const x = w[s];
		o[j] = ((x << 16) >> 16) * S16;
		o[j + 1] = (x >> 16) * S16;
	}
	return n;
}

function decode16StereoWords(w: Int32Array, s: number, frames: number, dest: Float32Array[], d: number): number {
	const S16 = 1 / 32768;
	const end = d + frames;
	const l = dest[0];
	const r = dest[1];
	for (let j = d; j < end; j++, s++) {
		const x = w[s];
		l[j] = ((x << 16) >> 16) * S16;
		r[j] = (x >> 16) * S16;
	}
	return frames;
}

function decode16Bytes(src: Uint8Array, p: number, frames: number, ch: number, dest: Float32Array[], d: number): void {
	const S16 = 1 / 32768;
	const end = d + frames;
	const stride = ch * 2;
	for (let c = 0; c < ch; c++) {
		const o = dest[c];
		for (let j = d, k = p + c * 2; j < end; j++, k += stride) o[j] = (src[k] | ((src[k + 1] << 24) >> 16)) * S16;
	}
}

// 24-bit from 32-bit words: four samples live in three words (w0 = s0|s1.lo, w1 = s1.hi|s2.lo,
// w2 = s2.hi|s3); a third of the loads of the byte loop, about twice as fast. Mono and stereo
// only (four samples = 4 mono or 2 stereo frames); returns the frames done, the rest go bytewise.
function decode24MonoWords(w: Int32Array, s: number, frames: number, o: Float32Array, d: number): number {
	const S24 = 1 / 8388608;
	const n = frames & ~3;
	const end = d + n;
	for (let j = d; j < end; j += 4, s += 3) {
		const w0 = w[s];
		const w1 = w[s + 1];
		const w2 = w[s + 2];
		o[j] = ((w0 << 8) >> 8) * S24;
		o[j + 1] = ((((w0 >>> 24) | (w1 << 8)) << 8) >> 8) * S24;
		o[j + 2] = ((((w1 >>> 16) | (w2 << 16)) << 8) >> 8) * S24;
		o[j + 3] = (w2 >> 8) * S24;
	}
	return n;
}

function decode24StereoWords(w: Int32Array, s: number, frames: number, dest: Float32Array[], d: number): number {
	const S24 = 1 / 8388608;
	const n = frames & ~1;
	const end = d + n;
	const l = dest[0];
	const r = dest[1];
	for (let j = d; j < end; j += 2, s += 3) {
		const w0 = w[s];
		const w1 = w[s + 1];
		const w2 = w[s + 2];
		l[j] = ((w0 << 8) >> 8) * S24;
		r[j] = ((((w0 >>> 24) | (w1 << 8)) << 8) >> 8) * S24;
		l[j + 1] = ((((w1 >>> 16) | (w2 << 16)) << 8) >> 8) * S24;
		r[j + 1] = (w2 >> 8) * S24;
	}
	return n;
}

// 24-bit bytewise: two low bytes unsigned, the top byte sign-extended in place.
function decode24Bytes(src: Uint8Array, p: number, frames: number, ch: number, dest: Float32Array[], d: number): void {
	const S24 = 1 / 8388608;
	const end = d + frames;
	if (ch === 1) {
		const o = dest[0];
		for (let j = d; j < end; j++, p += 3) o[j] = (src[p] | (src[p + 1] << 8) | ((src[p + 2] << 24) >> 8)) * S24;
	} else if (ch === 2) {
		const l = dest[0];
		const r = dest[1];
		for (let j = d; j < end; j++, p += 6) {
			l[j] = (src[p] | (src[p + 1] << 8) | ((src[p + 2] << 24) >> 8)) * S24;
			r[j] = (src[p + 3] | (src[p + 4] << 8) | ((src[p + 5] << 24) >> 8)) * S24;
		}
	} else {
		const stride = ch * 3;
		for (let c = 0; c < ch; c++) {
			const o = dest[c];
			for (let j = d, k = p + c * 3; j < end; j++, k += stride) o[j] = (src[k] | (src[k + 1] << 8) | ((src[k + 2] << 24) >> 8)) * S24;
		}
	}
}

function decodeI32View(v: Int32Array, s: number, frames: number, ch: number, dest: Float32Array[], d: number): void {
	const S32 = 1 / 2147483648;
	const end = d + frames;
	for (let c = 0; c < ch; c++) {
		const o = dest[c];
		for (let j = d, k = s + c; j < end; j++, k += ch) o[j] = v[k] * S32;
	}
}

function decodeI32Bytes(src: Uint8Array, p: number, frames: number, ch: number, dest: Float32Array[], d: number): void {
	const S32 = 1 / 2147483648;
	const end = d + frames;
	const stride = ch * 4;
	for (let c = 0; c < ch; c++) {
		const o = dest[c];
		for (let j = d, k = p + c * 4; j < end; j++, k += stride) {
			o[j] = (src[k] | (src[k + 1] << 8) | (src[k + 2] << 16) | (src[k + 3] << 24)) * S32;
		}
	}
}

// Float copies keep a running sum of squares per channel, two samples at a time (two sums, so
// no add waits on the previous one: as fast as a plain copy). The sum stays below 1e76 unless a
// sample is NaN, infinite, or too large for float32 (which narrowing would make infinite), as
// (float32 max)² ≈ 1.16e77; only then is the channel rescanned, zeroing and counting the bad
// samples. Real media never takes that path. Separate float32/float64 copies stay monomorphic.
const SQUARES_LIMIT = 1e76;

function copyF32(v: Float32Array, s: number, frames: number, ch: number, dest: Float32Array[], d: number): number {
	const end = d + frames;
	const pairsEnd = d + (frames & ~1);
	const stride2 = ch * 2;
	let bad = 0;
	for (let c = 0; c < ch; c++) {
		const o = dest[c];
		let a = 0;
		let b = 0;
		let j = d;
		let k = s + c;
		for (; j < pairsEnd; j += 2, k += stride2) {
			const x = v[k];
			const y = v[k + ch];
			o[j] = x;
			o[j + 1] = y;
			a += x * x;
			b += y * y;
		}
		if (j < end) {
			const x = v[k];
			o[j] = x;
			a += x * x;
		}
		if (!(a + b < SQUARES_LIMIT)) bad += zeroNonFinite(o, d, end);
	}
	return bad;
}

function copyF64(v: Float64Array, s: number, frames: number, ch: number, dest: Float32Array[], d: number): number {
	const end = d + frames;
	const pairsEnd = d + (frames & ~1);
	const stride2 = ch * 2;
	let bad = 0;
	for (let c = 0; c < ch; c++) {
		const o = dest[c];
		let a = 0;
		let b = 0;
		let j = d;
		let k = s + c;
		for (; j < pairsEnd; j += 2, k += stride2) {
			const x = v[k];
			const y = v[k + ch];
			o[j] = x;
			o[j + 1] = y;
			a += x * x;
			b += y * y;
		}
		if (j < end) {
			const x = v[k];
			o[j] = x;
			a += x * x;
		}
		if (!(a + b < SQUARES_LIMIT)) bad += zeroNonFinite(o, d, end);
	}
	return bad;
}

// Unaligned sources (rare: the readers' buffers are aligned), paired like the copies above.
function decodeFloatDataView(v: DataView, abs: number, bytes: 4 | 8, frames: number, ch: number, dest: Float32Array[], d: number): number {
	const end = d + frames;
	const pairsEnd = d + (frames & ~1);
	const stride = ch * bytes;
	let bad = 0;
	for (let c = 0; c < ch; c++) {
		const o = dest[c];
		let a = 0;
		let b = 0;
		let j = d;
		let k = abs + c * bytes;
		if (bytes === 4) {
			for (; j < pairsEnd; j += 2, k += 2 * stride) {
				const x = v.getFloat32(k, true);
				const y = v.getFloat32(k + stride, true);
				o[j] = x;
				o[j + 1] = y;
				a += x * x;
				b += y * y;
			}
			if (j < end) {
				const x = v.getFloat32(k, true);
				o[j] = x;
				a += x * x;
			}
		} else {
			for (; j < pairsEnd; j += 2, k += 2 * stride) {
				const x = v.getFloat64(k, true);
				const y = v.getFloat64(k + stride, true);
				o[j] = x;
				o[j + 1] = y;
				a += x * x;
				b += y * y;
			}
			if (j < end) {
				const x = v.getFloat64(k, true);
				o[j] = x;
				a += x * x;
			}
		}
		if (!(a + b < SQUARES_LIMIT)) bad += zeroNonFinite(o, d, end);
	}
	return bad;
}

/** The rare path: zeroes the NaN and infinite samples of o[d, end) and returns how many there were. */
function zeroNonFinite(o: Float32Array, d: number, end: number): number {
	let bad = 0;
	for (let j = d; j < end; j++) {
		const x = o[j];
		if (x - x !== 0) {
			o[j] = 0;
			bad++;
		}
	}
	return bad;
}

/**
 * Index of the first of `frames` interleaved float frames at `src[srcByteOffset]` holding a
 * sample decodeFrames would zero, or −1 (always −1 for PCM). For messages, not for the hot path.
 */
export function firstNonFiniteFrame(info: Pick<MediaInfo, 'encoding' | 'bitsPerSample' | 'channels'>, src: Uint8Array, srcByteOffset: number, frames: number): number {
	if (info.encoding !== 'float' || frames <= 0) return -1;
	const bytes = info.bitsPerSample >> 3;
	const v = new DataView(src.buffer, src.byteOffset + srcByteOffset, frames * info.channels * bytes);
	const samples = frames * info.channels;
	for (let i = 0; i < samples; i++) {
		const x = Math.fround(bytes === 4 ? v.getFloat32(i * 4, true) : v.getFloat64(i * 8, true));
		if (x - x !== 0) return Math.floor(i / info.channels);
	}
	return -1;
}
