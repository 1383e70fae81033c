// The gain path shared by the dynamics processors, after the detector: a target gain in dB per
// sample → smoothing in dB → linear gain, applied.
//
// Smoothing: a one-pole in dB, α = exp(−1/(τ·fs)), with one α while the gain goes down and
// another while it comes up, so a step moves the gain 1 − 1/e of the way in τ. Within SNAP_DB
// of its target it lands on it: a steady state applies exactly the target gain.
//
// dB → linear while the gain moves: two small tables and a cubic (relative error under 4e-11,
// about 2.5 ns a sample here, where Math.exp takes 7 and Math.pow 40). A gain that holds from one
// sample to the next is recomputed once with Math.pow, so a steady gain is exactly 10^(dB/20),
// the value the tests and the rest of the project compute.

/** A smoothed gain this close to its target (dB) lands on it. */
export const SNAP_DB = 1e-4;

/** The one-pole coefficient of time constant `ms` at `sampleRate`: α = exp(−1/(τ·fs)). Any thread. */
export function onePole(ms: number, sampleRate: number): number {
	return Math.exp(-1000 / (ms * sampleRate));
}

// 10^(dB/20) = 2^(y/128) with y = dB · 128·log2(10)/20: 2^(⌊y⌋/128) from two tables (octave,
// 128th of an octave) times a cubic in the remainder r < ln 2/128 (error r⁴/24 < 4e-11).
// Offset so y is never negative (then `| 0` is ⌊y⌋); it clamps at ±385 dB.
const OCTAVE = Float64Array.from({ length: 128 }, (_, e) => Math.pow(2, e - 64));
const FRACTION = Float64Array.from({ length: 128 }, (_, j) => Math.pow(2, j / 128));
const STEPS_PER_DB = (128 * Math.log2(10)) / 20;
const STEP_NEPER = Math.LN2 / 128;

/**
 * Slots of the gain path's state (gainState()). The smoothed gain is kept as the target it moves
 * toward and its distance from it (error): per sample the error is multiplied by α, one multiply
 * on the chain from sample to sample where g ← t + α·(g − t) has three.
 */
export const G_TARGET = 0;
export const G_ERROR = 10;
/** α while the gain goes down, and while it comes up. */
export const G_DOWN = 1;
export const G_UP = 2;
/** The lowest smoothed gain (dB) since the owner last set it back to 0 (for `reduction`). */
export const G_LOWEST = 3;
/** dB added after smoothing when no per-sample offset is given (a compressor's makeup). */
export const G_OFFSET = 4;
/** The last dB converted, its linear gain, whether that gain is exact (Math.pow). */
const G_DB = 5;
/** The linear gain of the last sample (after steadyBlock(): of the whole block). */
export const G_LIN = 6;
const G_EXACT = 7;
/** 1 when every gain of the last block was exactly 1. */
export const G_UNITY = 8;
/** The target steadyBlock() asks about (written by the caller: doubles do not cross calls). */
export const G_PROBE = 9;

/** A fresh gain path state: 0 dB, unity, no smoothing (set G_DOWN and G_UP). Off the audio path. */
export function gainState(): Float64Array {
	const s = new Float64Array(11);
	resetGainState(s);
	return s;
}

/** Audio thread. Back to 0 dB and unity (the coefficients and the offset stay). */
export function resetGainState(s: Float64Array): void {
	s[G_TARGET] = 0;
	s[G_ERROR] = 0;
	s[G_LOWEST] = 0;
	s[G_DB] = 0;
	s[G_LIN] = 1;
	s[G_EXACT] = 1;
	s[G_UNITY] = 1;
}

/**
 * Audio thread. The gain path after the target: for each sample the one-pole in dB toward
 * target[i] (see the file comment), plus offset[i] (or s[G_OFFSET] when offset is null), to a
 * linear gain in lin[i]. One pass, so each value stays in a register. In the same pass the gain
 * is applied to one channel, `first` (the others then take lin[]): first[i] *= gain, or with a
 * `band`, first[i] += gain · band[i] (a split-band processor's gained band). Never allocates.
 */
