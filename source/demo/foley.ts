// Foley: footsteps (heel and toe transients at walking tempo), props (a cup set down, keys, a
// chair scrape) and cloth movement. Transients are filtered noise with short exponential decays
// plus, for hard objects, a few inharmonic partials that ring.
import { Biquad, db, edgeFades, mixInto, normalizePeak, ring, samples, sine, SR } from './dsp.js';
import { Rng } from './prng.js';

/** Floor material: tile rings brighter; pavement adds grit. */
export type Surface = 'tile' | 'pavement';

/** A walk of `steps` steps; `approach` > 0 gets louder (walking in), < 0 quieter (walking away). */
export interface WalkSpec {
	seconds: number;
	steps: number;
	/** Steps per second (about 1.8 at an easy pace). */
	tempo: number;
	surface: Surface;
	/** Level change over the walk, dB. */
	approach: number;
	peakDb: number;
}

/** A scratch buffer reused for every transient, so steps allocate nothing. */
const scratch = new Float32Array(samples(0.5));

/** A transient: band-passed noise burst, optionally with a low sine thump under it. */
interface Hit {
	/** Band centre, Hz, and Q. */
	f: number;
	q: number;
	/** Exponential decay time constant, seconds. */
	decay: number;
	gain: number;
	/** Thump pitch (Hz) and level; none when omitted. */
	thumpHz?: number;
	thumpGain?: number;
	/** Seconds (default 1 ms). */
	attack?: number;
}

/** Adds a Hit into `out` at sample `at`. The loops live in small functions of numbers only, so they stay optimised whatever the options object looks like. */
function transient(out: Float32Array, at: number, rng: Rng, o: Hit): void {
	const n = Math.min(scratch.length, out.length - at, Math.round(o.decay * 7 * SR));
	if (n <= 0) return;
	const attack = Math.max(1, Math.round((o.attack ?? 0.001) * SR));
	burst(scratch, n, rng, attack, Math.exp(-1 / (o.decay * SR)));
	new Biquad().bandpass(o.f, o.q).process(scratch, 0, n);
	mixInto(out, scratch.subarray(0, n), at, o.gain);
	if (o.thumpHz !== undefined) thumpInto(out, at, n, o.thumpHz, o.thumpGain ?? 0, attack, Math.exp(-1 / (o.decay * 1.5 * SR)));
}

/** Noise with a linear attack and exponential decay (factor k per sample) into buf[0, n). */
function burst(buf: Float32Array, n: number, rng: Rng, attack: number, k: number): void {
	let env = 1;
	for (let i = 0; i < n; i++) {
		buf[i] = rng.noise() * env * (i < attack ? i / attack : 1);
		if (i >= attack) env *= k;
	}
}

/** A decaying sine (factor k per sample) added into out[at, at + n). */
function thumpInto(out: Float32Array, at: number, n: number, hz: number, gain: number, attack: number, k: number): void {
	let env = gain;
	for (let i = 0; i < n; i++) {
		out[at + i]! += sine((hz * i) / SR) * env * Math.min(1, i / attack);
		env *= k;
	}
}

/** Footsteps, heel then toe, with human timing and level. */
export function synthWalk(spec: WalkSpec, seed: string): Float32Array {
	const rng = new Rng(seed);
	const out = new Float32Array(samples(spec.seconds));
	const period = 1 / spec.tempo;
	const tile = spec.surface === 'tile';
	let t = 0.15;
	for (let s = 0; s < spec.steps && t < spec.seconds - 0.4; s++) {
		const progress = s / Math.max(1, spec.steps - 1);
		const g = db(spec.approach * (progress - (spec.approach > 0 ? 1 : 0)) + rng.range(-1.5, 1.5));
		const at = samples(t);
		// Heel: a dull thud with body; toe: lighter and brighter, ~100 ms later.
		transient(out, at, rng, { f: tile ? 700 : 500, q: 0.9, decay: 0.022, gain: g, thumpHz: rng.range(80, 110), thumpGain: g * 0.35 });
		if (tile) transient(out, at, rng, { f: 4200, q: 1.5, decay: 0.004, gain: g * 0.5 });
		const toe = at + samples(rng.range(0.08, 0.12));
		transient(out, toe, rng, { f: tile ? 1900 : 1400, q: 1.1, decay: 0.014, gain: g * 0.55 });
		if (!tile) transient(out, toe, rng, { f: 3500, q: 0.8, decay: 0.045, gain: g * 0.18, attack: 0.015 }); // grit
		t += period * rng.range(0.95, 1.05);
	}
	normalizePeak([out], spec.peakDb);
	edgeFades(out, 48, 480);
	return out;
}

