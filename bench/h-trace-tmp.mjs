// temporary: times printMix with N threads, via esbuild bundle of print.ts
import * as esbuild from 'esbuild';
import { pathToFileURL } from 'node:url';
await esbuild.build({ entryPoints: ['/work/main/engine/render/print.ts', '/work/main/engine/session-plan.ts'], bundle: true, platform: 'node', format: 'esm', outdir: '/tmp/h-build', splitting: true, logLevel: 'warning', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
await esbuild.build({ entryPoints: { 'render-worker': '/work/main/engine/render/parallel-worker.ts' }, bundle: true, platform: 'node', format: 'esm', outdir: '/tmp/h-build', logLevel: 'warning', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
process.env.DUBDESK_RENDER_WORKER = '/tmp/h-build/render-worker.js';
const { printMix } = await import(pathToFileURL('/tmp/h-build/render/print.js').href);
const { loadPlan } = await import(pathToFileURL('/tmp/h-build/session-plan.js').href);
const session = process.argv[2];
const { plan } = await loadPlan(session);
for (const threads of (process.argv[3] ?? '1,2,1,2').split(',').map(Number)) {
	const t0 = performance.now();
	const c0 = process.cpuUsage();
	await printMix({ plan, output: '/tmp/h-out.wav', bitDepth: '32f', from: 0, to: plan.length, threads });
	const c = process.cpuUsage(c0);
	console.log(`threads ${threads}: ${(performance.now() - t0).toFixed(0)} ms wall, ${((c.user + c.system) / 1000).toFixed(0)} ms cpu`);
}
