// The strip page's EQ curve: the magnitude response of the strip's high-pass, low-pass and EQ
// bands together, from the same designs the engine runs (Butterworth sections, cookbook
// biquads), drawn in braille (2 × 4 dots a character) across 20 Hz–20 kHz on a log axis, with
// a dB scale and the band centres marked by their numbers. Dot column i is the frequency
// 20 Hz · 1000^(i / (columns − 1)); dot row j is the level range − j·2·range / (rows − 2), so
// 0 dB falls on a dot rather than between two (a flat response does not flicker between
// lines), and the last dot row is "below the scale", where deep cuts lie.
import { butterworthSections, slopeOrder } from '../../engine/dsp/butterworth.js';
import type { BiquadCoefficients } from '../../engine/dsp/biquad.js';
import { bandHasGain, rbjCoefficients } from '../../engine/dsp/eq-band.js';
import { logFrequencies, magnitudeDb } from '../../engine/dsp/response.js';
import type { Strip } from '../../sessions/types.js';
import { hue, type Theme } from './theme.js';

export const CURVE_FROM = 20;
export const CURVE_TO = 20000;
/** Columns of the dB labels left of the axis. */
export const CURVE_SCALE = 4;
/** The scales the curve picks from: ± this many dB, the smallest that holds every boost. */
const RANGES = [6, 12, 18, 24];
const FREQ_LABELS: [number, string][] = [
	[20, '20'], [50, '50'], [100, '100'], [200, '200'], [500, '500'],
	[1000, '1k'], [2000, '2k'], [5000, '5k'], [10000, '10k'], [20000, '20k'],
];
/** The order frequency labels claim room in. */
const LABEL_ORDER = [1000, 100, 10000, 20, 20000, 500, 50, 200, 2000, 5000];
/** Braille dot bits by [column in the cell][row in the cell]. */
const DOTS = [
	[0x01, 0x02, 0x04, 0x40],
	[0x08, 0x10, 0x20, 0x80],
];

/** The biquads of what shapes the strip's tone and is on: hpf, lpf and the EQ bands. Allocates. */
export function toneSections(strip: Strip | undefined, sampleRate: number): BiquadCoefficients[] {
	if (!strip) return [];
	const out: BiquadCoefficients[] = [];
	if (strip.hpf?.on) out.push(...butterworthSections('highpass', slopeOrder(strip.hpf.slope), strip.hpf.freq, sampleRate));
	if (strip.lpf?.on) out.push(...butterworthSections('lowpass', slopeOrder(strip.lpf.slope), strip.lpf.freq, sampleRate));
	for (const b of strip.eq ?? []) if (b.on) out.push(rbjCoefficients(b.type, b.freq, b.gain, b.q, sampleRate));
	return out;
}

/** The plot column (0 … width−1) of a frequency. */
export function curveColumn(freq: number, width: number): number {
	const dots = 2 * width;
	const x = Math.round((Math.log(freq / CURVE_FROM) / Math.log(CURVE_TO / CURVE_FROM)) * (dots - 1));
	return Math.max(0, Math.min(width - 1, x >> 1));
}

export interface Curve {
	/** `rows` lines: dB label, axis, plot, right edge (CURVE_SCALE + width + 2 columns). */
	rows: string[];
	/** The axis lines under the plot: band numbers, then frequencies (one line with both when `merged`). */
	axis: string[];
	/** ± dB of the scale. */
	range: number;
}

/** Draws the curve `width` columns by `rows` lines. */
export function eqCurve(strip: Strip | undefined, sampleRate: number, width: number, rows: number, theme: Theme, merged = false): Curve {
	const dotsX = 2 * width;
	const dotsY = 4 * rows;
	const sections = toneSections(strip, sampleRate);
	const db = sections.length > 0 ? magnitudeDb(sections, logFrequencies(dotsX, CURVE_FROM, CURVE_TO), sampleRate) : new Float64Array(dotsX);
	let peak = 0;
	for (const v of db) if (v > peak) peak = v;
	for (const b of strip?.eq ?? []) if (b.on && bandHasGain(b.type)) peak = Math.max(peak, Math.abs(b.gain));
	const range = RANGES.find((r) => r >= peak - 1e-9) ?? RANGES.at(-1)!;
	const yOf = (v: number) => (Number.isNaN(v) || v < -range ? dotsY - 1 : Math.max(0, Math.round(((range - v) / (2 * range)) * (dotsY - 2))));

	const cells = new Uint8Array(width * rows);
	const set = (x: number, y: number) => void (cells[(y >> 2) * width + (x >> 1)]! |= DOTS[x & 1]![y & 3]!);
	let prev = -1;
	for (let x = 0; x < dotsX; x++) {
		const y = yOf(db[x]!);
		set(x, y);
		// A steep slope is drawn as a line down the column, not as scattered dots.
		if (prev >= 0) for (let yy = Math.min(prev, y) + 1; yy < Math.max(prev, y); yy++) set(x, yy);
		prev = y;
	}

	const labels = new Map<number, string>();
	for (const v of [0, range, -range, range / 2, -range / 2]) {
		const r = yOf(v) >> 2;
		if (!labels.has(r)) labels.set(r, v > 0 ? `+${v}` : String(v));
	}
	const lines: string[] = [];
	for (let r = 0; r < rows; r++) {
		let plot = '';
		for (let c = 0; c < width; c++) {
			const bits = cells[r * width + c]!;
			plot += bits === 0 ? ' ' : String.fromCharCode(0x2800 + bits);
		}
		const label = labels.get(r);
		lines.push(`${(label ?? '').padStart(CURVE_SCALE)}${label ? '┤' : '│'}${hue(theme, plot, 'cyan')}│`);
	}

	const bandsRow = new Array<string>(width).fill(' ');
	(strip?.eq ?? []).forEach((b, i) => {
		if (b.on && b.freq >= CURVE_FROM && b.freq <= CURVE_TO) bandsRow[curveColumn(b.freq, width)] = String(i + 1);
	});
	// On one merged line the band numbers go first and a frequency label only where it has room.
	const freqRow = merged ? bandsRow.slice() : new Array<string>(width).fill(' ');
	// Labels that matter most go first (the decades, 1k above all), so a narrow curve keeps 1k rather than 500.
	for (const [f, text] of LABEL_ORDER.map((f) => FREQ_LABELS.find((l) => l[0] === f)!)) {
		const at = Math.max(0, Math.min(width - text.length, curveColumn(f, width) - (text.length >> 1)));
		if (freqRow.slice(Math.max(0, at - 1), at + text.length + 1).some((ch) => ch !== ' ')) continue;
		for (let k = 0; k < text.length; k++) freqRow[at + k] = text[k]!;
	}
	const pad = ' '.repeat(CURVE_SCALE + 1);
	const axis = merged ? [pad + freqRow.join('') + ' '] : [pad + bandsRow.join('') + ' ', pad + freqRow.join('') + ' '];
	return { rows: lines, axis, range };
}
