// Relative encoders: the three encodings controllers use, and the acceleration applied to
// every endless knob (V-pots, jog wheel, mapped encoders).

/**
 * How a control's value byte is read:
 * - absolute: the value is the position (0–127, or 0–16383 for 14-bit controls);
 * - twos-complement: 1…63 clockwise, 127…65 counter-clockwise (−1…−63);
 * - sign-magnitude: bit 6 is the sign (set = counter-clockwise), bits 0–5 the ticks (Mackie V-pots: 0x01 = +1, 0x41 = −1);
 * - binary-offset: 64 is still, 65 = +1, 63 = −1.
 */
export type Encoding = 'absolute' | 'twos-complement' | 'sign-magnitude' | 'binary-offset';

export const ENCODINGS: readonly Encoding[] = ['absolute', 'twos-complement', 'sign-magnitude', 'binary-offset'];

/** Signed ticks of a 7-bit relative value; 0 for 'absolute' or a still value. */
export function relativeTicks(value: number, encoding: Encoding): number {
	const v = value & 0x7f;
	switch (encoding) {
		case 'twos-complement':
			return v < 64 ? v : v - 128;
		case 'sign-magnitude':
			return v & 0x40 ? -(v & 0x3f) : v & 0x3f;
		case 'binary-offset':
			return v - 64;
		default:
			return 0;
	}
}

/** Within this many ms of the previous tick (same control, same direction) a turn counts as fast. */
export const FAST_MS = 40;

/**
 * Effective steps for one relative message. Two kinds of speed are honoured:
 * - the device's own: a message carrying n > 1 ticks means the knob spun fast, so it moves
 *   n·(n+1)/2 steps (1, 3, 6, 10 …): slow turns stay fine, flicks cover the range;
 * - arrival rate, for devices that only ever send ±1: ticks less than FAST_MS apart count
 *   double, less than FAST_MS/3 apart four times.
 * `sinceLastMs` is the time since the previous message of the same control in the same direction
 * (Infinity when none or the direction changed).
 */
export function accelerate(ticks: number, sinceLastMs: number): number {
	const n = Math.abs(ticks);
	if (n === 0) return 0;
	let steps = (n * (n + 1)) / 2;
	if (sinceLastMs < FAST_MS / 3) steps *= 4;
	else if (sinceLastMs < FAST_MS) steps *= 2;
	return Math.sign(ticks) * steps;
}

/** Remembers the last turn per control so `accelerate` can see the arrival rate. */
export class Accelerator {
	private readonly last = new Map<string, { at: number; sign: number }>();

	/** Steps for `ticks` on control `key` at time `now` (ms). */
	steps(key: string, ticks: number, now: number): number {
		if (ticks === 0) return 0;
		const sign = Math.sign(ticks);
		const prev = this.last.get(key);
		const since = prev && prev.sign === sign ? now - prev.at : Infinity;
		this.last.set(key, { at: now, sign });
		return accelerate(ticks, since);
	}
}
