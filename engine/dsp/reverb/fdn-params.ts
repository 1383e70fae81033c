// The algorithmic reverb's parameters (their ranges, defaults and slots in the processor's
// params) and the tail length a render must leave after the last input: what the planner needs
// from the reverb without building one.
import type { ParamSpec } from '../processor.js';
import { designInput, effectiveSize, LINES, lineLengths, loopFilter } from './fdn-design.js';
import { DIFFUSER_GAIN, DIFFUSER_MS } from './diffusers.js';
import { clampTarget, MAX_PREDELAY_MS } from './predelay.js';

export const FDN_SPECS: readonly ParamSpec[] = [
	{ name: 'decay', unit: 's', min: 0.1, max: 30, default: 1, step: 1 / 6, log: true },
	{ name: 'predelay', unit: 'ms', min: 0, max: MAX_PREDELAY_MS, default: 0, step: 1 },
	{ name: 'size', unit: '', min: 0, max: 1, default: 0.5, step: 0.01 },
	{ name: 'damping', unit: '', min: 0, max: 1, default: 0.5, step: 0.01 },
	{ name: 'width', unit: '', min: 0, max: 1, default: 1, step: 0.01 },
	{ name: 'mix', unit: '', min: 0, max: 1, default: 1, step: 0.01 },
];
export const FDN_DECAY = 0;
export const FDN_PREDELAY = 1;
export const FDN_SIZE = 2;
export const FDN_DAMPING = 3;
export const FDN_WIDTH = 4;
export const FDN_MIX = 5;

/** A sustained full-scale input can leave the wet this far above full scale at its peaks. */
const TAIL_HEADROOM_DB = 10;

const spec = (slot: number) => FDN_SPECS[slot]!;
const valueOf = (v: number | undefined, slot: number) => clampTarget(v ?? spec(slot).default, spec(slot).min, spec(slot).max);

/**
 * Seconds from the end of the input until the wet output is below −90 dBFS: the longest RT60
 * in the loop (the low end's, at most twice the 1 kHz one) over 90 dB plus headroom, plus the
 * predelay, the longest line and the diffusers.
 */
export function tailSeconds(values: Partial<Record<'decay' | 'predelay' | 'size' | 'damping', number>>, sampleRate = 48000): number {
	const decay = valueOf(values.decay, FDN_DECAY);
	const d = designInput(effectiveSize(valueOf(values.size, FDN_SIZE), decay), decay, valueOf(values.damping, FDN_DAMPING), sampleRate);
	const lengths = new Float64Array(LINES);
	lineLengths(d, lengths);
	const coef = new Float64Array(2);
	let longest = decay;
	for (let j = 0; j < LINES; j++) {
		loopFilter(lengths, j, d, coef, 0);
		// The loop's gain at DC, b/(1 − a), is the slowest decay it has.
		const perPass = -Math.log10(coef[0]! / (1 - coef[1]!)) / 3;
		longest = Math.max(longest, lengths[j]! / (perPass * sampleRate));
	}
	const diffusion = DIFFUSER_MS.reduce((s, ms, k) => s + ms / (1 - DIFFUSER_GAIN[k]!), 0) / 1000;
	return ((90 + TAIL_HEADROOM_DB) / 60) * longest + valueOf(values.predelay, FDN_PREDELAY) / 1000 + Math.max(...lengths) / sampleRate + diffusion;
}
