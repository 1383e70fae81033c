// The fader law: travel (0 bottom … 1 top) ↔ dB, shared by motor faders (14-bit pitch bend)
// and the faders of mapped controllers (7- or 14-bit).
//
// Piecewise linear in dB between these points, after the classic 100 mm console fader law
// (James McCartney, music-dsp archive "fader taper": 5 dB per 12 mm at the top, 10 dB per
// 12 mm from −10 to −40 dB, 20 dB per 12 mm down to −60 dB, off at the bottom stop), with the
// top stretched so 0 dB sits at 0.75 of travel (where Logic and Pro Tools put it on an MCU)
// and the top is +12 dB, dubdesk's FADER_MAX:
//
//   travel  1.00  0.75  0.52  0.16  0.035…0.04  < 0.035
//   dB       +12     0   −10   −40      −60        −∞
//
// So the working range (−10 … 0 dB) gets 23 % of the travel (~0.4 dB per mm on a 100 mm fader)
// and the bottom 3.5 % closes the fader, the way a key nudge below −60 dB does (nudgeDb). The
// short −60 dB step above it keeps −60 reachable (and a 14-bit round trip exact) at the edge.
import { FADER_FLOOR, FADER_MAX } from '../../sessions/edit.js';
import type { Decibels } from '../../sessions/types.js';

/** Below this travel the fader is closed (−∞). */
export const FADER_OFF = 0.035;

/** [travel, dB] breakpoints, ascending. */
export const FADER_LAW: readonly (readonly [number, Decibels])[] = [
	[0.04, FADER_FLOOR],
	[0.16, -40],
	[0.52, -10],
	[0.75, 0],
	[1, FADER_MAX],
];

/** Largest 14-bit value (pitch bend, CC MSB/LSB pair). */
export const MAX14 = 0x3fff;

/** dB for a fader travel 0 … 1, rounded to 0.1 dB (what a mixer reads and writes down). */
export function travelToDb(travel: number): Decibels {
	const x = Math.min(1, Math.max(0, travel));
	if (x < FADER_OFF) return -Infinity;
	for (let i = 1; i < FADER_LAW.length; i++) {
		const [x1, d1] = FADER_LAW[i]!;
		if (x <= x1) {
			const [x0, d0] = FADER_LAW[i - 1]!;
			if (x <= x0) return d0;
			return Math.round((d0 + ((d1 - d0) * (x - x0)) / (x1 - x0)) * 10) / 10 || 0;
		}
	}
	return FADER_MAX;
}

/** Fader travel for a level: −∞ at the bottom, above +12 dB at the top. */
export function dbToTravel(db: Decibels): number {
	const first = FADER_LAW[0]!;
	if (!(db >= first[1])) return 0;
	for (let i = 1; i < FADER_LAW.length; i++) {
		const [x1, d1] = FADER_LAW[i]!;
		if (db <= d1) {
			const [x0, d0] = FADER_LAW[i - 1]!;
			return x0 + ((x1 - x0) * (db - d0)) / (d1 - d0);
		}
	}
	return 1;
}

/** A 14-bit fader value (0 … 16383) as dB. */
export function fader14ToDb(value: number): Decibels {
	return travelToDb(value / MAX14);
}

/** The 14-bit position a motor fader is sent to for a level. */
export function dbToFader14(db: Decibels): number {
	return Math.round(dbToTravel(db) * MAX14);
}
