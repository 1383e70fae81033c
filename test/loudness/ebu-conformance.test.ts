// EBU Tech 3341 (cases 1–6, 9, 10, 12, 13, 15–23) and Tech 3342 (cases 1–4), synthesised from
// the documents' Table 1 definitions (Tech 3341 V4 of November 2023, Tech 3342 of 2023):
// 1 kHz sines at the given per-channel peak levels, in phase on both stereo channels.
// Tolerances are the documents': ±0.1 LU loudness, ±1 LU LRA, +0.2/−0.4 dB true peak.
// Set LOUDNESS_CONFORMANCE_LOG=1 to print expected vs measured for every row.
import { afterAll, describe, expect, it } from 'vitest';
import { LoudnessMeter } from '../../engine/loudness/loudness-meter.js';
import { feedTone, splicedBurst, stereo, taperedSine } from './signals.js';

type Reading = 'integrated' | 'momentary' | 'shortTerm' | 'momentaryMax' | 'shortTermMax' | 'range' | 'truePeak';

interface Row {
	id: string;
	signal: string;
	reading: Reading;
	expected: number;
	/** Accepted deviation below and above `expected`. */
	tolerance: [number, number];
	/** Every value the case produces (several for the segment and constancy cases). */
	measure: () => number[];
}

const LOUDNESS: [number, number] = [0.1, 0.1];
const LRA: [number, number] = [1, 1];
const TRUE_PEAK: [number, number] = [0.4, 0.2];

/** Stereo segments [dBFS, seconds] in sequence; returns the finished meter. */
function tones(segments: [number, number][], channels = 2): LoudnessMeter {
	const meter = new LoudnessMeter(channels, 48000);
	for (const [db, s] of segments) feedTone(meter, new Array(channels).fill(db), s);
	return meter;
}

const integrated = (segments: [number, number][]) => () => [tones(segments).report().integrated!];
const range = (segments: [number, number][]) => () => [tones(segments).report().range!];

/** Feeds segments reading `read` every 10 ms from `after` seconds on. */
function sampled(segments: [number, number][], after: number, read: (m: LoudnessMeter) => number): number[] {
	const meter = new LoudnessMeter(2, 48000);
	const values: number[] = [];
	let t = 0;
	for (const [db, s] of segments) {
		feedTone(meter, stereo(db), s, 480, () => {
			t += 0.01;
			if (t > after + 1e-9) values.push(read(meter));
		});
	}
	return values;
}

/** Tech 3341 cases 10 and 13: 20 files, each (i·gap silence, tone at −23 dBFS, 1 s silence), i = 0…19. */
function segmentMaxima(gap: number, tone: number, key: 'shortTermMax' | 'momentaryMax'): number[] {
	const meter = new LoudnessMeter(2, 48000);
	const out: number[] = [];
	for (let i = 0; i < 20; i++) {
		meter.reset();
		if (i > 0) feedTone(meter, stereo(-Infinity), Number((i * gap).toFixed(3)));
		feedTone(meter, stereo(-23), tone);
		feedTone(meter, stereo(-Infinity), 1);
		out.push(meter.report()[key]!);
	}
	return out;
}

function truePeak(signal: Float64Array): number[] {
	const meter = new LoudnessMeter(2, 48000);
	meter.process([signal, signal], signal.length);
	return [meter.report().truePeak!];
}

const repeat = <T>(times: number, items: T[]): T[] => Array.from({ length: times }, () => items).flat();

