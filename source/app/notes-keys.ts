// Markers and their notes from the keyboard: adding one during playback (the time is taken at
// the key press; a name, then a note, are typed while playback runs on), and the notes view's
// actions (go to, edit the name or the note, move to the playhead, delete). Every change is one
// store edit: one undo step, journaled like any other.
import { addMarker, moveMarker, removeMarker, renameMarker } from '../../sessions/edit.js';
import { markerIndex, markerTime, newMarkerIndex, setMarkerNote } from '../../sessions/edit-markers.js';
import { sessionTimecode } from '../../sessions/time.js';
import type { Marker, Session } from '../../sessions/types.js';
import type { NotesAction } from '../input/actions.js';
import type { MixerStore, Prompt } from './mixer-store.js';
import { markerSeconds } from './notes-rows.js';

/** Rows a page of the notes list moves (the view sets it as it lays out). */
export const notesPage = { rows: 10 };

function label(m: Marker, i: number): string {
	return m.name === '' ? `Marker ${i + 1}` : m.name;
}

function tcOf(session: Session, m: Marker): string {
	const t = markerSeconds(session, m);
	return Number.isNaN(t) ? String(m.at) : sessionTimecode(t, session);
}

/** The add-marker key: the playhead now is where the marker goes, whenever the typing ends. */
export function startMarker(store: MixerStore): void {
	const { session } = store.getState();
	const seconds = markerTime(store.position());
	const fallback = `Marker ${session.markers.length + 1}`;
	store.update({
		prompt: { kind: 'marker', label: `Marker at ${sessionTimecode(seconds, session)}, name`, value: '', seconds, tail: `Enter: a note next, Esc: "${fallback}"` },
	});
}

/**
 * Ends a step of the add-marker dialog. Enter on the name asks for the note; Enter on the note
 * adds the marker. Esc drops what was typed at that step but never the marker: at the name it
 * is added as "Marker N", at the note without one. `quit` (Ctrl-C) adds what was typed.
 */
export function finishMarker(store: MixerStore, prompt: Prompt, how: 'enter' | 'escape' | 'quit'): void {
	const { session } = store.getState();
	const seconds = prompt.seconds ?? 0;
	const typed = how === 'escape' ? '' : prompt.value.trim();
	const fallback = `Marker ${session.markers.length + 1}`;
	if (prompt.kind === 'marker' && how === 'enter') {
		const name = typed || fallback;
		return store.update({ prompt: { kind: 'markerNote', label: `Note for "${name}"`, value: '', seconds, marker: { name }, tail: 'Enter: add, Esc: add without a note' } });
	}
	const name = prompt.kind === 'marker' ? typed || fallback : (prompt.marker?.name ?? fallback);
	const note = prompt.kind === 'markerNote' ? typed : '';
	store.update({ prompt: undefined });
	const before = store.getState().session;
	if (store.edit(`Add marker "${name}" at ${sessionTimecode(seconds, session)}`, (s) => addMarker(s, seconds, name, note || undefined))) {
		const i = newMarkerIndex(before, store.getState().session);
		if (i >= 0) store.update({ noteSelected: i });
	}
}

/** The selected marker of the notes view, or undefined (and a message) when there is none. */
function selectedMarker(store: MixerStore): { index: number; marker: Marker } | undefined {
	const { session, noteSelected } = store.getState();
	const index = Math.max(0, Math.min(noteSelected, session.markers.length - 1));
	const marker = session.markers[index];
	if (!marker) {
		store.say('no notes yet: add a marker first', 'error');
		return undefined;
	}
	return { index, marker };
}

/** Runs a notes-view action. */
export function runNotesAction(action: NotesAction, store: MixerStore): void {
	const { session, noteSelected } = store.getState();
	const n = session.markers.length;
	const select = (i: number) => store.update({ noteSelected: Math.max(0, Math.min(n - 1, i)) });
	switch (action) {
		case 'previous':
			return select(noteSelected - 1);
		case 'next':
			return select(noteSelected + 1);
		case 'pagePrevious':
			return select(noteSelected - Math.max(1, notesPage.rows - 1));
		case 'pageNext':
			return select(noteSelected + Math.max(1, notesPage.rows - 1));
	}
	const picked = selectedMarker(store);
	if (!picked) return;
	const { index, marker } = picked;
	const name = label(marker, index);
	switch (action) {
		case 'jump': {
			const t = markerSeconds(session, marker);
			if (Number.isNaN(t)) return store.say(`marker "${name}" is before the session start (${String(marker.at)})`, 'error');
			// A locate: playing, the transport carries on from the marker.
			store.locate(t);
			return store.say(`at ${sessionTimecode(t, session)}: ${name}`);
		}
		case 'editName':
			return store.update({ prompt: { kind: 'markerName', label: `Name of marker ${index + 1}`, value: marker.name, marker: { ref: marker, index } } });
		case 'editNote':
			return store.update({ prompt: { kind: 'markerNoteEdit', label: `Note for "${name}"`, value: marker.note ?? '', marker: { ref: marker, index } } });
		case 'moveToPlayhead': {
			const at = markerTime(store.position());
			if (store.edit(`Move marker "${name}" to ${sessionTimecode(at, session)}`, (s) => moveMarker(s, index, at))) {
				const i = newMarkerIndex(session, store.getState().session);
				if (i >= 0) store.update({ noteSelected: i });
			}
			return;
		}
		case 'remove':
			store.edit(`Delete marker "${name}" at ${tcOf(session, marker)}`, (s) => removeMarker(s, index));
			return select(Math.min(index, n - 2));
	}
}

/** Applies a typed marker name or note (the notes view's edit keys); Esc cancels those. */
export function submitNotesPrompt(store: MixerStore, prompt: Prompt): void {
	const { session } = store.getState();
	const ref = prompt.marker?.ref;
	const index = ref ? markerIndex(session, ref, prompt.marker?.index) : -1;
	store.update({ prompt: undefined });
	// The marker changed under the prompt (an undo, a surface): nothing is written over it.
	if (!ref || index < 0) return store.say('that marker has changed meanwhile: nothing was edited', 'error');
	const value = prompt.value.trim();
	const name = label(ref, index);
	if (prompt.kind === 'markerName') {
		if (value === ref.name) return store.say('name unchanged');
		store.edit(`Rename marker "${name}" to "${value}"`, (s) => renameMarker(s, index, value));
		return;
	}
	if (value === (ref.note ?? '')) return store.say('note unchanged');
	store.edit(value === '' ? `Remove the note of "${name}"` : `Note on "${name}": ${value}`, (s) => setMarkerNote(s, index, value));
}
