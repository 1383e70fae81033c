// The algorithmic reverb's input diffusion: four Schroeder allpasses in series per channel
// (lengths after Dattorro's plate, primes, a little longer for each further channel), which turn
// a click into a dense burst before it reaches the tank. An allpass rings too, so its gain is
// lowered where it would ring for more than DIFFUSER_RING_OF_DECAY of the decay (short rooms).
import { D_DECAY, D_RATE, isPrime } from './fdn-design.js';

export const DIFFUSER_MS = [4.77, 3.59, 12.73, 9.31] as const;
export const DIFFUSER_GAIN = [0.75, 0.75, 0.625, 0.625] as const;
const STAGES = DIFFUSER_MS.length;
/** An allpass rings for 60 dB over 3·length/−log10 g samples; at most this share of the decay. */
const DIFFUSER_RING_OF_DECAY = 0.3;

/** The diffuser lengths (samples) of channel c: primes near DIFFUSER_MS, longer by 8.3 % per further channel. */
export function diffuserLengths(channel: number, sampleRate: number): number[] {
	const taken: number[] = [];
	return DIFFUSER_MS.map((ms) => {
		let n = Math.round((ms * (1 + 0.083 * channel) * sampleRate) / 1000);
		while (!isPrime(n) || taken.includes(n)) n++;
		taken.push(n);
		return n;
	});
}

export class InputDiffusers {
	/** Stage lengths, channel-major (channel c's stages at c·4 …). */
	readonly lengths: Int32Array;
	/** Samples of history held in all the rings (how long silence takes to flush them). */
	readonly span: number;
	private readonly rings: Float64Array[];
	private readonly masks: Int32Array;
	private readonly pos: Int32Array;

	/** Off the audio path. */
	constructor(private readonly channels: number, sampleRate: number) {
		this.lengths = Int32Array.from(Array.from({ length: channels }, (_, c) => diffuserLengths(c, sampleRate)).flat());
		this.rings = Array.from(this.lengths, (n) => {
			let size = 1;
			while (size <= n) size <<= 1;
			return new Float64Array(size);
		});
		this.masks = Int32Array.from(this.rings, (r) => r.length - 1);
		this.pos = new Int32Array(this.lengths.length);
		this.span = this.rings.reduce((s, r) => s + r.length, 0);
	}

	/** Audio thread. out[at + k] = stage k's gain for the decay in the design input d. */
	gains(d: Float64Array, out: Float64Array, at: number): void {
		for (let k = 0; k < this.lengths.length; k++) {
			out[at + k] = Math.min(DIFFUSER_GAIN[k % STAGES]!, 10 ** ((-3 * this.lengths[k]!) / (DIFFUSER_RING_OF_DECAY * d[D_DECAY]! * d[D_RATE]!)));
		}
	}

	/** Audio thread. */
	clear(): void {
		for (const r of this.rings) r.fill(0);
		this.pos.fill(0);
	}

	/**
	 * Audio thread. The allpasses in place on x[c][i..i+n), stage k's gain from gain[at + k]
	 * stepping by step[at + k] a sample when `ramping`. Returns whether any input sample was
	 * not zero.
	 */
	process(x: Float64Array[], i: number, n: number, gain: Float64Array, step: Float64Array, at: number, ramping: boolean): boolean {
		let seen = false;
		for (let c = 0; c < this.channels; c++) {
			const y = x[c]!;
			for (let k = i; k < i + n; k++) {
				if (y[k] !== 0) {
					seen = true;
					break;
				}
			}
			for (let s = 0; s < STAGES; s++) {
				const d = c * STAGES + s;
				const ring = this.rings[d]!;
				const m = this.masks[d]!;
				const len = this.lengths[d]!;
				let g = gain[at + d]!;
				const dg = ramping ? step[at + d]! : 0;
				let p = this.pos[d]!;
				for (let k = i; k < i + n; k++) {
					const old = ring[(p - len) & m]!;
					const v = y[k]! + g * old;
					ring[p] = v;
					y[k] = old - g * v;
					g += dg;
					p = (p + 1) & m;
				}
				this.pos[d] = p;
			}
		}
		return seen;
	}
}
