import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { autosavePath, createAutosave, discardAutosave, findAutosave } from '../../sessions/autosave.js';
import { setTrackGain } from '../../sessions/edit.js';
import { UserError } from '../../sessions/errors.js';
import { saveSession, serializeSession } from '../../sessions/save.js';
import { RICH_YAML, emptySession, richSession } from './fixtures.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` passes or `ms` elapse. */
async function eventually(check: () => void | Promise<void>, ms = 2000): Promise<void> {
	const until = Date.now() + ms;
	for (;;) {
		try {
			await check();
			return;
		} catch (err) {
			if (Date.now() > until) throw err;
			await sleep(10);
		}
	}
}

let dir: string;
let sessionPath: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'dubdesk-autosave-'));
	sessionPath = join(dir, 'reel1.yaml');
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

test('the autosave sits beside the session, hidden', () => {
	expect(autosavePath('/mix/reel1.yaml')).toBe('/mix/.reel1.yaml.autosave');
	expect(autosavePath('reel1.yaml')).toBe('.reel1.yaml.autosave');
});

describe('createAutosave', () => {
	test('writes the latest document once changes settle', async () => {
		const saved: string[] = [];
		const autosave = createAutosave(sessionPath, { delayMs: 40, onSaved: (p) => saved.push(p) });
		const s0 = richSession();
		const s1 = setTrackGain(s0, 'dx1', -6);
		const s2 = setTrackGain(s1, 'dx1', -9);
		autosave.schedule(s0);
		autosave.schedule(s1);
		autosave.schedule(s2);
		expect(await readdir(dir)).toEqual([]);
		await eventually(() => expect(saved).toHaveLength(1));
		expect(saved).toEqual([autosave.path]);
		expect(await readFile(autosave.path, 'utf8')).toBe(serializeSession(s2));
		// Nothing new: no second write.
		autosave.schedule(s2);
		await autosave.flush();
		expect(saved).toHaveLength(1);
		await autosave.dispose();
	});

	test('flush writes at once and waits', async () => {
		const autosave = createAutosave(sessionPath, { delayMs: 60_000 });
		autosave.schedule(emptySession());
		await autosave.flush();
		expect(await readFile(autosave.path, 'utf8')).toBe(serializeSession(emptySession()));
		await autosave.dispose();
	});

	test('a stream of changes is still written after maxWaitMs', async () => {
		const saved: string[] = [];
		const autosave = createAutosave(sessionPath, { delayMs: 60_000, maxWaitMs: 50, onSaved: (p) => saved.push(p) });
		autosave.schedule(richSession());
		await sleep(20);
		autosave.schedule(setTrackGain(richSession(), 'dx1', -1));
		await eventually(() => expect(saved).toHaveLength(1));
		await autosave.dispose();
	});

	test('a failed write is reported through onError, never thrown', async () => {
		const errors: UserError[] = [];
		const missing = join(dir, 'gone', 'reel1.yaml');
		const autosave = createAutosave(missing, { delayMs: 10, onError: (e) => errors.push(e) });
		autosave.schedule(emptySession());
		await expect(autosave.flush()).resolves.toBeUndefined();
		expect(errors).toHaveLength(1);
		expect(errors[0]).toBeInstanceOf(UserError);
		expect(errors[0].message).toBe(`${autosavePath(missing)}: cannot save: no such file or directory`);
		await autosave.dispose();
	});

	test('discard drops pending work and deletes the file; dispose drops pending work', async () => {
		const autosave = createAutosave(sessionPath, { delayMs: 20 });
		autosave.schedule(emptySession());
		await autosave.flush();
		autosave.schedule(richSession());
		await autosave.discard();
		await sleep(50);
		expect(await readdir(dir)).toEqual([]);

		autosave.schedule(richSession());
		await autosave.dispose();
		autosave.schedule(emptySession());
		await sleep(50);
		expect(await readdir(dir)).toEqual([]);
	});
});

describe('findAutosave', () => {
	/** Writes the session file and an autosave, the autosave `newer` ms after the session. */
	async function both(sessionText: string | undefined, autosaveText: string, newer = 10_000) {
		const now = Date.now() / 1000;
		if (sessionText !== undefined) {
			await writeFile(sessionPath, sessionText);
			await utimes(sessionPath, now - newer / 1000, now - newer / 1000);
		}
		await writeFile(autosavePath(sessionPath), autosaveText);
		await utimes(autosavePath(sessionPath), now, now);
	}

	test('nothing to recover without an autosave', async () => {
		await saveSession(sessionPath, richSession());
		expect(await findAutosave(sessionPath)).toBeUndefined();
	});

	test('offers a newer, different autosave', async () => {
		const changed = setTrackGain(richSession(), 'dx1', -20);
		await both(serializeSession(richSession()), serializeSession(changed));
		const found = await findAutosave(sessionPath);
		expect(found?.path).toBe(autosavePath(sessionPath));
		expect(found?.session).toEqual(changed);
		expect(found?.error).toBeUndefined();
		expect(found?.modified).toBeInstanceOf(Date);
	});

	test('ignores an autosave holding the same document, even written differently', async () => {
		// The session file in its hand-written form, the autosave as dubdesk writes it.
		await both(RICH_YAML, serializeSession(richSession()));
		expect(await findAutosave(sessionPath)).toBeUndefined();
	});

	test('ignores an autosave older than the session file', async () => {
		await both(serializeSession(richSession()), serializeSession(emptySession()), -10_000);
		expect(await findAutosave(sessionPath)).toBeUndefined();
	});

	test('offers the autosave when the session file is missing or broken', async () => {
		await both(undefined, serializeSession(emptySession()));
		expect((await findAutosave(sessionPath))?.session).toEqual(emptySession());
		await both('dubdesk: 1\ncolour: red\n', serializeSession(emptySession()));
		expect((await findAutosave(sessionPath))?.session).toEqual(emptySession());
	});

	test('a broken autosave is returned with its error, not thrown', async () => {
		await both(serializeSession(emptySession()), 'dubdesk: 1\ntracks: [\n');
		const found = await findAutosave(sessionPath);
		expect(found?.session).toBeUndefined();
		expect(found?.error).toBeInstanceOf(UserError);
		expect(found?.error?.message).toMatch(new RegExp(`^${autosavePath(sessionPath).replace(/[.]/g, '\\.')}:3:1: `));
	});

	test('discardAutosave removes it, and is quiet when there is none', async () => {
		await both(undefined, serializeSession(emptySession()));
		await discardAutosave(sessionPath);
		expect(await readdir(dir)).toEqual([]);
		await expect(discardAutosave(sessionPath)).resolves.toBeUndefined();
	});
});
