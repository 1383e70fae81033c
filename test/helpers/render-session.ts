// Renders a session document written in a test (media from planar arrays) in-process and
// returns the master and the stems: the strip, send and return tests compare these with
// references they compute themselves.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildWav } from './wav-bytes.js';
import { loadPlan } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';

/** Deterministic noise in ±level. */
export function noise(frames: number, seed: number, level = 0.25): number[] {
	let s = seed >>> 0 || 1;
	return Array.from({ length: frames }, () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return level * (s / 2 ** 31 - 1);
	});
}

/** Writes dir/media/NAME as a 64-bit float WAV (read back as float32). */
export async function writeMedia(dir: string, name: string, signal: number[][], sampleRate: number): Promise<void> {
	await mkdir(join(dir, 'media'), { recursive: true });
	await writeFile(join(dir, 'media', name), buildWav({ encoding: 'float', bits: 64, samples: signal, sampleRate }));
}

export interface Rendered {
	master: number[][];
	/** By bus id, and by bus index. */
	stems: Record<string, number[][]>;
	byIndex: number[][][];
}

/** Writes `doc` (a session without the `dubdesk` and `sampleRate` keys) and renders it whole, tails included. */
export async function renderDoc(dir: string, doc: object, sampleRate: number, blockFrames = 8192): Promise<Rendered> {
	const file = join(dir, 'session.yaml');
	await writeFile(file, stringify({ dubdesk: 1, sampleRate, ...doc }));
	const { plan } = await loadPlan(file);
	const master = Array.from({ length: plan.channels }, () => [] as number[]);
	const byIndex = plan.buses.map(() => Array.from({ length: plan.channels }, () => [] as number[]));
	await renderOffline(plan, {
		from: 0,
		to: plan.length + plan.tail,
		blockFrames,
		onBlock: (r, frames) => {
			for (let c = 0; c < plan.channels; c++) for (let i = 0; i < frames; i++) master[c]!.push(r.master[c]![i]!);
			plan.buses.forEach((_, b) => {
				const stem = r.bus(b);
				for (let c = 0; c < plan.channels; c++) for (let i = 0; i < frames; i++) byIndex[b]![c]!.push(stem[c]![i]!);
			});
		},
	});
	return { master, byIndex, stems: Object.fromEntries(plan.buses.map((b, i) => [b.id, byIndex[i]!])) };
}

export const maxDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
