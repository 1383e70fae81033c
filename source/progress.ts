// A one-line progress bar with ETA, for terminals only (silent when stderr is not a TTY).
import type { OutStream } from './cli-io.js';

export interface Progress {
	update(done: number, total: number): void;
	done(): void;
}

const silent: Progress = { update() {}, done() {} };

function clock(seconds: number): string {
	const s = Math.max(0, Math.round(seconds));
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function createProgress(stream: OutStream, label: string, now: () => number = Date.now): Progress {
	if (!stream.isTTY) return silent;
	const started = now();
	let last = 0;
	let shown = false;
	return {
		update(done, total) {
			const t = now();
			if (t - last < 100 && done < total) return; // ≤ 10 redraws a second
			last = t;
			const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
			const share = total > 0 ? Math.min(1, done / total) : 1;
			const filled = Math.round(share * width);
			const elapsed = (t - started) / 1000;
			const eta = share > 0 ? (elapsed / share) * (1 - share) : 0;
			stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ETA ${clock(eta)} `);
			shown = true;
		},
		done() {
			if (shown) stream.write('\r\x1b[2K');
		},
	};
}
