// Undo/redo over whole documents. Edits are pure and share structure, so keeping every version
// is cheap and undo is just picking an older one. The history is an immutable value (fits
// React state): every function returns a new History, or the same one when nothing happens.
import type { Session } from './types.js';

/** One version of the document and the change that produced it. */
export interface HistoryStep<T> {
	readonly doc: T;
	/** What produced this version, for the status line ("Fader DX 1 −3.0 dB"); '' for the first. */
	readonly label: string;
	/** Unique within a history; identifies the saved version. */
	readonly id: number;
	/** Steps with the same key in quick succession merge into one (holding a fader key). */
	readonly coalesceKey?: string;
	/** When the step was last changed, ms. */
	readonly at: number;
}

/** Undo history of a document. */
export interface History<T = Session> {
	/** Older versions, oldest first. */
	readonly past: readonly HistoryStep<T>[];
	readonly present: HistoryStep<T>;
	/** Undone versions, the next redo first. */
	readonly future: readonly HistoryStep<T>[];
	/** Id of the version last saved (markSaved); undefined when none is known. */
	readonly savedId: number | undefined;
	/** Whether the next step may merge into `present` (not after undo, redo or a save). */
	readonly open: boolean;
	readonly nextId: number;
	/** Most undo steps kept. */
	readonly limit: number;
	/** Steps with the same coalesce key less than this many ms apart merge. */
	readonly coalesceMs: number;
}

export interface HistoryOptions {
	/** Most undo steps kept (default 500). */
	limit?: number;
	/** Coalescing window in ms (default 1000). */
	coalesceMs?: number;
	/** Whether the initial document is what is on disk (default true: an opened file is clean). */
	saved?: boolean;
}

/** A history whose only version is `doc`. */
export function createHistory<T>(doc: T, options: HistoryOptions = {}): History<T> {
	const { limit = 500, coalesceMs = 1000, saved = true } = options;
	if (!(limit >= 1)) throw new RangeError(`history limit must be at least 1, got ${limit}`);
	return {
		past: [],
		present: { doc, label: '', id: 0, at: 0 },
		future: [],
		savedId: saved ? 0 : undefined,
		open: false,
		nextId: 1,
		limit,
		coalesceMs,
	};
}

export interface RecordOptions {
	/** Merge with the previous step when it has the same key and is recent. */
	coalesce?: string;
	/** Current time in ms (default Date.now()); tests pass their own clock. */
	now?: number;
}

/**
 * Adds `doc` as the new present, labelled; discards the redo steps. An unchanged document
 * (the same object) is not a step. With a coalesce key matching the previous step's, within
 * the window, the previous step is replaced instead, so one undo reverts the whole gesture.
 */
export function record<T>(history: History<T>, doc: T, label: string, options: RecordOptions = {}): History<T> {
	if (doc === history.present.doc) return history;
	const now = options.now ?? Date.now();
	const step: HistoryStep<T> = { doc, label, id: history.nextId, coalesceKey: options.coalesce, at: now };
	const { present } = history;
	const merge =
		history.open &&
		options.coalesce !== undefined &&
		present.coalesceKey === options.coalesce &&
		now - present.at <= history.coalesceMs;
	const past = merge ? history.past : [...history.past, present];
	return {
		...history,
		past: past.length > history.limit ? past.slice(past.length - history.limit) : past,
		present: step,
		future: [],
		open: true,
		nextId: history.nextId + 1,
	};
}

/** The previous version as present (the same history when there is none). */
export function undo<T>(history: History<T>): History<T> {
	const previous = history.past.at(-1);
	if (!previous) return history;
	return { ...history, past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future], open: false };
}

/** The next undone version as present (the same history when there is none). */
export function redo<T>(history: History<T>): History<T> {
	const [next, ...future] = history.future;
	if (!next) return history;
	return { ...history, past: [...history.past, history.present], present: next, future, open: false };
}

/** Whether undo has anything to revert (to grey out the key hint). */
export function canUndo(history: History<unknown>): boolean {
	return history.past.length > 0;
}

/** Whether redo has anything to reapply. */
export function canRedo(history: History<unknown>): boolean {
	return history.future.length > 0;
}

/** Label of what undo would revert, or undefined. */
export function undoLabel(history: History<unknown>): string | undefined {
	return canUndo(history) ? history.present.label : undefined;
}

/** Label of what redo would reapply, or undefined. */
export function redoLabel(history: History<unknown>): string | undefined {
	return history.future[0]?.label;
}

/** Records that the present version is what is on disk now. */
export function markSaved<T>(history: History<T>): History<T> {
	if (history.savedId === history.present.id && !history.open) return history;
	return { ...history, savedId: history.present.id, open: false };
}

/** Whether the present version differs from the saved one (false again after undoing back to it). */
export function isDirty(history: History<unknown>): boolean {
	return history.present.id !== history.savedId;
}
