// Writer conversion throughput: planar float → dithered 16/24-bit interleaved PCM, in samples/s.
// Run: node bench/quantize.mjs   (bundles engine/media/dither.ts with esbuild into a temp dir)
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = mkdtempSync(join(tmpdir(), 'dubdesk-bench-'));
let mod;
try {
	const outfile = join(dir, 'dither.mjs');
	await esbuild.build({ entryPoints: ['engine/media/dither.ts'], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'warning' });
	mod = await import(pathToFileURL(outfile).href);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
const { quantizeTpdf, TpdfDither } = mod;

const BLOCK = 4096;
const CALLS = 2000;
for (const channels of [1, 2, 6]) {
	for (const bytesPerSample of [2, 3]) {
		const src = Array.from({ length: channels }, (_, c) => Float32Array.from({ length: BLOCK }, (_, i) => Math.sin(i / 7 + c) * 0.8));
		const out = new Uint8Array(BLOCK * channels * bytesPerSample);
		const dithers = src.map((_, c) => new TpdfDither(1, c));
		const run = (n) => {
			for (let i = 0; i < n; i++) quantizeTpdf(src, 0, BLOCK, bytesPerSample, out, dithers);
		};
		run(200);
		let s = Infinity; // best of five: the machine is shared
		for (let rep = 0; rep < 5; rep++) {
			const t0 = process.hrtime.bigint();
			run(CALLS / 5);
			s = Math.min(s, (Number(process.hrtime.bigint() - t0) / 1e9) * 5);
		}
		const samples = CALLS * BLOCK * channels;
		console.log(`${bytesPerSample * 8}-bit ${channels}ch`.padEnd(12), `${(samples / s / 1e6).toFixed(0).padStart(4)} M samples/s`);
	}
}