const rows: Row[] = [
	{ id: '3341-1', signal: 'stereo 1 kHz −23 dBFS, 20 s', reading: 'integrated', expected: -23, tolerance: LOUDNESS, measure: integrated([[-23, 20]]) },
	{ id: '3341-1', signal: 'stereo 1 kHz −23 dBFS, 20 s', reading: 'momentary', expected: -23, tolerance: LOUDNESS, measure: () => [tones([[-23, 20]]).momentary()] },
	{ id: '3341-1', signal: 'stereo 1 kHz −23 dBFS, 20 s', reading: 'shortTerm', expected: -23, tolerance: LOUDNESS, measure: () => [tones([[-23, 20]]).shortTerm()] },
	{ id: '3341-2', signal: 'stereo 1 kHz −33 dBFS, 20 s', reading: 'integrated', expected: -33, tolerance: LOUDNESS, measure: integrated([[-33, 20]]) },
	{ id: '3341-2', signal: 'stereo 1 kHz −33 dBFS, 20 s', reading: 'momentary', expected: -33, tolerance: LOUDNESS, measure: () => [tones([[-33, 20]]).momentary()] },
	{ id: '3341-2', signal: 'stereo 1 kHz −33 dBFS, 20 s', reading: 'shortTerm', expected: -33, tolerance: LOUDNESS, measure: () => [tones([[-33, 20]]).shortTerm()] },
	{ id: '3341-3', signal: '−36/10 s, −23/60 s, −36/10 s', reading: 'integrated', expected: -23, tolerance: LOUDNESS, measure: integrated([[-36, 10], [-23, 60], [-36, 10]]) },
	{ id: '3341-4', signal: '−72/10, −36/10, −23/60, −36/10, −72/10', reading: 'integrated', expected: -23, tolerance: LOUDNESS, measure: integrated([[-72, 10], [-36, 10], [-23, 60], [-36, 10], [-72, 10]]) },
	{ id: '3341-5', signal: '−26/20 s, −20/20.1 s, −26/20 s', reading: 'integrated', expected: -23, tolerance: LOUDNESS, measure: integrated([[-26, 20], [-20, 20.1], [-26, 20]]) },
	{
		id: '3341-6',
		signal: '5.0: L R −28, C −24, Ls Rs −30 dBFS, 20 s',
		reading: 'integrated',
		expected: -23,
		tolerance: LOUDNESS,
		measure: () => {
			const meter = new LoudnessMeter(5, 48000, ['L', 'R', 'C', 'Ls', 'Rs']);
			feedTone(meter, [-28, -28, -24, -30, -30], 20);
			return [meter.report().integrated!];
		},
	},
	{
		id: '3341-6',
		signal: 'as 5.0 but 5.1 (silent LFE), default layout',
		reading: 'integrated',
		expected: -23,
		tolerance: LOUDNESS,
		measure: () => {
			const meter = new LoudnessMeter(6, 48000);
			feedTone(meter, [-28, -28, -24, -Infinity, -30, -30], 20);
			return [meter.report().integrated!];
		},
	},
	{ id: '3341-9', signal: '5 × (1.34 s −20, 1.66 s −30); S every 10 ms after 3 s', reading: 'shortTerm', expected: -23, tolerance: LOUDNESS, measure: () => sampled(repeat(5, [[-20, 1.34], [-30, 1.66]]), 3, (m) => m.shortTerm()) },
	{ id: '3341-10', signal: '20 × (i·0.15 s silence, 3 s −23, 1 s silence)', reading: 'shortTermMax', expected: -23, tolerance: LOUDNESS, measure: () => segmentMaxima(0.15, 3, 'shortTermMax') },
	{ id: '3341-12', signal: '25 × (0.18 s −20, 0.22 s −30); M every 10 ms after 1 s', reading: 'momentary', expected: -23, tolerance: LOUDNESS, measure: () => sampled(repeat(25, [[-20, 0.18], [-30, 0.22]]), 1, (m) => m.momentary()) },
	{ id: '3341-13', signal: '20 × (i·20 ms silence, 0.4 s −23, 1 s silence)', reading: 'momentaryMax', expected: -23, tolerance: LOUDNESS, measure: () => segmentMaxima(0.02, 0.4, 'momentaryMax') },
	{ id: '3341-15', signal: 'fs/4, 0.50 FS, 0°', reading: 'truePeak', expected: -6, tolerance: TRUE_PEAK, measure: () => truePeak(taperedSine(48000, 12000, 0.5, 0, 0.25)) },
	{ id: '3341-16', signal: 'fs/4, 0.50 FS, 45°', reading: 'truePeak', expected: -6, tolerance: TRUE_PEAK, measure: () => truePeak(taperedSine(48000, 12000, 0.5, 45, 0.25)) },
	{ id: '3341-17', signal: 'fs/6, 0.50 FS, 60°', reading: 'truePeak', expected: -6, tolerance: TRUE_PEAK, measure: () => truePeak(taperedSine(48000, 8000, 0.5, 60, 0.25)) },
	{ id: '3341-18', signal: 'fs/8, 0.50 FS, 67.5°', reading: 'truePeak', expected: -6, tolerance: TRUE_PEAK, measure: () => truePeak(taperedSine(48000, 6000, 0.5, 67.5, 0.25)) },
	{ id: '3341-19', signal: 'fs/4, 1.41 FS, 45°', reading: 'truePeak', expected: 3, tolerance: TRUE_PEAK, measure: () => truePeak(taperedSine(48000, 12000, 1.41, 45, 0.25)) },
	...[0, 1, 2, 3].map(
		(offset): Row => ({
			id: `3341-${20 + offset}`,
			signal: `fs/6 0.5 FS with one fs/4 1.0 FS period, 4·fs decimated at offset ${offset}`,
			reading: 'truePeak',
			expected: 0,
			tolerance: TRUE_PEAK,
			measure: () => truePeak(splicedBurst(offset)),
		}),
	),
	{ id: '3342-1', signal: '−20/20 s then −30/20 s', reading: 'range', expected: 10, tolerance: LRA, measure: range([[-20, 20], [-30, 20]]) },
	{ id: '3342-2', signal: '−20/20 s then −15/20 s', reading: 'range', expected: 5, tolerance: LRA, measure: range([[-20, 20], [-15, 20]]) },
	{ id: '3342-3', signal: '−40/20 s then −20/20 s', reading: 'range', expected: 20, tolerance: LRA, measure: range([[-40, 20], [-20, 20]]) },
	{ id: '3342-4', signal: '−50, −35, −20, −35, −50, 20 s each', reading: 'range', expected: 15, tolerance: LRA, measure: range([[-50, 20], [-35, 20], [-20, 20], [-35, 20], [-50, 20]]) },
];

const log: string[] = [];

describe('EBU Tech 3341 / 3342 minimum requirements', () => {
	it.each(rows)('$id $reading: $signal', (row) => {
		const values = row.measure();
		expect(values.length).toBeGreaterThan(0);
		const lo = Math.min(...values);
		const hi = Math.max(...values);
		log.push(`${row.id.padEnd(8)} ${row.reading.padEnd(13)} expected ${row.expected.toFixed(1).padStart(6)}  measured ${lo === hi ? lo.toFixed(3) : `${lo.toFixed(3)} … ${hi.toFixed(3)} (${values.length} readings)`}`);
		expect(lo).toBeGreaterThanOrEqual(row.expected - row.tolerance[0]);
		expect(hi).toBeLessThanOrEqual(row.expected + row.tolerance[1]);
	});

	afterAll(() => {
		if (process.env.LOUDNESS_CONFORMANCE_LOG) console.log(log.join('\n'));
	});
});
