import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { autosavePath, createAutosave, discardAutosave, findAutosave, journalPath, unsavedChangesWarning } from '../../sessions/autosave.js';
import { setTrackGain } from '../../sessions/edit.js';
import { UserError } from '../../sessions/errors.js';
import { replayJournal } from '../../sessions/journal.js';
import { saveSession, serializeSession } from '../../sessions/save.js';
import { cli } from '../helpers/cli.js';
import { RICH_YAML, emptySession, richSession } from './fixtures.js';

let dir: string;
let sessionPath: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'dubdesk-autosave-'));
	sessionPath = join(dir, 'reel1.yaml');
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

test('the journal and an old autosave sit beside the session, hidden', () => {
	expect(journalPath('/mix/reel1.yaml')).toBe('/mix/.reel1.yaml.journal');
	expect(autosavePath('/mix/reel1.yaml')).toBe('/mix/.reel1.yaml.autosave');
	expect(autosavePath('reel1.yaml')).toBe('.reel1.yaml.autosave');
});

describe('createAutosave', () => {
	test('an edit is in the journal as soon as it is scheduled', async () => {
		const autosave = createAutosave(sessionPath);
		expect(autosave.path).toBe(journalPath(sessionPath));
		const s1 = setTrackGain(richSession(), 'dx1', -6);
		autosave.schedule(s1);
		expect(replayJournal(readFileSync(autosave.path, 'utf8'))?.doc).toEqual(s1);
		const s2 = setTrackGain(s1, 'dx1', -9);
		autosave.schedule(s2);
		await autosave.flush();
		expect(replayJournal(readFileSync(autosave.path, 'utf8'))?.doc).toEqual(s2);
		await autosave.dispose();
		// Disposed: the journal stays for recovery, nothing more is written.
		autosave.schedule(emptySession());
		expect(replayJournal(readFileSync(journalPath(sessionPath), 'utf8'))?.doc).toEqual(s2);
	});

	test('a failed write is reported through onError, never thrown', async () => {
		const errors: UserError[] = [];
		const missing = join(dir, 'gone', 'reel1.yaml');
		const autosave = createAutosave(missing, { onError: (e) => errors.push(e) });
		autosave.schedule(emptySession());
		await expect(autosave.flush()).resolves.toBeUndefined();
		expect(errors).toHaveLength(1);
		expect(errors[0]).toBeInstanceOf(UserError);
		expect(errors[0]!.message).toBe(`${journalPath(missing)}: cannot write the journal: no such file or directory`);
		await autosave.dispose();
	});

	test('discard (after a save) deletes the journal and an old autosave', async () => {
		await writeFile(autosavePath(sessionPath), serializeSession(emptySession()));
		const autosave = createAutosave(sessionPath);
		autosave.schedule(richSession());
		await autosave.discard();
		expect(await readdir(dir)).toEqual([]);
		// Editing on starts a new journal.
		autosave.schedule(emptySession());
		expect(existsSync(journalPath(sessionPath))).toBe(true);
		await autosave.dispose();
	});
});

