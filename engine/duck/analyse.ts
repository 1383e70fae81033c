// Baked ducking, the pure part: from the key's and the target's loudness per 100 ms hop to the
// lines of dialogue and the dips that keep the target `difference` LU under each line, then to
// a sparse `duck` lane (a few points a line, seconds and dB).
//
// - A hop is speech when the key's K-weighted loudness over it passes the gate: the louder of
//   the absolute gate and the key's integrated loudness minus RELATIVE_GATE_LU. Runs of speech
//   hops closer than `hold` seconds are one line (pauses inside a line stay dipped); a line with
//   less than MIN_LINE_SECONDS of speech is a click, not a line.
// - A line's dip: min(0, key − difference − target), never below maxDepth, where key is the
//   key's loudness over the whole line and target the target's loudest 3 s window inside it (the
//   whole line when shorter), so a swell of the score under a long line is covered too.
// - The lane is the deepest of the lines' envelopes: 0 dB until `preroll` before the line, the
//   dip from the line's start to its end, back to 0 over `release`. Where envelopes overlap the
//   deeper one wins, so a dip is always complete at its line's start.
import { HOP_SECONDS, runLoudness } from './hop-meter.js';

/** The analysis settings (seconds, dB, LU). */
export interface DuckSettings {
	/** How far under the key the target sits during a line (LU). */
	difference: number;
	/** The deepest dip (dB, ≤ 0). */
	maxDepth: number;
	preroll: number;
	hold: number;
	release: number;
}

export const DUCK_DEFAULTS: DuckSettings = { difference: 10, maxDepth: -15, preroll: 0.3, hold: 1, release: 0.8 };

/** A hop quieter than this is never speech (LUFS). */
export const ABSOLUTE_GATE_LUFS = -50;
/** …nor one further than this under the key's integrated loudness (LU). */
export const RELATIVE_GATE_LU = 20;
/** Less speech than this in a line: a click or a breath, left alone. */
export const MIN_LINE_SECONDS = 0.2;
/** The window a line's target level is read over (short-term loudness). */
const TARGET_WINDOW_HOPS = 30;

/** A line found in the key. Times are seconds on the session timeline. */
export interface DuckLine {
	start: number;
	end: number;
	/** The key's loudness over the line (LUFS). */
	keyLufs: number;
	/** The target's loudest 3 s inside the line, undipped (LUFS; −∞ when silent). */
	targetLufs: number;
	/** The dip written (dB, ≤ 0). */
	dip: number;
}

export interface HopLoudness {
	/** Mean square per hop (engine/duck/hop-meter.ts). */
	key: Float64Array;
	target: Float64Array;
	/** Session seconds of hop 0. */
	origin: number;
	/** The key's integrated loudness over the analysed stretch (LUFS), null when silent. */
	keyIntegrated: number | null;
}

/** The gate a key hop must pass to be speech (LUFS). */
export function speechGate(keyIntegrated: number | null): number {
	return keyIntegrated === null ? ABSOLUTE_GATE_LUFS : Math.max(ABSOLUTE_GATE_LUFS, keyIntegrated - RELATIVE_GATE_LU);
}

/** The lines of the key and the dip of each. */
export function findLines(hops: HopLoudness, settings: DuckSettings): DuckLine[] {
	const { key, target, origin } = hops;
	if (hops.keyIntegrated === null) return [];
	const gate = speechGate(hops.keyIntegrated);
	const holdHops = Math.round(settings.hold / HOP_SECONDS);
	const runs: [number, number, number][] = [];
	for (let k = 0; k < key.length; k++) {
		if (!(runLoudness(key, k, k + 1) > gate)) continue;
		const last = runs[runs.length - 1];
		// Speech in the next hop, or after a pause shorter than the hold (in whole hops), stays inside the line.
		if (last && (k === last[1] || k - last[1] < holdHops)) {
			last[1] = k + 1;
			last[2]++;
		} else runs.push([k, k + 1, 1]);
	}
	const minHops = Math.round(MIN_LINE_SECONDS / HOP_SECONDS);
	const lines: DuckLine[] = [];
	for (const [a, b, speech] of runs) {
		if (speech < minHops) continue;
		const keyLufs = runLoudness(key, a, b);
		let targetLufs = -Infinity;
		const w = Math.min(TARGET_WINDOW_HOPS, b - a);
		for (let k = a; k + w <= b; k++) targetLufs = Math.max(targetLufs, runLoudness(target, k, k + w));
		const want = keyLufs - settings.difference - targetLufs;
		const dip = Math.max(settings.maxDepth, Math.min(0, want));
		lines.push({ start: round(origin + a * HOP_SECONDS, 1e3), end: round(origin + b * HOP_SECONDS, 1e3), keyLufs, targetLufs, dip: round(dip, 100) + 0 });
	}
	return lines;
}

