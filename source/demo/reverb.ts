// A small stereo reverb after Freeverb (parallel damped combs into series all-passes), for the
// music. To keep the demo quick it runs at half the sample rate (a damped tail has little above
// 12 kHz), the combs are shared and only the all-passes differ per side: about a quarter of
// Freeverb's cost. Each filter runs over a whole buffer: tight loops, state in locals.
import { SR } from './dsp.js';

const COMBS = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
const ALLPASSES = [556, 441, 341, 225];
const SPREAD = 23;

interface Line {
	buf: Float32Array;
	pos: number;
	/** Comb damping filter state. */
	lp: number;
}

const RATE = SR / 2;
const line = (n: number, spread: number): Line => ({ buf: new Float32Array(Math.round(((n + spread) * RATE) / 44100)), pos: 0, lp: 0 });

/** Stereo reverb: `size` 0…1 (decay), `damp` 0…1 (darker tail). */
export class Reverb {
	readonly #combs = COMBS.map((n) => line(n, 0));
	readonly #allpasses = [0, SPREAD].map((s) => ALLPASSES.map((n) => line(n, s)));
	readonly #feedback: number;

	constructor(
		size: number,
		private readonly damp: number,
	) {
		this.#feedback = 0.7 + 0.28 * size;
	}

	/**
	 * Adds the reverb of (inL + inR)/2 × `wet` into outL/outR. `loop`: the input is a loop, so
	 * the tail of its end is built up first and rings on into its start.
	 */
	run(inL: Float32Array, inR: Float32Array, wet: number, outL: Float32Array, outR: Float32Array, loop = false): void {
		const n = inL.length;
		const m = n >> 1;
		// Down to half rate: the mono sum averaged over pairs of samples.
		const mono = new Float32Array(m);
		for (let j = 0; j < m; j++) mono[j] = (inL[2 * j]! + inR[2 * j]! + inL[2 * j + 1]! + inR[2 * j + 1]!) * 0.25;
		if (loop) {
			const warm = mono.subarray(m - Math.min(m, Math.round(1.5 * RATE)));
			const scratch = new Float32Array(warm.length);
			this.#combsInto(warm, scratch);
			for (const aps of this.#allpasses) allpasses(aps, scratch.slice());
		}
		const wetMono = new Float32Array(m);
		this.#combsInto(mono, wetMono);
		const g = 0.06 * wet;
		for (const [c, out] of [outL, outR].entries()) {
			const side = c === 0 ? wetMono.slice() : wetMono;
			allpasses(this.#allpasses[c]!, side);
			upsampleInto(out, side, g, loop);
		}
	}

	/** The parallel combs over `input`, summed into `acc`. */
	#combsInto(input: Float32Array, acc: Float32Array): void {
		const fb = this.#feedback;
		const d = this.damp;
		const n = input.length;
		for (const comb of this.#combs) {
			const { buf } = comb;
			let { pos, lp } = comb;
			for (let i = 0; i < n; i++) {
				const y = buf[pos]!;
				lp = y * (1 - d) + lp * d;
				buf[pos] = input[i]! + lp * fb;
				if (++pos === buf.length) pos = 0;
				acc[i]! += y;
			}
			comb.pos = pos;
			comb.lp = lp;
		}
	}
}

/** Series all-passes, in place. */
function allpasses(lines: readonly Line[], acc: Float32Array): void {
	const n = acc.length;
	for (const ap of lines) {
		const { buf } = ap;
		let { pos } = ap;
		for (let i = 0; i < n; i++) {
			const x = acc[i]!;
			const b = buf[pos]!;
			buf[pos] = x + b * 0.5;
			acc[i] = b - x;
			if (++pos === buf.length) pos = 0;
		}
		ap.pos = pos;
	}
}

/** Adds half-rate `side` × g into `out` at full rate, interpolating linearly (wrapping on a loop). */
function upsampleInto(out: Float32Array, side: Float32Array, g: number, loop: boolean): void {
	const m = side.length;
	for (let j = 0; j < m; j++) {
		const a = side[j]!;
		const b = j + 1 < m ? side[j + 1]! : loop ? side[0]! : a;
		out[2 * j]! += a * g;
		out[2 * j + 1]! += (a + b) * 0.5 * g;
	}
}
