// The timeline's marker row: the playhead's V sits on the row's blanks, ticks and flags, and never
// over a letter of a marker's name.
import { describe, expect, it } from 'vitest';
import { parseSession } from '../../sessions/load.js';
import { NAME_WIDTH, nameWidth, timelineRows, type TimelineView } from '../../source/app/timeline-rows.js';
import { PLAIN } from '../../source/app/theme.js';

const session = parseSession('dubdesk: 1\nframeRate: 25\nmarkers:\n  - { at: 5, name: scene 12 }\n', '/tmp/timeline-rows/reel.yaml');
const view = (playhead: number): TimelineView => ({ zoom: 0.5, scroll: 0, selected: 0, selectedClip: undefined, showAutomation: false, playhead, loop: undefined });
/** The marker row without its label column. */
const markerRow = (playhead: number) => timelineRows(session, () => [], view(playhead), PLAIN, 80, 10)[1]!.slice(NAME_WIDTH);

describe('marker row playhead', () => {
	it('keeps the name whole when the playhead crosses it', () => {
		// The flag at column 10 (5 s), the name from 11; the playhead at 6 s is column 12.
		const row = markerRow(6);
		expect(row.slice(10, 19)).toBe('vscene 12');
		expect(row).not.toContain('V');
	});

	it('draws the playhead on a blank, over a flag and over a ruler tick', () => {
		expect(markerRow(12)[24]).toBe('V');
		expect(markerRow(5)[10]).toBe('V');
		// The ruler's ticks: labels every rulerStep seconds, the first at 0.
		expect(markerRow(0)[0]).toBe('V');
	});
});

describe('the name column grows with the terminal', () => {
	it('6-character names at 80 columns, 8 at 120, 14 at 200, and no line wider than the terminal', () => {
		const long = parseSession('dubdesk: 1\nframeRate: 25\ntracks:\n  - { id: a, name: Dialogue alt take }\n', '/tmp/timeline-rows/reel.yaml');
		for (const [columns, shown] of [[80, 'Dialog'], [120, 'Dialogue'], [200, 'Dialogue alt t']] as const) {
			const rows = timelineRows(long, () => [], view(0), PLAIN, columns, 12);
			const row = rows.find((l) => l.includes('Dialog'))!;
			expect(row.slice(1, 1 + shown.length)).toBe(shown);
			expect(nameWidth(columns) - 4).toBe(shown.length);
			expect(row[1 + shown.length]).not.toMatch(/[a-z]/i);
			for (const l of rows) expect(l.length).toBeLessThanOrEqual(columns);
		}
	});
});
