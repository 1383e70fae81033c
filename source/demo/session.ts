// The demo session: two short scenes (a kitchen, then the street outside) laid out to show the
// mixer off — dialogue over a music bed dipped by automation, looped backgrounds, foley, hard
// effects with a panned pass-by, fades of both shapes, a muted alternate take, an ADR line
// placed by its BWF time reference and sent to the kitchen's room, the score sent to a hall,
// and markers at the beats.
import type { Automation, Clip, FadeShape, Session, Track } from '../../sessions/types.js';
import { LENGTHS, lineFile, MEDIA, SCRIPT, START_TIMECODE, type ScriptLine } from './media.js';

type ClipOptions = Partial<Omit<Clip, 'file'>>;

function clip(file: string, at: number | undefined, o: ClipOptions = {}): Clip {
	return { file, at, offset: 0, gain: 0, fadeIn: 0, fadeOut: 0, fadeShape: 'linear', ...o };
}

function track(id: string, name: string, output: string, clips: Clip[], o: Partial<Omit<Track, 'id' | 'name' | 'output' | 'clips'>> = {}): Track {
	return { id, name, output, gain: 0, pan: 0, mute: false, solo: false, polarity: false, clips, ...o };
}

/** Back-to-back clips of one loop file from `from` to `to`, fading in and out at the ends. */
function loop(file: string, loopSeconds: number, from: number, to: number, fadeIn: number, fadeOut: number, shape: FadeShape): Clip[] {
	const clips: Clip[] = [];
	for (let at = from; at < to - 1e-9; at += loopSeconds) {
		const length = Math.min(loopSeconds, to - at);
		clips.push(clip(file, at, { length: length < loopSeconds ? round(length) : undefined }));
	}
	clips[0]!.fadeIn = fadeIn;
	clips[0]!.fadeShape = shape;
	clips.at(-1)!.fadeOut = fadeOut;
	clips.at(-1)!.fadeShape = shape;
	return clips;
}

function round(x: number): number {
	return Math.round(x * 1000) / 1000;
}

/** Dialogue clips: short linear fades so the cuts don't click. ADR has no `at` (BWF places it). */
function lines(filter: (l: ScriptLine) => boolean): Clip[] {
	return SCRIPT.filter(filter).map((l) =>
		clip(lineFile(l), l.take === 'adr' ? undefined : l.at, { name: `${l.who.toUpperCase()} ${l.id}${l.take ? ` ${l.take.toUpperCase()}` : ''}`, fadeIn: 0.01, fadeOut: 0.04 }),
	);
}

/** Music dips 12 dB under each dialogue passage (the mixer's usual ride, as automation). */
const MUSIC_DIP: Automation = {
	gain: [[8.5, 0], [10, -12], [37.2, -12], [39.5, 0], [60.5, 0], [62, -12], [81.6, -12], [84, 0]],
};

