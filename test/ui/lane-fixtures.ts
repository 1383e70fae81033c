// A session for the lane view and lane key tests, and the interpolation they check lanes with.
import { sessionYaml } from './setup.js';

/** Track 2 with a send, a strip and lanes: gain with a hold, pan, a filter frequency. */
export function laneYaml(tracks = 16): string {
	return sessionYaml(tracks).replace(
		'    automation:\n      gain: [[0, -20], [20, 0]]',
		[
			'    sends: [{ to: MX, gain: -12 }]',
			'    strip:',
			'      hpf: { freq: 100 }',
			'      eq: [{ type: bell, freq: 1000, gain: 2, q: 1 }]',
			'    automation:',
			'      gain: [[0, -20], [5, -6], [12, -6], [20, -30]]',
			'      pan: [[0, -1], [10, 1]]',
			'      "hpf.freq": [[0, 100], [10, 200]]',
		].join('\n'),
	);
}

/** Track 2's gain lane in seconds. */
export const GAIN: [number, number][] = [[0, -20], [5, -6], [12, -6], [20, -30]];

/** Linear between points, the end values holding outside. */
export function lerp(points: readonly [number, number][], t: number): number {
	if (t <= points[0]![0]) return points[0]![1];
	for (let i = 1; i < points.length; i++) {
		const [t0, v0] = points[i - 1]!;
		const [t1, v1] = points[i]!;
		if (t < t1) return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
	}
	return points.at(-1)![1];
}
