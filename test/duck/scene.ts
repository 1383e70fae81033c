// A synthesised scene for baked ducking: speech-like bursts (syllables of noise shaped by a
// low-pass, 180 ms on, 70 ms off) on a dialogue track into DX, over a steady score (three
// partials and a little noise) on a music track into MX. The lines are known exactly.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { writeMedia } from '../helpers/render-session.js';
import { loadPlan } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';
import { LoudnessMeter } from '../../engine/loudness/loudness-meter.js';

export const SR = 16000;
export const SECONDS = 30;
/** Where the bursts are (seconds). 11–14 and 14.6–16.5 are one line at the default hold (1 s). */
export const BURSTS: [number, number][] = [
	[3, 7.5],
	[11, 14],
	[14.6, 16.5],
	[21, 26],
];
/** The lines the analysis should find at the default hold. */
export const LINES: [number, number][] = [
	[3, 7.5],
	[11, 16.5],
	[21, 26],
];

function prng(seed: number): () => number {
	let s = seed >>> 0 || 1;
	return () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 2 ** 31 - 1;
	};
}

/** Dialogue: syllables inside each burst, silence elsewhere. */
export function dialogue(level = 0.35): number[] {
	const rand = prng(7);
	const out = new Array<number>(SR * SECONDS).fill(0);
	let lp = 0;
	for (const [a, b] of BURSTS) {
		for (let t = a; t < b; t += 0.25) {
			const s0 = Math.round(t * SR);
			const s1 = Math.min(Math.round(Math.min(t + 0.18, b) * SR), Math.round(b * SR));
			for (let i = s0; i < s1; i++) {
				lp += 0.3 * (rand() - lp);
				// A raised-cosine syllable, so onsets are soft as in speech.
				const x = (i - s0) / (s1 - s0);
				out[i] = level * 2.5 * lp * Math.sin(Math.PI * x);
			}
		}
	}
	return out;
}

/** The score: steady over the whole scene. */
export function score(level = 0.12): number[] {
	const rand = prng(11);
	return Array.from({ length: SR * SECONDS }, (_, i) => {
		const t = i / SR;
		return level * (Math.sin(2 * Math.PI * 220 * t) + 0.6 * Math.sin(2 * Math.PI * 330 * t) + 0.4 * Math.sin(2 * Math.PI * 554 * t) + 0.3 * rand());
	});
}

/** Writes media and session.yaml into dir; `extra` adds to the MX bus (automation …). */
export async function writeScene(dir: string, mx: object = {}): Promise<string> {
	await writeMedia(dir, 'dx.wav', [dialogue()], SR);
	await writeMedia(dir, 'mx.wav', [score()], SR);
	const file = join(dir, 'session.yaml');
	const doc = {
		dubdesk: 1,
		name: 'duck scene',
		sampleRate: SR,
		frameRate: 25,
		start: '01:00:00:00',
		buses: [{ id: 'DX' }, { id: 'MX', ...mx }],
		tracks: [
			{ id: 'dx1', output: 'DX', clips: [{ file: 'media/dx.wav', at: 0 }] },
			{ id: 'mx1', output: 'MX', clips: [{ file: 'media/mx.wav', at: 0 }] },
		],
	};
	await writeFile(file, stringify(doc));
	return file;
}

/** Renders the session's stems (planar, by bus id). */
export async function renderStems(file: string): Promise<Record<string, Float64Array[]>> {
	const { plan } = await loadPlan(file);
	const frames = plan.length + plan.tail;
	const stems = Object.fromEntries(plan.buses.map((b) => [b.id, Array.from({ length: plan.channels }, () => new Float64Array(frames))]));
	await renderOffline(plan, {
		from: 0,
		to: frames,
		threads: 1,
		onBlock: (r, n, pos) => {
			plan.buses.forEach((b, i) => {
				const stem = r.bus(i);
				for (let c = 0; c < plan.channels; c++) stems[b.id]![c]!.set(stem[c]!.subarray(0, n), pos);
			});
		},
	});
	return stems;
}

/** Short-term loudness (the project's meter) every 100 ms: entry k is the 3 s ending at (k + 1)·0.1 s. */
export function shortTermTrack(stem: Float64Array[]): number[] {
	const meter = new LoudnessMeter(stem.length, SR);
	const hop = SR / 10;
	const out: number[] = [];
	for (let at = 0; at + hop <= stem[0]!.length; at += hop) {
		meter.process(stem, hop, at);
		out.push(meter.shortTerm());
	}
	return out;
}
