// Puts Ink's frames on the alternate screen, rewriting only the lines that changed, and lets
// the meter tick patch live lines in between (patch()).
//
// Why not Ink's own incrementalRendering: in Ink 6.8.0 it moves the cursor up one line too few
// whenever the frame ends in a newline (every frame shorter than the terminal), so the picture
// drifts down a row per update (`l0\nl1\nl2\n` then `ESC[2A ESC[E …`: the changed line lands one
// row low). Ink 7 fixes its renderer but needs Node 22. Here Ink runs in debug mode (it hands
// over each whole frame as a string, unthrottled) to a stand-in stdout, and this writer diffs the
// frame line by line against the last one and positions each changed line absolutely. Absolute
// positioning cannot drift, never scrolls (so the frame may use every row), and the frame rate
// is capped here (maxFps), coalescing frames that arrive faster.
import { EventEmitter } from 'node:events';
import type { OutStream } from '../cli-io.js';

/** Begin/end synchronized update: terminals that know it show the frame at once. */
const BSU = '\x1b[?2026h';
const ESU = '\x1b[?2026l';

/** The stdout Ink is given: the real terminal's size and resizes, frames captured. */
export interface InkStdout extends EventEmitter {
	readonly columns: number;
	readonly rows: number;
	readonly isTTY: boolean;
	write(frame: string): boolean;
}

export interface ScreenWriterOptions {
	/** Most frames written per second (default 20). */
	maxFps?: number;
}

export class ScreenWriter {
	/** Give this to Ink's render() as `stdout` together with `debug: true`. */
	readonly inkStdout: InkStdout;
	/** Bytes written to the terminal so far. */
	bytes = 0;
	private previous: string[] = [];
	private pending: string | undefined;
	private timer: NodeJS.Timeout | undefined;
	private lastFlush = 0;
	private closed = false;
	private readonly minInterval: number;
	private readonly onResize: () => void;

	constructor(
		private readonly out: OutStream & { rows?: number },
		options: ScreenWriterOptions = {},
	) {
		this.minInterval = 1000 / (options.maxFps ?? 20);
		const emitter = new EventEmitter();
		// Getters, not copies: the size must follow the terminal's.
		Object.defineProperties(emitter, {
			columns: { get: () => out.columns || 80 },
			rows: { get: () => out.rows || 24 },
			// Not a TTY to Ink: it must not hide the cursor or write control codes of its own.
			isTTY: { value: false },
			write: {
				value: (frame: string) => {
					this.frame(frame);
					return true;
				},
			},
		});
		this.inkStdout = emitter as InkStdout;
		this.onResize = () => {
			// Everything moves on a resize: forget what is on screen and draw the next frame whole.
			this.previous = [];
			this.write('\x1b[H\x1b[2J');
			emitter.emit('resize');
		};
		out.on('resize', this.onResize);
	}

	private frame(frame: string): void {
		// Ink also writes cursor bookkeeping ('' or lone escapes) through its log; only frames count.
		if (this.closed || frame === '' || (frame.startsWith('\x1b[') && !frame.includes('\n') && frame.length < 16)) return;
		this.pending = frame;
		const wait = this.lastFlush + this.minInterval - performance.now();
		if (wait <= 0) this.flush();
		else if (!this.timer) this.timer = setTimeout(() => this.flush(), wait);
	}

	/** Writes the latest frame now (also called on the way out, for the last picture). */
	flush(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		const frame = this.pending;
		this.pending = undefined;
		if (frame === undefined || this.closed) return;
		this.lastFlush = performance.now();
		const rows = this.out.rows || 24;
		const lines = frame.split('\n');
		if (lines.at(-1) === '') lines.pop();
		if (lines.length > rows) lines.length = rows;
		let buf = '';
		const n = Math.max(lines.length, this.previous.length);
		for (let i = 0; i < n && i < rows; i++) {
			const line = lines[i] ?? '';
			if (line === this.previous[i]) continue;
			// Reset first: a style left open by the line before must not bleed into this one.
			buf += `\x1b[${i + 1};1H\x1b[0m${line}\x1b[0m\x1b[K`;
		}
		this.previous = lines;
		if (buf !== '') this.write(BSU + buf + ESU);
	}

	/**
	 * Rewrites lines `top`… with `lines` where they differ from the screen: the live path for
	 * meters and the playhead, between Ink frames. A frame still waiting for its turn goes first
	 * so that it cannot overwrite newer live lines afterwards.
	 */
	patch(top: number, lines: readonly string[]): void {
		if (this.closed) return;
		if (this.pending !== undefined) this.flush();
		const rows = this.out.rows || 24;
		let buf = '';
		for (let k = 0; k < lines.length && top + k < rows; k++) {
			const i = top + k;
			const line = lines[k]!;
			if (line === this.previous[i]) continue;
			buf += `\x1b[${i + 1};1H\x1b[0m${line}\x1b[0m\x1b[K`;
			while (this.previous.length < i) this.previous.push('');
			this.previous[i] = line;
		}
		if (buf !== '') this.write(BSU + buf + ESU);
	}

	private write(text: string): void {
		this.bytes += Buffer.byteLength(text);
		try {
			this.out.write(text);
		} catch {
			// The terminal went away; the caller's error handler ends the session.
		}
	}

	/** Stops writing (before the terminal is restored). */
	close(): void {
		this.flush();
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		this.out.off('resize', this.onResize);
	}
}
