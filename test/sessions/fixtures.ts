// Shared session documents for the sessions tests.
import type { Session } from '../../sessions/types.js';

/** A session using every field of format 1, in mixed notations, with defaults left out. */
export const RICH_YAML = `dubdesk: 1
name: Reel 1
sampleRate: 48000
frameRate: 23.976
start: "01:00:00:00"
master: { format: "5.1", gain: -1.5 }
buses:
  - { id: DX, name: Dialogue, gain: 0, mute: false }
  - { id: MX, name: "Music: score", output: master, gain: -.inf, mute: true }
  - { id: FX.sub, output: DX, gain: 2.25 }
tracks:
  - id: dx1
    name: DX 1
    output: DX
    gain: -3
    pan: -0.25
    mute: false
    solo: true
    polarity: true
    clips:
      - file: media/sc12_t3.wav
        name: sc12 t3
        at: 12.5
        offset: 1.25
        length: 4
        gain: -2
        fadeIn: 0.01
        fadeOut: 0.5
        fadeShape: equal-power
      - file: media/sc12_t4.wav
        at: "01:00:20:12"
      - file: "media/bwf stamped.wav"
    automation:
      gain: [[0, -3], [10, -12], ["01:00:30:00", -.inf]]
      pan:  [[0, 0], [4, -1]]
      mute: [[20, 1], [22, 0]]
  - id: mx_1
    output: MX
    clips: []
markers:
  - { at: 95.2, name: "music too hot under line" }
  - { at: "01:02:00:00", name: "# not a comment" }
  - { at: 130 }
loop: { from: "01:00:10:00", to: 40 }
`;

/** RICH_YAML as loaded: written by hand, not by the code under test. */
export function richSession(): Session {
	return {
		dubdesk: 1,
		name: 'Reel 1',
		sampleRate: 48000,
		frameRate: 23.976,
		start: '01:00:00:00',
		master: { format: '5.1', gain: -1.5 },
		buses: [
			{ id: 'DX', name: 'Dialogue', output: 'master', gain: 0, mute: false },
			{ id: 'MX', name: 'Music: score', output: 'master', gain: -Infinity, mute: true },
			{ id: 'FX.sub', output: 'DX', gain: 2.25, mute: false },
		],
		tracks: [
			{
				id: 'dx1',
				name: 'DX 1',
				output: 'DX',
				gain: -3,
				pan: -0.25,
				mute: false,
				solo: true,
				polarity: true,
				clips: [
					{
						file: 'media/sc12_t3.wav',
						name: 'sc12 t3',
						at: 12.5,
						offset: 1.25,
						length: 4,
						gain: -2,
						fadeIn: 0.01,
						fadeOut: 0.5,
						fadeShape: 'equal-power',
					},
					{ file: 'media/sc12_t4.wav', at: '01:00:20:12', offset: 0, gain: 0, fadeIn: 0, fadeOut: 0, fadeShape: 'linear' },
					{ file: 'media/bwf stamped.wav', offset: 0, gain: 0, fadeIn: 0, fadeOut: 0, fadeShape: 'linear' },
				],
				automation: {
					gain: [
						[0, -3],
						[10, -12],
						['01:00:30:00', -Infinity],
					],
					pan: [
						[0, 0],
						[4, -1],
					],
					mute: [
						[20, 1],
						[22, 0],
					],
				},
			},
			{ id: 'mx_1', output: 'MX', gain: 0, pan: 0, mute: false, solo: false, polarity: false, clips: [] },
		],
		markers: [
			{ at: 95.2, name: 'music too hot under line' },
			{ at: '01:02:00:00', name: '# not a comment' },
			{ at: 130, name: '' },
		],
		loop: { from: '01:00:10:00', to: 40 },
	};
}

/** The smallest valid session, as loaded. */
export function emptySession(): Session {
	return {
		dubdesk: 1,
		name: 'Untitled',
		sampleRate: 48000,
		frameRate: 24,
		start: '00:00:00:00',
		master: { format: 'stereo', gain: 0 },
		buses: [],
		tracks: [],
		markers: [],
	};
}

/** Freezes a value and everything in it, so a test fails if code under test mutates it. */
export function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const v of Object.values(value)) deepFreeze(v);
	}
	return value;
}
