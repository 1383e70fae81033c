// Meter deflection and its quantisation to character cells. The scale is IEC 60268-18's: more
// room near full scale where a mixer works, -60 dB at the bottom.
import type { Decibels } from '../../sessions/types.js';

/** 0 … 1 deflection of a level (IEC 60268-18 piecewise scale). */
export function deflection(db: Decibels): number {
	let d: number;
	if (!(db >= -70)) d = 0;
	else if (db < -60) d = (db + 70) * 0.25;
	else if (db < -50) d = (db + 60) * 0.5 + 2.5;
	else if (db < -40) d = (db + 50) * 0.75 + 7.5;
	else if (db < -30) d = (db + 40) * 1.5 + 15;
	else if (db < -20) d = (db + 30) * 2 + 30;
	else d = (db + 20) * 2.5 + 50;
	return Math.max(0, Math.min(1, d / 100));
}

/** Cells lit for a level in a meter `rows` tall (0 … rows). */
export function cellsFor(db: Decibels, rows: number): number {
	return Math.round(deflection(db) * rows);
}

// Scale marks by importance: the coarse set first, then the finer steps a tall meter has room for.
const SCALE_DB = [0, -3, -6, -10, -15, -20, -30, -40, -50, -60, -1, -2, -4, -8, -12, -18, -25, -35, -45, -55];

/** Row labels of the dB scale beside the meters, a blank row at least between two: row index from the top → label. */
export function scaleLabels(rows: number): Map<number, string> {
	const labels = new Map<number, string>();
	for (const db of SCALE_DB) {
		const row = rows - cellsFor(db, rows);
		if (row < 0 || row >= rows || labels.has(row) || labels.has(row - 1) || labels.has(row + 1)) continue;
		labels.set(row, String(db));
	}
	return labels;
}

/** The colour zone of a meter row (from the top): over -6 dB red, over -20 dB yellow, else green. */
export function rowZone(row: number, rows: number): 'red' | 'yellow' | 'green' {
	const cellFromBottom = rows - row;
	if (cellFromBottom > cellsFor(-6, rows)) return 'red';
	if (cellFromBottom > cellsFor(-20, rows)) return 'yellow';
	return 'green';
}
