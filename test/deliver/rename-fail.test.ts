// When moving the finished files into place fails partway (a disk pulled, a permission), the
// one line says which deliverables are new, so nobody ships a set mixed with older files.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { cli } from '../helpers/cli.js';
import { makeTempDir, removeTempDir } from '../helpers/wav-bytes.js';
import { deliveryFixture } from './fixture.js';

let renames = 0;
vi.mock('node:fs/promises', async (importOriginal) => {
	const real = await importOriginal<typeof import('node:fs/promises')>();
	return {
		...real,
		rename: async (from: string, to: string) => {
			// The second deliverable's move fails.
			if (to.endsWith('.wav') && ++renames === 2) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
			return real.rename(from, to);
		},
	};
});

let dir: string;
let sessionFile: string;
beforeAll(async () => {
	dir = await makeTempDir();
	({ sessionFile } = await deliveryFixture(dir, [{ name: 'PM' }, { name: 'DX', bus: 'DX' }, { name: 'MX', bus: 'MX' }]));
});
afterAll(() => removeTempDir(dir));

it('names the files that were moved and leaves no staging file', async () => {
	const out = join(dir, 'out');
	const run = await cli(['deliver', sessionFile, '-o', out]);
	expect(run.code).toBe(1);
	expect(run.stderr.trim().split('\n')).toHaveLength(1);
	expect(run.stderr).toMatch(/cannot move the deliverables into place \(EIO: i\/o error, rename\); only PM\.wav is new, the rest not written/);
	expect(readdirSync(out).sort()).toEqual(['PM.wav']);
});
