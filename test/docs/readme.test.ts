// The README's key tables are generated from keymaps/default.yaml, and its opening commands are
// the ones CI and a fresh clone rely on.
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadKeymap } from '../../source/input/keymap.js';
import { helpMarkdown } from '../../source/app/help-lines.js';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');

it('lists the default keymap exactly (regenerate from helpMarkdown when keys change)', () => {
	const section = readme.match(/<!-- keys:start -->\n([\s\S]*?)\n<!-- keys:end -->/);
	expect(section, 'README.md needs <!-- keys:start --> … <!-- keys:end -->').not.toBeNull();
	expect(section![1]).toBe(helpMarkdown(loadKeymap().keymap));
});

it('opens with the install-and-demo command and the test command, and CI runs that test command', () => {
	const firstBlock = readme.match(/```sh\n([\s\S]*?)```/)![1]!;
	expect(firstBlock).toMatch(/^npm install && npx dubdesk demo/m);
	expect(firstBlock).toMatch(/^npm test/m);
	expect(readFileSync(resolve(root, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
});
