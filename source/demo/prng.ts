// Seeded randomness for the demo's synthesis. Every media file draws from its own generator,
// seeded from its name, so one file regenerates to the same bytes without the others.

/** FNV-1a of a string: a 32-bit seed from a file name. */
export function seedFrom(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
	return h >>> 0;
}

/** mulberry32: small, fast and good enough for noise and humanised timing. */
export class Rng {
	#state: number;

	constructor(seed: number | string) {
		this.#state = (typeof seed === 'string' ? seedFrom(seed) : seed) >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		let t = (this.#state = (this.#state + 0x6d2b79f5) | 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Uniform in [−1, 1): white noise. */
	noise(): number {
		return this.next() * 2 - 1;
	}

	/** Uniform in [lo, hi). */
	range(lo: number, hi: number): number {
		return lo + (hi - lo) * this.next();
	}

	/** An integer in [lo, hi]. */
	int(lo: number, hi: number): number {
		return lo + Math.floor((hi - lo + 1) * this.next());
	}

	/** One element of `items`. */
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)]!;
	}

	/** True with probability p. */
	chance(p: number): boolean {
		return this.next() < p;
	}
}
