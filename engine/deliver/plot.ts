// Short-term loudness over time, drawn as text (report.txt, 80 columns) and as SVG (report.svg).
// People look at the shape of a mix's loudness before they read its numbers.

/** Columns of the text plot's body (the label column adds 8: 72 in all). */
export const PLOT_COLUMNS = 64;
/** Rows of the text plot, 3 LU each. */
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

/**
 * The text plot: a bar per column up to its loudest short-term reading, rows 3 LU apart with
 * the top row at or above the loudest reading, `-` marking the target's row where the bar does
 * not reach it. Then a time axis from `startLabel` to `endLabel`. Every line fits 80 columns.
 */
export function textPlot(series: ArrayLike<number>, startLabel: string, endLabel: string, targetLufs?: number): string[] {
	const cols = columnMaxima(series, PLOT_COLUMNS);
	const finite = [...cols].filter(Number.isFinite);
	if (finite.length === 0) return ['        (no short-term loudness: silent, or shorter than 3 s)'];
	const peak = Math.max(...finite, targetLufs ?? -Infinity);
	// The top row is the first whose lower half the loudest column reaches.
	const top = Math.ceil((peak - LU_PER_ROW / 2) / LU_PER_ROW) * LU_PER_ROW;
	const lines: string[] = [];
	for (let r = 0; r < PLOT_ROWS; r++) {
		const level = top - r * LU_PER_ROW;
		// A cell is filled when the column reaches the middle of its 3 LU row.
		const floor = level - LU_PER_ROW / 2;
		const isTarget = targetLufs !== undefined && targetLufs <= level + LU_PER_ROW / 2 && targetLufs > floor;
		let row = '';
		for (const v of cols) row += v >= floor ? '#' : isTarget ? '-' : ' ';
		lines.push(`${String(level).padStart(5)} |${row.trimEnd()}`);
	}
	lines.push(`      +${'-'.repeat(PLOT_COLUMNS)}`);
	const gap = Math.max(1, PLOT_COLUMNS + 1 - startLabel.length - endLabel.length);
	lines.push(`       ${startLabel}${' '.repeat(gap)}${endLabel}`);
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
