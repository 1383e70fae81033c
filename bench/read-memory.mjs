// Streaming read memory: reads a long RF64 file block by block (WavReader + decodeFrames) and
// prints memory as it goes; the numbers must stay flat whatever the file length.
// Run: node --expose-gc bench/read-memory.mjs [GiB=2] [frames per read=8192]
// The file is sparse (a header and a hole), so it costs no real disk; reads of the hole
// still go through the kernel and the decoder like real data.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const gib = Number(process.argv[2] ?? 2);
const BLOCK = Number(process.argv[3] ?? 8192); // frames per read
const dir = mkdtempSync(join(tmpdir(), 'dubdesk-bench-'));
try {
	const outfile = join(dir, 'media.mjs');
	await esbuild.build({
		stdin: {
			contents: `export { WavReader } from './engine/media/wav-reader.ts';
export { decodeFrames } from './engine/media/decode.ts';
export { rf64Header } from './test/helpers/wav-bytes.ts';`,
			resolveDir: process.cwd(),
			loader: 'ts',
		},
		bundle: true,
		format: 'esm',
		platform: 'node',
		outfile,
		logLevel: 'warning',
	});
	const { WavReader, decodeFrames, rf64Header } = await import(pathToFileURL(outfile).href);

	const channels = 2;
	const blockAlign = 6; // 24-bit stereo
	const dataBytes = Math.floor((gib * 2 ** 30) / blockAlign) * blockAlign;
	const path = join(dir, 'long.wav');
	const header = rf64Header({ encoding: 'pcm', bits: 24, channels, dataBytes });
	const h = await open(path, 'w');
	await h.write(header, 0, header.length, 0);
	await h.truncate(header.length + dataBytes);
	await h.close();
	const allocated = (await stat(path)).blocks * 512;
	if (allocated > 1 << 20) throw new Error(`not a sparse-capable file system (${allocated} bytes allocated)`);

	const reader = await WavReader.open(path);
	const { info } = reader;
	const bytes = Buffer.alloc(BLOCK * blockAlign);
	const dest = [new Float32Array(BLOCK), new Float32Array(BLOCK)];
	const mb = (n) => `${(n / 2 ** 20).toFixed(1).padStart(6)} MB`;
	const show = (label) => {
		globalThis.gc?.();
		const m = process.memoryUsage();
		console.log(`${label.padEnd(10)} rss ${mb(m.rss)}  heap ${mb(m.heapUsed)}  external ${mb(m.external)}  arrayBuffers ${mb(m.arrayBuffers)}`);
	};
	console.log(`${(info.frames / 48000 / 3600).toFixed(2)} h of 48 kHz 24-bit stereo (${(dataBytes / 2 ** 30).toFixed(2)} GiB), ${BLOCK}-frame blocks`);
	show('start');
	const t0 = performance.now();
	let next = 0.1;
	for (let f = 0; f < info.frames; ) {
		const got = await reader.read(f, BLOCK, bytes);
		decodeFrames(info, bytes, 0, got, dest, 0);
		f += got;
		if (f / info.frames >= next) {
			show(`${Math.round(next * 100)} %`);
			next += 0.1;
		}
	}
	const s = (performance.now() - t0) / 1000;
	await reader.close();
	console.log(`read + decode: ${(dataBytes / 2 ** 20 / s).toFixed(0)} MB/s, ${((info.frames * channels) / s / 1e6).toFixed(0)} M samples/s`);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
