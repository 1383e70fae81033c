// Keymaps are data: the shipped ones must load clean, reach every action and never bind one key
// twice where both could fire; a user's mistakes are reported by path and key, defaults stay.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allActions } from '../../source/input/actions.js';
import { decodeInput, parseKey } from '../../source/input/key-names.js';
import { findConflicts, isFunctionKeyOnly, keysOf, loadKeymap, parseKeymapDoc, readKeymapFile, resolveKey, shippedKeymaps } from '../../source/input/keymap.js';
import { keymapDir } from '../../source/input/keymap.js';

const shipped = shippedKeymaps();

describe('shipped keymaps', () => {
	it('are default, protools and vim', () => {
		expect(shipped).toEqual(['default', 'protools', 'vim']);
	});

	describe.each(shipped)('%s', (name) => {
		const file = readKeymapFile(join(keymapDir(), `${name}.yaml`));

		it('loads without problems', () => {
			expect(file.problems).toEqual([]);
			expect(loadKeymap({ name }).problems).toEqual([]);
		});

		it('binds every action itself (reachable in every map)', () => {
			const missing = allActions().filter((id) => !file.entries.has(id));
			expect(missing).toEqual([]);
		});

		it('has no key bound twice within a context or against global', () => {
			expect(findConflicts(file.entries)).toEqual([]);
		});

		it('gives every action a key that is not an F-key', () => {
			expect(allActions().filter((id) => isFunctionKeyOnly(file.entries.get(id) ?? []))).toEqual([]);
		});
	});

	it('space plays, ? helps and q quits in every map', () => {
		for (const name of shipped) {
			const { keymap } = loadKeymap({ name });
			expect(resolveKey(keymap, 'mixer', 'space'), name).toBe('global.togglePlay');
			expect(resolveKey(keymap, 'timeline', '?'), name).toBe('global.help');
			expect(resolveKey(keymap, 'mixer', 'q'), name).toBe('global.quit');
		}
	});

	it('vim moves with hjkl', () => {
		const { keymap } = loadKeymap({ name: 'vim' });
		expect(resolveKey(keymap, 'mixer', 'h')).toBe('mixer.selectPrevious');
		expect(resolveKey(keymap, 'mixer', 'k')).toBe('mixer.faderUp');
		expect(resolveKey(keymap, 'timeline', 'j')).toBe('timeline.selectNext');
	});
});

describe('key notation', () => {
	it.each([
		['space', 'space'],
		[' ', 'space'],
		['m', 'm'],
		['M', 'M'],
		['shift+m', 'M'],
		['Ctrl+Z', 'ctrl+z'],
		['ctrl+shift+up', 'ctrl+shift+up'],
		['shift+ctrl+up', 'ctrl+shift+up'],
		['esc+x', undefined],
		['PgUp', 'pageup'],
		['return', 'enter'],
		['shift+tab', 'shift+tab'],
		['alt+x', 'alt+x'],
		['meta+x', 'alt+x'],
		['+', '+'],
		['ctrl++', undefined],
		['F5', 'f5'],
	])('%j → %j', (text, key) => {
		expect(parseKey(text).key).toBe(key);
	});

	it.each([
		['ctrl+s', 'is eaten by terminal flow control'],
		['ctrl+q', 'is eaten by terminal flow control'],
		['ctrl+c', 'reserved'],
		['escape', 'cannot be bound'],
		['esc', 'cannot be bound'],
		['ctrl+i', 'same key as tab'],
		['ctrl+m', 'same key as enter'],
		['shift+?', 'shifted character'],
		['ctrl+shift+a', 'ctrl+letter'],
		['hyper+a', 'unknown modifier'],
		['shft+a', 'unknown modifier'],
		['upp', 'unknown key'],
		['', 'empty'],
	])('%j is refused: %s', (text, problem) => {
		expect(parseKey(text).error).toContain(problem);
	});

	it.each([
		['\r', ['enter']],
		['\x1b[A', ['up']],
		['\x1bOB', ['down']],
		['\x1b[1;2A', ['shift+up']],
		['\x1b[1;5C', ['ctrl+right']],
		['\x1b[5~', ['pageup']],
		['\x1b[6;2~', ['shift+pagedown']],
		['\x1b[3~', ['delete']],
		['\x1bOP', ['f1']],
		['\x1b[15~', ['f5']],
		['\x1b[Z', ['shift+tab']],
		['\x1b', ['escape']],
		['\x1bx', ['alt+x']],
		['\x1a', ['ctrl+z']],
		['\x7f', ['backspace']],
		[' ', ['space']],
		['mM?', ['m', 'M', '?']],
	])('decodes %j', (data, keys) => {
		expect(decodeInput(data)).toEqual(keys);
	});

	it('every key a shipped map binds can be typed (decodes to itself)', () => {
		const sequences: Record<string, string> = {
			space: ' ', enter: '\r', tab: '\t', backspace: '\x7f', delete: '\x1b[3~', insert: '\x1b[2~', up: '\x1b[A', down: '\x1b[B',
			right: '\x1b[C', left: '\x1b[D', home: '\x1b[H', end: '\x1b[F', pageup: '\x1b[5~', pagedown: '\x1b[6~', f1: '\x1bOP',
			'shift+up': '\x1b[1;2A', 'shift+down': '\x1b[1;2B', 'shift+left': '\x1b[1;2D', 'shift+right': '\x1b[1;2C', 'alt+s': '\x1bs',
		};
		for (const name of shipped) {
			const { keymap } = loadKeymap({ name });
			for (const id of allActions()) {
				for (const key of keysOf(keymap, id)) {
					const seq = key.length === 1 ? key : key.startsWith('ctrl+') && key.length === 6 ? String.fromCharCode(key.charCodeAt(5) - 96) : sequences[key];
					expect(seq, `${name} ${id} ${key}`).toBeDefined();
					expect(decodeInput(seq!), `${name} ${id}`).toEqual([key]);
				}
			}
		}
	});
});

