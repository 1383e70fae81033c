// The help overlay's text, generated from the active keymap (never written by hand): every
// action of every context with its keys, in the order of source/input/actions.ts.
import { ACTIONS, CONTEXTS, type ActionId, type KeyContext } from '../input/actions.js';
import { displayKey } from '../input/key-names.js';
import { keysOf, type Keymap } from '../input/keymap.js';
import { fit } from './format.js';

const TITLES: Record<KeyContext, string> = { global: 'Everywhere', mixer: 'Mixer', timeline: 'Timeline', strip: 'Strip page', notes: 'Notes' };

/** The keys of an action as shown ("Space", "u, Ctrl-Z"); '' when unbound. */
export function keyList(keymap: Keymap, id: ActionId): string {
	return keysOf(keymap, id).map(displayKey).join(', ');
}

/** `text` in lines of at most `width` columns, broken at spaces (a longer word is cut). */
export function wrapWords(text: string, width: number): string[] {
	const room = Math.max(1, width);
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + 1 + word.length > room) {
			lines.push(line);
			line = '';
		}
		line = line ? `${line} ${word}` : word;
		while (line.length > room) {
			lines.push(line.slice(0, room));
			line = line.slice(room);
		}
	}
	return [...lines, line];
}

/**
 * One action's help lines in `width` columns: its keys, then what it does, wrapped under itself
 * rather than cut. Keys too long for their column get a line of their own.
 */
function actionLines(keys: string, text: string, width: number, keyWidth: number): string[] {
	const indent = 2 + keyWidth + 1;
	// On a very narrow column the text goes under the keys, indented 4.
	if (width - indent < 12) return [`  ${keys}`.slice(0, width), ...wrapWords(text, width - 4).map((l) => `    ${l}`)];
	const body = wrapWords(text, width - indent).map((l) => ' '.repeat(indent) + l);
	if (keys.length > keyWidth) return [...wrapWords(keys, width - 2).map((l) => `  ${l}`), ...body];
	return [`  ${fit(keys, keyWidth)} ${body[0]!.slice(indent)}`, ...body.slice(1)];
}

/** Help lines for one column of `width`, per context: a title, then "keys  what it does". */
export function helpSections(keymap: Keymap, width: number): string[][] {
	const keyWidth = Math.min(18, Math.max(10, Math.floor(width * 0.35)));
	return CONTEXTS.map((context) => [
		`${TITLES[context]}`,
		...Object.entries(ACTIONS[context]).flatMap(([name, text]) => actionLines(keyList(keymap, `${context}.${name}` as ActionId), text, width, keyWidth)),
		'',
	]);
}

/** What the mixer's pan keys do on the timeline, from the keymap: the reason keys are listed per view. */
export function viewKeysNote(keymap: Keymap): string {
	const note = "A view's keys work in that view only, so one key can mean different things per view";
	const left = keysOf(keymap, 'mixer.panLeft')[0];
	const right = keysOf(keymap, 'mixer.panRight')[0];
	if (!left || !right) return `${note}.`;
	const onTimeline = keymap.byKey.timeline.get(left);
	const nudges = onTimeline === 'timeline.nudgeEarlier' && keymap.byKey.timeline.get(right) === 'timeline.nudgeLater';
	const there = nudges ? `, nudge on the timeline` : onTimeline ? `; on the timeline ${displayKey(left)} is "${describe(onTimeline)}"` : '';
	return `${note}: ${displayKey(left)} ${displayKey(right)} pan in the mixer${there}.`;
}

function describe(id: ActionId): string {
	const [context, name] = id.split('.') as [KeyContext, string];
	return (ACTIONS[context] as Record<string, string>)[name] ?? name;
}

/**
 * Status-line hints for the keys that mean something else in the view shown: '[ ] pan' in the
 * mixer, '[ ] nudge' on a timeline track row (`clipRow` false: a bus row, which has no clips).
 */
export function viewHints(keymap: Keymap, view: string, clipRow = true): string {
	const pair = view === 'mixer' ? (['mixer.panLeft', 'mixer.panRight', 'pan'] as const) : view === 'timeline' && clipRow ? (['timeline.nudgeEarlier', 'timeline.nudgeLater', 'nudge'] as const) : undefined;
	if (!pair) return '';
	const keys = [keysOf(keymap, pair[0])[0], keysOf(keymap, pair[1])[0]];
	return keys.every(Boolean) ? `${keys.map((k) => displayKey(k!)).join(' ')} ${pair[2]}` : '';
}

/**
 * The status line's hints: `hints` in order, dropped from the front while too long (the last,
 * the global ones, always stays), then `name` in front, shortened with '…' or left out, so a
 * message of 20 columns still fits beside them on a line `columns` wide.
 */
export function statusHints(name: string, hints: readonly string[], columns: number): string {
	const budget = columns - 22;
	const kept = hints.filter(Boolean);
	while (kept.length > 1 && kept.join('  ').length > budget) kept.shift();
	const rest = kept.join('  ');
	const room = budget - rest.length - 2;
	if (!name || room < 8) return rest;
	return `${name.length > room ? `${name.slice(0, room - 1).trimEnd()}…` : name}  ${rest}`;
}

// Which sections go in which column, by the number of columns (indices into CONTEXTS): global,
// the strip page and the notes left of the mixer and the timeline; with three, the timeline,
// the longest, on its own.
const COLUMN_SECTIONS: Record<number, number[][]> = {
	2: [[0, 3, 4], [1, 2]],
	3: [[0, 4], [1, 3], [2]],
};

/** The whole help as lines `columns` wide: two or three columns side by side when the terminal is wide. */
export function helpLines(keymap: Keymap, columns: number): string[] {
	const count = columns >= 190 ? 3 : columns >= 110 ? 2 : 1;
	const width = Math.floor((columns - 3 * (count - 1)) / count);
	const sections = helpSections(keymap, width);
	const header = [...wrapWords(`Keys (${keymap.name} keymap; your keymap.yaml overrides single actions). ${viewKeysNote(keymap)}`, columns), ''];
	const lines = [...header];
	if (count === 1) lines.push(...sections.flat());
	else {
		const cols = COLUMN_SECTIONS[count]!.map((ids) => ids.flatMap((i) => sections[i] ?? []));
		for (let i = 0; i < Math.max(...cols.map((c) => c.length)); i++) lines.push(cols.map((c, n) => (n < cols.length - 1 ? fit(c[i] ?? '', width) : c[i] ?? '')).join('   ').trimEnd());
	}
	// No blank rows at the end: they would only make a help that fits scroll.
	while (lines.length > 0 && lines.at(-1) === '') lines.pop();
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
