// Bundles bench/dsp-load.ts (engine code, like the worker) and runs it:
//   node bench/run-dsp-load.mjs          plain tracks (issue 4)
//   node bench/run-dsp-load.mjs strip    the full-strip ceiling (issue 10)
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ensureBenchSession } from './bench-session.mjs';

async function load() {
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
	return import(pathToFileURL(outfile).href);
}

export async function benchDspLoad() {
	const { dspLoad } = await load();
	return dspLoad(ensureBenchSession().session);
}

/** Tracks with a full strip (hpf, 4 bands, compressor, de-esser) one core runs in half of each buffer. */
export async function benchStripLoad(seconds = 3) {
	const { stripCeiling } = await load();
	return stripCeiling(ensureBenchSession('full').session, seconds);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const r = process.argv[2] === 'strip' ? await benchStripLoad() : await benchDspLoad();
	console.log(JSON.stringify(r, null, 2));
}
