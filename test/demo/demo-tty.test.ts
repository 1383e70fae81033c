// On a terminal, dubdesk demo hands the session to the mixer (open) instead of printing hints.
// The mixer and the demo writer are stubbed: this checks the hand-over only.
import { Writable } from 'node:stream';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const opened: string[][] = [];
vi.mock('../../source/commands/open.js', () => ({
	open: vi.fn(async (args: string[]) => {
		opened.push(args);
		return 0;
	}),
}));
vi.mock('../../source/demo/index.js', () => ({
	DEFAULT_DEMO_DIR: 'dubdesk-demo',
	writeDemo: vi.fn(async (dir: string) => ({ sessionFile: path.join(dir, 'session.yaml'), reused: true, generated: [], media: [] })),
}));
vi.mock('node:tty', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:tty')>()), isatty: () => true }));

const { runCli } = await import('../../source/run-cli.js');

class Terminal extends Writable {
	text = '';
	isTTY = true;
	override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
		this.text += chunk.toString();
		done();
	}
}

describe('dubdesk demo on a terminal', () => {
	it('opens the session it wrote in the mixer', async () => {
		const stdout = new Terminal();
		const stderr = new Terminal();
		const code = await runCli(['demo', 'here'], { stdout, stderr, cwd: '/tmp/somewhere' });
		expect(code).toBe(0);
		expect(opened).toEqual([['/tmp/somewhere/here/session.yaml']]);
		expect(stdout.text).toContain('already holds the demo');
		expect(stdout.text).not.toContain('dubdesk render');
	});
});
