// Dialogue-like speech: a glottal pulse train with intonation through a cascade of vowel
// formant resonators (Klatt style), shaped into syllables and words with pauses, plus fricative
// and plosive noise. Not words, but it reads as speech on meters and to the ear, which is what a
// mixer demo needs: bursty, pitched, with sibilance and gaps for the music to come up in.
import { Biquad, BrownNoise, compress, db, edgeFades, mixInto, normalizePeak, peak, Resonator, samples, smooth, SR } from './dsp.js';
import { Rng } from './prng.js';

/** A character's voice. */
export interface Voice {
	/** Mean pitch, Hz. */
	f0: number;
	/** Formant scale: 1 for an adult male tract, ~1.15 for a female one. */
	formants: number;
	/** Syllables per second. */
	rate: number;
	/** Aspiration mixed into voicing, 0…1. */
	breath: number;
	/** Intonation range, semitones. */
	range: number;
}

/** One line of dialogue. */
export interface LineSpec {
	voice: Voice;
	/** File length, seconds (the line fills it, with a little air at both ends). */
	seconds: number;
	/** Rising end instead of a falling one. */
	question?: boolean;
	/** Peak level, dBFS. */
	peakDb: number;
	/** Location noise floor under the line, dBFS (omit for a clean ADR recording). */
	noiseDb?: number;
}

const VOWELS: readonly (readonly [number, number, number])[] = [
	[730, 1090, 2440], // a
	[530, 1840, 2480], // e
	[300, 2200, 2950], // i
	[570, 840, 2410], // o
	[320, 900, 2240], // u
	[500, 1450, 2500], // schwa
	[660, 1720, 2410], // ae
];

type Onset = '' | 's' | 'sh' | 'f' | 'h' | 'p' | 't' | 'k' | 'm' | 'n' | 'l';
const ONSETS: readonly Onset[] = ['', '', '', 's', 's', 'sh', 'f', 'h', 'p', 't', 't', 'k', 'm', 'n', 'l', 'l'];
/** Centre and Q of each noise onset's band. */
const NOISE_BAND: Partial<Record<Onset, readonly [number, number]>> = {
	s: [6500, 2],
	sh: [3000, 1.6],
	f: [5000, 0.6],
	p: [1200, 0.7],
	t: [4200, 1],
	k: [2400, 1.2],
};

const BLOCK = 48; // control rate: 1 ms

/** Control curves at one value per block. */
interface Curves {
	voicing: Float32Array;
	aspiration: Float32Array;
	noise: Float32Array;
	noiseF: Float32Array;
	noiseQ: Float32Array;
	pitch: Float32Array; // semitones from the voice's f0
	f1: Float32Array;
	f2: Float32Array;
	f3: Float32Array;
}

/** Renders one line, mono at SR. `seed` makes it repeatable (and different from other lines). */
export function synthLine(spec: LineSpec, seed: string): Float32Array {
	const rng = new Rng(seed);
	const n = samples(spec.seconds);
	const blocks = Math.ceil(n / BLOCK) + 1;
	const curves = planCurves(spec, rng, blocks);
	const voiced = new Float32Array(n);
	const noise = new Float32Array(n);
	renderVoiced(spec.voice, curves, rng, voiced);
	renderNoise(curves, rng, noise);
	finish(spec, rng, voiced, noise);
	return voiced;
}

