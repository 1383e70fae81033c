// Bundles bench/dsp-load.ts (engine code, like the worker) and runs it: node bench/run-dsp-load.mjs
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ensureBenchSession } from './bench-session.mjs';

export async function benchDspLoad() {
	const outdir = join(tmpdir(), 'dubdesk-bench', 'build');
	mkdirSync(outdir, { recursive: true });
	const outfile = join(outdir, 'dsp-load.mjs');
	await esbuild.build({
		entryPoints: [new URL('./dsp-load.ts', import.meta.url).pathname],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile,
		logLevel: 'warning',
		define: { 'process.env.NODE_ENV': '"production"' },
		banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
	});
	const { dspLoad } = await import(pathToFileURL(outfile).href);
	const { session } = ensureBenchSession();
	return dspLoad(session);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const r = await benchDspLoad();
	console.log(JSON.stringify(r, null, 2));
}
