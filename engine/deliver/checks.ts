// The QC checks across deliverables: which null tests make sense for this delivery, when they
// mean something, and how far from zero a residual may be given the files' bit depths.
import type { Session } from '../../sessions/types.js';
import type { MixPlan } from '../plan.js';
import type { BitDepth } from '../media/wav-writer.js';
import type { NullTest } from './readback.js';
import type { ResolvedDeliverable } from './resolve.js';

/** One null test between written files (indices into the written list). */
export interface PlannedNull {
	check: 'stems sum to the printmaster' | 'M&E plus its stems is the printmaster' | 'fold-down is BS.775 of the printmaster';
	test: NullTest;
	/** Why the residual says nothing about the delivery; undefined when it is meaningful. */
	notMeaningful?: string;
	/** The largest residual that still nulls (linear): the files' quantisation, summed. */
	limit: number;
	/** Why the test could not be made at all (then `test` is empty). */
	skipped?: string;
}

/** Worst error of one sample written at a depth, relative to full scale (TPDF ±1 LSB + rounding; float rounding at levels up to 8). */
export function quantum(bitDepth: BitDepth): number {
	return bitDepth === '16' ? 1.5 * 2 ** -15 : bitDepth === '24' ? 1.5 * 2 ** -23 : 2 ** -21;
}

/** Why the master is not a plain sum of its inputs (gain, strip, lanes), or undefined. */
export function masterNotPlainSum(plan: MixPlan): string | undefined {
	if (plan.masterGainDb !== 0 || plan.masterGainLane) return 'the master fader is not at 0 dB, and stems are taken before it';
	if (plan.masterParamLanes && plan.masterParamLanes.length > 0) return 'the master strip is automated, and stems are taken before it';
	const strip = plan.masterStrip;
	if (strip && !strip.bypass && strip.sections.some((s) => s.kind !== 'trim' || s.values.gain !== 0)) {
		return 'the master has a strip (processing after the sum), and stems are taken before it';
	}
	return undefined;
}

/** Ids some sidechain or ducker takes its level from (`key:` anywhere in the session). */
function keyedIds(session: Session): Set<string> {
	const ids = new Set<string>();
	const walk = (v: unknown): void => {
		if (Array.isArray(v)) v.forEach(walk);
		else if (v && typeof v === 'object') {
			for (const [k, x] of Object.entries(v)) {
				if (k === 'key' && typeof x === 'string') ids.add(x);
				else walk(x);
			}
		}
	};
	walk(session.tracks);
	walk(session.buses);
	walk(session.master);
	return ids;
}

/**
 * The null tests for the written deliverables `written` (in their order). `reference` is the
 * index in `written` of the printmaster (or the first whole-master file); `limited` says the
 * printmaster went through the normalisation limiter.
 */
export function planNulls(session: Session, plan: MixPlan, written: readonly ResolvedDeliverable[], reference: number | undefined, limited: boolean): PlannedNull[] {
	if (reference === undefined) return [];
	const pm = written[reference]!;
	const out: PlannedNull[] = [];
	const plain = masterNotPlainSum(plan);
	const limiter = limited ? `${pm.name} went through the normalisation limiter, which the other files do not` : undefined;
	const sameFormat = (d: ResolvedDeliverable) => d.format === pm.format;
	const topLevel = plan.buses.map((b, i) => (b.output < 0 ? i : -1)).filter((i) => i >= 0);
	const stemOf = new Map<number, number>();
	written.forEach((d, i) => {
		if (d.role === 'stem' && d.graph === 0 && sameFormat(d) && !d.normalize && d.bus !== undefined && !stemOf.has(d.bus)) stemOf.set(d.bus, i);
	});
	const limitOf = (files: number[], weight = 1) => files.reduce((s, f) => s + quantum(written[f]!.bitDepth), 0) * weight;

	const stems = written.map((d, i) => (d.role === 'stem' && stemOf.get(d.bus!) === i && plan.buses[d.bus!]!.output < 0 ? i : -1)).filter((i) => i >= 0);
	if (stems.length > 0) {
		const missing = topLevel.filter((b) => !stemOf.has(b)).map((b) => plan.buses[b]!.id);
		const direct = plan.tracks.filter((t) => t.output < 0).map((t) => t.id);
		const skipped =
			missing.length > 0
				? `not every bus that feeds the master is delivered as a ${pm.format} stem (missing: ${missing.join(', ')})`
				: direct.length > 0
					? `tracks route straight to the master (${direct.slice(0, 3).join(', ')}${direct.length > 3 ? ' …' : ''}), so no set of stems holds them`
					: undefined;
		out.push({
			check: 'stems sum to the printmaster',
			test: skipped ? { reference, parts: [] } : { reference, parts: stems },
			limit: limitOf([reference, ...stems]),
			notMeaningful: plain ?? limiter,
			skipped,
		});
	}

	const keyed = keyedIds(session);
	written.forEach((d, i) => {
		if (d.role !== 'm&e' || !sameFormat(d) || d.normalize || d.bus !== undefined) return;
		const without = session.deliverables![d.index]!.without ?? [];
		const buses = without.map((id) => plan.buses.findIndex((b) => b.id === id));
		const notTop = buses.filter((b) => plan.buses[b]!.output >= 0).map((b) => plan.buses[b]!.id);
		const missing = buses.filter((b) => !stemOf.has(b)).map((b) => plan.buses[b]!.id);
		const skipped =
			notTop.length > 0
				? `${notTop.join(', ')} feed${notTop.length === 1 ? 's' : ''} another bus, not the master`
				: missing.length > 0
					? `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not delivered as a ${pm.format} stem`
					: undefined;
		const parts = skipped ? [] : [i, ...buses.map((b) => stemOf.get(b)!)];
		const keyedBy = without.filter((id) => keyed.has(id));
		out.push({
			check: 'M&E plus its stems is the printmaster',
			test: { reference, parts },
			limit: limitOf([reference, ...parts]),
			notMeaningful: plain ?? limiter ?? (keyedBy.length > 0 ? `${keyedBy.join(', ')} key${keyedBy.length === 1 ? 's' : ''} a sidechain, which hears them muted in the M&E` : undefined),
			skipped,
		});
	});

	if (pm.format === '5.1') {
		written.forEach((d, i) => {
			if (!d.fold || d.role === 'stem' || d.role === 'm&e' || d.normalize) return;
			out.push({
				check: 'fold-down is BS.775 of the printmaster',
				test: { reference, parts: [i], fold: true },
				limit: quantum(d.bitDepth) + quantum(pm.bitDepth) * (1 + 2 * Math.SQRT1_2),
				notMeaningful: limiter,
			});
		});
	}
	return out;
}
