// Every media file of the demo: where it goes and how to make it. Each file has its own seed
// (its path), so any one can be regenerated alone to the same bytes.
import { synthLine, type Voice } from './dialogue.js';
import { synthCity, synthRoomTone } from './ambience.js';
import { synthDoorOpen, synthDoorSlam, synthImpact, synthPassBy, synthWhoosh } from './effects.js';
import { synthChair, synthCloth, synthCup, synthKeys, synthWalk } from './foley.js';
import { synthBed, synthEnding, synthStinger } from './music.js';
import { Rng } from './prng.js';
import { SR } from './dsp.js';
import { generateIr } from '../../engine/dsp/reverb/generate-ir.js';

/** A generated media file. */
export interface MediaSpec {
	/** Path relative to the session file. */
	file: string;
	channels: 1 | 2;
	/** BWF TimeReference (samples since midnight): the file is placed by it. */
	timeReference?: number;
	/** Renders the planar samples (deterministic). */
	render(): Float32Array[];
}

/** Session start, and the offset of session time 0 from midnight in seconds (01:00:00:00). */
export const START_TIMECODE = '01:00:00:00';
const START_SECONDS = 3600;

export const VOICES: Record<'marc' | 'anna' | 'jo', Voice> = {
	marc: { f0: 108, formants: 1, rate: 4.3, breath: 0.15, range: 4 },
	anna: { f0: 205, formants: 1.16, rate: 5, breath: 0.3, range: 5 },
	jo: { f0: 150, formants: 1.08, rate: 4.6, breath: 0.22, range: 4.5 },
};

/** A line of the script. `take: 'adr'` is re-recorded (clean, BWF-stamped); 'alt' is an alternate take. */
export interface ScriptLine {
	id: string;
	who: keyof typeof VOICES;
	at: number;
	seconds: number;
	question?: boolean;
	take?: 'adr' | 'alt';
}

/** Scene 1 (kitchen, 10–37 s) and scene 2 (street, 62–82 s). */
export const SCRIPT: readonly ScriptLine[] = [
	{ id: '101', who: 'marc', at: 10.0, seconds: 2.4 },
	{ id: '102', who: 'anna', at: 12.9, seconds: 1.8, question: true },
	{ id: '103', who: 'marc', at: 15.1, seconds: 3.0 },
	{ id: '104', who: 'jo', at: 18.6, seconds: 1.6 },
	{ id: '105', who: 'anna', at: 20.6, seconds: 2.6 },
	{ id: '106', who: 'marc', at: 23.8, seconds: 1.4, question: true },
	{ id: '107', who: 'jo', at: 25.7, seconds: 3.2 },
	{ id: '108', who: 'anna', at: 29.4, seconds: 2.2 },
	{ id: '109', who: 'marc', at: 32.1, seconds: 2.8 },
	{ id: '110', who: 'jo', at: 35.4, seconds: 1.5, question: true },
	{ id: '201', who: 'anna', at: 62.0, seconds: 2.2 },
	{ id: '202', who: 'marc', at: 64.8, seconds: 2.6 },
	{ id: '203', who: 'anna', at: 68.0, seconds: 2.0, take: 'adr' },
	{ id: '204', who: 'jo', at: 70.5, seconds: 2.8 },
	{ id: '205', who: 'anna', at: 73.8, seconds: 2.0, question: true },
	{ id: '205', who: 'anna', at: 73.8, seconds: 2.0, question: true, take: 'alt' },
	{ id: '206', who: 'marc', at: 76.3, seconds: 3.0 },
	{ id: '207', who: 'jo', at: 79.8, seconds: 1.6 },
];

/** Media path of a script line. */
export function lineFile(line: ScriptLine): string {
	const kind = line.take === 'adr' ? 'adr' : 'dx';
	return `media/${kind}-${line.id}-${line.who}${line.take === 'alt' ? '-alt' : ''}.wav`;
}

function lineMedia(line: ScriptLine): MediaSpec {
	const file = lineFile(line);
	const rng = new Rng(`level/${file}`);
	const exterior = line.at > 50;
	return {
		file,
		channels: 1,
		timeReference: line.take === 'adr' ? Math.round((START_SECONDS + line.at) * SR) : undefined,
		render: () => [
			synthLine(
				{
					// The alternate take is read a little higher and faster.
					voice: line.take === 'alt' ? { ...VOICES[line.who], f0: VOICES[line.who].f0 * 1.06, rate: VOICES[line.who].rate * 1.08 } : VOICES[line.who],
					seconds: line.seconds,
					question: line.question,
					// Peaks of −12 dBFS or so in the mix, after the −3 dB centre pan.
					peakDb: rng.range(-9.5, -7.5),
					noiseDb: line.take === 'adr' ? undefined : exterior ? -60 : -66,
				},
				file,
			),
		],
	};
}

