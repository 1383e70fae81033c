// The help overlay's text, generated from the active keymap (never written by hand): every
// action of every context with its keys, in the order of source/input/actions.ts.
import { ACTIONS, CONTEXTS, type ActionId, type KeyContext } from '../input/actions.js';
import { displayKey } from '../input/key-names.js';
import { keysOf, type Keymap } from '../input/keymap.js';
import { fit } from './format.js';

const TITLES: Record<KeyContext, string> = { global: 'Everywhere', mixer: 'Mixer', timeline: 'Timeline', strip: 'Strip page' };

/** The keys of an action as shown ("Space", "u, Ctrl-Z"); '' when unbound. */
export function keyList(keymap: Keymap, id: ActionId): string {
	return keysOf(keymap, id).map(displayKey).join(', ');
}

/** Help lines for one column of `width`, per context: a title, then "keys  what it does". */
export function helpSections(keymap: Keymap, width: number): string[][] {
	const keyWidth = Math.min(18, Math.max(10, Math.floor(width * 0.35)));
	return CONTEXTS.map((context) => [
		`${TITLES[context]}`,
		...Object.entries(ACTIONS[context]).map(([name, text]) => `  ${fit(keyList(keymap, `${context}.${name}` as ActionId), keyWidth)} ${text}`.slice(0, width)),
		'',
	]);
}

/** The whole help as lines `columns` wide: two columns side by side when the terminal is wide. */
export function helpLines(keymap: Keymap, columns: number): string[] {
	const twoColumns = columns >= 110;
	const width = twoColumns ? Math.floor((columns - 3) / 2) : columns;
	const sections = helpSections(keymap, width);
	const header = [`Keys (${keymap.name} keymap; your keymap.yaml overrides single actions)`.slice(0, columns), ''];
	if (!twoColumns) return [...header, ...sections.flat()];
	// Global and the strip page on the left; mixer and timeline on the right.
	const left = [...sections[0]!, ...(sections[3] ?? [])];
	const right = sections.slice(1, 3).flat();
	const lines = [...header];
	for (let i = 0; i < Math.max(left.length, right.length); i++) lines.push(`${fit(left[i] ?? '', width)}   ${right[i] ?? ''}`.trimEnd());
	return lines;
}

/** The keymap as Markdown tables per context (README "The mixer"; a test keeps them equal). */
export function helpMarkdown(keymap: Keymap): string {
	const out: string[] = [];
	for (const context of CONTEXTS) {
		out.push(`**${TITLES[context]}**`, '', '| keys | action |', '| --- | --- |');
		for (const [name, text] of Object.entries(ACTIONS[context])) {
			const keys = keysOf(keymap, `${context}.${name}` as ActionId).map((k) => `\`${displayKey(k).replace('|', '\\|')}\``).join(', ');
			out.push(`| ${keys} | ${text} |`);
		}
		out.push('');
	}
	return out.join('\n').trimEnd();
}
