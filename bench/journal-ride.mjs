// Bundles bench/journal-ride.ts and runs it on the demo session (written into the OS temp dir):
//   node bench/journal-ride.mjs [--seconds 10]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { importBundled } from './bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });

export async function benchJournalRide(seconds = 10) {
	const { journalRide } = await importBundled('journal-ride', `export * from './bench/journal-ride.ts';`, { require: true, external: ['naudiodon', '@julusian/midi'] });
	const demo = join(tmpdir(), 'dubdesk-bench', 'journal-demo');
	if (!existsSync(join(demo, 'session.yaml'))) execFileSync(process.execPath, [join(root, 'bin', 'dubdesk.js'), 'demo', demo], { stdio: 'ignore', env: { ...process.env, DUBDESK_AUDIO: 'null' } });
	return journalRide(join(demo, 'session.yaml'), seconds);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const r = await benchJournalRide(Number(values.seconds));
	const f = (x) => x.toFixed(2);
	console.log(`fader ride: ${r.edits} edits in ${r.seconds} s on the 16-track demo, ${r.writes} journal writes (${(r.journalBytes / 1024).toFixed(0)} KiB)`);
	console.log(`journal on the main thread: ${f(r.journalMsPerSecond)} ms per second; per call p99 ${f(r.p99Ms)} ms, longest ${f(r.longestMs)} ms (first write, the whole session: ${f(r.firstWriteMs)} ms)`);
}
