// Timeline marker names never overlap: over thousands of random marker sets (clustered, spread,
// sharing columns, at the right edge) every name beside the flags stops a space before the next
// flag, names under them keep a space between them, and every marker on screen is named once or
// counted once in a `+N`. Plus the layouts worked out by hand, and the timeline drawing them.
import { describe, expect, it } from 'vitest';
import { LABEL_MAX, LABEL_MIN, layoutMarkerLabels, type MarkerMark } from '../../source/app/marker-labels.js';
import { setup } from '../ui/setup.js';

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function randomMarks(r: () => number, width: number): MarkerMark[] {
	const n = Math.floor(r() * 60);
	const centres = Array.from({ length: 1 + Math.floor(r() * 5) }, () => Math.floor(r() * width));
	const marks: MarkerMark[] = [];
	for (let i = 0; i < n; i++) {
		// Half in tight clusters (many share a column), half anywhere; some at the last column.
		const c = r() < 0.5 ? centres[Math.floor(r() * centres.length)]! + Math.floor(r() * 4) : r() < 0.1 ? width - 1 : Math.floor(r() * width);
		const len = 1 + Math.floor(r() * 25);
		marks.push({ c: Math.min(width - 1, c), name: `m${i}-${'x'.repeat(len)}`.slice(0, len) });
	}
	return marks.sort((a, b) => a.c - b.c);
}

/** The layout's promises checked on their own terms (cells, gaps, every marker accounted for): the first broken one, or ''. */
function problem(marks: MarkerMark[], width: number): string {
	const labels = layoutMarkerLabels(marks, width);
	const rows = [new Array<string>(width).fill(' '), new Array<string>(width).fill(' ')];
	const flags = new Set(marks.map((m) => m.c));
	const seen: number[] = [];
	for (const l of labels) {
		const where = `${JSON.stringify(l)} in ${width} columns`;
		seen.push(...l.marks);
		const first = marks[l.marks[0]!]!;
		const more = l.marks.length - 1;
		const count = more > 0 ? `+${more}` : '';
		const shown = l.text.slice(0, l.text.length - count.length);
		if (!l.text.endsWith(count) || !first.name.startsWith(shown)) return `${where}: not "${first.name}" abbreviated, then ${count || 'nothing'}`;
		if (shown.length > LABEL_MAX) return `${where}: longer than ${LABEL_MAX}`;
		if (l.start < 0 || l.start + l.text.length > width) return `${where}: off the row`;
		if (shown.length < Math.min(LABEL_MIN, first.name.length) && (l.row === 0 || width >= 12)) return `${where}: too short`;
		if (l.row === 0) {
			// Beside its own flag, naming its own marker only, then a space before the next flag.
			if (l.start !== first.c + 1 || more > 0) return `${where}: not beside its flag`;
			for (let k = l.start; k <= l.start + l.text.length; k++) if (flags.has(k)) return `${where}: covers or touches the flag at ${k}`;
		}
		const row = rows[l.row]!;
		// The cells it uses are free, and so are the ones either side (a space between names).
		for (let k = Math.max(0, l.start - 1); k <= Math.min(width - 1, l.start + l.text.length); k++) if (row[k] !== ' ') return `${where}: overlaps or touches another name at ${k}`;
		for (let k = 0; k < l.text.length; k++) row[l.start + k] = l.text[k]!;
	}
	seen.sort((a, b) => a - b);
	if (seen.length !== marks.length || seen.some((m, i) => m !== i)) return `markers named or counted: ${seen.join(',')} of ${marks.length}`;
	return '';
}