/** Lays out syllables, words and pauses as target values, then smooths them into glides. */
function planCurves(spec: LineSpec, rng: Rng, blocks: number): Curves {
	const c: Curves = {
		voicing: new Float32Array(blocks),
		aspiration: new Float32Array(blocks),
		noise: new Float32Array(blocks),
		noiseF: new Float32Array(blocks).fill(4000),
		noiseQ: new Float32Array(blocks).fill(1),
		pitch: new Float32Array(blocks),
		f1: new Float32Array(blocks),
		f2: new Float32Array(blocks),
		f3: new Float32Array(blocks),
	};
	const { voice } = spec;
	const block = (t: number) => Math.max(0, Math.min(blocks - 1, Math.round((t * SR) / BLOCK)));
	const paint = (curve: Float32Array, from: number, to: number, value: number) => curve.fill(value, block(from), block(to));
	const speed = 4.5 / voice.rate;
	const end = spec.seconds - 0.18;
	let t = rng.range(0.08, 0.14);
	let vowel = VOWELS[5]!;
	let lastVowel = { from: t, to: t };
	const start = t;
	while (t < end - 0.2) {
		const syllables = rng.int(1, 3);
		const stressAt = rng.int(0, syllables - 1);
		for (let s = 0; s < syllables && t < end - 0.2; s++) {
			const stressed = s === stressAt;
			const onset = rng.pick(ONSETS);
			t = paintOnset(c, paint, onset, t, rng);
			vowel = rng.pick(VOWELS);
			const length = Math.min(rng.range(0.08, 0.16) * speed * (stressed ? 1.4 : 1), end - t);
			const level = (stressed ? 1 : 0.62) * rng.range(0.85, 1.1);
			// Louder at the start of the vowel, as a syllable decays into the next consonant.
			paint(c.voicing, t, t + length * 0.6, level);
			paint(c.voicing, t + length * 0.6, t + length, level * 0.75);
			paint(c.f1, t, t + length, vowel[0]);
			paint(c.f2, t, t + length, vowel[1]);
			paint(c.f3, t, t + length, vowel[2]);
			const declination = voice.range * (0.35 - (0.7 * (t - start)) / Math.max(0.5, end - start));
			paint(c.pitch, t, t + length, declination + (stressed ? voice.range * rng.range(0.35, 0.6) : 0));
			lastVowel = { from: t, to: t + length };
			t += length;
		}
		// Mostly joined words; now and then a breath between phrases.
		t += rng.chance(0.18) ? rng.range(0.16, 0.32) : rng.range(0, 0.035);
	}
	// Statements fall at the end; questions rise.
	const fall = spec.question ? voice.range * 0.8 : -voice.range * 0.55;
	const from = block(lastVowel.from);
	const to = block(lastVowel.to);
	for (let b = from; b < to; b++) c.pitch[b]! += (fall * (b - from)) / Math.max(1, to - from);
	// Formants hold through consonants and silences: fill gaps with the previous vowel.
	for (const f of [c.f1, c.f2, c.f3]) {
		let last = f === c.f1 ? 500 : f === c.f2 ? 1450 : 2500;
		for (let b = 0; b < blocks; b++) last = f[b] === 0 ? (f[b] = last) : f[b]!;
	}
	const rate = SR / BLOCK;
	smooth(c.voicing, 0.012, rate);
	smooth(c.aspiration, 0.01, rate);
	smooth(c.noise, 0.004, rate);
	smooth(c.noiseF, 0.01, rate);
	smooth(c.pitch, 0.05, rate);
	for (const f of [c.f1, c.f2, c.f3]) smooth(f, 0.03, rate);
	return c;
}

type Paint = (curve: Float32Array, from: number, to: number, value: number) => void;

/** Paints a syllable's onset consonant from `t`; returns where its vowel starts. */
function paintOnset(c: Curves, paint: Paint, onset: Onset, t: number, rng: Rng): number {
	const band = NOISE_BAND[onset];
	switch (onset) {
		case 's':
		case 'sh':
		case 'f': {
			const d = rng.range(0.06, 0.11);
			paint(c.noise, t, t + d, onset === 'f' ? 0.25 : 0.6);
			paint(c.noiseF, t, t + d, band![0]);
			paint(c.noiseQ, t, t + d, band![1]);
			return t + d;
		}
		case 'p':
		case 't':
		case 'k': {
			// Closure (silence), then a short burst into the vowel.
			const closure = rng.range(0.03, 0.05);
			paint(c.noise, t + closure, t + closure + 0.014, 0.9);
			paint(c.noiseF, t + closure, t + closure + 0.02, band![0]);
			paint(c.noiseQ, t + closure, t + closure + 0.02, band![1]);
			return t + closure + 0.018;
		}
		case 'h': {
			const d = rng.range(0.04, 0.07);
			paint(c.aspiration, t, t + d, 0.5);
			return t + d;
		}
		case 'm':
		case 'n':
		case 'l': {
			// Voiced, quieter, with a low closed-mouth formant pattern.
			const d = rng.range(0.04, 0.07);
			paint(c.voicing, t, t + d, onset === 'l' ? 0.45 : 0.3);
			paint(c.f1, t, t + d, onset === 'l' ? 360 : 270);
			paint(c.f2, t, t + d, onset === 'l' ? 1100 : onset === 'm' ? 1000 : 1500);
			paint(c.f3, t, t + d, 2600);
			return t + d;
		}
		default:
			return t;
	}
}

