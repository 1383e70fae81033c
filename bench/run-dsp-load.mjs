// Bundles bench/dsp-load.ts (engine code, like the worker) and runs it:
//   node bench/run-dsp-load.mjs          plain tracks (issue 4)
//   node bench/run-dsp-load.mjs strip    the full-strip ceiling (issue 10)
import { ensureBenchSession } from './bench-session.mjs';
import { importBundled } from './bundle.mjs';

function load() {
	return importBundled('dsp-load', `export * from './bench/dsp-load.ts';`, { require: true });
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
