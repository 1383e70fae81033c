// Runs the CLI in-process with captured output.
import { Writable } from 'node:stream';
import { runCli } from '../../source/run-cli.js';

export interface CliRun {
	code: number;
	stdout: string;
	stderr: string;
}

class Capture extends Writable {
	text = '';
	isTTY = false;
	override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
		this.text += chunk.toString();
		done();
	}
}

export async function cli(argv: string[], cwd = process.cwd(), signal?: AbortSignal): Promise<CliRun> {
	const stdout = new Capture();
	const stderr = new Capture();
	const code = await runCli(argv, { stdout, stderr, cwd, signal });
	return { code, stdout: stdout.text, stderr: stderr.text };
}
