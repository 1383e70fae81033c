// Key notation shared by keymap files, the help screen and the decoder of terminal input.
// A key is written the way the help shows it: "space", "?", "M", "ctrl+z", "shift+up", "f1".
// A shifted letter is the capital ("M", not "shift+m"). Names are canonical so that a keymap
// entry and a decoded keypress compare as plain strings.

/** Named keys a terminal can send (besides printable characters). */
const NAMED = [
	'space', 'enter', 'tab', 'backspace', 'delete', 'insert', 'escape',
	'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown',
	'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12',
] as const;
const NAMED_SET = new Set<string>(NAMED);

const ALIASES: Record<string, string> = {
	esc: 'escape', return: 'enter', pgup: 'pageup', pgdn: 'pagedown', pgdown: 'pagedown',
	del: 'delete', ins: 'insert', spacebar: 'space', bs: 'backspace', ' ': 'space',
	meta: 'alt', option: 'alt', control: 'ctrl',
};

/** Keys that carry modifiers only in terminals that report them (arrows, paging, F-keys). */
const MODIFIABLE = new Set(['up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'delete', 'insert', ...NAMED.filter((n) => n.startsWith('f'))]);

/** Ctrl+letter codes a terminal cannot tell from a named key. */
const CTRL_TWINS: Record<string, string> = { i: 'tab', m: 'enter', j: 'enter', h: 'backspace', '[': 'escape' };

export type KeyParse = { key: string; error?: undefined } | { key?: undefined; error: string };

/**
 * The canonical form of a key as written in a keymap, or why it cannot be used. Rejects keys a
 * terminal or SSH eats or cannot tell apart, and bare Escape (it starts other keys' sequences,
 * so over a slow link it arrives split and would fire by accident).
 */
export function parseKey(text: string): KeyParse {
	if (typeof text !== 'string' || text.length === 0) return { error: 'is empty' };
	const quoted = JSON.stringify(text);
	if (text.length === 1) return text === ' ' ? { key: 'space' } : printable(text) ? { key: text } : { error: `${quoted} is not a key name` };
	const parts = text.split('+');
	// "+" itself and "ctrl++" are written with a trailing empty part.
	if (parts.at(-1) === '' && parts.at(-2) === '') parts.splice(-2, 2, '+');
	const base = parts.pop()!;
	const mods = new Set<string>();
	for (const raw of parts) {
		const m = ALIASES[raw.toLowerCase()] ?? raw.toLowerCase();
		if (m !== 'ctrl' && m !== 'alt' && m !== 'shift') return { error: `${quoted}: unknown modifier "${raw}" (ctrl, alt, shift)` };
		if (mods.has(m)) return { error: `${quoted} repeats "${m}"` };
		mods.add(m);
	}
	let name = base.length === 1 ? base : (ALIASES[base.toLowerCase()] ?? base.toLowerCase());
	if (name.length > 1 && !NAMED_SET.has(name)) return { error: `${quoted}: unknown key "${base}"` };
	if (name.length === 1 && !printable(name)) return { error: `${quoted} is not a key name` };

	if (mods.has('shift')) {
		if (name.length === 1) {
			if (!/[a-z]/i.test(name)) return { error: `${quoted}: write the shifted character itself (e.g. "?" or "+")` };
			if (mods.has('ctrl')) return { error: `${quoted}: terminals send ctrl+shift+letter as ctrl+letter` };
			mods.delete('shift');
			name = name.toUpperCase();
		} else if (name === 'tab' && mods.size === 1) {
			return { key: 'shift+tab' };
		} else if (!MODIFIABLE.has(name)) {
			return { error: `${quoted}: terminals do not report shift with ${name}` };
		}
	}
	if (mods.has('ctrl')) {
		if (name.length === 1) {
			const lower = name.toLowerCase();
			if (lower === 's' || lower === 'q') return { error: `"ctrl+${lower}" is eaten by terminal flow control` };
			if (lower === 'c') return { error: '"ctrl+c" is reserved: it always quits' };
			if (CTRL_TWINS[lower]) return { error: `"ctrl+${lower}" is the same key as ${CTRL_TWINS[lower]} to a terminal; write "${CTRL_TWINS[lower]}"` };
			if (!/[a-z\\\]^_]/.test(lower)) return { error: `${quoted}: terminals send no ctrl code for "${name}"` };
			// "Ctrl+Z" is how menus write ctrl+z; terminals send one code for both cases.
			name = lower;
		} else if (!MODIFIABLE.has(name) && name !== 'space') {
			return { error: `${quoted}: terminals do not report ctrl with ${name}` };
		}
	}
	if (name === 'escape') return { error: '"escape" cannot be bound: it starts other keys\' sequences and arrives split over slow links' };
	const order = ['ctrl', 'alt', 'shift'].filter((m) => mods.has(m));
	return { key: [...order, name].join('+') };
}

function printable(ch: string): boolean {
	const code = ch.codePointAt(0)!;
	return code >= 0x21 && code !== 0x7f && [...ch].length === 1;
}

/** Whether a canonical key is an F-key (some terminals and SSH clients never send them). */
export function isFunctionKey(key: string): boolean {
	return /(^|\+)f\d+$/.test(key);
}

/** How a key is shown in help and hints ("Space", "Ctrl-Z", "Shift-↑" → ASCII "S-Up"). */
export function displayKey(key: string): string {
	if (key.length === 1) return key;
	return key
		.split('+')
		.map((p) => (p.length === 1 ? p : p === 'pageup' ? 'PgUp' : p === 'pagedown' ? 'PgDn' : p[0]!.toUpperCase() + p.slice(1)))
		.join('-');
}

const CSI_NAMES: Record<string, string> = {
	A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end',
	P: 'f1', Q: 'f2', R: 'f3', S: 'f4',
};
const TILDE_NAMES: Record<string, string> = {
	'1': 'home', '2': 'insert', '3': 'delete', '4': 'end', '5': 'pageup', '6': 'pagedown', '7': 'home', '8': 'end',
	'11': 'f1', '12': 'f2', '13': 'f3', '14': 'f4', '15': 'f5', '17': 'f6', '18': 'f7', '19': 'f8',
	'20': 'f9', '21': 'f10', '23': 'f11', '24': 'f12',
};

function withModifier(name: string, param: string | undefined): string {
	const m = Number(param ?? '1') - 1;
	if (!(m > 0)) return name;
	const mods = [m & 4 ? 'ctrl' : '', m & 2 ? 'alt' : '', m & 1 ? 'shift' : ''].filter(Boolean);
	return [...mods, name].join('+');
}

/**
 * Canonical key names in one chunk of terminal input, as Ink's input parser splits it (one
 * escape sequence, or a run of plain characters such as a paste). Unknown sequences yield ''.
 */
export function decodeInput(data: string): string[] {
	if (data.startsWith('\x1b')) return [decodeEscape(data)];
	const keys: string[] = [];
	for (const ch of data) keys.push(decodeChar(ch));
	return keys;
}

function decodeChar(ch: string): string {
	const code = ch.codePointAt(0)!;
	if (ch === '\r' || ch === '\n') return 'enter';
	if (ch === '\t') return 'tab';
	if (ch === '\x7f' || ch === '\b') return 'backspace';
	if (ch === ' ') return 'space';
	if (code === 0) return 'ctrl+space';
	if (code < 27) return `ctrl+${String.fromCharCode(code + 96)}`;
	if (code < 32) return `ctrl+${String.fromCharCode(code + 64)}`;
	return ch;
}

function decodeEscape(seq: string): string {
	if (seq === '\x1b') return 'escape';
	if (seq === '\x1b[Z') return 'shift+tab';
	let m = /^\x1b(\x1b)?[[O](?:1;)?(\d+)?([A-Z])$/.exec(seq);
	if (m && CSI_NAMES[m[3]!]) return (m[1] ? 'alt+' : '') + withModifier(CSI_NAMES[m[3]!]!, m[2]);
	m = /^\x1b(\x1b)?\[(\d+)(?:;(\d+))?~$/.exec(seq);
	if (m && TILDE_NAMES[m[2]!]) return (m[1] ? 'alt+' : '') + withModifier(TILDE_NAMES[m[2]!]!, m[3]);
	m = /^\x1b\[\[([A-E])$/.exec(seq);
	if (m) return `f${'ABCDE'.indexOf(m[1]!) + 1}`;
	if (seq.length === 2 || (seq.length === 3 && seq.codePointAt(1)! > 0xffff)) {
		const k = decodeChar(seq.slice(1));
		return k.startsWith('ctrl+') ? `ctrl+alt+${k.slice(5)}` : `alt+${k}`;
	}
	return '';
}