describe('findAutosave', () => {
	/** A session file and a journal a mixer left holding `doc`. */
	async function crashed(sessionText: string | undefined, doc: unknown) {
		if (sessionText !== undefined) await writeFile(sessionPath, sessionText);
		const autosave = createAutosave(sessionPath, { sync: false });
		autosave.schedule(doc as never);
		await autosave.dispose();
	}

	test('nothing to recover without a journal or autosave', async () => {
		await saveSession(sessionPath, richSession());
		expect(await findAutosave(sessionPath)).toBeUndefined();
	});

	test('offers a journal that holds a different document', async () => {
		const changed = setTrackGain(richSession(), 'dx1', -20);
		await crashed(serializeSession(richSession()), changed);
		const found = await findAutosave(sessionPath);
		expect(found?.path).toBe(journalPath(sessionPath));
		expect(found?.session).toEqual(changed);
		expect(found?.modified).toBeInstanceOf(Date);
	});

	test('a journal holding the saved document (killed between save and cleanup) is not offered', async () => {
		await crashed(RICH_YAML, richSession());
		expect(await findAutosave(sessionPath)).toBeUndefined();
	});

	test('a torn last line is ignored: the edits before it are offered', async () => {
		const changed = setTrackGain(richSession(), 'dx1', -20);
		await crashed(RICH_YAML, changed);
		appendFileSync(journalPath(sessionPath), '{"t":1,"ops":[[["tracks",0');
		const found = await findAutosave(sessionPath);
		expect(found?.session).toEqual(changed);
		expect(found?.note).toBeUndefined();
	});

	test('offers the journal when the session file is missing or broken', async () => {
		await crashed(undefined, emptySession());
		expect((await findAutosave(sessionPath))?.session).toEqual(emptySession());
		await writeFile(sessionPath, 'dubdesk: 1\ncolour: red\n');
		expect((await findAutosave(sessionPath))?.session).toEqual(emptySession());
	});

	test('a journal that does not hold a session is returned with its error, not thrown', async () => {
		await crashed(RICH_YAML, { dubdesk: 1, tracks: [{ id: 'a b' }] });
		const found = await findAutosave(sessionPath);
		expect(found?.session).toBeUndefined();
		expect(found?.error).toBeInstanceOf(UserError);
		expect(found?.error?.message).toContain(journalPath(sessionPath));
	});

	test('still offers an autosave an older dubdesk wrote, when newer than the session', async () => {
		const changed = setTrackGain(richSession(), 'dx1', -20);
		const now = Date.now() / 1000;
		await writeFile(sessionPath, RICH_YAML);
		await utimes(sessionPath, now - 10, now - 10);
		await writeFile(autosavePath(sessionPath), serializeSession(changed));
		expect((await findAutosave(sessionPath))?.session).toEqual(changed);
		await utimes(autosavePath(sessionPath), now - 20, now - 20);
		expect(await findAutosave(sessionPath)).toBeUndefined();
	});

	test('discardAutosave removes journal and autosave, and is quiet when there is none', async () => {
		await crashed(undefined, emptySession());
		await writeFile(autosavePath(sessionPath), serializeSession(emptySession()));
		await discardAutosave(sessionPath);
		expect(await readdir(dir)).toEqual([]);
		await expect(discardAutosave(sessionPath)).resolves.toBeUndefined();
	});
});

describe('headless commands warn about unsaved mixer changes', () => {
	test('unsavedChangesWarning names the journal and its age', async () => {
		await writeFile(sessionPath, serializeSession(emptySession()));
		const t = Date.now() / 1000;
		await utimes(sessionPath, t - 300, t - 300);
		expect(unsavedChangesWarning(sessionPath, 's.yaml')).toBeUndefined();
		await writeFile(journalPath(sessionPath), '{"journal":1,"base":{}}\n');
		await utimes(journalPath(sessionPath), t - 120, t - 120);
		expect(unsavedChangesWarning(sessionPath, 's.yaml', t * 1000)).toBe('s.yaml has unsaved changes from a mixer (.reel1.yaml.journal, 2 min ago); open it to recover');
		// Saved since: the journal is older than the session file.
		await utimes(sessionPath, t, t);
		expect(unsavedChangesWarning(sessionPath, 's.yaml')).toBeUndefined();
	});

	test('check prints the warning line and still checks the file', async () => {
		await writeFile(sessionPath, serializeSession(emptySession()));
		const t = Date.now() / 1000;
		await utimes(sessionPath, t - 60, t - 60);
		await writeFile(journalPath(sessionPath), '{"journal":1,"base":{}}\n');
		const run = await cli(['check', 'reel1.yaml'], dir);
		expect(run.stderr).toMatch(/^dubdesk: warning: reel1\.yaml has unsaved changes from a mixer \(\.reel1\.yaml\.journal, \d+ s ago\); open it to recover\n/);
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('reel1.yaml: ok');
	});
});
