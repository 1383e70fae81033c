// Keymaps as data: a base map (keymaps/default.yaml, protools.yaml, vim.yaml) and the user's
// overrides of single actions (keymap.yaml in the config directory). Every problem is reported
// by path and key (`mixer.toggleMute: "ctrl+s" is eaten by terminal flow control`); an entry
// with a problem is dropped and the base map's binding for that action stays in force.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../../sessions/errors.js';
import { CONTEXTS, allActions, isAction, type ActionId, type KeyContext } from './actions.js';
import { isFunctionKey, parseKey } from './key-names.js';

/** Canonical keys of each action. */
export type Bindings = Map<ActionId, readonly string[]>;

/** A keymap ready to resolve keypresses. */
export interface Keymap {
	/** The base map's name ("default", "vim" …) or file. */
	readonly name: string;
	readonly bindings: Bindings;
	/** Per context: key → action. */
	readonly byKey: Readonly<Record<KeyContext, ReadonlyMap<string, ActionId>>>;
}

/** A parsed keymap file: the entries that are valid, and one line per problem. */
export interface KeymapFile {
	entries: Bindings;
	problems: string[];
}

/** The shipped keymaps folder: next to dist/ in the package, or at the repository root. */
export function keymapDir(): string {
	const candidates = [new URL('../keymaps/', import.meta.url), new URL('../../keymaps/', import.meta.url)];
	for (const url of candidates) {
		const dir = fileURLToPath(url);
		if (existsSync(join(dir, 'default.yaml'))) return dir;
	}
	throw new Error('keymaps/default.yaml is missing from the installation');
}

/** Names of the shipped keymaps (default, protools, vim …). */
export function shippedKeymaps(dir = keymapDir()): string[] {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.yaml'))
		.map((f) => f.slice(0, -5))
		.sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
}

/** Validates a keymap document (already parsed from YAML). `prefix` starts every problem line. */
export function parseKeymapDoc(doc: unknown, prefix = ''): KeymapFile {
	const entries: Bindings = new Map();
	const problems: string[] = [];
	const say = (path: string, problem: string) => problems.push(`${prefix}${path}: ${problem}`);
	if (doc === null || doc === undefined) return { entries, problems };
	if (typeof doc !== 'object' || Array.isArray(doc)) {
		problems.push(`${prefix}expected a mapping of contexts (${CONTEXTS.join(', ')})`);
		return { entries, problems };
	}
	for (const [context, actions] of Object.entries(doc)) {
		if (!CONTEXTS.includes(context as KeyContext)) {
			say(context, `unknown context (${CONTEXTS.join(', ')})`);
			continue;
		}
		if (actions === null) continue;
		if (typeof actions !== 'object' || Array.isArray(actions)) {
			say(context, 'expected a mapping of action: key');
			continue;
		}
		for (const [action, value] of Object.entries(actions as Record<string, unknown>)) {
			const path = `${context}.${action}`;
			if (!isAction(context as KeyContext, action)) {
				say(path, `unknown action${suggest(context as KeyContext, action)}`);
				continue;
			}
			const list = Array.isArray(value) ? value : [value];
			if (list.length === 0) {
				say(path, 'needs at least one key');
				continue;
			}
			const keys: string[] = [];
			let ok = true;
			for (const item of list) {
				const text = typeof item === 'number' ? String(item) : item;
				if (typeof text !== 'string') {
					say(path, `expected a key or a list of keys, got ${JSON.stringify(item)}`);
					ok = false;
					continue;
				}
				const parsed = parseKey(text);
				if (parsed.error !== undefined) {
					say(path, parsed.error);
					ok = false;
				} else if (!keys.includes(parsed.key)) keys.push(parsed.key);
			}
			if (!ok) continue;
			if (keys.every(isFunctionKey)) {
				say(path, `${keys.map((k) => JSON.stringify(k)).join(', ')}: F-keys alone are not enough (some terminals and SSH clients never send them); add another key`);
				continue;
			}
			entries.set(`${context}.${action}` as ActionId, keys);
		}
	}
	return { entries, problems };
}

function suggest(context: KeyContext, name: string): string {
	const lower = name.toLowerCase();
	const hit = allActions().find((id) => id.toLowerCase() === `${context}.${lower}`);
	if (hit) return ` (did you mean ${hit}?)`;
	const elsewhere = CONTEXTS.find((c) => c !== context && isAction(c, name));
	return elsewhere ? ` in ${context} (it is ${elsewhere}.${name})` : '';
}

/** Reads and validates a keymap file; a YAML error is one problem naming the file and line. */
export function readKeymapFile(file: string, prefix = `${file}: `): KeymapFile {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		return { entries: new Map(), problems: [`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`] };
	}
	let doc: unknown;
	try {
		doc = parseYaml(text);
	} catch (error) {
		return { entries: new Map(), problems: [`${file}: ${(error as Error).message.split('\n')[0]}`] };
	}
	return parseKeymapDoc(doc, prefix);
}

/** Whether bindings in two contexts can clash: the same context, or global against any. */
function overlaps(a: KeyContext, b: KeyContext): boolean {
	return a === b || a === 'global' || b === 'global';
}

