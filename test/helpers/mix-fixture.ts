// Builds a session on disk (media WAVs from test/helpers/wav-bytes.ts + session YAML) from a
// description, and the matching input for the independent reference mixer.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildWav, type Encoding } from './wav-bytes.js';
import type { RefClip, RefFormat, RefSession, RefTrack } from './reference-mix.js';

export interface FixtureMedia {
	/** File name under media/. */
	name: string;
	encoding: Encoding;
	bits: number;
	/** Planar values in [-1, 1); stored as the nearest code for PCM. */
	signal: number[][];
	sampleRate?: number;
	timeReference?: number;
	channelMask?: number;
}

export interface FixtureClip extends Omit<RefClip, 'samples' | 'at'> {
	media: string;
	at?: number;
	/** For BWF placement tests: the at the reference should use. */
	refAt?: number;
}

export interface FixtureTrack extends Omit<RefTrack, 'clips'> {
	id: string;
	clips: FixtureClip[];
}

export interface Fixture {
	sampleRate: number;
	format?: RefFormat;
	masterGain?: number;
	start?: string;
	frameRate?: number | string;
	media: FixtureMedia[];
	tracks: FixtureTrack[];
	buses?: { id: string; gain?: number; mute?: boolean; output?: string; automation?: { duck?: [number, number][] } }[];
}

/** A deterministic noise-plus-tone test signal. */
export function testSignal(frames: number, seed: number, level = 0.5): number[] {
	let s = seed >>> 0 || 1;
	const out: number[] = [];
	for (let i = 0; i < frames; i++) {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		const noise = s / 2 ** 32 - 0.5;
		out.push(level * (0.6 * noise + 0.4 * Math.sin((2 * Math.PI * (seed % 7 + 1) * 97 * i) / 8000)));
	}
	return out;
}

/** The codes stored in the file, and the floats the decoder should produce from them. */
function quantise(m: FixtureMedia): { stored: number[][]; decoded: number[][] } {
	const scale = m.encoding === 'float' ? 0 : m.bits === 8 ? 128 : 2 ** (m.bits - 1);
	const stored = m.signal.map((ch) =>
		ch.map((v) => {
			if (m.encoding === 'float') return m.bits === 32 ? Math.fround(v) : v;
			const code = Math.max(-scale, Math.min(scale - 1, Math.round(v * scale)));
			return m.bits === 8 ? code + 128 : code;
		}),
	);
	const decoded = stored.map((ch) => ch.map((v) => (m.encoding === 'float' ? v : m.bits === 8 ? (v - 128) / 128 : v / scale)));
	return { stored, decoded };
}

/** Writes media and session.yaml into dir; returns the session path and the reference input. */
export async function writeFixture(dir: string, f: Fixture): Promise<{ sessionFile: string; reference: RefSession }> {
	const decoded = new Map<string, number[][]>();
	const { mkdir } = await import('node:fs/promises');
	await mkdir(join(dir, 'media'), { recursive: true });
	for (const m of f.media) {
		const q = quantise(m);
		decoded.set(m.name, q.decoded);
		const wav = buildWav({
			encoding: m.encoding,
			bits: m.bits,
			samples: q.stored,
			sampleRate: m.sampleRate ?? f.sampleRate,
			timeReference: m.timeReference,
			extensible: m.channelMask !== undefined,
			channelMask: m.channelMask,
		});
		await writeFile(join(dir, 'media', m.name), wav);
	}
	const doc = {
		dubdesk: 1,
		name: 'fixture',
		sampleRate: f.sampleRate,
		...(f.frameRate !== undefined ? { frameRate: f.frameRate } : {}),
		...(f.start !== undefined ? { start: f.start } : {}),
		master: { format: f.format ?? 'stereo', gain: f.masterGain ?? 0 },
		buses: (f.buses ?? []).map((b) => ({ id: b.id, gain: b.gain ?? 0, mute: b.mute ?? false, output: b.output ?? 'master', ...(b.automation ? { automation: b.automation } : {}) })),
		tracks: f.tracks.map((t) => ({
			id: t.id,
			output: t.output ?? 'master',
			gain: t.gain ?? 0,
			pan: t.pan ?? 0,
			...(t.panY !== undefined ? { panY: t.panY } : {}),
			...(t.lfe !== undefined ? { lfe: t.lfe } : {}),
			mute: t.mute ?? false,
			solo: t.solo ?? false,
			polarity: t.polarity ?? false,
			clips: t.clips.map((c) => ({
				file: `media/${c.media}`,
				...(c.at !== undefined ? { at: c.at } : {}),
				offset: c.offset ?? 0,
				...(c.length !== undefined ? { length: c.length } : {}),
				gain: c.gain ?? 0,
				fadeIn: c.fadeIn ?? 0,
				fadeOut: c.fadeOut ?? 0,
				fadeShape: c.shape ?? 'linear',
			})),
			...(t.automation ? { automation: t.automation } : {}),
		})),
	};
	const sessionFile = join(dir, 'session.yaml');
	await writeFile(sessionFile, stringify(doc));
	const reference: RefSession = {
		sampleRate: f.sampleRate,
		format: f.format,
		masterGain: f.masterGain,
		buses: f.buses,
		tracks: f.tracks.map((t) => ({
			...t,
			clips: t.clips.map((c) => ({ ...c, at: c.refAt ?? c.at ?? 0, samples: decoded.get(c.media)! })),
		})),
	};
	return { sessionFile, reference };
}

/** Largest absolute difference between two planar buffers (lengths must match). */
export function maxError(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
	if (a.length !== b.length) throw new Error(`channel count ${a.length} ≠ ${b.length}`);
	let e = 0;
	for (let c = 0; c < a.length; c++) {
		if (a[c]!.length !== b[c]!.length) throw new Error(`channel ${c}: length ${a[c]!.length} ≠ ${b[c]!.length}`);
		for (let i = 0; i < a[c]!.length; i++) e = Math.max(e, Math.abs(a[c]![i]! - b[c]![i]!));
	}
	return e;
}