export function smoothToGains(
	target: Float64Array,
	offset: Float64Array | null,
	lin: Float64Array,
	frames: number,
	s: Float64Array,
	first: Float64Array,
	band: Float64Array | null,
): void {
	let t = s[G_TARGET]!;
	let e = s[G_ERROR]!;
	const down = s[G_DOWN]!;
	const up = s[G_UP]!;
	let low = s[G_LOWEST]!;
	const fixed = s[G_OFFSET]!;
	let last = s[G_DB]!;
	let gain = s[G_LIN]!;
	let exact = s[G_EXACT]!;
	let unity = 1;
	let a = e > 0 ? down : up;
	for (let i = 0; i < frames; i++) {
		const next = target[i]!;
		if (next !== t) {
			// The same gain, measured from the new target; above it the gain goes down.
			e = t + e - next;
			t = next;
			a = e > 0 ? down : up;
		}
		if (e !== 0) {
			e *= a;
			if (e < SNAP_DB && e > -SNAP_DB) e = 0;
		}
		const g = t + e;
		if (g < low) low = g;
		const d = g + (offset === null ? fixed : offset[i]!);
		if (d === last) {
			// Held from the last sample: once, the exact value.
			if (exact === 0) {
				gain = Math.pow(10, d / 20);
				exact = 1;
			}
		} else {
			last = d;
			exact = 0;
			let y = d * STEPS_PER_DB + 8192;
			if (y < 0) y = 0;
			else if (y > 16383) y = 16383;
			const k = y | 0;
			const r = (y - k) * STEP_NEPER;
			gain = OCTAVE[k >> 7]! * FRACTION[k & 127]! * (1 + r * (1 + r * (0.5 + r * (1 / 6))));
		}
		lin[i] = gain;
		if (band === null) first[i]! *= gain;
		else first[i]! += gain * band[i]!;
		if (gain !== 1) unity = 0;
	}
	s[G_TARGET] = t;
	s[G_ERROR] = e;
	s[G_LOWEST] = low;
	s[G_DB] = last;
	s[G_LIN] = gain;
	s[G_EXACT] = exact;
	s[G_UNITY] = unity;
}

/**
 * Audio thread. Whether a block whose every target is s[G_PROBE] would leave the gain where it
 * is, exactly: the smoothed gain sits on that target and its linear gain s[G_LIN] is the exact
 * one. Then the block's whole gain path is that constant; this does what smoothToGains() would
 * to the state (the lowest gain, G_UNITY), so a caller may skip it and get the same bits.
 */
export function steadyBlock(s: Float64Array): boolean {
	const t = s[G_PROBE]!;
	if (s[G_TARGET] !== t || s[G_ERROR] !== 0 || s[G_EXACT] !== 1 || s[G_DB] !== t + s[G_OFFSET]!) return false;
	if (t < s[G_LOWEST]!) s[G_LOWEST] = t;
	s[G_UNITY] = s[G_LIN] === 1 ? 1 : 0;
	return true;
}

/** Audio thread. After steadyBlock(): buffers[c][i] *= the constant gain, skipped at unity. */
export function applySteady(buffers: readonly Float64Array[], frames: number, s: Float64Array): void {
	if (s[G_UNITY] === 1) return;
	const g = s[G_LIN]!;
	for (let c = 0; c < buffers.length; c++) {
		const x = buffers[c]!;
		for (let i = 0; i < frames; i++) x[i]! *= g;
	}
}

/** Audio thread. buffers[c][i] *= lin[i] for channels from `from` on, skipped when the last block was all unity. */
export function applyGains(buffers: readonly Float64Array[], from: number, lin: Float64Array, frames: number, s: Float64Array): void {
	if (s[G_UNITY] === 1) return;
	for (let c = from; c < buffers.length; c++) {
		const x = buffers[c]!;
		for (let i = 0; i < frames; i++) x[i]! *= lin[i]!;
	}
}
