// Offline render of the plain 16-track bench with every track sending to one convolution return
// (a 3 s stereo impulse response), against the same render without the sends (issue 11).
// Alternated rounds, medians. Run: node bench/sends-render.mjs [rounds]
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dir, ensureBenchSession, SECONDS, SR, TRACKS } from './bench-session.mjs';
import { rounds, timed } from './timing.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A 3 s stereo impulse response: decaying noise, 32-bit float WAV. */
function writeIr(file) {
	const frames = 3 * SR;
	const data = Buffer.alloc(frames * 2 * 4);
	let s = 7;
	for (let i = 0; i < frames; i++) {
		for (let c = 0; c < 2; c++) {
			s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
			data.writeFloatLE((s / 2 ** 32 - 0.5) * 0.05 * Math.exp((-6.9 * i) / (1.2 * SR)), (i * 2 + c) * 4);
		}
	}
	const header = Buffer.alloc(44);
	header.write('RIFF', 0);
	header.writeUInt32LE(36 + data.length, 4);
	header.write('WAVEfmt ', 8);
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(3, 20);
	header.writeUInt16LE(2, 22);
	header.writeUInt32LE(SR, 24);
	header.writeUInt32LE(SR * 8, 28);
	header.writeUInt16LE(8, 32);
	header.writeUInt16LE(32, 34);
	header.write('data', 36);
	header.writeUInt32LE(data.length, 40);
	writeFileSync(file, Buffer.concat([header, data]));
}

export function benchSendsRender({ count = 3 } = {}) {
	const { session: plain } = ensureBenchSession();
	const ir = join(dir, 'media', 'ir-3s.wav');
	if (!existsSync(ir)) writeIr(ir);
	const text = readFileSync(plain, 'utf8')
		.replace(/^tracks:/m, 'buses:\n  - { id: VERB, reverb: { ir: media/ir-3s.wav, mix: 1 } }\ntracks:')
		.replace(/clips: \[/g, 'sends: [{ to: VERB, gain: -12 }], clips: [');
	const sends = join(dir, 'session-sends.yaml');
	writeFileSync(sends, text);
	const out = join(dir, 'sends-mix.wav');
	const run = (file) => () => timed(process.execPath, [join(root, 'bin/dubdesk.js'), 'render', file, '-o', out]);
	const r = rounds({ plain: run(plain), sends: run(sends) }, count);
	rmSync(out, { force: true });
	return { tracks: TRACKS, seconds: SECONDS, irSeconds: 3, rounds: count, plain: r.plain, sends: r.sends };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(benchSendsRender({ count: Number(process.argv[2] ?? 3) }), null, 2));
}
