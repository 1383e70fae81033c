// Printing a delivery: measure (when something is normalised), plan the gains, print every file
// in one pass over the media (again, with the gain corrected, when limiting pulled a
// normalised file off its target), then read the files back for the report and the QC checks.
// Files are printed to staging names; the caller renames them into place once all is done.
import { readBack, type FileMeasurement } from './readback.js';
import { runPass, type LaneResult, type LaneSpec } from './pass.js';
import { planNulls, type PlannedNull } from './checks.js';
import type { DeliveryPlan, ResolvedDeliverable } from './resolve.js';
import { normalizationReport, planNormalization, type NormalizationPlan, type NormalizationReport } from '../loudness/normalization.js';
import type { Session } from '../../sessions/types.js';

/** Corrective passes when limiting pulls loudness off target (as `render --normalize`). */
const MAX_CORRECTIONS = 2;
const CORRECT_ABOVE_LU = 0.05;

export interface DeliverJob {
	session: Session;
	delivery: DeliveryPlan;
	/** Staging path for each deliverable printed (by deliverable index). */
	staging: Map<number, string>;
	from: number;
	to: number;
	timeReference: number;
	signal?: AbortSignal;
	/** `pass` is 'measure' or 'print'. */
	onProgress?: (done: number, total: number, pass: string) => void;
}

export interface DeliveredFile {
	deliverable: ResolvedDeliverable;
	staged: string;
	gainDb: number;
	/** Where the gain came from: its own normalisation, the printmaster's, or none. */
	gainFrom: 'own' | 'printmaster' | 'none';
	/** Largest reduction the normalisation limiter made (dB); 0 without one. */
	limiterDb: number;
	normalization?: NormalizationReport;
	clippedSamples: number;
	measured: FileMeasurement;
}

export interface DeliveryResult {
	files: DeliveredFile[];
	nulls: { planned: PlannedNull; residual: number | null }[];
	/** Passes over the media (measure, print, corrections). */
	passes: number;
	printmaster?: { name: string; gainDb: number; limiterDb: number; written: boolean };
}

export async function deliver(job: DeliverJob): Promise<DeliveryResult> {
	const { delivery } = job;
	const all = delivery.deliverables;
	const pm = delivery.printmaster === undefined ? undefined : all[delivery.printmaster];
	const written = all.filter((d) => d.write);
	const progress = (pass: string) => (d: number, t: number) => job.onProgress?.(d, t, pass);
	const base = { plan: delivery, from: job.from, to: job.to, timeReference: job.timeReference, signal: job.signal };
	let passes = 0;

	// Measure at unity what gets normalised: the printmaster (its gain is shared) and every printed file with its own target.
	const normalised = all.filter((d) => d.normalize && (d === pm || d.write));
	const plans = new Map<number, NormalizationPlan>();
	if (normalised.length > 0) {
		const measured = await runPass({ ...base, lanes: normalised.map((d) => ({ deliverable: d, gainDb: 0, meter: true })), onProgress: progress('measure') });
		passes++;
		measured.forEach((r) => plans.set(r.spec.deliverable.index, planNormalization(r.loudness!, r.spec.deliverable.normalize!)));
	}
	const gains = new Map<number, number>([...plans].map(([i, p]) => [i, p.gainDb]));
	const ownGain = (d: ResolvedDeliverable) => gains.get(d.index);
	const gainOf = (d: ResolvedDeliverable) => ownGain(d) ?? (pm ? gains.get(pm.index)! : 0);
	const ceilingOf = (d: ResolvedDeliverable) => (plans.get(d.index)?.limiterNeeded ? d.normalize!.ceilingDbtp : undefined);

	let results: LaneResult[];
	for (let correction = 0; ; correction++) {
		const lanes: LaneSpec[] = written.map((d) => ({ deliverable: d, gainDb: gainOf(d), ceilingDbtp: ceilingOf(d), writeTo: job.staging.get(d.index), meter: plans.has(d.index) }));
		// A printmaster left out by --only still sets the others' gain, so it is metered for the correction.
		if (pm && !pm.write && ceilingOf(pm) !== undefined) lanes.push({ deliverable: pm, gainDb: gainOf(pm), ceilingDbtp: ceilingOf(pm), meter: true });
		results = await runPass({ ...base, lanes, onProgress: progress('print') });
		passes++;
		// Gains change only when another pass prints them: the report gives the gains the files have.
		const corrected = new Map<number, number>();
		for (const r of results) {
			const d = r.spec.deliverable;
			const p = plans.get(d.index);
			const got = r.loudness?.integrated ?? null;
			if (!p?.feasible || !r.limiter || got === null || Math.abs(got - d.normalize!.targetLufs) <= CORRECT_ABOVE_LU) continue;
			corrected.set(d.index, gains.get(d.index)! + d.normalize!.targetLufs - got);
		}
		if (corrected.size === 0 || correction >= MAX_CORRECTIONS) break;
		for (const [i, g] of corrected) gains.set(i, g);
		await Promise.all(results.map((r) => r.writer?.abort().catch(() => undefined)));
	}
	try {
		for (const r of results) await r.writer?.finish();
	} catch (error) {
		await Promise.all(results.map((r) => r.writer?.abort().catch(() => undefined)));
		throw error;
	}

	const printed = results.filter((r) => r.writer !== undefined);
	const files = printed.map((r) => r.spec.deliverable);
	const pmResult = pm ? results.find((r) => r.spec.deliverable === pm) : undefined;
	const limited = (pmResult?.limiter?.maxReductionDb ?? 0) > 0;
	const reference = pm?.write ? files.indexOf(pm) : files.findIndex((d) => d.role === 'master' && !d.normalize);
	const nulls = planNulls(job.session, delivery.graphs[0]!.plan, files, reference < 0 ? undefined : reference, limited);
	const ceilingFor = (d: ResolvedDeliverable) => d.spec?.ceilingDbtp ?? pm?.spec?.ceilingDbtp;
	const { files: measurements, residuals } = await readBack(
		files.map((d) => ({ path: job.staging.get(d.index)!, ceilingDb: ceilingFor(d) })),
		nulls.map((n) => n.test),
		job.signal,
	);
	return {
		files: printed.map((r, i) => {
			const d = r.spec.deliverable;
			const p = plans.get(d.index);
			const measured = measurements[i]!;
			return {
				deliverable: d,
				staged: job.staging.get(d.index)!,
				gainDb: r.spec.gainDb,
				gainFrom: p ? 'own' : pm ? 'printmaster' : 'none',
				limiterDb: r.limiter?.maxReductionDb ?? 0,
				normalization: p ? normalizationReport({ ...p, gainDb: r.spec.gainDb }, measured.report, r.limiter ?? null) : undefined,
				clippedSamples: r.writer!.clippedSamples,
				measured,
			};
		}),
		nulls: nulls.map((planned, i) => ({ planned, residual: planned.test.parts.length === 0 ? null : residuals[i]! })),
		passes,
		printmaster: pm && { name: pm.name, gainDb: gainOf(pm), limiterDb: pmResult?.limiter?.maxReductionDb ?? 0, written: pm.write },
	};
}