/** Every pair of actions sharing a key where both can be active at once. */
export function findConflicts(bindings: Bindings): { a: ActionId; b: ActionId; key: string }[] {
	const out: { a: ActionId; b: ActionId; key: string }[] = [];
	const seen = new Map<string, ActionId[]>();
	for (const [id, keys] of bindings) {
		const context = id.split('.')[0] as KeyContext;
		for (const key of keys) {
			const others = seen.get(key) ?? [];
			for (const other of others) if (overlaps(context, other.split('.')[0] as KeyContext)) out.push({ a: other, b: id, key });
			others.push(id);
			seen.set(key, others);
		}
	}
	return out;
}

/**
 * Applies overrides to a base map. An override that clashes with another binding is dropped
 * (reported by its path and key) and the base binding stays, repeated until nothing clashes.
 */
export function applyOverrides(base: Bindings, overrides: Bindings, prefix = ''): { bindings: Bindings; problems: string[] } {
	const problems: string[] = [];
	const active = new Map(overrides);
	for (;;) {
		const merged: Bindings = new Map(base);
		for (const [id, keys] of active) merged.set(id, keys);
		const clash = findConflicts(merged).find((c) => active.has(c.a) || active.has(c.b));
		if (!clash) return { bindings: merged, problems };
		const [drop, other] = active.has(clash.b) ? [clash.b, clash.a] : [clash.a, clash.b];
		problems.push(`${prefix}${drop}: "${clash.key}" is already bound to ${other}; keeping the default for ${drop}`);
		active.delete(drop);
	}
}

/** Builds the lookup tables of a complete set of bindings. */
export function makeKeymap(name: string, bindings: Bindings): Keymap {
	const byKey = Object.fromEntries(CONTEXTS.map((c) => [c, new Map<string, ActionId>()])) as Record<KeyContext, Map<string, ActionId>>;
	for (const [id, keys] of bindings) {
		const context = id.split('.')[0] as KeyContext;
		for (const key of keys) if (!byKey[context].has(key)) byKey[context].set(key, id);
	}
	return { name, bindings, byKey };
}

/** The action a key triggers in a view: the view's own context first, then global. */
export function resolveKey(keymap: Keymap, view: string, key: string): ActionId | undefined {
	const context = view !== 'global' && CONTEXTS.includes(view as KeyContext) ? (view as KeyContext) : undefined;
	return (context && keymap.byKey[context].get(key)) || keymap.byKey.global.get(key);
}

/** Keys of an action (empty when unbound). */
export function keysOf(keymap: Keymap, id: ActionId): readonly string[] {
	return keymap.bindings.get(id) ?? [];
}

export interface LoadKeymapOptions {
	/** A shipped map's name, or a path to a YAML file; default "default". */
	name?: string;
	/** The user's override file (keymap.yaml in the config directory); skipped when missing. */
	userFile?: string;
	dir?: string;
}

/**
 * The active keymap: the base map, completed from default.yaml for actions it leaves out, then
 * the user's overrides. Throws a UserError for an unknown map name; everything else is a
 * problem line (shown on the status line) and never stops the mixer.
 */
export function loadKeymap(options: LoadKeymapOptions = {}): { keymap: Keymap; problems: string[] } {
	const dir = options.dir ?? keymapDir();
	const name = options.name ?? 'default';
	const isPath = name.includes('/') || name.endsWith('.yaml') || name.endsWith('.yml');
	const names = shippedKeymaps(dir);
	if (!isPath && !names.includes(name)) throw new UserError(`unknown keymap "${name}" (${names.join(', ')}, or a path to a .yaml file)`);
	const defaults = readKeymapFile(join(dir, 'default.yaml'), 'keymaps/default.yaml: ');
	const problems = [...defaults.problems];
	let bindings: Bindings = defaults.entries;
	if (name !== 'default') {
		const file = isPath ? name : join(dir, `${name}.yaml`);
		const base = readKeymapFile(file, isPath ? `${file}: ` : `keymaps/${name}.yaml: `);
		problems.push(...base.problems);
		// A base map replaces default.yaml wholesale for the actions it names.
		bindings = new Map([...defaults.entries].filter(([id]) => !base.entries.has(id)));
		for (const [id, keys] of base.entries) bindings.set(id, keys);
		for (const c of findConflicts(bindings)) problems.push(`${file}: ${c.b}: "${c.key}" is also bound to ${c.a}`);
	}
	if (options.userFile && existsSync(options.userFile)) {
		const user = readKeymapFile(options.userFile);
		problems.push(...user.problems);
		const merged = applyOverrides(bindings, user.entries, `${options.userFile}: `);
		problems.push(...merged.problems);
		bindings = merged.bindings;
	}
	return { keymap: makeKeymap(isPath ? basename(name) : name, bindings), problems };
}

/** Whether a binding has only F-keys (not enough on its own: some terminals never send them). */
export function isFunctionKeyOnly(keys: readonly string[]): boolean {
	return keys.length > 0 && keys.every(isFunctionKey);
}
