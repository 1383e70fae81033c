// The notes list gives names more room on a wider terminal: 24 columns at 80, 40 at 120.
import { describe, expect, it } from 'vitest';
import { parseSession } from '../../sessions/load.js';
import { notesRows } from '../../source/app/notes-rows.js';
import { PLAIN } from '../../source/app/theme.js';

const name = 'ADR line, placed by its BWF time reference';
const session = parseSession(`dubdesk: 1\nframeRate: 24\nmarkers:\n  - { at: 1, name: "${name}", note: "check sync" }\n`, '/tmp/notes-rows/reel.yaml');
const row = (columns: number) => notesRows({ session, selected: 0, playhead: 0, theme: PLAIN, columns, height: 12, hints: '' })[1]!;

describe('notes list name column', () => {
	it('is 24 columns at 80', () => {
		expect(row(80)).toBe(`>  1 00:00:01:00 ${name.slice(0, 23)}… check sync`.padEnd(80));
	});

	it('is 40 columns at 120', () => {
		expect(row(120)).toBe(`>  1 00:00:01:00 ${name.slice(0, 39)}… check sync`.padEnd(120));
	});
});
