// The DSP benches measure the code as it ships: their TypeScript entry is bundled by esbuild
// (production defines, as scripts/build.mjs does) into the OS temp dir and imported.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Bundles `contents` (TypeScript, imports resolved from the repository root) and imports it. */
export async function importBundled(name, contents) {
	const outdir = join(tmpdir(), 'dubdesk-bench', 'build');
	mkdirSync(outdir, { recursive: true });
	const outfile = join(outdir, `${name}.mjs`);
	await esbuild.build({
		stdin: { contents, resolveDir: new URL('..', import.meta.url).pathname, sourcefile: `${name}-entry.ts`, loader: 'ts' },
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile,
		logLevel: 'warning',
		define: { 'process.env.NODE_ENV': '"production"' },
	});
	return import(pathToFileURL(outfile).href);
}
