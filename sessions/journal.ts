// The edit journal: how the mixer never loses a mix. Beside `reel1.yaml` it keeps
// `.reel1.yaml.journal`, one JSON document per line: the first holds the whole session (the
// base), each further line the changes since the line before (journal-ops.ts). A line is
// appended with a plain write, which the kernel keeps even if the process is killed the next
// instant; fdatasync follows in the thread pool, for power loss. The first edit after a pause
// is written at once; a burst (a fader ride) becomes one line per `intervalMs`. Past
// `compactBytes` the journal is compacted: a new file holding only the current document is
// fsynced and renamed over it. A crash mid-write leaves a torn last line, which replay ignores.
// Only the mixer holding the session's lock (lock.ts) writes or deletes the journal.
import { closeSync, fdatasync, fstatSync, fsync, open as openCb, openSync, renameSync, statSync, unlinkSync, writeSync, close as closeCb } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describeFsError } from './atomic-write.js';
import { UserError } from './errors.js';
import { applyOps, decodeLine, diffDocs, encodeLine, ReplayError } from './journal-ops.js';

/** Where the journal of a session file lives: `<dir>/.<basename>.journal`. */
export function journalPath(sessionPath: string): string {
	return join(dirname(sessionPath), `.${basename(sessionPath)}.journal`);
}

/** The temporary files a journal is built in before it is renamed into place. */
export function journalTempPaths(sessionPath: string): string[] {
	const path = journalPath(sessionPath);
	return [`${path}.tmp`, `${path}.compact`];
}

export interface JournalOptions {
	/** Shortest time between two appends; edits in between are written together (default 50 ms). */
	intervalMs?: number;
	/** Journal size past which it is compacted into one base line (default 1 MiB). */
	compactBytes?: number;
	/** fdatasync after writing (default true); kill -9 is survived without it, power loss is not. */
	sync?: boolean;
	/** While this says true nothing is written (a recovery offer is waiting for its answer). */
	paused?: () => boolean;
	/** Told about failed writes; the journal never throws into the UI. */
	onError?: (error: UserError) => void;
	now?: () => number;
}

/** An append-only journal of one session's edits. Main thread; every method returns at once. */
export class Journal {
	readonly path: string;
	private readonly interval: number;
	private readonly compactBytes: number;
	private readonly syncOn: boolean;
	private readonly options: JournalOptions;
	private readonly now: () => number;
	/** The open journal and its identity (so discard deletes only the file this writer made). */
	private fd: number | undefined;
	private identity: { dev: number; ino: number } | undefined;
	/** The document as the journal on disk replays, and the newest one recorded. */
	private written: unknown;
	private latest: unknown;
	private bytes = 0;
	/** Size of the base line: compaction waits until the changes outweigh it. */
	private baseBytes = 0;
	private lastWriteAt = -Infinity;
	private timer: NodeJS.Timeout | undefined;
	/** The next write starts a fresh file (after a failed append may have left a torn line). */
	private rebase = false;
	private lastError = '';
	private compaction: { fd: number; doc: unknown; bytes: number; cancelled: boolean } | undefined;
	/** Descriptors with an fdatasync in flight, those to sync again after it, and those to close after it. */
	private readonly syncing = new Set<number>();
	private readonly resync = new Set<number>();
	private readonly closeAfterSync = new Set<number>();
	private busy = 0;
	private idleWaiters: (() => void)[] = [];

	constructor(sessionPath: string, options: JournalOptions = {}) {
		this.path = journalPath(sessionPath);
		this.options = options;
		this.interval = options.intervalMs ?? 50;
		this.compactBytes = options.compactBytes ?? 1024 * 1024;
		this.syncOn = options.sync ?? true;
		this.now = options.now ?? Date.now;
	}

	/** Notes the newest document: written now, or within `intervalMs` when a write just happened. */
	record(doc: unknown): void {
		this.latest = doc;
		if (this.timer || this.options.paused?.()) return;
		const wait = this.lastWriteAt + this.interval - this.now();
		if (wait <= 0) this.write();
		else {
			this.timer = setTimeout(() => this.write(), wait);
			// Exit paths flush (flush() is synchronous, so even an 'exit' handler can).
			this.timer.unref();
		}
	}

