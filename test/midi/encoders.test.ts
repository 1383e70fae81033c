// Relative encodings and the acceleration every endless knob gets.
import { describe, expect, it } from 'vitest';
import { accelerate, Accelerator, FAST_MS, relativeTicks } from '../../source/midi/encoders.js';

describe('relative encoders', () => {
	it.each([
		['twos-complement', 0x01, 1],
		['twos-complement', 0x05, 5],
		['twos-complement', 0x7f, -1],
		['twos-complement', 0x79, -7],
		['sign-magnitude', 0x01, 1],
		['sign-magnitude', 0x41, -1],
		['sign-magnitude', 0x47, -7],
		['sign-magnitude', 0x32, 50],
		['sign-magnitude', 0x72, -50],
		['binary-offset', 0x41, 1],
		['binary-offset', 0x3f, -1],
		['binary-offset', 0x40, 0],
		['absolute', 0x41, 0],
	] as const)('%s 0x%s', (encoding, value, ticks) => {
		expect(relativeTicks(value, encoding)).toBe(ticks);
	});

	it('accelerates by the ticks a message carries: 1, 3, 6, 10', () => {
		expect([1, 2, 3, 4].map((n) => accelerate(n, Infinity))).toEqual([1, 3, 6, 10]);
		expect(accelerate(-3, Infinity)).toBe(-6);
	});

	it('accelerates single ticks that arrive fast, only in the same direction', () => {
		const a = new Accelerator();
		expect(a.steps('k', 1, 0)).toBe(1);
		expect(a.steps('k', 1, 100)).toBe(1);
		expect(a.steps('k', 1, 100 + FAST_MS - 1)).toBe(2);
		expect(a.steps('k', 1, 100 + FAST_MS + 5)).toBe(4);
		expect(a.steps('k', -1, 100 + FAST_MS + 6)).toBe(-1);
		expect(a.steps('other', 1, 100 + FAST_MS + 7)).toBe(1);
	});
});