// Glottal flow derivative per cycle (Rosenberg pulse: opening 40 %, closing 16 % of the period,
// then closed), tabulated once: the sharp step at closure is the main excitation of the tract.
const GLOTTAL_SIZE = 1024;
const GLOTTAL = new Float32Array(GLOTTAL_SIZE + 1).map((_, i) => {
	const p = i / GLOTTAL_SIZE;
	if (p < 0.4) return ((0.5 * Math.PI) / 0.4) * Math.sin((Math.PI * p) / 0.4);
	if (p < 0.56) return (-Math.PI / 0.32) * Math.sin((Math.PI * (p - 0.4)) / 0.32);
	return 0;
});

/** Glottal source (differentiated, for lip radiation) through F1→F2→F3→F4. */
function renderVoiced(voice: Voice, c: Curves, rng: Rng, out: Float32Array): void {
	const r1 = new Resonator();
	const r2 = new Resonator();
	const r3 = new Resonator();
	const r4 = new Resonator();
	r4.set(3500 * voice.formants, 250);
	let phase = 0;
	let jitter = 0;
	let amp = 0;
	let asp = 0;
	let silent = 0;
	for (let b = 0, i = 0; i < out.length; b++) {
		jitter = 0.9 * jitter + 0.1 * rng.noise() * 0.04;
		const f0 = voice.f0 * Math.pow(2, c.pitch[b]! / 12) * (1 + jitter * 0.25);
		const k = voice.formants;
		r1.set(c.f1[b]! * k, 80);
		r2.set(c.f2[b]! * k, 110);
		r3.set(c.f3[b]! * k, 170);
		const inc = f0 / SR;
		const dAmp = (c.voicing[b + 1]! - amp) / BLOCK;
		const dAsp = (c.aspiration[b + 1]! - asp) / BLOCK;
		const breathiness = voice.breath * 2;
		const end = Math.min(out.length, i + BLOCK);
		// Between words, once the tract has rung out (40 ms: below −80 dB), skip the silence.
		silent = amp < 1e-5 && asp < 1e-5 && dAmp <= 0 && dAsp <= 0 ? silent + 1 : 0;
		if (silent > 40) {
			if (silent === 41) for (const r of [r1, r2, r3, r4]) r.y1 = r.y2 = 0;
			amp = c.voicing[b + 1]!;
			asp = c.aspiration[b + 1]!;
			i = end;
			continue;
		}
		// The source for this block, then each formant over the block in turn.
		const from = i;
		for (; i < end; i++) {
			phase += inc;
			if (phase >= 1) phase -= 1;
			const p = phase * GLOTTAL_SIZE;
			const j = p | 0;
			const flow = GLOTTAL[j]! + (GLOTTAL[j + 1]! - GLOTTAL[j]!) * (p - j);
			// Breath noise is strongest while the glottis is open.
			const breath = rng.noise() * (asp * 6 + amp * breathiness * (phase < 0.56 ? 1 : 0.3));
			out[i] = flow * amp + breath;
			amp += dAmp;
			asp += dAsp;
		}
		r1.process(out, from, end);
		r2.process(out, from, end);
		r3.process(out, from, end);
		r4.process(out, from, end);
	}
}

/** Fricative and burst noise, band-passed per consonant. */
function renderNoise(c: Curves, rng: Rng, out: Float32Array): void {
	const bp = new Biquad();
	let amp = 0;
	for (let b = 0, i = 0; i < out.length; b++) {
		bp.bandpass(c.noiseF[b]!, c.noiseQ[b]!);
		const dAmp = (c.noise[b + 1]! - amp) / BLOCK;
		const end = Math.min(out.length, i + BLOCK);
		if (amp < 1e-5 && dAmp <= 0) {
			// Most of a line has no noise consonant: leave it silent (the band-pass rests).
			bp.reset();
			amp = c.noise[b + 1]!;
			i = end;
			continue;
		}
		for (; i < end; i++) {
			out[i] = bp.tick(rng.noise()) * amp;
			amp += dAmp;
		}
	}
}

/** Voicing + noise at a fixed balance, mic low cut, level, location noise floor. */
function finish(spec: LineSpec, rng: Rng, voiced: Float32Array, noise: Float32Array): void {
	mixInto(voiced, noise, 0, peak([voiced]) * 0.55);
	new Biquad().highpass(90, 0.7).process(voiced);
	// Production dialogue is compressed: a crest like a real line's (peak ~12 dB over loudness).
	normalizePeak([voiced], 0);
	compress(voiced, -16, 3);
	normalizePeak([voiced], spec.peakDb);
	// Production sound: a low rumble of traffic and air conditioning under the line.
	if (spec.noiseDb !== undefined) new BrownNoise(rng).addTo(voiced, db(spec.noiseDb) * 2);
	edgeFades(voiced, 96, 96);
}
