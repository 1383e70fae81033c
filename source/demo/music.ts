// The score: a stereo bed in D minor (soft detuned pads, FM plucks arpeggiating the chords, a
// sine bass; see instruments.ts) as loops that several clips play end to end, an ending chord, and a stinger
// for the scene change. Loops are rendered circularly (notes and the reverb tail wrap around
// the loop point), so back-to-back clips of the same file join without a seam.
import { Biquad, edgeFades, midiHz, mixInto, normalizePeak, samples, sine, SR, upsample } from './dsp.js';
import { bass, bus, fold, LOW_RATE, lookup, pad, pluck, pluckWave, sawTable, type Bus } from './instruments.js';
import { Rng } from './prng.js';
import { Reverb } from './reverb.js';

/** Seconds per bar (4/4 at 80 bpm): a whole number of samples, so loops tile exactly. */
export const BAR = 3;

/** A chord: MIDI notes of the pad voicing, and the bass root. */
interface Chord {
	pad: readonly number[];
	bass: number;
}

const CHORDS: Record<string, Chord> = {
	Dm: { pad: [50, 57, 62, 65], bass: 38 },
	Bb: { pad: [50, 58, 62, 65], bass: 34 },
	F: { pad: [48, 57, 60, 65], bass: 41 },
	C: { pad: [48, 55, 64, 67], bass: 36 },
	Gm: { pad: [50, 58, 62, 67], bass: 43 },
	A: { pad: [49, 57, 61, 64], bass: 33 },
	Dm9: { pad: [50, 57, 64, 65, 69], bass: 38 },
};

// The stinger's brass: brighter than the pads, at the full rate.
const BRASS_SAW = sawTable(24);

/** Pads and bass (quarter rate) brought up and low-passed, plucks on top, reverb over all. */
function mixdown(pads: Bus, plucks: Bus, size: number, wet: number, peakDb: number): Float32Array[] {
	const loop = pads.loop > 0;
	const factor = SR / pads.rate;
	const [l, r] = fold(pads).map((ch) => upsample(ch, factor, loop)) as [Float32Array, Float32Array];
	const [pl, pr] = fold(plucks);
	for (const ch of [l, r]) {
		const lp = new Biquad().lowpass(1500, 0.6);
		// On a loop, warm the filter up with the loop's end so its start has no transient.
		if (loop) lp.process(ch.slice(ch.length - samples(0.2)));
		lp.process(ch);
		mixInto(ch, ch === l ? pl : pr, 0);
	}
	new Reverb(size, 0.35).run(l.slice(), r.slice(), wet, l, r, loop);
	normalizePeak([l, r], peakDb);
	return [l, r];
}

/** A loop of `chords` (one a bar) with an arpeggio; `pattern` picks chord tones per eighth. */
export function synthBed(chords: readonly string[], pattern: readonly number[], seed: string, peakDb: number): Float32Array[] {
	const rng = new Rng(seed);
	const seconds = BAR * chords.length;
	const pads = bus(seconds, true, LOW_RATE);
	const plucks = bus(seconds, true);
	const waves = new Map<number, Float32Array>();
	chords.forEach((name, bar) => {
		const chord = CHORDS[name]!;
		const at = bar * BAR;
		for (const note of chord.pad) pad(pads, at, BAR, note, 0.05);
		bass(pads, at, BAR, chord.bass, 0.3);
		pattern.forEach((tone, k) => {
			if (tone < 0 || rng.chance(0.12)) return; // rests, and a few notes left out
			const note = chord.pad[tone % chord.pad.length]! + 12 * (1 + Math.floor(tone / chord.pad.length));
			if (!waves.has(note)) waves.set(note, pluckWave(note, 0.65));
			const late = rng.range(0, 0.012);
			pluck(plucks, samples(at + (k * BAR) / 8 + late), waves.get(note)!, rng.range(0.05, 0.09), (k % 2 ? 0.35 : -0.35) * rng.range(0.5, 1));
		});
	});
	return mixdown(pads, plucks, 0.8, 0.9, peakDb);
}

