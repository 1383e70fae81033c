// Short text forms of mixer values, sized for a strip six characters wide.
import type { Decibels } from '../../sessions/types.js';

/** A fader level: "+3.0", "-12.5", "-inf", "0.0". */
export function faderText(db: Decibels): string {
	if (db === -Infinity || db < -199) return '-inf';
	const s = (Math.abs(db) >= 100 ? db.toFixed(0) : db.toFixed(1)).replace(/^-0\.0$/, '0.0');
	return db > 0 ? `+${s}` : s;
}

/** A pan position: "C", "L30", "R100" (percent). */
export function panText(pan: number): string {
	const p = Math.round(pan * 100);
	return p === 0 ? 'C' : p < 0 ? `L${-p}` : `R${p}`;
}

/** A loudness or peak reading: "-23.1", or "  -  " when undefined (silence). */
export function readingText(v: number, width = 5): string {
	return (Number.isFinite(v) ? v.toFixed(1) : '-').padStart(width);
}

/** `text` cut or padded to exactly `width` columns (ASCII widths). */
export function fit(text: string, width: number): string {
	if (width <= 0) return '';
	return text.length > width ? text.slice(0, width) : text.padEnd(width);
}

/** `text` centred in `width` columns. */
export function centre(text: string, width: number): string {
	if (text.length >= width) return text.slice(0, width);
	const left = Math.floor((width - text.length) / 2);
	return ' '.repeat(left) + text + ' '.repeat(width - text.length - left);
}

/** Parses a typed fader level: "-7.5", "-7.5 dB", "+3", "0", "-inf", "off". */
export function parseDb(text: string): Decibels | undefined {
	const t = text.trim().toLowerCase().replace(/\s*db$/, '');
	if (t === '-inf' || t === 'inf' || t === 'off' || t === '-∞') return -Infinity;
	if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return undefined;
	return Number(t);
}
