import { describe, expect, it } from 'vitest';
import { decodeFrames } from '../../engine/media/decode.js';
import { type Encoding, encodeSamples } from '../helpers/wav-bytes.js';

// Expected floats computed here from the stored codes, independently of the decoder.
const expectedOf = (encoding: Encoding, bits: number, code: number): number =>
	encoding === 'float' ? Math.fround(code) : bits === 8 ? (code - 128) / 128 : Math.fround(code / 2 ** (bits - 1));

/** Deterministic codes covering the extremes and both signs, per format. */
function codes(encoding: Encoding, bits: number, n: number, seed: number): number[] {
	const out: number[] = [];
	let x = seed;
	for (let i = 0; i < n; i++) {
		x = (Math.imul(x, 1103515245) + 12345) >>> 0;
		if (encoding === 'float') out.push(((x / 2 ** 32) * 2 - 1) * (bits === 32 ? 1.5 : 1.25));
		else if (bits === 8) out.push(i === 0 ? 0 : i === 1 ? 255 : x >>> 24);
		else {
			const max = 2 ** (bits - 1);
			out.push(i === 0 ? -max : i === 1 ? max - 1 : Math.floor((x / 2 ** 32) * 2 * max) - max);
		}
	}
	return out;
}

const FORMATS: [Encoding, number][] = [
	['pcm', 8],
	['pcm', 16],
	['pcm', 24],
	['pcm', 32],
	['float', 32],
	['float', 64],
];

describe('decodeFrames', () => {
	for (const [encoding, bits] of FORMATS) {
		for (const channels of [1, 2, 3, 6]) {
			// Odd and even frame counts reach both the word loops and their bytewise remainders.
			it(`${encoding}${bits} × ${channels}ch, every byte alignment, destOffset`, () => {
				for (const frames of [1, 2, 3, 4, 5, 7, 9, 64]) {
					const planar = Array.from({ length: channels }, (_, c) => codes(encoding, bits, frames, c * 7 + frames));
					const bytes = encodeSamples(encoding, bits, planar);
					for (const misalign of [0, 1, 2, 3, 4, 5, 6, 7]) {
						// The source sits at `misalign` bytes into a view that itself starts 8 bytes into its buffer.
						const backing = new Uint8Array(8 + misalign + bytes.length + 5);
						const src = backing.subarray(8);
						src.set(bytes, misalign);
						const destOffset = 3;
						const dest = Array.from({ length: channels }, () => new Float32Array(frames + 5).fill(99));
						decodeFrames({ encoding, bitsPerSample: bits, channels }, src, misalign, frames, dest, destOffset);
						for (let c = 0; c < channels; c++) {
							expect(Array.from(dest[c].subarray(0, destOffset))).toEqual([99, 99, 99]);
							expect(Array.from(dest[c].subarray(destOffset, destOffset + frames))).toEqual(planar[c].map((v) => expectedOf(encoding, bits, v)));
							expect(Array.from(dest[c].subarray(destOffset + frames))).toEqual([99, 99]);
						}
					}
				}
			});
		}
	}

	it('exact edge values', () => {
		const one = (encoding: Encoding, bits: number, code: number) => {
			const dest = [new Float32Array(1)];
			decodeFrames({ encoding, bitsPerSample: bits, channels: 1 }, encodeSamples(encoding, bits, [[code]]), 0, 1, dest, 0);
			return dest[0][0];
		};
		expect(one('pcm', 24, 0x7fffff)).toBe(8388607 / 8388608);
		expect(one('pcm', 24, -8388608)).toBe(-1);
		expect(one('pcm', 24, -1)).toBe(-1 / 8388608);
		expect(one('pcm', 16, -32768)).toBe(-1);
		expect(one('pcm', 16, 32767)).toBe(32767 / 32768);
		expect(one('pcm', 8, 0)).toBe(-1);
		expect(one('pcm', 8, 128)).toBe(0);
		expect(one('pcm', 32, -2147483648)).toBe(-1);
		expect(one('float', 32, 1.5)).toBe(1.5);
		expect(one('float', 64, 0.1)).toBe(Math.fround(0.1));
	});

	it('reuses a cached view across buffers without mixing them up', () => {
		const info = { encoding: 'pcm' as const, bitsPerSample: 16, channels: 1 };
		const a = encodeSamples('pcm', 16, [[100, 200]]);
		const b = encodeSamples('pcm', 16, [[-5, -6]]);
		const dest = [new Float32Array(2)];
		for (const [src, want] of [[a, [100, 200]], [b, [-5, -6]], [a, [100, 200]]] as const) {
			decodeFrames(info, new Uint8Array(src), 0, 2, dest, 0);
			expect(Array.from(dest[0])).toEqual(want.map((v) => v / 32768));
		}
	});

	it('refuses out-of-range arguments', () => {
		const info = { encoding: 'pcm' as const, bitsPerSample: 24, channels: 2 };
		const src = new Uint8Array(12);
		const dest = [new Float32Array(2), new Float32Array(2)];
		expect(() => decodeFrames(info, src, 1, 2, dest, 0)).toThrow(RangeError);
		expect(() => decodeFrames(info, src, 0, 2, dest, 1)).toThrow(RangeError);
		expect(() => decodeFrames(info, src, 0, 2, [dest[0]], 0)).toThrow(RangeError);
		expect(() => decodeFrames({ ...info, bitsPerSample: 12 }, src, 0, 1, dest, 0)).toThrow(/unsupported 12-bit pcm/);
		expect(() => decodeFrames(info, src, 0, 0, dest, 0)).not.toThrow();
	});
});
