// The strip page at 80×24 and 120×40: every section with its values, and the EQ curve checked
// against responses computed here (the RBJ cookbook peakingEQ and the analog Butterworth
// magnitude), by reading the braille dots back off the screen.
import { afterEach, describe, expect, it } from 'vitest';
import { fitsIn, sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const SR = 48000;

/** Track 1 with `strip` (YAML lines, indented under `strip:`). */
function withStrip(strip: string, tracks = 16): string {
	const body = strip
		.trim()
		.split('\n')
		.map((l) => `      ${l}`)
		.join('\n');
	return sessionYaml(tracks).replace('    name: Trk 1\n', `    name: Trk 1\n    strip:\n${body}\n`);
}

/** |H| in dB of the cookbook peakingEQ at f (written from the cookbook, not from the app). */
function peakingDb(f: number, f0: number, gainDb: number, q: number): number {
	const A = 10 ** (gainDb / 40);
	const w0 = (2 * Math.PI * f0) / SR;
	const alpha = Math.sin(w0) / (2 * q);
	const [b0, b1, b2, a0, a1, a2] = [1 + alpha * A, -2 * Math.cos(w0), 1 - alpha * A, 1 + alpha / A, -2 * Math.cos(w0), 1 - alpha / A];
	const w = (2 * Math.PI * f) / SR;
	const re = (c0: number, c1: number, c2: number) => c0 + c1 * Math.cos(w) + c2 * Math.cos(2 * w);
	const im = (c1: number, c2: number) => -(c1 * Math.sin(w) + c2 * Math.sin(2 * w));
	const num = Math.hypot(re(b0, b1, b2), im(b1, b2));
	const den = Math.hypot(re(a0, a1, a2), im(a1, a2));
	return 20 * Math.log10(num / den);
}

interface Plot {
	/** Screen line of the first curve row and the column of the axis. */
	top: number;
	axis: number;
	width: number;
	rows: number;
	/** ± dB, read from the top row's label. */
	range: number;
	/** Dots (x, y) read off the braille. */
	dots: Set<string>;
	lines: string[];
}

/** Finds the curve on screen: rows that start with a 4-column label and an axis │ or ┤, closed by │. */
function readPlot(frame: string): Plot {
	const lines = frame.split('\n');
	const top = lines.findIndex((l) => /^.{4}┤/.test(l));
	let rows = 0;
	while (/^.{4}[│┤]/.test(lines[top + rows] ?? '')) rows++;
	const axis = 4;
	const width = lines[top]!.indexOf('│', axis + 1) - axis - 1;
	const range = Number(lines[top]!.slice(0, 4).trim());
	const dots = new Set<string>();
	for (let r = 0; r < rows; r++) {
		for (let c = 0; c < width; c++) {
			const code = lines[top + r]!.charCodeAt(axis + 1 + c) - 0x2800;
			if (code <= 0 || code > 0xff) continue;
			// Braille dots 1-2-3-7 are the left column, 4-5-6-8 the right.
			const bit = (b: number) => (code & b) !== 0;
			[[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]].forEach((col, sub) => col.forEach((b, dy) => bit(b) && dots.add(`${2 * c + sub},${4 * r + dy}`)));
		}
	}
	return { top, axis, width, rows, range, dots, lines };
}

/** The dot column of a frequency on a log axis from 20 Hz to 20 kHz, and the frequency a dot column stands for. */
const dotOf = (f: number, p: Plot) => Math.round((Math.log(f / 20) / Math.log(1000)) * (2 * p.width - 1));
const freqOf = (x: number, p: Plot) => 20 * 1000 ** (x / (2 * p.width - 1));
/** The dot row of a level: +range on the first dot row, −range on the last but one; below that, the last. */
const rowOf = (db: number, p: Plot) => (db < -p.range ? 4 * p.rows - 1 : Math.max(0, Math.round(((p.range - db) / (2 * p.range)) * (4 * p.rows - 2))));

describe.each([
	[80, 24],
	[120, 40],
])('strip page at %i×%i', (columns, rows) => {
	it('shows every section with its values, absent ones as —, and fits the terminal', async () => {
		ui = setup({ columns, rows, yaml: withStrip('trim: -2.5\nhpf: { freq: 120, slope: 18 }\neq:\n  - { type: bell, freq: 3000, gain: 4, q: 1.4 }\n  - { type: highShelf, freq: 10000, gain: -2, q: 0.71, on: false }\ncompressor: { threshold: -24, ratio: 4, attack: 10, release: 120, makeup: 2 }\nlimiter: { ceiling: -1 }') });
		await ui.press('e');
		const frame = ui.frame();
		expect(fitsIn(frame, columns, rows)).toBe(true);
		expect(frame.split('\n')).toHaveLength(rows);
		expect(frame).toContain('STRIP  Trk 1 (track t1 → DX)');
		expect(frame).toMatch(/STRIP\s+in\s+trim -2\.5 dB/);
		expect(frame).toMatch(/HPF\s+on\s+120 Hz\s+18 dB\/oct/);
		expect(frame).toMatch(/LPF\s+—\s+16 kHz\s+12 dB\/oct/);
		expect(frame).toMatch(/GATE\s+—\s+thr -50/);
		expect(frame).toMatch(/> EQ 1\s+on\s+bell \[3 kHz\] \+4\.0 dB\s+q 1\.40/);
		expect(frame).toMatch(/EQ 2\s+off\s+highShelf\s+10 kHz\s+-2\.0 dB/);
		expect(frame).toMatch(/COMP\s+on\s+thr -24\s+ratio 4\.0:1\s+knee 6\s+att 10\.0\s+rel 120\s+makeup \+2\.0/);
		expect(frame).toMatch(/DE-ESS\s+—\s+6 kHz/);
		expect(frame).toMatch(/LIMIT\s+on\s+ceil -1\.0\s+rel 50/);
		expect(frame).toMatch(/gate comp dees\s+lim\s+duck/);
		// The detail line names the selected value and its range; the hints come from the keymap.
		expect(frame).toContain('EQ 1 freq 3 kHz (10 to 23760 Hz)');
		expect(frame).toContain('e back');
		// Band 2 is off: only band 1's centre is marked.
		const p = readPlot(frame);
		const markers = p.lines[p.top + p.rows]!;
		expect(markers.indexOf('1')).toBe(p.axis + 1 + (dotOf(3000, p) >> 1));
		expect(markers).not.toContain('2');
	});

	it('draws a +12 dB bell at 1 kHz with its peak in the 1 kHz column and the response of the cookbook elsewhere', async () => {
		ui = setup({ columns, rows, yaml: withStrip('eq:\n  - { type: bell, freq: 1000, gain: 12, q: 0.71 }') });
		await ui.press('e');
		const p = readPlot(ui.frame());
		expect(p.range).toBe(12);
		// The scale (4), its frame (2) and the five gain-reduction meters (5 each).
		expect(p.width).toBe(columns - 31);
		const dots = [...p.dots].map((d) => d.split(',').map(Number) as [number, number]);
		const highest = Math.min(...dots.map(([, y]) => y));
		// +12 dB is the top of a ±12 dB scale: the peak is in the first dot row.
		expect(highest).toBe(0);
		const peakColumns = [...new Set(dots.filter(([, y]) => y === highest).map(([x]) => x >> 1))];
		const expected = dotOf(1000, p) >> 1;
		expect(peakColumns).toContain(expected);
		expect(Math.abs(peakColumns.reduce((a, b) => a + b, 0) / peakColumns.length - expected)).toBeLessThanOrEqual(1);
		// Every dot column carries the dot of the cookbook response at its frequency.
		for (let x = 0; x < 2 * p.width; x++) expect(p.dots.has(`${x},${rowOf(peakingDb(freqOf(x, p), 1000, 12, 0.71), p)}`), `dot column ${x}`).toBe(true);
		// The flat ends sit on the 0 dB row.
		const zeroRow = p.lines.slice(p.top, p.top + p.rows).findIndex((l) => l.slice(0, 5) === '   0┤');
		expect(rowOf(peakingDb(20, 1000, 12, 0.71), p) >> 2).toBe(zeroRow);
	});

	it('puts a steep high-pass below the scale on the bottom row, and its corner 3 dB down', async () => {
		ui = setup({ columns, rows, yaml: withStrip('hpf: { freq: 200, slope: 24 }\neq:\n  - { type: bell, freq: 5000, gain: 5, q: 2 }') });
		await ui.press('e');
		const p = readPlot(ui.frame());
		expect(p.range).toBe(6);
		// An order-4 Butterworth: |H|² = 1 / (1 + (fc/f)^8): −48 dB an octave and a half down, off the scale.
		const butterDb = (f: number) => -10 * Math.log10(1 + (200 / f) ** 8);
		expect(butterDb(50)).toBeLessThan(-6);
		expect(p.dots.has(`${dotOf(50, p)},${4 * p.rows - 1}`)).toBe(true);
		const x = dotOf(200, p);
		// At its corner, −3.01 dB (and the bell two octaves up adds next to nothing).
		const there = [...p.dots].filter((d) => d.startsWith(`${x},`)).map((d) => Number(d.split(',')[1]));
		expect(there).toContain(rowOf(butterDb(freqOf(x, p)) + peakingDb(freqOf(x, p), 5000, 5, 2), p));
	});
});

it('packs eight bands into 80×24 and still draws the curve', async () => {
	const bands = Array.from({ length: 8 }, (_, i) => `  - { type: bell, freq: ${100 * 2 ** i}, gain: ${i % 2 ? -3 : 3}, q: 1 }`).join('\n');
	ui = setup({ yaml: withStrip(`eq:\n${bands}`) });
	await ui.press('e');
	const frame = ui.frame();
	expect(fitsIn(frame, 80, 24)).toBe(true);
	for (let i = 1; i <= 8; i++) expect(frame).toContain(`EQ ${i} `);
	expect(frame).toContain('LIMIT');
	const p = readPlot(frame);
	expect(p.rows).toBeGreaterThanOrEqual(2);
	expect(p.dots.size).toBeGreaterThan(2 * p.width - 1);
	// Band numbers and frequency labels share the line under the curve without running together.
	const axis = p.lines[p.top + p.rows]!.slice(0, p.axis + 1 + p.width).trim().split(/\s+/);
	expect(axis.every((t) => /^[1-8]$/.test(t) || ['20', '50', '100', '200', '500', '1k', '2k', '5k', '10k', '20k'].includes(t)), axis.join(' ')).toBe(true);
	expect(axis.filter((t) => /^[1-8]$/.test(t))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
});

it('shows a strip without any section as a flat curve and every section absent', async () => {
	ui = setup();
	await ui.press('e');
	const frame = ui.frame();
	expect(frame).toMatch(/EQ\s+—\s+no band yet: a adds one/);
	expect(frame).toMatch(/COMP\s+—/);
	const p = readPlot(frame);
	const ys = new Set([...p.dots].map((d) => d.split(',')[1]));
	expect(ys.size).toBe(1);
	// e again is the way back (Esc is never bound).
	await ui.press('e');
	expect(ui.frame()).toContain('MASTER');
});
