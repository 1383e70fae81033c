// Synthetic impulse responses for the demo's convolution returns (a room, a hall): decaying
// Gaussian noise, independent per channel (decorrelated stereo), the same samples for the same
// seed. The noise is split by a Linkwitz–Riley crossover at CROSSOVER_HZ (fourth order: the
// bands are 24 dB apart an octave from it, so each band's decay is its own): below it the
// envelope falls 60 dB per `rt60`; above it the decay is shortened and the level lowered as
// `brightness` goes from 1 (one decay) to 0 (dark: highs at 40 % of the decay, half the level). The last 5 % fades out so a response
// cut short does not end on a step. Scaled to unit energy per channel on average (a sustained
// signal comes back at about its own level). Off the audio path; returns new arrays.

export interface IrOptions {
	seconds: number;
	/** RT60 (s) below the crossover (1 kHz and down). */
	rt60: number;
	sampleRate: number;
	channels: number;
	seed: number;
	/** 0 … 1: how long and how loud the highs ring relative to the lows. */
	brightness: number;
}

const CROSSOVER_HZ = 2000;

/** An RBJ Butterworth biquad (Q = 1/√2) run twice: a Linkwitz–Riley 4 half. Returns a per-sample step. */
function lr4(kind: 'low' | 'high', sampleRate: number): (x: number) => number {
	const w = (2 * Math.PI * CROSSOVER_HZ) / sampleRate;
	const alpha = Math.sin(w) / Math.SQRT2;
	const cw = Math.cos(w);
	const a0 = 1 + alpha;
	const k = kind === 'low' ? (1 - cw) / 2 : (1 + cw) / 2;
	const b0 = k / a0;
	const b1 = ((kind === 'low' ? 2 : -2) * k) / a0;
	const a1 = (-2 * cw) / a0;
	const a2 = (1 - alpha) / a0;
	const s = new Float64Array(8);
	return (x) => {
		for (let p = 0; p < 8; p += 4) {
			const y = b0 * x + b1 * s[p]! + b0 * s[p + 1]! - a1 * s[p + 2]! - a2 * s[p + 3]!;
			s[p + 1] = s[p]!;
			s[p] = x;
			s[p + 3] = s[p + 2]!;
			s[p + 2] = y;
			x = y;
		}
		return x;
	};
}

/** mulberry32: a small, well-mixed 32-bit generator (uniform in [0, 1)). */
function uniform(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function generateIr(o: IrOptions): Float32Array[] {
	if (!(o.seconds > 0) || !(o.rt60 > 0) || !(o.sampleRate > 0) || !(o.channels >= 1)) {
		throw new RangeError(`generateIr: seconds, rt60, sampleRate and channels must be positive (got ${o.seconds}, ${o.rt60}, ${o.sampleRate}, ${o.channels})`);
	}
	const bright = Math.min(1, Math.max(0, o.brightness));
	const n = Math.round(o.seconds * o.sampleRate);
	const fadeFrom = Math.floor(0.95 * n);
	const lowRate = 10 ** (-3 / (o.rt60 * o.sampleRate));
	const highRate = 10 ** (-3 / (o.rt60 * (0.4 + 0.6 * bright) * o.sampleRate));
	const highLevel = 0.5 + 0.5 * bright;
	const out: Float64Array[] = [];
	let total = 0;
	for (let c = 0; c < o.channels; c++) {
		const r = uniform((o.seed ^ Math.imul(c + 1, 0x9e3779b9)) >>> 0);
		const y = new Float64Array(n);
		const low = lr4('low', o.sampleRate);
		const high = lr4('high', o.sampleRate);
		let lowEnv = 1;
		let highEnv = 1;
		for (let i = 0; i < n; i++) {
			// Box–Muller: a standard normal sample from two uniforms.
			const g = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
			const fade = i < fadeFrom ? 1 : 0.5 + 0.5 * Math.cos((Math.PI * (i - fadeFrom)) / (n - fadeFrom));
			y[i] = (low(g) * lowEnv + high(g) * highLevel * highEnv) * fade;
			lowEnv *= lowRate;
			highEnv *= highRate;
			total += y[i]! * y[i]!;
		}
		out.push(y);
	}
	const scale = 1 / Math.sqrt(total / o.channels);
	return out.map((y) => Float32Array.from(y, (v) => v * scale));
}