function round(x: number, per: number): number {
	return Math.round(x * per) / per;
}

/** A line's envelope: 0 outside [start − preroll, end + release], the dip inside [start, end], linear between. */
function envelope(line: DuckLine, s: DuckSettings, t: number): number {
	if (line.dip === 0) return 0;
	const a = line.start - s.preroll;
	const b = line.end + s.release;
	if (t <= a || t >= b) return 0;
	if (t < line.start) return s.preroll > 0 ? (line.dip * (t - a)) / s.preroll : line.dip;
	if (t <= line.end) return line.dip;
	return s.release > 0 ? (line.dip * (b - t)) / s.release : line.dip;
}

/** The lines' corners: where an envelope bends. */
function corners(line: DuckLine, s: DuckSettings): number[] {
	return [line.start - s.preroll, line.start, line.end, line.end + s.release];
}

/** The straight pieces of a line's envelope as [t0, v0, t1, v1]. */
function pieces(line: DuckLine, s: DuckSettings): [number, number, number, number][] {
	const c = corners(line, s);
	return [
		[c[0]!, 0, c[1]!, line.dip],
		[c[1]!, line.dip, c[2]!, line.dip],
		[c[2]!, line.dip, c[3]!, 0],
	];
}

/** Where two straight pieces cross inside both, if they do. */
function crossing(p: [number, number, number, number], q: [number, number, number, number]): number | undefined {
	const sp = p[2] > p[0] ? (p[3] - p[1]) / (p[2] - p[0]) : NaN;
	const sq = q[2] > q[0] ? (q[3] - q[1]) / (q[2] - q[0]) : NaN;
	if (!Number.isFinite(sp) || !Number.isFinite(sq) || sp === sq) return undefined;
	// p1 + sp (t − p0) = q1 + sq (t − q0)
	const t = (q[1] - p[1] + sp * p[0] - sq * q[0]) / (sp - sq);
	const lo = Math.max(p[0], q[0]);
	const hi = Math.min(p[2], q[2]);
	return t > lo && t < hi ? t : undefined;
}

/**
 * The duck lane of `lines` between `from` and `to` (seconds; the lane is cut there): sparse
 * [seconds, dB] points (dB to 0.01), 0 dB outside every envelope. Empty when no line dips.
 */
export function duckPoints(lines: readonly DuckLine[], settings: DuckSettings, from = 0, to = Infinity): [number, number][] {
	const dipping = lines.filter((l) => l.dip < 0);
	if (dipping.length === 0) return [];
	const times = new Set<number>();
	for (const l of dipping) for (const t of corners(l, settings)) times.add(t);
	// Neighbouring envelopes that overlap cross somewhere: the deeper one takes over there.
	for (let i = 0; i < dipping.length; i++) {
		for (let j = i + 1; j < dipping.length; j++) {
			const a = dipping[i]!;
			const b = dipping[j]!;
			if (b.start - settings.preroll >= a.end + settings.release) break;
			for (const p of pieces(a, settings)) for (const q of pieces(b, settings)) {
				const t = crossing(p, q);
				// To the millisecond: a readable file, and no audible difference.
				if (t !== undefined) times.add(round(t, 1e3));
			}
		}
	}
	const lo = Math.max(0, from);
	times.add(lo);
	if (Number.isFinite(to)) times.add(to);
	const at = (t: number) => {
		let v = 0;
		for (const l of dipping) v = Math.min(v, envelope(l, settings, t));
		return v;
	};
	const sorted = [...times].filter((t) => t >= lo && t <= to).sort((x, y) => x - y);
	const points: [number, number][] = sorted.map((t) => [round(t, 1e6), at(t)]);
	return simplify(points).map(([t, v]) => [t, round(v, 100) + 0]);
}

/** Drops points on the straight line between their neighbours (and repeats), keeping both ends. */
function simplify(points: [number, number][]): [number, number][] {
	const out: [number, number][] = [];
	for (const p of points) {
		while (out.length >= 2) {
			const [t0, v0] = out[out.length - 2]!;
			const [t1, v1] = out[out.length - 1]!;
			const onLine = p[0] === t0 ? v1 === v0 : Math.abs(v0 + ((p[1] - v0) * (t1 - t0)) / (p[0] - t0) - v1) < 1e-3;
			if (!onLine) break;
			out.pop();
		}
		const last = out[out.length - 1];
		if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
	}
	// Leading and trailing runs of 0 dB say nothing (the lane holds its end values).
	while (out.length > 1 && out[0]![1] === 0 && out[1]![1] === 0) out.shift();
	while (out.length > 1 && out[out.length - 1]![1] === 0 && out[out.length - 2]![1] === 0) out.pop();
	return out;
}
