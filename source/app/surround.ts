// How the mixer shows a track's place in a 5.1 room: x (pan, −1 left … +1 right) and y (panY,
// −1 front … +1 rear) as a two-letter position, FL FC FR / ML MC MR / RL RC RR (depth, then
// side; a third of the range each way is the middle), a small x/y grid with a dot for the strip
// page, and the LFE send. Values are what the engine plays at the playhead (lanes unless off).
import { GAIN_FLOOR_DB } from '../../engine/dsp/automation.js';
import type { Decibels, Pan, Session, Track } from '../../sessions/types.js';
import { faderText } from './format.js';
import { gainLaneAt, linearLaneAt, playedPoints } from './automation-values.js';

/** A track's front/rear position when the file has none: the front. */
export const FRONT = -1;

/** The two-letter position of (x, y): 'FL', 'MC', 'RR' … */
export function positionName(x: Pan, y: Pan): string {
	const third = 1 / 3;
	const depth = y <= -third ? 'F' : y >= third ? 'R' : 'M';
	const side = x <= -third ? 'L' : x >= third ? 'R' : 'C';
	return depth + side;
}

/** The front/rear position a track plays at `seconds`. */
export function trackPanYAt(session: Session, track: Track, seconds: number): Pan {
	const points = playedPoints(track.automation, 'panY');
	return points ? linearLaneAt(session, points, seconds) : (track.panY ?? FRONT);
}

/** The LFE send a track plays at `seconds`, dB (−∞: none). */
export function trackLfeAt(session: Session, track: Track, seconds: number): Decibels {
	const points = playedPoints(track.automation, 'lfe');
	if (!points) return track.lfe ?? -Infinity;
	const db = gainLaneAt(session, points, seconds);
	return db <= GAIN_FLOOR_DB ? -Infinity : db;
}

/** The LFE send as a strip shows it: 'LFE -10.0', 'LFE off'. */
export function lfeText(db: Decibels): string {
	return db === -Infinity ? 'LFE off' : `LFE ${faderText(db)}`;
}

/** The pan row of a track strip on a 5.1 master (six columns): the position, and 'lfe' while the LFE send is open. */
export function surroundPanText(x: Pan, y: Pan, lfe: Decibels): string {
	return `${positionName(x, y)}${lfe === -Infinity ? '' : ' lfe'}`;
}

/**
 * An x/y grid `inner` columns by `rows` rows inside a frame whose top edge names the front
 * speakers (L C R) and bottom edge the surrounds (Ls Rs), with an 'o' at (x, y): rows + 2
 * lines, each inner + 2 columns. inner is odd and at least 5, rows at least 1.
 */
export function panGrid(x: Pan, y: Pan, inner: number, rows: number): string[] {
	const mid = (inner - 1) / 2;
	const top = 'L' + '-'.repeat(mid - 1) + 'C' + '-'.repeat(mid - 1) + 'R';
	const bottom = 'Ls' + '-'.repeat(inner - 4) + 'Rs';
	const col = Math.round(((Math.max(-1, Math.min(1, x)) + 1) / 2) * (inner - 1));
	const row = Math.round(((Math.max(-1, Math.min(1, y)) + 1) / 2) * (rows - 1));
	const lines = [`+${top}+`];
	for (let r = 0; r < rows; r++) lines.push(`|${r === row ? ' '.repeat(col) + 'o' + ' '.repeat(inner - col - 1) : ' '.repeat(inner)}|`);
	lines.push(`+${bottom}+`);
	return lines;
}