const mono = (file: string, render: (seed: string) => Float32Array): MediaSpec => ({ file, channels: 1, render: () => [render(file)] });
const stereo = (file: string, render: (seed: string) => Float32Array[]): MediaSpec => ({ file, channels: 2, render: () => render(file) });

/** Loop and file lengths the session relies on, seconds. */
export const LENGTHS = { room: 6, city: 10, bedA: 12, bedB: 6, ending: 5, sting: 4, passBy: 7, whoosh: 1.6, cloth: 6, walkStreet: 7 } as const;

export const MEDIA = {
	walkIn: 'media/foley-walk-in-tile.wav',
	walkOut: 'media/foley-walk-out-tile.wav',
	walkStreet: 'media/foley-walk-pavement.wav',
	cup: 'media/foley-cup-down.wav',
	chair: 'media/foley-chair-scrape.wav',
	keys: 'media/foley-keys.wav',
	cloth: 'media/foley-cloth.wav',
	doorOpen: 'media/fx-door-open.wav',
	doorSlam: 'media/fx-door-slam.wav',
	impact: 'media/fx-impact-bin.wav',
	passBy: 'media/fx-car-pass-by.wav',
	whoosh: 'media/fx-whoosh.wav',
	room: 'media/bg-kitchen-room-tone-loop.wav',
	city: 'media/bg-city-night-loop.wav',
	bedA: 'media/mx-bed-a-loop.wav',
	bedB: 'media/mx-bed-b-loop.wav',
	ending: 'media/mx-ending.wav',
	sting: 'media/mx-sting.wav',
	/** Impulse responses for the convolution returns: the kitchen (for the ADR) and a hall (for the score). */
	irRoom: 'media/ir/kitchen-room.wav',
	irHall: 'media/ir/hall.wav',
} as const;

/** All the demo's media, in the order they are written. */
export function demoMedia(): MediaSpec[] {
	const L = LENGTHS;
	return [
		...SCRIPT.map(lineMedia),
		mono(MEDIA.walkIn, (s) => synthWalk({ seconds: 6, steps: 10, tempo: 1.8, surface: 'tile', approach: 8, peakDb: -14 }, s)),
		mono(MEDIA.walkOut, (s) => synthWalk({ seconds: 5, steps: 8, tempo: 1.85, surface: 'tile', approach: -12, peakDb: -14 }, s)),
		mono(MEDIA.walkStreet, (s) => synthWalk({ seconds: L.walkStreet, steps: 12, tempo: 1.9, surface: 'pavement', approach: 0, peakDb: -16 }, s)),
		mono(MEDIA.cup, synthCup),
		mono(MEDIA.chair, synthChair),
		mono(MEDIA.keys, synthKeys),
		mono(MEDIA.cloth, (s) => synthCloth(L.cloth, s)),
		mono(MEDIA.doorOpen, synthDoorOpen),
		mono(MEDIA.doorSlam, synthDoorSlam),
		mono(MEDIA.impact, synthImpact),
		mono(MEDIA.passBy, (s) => synthPassBy(L.passBy, s)),
		mono(MEDIA.whoosh, (s) => synthWhoosh(L.whoosh, s)),
		stereo(MEDIA.room, (s) => synthRoomTone(L.room, s, -28)),
		stereo(MEDIA.city, (s) => synthCity(L.city, s, -11)),
		stereo(MEDIA.bedA, (s) => synthBed(['Dm', 'Bb', 'F', 'C'], [0, 1, 2, 3, 4, 3, 2, 1], s, -11)),
		stereo(MEDIA.bedB, (s) => synthBed(['Gm', 'A'], [0, 2, 1, 3, -1, 4, 2, 3], s, -11)),
		stereo(MEDIA.ending, (s) => synthEnding(L.ending, s, -10)),
		stereo(MEDIA.sting, (s) => synthStinger(L.sting, s, -9)),
		// Generated, never downloaded: decaying shaped noise with the room's and the hall's decay.
		stereo(MEDIA.irRoom, () => generateIr({ seconds: 0.7, rt60: 0.45, sampleRate: SR, channels: 2, seed: 12, brightness: 0.6 })),
		stereo(MEDIA.irHall, () => generateIr({ seconds: 3, rt60: 2.2, sampleRate: SR, channels: 2, seed: 13, brightness: 0.4 })),
	];
}