	/** Writes whatever is recorded and not yet written, now. */
	flush(): void {
		this.write();
	}

	/** Deletes this writer's journal (after a save); the next edit starts a new one. */
	discard(): void {
		this.stopTimer();
		this.latest = undefined;
		this.written = undefined;
		this.lastWriteAt = -Infinity;
		if (this.compaction) this.compaction.cancelled = true;
		if (this.fd !== undefined && this.identity) {
			const st = statSync(this.path, { throwIfNoEntry: false });
			if (st && st.dev === this.identity.dev && st.ino === this.identity.ino) {
				try {
					unlinkSync(this.path);
				} catch (error) {
					this.report(`cannot remove the journal: ${describeFsError(error)}`);
				}
			}
		}
		this.retire(this.fd);
		this.fd = undefined;
		this.identity = undefined;
	}

	/** Stops writing; descriptors close once their fdatasync is done. The journal stays. */
	close(): void {
		this.stopTimer();
		if (this.compaction) this.compaction.cancelled = true;
		this.retire(this.fd);
		this.fd = undefined;
		this.latest = undefined;
	}

	/** Resolves when no fdatasync or compaction is in flight. */
	idle(): Promise<void> {
		if (this.busy === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	private stopTimer(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}

	private write(): void {
		this.stopTimer();
		const doc = this.latest;
		if (doc === undefined || doc === this.written || this.options.paused?.()) return;
		try {
			if (this.fd === undefined || this.rebase) this.create(doc);
			else {
				const ops = diffDocs(this.written, doc);
				if (ops.length > 0) this.append(this.fd, encodeLine({ t: this.now(), ops }));
			}
			this.written = doc;
			this.lastError = '';
		} catch (error) {
			// Keep the document pending; the next edit tries again, on a fresh file.
			this.rebase = true;
			this.report(`cannot write the journal: ${describeFsError(error)}`);
			return;
		} finally {
			this.lastWriteAt = this.now();
		}
		if (this.fd !== undefined) this.requestSync(this.fd);
		if (this.bytes > Math.max(this.compactBytes, 4 * this.baseBytes) && !this.compaction) this.startCompaction();
	}

	private baseLine(doc: unknown): string {
		return encodeLine({ journal: 1, pid: process.pid, host: hostname(), at: new Date(this.now()).toISOString(), base: doc });
	}

	/** A new journal holding `doc` as its base, renamed into place whole. */
	private create(doc: unknown): void {
		const temp = `${this.path}.tmp`;
		const fd = openSync(temp, 'w');
		try {
			this.bytes = this.baseBytes = this.writeAll(fd, this.baseLine(doc));
			renameSync(temp, this.path);
		} catch (error) {
			closeSync(fd);
			try {
				unlinkSync(temp);
			} catch {
				// Never created, or already gone.
			}
			throw error;
		}
		this.takeOver(fd);
		this.rebase = false;
	}

	private takeOver(fd: number): void {
		if (this.compaction) this.compaction.cancelled = true;
		this.retire(this.fd);
		this.fd = fd;
		const st = fstatSync(fd);
		this.identity = { dev: st.dev, ino: st.ino };
		this.syncDirectory();
	}

	private append(fd: number, line: string): void {
		this.bytes += this.writeAll(fd, line);
	}

	private writeAll(fd: number, text: string): number {
		const buffer = Buffer.from(text, 'utf8');
		let done = 0;
		while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done);
		return buffer.length;
	}

	/**
	 * Compaction: the current document goes to a new file, fsynced in the thread pool while edits
	 * keep going to the old journal; then the edits made meanwhile are appended to the new file
	 * and it is renamed over the old one, all in one synchronous step.
	 */
	private startCompaction(): void {
		const temp = `${this.path}.compact`;
		let fd: number;
		let bytes: number;
		try {
			fd = openSync(temp, 'w');
			bytes = this.writeAll(fd, this.baseLine(this.written));
		} catch (error) {
			this.report(`cannot compact the journal: ${describeFsError(error)}`);
			return;
		}
		const job = { fd, doc: this.written, bytes, cancelled: false };
		this.compaction = job;
		this.busy++;
		const finish = (error: NodeJS.ErrnoException | null) => {
			if (this.compaction === job) this.compaction = undefined;
			let installed = false;
			if (error) this.report(`cannot compact the journal: ${describeFsError(error)}`);
			else if (!job.cancelled && this.fd !== undefined) {
				try {
					const ops = diffDocs(job.doc, this.written);
					if (ops.length > 0) job.bytes += this.writeAll(fd, encodeLine({ t: this.now(), ops }));
					renameSync(temp, this.path);
					installed = true;
				} catch (err) {
					this.report(`cannot compact the journal: ${describeFsError(err)}`);
				}
			}
			if (installed) {
				this.takeOver(fd);
				this.bytes = job.bytes;
				this.baseBytes = bytes;
				this.requestSync(fd);
			} else {
				closeSync(fd);
				try {
					unlinkSync(temp);
				} catch {
					// Already gone.
				}
			}
			this.done();
		};
		if (this.syncOn) fdatasync(fd, finish);
		else setImmediate(() => finish(null));
	}

	private requestSync(fd: number): void {
		if (!this.syncOn) return;
		if (this.syncing.has(fd)) {
			this.resync.add(fd);
			return;
		}
		this.syncing.add(fd);
		this.busy++;
		fdatasync(fd, (error) => {
			this.syncing.delete(fd);
			if (error && fd === this.fd) this.report(`cannot sync the journal: ${describeFsError(error)}`);
			if (this.closeAfterSync.delete(fd)) {
				this.resync.delete(fd);
				closeSync(fd);
			} else if (this.resync.delete(fd)) this.requestSync(fd);
			this.done();
		});
	}

	/** Closes a descriptor this writer no longer uses, once no fdatasync is using it. */
	private retire(fd: number | undefined): void {
		if (fd === undefined) return;
		if (this.syncing.has(fd)) this.closeAfterSync.add(fd);
		else closeSync(fd);
	}

	/** Makes a rename durable; best effort (not every platform can fsync a directory). */
	private syncDirectory(): void {
		if (!this.syncOn) return;
		this.busy++;
		openCb(dirname(this.path), 'r', (error, fd) => {
			if (error) return this.done();
			fsync(fd, () => closeCb(fd, () => this.done()));
		});
	}

	private done(): void {
		this.busy--;
		if (this.busy === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
	}

	private report(problem: string): void {
		// A failing disk would say so 20 times a second; once per distinct problem is enough.
		if (problem === this.lastError) return;
		this.lastError = problem;
		this.options.onError?.(new UserError(`${this.path}: ${problem}`));
	}
}

/** What a journal on disk holds. */
export interface JournalContent {
	/** The document after every complete line. */
	doc: unknown;
	/** Lines replayed, the base included. */
	lines: number;
	/** Why replay stopped before the end (a damaged line); a torn last line is not reported. */
	damaged?: string;
	/** Who wrote it. */
	pid?: number;
	host?: string;
}

/** Replays journal text; undefined when it holds no base (empty, or not a journal). */
export function replayJournal(text: string): JournalContent | undefined {
	const lines = text.split('\n');
	// With a final newline the last piece is empty; otherwise it is a line cut short by a crash,
	// kept only if it still parses.
	const tail = lines.pop()!;
	let content: JournalContent | undefined;
	for (let i = 0; i <= lines.length; i++) {
		const line = i < lines.length ? lines[i]! : tail;
		if (line === '') continue;
		let entry: Record<string, unknown>;
		try {
			const parsed = decodeLine(line);
			if (typeof parsed !== 'object' || parsed === null) throw new ReplayError('not an object');
			entry = parsed as Record<string, unknown>;
			if ('base' in entry) content = { doc: entry['base'], lines: 1, pid: entry['pid'] as number, host: entry['host'] as string };
			else if (content) {
				content.doc = applyOps(content.doc, entry['ops']);
				content.lines++;
			} else throw new ReplayError('changes before any base');
		} catch (error) {
			if (i < lines.length && content) content.damaged = `line ${i + 1} is damaged (${(error as Error).message}); replayed the ${content.lines} lines before it`;
			break;
		}
	}
	return content;
}