describe('marker labels', () => {
	it('never overlap, over thousands of random marker sets', () => {
		const r = prng(15);
		for (let run = 0; run < 5000; run++) {
			const width = 8 + Math.floor(r() * 190);
			const marks = randomMarks(r, width);
			const found = problem(marks, width);
			if (found) expect.fail(`run ${run}: ${found}\n${JSON.stringify(marks)}`);
		}
	});

	it('show names whole when there is room, abbreviated when there is a little', () => {
		expect(layoutMarkerLabels([{ c: 0, name: 'scene 12' }, { c: 20, name: 'music in' }], 70)).toEqual([
			{ row: 0, start: 1, text: 'scene 12', marks: [0] },
			{ row: 0, start: 21, text: 'music in', marks: [1] },
		]);
		// Seven columns between the flags: five characters and a space.
		expect(layoutMarkerLabels([{ c: 0, name: 'scene 12' }, { c: 7, name: 'music in' }], 70)[0]).toEqual({ row: 0, start: 1, text: 'scene', marks: [0] });
		// Long names stop at LABEL_MAX.
		expect(layoutMarkerLabels([{ c: 0, name: 'a very long marker name indeed' }], 70)[0]!.text).toBe('a very long mark');
	});

	it('stagger names with no room onto the second row, and count a cluster as +N', () => {
		const marks = [
			{ c: 0, name: 'alpha' },
			{ c: 2, name: 'bravo' },
			{ c: 4, name: 'charlie' },
			{ c: 5, name: 'delta' },
			{ c: 30, name: 'echo' },
		];
		expect(layoutMarkerLabels(marks, 40)).toEqual([
			{ row: 0, start: 6, text: 'delta', marks: [3] },
			{ row: 0, start: 31, text: 'echo', marks: [4] },
			{ row: 1, start: 0, text: 'alpha+2', marks: [0, 1, 2] },
		]);
		// Once a name fits beside a flag, the names under the flags have room to themselves.
		expect(layoutMarkerLabels([{ c: 0, name: 'alpha' }, { c: 1, name: 'bravo' }, { c: 8, name: 'charlie' }, { c: 9, name: 'delta' }], 40)).toEqual([
			{ row: 0, start: 2, text: 'bravo', marks: [1] },
			{ row: 0, start: 10, text: 'delta', marks: [3] },
			{ row: 1, start: 0, text: 'alpha', marks: [0] },
			{ row: 1, start: 8, text: 'charlie', marks: [2] },
		]);
	});

	it('move a cluster at the right edge left rather than cut its count', () => {
		const marks = Array.from({ length: 12 }, (_, i) => ({ c: 39, name: `late ${i}` }));
		expect(layoutMarkerLabels(marks, 40)).toEqual([{ row: 1, start: 34, text: 'lat+11', marks: marks.map((_, i) => i) }]);
	});

	it('the timeline draws the second row only while names need it, and still fits 80×24', async () => {
		const yaml = ['dubdesk: 1', 'frameRate: 25', 'tracks:', ...Array.from({ length: 30 }, (_, i) => `  - { id: t${i} }`), 'markers:'];
		for (const [at, name] of [[1, 'door'], [1.5, 'slam'], [2, 'line'], [2.8, 'breath'], [20, 'music in']] as const) yaml.push(`  - { at: ${at}, name: ${name} }`);
		const ui = setup({ yaml: yaml.join('\n') + '\n' });
		try {
			await ui.press('tab');
			let lines = ui.frame().split('\n');
			// 0.5 s a column: flags at 2, 3, 4, 5 and 40 (the playhead's V at 0); beside them only
			// breath and music in fit, the rest are under the flags as one name and a count.
			expect(lines[3]).toMatch(/^markers {3}V vvvvbreath[ ']+vmusic in[ ']*$/);
			expect(lines[4]).toMatch(/^ {10} {2}door\+2\s*$/);
			expect(lines[5]).toMatch(/^>t0/);
			expect(lines).toHaveLength(24);
			// Zoomed in, every name fits beside its flag and the second row goes.
			await ui.press('=', '=', '=');
			lines = ui.frame().split('\n');
			expect(lines[4]).toMatch(/^>t0/);
		} finally {
			ui.unmount();
		}
	});
});
