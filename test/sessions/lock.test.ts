import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { acquireLock, lockPath, SessionFileWatch, SessionLockedError, type LockHolder } from '../../sessions/lock.js';

let dir: string;
let sessionPath: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'dubdesk-lock-'));
	sessionPath = join(dir, 'reel1.yaml');
	await writeFile(sessionPath, 'dubdesk: 1\n');
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
	return spawnSync(process.execPath, ['-e', '']).pid!;
}

function writeHolder(holder: Partial<LockHolder>): void {
	writeFileSync(lockPath(sessionPath), JSON.stringify({ pid: process.pid, host: hostname(), since: '2025-12-01T13:03:12.000Z', id: 'theirs', ...holder }));
}

describe('acquireLock', () => {
	test('writes who holds the session beside it, and release removes it', () => {
		const lock = acquireLock(sessionPath);
		expect(lock.path).toBe(join(dir, '.reel1.yaml.lock'));
		expect(lock.problem).toBeUndefined();
		const holder = JSON.parse(readFileSync(lock.path, 'utf8')) as LockHolder;
		expect(holder.pid).toBe(process.pid);
		expect(holder.host).toBe(hostname());
		expect(Math.abs(Date.parse(holder.since) - Date.now())).toBeLessThan(5000);
		lock.release();
		expect(existsSync(lock.path)).toBe(false);
		lock.release();
	});

	test('a second mixer is refused with one line naming the holder and what to do', () => {
		const lock = acquireLock(sessionPath);
		let error: unknown;
		try {
			acquireLock(sessionPath);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(SessionLockedError);
		const message = (error as Error).message;
		expect(message).toMatch(new RegExp(`^${sessionPath} is open in another mixer \\(pid ${process.pid} on ${hostname()}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\); quit that one first, or remove ${lockPath(sessionPath)} if it is no longer running$`));
		expect(message).not.toContain('\n');
		lock.release();
	});

	test('two ways to the same file meet at one lock', () => {
		symlinkSync(sessionPath, join(dir, 'link.yaml'));
		const lock = acquireLock(join(dir, 'link.yaml'));
		expect(lock.path).toBe(lockPath(sessionPath));
		expect(() => acquireLock(sessionPath)).toThrow(SessionLockedError);
		lock.release();
	});

	test('release leaves a lock that is not its own', () => {
		const lock = acquireLock(sessionPath);
		writeHolder({ id: 'someone else' });
		lock.release();
		expect(JSON.parse(readFileSync(lockPath(sessionPath), 'utf8')).id).toBe('someone else');
	});

	test('a lock left by a process that is gone is taken over', () => {
		const stale: Partial<LockHolder>[] = [
			{ pid: deadPid() },
			// The pid lives but is another program (its start time differs).
			{ pid: process.pid, start: -1 },
			{ pid: process.pid, boot: 'an earlier boot' },
		];
		for (const holder of stale) {
			writeHolder(holder);
			const lock = acquireLock(sessionPath);
			expect(JSON.parse(readFileSync(lock.path, 'utf8')).id).not.toBe('theirs');
			lock.release();
		}
		writeFileSync(lockPath(sessionPath), 'not a lock');
		acquireLock(sessionPath).release();
	});

	test('a lock held from another host is respected', () => {
		writeHolder({ host: 'stage-2', pid: 4242 });
		expect(() => acquireLock(sessionPath)).toThrow(/is open in another mixer \(pid 4242 on stage-2, since /);
	});

	test('a directory where no lock can be made gives a problem to show, not a refusal', (ctx) => {
		if (process.getuid?.() === 0) ctx.skip(); // root writes anywhere
		chmodSync(dir, 0o500);
		try {
			const lock = acquireLock(sessionPath);
			expect(lock.problem).toMatch(/cannot lock the session \(permission denied\)/);
			lock.release();
		} finally {
			chmodSync(dir, 0o700);
		}
	});

	test('of many processes starting at once, exactly one gets the lock, also when taking over a stale one', async () => {
		const root = fileURLToPath(new URL('../..', import.meta.url));
		const script = join(dir, 'take.mjs');
		await esbuild.build({
			stdin: {
				contents: `import { acquireLock } from './sessions/lock.ts';
					try { const l = acquireLock(process.argv[2]); console.log('got'); setTimeout(() => l.release(), 1500); }
					catch (e) { console.log(e.name === 'SessionLockedError' ? 'refused' : 'error ' + e.message); }`,
				resolveDir: root,
				loader: 'ts',
			},
			bundle: true,
			platform: 'node',
			format: 'esm',
			outfile: script,
			logLevel: 'silent',
		});
		for (const start of ['free', 'stale']) {
			if (start === 'stale') writeHolder({ pid: deadPid() });
			const runs = Array.from({ length: 6 }, () => {
				const child = spawn(process.execPath, [script, sessionPath]);
				let out = '';
				child.stdout.on('data', (d: Buffer) => (out += d.toString()));
				return new Promise<string>((resolve) => child.on('exit', () => resolve(out.trim())));
			});
			const results = (await Promise.all(runs)).sort();
			expect(results, start).toEqual(['got', 'refused', 'refused', 'refused', 'refused', 'refused']);
			expect(existsSync(lockPath(sessionPath))).toBe(false);
		}
	}, 30_000);
});

describe('SessionFileWatch', () => {
	test('tells an outside edit from a touch, and forgets what this mixer saved', async () => {
		const watch = await SessionFileWatch.read(sessionPath);
		expect(await watch.changed()).toBeUndefined();
		// Same content, new mtime: nothing to lose.
		const t = Math.floor(Date.now() / 1000);
		await utimes(sessionPath, t + 5, t + 5);
		expect(await watch.changed()).toBeUndefined();
		// Same size, different content, even with the mtime put back.
		await writeFile(sessionPath, 'dubdesk: 2\n');
		await utimes(sessionPath, t + 5, t + 5);
		const changed = await watch.changed();
		expect(changed).toBeInstanceOf(Date);
		expect(changed!.getTime()).toBe((t + 5) * 1000);
		await watch.saved();
		expect(await watch.changed()).toBeUndefined();
		await rm(sessionPath);
		expect(await watch.changed()).toBeUndefined();
	});
});
