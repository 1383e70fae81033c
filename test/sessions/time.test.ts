import { describe, expect, test } from 'vitest';
import { UserError } from '../../sessions/errors.js';
import {
	TimecodeError,
	formatTimecode,
	frameDuration,
	parseTimeArg,
	parseTimecode,
	sessionTimecode,
	timeToSeconds,
} from '../../sessions/time.js';
import type { FrameRate } from '../../sessions/types.js';

// The test's own view of each rate: labels per second and the true rate as a fraction.
const RATES: { rate: FrameRate; fps: number; num: number; den: number; sep: string }[] = [
	{ rate: 23.976, fps: 24, num: 24000, den: 1001, sep: ':' },
	{ rate: 24, fps: 24, num: 24, den: 1, sep: ':' },
	{ rate: 25, fps: 25, num: 25, den: 1, sep: ':' },
	{ rate: 29.97, fps: 30, num: 30000, den: 1001, sep: ':' },
	{ rate: '29.97df', fps: 30, num: 30000, den: 1001, sep: ';' },
	{ rate: 30, fps: 30, num: 30, den: 1, sep: ':' },
];

const pad = (n: number) => String(n).padStart(2, '0');

/** Non-drop label of frame n, by plain division. */
function ndfLabel(n: number, fps: number): string {
	const s = Math.floor(n / fps);
	return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}:${pad(n % fps)}`;
}

/** Drop-frame labels of the first `minutes` minutes, by walking every label and skipping dropped ones. */
function dropFrameLabels(minutes: number): string[] {
	const out: string[] = [];
	for (let m = 0; m < minutes; m++) {
		for (let s = 0; s < 60; s++) {
			for (let f = 0; f < 30; f++) {
				if (s === 0 && f < 2 && m % 10 !== 0) continue;
				out.push(`${pad(Math.floor(m / 60))}:${pad(m % 60)}:${pad(s)};${pad(f)}`);
			}
		}
	}
	return out;
}

describe('parseTimecode', () => {
	// Expected values worked out by hand: one hour of labels at 23.976 is 86400 frames of
	// 1001/24000 s; a drop-frame hour is 107892 frames of 1001/30000 s.
	test.each([
		['00:00:00:00', 23.976, 0],
		['00:00:01:00', 23.976, 1.001],
		['01:00:00:00', 23.976, 3603.6],
		['01:00:00:00', 24, 3600],
		['00:00:00:12', 24, 0.5],
		['01:00:00:00', 25, 3600],
		['00:00:00:24', 25, 0.96],
		['01:00:00:00', 29.97, 3603.6],
		['01:00:00;00', '29.97df', 3599.9964],
		['00:10:00;00', '29.97df', 599.9994],
		['00:01:00;02', '29.97df', 60.06],
		['01:00:00:00', 30, 3600],
		['00:00:00:15', 30, 0.5],
	] as [string, FrameRate, number][])('%s at %s fps is %d s', (tc, rate, seconds) => {
		expect(parseTimecode(tc, rate)).toBeCloseTo(seconds, 9);
	});

	test.each(RATES.filter((r) => r.rate !== '29.97df'))('frame n starts at n·den/num at $rate', ({ rate, fps, num, den }) => {
		for (const n of [0, 1, fps - 1, fps, 59 * fps + 7, 3600 * fps + 3]) {
			expect(parseTimecode(ndfLabel(n, fps), rate)).toBe((n * den) / num);
		}
	});

	test('drop-frame: every label of the first 11 minutes, counted by walking the labels', () => {
		const labels = dropFrameLabels(11);
		// Minutes 1–9 lose two labels each; minutes 0 and 10 keep all 1800.
		expect(labels.length).toBe(11 * 1800 - 9 * 2);
		labels.forEach((label, n) => {
			expect(parseTimecode(label, '29.97df')).toBe((n * 1001) / 30000);
			expect(formatTimecode((n * 1001) / 30000, '29.97df')).toBe(label);
		});
	});

	test.each([
		['00:00:59;29', '00:01:00;02'],
		['00:09:59;29', '00:10:00;00'],
		['00:10:00;01', '00:10:00;02'],
		['00:10:59;29', '00:11:00;02'],
		['00:59:59;29', '01:00:00;00'],
		['01:00:59;29', '01:01:00;02'],
		['23:59:59;29', '00:00:00;00'],
	])('drop-frame: the frame after %s is %s', (before, after) => {
		const next = parseTimecode(before, '29.97df') + 1001 / 30000;
		expect(formatTimecode(next, '29.97df')).toBe(after);
	});

	test('drop-frame accepts ";", "." and ":" before the frames', () => {
		expect(parseTimecode('01:00:00.00', '29.97df')).toBe(parseTimecode('01:00:00;00', '29.97df'));
		expect(parseTimecode('01:00:00:00', '29.97df')).toBe(parseTimecode('01:00:00;00', '29.97df'));
	});

	test.each([
		['00:01:00;00', '29.97df', /does not exist in drop-frame/],
		['00:01:00;01', '29.97df', /does not exist in drop-frame/],
		['01:23:00;01', '29.97df', /does not exist in drop-frame/],
		['00:00:00:24', 24, /frames must be below 24/],
		['00:00:00:24', 23.976, /frames must be below 24/],
		['00:00:00:25', 25, /frames must be below 25/],
		['00:00:00:30', 29.97, /frames must be below 30/],
		['00:00:00;30', '29.97df', /frames must be below 30/],
		['00:60:00:00', 24, /minutes must be below 60/],
		['00:00:60:00', 24, /seconds must be below 60/],
		['24:00:00:00', 24, /hours must be below 24/],
		['01:00:00;00', 24, /marks drop-frame/],
		['01:00:00.00', 29.97, /marks drop-frame/],
		['1:00:00', 24, /expected HH:MM:SS:FF/],
		['01:00:00:00 ', 24, /expected HH:MM:SS:FF/],
		['', 25, /expected HH:MM:SS:FF/],
	] as [string, FrameRate, RegExp][])('rejects %j at %s fps', (tc, rate, why) => {
		expect(() => parseTimecode(tc, rate)).toThrow(TimecodeError);
		expect(() => parseTimecode(tc, rate)).toThrow(why);
		expect(() => parseTimecode(tc, rate)).toThrow(JSON.stringify(tc));
	});

	test('00:10:00;00 and 00:20:00;01 exist in drop-frame', () => {
		expect(() => parseTimecode('00:10:00;00', '29.97df')).not.toThrow();
		expect(() => parseTimecode('00:20:00;01', '29.97df')).not.toThrow();
	});
});

describe('formatTimecode', () => {
	test.each(RATES)('round trip on frame boundaries at $rate', ({ rate, fps, num, den }) => {
		const perDay = rate === '29.97df' ? 2589408 : 86400 * fps;
		for (const n of [0, 1, fps - 1, fps, 1799, 1800, 17982, 107892, perDay - 1, 1234567]) {
			const seconds = (n * den) / num;
			const tc = formatTimecode(seconds, rate);
			expect(parseTimecode(tc, rate)).toBe(seconds);
			if (rate !== '29.97df') expect(tc).toBe(ndfLabel(n, fps));
		}
	});

	test.each(RATES)('an instant inside a frame shows that frame at $rate', ({ rate, fps, num, den, sep }) => {
		const n = 3 * fps + 5;
		const label = `00:00:03${sep}05`;
		expect(formatTimecode((n * den) / num, rate)).toBe(label);
		expect(formatTimecode(((n + 0.5) * den) / num, rate)).toBe(label);
		expect(formatTimecode(((n + 0.9999) * den) / num, rate)).toBe(label);
		expect(formatTimecode(((n - 0.0001) * den) / num, rate)).toBe(`00:00:03${sep}04`);
	});

	test('wraps at 24 hours', () => {
		expect(formatTimecode(86400, 24)).toBe('00:00:00:00');
		expect(formatTimecode(86400 + 1, 25)).toBe('00:00:01:00');
	});

	test('drop-frame uses ";"', () => {
		expect(formatTimecode(3599.9964, '29.97df')).toBe('01:00:00;00');
	});

	test('rejects a non-finite time', () => {
		expect(() => formatTimecode(Number.NaN, 24)).toThrow(RangeError);
	});
});

test.each([
	[23.976, 1001 / 24000],
	[24, 1 / 24],
	[25, 0.04],
	[29.97, 1001 / 30000],
	['29.97df', 1001 / 30000],
	[30, 1 / 30],
] as [FrameRate, number][])('frameDuration(%s) = %d', (rate, d) => {
	expect(frameDuration(rate)).toBeCloseTo(d, 15);
});

describe('session times', () => {
	const at24 = { frameRate: 24, start: '01:00:00:00' } as const;
	const at23 = { frameRate: 23.976, start: '01:00:00:00' } as const;
	const df = { frameRate: '29.97df', start: '00:59:59;28' } as const;

	test.each([
		[12.5, at24, 12.5],
		['01:00:10:00', at24, 10],
		['01:00:00:00', at24, 0],
		['01:00:10:00', at23, 10.01],
		['01:00:00;00', df, (2 * 1001) / 30000],
		['01:01:00;02', df, (1800 + 2) * (1001 / 30000)],
	] as const)('%j → %d s', (t, session, seconds) => {
		expect(timeToSeconds(t, session)).toBeCloseTo(seconds, 9);
	});

	test('a timecode before start is an error naming it and start', () => {
		expect(() => timeToSeconds('00:59:59:23', at24)).toThrow('timecode "00:59:59:23": before the session start 01:00:00:00');
	});

	test('sessionTimecode adds start', () => {
		expect(sessionTimecode(0, at24)).toBe('01:00:00:00');
		expect(sessionTimecode(10.5, at24)).toBe('01:00:10:12');
		expect(sessionTimecode(10.01, at23)).toBe('01:00:10:00');
		expect(sessionTimecode((2 * 1001) / 30000, df)).toBe('01:00:00;00');
		expect(sessionTimecode(1001 / 30000, df)).toBe('00:59:59;29');
	});

	test('session time ↔ timecode round trip at every rate', () => {
		for (const { rate, fps, num, den, sep } of RATES) {
			const session = { frameRate: rate, start: `01:00:00${sep}00` };
			for (const n of [0, 1, fps, 600 * fps + 7]) {
				const t = (n * den) / num;
				expect(timeToSeconds(sessionTimecode(t, session), session)).toBeCloseTo(t, 9);
			}
		}
	});
});

describe('parseTimeArg', () => {
	const session = { frameRate: 25, start: '10:00:00:00' } as const;
	test.each([
		['12.5', 12.5],
		['0', 0],
		['.5', 0.5],
		['7.', 7],
		[' 3 ', 3],
		['10:00:01:00', 1],
		['10:00:00:05', 0.2],
	])('%j → %d', (text, seconds) => {
		expect(parseTimeArg(text, session)).toBeCloseTo(seconds, 12);
	});

	test('a duration timecode is a length, not a position', () => {
		expect(parseTimeArg('00:00:10:00', session, { duration: true })).toBe(10);
		expect(parseTimeArg('00:00:10:00', { frameRate: 23.976, start: '01:00:00:00' }, { duration: true })).toBeCloseTo(10.01, 12);
	});

	test.each([
		['abc', '--from: "abc" is not a time'],
		['-3', '--from: "-3" is not a time'],
		['1e3', '--from: "1e3" is not a time'],
		['10:00:00:25', '--from: timecode "10:00:00:25": frames must be below 25'],
		['09:00:00:00', '--from: timecode "09:00:00:00": before the session start 10:00:00:00'],
	])('rejects %j with a message naming it', (text, message) => {
		expect(() => parseTimeArg(text, session, { name: '--from' })).toThrow(UserError);
		expect(() => parseTimeArg(text, session, { name: '--from' })).toThrow(message);
	});
});