/** The last chord, held and let ring: `seconds` long, not a loop. */
export function synthEnding(seconds: number, seed: string, peakDb: number): Float32Array[] {
	const rng = new Rng(seed);
	const pads = bus(seconds, false, LOW_RATE);
	const plucks = bus(seconds, false);
	const chord = CHORDS.Dm9!;
	for (const note of chord.pad) pad(pads, 0, seconds * 0.45, note, 0.05, 0.3, 2.5);
	bass(pads, 0, seconds * 0.4, chord.bass, 0.3);
	[74, 69, 65, 62].forEach((note, k) => pluck(plucks, samples(0.02 + k * 0.24 + rng.range(0, 0.02)), pluckWave(note, 1.2), 0.08, k % 2 ? 0.3 : -0.3));
	const out = mixdown(pads, plucks, 0.85, 1.1, peakDb);
	for (const ch of out) edgeFades(ch, 0, samples(0.5));
	return out;
}

/** The scene-change stinger: a boom, a crash and a brassy B♭ stab with a long tail. */
export function synthStinger(seconds: number, seed: string, peakDb: number): Float32Array[] {
	const rng = new Rng(seed);
	const n = samples(seconds);
	const l = new Float32Array(n);
	const r = new Float32Array(n);
	// Boom: a sine falling from 60 to 34 Hz.
	let phase = 0;
	const k = Math.exp(-1 / (0.6 * SR));
	let env = 0.9;
	for (let i = 0; i < Math.min(n, samples(3)); i++) {
		phase += (34 + 26 * Math.exp(-i / (0.08 * SR))) / SR;
		const v = sine(phase) * env * Math.min(1, i / 96);
		l[i]! += v;
		r[i]! += v;
		env *= k;
	}
	// Crash: bright noise, independent per side, decaying.
	const hl = new Biquad().highpass(3000);
	const hr = new Biquad().highpass(3000);
	const kc = Math.exp(-1 / (0.7 * SR));
	env = 0.25;
	for (let i = 0; i < samples(seconds * 0.8); i++) {
		l[i]! += hl.tick(rng.noise()) * env;
		r[i]! += hr.tick(rng.noise()) * env;
		env *= kc;
	}
	// Brass stab: saws through a low-pass that closes quickly after the hit.
	const sl = new Float32Array(n);
	const sr = new Float32Array(n);
	for (const [j, note] of [46, 53, 58, 62, 65].entries()) {
		const f = (midiHz(note) * (1 + (j - 2) * 0.0015)) / SR;
		const ka = Math.exp(-1 / (0.5 * SR));
		let a = 0.12;
		let p = 0;
		for (let i = 0; i < Math.min(n, samples(2.5)); i++) {
			const v = lookup(BRASS_SAW, p) * a * Math.min(1, i / 240);
			sl[i]! += v * (j % 2 ? 0.7 : 1);
			sr[i]! += v * (j % 2 ? 1 : 0.7);
			a *= ka;
			p += f;
			if (p >= 1) p -= 1;
		}
	}
	const lpl = new Biquad();
	const lpr = new Biquad();
	for (let i = 0; i < n; i += 64) {
		const cutoff = 500 + 5500 * Math.exp(-i / (0.15 * SR));
		lpl.lowpass(cutoff, 0.9).process(sl, i, Math.min(n, i + 64));
		lpr.lowpass(cutoff, 0.9).process(sr, i, Math.min(n, i + 64));
	}
	for (let i = 0; i < n; i++) {
		l[i]! += sl[i]!;
		r[i]! += sr[i]!;
	}
	new Reverb(0.95, 0.3).run(l.slice(), r.slice(), 1.4, l, r);
	normalizePeak([l, r], peakDb);
	edgeFades(l, 0, samples(0.5));
	edgeFades(r, 0, samples(0.5));
	return [l, r];
}
