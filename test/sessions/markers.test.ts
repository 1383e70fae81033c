// Marker notes in the document: the optional `note` loads, saves after the name and round-trips;
// edits keep it (a move) or change only it; marker times are written to the millisecond.
import { describe, expect, it } from 'vitest';
import { parseSession } from '../../sessions/load.js';
import { serializeSession } from '../../sessions/save.js';
import { addMarker, moveMarker, renameMarker } from '../../sessions/edit.js';
import { markerTime, setMarkerNote } from '../../sessions/edit-markers.js';

const yaml = ['dubdesk: 1', 'markers:', '  - { at: 2, name: door, note: "too loud, dip 3 dB" }', '  - { at: 9.5, name: plain }', ''].join('\n');

describe('marker notes', () => {
	it('load, save after the name, one marker a line, and round-trip', () => {
		const s = parseSession(yaml, 'reel.yaml');
		expect(s.markers).toEqual([{ at: 2, name: 'door', note: 'too loud, dip 3 dB' }, { at: 9.5, name: 'plain' }]);
		const text = serializeSession(s);
		expect(text).toContain('markers:\n  - { at: 2, name: door, note: "too loud, dip 3 dB" }\n  - { at: 9.5, name: plain }\n');
		expect(parseSession(text, 'reel.yaml').markers).toEqual(s.markers);
	});

	it('refuse a note that is not text, naming the place', () => {
		expect(() => parseSession('dubdesk: 1\nmarkers:\n  - { at: 1, name: a, note: 3 }\n', 'reel.yaml')).toThrow(/markers\[0\]\.note/);
	});

	it('are kept by a move and a rename, and set or cleared alone', () => {
		let s = parseSession(yaml, 'reel.yaml');
		s = moveMarker(s, 0, 12);
		expect(s.markers).toEqual([{ at: 9.5, name: 'plain' }, { at: 12, name: 'door', note: 'too loud, dip 3 dB' }]);
		s = renameMarker(s, 1, 'door slam');
		expect(s.markers[1]).toEqual({ at: 12, name: 'door slam', note: 'too loud, dip 3 dB' });
		const same = setMarkerNote(s, 1, 'too loud, dip 3 dB');
		expect(same).toBe(s);
		s = setMarkerNote(s, 0, 'late');
		expect(s.markers[0]).toEqual({ at: 9.5, name: 'plain', note: 'late' });
		expect(setMarkerNote(s, 0, '  ').markers[0]).toEqual({ at: 9.5, name: 'plain' });
		expect(() => setMarkerNote(s, 5, 'x')).toThrow(/no marker 5/);
		expect(addMarker(s, 1, 'first', 'a note').markers[0]).toEqual({ at: 1, name: 'first', note: 'a note' });
	});

	it('take times to the millisecond, never before 0', () => {
		expect(markerTime(7.30049)).toBe(7.3);
		expect(markerTime(7.3006)).toBe(7.301);
		expect(markerTime(-0.0004)).toBe(0);
	});
});
