// Short-term loudness over time, drawn as text (report.txt, 80 columns) and as SVG (report.svg).
// People look at the shape of a mix's loudness before they read its numbers.

/** Columns of the text plot's body (the label column adds 8: 72 in all). */
export const PLOT_COLUMNS = 64;
/** Most rows of the text plot, 3 LU each. */
export const PLOT_ROWS = 10;
const LU_PER_ROW = 3;

/** The loudest short-term reading in each of `columns` equal spans of the series; −∞ where all are. */
export function columnMaxima(series: ArrayLike<number>, columns: number): Float64Array {
	const out = new Float64Array(columns).fill(-Infinity);
	const n = series.length;
	if (n === 0) return out;
	for (let i = 0; i < n; i++) {
		const c = Math.min(columns - 1, Math.floor((i * columns) / n));
		if (series[i]! > out[c]!) out[c] = series[i]!;
	}
	return out;
}

/** The quietest finite short-term reading in each span (silence, −∞, is not a level); +∞ where there is none. */
export function columnMinima(series: ArrayLike<number>, columns: number): Float64Array {
	const out = new Float64Array(columns).fill(Infinity);
	const n = series.length;
	for (let i = 0; i < n; i++) {
		const c = Math.min(columns - 1, Math.floor((i * columns) / n));
		if (Number.isFinite(series[i]!) && series[i]! < out[c]!) out[c] = series[i]!;
	}
	return out;
}

/**
 * The text plot: per column a bar from its quietest to its loudest short-term reading, each
 * rounded to the nearest row; rows 3 LU apart from the loudest reading's row down to the
 * quietest one's (at most PLOT_ROWS; the legend says where the rest is cut off). With a target
 * the rows fall on it, so its row is labelled with it, and `-` marks it where no bar covers it.
 * Then a time axis from `startLabel` to `endLabel` and a legend. Every line fits 78 columns
 * (the report indents it by 2).
 */
export function textPlot(series: ArrayLike<number>, startLabel: string, endLabel: string, targetLufs?: number): string[] {
	const hi = columnMaxima(series, PLOT_COLUMNS);
	const lo = columnMinima(series, PLOT_COLUMNS);
	const finite = [...hi].filter(Number.isFinite);
	if (finite.length === 0) return ['        (no short-term loudness: silent, or shorter than 3 s)'];
	// Row k is labelled anchor + 3k and holds the readings that round to it.
	const anchor = targetLufs ?? 0;
	const rowOf = (v: number) => Math.floor((v - anchor + LU_PER_ROW / 2) / LU_PER_ROW);
	const targetRow = targetLufs === undefined ? undefined : 0;
	const top = Math.max(rowOf(Math.max(...finite)), targetRow ?? -Infinity);
	const lowest = Math.min(rowOf(Math.min(...lo)), targetRow ?? Infinity);
	const bottom = Math.max(lowest, top - PLOT_ROWS + 1);
	const fmt = (x: number) => String(Math.round(x * 10) / 10);
	const label = (k: number) => fmt(anchor + k * LU_PER_ROW);
	const lines: string[] = [];
	for (let k = top; k >= bottom; k--) {
		let row = '';
		// A bar cut off at the floor still reaches the bottom row.
		for (let c = 0; c < PLOT_COLUMNS; c++) row += rowOf(hi[c]!) >= k && Math.max(bottom, rowOf(lo[c]!)) <= k ? '#' : k === targetRow ? '-' : ' ';
		lines.push(`${label(k).padStart(5)} |${row.trimEnd()}`);
	}
	lines.push(`      +${'-'.repeat(PLOT_COLUMNS)}`);
	const gap = Math.max(1, PLOT_COLUMNS + 1 - startLabel.length - endLabel.length);
	lines.push(`       ${startLabel}${' '.repeat(gap)}${endLabel}`);
	lines.push("       bars: each column's quietest to loudest reading, to the nearest row");
	const more: string[] = [];
	if (targetLufs !== undefined) more.push(`- target ${label(0)}`);
	if (lowest < bottom) more.push(`below ${fmt(anchor + bottom * LU_PER_ROW - LU_PER_ROW / 2)} cut off`);
	if (more.length > 0) lines.push(`       ${more.join('; ')}`);
	return lines;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One SVG with a panel per series (short-term LUFS against time, −60 … 0 LUFS). */
export function svgPlot(panels: readonly { title: string; series: ArrayLike<number>; stepSeconds: number; targetLufs?: number }[]): string {
	const width = 720;
	const panelHeight = 150;
	const pad = 30;
	const plotW = width - 2 * pad;
	const plotH = panelHeight - 2 * pad + 20;
	const y = (lufs: number) => pad + ((0 - Math.max(-60, Math.min(0, lufs))) / 60) * plotH;
	const parts: string[] = [];
	panels.forEach((p, k) => {
		const top = k * panelHeight;
		const n = p.series.length;
		const x = (i: number) => pad + (n > 1 ? (i / (n - 1)) * plotW : 0);
		const points: string[] = [];
		for (let i = 0; i < n; i++) if (Number.isFinite(p.series[i]!)) points.push(`${x(i).toFixed(1)},${y(p.series[i]!).toFixed(1)}`);
		parts.push(`<g transform="translate(0,${top})">`);
		parts.push(`<text x="${pad}" y="16" font-family="monospace" font-size="12">${escapeXml(p.title)}</text>`);
		parts.push(`<rect x="${pad}" y="${pad}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
		for (const l of [-10, -20, -30, -40, -50]) {
			parts.push(`<line x1="${pad}" x2="${pad + plotW}" y1="${y(l)}" y2="${y(l)}" stroke="#ddd"/><text x="2" y="${y(l) + 4}" font-family="monospace" font-size="9">${l}</text>`);
		}
		if (p.targetLufs !== undefined) parts.push(`<line x1="${pad}" x2="${pad + plotW}" y1="${y(p.targetLufs)}" y2="${y(p.targetLufs)}" stroke="#c33" stroke-dasharray="4 3"/>`);
		if (points.length > 0) parts.push(`<polyline fill="none" stroke="#226" stroke-width="1.2" points="${points.join(' ')}"/>`);
		parts.push(`<text x="${pad + plotW}" y="${pad + plotH + 14}" text-anchor="end" font-family="monospace" font-size="9">${(n * p.stepSeconds).toFixed(1)} s</text>`);
		parts.push('</g>');
	});
	const height = panels.length * panelHeight + 10;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n<title>short-term loudness (LUFS)</title>\n${parts.join('\n')}\n</svg>\n`;
}
