// The journal's patch format: the difference between two versions of a document as a list of
// operations on paths into it, and their replay. Edits share structure (an edit rebuilds only the
// objects on the way to what changed), so comparing by identity touches only that path: a fader
// move diffs to `[["tracks",3,"gain"],-6.5]` whatever the size of the session.
// JSON has no infinities (a closed fader is −∞ dB): they travel as {"$num":"-Infinity"}.

/** A place in the document: object keys and array indices from the root. */
export type DocPath = readonly (string | number)[];

/**
 * One change: `[path, value]` sets, `[path]` deletes a key, `[path, start, deleteCount, items]`
 * splices the array at path (an automation point inserted, a marker removed).
 */
export type JournalOp = readonly [DocPath, unknown] | readonly [DocPath] | readonly [DocPath, number, number, readonly unknown[]];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Identical, or two small arrays of the same primitives (automation points rebuilt by an edit). */
function same(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length || a.length > 4) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i] || typeof a[i] === 'object') return false;
	return true;
}

function diffInto(a: unknown, b: unknown, path: (string | number)[], out: JournalOp[]): void {
	if (a === b || Object.is(a, b)) return;
	if (Array.isArray(a) && Array.isArray(b)) {
		if (a.length === b.length) {
			for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diffInto(a[i], b[i], [...path, i], out);
			return;
		}
		const min = Math.min(a.length, b.length);
		let start = 0;
		while (start < min && same(a[start], b[start])) start++;
		let end = 0;
		while (end < min - start && same(a[a.length - 1 - end], b[b.length - 1 - end])) end++;
		out.push([path, start, a.length - start - end, b.slice(start, b.length - end)]);
		return;
	}
	if (isRecord(a) && isRecord(b)) {
		for (const key of Object.keys(b)) {
			const v = b[key];
			if (v === undefined) {
				if (a[key] !== undefined) out.push([[...path, key]]);
			} else if (a[key] !== v) diffInto(a[key], v, [...path, key], out);
		}
		for (const key of Object.keys(a)) if (a[key] !== undefined && !Object.hasOwn(b, key)) out.push([[...path, key]]);
		return;
	}
	out.push([path, b]);
}

/** The operations that turn `before` into `after` (empty when they are equal). */
export function diffDocs(before: unknown, after: unknown): JournalOp[] {
	const out: JournalOp[] = [];
	diffInto(before, after, [], out);
	return out;
}

/** A journal line that cannot be replayed onto the document (a damaged or foreign file). */
export class ReplayError extends Error {
	override name = 'ReplayError';
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** The object or array at `path[0..upto)`. */
function walk(root: unknown, path: DocPath, upto: number): Record<string | number, unknown> {
	let node = root;
	for (let i = 0; i < upto; i++) {
		if (typeof node !== 'object' || node === null) throw new ReplayError(`no ${path.slice(0, i + 1).join('.')} to change`);
		node = (node as Record<string | number, unknown>)[path[i]!];
	}
	if (typeof node !== 'object' || node === null) throw new ReplayError(`no ${path.slice(0, upto).join('.') || 'document'} to change`);
	return node as Record<string | number, unknown>;
}

/**
 * Applies one line's `ops` to `doc` in place (it must be the replay's own copy) and returns the
 * new root. The ops of a line touch disjoint paths, so all are checked before any is applied:
 * a bad line leaves the document as it was.
 */
export function applyOps(doc: unknown, ops: unknown): unknown {
	if (!Array.isArray(ops)) throw new ReplayError('ops is not a list');
	const actions: (() => void)[] = [];
	for (const op of ops as unknown[]) {
		if (!Array.isArray(op) || !Array.isArray(op[0])) throw new ReplayError('an operation without a path');
		const path = op[0] as (string | number)[];
		if (!path.every((p) => (typeof p === 'string' && !FORBIDDEN.has(p)) || (Number.isInteger(p) && (p as number) >= 0))) throw new ReplayError('a bad path');
		const last = path[path.length - 1]!;
		if (op.length === 2) {
			const value: unknown = op[1];
			if (path.length === 0) actions.push(() => (doc = value));
			else {
				const parent = walk(doc, path, path.length - 1);
				actions.push(() => (parent[last] = value));
			}
		} else if (op.length === 1) {
			const parent = path.length === 0 ? undefined : walk(doc, path, path.length - 1);
			if (!isRecord(parent)) throw new ReplayError('a delete outside an object');
			actions.push(() => delete parent[last]);
		} else if (op.length === 4) {
			const target = walk(doc, path, path.length);
			const [, start, count, items] = op as [DocPath, unknown, unknown, unknown];
			if (!Array.isArray(target) || !Number.isInteger(start) || !Number.isInteger(count) || !Array.isArray(items)) throw new ReplayError('a bad splice');
			if ((start as number) < 0 || (start as number) + (count as number) > target.length || (count as number) < 0) throw new ReplayError('a splice out of range');
			actions.push(() => target.splice(start as number, count as number, ...(items as unknown[])));
		} else throw new ReplayError('an operation of unknown shape');
	}
	for (const act of actions) act();
	return doc;
}

const replacer = (_key: string, value: unknown): unknown => (typeof value === 'number' && !Number.isFinite(value) ? { $num: String(value) } : value);
const reviver = (_key: string, value: unknown): unknown => {
	if (isRecord(value) && typeof value['$num'] === 'string' && Object.keys(value).length === 1) return Number(value['$num']);
	return value;
};

/** One journal line (JSON and a newline), infinities kept. */
export function encodeLine(value: unknown): string {
	return `${JSON.stringify(value, replacer)}\n`;
}

/** Parses one journal line (without its newline); throws SyntaxError on a torn or damaged one. */
export function decodeLine(line: string): unknown {
	return JSON.parse(line, reviver);
}
