// dubdesk [SESSION] [--keymap NAME] [--record FILE.wav]: the mixer. Loads the session (a bad one is one line and
// exit 1 before anything is drawn), takes its lock (a session open in another mixer is one line
// and exit 1), starts the engine worker, offers what a crashed mixer left in the journal, and
// runs the Ink app on the alternate screen. Every way out restores the terminal, keeps the
// journal unless the user discarded the changes, closes the engine and releases the lock.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { homedir } from 'node:os';
import { isatty } from 'node:tty';
import { UserError } from '../../sessions/errors.js';
import { loadSession } from '../../sessions/load.js';
import type { Session } from '../../sessions/types.js';
import { createAutosave, discardAutosave, findAutosave } from '../../sessions/autosave.js';
import { acquireLock, SessionFileWatch } from '../../sessions/lock.js';
import type { EngineClient } from '../../engine/worker/client.js';
import type { EngineCommand, SendCommand } from '../../engine/worker/protocol.js';
import type { AppProps } from '../app/App.js';
import { MediaCache } from '../app/clip-layout.js';
import { Controller, type QuitHow } from '../app/controller.js';
import { MixerStore } from '../app/mixer-store.js';
import { firstFrame } from '../app/first-frame.js';
import { ScreenWriter } from '../app/screen-writer.js';
import { releaseDeadTerminal, takeTerminal } from '../app/terminal.js';
import { detectTheme } from '../app/theme.js';
import { loadKeymap, type Keymap } from '../input/keymap.js';
import { configDir, getSettings } from '../config.js';
import { nativeLog, nativeLogPath } from '../native-log.js';
import type { MidiController } from '../midi/index.js';
import type { CliIO } from '../cli-io.js';
import { recordTarget } from '../output-guard.js';
import type { Command, Flags } from '../cli-types.js';

/** Where the mixer keeps the demo it opens with no session given (XDG_DATA_HOME respected). */
export function demoDir(): string {
	const base = process.env['XDG_DATA_HOME'] || path.join(homedir(), '.local', 'share');
	return path.join(base, 'dubdesk', 'demo');
}

/** Frames written at most this often (the screen writer's cap); the meters tick slower (use-live.ts). */
const MAX_FPS = 20;
/** Longest wait at quit for a take to reach the disk. */
const TAKE_FLUSH_MS = 30_000;

function chooseKeymap(given: string | undefined, cwd: string): { keymap: Keymap; problems: string[] } {
	const settings = getSettings();
	const userFile = path.join(configDir(), 'keymap.yaml');
	// A keymap file given by path is remembered absolute.
	const flag = given !== undefined && /[/\\]|\.ya?ml$/.test(given) ? path.resolve(cwd, given) : given;
	if (flag !== undefined) {
		const result = loadKeymap({ name: flag, userFile }); // an unknown name throws: one line, exit 1
		settings.set('keymap', flag);
		return result;
	}
	const remembered = settings.get('keymap');
	try {
		return loadKeymap({ name: remembered ?? 'default', userFile });
	} catch (error) {
		const fallback = loadKeymap({ userFile });
		return { keymap: fallback.keymap, problems: [`${(error as Error).message}; using the default keymap`, ...fallback.problems] };
	}
}

export const open: Command = async (args, flags, io) => {
	if (args.length > 1) throw new UserError(`give one session file, got ${args.length} (${args.join(' ')})`);
	const out = io.stdout as NodeJS.WriteStream;
	if (!out.isTTY || !isatty(0)) throw new UserError('the mixer needs a terminal on stdin and stdout; for headless playback use `dubdesk play SESSION`');
	const { keymap, problems } = chooseKeymap(flags.keymap, io.cwd);

	let file: string;
	// Resolves when the session's media is in place (the demo may restore missing files).
	let mediaReady: Promise<unknown> = Promise.resolve();
	if (args[0] !== undefined) file = path.resolve(io.cwd, args[0]);
	else {
		io.stderr.write(`dubdesk: opening the demo session in ${demoDir()} (dubdesk SESSION opens yours)\n`);
		const written = path.join(demoDir(), 'session.yaml');
		const ensure = async () => (await import('../demo/index.js')).ensureDemo(demoDir());
		if (existsSync(written) && existsSync(path.join(demoDir(), '.dubdesk-demo'))) {
			// Already written: open it at once and check its media behind the first frame (the
			// engine loads it only after that).
			file = written;
			mediaReady = ensure();
		} else file = await ensure();
	}
	// Read before loading: an outside edit in between makes saving ask, never pass unseen.
	const disk = await SessionFileWatch.read(file);
	const session = await loadSession(file);
	const record = await recordTarget(flags.record, file, session, io.cwd);
	const lock = acquireLock(file);
	process.on('exit', lock.release);
	try {
		return await mix({ file, session, disk, lockProblem: lock.problem, keymap, problems, mediaReady, record, flags, io, out });
	} finally {
		lock.release();
		process.off('exit', lock.release);
		// A hung-up terminal must not make Node abort on its way out.
		releaseDeadTerminal();
	}
};

