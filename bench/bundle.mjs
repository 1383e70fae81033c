// The DSP benches measure the code as it ships: their TypeScript entry is bundled by esbuild
// (production defines, as scripts/build.mjs does) into the OS temp dir and imported.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Bundles `contents` (TypeScript, imports resolved from the repository root) into
 * dubdesk-bench/build/NAME.mjs in the temp dir and returns its path. `require: true` gives the
 * bundle a `require` for CommonJS dependencies (the FLAC decoder, naudiodon's loader);
 * `external` lists packages left to be loaded at run time.
 */
export async function bundle(name, contents, { require = false, external = [] } = {}) {
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
		external,
		define: { 'process.env.NODE_ENV': '"production"' },
		...(require ? { banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } } : {}),
	});
	return outfile;
}

/** Bundles `contents` as bundle() does and imports it. */
export async function importBundled(name, contents, options) {
	return import(pathToFileURL(await bundle(name, contents, options)).href);
}