/** A mug set down on a worktop: contact click, a small bounce, the ceramic ring. */
export function synthCup(seed: string): Float32Array {
	const rng = new Rng(seed);
	const out = new Float32Array(samples(1.2));
	const body = [[1830, 1, 0.09], [2960, 0.6, 0.07], [4870, 0.35, 0.05], [6620, 0.2, 0.04]] as const;
	for (const [t, g] of [[0.05, 1], [0.078, 0.35]] as const) {
		const at = samples(t);
		transient(out, at, rng, { f: 2500, q: 0.7, decay: 0.003, gain: g });
		transient(out, at, rng, { f: 300, q: 0.8, decay: 0.015, gain: g * 0.8, thumpHz: 150, thumpGain: g * 0.3 });
		ring(out, at, body, g * 0.25);
	}
	normalizePeak([out], -18);
	edgeFades(out, 24, 2400);
	return out;
}

/** A bunch of keys picked up and pocketed: many small metallic clinks. */
export function synthKeys(seed: string): Float32Array {
	const rng = new Rng(seed);
	const out = new Float32Array(samples(1.6));
	for (let c = 0; c < 26; c++) {
		const t = 0.05 + 1.2 * Math.pow(rng.next(), 1.4);
		const at = samples(t);
		const g = rng.range(0.2, 1);
		transient(out, at, rng, { f: rng.range(5000, 8000), q: 2, decay: 0.003, gain: g * 0.8 });
		ring(out, at, [[rng.range(3800, 5200), 1, rng.range(0.02, 0.05)], [rng.range(6500, 9500), 0.6, rng.range(0.015, 0.03)]], g * 0.2);
	}
	normalizePeak([out], -22);
	edgeFades(out, 24, 4800);
	return out;
}

/** A chair dragged on a tile floor: stick-slip pulses at a wandering rate through leg resonances. */
export function synthChair(seed: string): Float32Array {
	const rng = new Rng(seed);
	const out = new Float32Array(samples(1.1));
	const res1 = new Biquad().bandpass(780, 4);
	const res2 = new Biquad().bandpass(1650, 5);
	const hiss = new Biquad().bandpass(2400, 0.8);
	let phase = 0;
	const n = samples(0.95);
	for (let i = 0; i < n; i++) {
		const t = i / n;
		const env = Math.sin(Math.PI * Math.min(1, t * 1.15)) ** 0.7;
		const rate = 70 + 50 * Math.sin(2 * Math.PI * 1.7 * t) + 15 * rng.noise();
		phase += rate / SR;
		let pulse = 0;
		if (phase >= 1) {
			phase -= 1;
			pulse = rng.range(0.5, 1);
		}
		const x = pulse * env;
		out[i] = res1.tick(x) + 0.6 * res2.tick(x) + 0.15 * env * hiss.tick(rng.noise());
	}
	normalizePeak([out], -20);
	edgeFades(out, 48, 4800);
	return out;
}

/** Cloth movement: band-limited noise in a few slow, irregular swells. */
export function synthCloth(seconds: number, seed: string): Float32Array {
	const rng = new Rng(seed);
	const out = new Float32Array(samples(seconds));
	const bp = new Biquad().bandpass(2200, 0.6);
	const lp = new Biquad().lowpass(6000);
	// Swells: smooth random amplitude from slowly interpolated random targets.
	let level = 0;
	let target = 0;
	for (let i = 0; i < out.length; i++) {
		if (i % 2400 === 0) target = rng.chance(0.45) ? rng.range(0.3, 1) : 0;
		level += (target - level) * 0.0006;
		out[i] = lp.tick(bp.tick(rng.noise())) * level;
	}
	normalizePeak([out], -28);
	edgeFades(out, 2400, 2400);
	return out;
}
