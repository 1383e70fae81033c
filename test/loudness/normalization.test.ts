import { describe, expect, it } from 'vitest';
import { TruePeakLimiter } from '../../engine/dsp/true-peak-limiter.js';
import { LoudnessMeter, type LoudnessReport } from '../../engine/loudness/loudness-meter.js';
import { normalizationReport, planNormalization } from '../../engine/loudness/normalization.js';
import { LOUDNESS_PRESETS, parseNormalizeTarget } from '../../engine/loudness/presets.js';
import { UserError } from '../../sessions/errors.js';
import { rng } from './signals.js';

describe('parseNormalizeTarget', () => {
	it.each([
		['ebu-r128', -23, -1, 'ebu-r128'],
		['EBU-R128', -23, -1, 'ebu-r128'],
		['atsc-a85', -24, -2, 'atsc-a85'],
		['netflix', -27, -2, 'netflix'],
		['spotify', -14, -1, 'spotify'],
		['apple', -16, -1, 'apple'],
		['-16', -16, -1, null],
		['-23.5', -23.5, -1, null],
		[' -18 LUFS ', -18, -1, null],
		['-24lkfs', -24, -1, null],
	])('%j → %d LUFS, %d dBTP', (text, lufs, ceiling, preset) => {
		const t = parseNormalizeTarget(text);
		expect(t.targetLufs).toBe(lufs);
		expect(t.ceilingDbtp).toBe(ceiling);
		expect(t.preset).toBe(preset);
	});

	it.each(['', 'loud', 'r128', '-23 dB', '5', '-80', 'NaN', '--3'])('rejects %j with a UserError naming the option', (text) => {
		expect(() => parseNormalizeTarget(text)).toThrow(UserError);
		expect(() => parseNormalizeTarget(text)).toThrow(/--normalize/);
	});

	it('says the netflix preset is a full-mix measurement', () => {
		expect(LOUDNESS_PRESETS.find((p) => p.preset === 'netflix')!.description).toMatch(/full mix.*dialogue-gated/);
	});
});

const measured = (integrated: number | null, truePeak: number | null): LoudnessReport => ({
	integrated,
	truePeak,
	range: null,
	samplePeak: truePeak,
	momentaryMax: null,
	shortTermMax: null,
});

describe('planNormalization', () => {
	const ebu = parseNormalizeTarget('ebu-r128');

	it.each([
		// integrated, truePeak, gain, limiter, reduction, feasible
		[-30, -12, 7, false, 0, true],
		[-18, -0.5, -5, false, 0, true],
		[-30, -5, 7, true, 3, true],
		[-30, 0, 7 - 2, true, 6, false],
	])('%d LUFS / %d dBTP → %d dB gain (limiter %s, %d dB)', (i, tp, gain, limiter, reduction, feasible) => {
		const p = planNormalization(measured(i, tp), ebu);
		expect(p.gainDb).toBeCloseTo(gain, 10);
		expect(p.limiterNeeded).toBe(limiter);
		expect(p.expectedReductionDb).toBeCloseTo(reduction, 10);
		expect(p.feasible).toBe(feasible);
	});

	it('says plainly when the target needs more limiting than allowed', () => {
		const p = planNormalization(measured(-30, 0), parseNormalizeTarget('spotify'));
		expect(p.feasible).toBe(false);
		expect(p.note).toMatch(/cannot be met without more than \+6\.0 dB of limiting/);
		expect(p.note).toMatch(/about -25\.0 LUFS/);
		expect(planNormalization(measured(-30, 0), parseNormalizeTarget('spotify'), { maxLimitingDb: 20 }).feasible).toBe(true);
	});

	it('leaves silence alone and says why', () => {
		const p = planNormalization(measured(null, null), ebu);
		expect(p.gainDb).toBe(0);
		expect(p.feasible).toBe(false);
		expect(p.note).toMatch(/no measurable loudness/);
	});
});

/** Dialogue-like stereo programme around −30 LUFS with a −3 dBFS click every 2 s. */
function programme(seconds: number, seed: number): Float32Array[] {
	const next = rng(seed);
	const n = seconds * 48000;
	const out = [new Float32Array(n), new Float32Array(n)];
	let env = 0;
	let target = 0;
	let lp = 0;
	for (let i = 0; i < n; i++) {
		if (i % 9600 === 0) target = next() < 0.25 ? 0 : Math.pow(10, (-20 + 14 * next()) / 20);
		env += (target - env) * 0.004;
		lp += (next() * 2 - 1 - lp) * 0.4;
		const k = i % 96000;
		const hit = k === 1 ? 0.7 : k === 0 || k === 2 ? 0.35 : 0;
		out[0]![i] = 0.25 * env * lp + hit;
		out[1]![i] = 0.9 * 0.25 * env * lp + hit;
	}
	return out;
}

function measure(audio: Float32Array[]): LoudnessReport {
	const m = new LoudnessMeter(2, 48000);
	m.process(audio, audio[0]!.length);
	return m.report();
}

/** What the render does: gain, limiter at the ceiling, latency trimmed, then measure. */
function normalise(audio: Float32Array[], text: string) {
	const target = parseNormalizeTarget(text);
	const plan = planNormalization(measure(audio), target);
	const g = Math.pow(10, plan.gainDb / 20);
	const limiter = new TruePeakLimiter(2, 48000, target.ceilingDbtp);
	const n = audio[0]!.length;
	const work = audio.map((ch) => {
		const w = new Float32Array(n + limiter.latency);
		for (let i = 0; i < n; i++) w[i] = ch[i]! * g;
		return w;
	});
	for (let at = 0; at < work[0]!.length; at += 1024) {
		const len = Math.min(1024, work[0]!.length - at);
		limiter.process(work.map((w) => w.subarray(at, at + len)), len);
	}
	const out = work.map((w) => w.subarray(limiter.latency));
	return { plan, report: normalizationReport(plan, measure(out), limiter) };
}

describe('normalisation end to end (gain, limiter, measurement)', () => {
	const audio = programme(8, 21);

	it('is a programme that needs limiting for both targets', () => {
		const r = measure(audio);
		expect(r.integrated!).toBeGreaterThan(-32);
		expect(r.integrated!).toBeLessThan(-28);
		expect(r.truePeak! - r.integrated!).toBeGreaterThan(24);
	});

	it('meets EBU R 128 with some limiting and reports it', () => {
		const { plan, report } = normalise(audio, 'ebu-r128');
		expect(plan.feasible).toBe(true);
		expect(report.met, report.note).toBe(true);
		expect(report.truePeak!).toBeLessThanOrEqual(-1);
		expect(Math.abs(report.integrated! - -23)).toBeLessThanOrEqual(0.5);
		expect(report.note, report.note).toMatch(/^Met: .*limiter reduced peaks/);
		expect(Object.keys(report).sort()).toEqual(
			['ceiling', 'gainDb', 'integrated', 'limitedShare', 'limiterMaxReductionDb', 'met', 'note', 'target', 'targetLufs', 'tolerance', 'truePeak'].sort(),
		);
	});

	it('misses Spotify loudness rather than limit more than 6 dB, and says so', () => {
		const { plan, report } = normalise(audio, 'spotify');
		expect(plan.feasible).toBe(false);
		expect(report.met).toBe(false);
		expect(report.limiterMaxReductionDb).toBeLessThanOrEqual(6.1);
		expect(report.truePeak!).toBeLessThanOrEqual(-1);
		expect(report.note).toMatch(/^Not met: .*cannot be met without more than \+6\.0 dB of limiting/);
	});
});