describe('user keymap overrides', () => {
	const dir = mkdtempSync(join(tmpdir(), 'dubdesk-keymap-'));
	const user = (name: string, text: string) => {
		const file = join(dir, name);
		writeFileSync(file, text);
		return file;
	};

	it('overrides single actions and keeps the rest', () => {
		const { keymap, problems } = loadKeymap({ userFile: user('ok.yaml', 'mixer:\n  toggleMute: x\nglobal:\n  toggleMute: ["x", "ctrl+t"]\n  save: ctrl+w\n') });
		// mixer.toggleMute is not an action (mute is global): reported, the rest applies.
		expect(problems).toEqual([`${dir}/ok.yaml: mixer.toggleMute: unknown action in mixer (it is global.toggleMute)`]);
		expect(resolveKey(keymap, 'mixer', 'x')).toBe('global.toggleMute');
		expect(resolveKey(keymap, 'mixer', 'm')).toBeUndefined();
		expect(resolveKey(keymap, 'mixer', 'ctrl+w')).toBe('global.save');
		expect(resolveKey(keymap, 'mixer', 'space')).toBe('global.togglePlay');
	});

	it.each([
		['global:\n  toggleMute: ctrl+s\n', 'global.toggleMute: "ctrl+s" is eaten by terminal flow control', 'm'],
		['global:\n  toggleMute: [x, ctrl+q]\n', 'global.toggleMute: "ctrl+q" is eaten by terminal flow control', 'm'],
		['global:\n  toggleMute: f3\n', 'global.toggleMute: "f3": F-keys alone are not enough', 'm'],
		['global:\n  toggleMute: []\n', 'global.toggleMute: needs at least one key', 'm'],
		['global:\n  toggleMute: {a: 1}\n', 'global.toggleMute: expected a key or a list of keys', 'm'],
		['global:\n  toggleMute: s\n', 'global.toggleMute: "s" is already bound to global.toggleSolo; keeping the default for global.toggleMute', 'm'],
		['global:\n  toggleMute: left\n', 'global.toggleMute: "left" is already bound to mixer.selectPrevious', 'm'],
		['global:\n  toggleMut: x\n', 'global.toggleMut: unknown action', 'm'],
		['globl:\n  toggleMute: x\n', 'globl: unknown context (global, mixer, timeline, strip, notes)', 'm'],
		['global: [\n', 'ok.yaml:', 'm'],
	])('reports %j and keeps the default', (text, problem, muteKey) => {
		const file = user('bad.yaml', text);
		const { keymap, problems } = loadKeymap({ userFile: file });
		expect(problems).toHaveLength(1);
		expect(problems[0]).toContain(problem.replace('ok.yaml:', `${dir}/bad.yaml:`));
		expect(problems[0]!.startsWith(`${file}: `)).toBe(true);
		expect(resolveKey(keymap, 'mixer', muteKey)).toBe('global.toggleMute');
	});

	it('lets two actions swap keys', () => {
		const { keymap, problems } = loadKeymap({ userFile: user('swap.yaml', 'global:\n  toggleMute: s\n  toggleSolo: m\n') });
		expect(problems).toEqual([]);
		expect(resolveKey(keymap, 'mixer', 's')).toBe('global.toggleMute');
		expect(resolveKey(keymap, 'mixer', 'm')).toBe('global.toggleSolo');
	});

	it('applies to another base map', () => {
		const { keymap, problems } = loadKeymap({ name: 'vim', userFile: user('vim-user.yaml', 'mixer:\n  faderUp: "+"\n') });
		expect(problems).toEqual([]);
		expect(resolveKey(keymap, 'mixer', '+')).toBe('mixer.faderUp');
		expect(resolveKey(keymap, 'mixer', 'k')).toBeUndefined();
	});

	it('an unknown base map is an error naming the choices', () => {
		expect(() => loadKeymap({ name: 'emacs' })).toThrow('unknown keymap "emacs" (default, protools, vim');
	});

	it('parses documents table-driven', () => {
		expect(parseKeymapDoc(null).problems).toEqual([]);
		expect(parseKeymapDoc([1]).problems).toEqual(['expected a mapping of contexts (global, mixer, timeline, strip, notes)']);
		expect(parseKeymapDoc({ mixer: { faderUnity: 0 } }).entries.get('mixer.faderUnity')).toEqual(['0']);
	});
});