/** The demo session document (format 1); media paths are relative to the session file. */
export function demoSession(): Session {
	const L = LENGTHS;
	const dx = (who: ScriptLine['who']) => lines((l) => l.who === who && l.take === undefined);
	const tracks: Track[] = [
		track('dx1', 'DX 1', 'DX', dx('marc')),
		track('dx2', 'DX 2', 'DX', dx('anna')),
		track('dx3', 'DX 3', 'DX', dx('jo')),
		// Recorded dry in a booth: a send into the kitchen's room sits it with the production lines.
		track('adr1', 'ADR 1', 'DX', lines((l) => l.take === 'adr'), { sends: [{ on: true, to: 'ROOM', gain: -9, pre: false }] }),
		track('dx2alt', 'DX2 alt', 'DX', lines((l) => l.take === 'alt'), { mute: true }),
		track('feet', 'FEET', 'FX', [
			clip(MEDIA.walkIn, 4.6),
			clip(MEDIA.walkOut, 39.2),
			clip(MEDIA.walkStreet, 52.5, { fadeIn: 0.5 }),
			clip(MEDIA.walkStreet, 82, { offset: 1, length: 5, fadeOut: 2, fadeShape: 'equal-power' }),
		]),
		track('props', 'PROPS', 'FX', [
			clip(MEDIA.cup, 11.4),
			clip(MEDIA.cup, 28.1, { gain: -3 }),
			clip(MEDIA.chair, 33.6),
			clip(MEDIA.keys, 37.4),
		], { pan: 0.2 }),
		track('cloth', 'CLOTH', 'FX', [
			clip(MEDIA.cloth, 9.2, { length: 2.5, fadeIn: 0.3, fadeOut: 0.5 }),
			clip(MEDIA.cloth, 23.5, { offset: 2.5, length: 3, fadeIn: 0.3, fadeOut: 0.5 }),
			clip(MEDIA.cloth, 60.5, { offset: 0.8, length: 3, fadeIn: 0.3, fadeOut: 0.5 }),
			clip(MEDIA.cloth, 77, { offset: 3, length: 2.5, fadeIn: 0.3, fadeOut: 0.5 }),
		], { gain: -2 }),
		track('fx1', 'FX 1', 'FX', [clip(MEDIA.doorOpen, 3.4), clip(MEDIA.doorSlam, 44.5)], { pan: -0.4 }),
		track('fx2', 'FX 2', 'FX', [clip(MEDIA.impact, 59.6), clip(MEDIA.impact, 85.2, { gain: -5 })], { pan: 0.3 }),
		track('fx3', 'FX 3', 'FX', [clip(MEDIA.passBy, 53.8)], {
			// Left to right, fastest across the centre where the car is closest.
			automation: { pan: [[53.8, -1], [56.1, -0.6], [57.3, 0], [58.5, 0.6], [60.8, 1]] },
		}),
		track('fx4', 'FX 4', 'FX', [clip(MEDIA.whoosh, 48.4)]),
		track('bg1', 'BG 1', 'FX', loop(MEDIA.room, L.room, 0, 51.5, 2, 2.5, 'equal-power')),
		track('bg2', 'BG 2', 'FX', loop(MEDIA.city, L.city, 0, 94, 2, 4, 'linear'), {
			// Heard through the kitchen window, then outside.
			automation: { gain: [[49, -15], [51.5, 0]] },
		}),
		track('mx1', 'MX 1', 'MX', [
			...loop(MEDIA.bedA, L.bedA, 2, 50, 4, 1.5, 'equal-power'),
			...loop(MEDIA.bedB, L.bedB, 52, 88, 2, 0, 'equal-power'),
			clip(MEDIA.ending, 88, { fadeOut: 2, fadeShape: 'equal-power' }),
		], { automation: MUSIC_DIP, sends: [{ on: true, to: 'HALL', gain: -12, pre: false }] }),
		track('mx2', 'MX 2', 'MX', [clip(MEDIA.sting, 50)]),
	];
	return {
		dubdesk: 1,
		name: 'dubdesk demo: Reel 1, sc. 12-13',
		sampleRate: 48000,
		frameRate: 24,
		start: START_TIMECODE,
		master: { format: 'stereo', gain: 0 },
		buses: [
			{ id: 'DX', name: 'Dialogue', output: 'master', gain: 0, mute: false },
			{ id: 'MX', name: 'Music', output: 'master', gain: 0, mute: false },
			{ id: 'FX', name: 'Effects (BG, foley, FX)', output: 'master', gain: 0, mute: false },
			// Returns inside their stems: the room in DX, the hall in MX (the M&E keeps the score's space).
			{ id: 'ROOM', name: 'Kitchen room', output: 'DX', gain: 0, mute: false, reverb: { on: true, ir: MEDIA.irRoom, predelay: 4, mix: 1 } },
			{ id: 'HALL', name: 'Hall', output: 'MX', gain: 0, mute: false, reverb: { on: true, ir: MEDIA.irHall, predelay: 18, mix: 1 } },
		],
		tracks,
		markers: [
			{ at: 0, name: 'INT. KITCHEN - NIGHT' },
			{ at: 2, name: 'music in' },
			{ at: 3.4, name: 'door opens' },
			{ at: 10, name: 'dialogue (music dips)' },
			{ at: 44.5, name: 'door slam' },
			{ at: 48.4, name: 'whoosh into the sting' },
			{ at: 50, name: 'EXT. STREET - NIGHT' },
			{ at: 53.8, name: 'car pass-by (pan automation)' },
			{ at: 59.6, name: 'bin knocked over' },
			{ at: 68, name: 'ADR line, placed by its BWF time reference' },
			{ at: 73.8, name: 'alternate take on DX2 alt (muted)' },
			{ at: 88, name: 'music out' },
		],
		// `dubdesk deliver`: the printmaster to EBU R 128, the M&E and the stems at its gain.
		deliverables: [
			{ name: 'PM', normalize: 'ebu-r128' },
			{ name: 'ME', without: ['DX'] },
			{ name: 'DX', bus: 'DX' },
			{ name: 'MX', bus: 'MX' },
			{ name: 'FX', bus: 'FX' },
		],
	};
}
