// Memory does not grow with session length (issue 2): render a 10-minute and a 2-hour 6-channel
// 24-bit RF64 source (sparse files: no disk cost) and compare peak RSS. Run: node bench/long-render.mjs
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dir } from './bench-session.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SR = 48000;

function sparseRf64(file, seconds) {
	const channels = 6;
	const dataBytes = seconds * SR * channels * 3;
	const u64 = (n) => {
		const b = Buffer.alloc(8);
		b.writeBigUInt64LE(BigInt(n));
		return b;
	};
	const fmt = Buffer.alloc(24);
	fmt.write('fmt ', 0);
	fmt.writeUInt32LE(16, 4);
	fmt.writeUInt16LE(1, 8);
	fmt.writeUInt16LE(channels, 10);
	fmt.writeUInt32LE(SR, 12);
	fmt.writeUInt32LE(SR * channels * 3, 16);
	fmt.writeUInt16LE(channels * 3, 20);
	fmt.writeUInt16LE(24, 22);
	const headerBytes = 12 + 36 + 24 + 8;
	const ds64 = Buffer.concat([Buffer.from('ds64'), Buffer.from([28, 0, 0, 0]), u64(headerBytes - 8 + dataBytes), u64(dataBytes), u64(dataBytes / (channels * 3)), Buffer.alloc(4)]);
	const head = Buffer.concat([Buffer.from('RF64'), Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.from('WAVE'), ds64, fmt, Buffer.from('data'), Buffer.from([0xff, 0xff, 0xff, 0xff])]);
	const fd = openSync(file, 'w');
	writeSync(fd, head);
	ftruncateSync(fd, headerBytes + dataBytes);
	closeSync(fd);
}

function renderPeak(seconds) {
	const d = join(dir, `long-${seconds}`);
	mkdirSync(join(d, 'media'), { recursive: true });
	sparseRf64(join(d, 'media', 'reel.wav'), seconds);
	writeFileSync(join(d, 'session.yaml'), 'dubdesk: 1\nsampleRate: 48000\ntracks:\n  - { id: reel, gain: -3, clips: [{ file: media/reel.wav, at: 0 }] }\n');
	const t0 = performance.now();
	const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'bin/dubdesk.js'), 'render', join(d, 'session.yaml'), '-o', join(d, 'mix.wav'), '--bit-depth', '16'], { encoding: 'utf8' });
	const wall = (performance.now() - t0) / 1000;
	rmSync(d, { recursive: true, force: true });
	if (r.status !== 0) throw new Error(r.stderr);
	return { seconds, wall, peakMb: Number(r.stderr.trim().split('\n').at(-1)) / 1024 };
}

export function benchLongRender() {
	return [renderPeak(600), renderPeak(7200)];
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(benchLongRender(), null, 2));
