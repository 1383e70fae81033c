// Units as named types and pure converters, shared by the engine, the UI and the tests.
export type { Decibels, Pan } from '../sessions/types.js';
import type { Decibels } from '../sessions/types.js';

/** A linear amplitude factor. */
export type Gain = number;
/** A count of sample frames. */
export type Samples = number;
/** Seconds. */
export type Seconds = number;

/** 10^(dB/20); −∞ dB → 0. */
export function dbToGain(db: Decibels): Gain {
	return db === -Infinity ? 0 : Math.pow(10, db / 20);
}

/** 20·log10(gain); 0 → −∞. */
export function gainToDb(gain: Gain): Decibels {
	return gain <= 0 ? -Infinity : 20 * Math.log10(gain);
}

/** round(seconds · sr), the placement rule (docs/mix-semantics.md). */
export function secondsToSamples(seconds: Seconds, sampleRate: number): Samples {
	return Math.round(seconds * sampleRate);
}

/** "-3.0", "+1.5", "-inf": the way a fader value is shown. */
export function formatDb(db: Decibels, digits = 1): string {
	if (db === -Infinity || db < -199) return '-inf';
	const s = db.toFixed(digits);
	return db > 0 ? `+${s}` : s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}