/** What the mixer starts from, once the session is loaded and its lock held. */
interface MixerSetup {
	file: string;
	session: Session;
	/** The session file as it was read, so saving over an outside edit asks first. */
	disk: SessionFileWatch;
	/** Why the session could not be locked (a read-only directory), for the status line. */
	lockProblem: string | undefined;
	keymap: Keymap;
	problems: string[];
	mediaReady: Promise<unknown>;
	/** --record: the take file, armed from the start. */
	record: string | undefined;
	flags: Flags;
	io: CliIO;
	out: NodeJS.WriteStream;
}

/** Runs the mixer; resolves with the exit status. */
async function mix({ file, session, disk, lockProblem, keymap, problems, mediaReady, record, flags, io, out }: MixerSetup): Promise<number> {
	const found = await findAutosave(file);

	const log = nativeLog();
	// The engine worker and MIDI start right after the first frame (they cost the main thread
	// tens of milliseconds and compete for the CPU); commands wait for the engine in a queue.
	let engine: EngineClient | undefined;
	const queued: EngineCommand[] = [];
	// A Space pressed as the screen appears is queued behind the load; the engine's play waits
	// for a load in progress.
	const send: SendCommand = (command) => {
		if (engine) engine.send(command);
		else queued.push(command);
	};
	let store!: MixerStore;
	// Edits go to the journal within 50 ms; none while a recovery offer waits for its answer.
	const autosave = createAutosave(file, { onError: (error) => store.say(error.message, 'error'), paused: () => store?.getState().recovery !== undefined });
	store = new MixerStore({ session, file, send, autosave, disk, record: record === undefined ? undefined : { file: record, armed: true } });
	let offEngine = () => {};
	let midi: MidiController | undefined;
	const startEngine = async () => {
		if (finishing) return;
		const [{ EngineClient }, { startMidi }, { MidiPage }] = await Promise.all([import('../../engine/worker/client.js'), import('../midi/index.js'), import('../midi/midi-page.js')]);
		await mediaReady.catch((error: Error) => store.say(error.message, 'error'));
		if (finishing) return;
		engine = new EngineClient({ log });
		const e = engine;
		offEngine = e.on((event) => store.handleEngineEvent(event));
		for (const command of queued.splice(0)) e.send(command);
		store.attachShared(e.shared);
		// MIDI surfaces: never throws or prints; without MIDI it says why on the status line.
		midi = startMidi(store, { input: flags.midiIn, output: flags.midiOut, log });
		const page = new MidiPage(midi);
		controller.midiPage = page;
		mounted.update(props({ controller: midi, page }));
	};
	if (found?.session) store.update({ recovery: { path: found.path, modified: found.modified, session: found.session } });
	else if (found?.error) store.say(`${found.error.message} (the autosave is left as it is)`, 'error');
	if (found?.note) store.say(found.note, 'error');
	if (lockProblem) store.say(lockProblem, 'error');
	if (problems.length > 0) {
		for (const p of problems) log.write(`keymap: ${p}\n`);
		store.say(`keymap: ${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1} more in ${nativeLogPath()})` : ''}`, 'error');
	}

	const terminal = takeTerminal(out);
	// What is on screen is on disk: the journal writes any edit it still holds before a frame.
	const screenOut = {
		get columns() {
			return out.columns;
		},
		get rows() {
			return out.rows;
		},
		on: (event: 'resize', listener: () => void) => out.on(event, listener),
		off: (event: 'resize', listener: () => void) => out.off(event, listener),
		write: (text: string) => {
			autosave.flushSync?.();
			return out.write(text);
		},
	};
	const screen = new ScreenWriter(screenOut as unknown as NodeJS.WriteStream, { maxFps: MAX_FPS });
	// The first picture now, from the views' own line builders; Ink mounts behind it.
	const theme = detectTheme(out);
	if (!store.getState().recovery) screen.patch(0, firstFrame(store.getState(), keymap, theme, out.columns || 80, out.rows || 24));
	let done!: (code: number) => void;
	const exited = new Promise<number>((resolve) => (done = resolve));
	let finishing = false;
	let instance: { unmount(): void } | undefined;

	const finish = async (how: QuitHow, code: number) => {
		if (finishing) return;
		finishing = true;
		try {
			instance?.unmount();
		} catch {
			// Already unmounted (render error).
		}
		screen.close();
		terminal.restore();
		try {
			const state = store.getState();
			if (how === 'discard') {
				await autosave.dispose();
				await discardAutosave(file).catch(() => undefined);
			} else if (!state.dirty && !state.recovery) {
				// Nothing unsaved (undone back to the file): no journal is left behind.
				await autosave.discard();
			} else await autosave.flush();
			await autosave.dispose();
			midi?.close();
			// A take still being written reaches the disk first: disarming answers once it is there.
			if (engine && store.getState().record.armed) {
				const flushed = engine.waitFor('recording', TAKE_FLUSH_MS, (e) => e.file === null).catch(() => undefined);
				engine.send({ type: 'record', file: null });
				await flushed;
			}
			offEngine();
			// The engine answers within milliseconds; a wedged device must not hold the shell
			// (and the timer must not either: a pending one kept the process alive 3 s after q).
			let timer: NodeJS.Timeout | undefined;
			if (engine) await Promise.race([engine.close(), new Promise((r) => (timer = setTimeout(r, 1000)))]);
			clearTimeout(timer);
		} finally {
			done(code);
		}
	};

	const media = new MediaCache();
	const controller = new Controller({
		store,
		keymap,
		media,
		hasMidi: true,
		quit: (how) => void finish(how, 0),
		// Recovery declined: the crashed mixer's journal goes; edits made meanwhile (a surface) start a new one.
		discardAutosave: async () => {
			await discardAutosave(file);
			autosave.flushSync?.();
		},
	});

	const crash = (error: unknown) => {
		screen.close();
		terminal.restore();
		log.write(`crash: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		io.stderr.write(`dubdesk: internal error: ${error instanceof Error ? error.message : String(error)}; your changes are in the autosave; the log is ${nativeLogPath()}\n`);
		void finish('keep', 70);
	};
	const onAbort = () => void finish('keep', 130);
	const restoreOnExit = () => {
		autosave.flushSync?.();
		terminal.restore();
	};
	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
	process.on('exit', restoreOnExit);
	io.signal?.addEventListener('abort', onAbort);
	// A terminal that went away must not turn into an uncaught EIO.
	out.on('error', () => void finish('keep', 129));

	const props = (midiParts?: AppProps['midi']): AppProps => ({ controller, media, theme, screen, midi: midiParts });
	// React, Ink and Yoga are evaluated only now, behind the first picture.
	const { mount } = await import('../app/mount.js');
	if (finishing) return await exited;
	const mounted = mount(props(), { stdout: screen.inkStdout as unknown as NodeJS.WriteStream, stdin: process.stdin, stderr: io.stderr as NodeJS.WriteStream });
	instance = mounted.instance;
	mounted.instance.waitUntilExit().catch((error: unknown) => crash(error));
	// The first frame is on its way to the terminal; now the engine and MIDI.
	setImmediate(() => void startEngine().catch(crash));

	// Signals end the mixer here, one way: journal flushed, terminal restored, engine closed.
	// Ink's signal-exit (v3) handler is taken off: it re-raises the signal, killing the process
	// before the autosave is written, whenever its listener count happens to match.
	const signals = { SIGTERM: 143, SIGINT: 130, SIGHUP: 129 } as const;
	const onSignal = (signal: NodeJS.Signals) => void finish('keep', signals[signal as keyof typeof signals]);
	for (const signal of Object.keys(signals) as NodeJS.Signals[]) {
		process.removeAllListeners(signal);
		process.on(signal, onSignal);
	}

	try {
		return await exited;
	} finally {
		process.off('uncaughtException', crash);
		process.off('unhandledRejection', crash);
		for (const signal of Object.keys(signals) as NodeJS.Signals[]) process.off(signal, onSignal);
		process.off('exit', restoreOnExit);
		io.signal?.removeEventListener('abort', onAbort);
	}
}
