// Test signals for the loudness tests, synthesised in memory (no fixture files).

/** Anything with the LoudnessMeter's process signature. */
export interface Processor {
	process(channels: readonly ArrayLike<number>[], frames: number, offset?: number): void;
}

const CHUNK = 4800;
const chunks = new Map<number, Float64Array>();

/** 100 ms of a 1 kHz sine at 48 kHz with peak level `dbfs`, starting at phase 0 (100 whole periods). */
function toneChunk(dbfs: number): Float64Array {
	let chunk = chunks.get(dbfs);
	if (!chunk) {
		const a = dbfs === -Infinity ? 0 : Math.pow(10, dbfs / 20);
		chunk = new Float64Array(CHUNK);
		for (let i = 0; i < CHUNK; i++) chunk[i] = a * Math.sin((2 * Math.PI * (i % 48)) / 48);
		chunks.set(dbfs, chunk);
	}
	return chunk;
}

/**
 * Feeds `seconds` of a 1 kHz sine at 48 kHz, one peak level per channel (−Infinity: silent).
 * Every duration used by the EBU cases is a whole number of milliseconds, i.e. whole periods,
 * so consecutive segments join in phase. `each` runs after every `step` frames (e.g. to read
 * momentary loudness on a fine grid).
 */
export function feedTone(meter: Processor, levels: readonly number[], seconds: number, step = CHUNK, each?: () => void): void {
	const frames = Math.round(seconds * 48000);
	if (frames % 48 !== 0) throw new Error(`${seconds} s is not a whole number of 1 kHz periods`);
	const sources = levels.map(toneChunk);
	for (let done = 0; done < frames; ) {
		const inChunk = done % CHUNK;
		const n = Math.min(step, frames - done, CHUNK - inChunk);
		meter.process(sources, n, inChunk);
		done += n;
		if (each && done % step === 0) each();
	}
}

/** Stereo, both channels at `dbfs`. */
export const stereo = (dbfs: number): number[] => [dbfs, dbfs];

/** A deterministic uniform generator (mulberry32) so noise tests repeat exactly. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A sine at `frequency` Hz with linear 10 ms fades, as the EBU true-peak cases specify. */
export function taperedSine(sampleRate: number, frequency: number, amplitude: number, phaseDeg: number, seconds: number): Float64Array {
	const n = Math.round(seconds * sampleRate);
	const fade = Math.round(0.01 * sampleRate);
	const out = new Float64Array(n);
	const phase = (phaseDeg * Math.PI) / 180;
	for (let i = 0; i < n; i++) {
		const env = Math.min(1, i / fade, (n - 1 - i) / fade);
		out[i] = env * amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate + phase);
	}
	return out;
}

/**
 * EBU Tech 3341 cases 20–23: at 4·fs, a sine at fs/6 (amplitude 0.5) with one period of a sine at
 * fs/4 (amplitude 1.0) spliced in at an upward zero crossing (so both joins are continuous),
 * low-pass filtered at fs/2 (Blackman-windowed sinc, 385 taps at 4·fs) and decimated by 4
 * starting at `offset` (0–3) samples of the 4·fs signal, with 10 ms fades. With this filter the
 * sample peaks match the EBU's published files for these cases within 0.01 dB.
 */
export function splicedBurst(offset: number, seconds = 0.25): Float64Array {
	const fs4 = 4 * 48000;
	const total = Math.round(seconds * fs4);
	const hi = new Float64Array(total);
	const spliceAt = Math.round(total / 2 / 24) * 24;
	for (let m = 0; m < total; m++) {
		if (m < spliceAt) hi[m] = 0.5 * Math.sin((2 * Math.PI * m) / 24);
		else if (m < spliceAt + 16) hi[m] = Math.sin((2 * Math.PI * (m - spliceAt)) / 16);
		else hi[m] = 0.5 * Math.sin((2 * Math.PI * (m - spliceAt - 16)) / 24);
	}
	const half = 192;
	const fc = 24000 / fs4;
	const taps = new Float64Array(2 * half + 1);
	for (let k = -half; k <= half; k++) {
		const sinc = k === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * k) / (Math.PI * k);
		const w = 0.42 + 0.5 * Math.cos((Math.PI * k) / half) + 0.08 * Math.cos((2 * Math.PI * k) / half);
		taps[k + half] = sinc * w;
	}
	const out = new Float64Array(Math.floor((total - offset) / 4));
	const fade = 480;
	for (let i = 0; i < out.length; i++) {
		const m = 4 * i + offset;
		let y = 0;
		for (let k = -half; k <= half; k++) {
			const j = m - k;
			if (j >= 0 && j < total) y += taps[k + half]! * hi[j]!;
		}
		out[i] = y * Math.min(1, i / fade, (out.length - 1 - i) / fade);
	}
	return out;
}
