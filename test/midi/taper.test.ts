// The fader law: the documented breakpoints, 0 dB at 0.75 travel, round trips, 14-bit ends.
import { describe, expect, it } from 'vitest';
import { dbToFader14, dbToTravel, fader14ToDb, FADER_LAW, travelToDb } from '../../source/midi/fader-taper.js';

describe('fader taper', () => {
	it.each([
		[1, 12],
		[0.75, 0],
		[0.52, -10],
		[0.16, -40],
		[0.04, -60],
		[0.037, -60],
		[0.0349, -Infinity],
		[0, -Infinity],
	])('travel %f is %f dB', (travel, db) => {
		expect(travelToDb(travel)).toBe(db);
	});

	it('puts 0 dB at 0.75 of a 14-bit fader, the ends at 0 and 16383', () => {
		expect(dbToFader14(0)).toBe(Math.round(0.75 * 16383));
		expect(fader14ToDb(0x3fff)).toBe(12);
		expect(fader14ToDb(0)).toBe(-Infinity);
		expect(dbToFader14(-Infinity)).toBe(0);
		expect(dbToFader14(20)).toBe(0x3fff);
	});

	it('round-trips every 0.1 dB step from −60 to +12 through 14 bits', () => {
		for (let tenths = -600; tenths <= 120; tenths++) {
			const db = tenths / 10;
			expect(fader14ToDb(dbToFader14(db))).toBe(db);
		}
	});

	it('is monotonic and gives the working range more travel than the bottom', () => {
		let last = -Infinity;
		for (let v = 0; v <= 0x3fff; v += 7) {
			const db = fader14ToDb(v);
			expect(db).toBeGreaterThanOrEqual(last);
			last = db;
		}
		const perDb = (a: number, b: number) => (dbToTravel(b) - dbToTravel(a)) / (b - a);
		expect(perDb(-10, 0)).toBeGreaterThan(perDb(-60, -40));
		expect(FADER_LAW.at(-1)).toEqual([1, 12]);
	});
});
