// Bundles bench/journal-ride.ts and runs it on the demo session (written into the OS temp dir):
//   node bench/journal-ride.mjs [--seconds 10]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });

export async function benchJournalRide(seconds = 10) {
	const outdir = join(tmpdir(), 'dubdesk-bench', 'build');
	mkdirSync(outdir, { recursive: true });
	const outfile = join(outdir, 'journal-ride.mjs');
	await esbuild.build({
		entryPoints: [join(root, 'bench', 'journal-ride.ts')],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile,
		logLevel: 'warning',
		external: ['naudiodon', '@julusian/midi'],
		define: { 'process.env.NODE_ENV': '"production"' },
		banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
	});
	const demo = join(tmpdir(), 'dubdesk-bench', 'journal-demo');
	if (!existsSync(join(demo, 'session.yaml'))) execFileSync(process.execPath, [join(root, 'bin', 'dubdesk.js'), 'demo', demo], { stdio: 'ignore', env: { ...process.env, DUBDESK_AUDIO: 'null' } });
	const { journalRide } = await import(pathToFileURL(outfile).href);
	return journalRide(join(demo, 'session.yaml'), seconds);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const r = await benchJournalRide(Number(values.seconds));
	const f = (x) => x.toFixed(2);
	console.log(`fader ride: ${r.edits} edits in ${r.seconds} s on the 16-track demo, ${r.writes} journal writes (${(r.journalBytes / 1024).toFixed(0)} KiB)`);
	console.log(`journal on the main thread: ${f(r.journalMsPerSecond)} ms per second; per call p99 ${f(r.p99Ms)} ms, longest ${f(r.longestMs)} ms (first write, the whole session: ${f(r.firstWriteMs)} ms)`);
}
