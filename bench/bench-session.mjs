// The benchmark sessions: 16 mono 24-bit tracks × 120 s at 48 kHz, gain and pan on every track
// (issue 2), optionally a channel strip on each (issue 10). Media is generated once into the OS
// temp dir and reused.
import { existsSync, mkdirSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pcmWavHeader } from './wav-header.mjs';

export const SR = 48000;
export const SECONDS = 120;
export const TRACKS = 16;
export const dir = join(tmpdir(), 'dubdesk-bench');

/** Gain (dB) and pan of track i: spread so every track is audibly different. */
export const gainOf = (i) => -((i * 1.7) % 12);
export const panOf = (i) => Math.round(((i % 8) / 3.5 - 1) * 100) / 100;

function writeTrack(file, seed) {
	const frames = SR * SECONDS;
	const fd = openSync(file, 'w');
	writeSync(fd, pcmWavHeader({ channels: 1, bits: 24, sampleRate: SR, frames }));
	const block = 65536;
	const buf = Buffer.alloc(block * 3);
	let s = seed;
	const f = 110 * (1 + (seed % 7));
	for (let at = 0; at < frames; at += block) {
		const n = Math.min(block, frames - at);
		for (let i = 0; i < n; i++) {
			s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
			const v = 0.25 * Math.sin((2 * Math.PI * f * (at + i)) / SR) + 0.1 * (s / 2 ** 32 - 0.5);
			buf.writeIntLE(Math.round(v * 8388607), i * 3, 3);
		}
		writeSync(fd, buf, 0, n * 3);
	}
	closeSync(fd);
}

/**
 * The strip of the strip benchmarks: a dialogue strip's high-pass, four EQ bands and a
 * compressor (issue 10), and with `deesser` the full strip of the real-time ceiling.
 */
export const STRIP = {
	hpf: { freq: 80, slope: 12 },
	eq: [
		{ type: 'lowShelf', freq: 120, gain: -2, q: 0.71 },
		{ type: 'bell', freq: 300, gain: -3, q: 1.4 },
		{ type: 'bell', freq: 3000, gain: 2, q: 1 },
		{ type: 'highShelf', freq: 10000, gain: 1.5, q: 0.71 },
	],
	compressor: { threshold: -20, ratio: 3, knee: 6, attack: 5, release: 100, makeup: 0 },
};
export const DEESSER = { freq: 6000, threshold: -30, range: -8 };

const flow = (o) => JSON.stringify(o).replace(/"([a-zA-Z]+)":/g, '$1: ').replace(/,/g, ', ');

/**
 * Writes the media (once) and the session; returns the session path and the media files.
 * `strip`: 'none' (the plain bench), 'strip' (STRIP on every track) or 'full' (STRIP and a de-esser).
 */
export function ensureBenchSession(strip = 'none') {
	mkdirSync(join(dir, 'media'), { recursive: true });
	const files = [];
	for (let i = 0; i < TRACKS; i++) {
		const file = join(dir, 'media', `t${i + 1}.wav`);
		if (!existsSync(file)) writeTrack(file, i + 1);
		files.push(file);
	}
	const chain = strip === 'none' ? '' : `, strip: ${flow(strip === 'full' ? { ...STRIP, deesser: DEESSER } : STRIP)}`;
	const tracks = files.map((_, i) => `  - { id: t${i + 1}, gain: ${gainOf(i)}, pan: ${panOf(i)}, clips: [{ file: media/t${i + 1}.wav, at: 0 }]${chain} }`);
	const session = join(dir, strip === 'none' ? 'session.yaml' : `session-${strip}.yaml`);
	writeFileSync(session, `dubdesk: 1\nname: bench\nsampleRate: ${SR}\ntracks:\n${tracks.join('\n')}\n`);
	return { session, files };
}
