// Turns a session's `deliverables:` into what one delivery pass prints: each file's source (the
// master, the master with some buses muted, or a bus), its format, bit depth and loudness
// targets, and the mix graphs the pass runs (one per distinct set of muted buses). Everything a
// user can get wrong is refused here, before anything is rendered or written.
import path from 'node:path';
import { UserError } from '../../sessions/errors.js';
import type { Deliverable, LoudnessTargetSpec, MasterFormat, Session } from '../../sessions/types.js';
import type { MixPlan } from '../plan.js';
import type { BitDepth } from '../media/wav-writer.js';
import { CHANNELS } from '../dsp/pan.js';
import { parseNormalizeTarget, type NormalizeTarget } from '../loudness/presets.js';

/** What a deliverable is, for the report and the QC checks. */
export type DeliverableRole = 'printmaster' | 'master' | 'm&e' | 'stem';

export interface ResolvedDeliverable {
	name: string;
	/** Its place in the session's list (messages say `deliverables[2]`). */
	index: number;
	/** DIR/NAME.wav. */
	file: string;
	format: MasterFormat;
	channels: number;
	bitDepth: BitDepth;
	role: DeliverableRole;
	/** The graph it is taken from (DeliveryPlan.graphs). */
	graph: number;
	/** Bus index of a stem; undefined for the master. */
	bus?: number;
	/** Folded from a 5.1 source to stereo (ITU-R BS.775). */
	fold: boolean;
	normalize?: NormalizeTarget;
	/** What the file is judged against: `spec`, else `normalize`; undefined: measured only. */
	spec?: NormalizeTarget;
	/** Printed in this run (--only); the printmaster is still rendered when others take its gain. */
	write: boolean;
}

export interface DeliveryGraph {
	/** Bus ids muted in this graph (none: the whole mix). */
	without: string[];
	plan: MixPlan;
}

export interface DeliveryPlan {
	deliverables: ResolvedDeliverable[];
	graphs: DeliveryGraph[];
	/** Index into deliverables of the printmaster (the first whole-master file with `normalize`). */
	printmaster?: number;
}

const BIT_DEPTH: Record<'16' | '24' | '32f', BitDepth> = { '16': '16', '24': '24', '32f': '32f' };

function target(value: LoudnessTargetSpec, where: string): NormalizeTarget {
	try {
		return parseNormalizeTarget(String(value));
	} catch {
		throw new UserError(`${where}: ${JSON.stringify(value)} is not a loudness preset or a target in LUFS`);
	}
}

/**
 * Resolves the session's deliverables into DIR. `only` (from --only) picks the ones printed.
 * Throws a UserError naming the session file and the field on any bad input. Pure but for paths.
 */
export function resolveDeliverables(session: Session, plan: MixPlan, sessionName: string, dir: string, only?: readonly string[]): DeliveryPlan {
	const list: Deliverable[] = session.deliverables ?? [];
	if (list.length === 0) throw new UserError(`${sessionName}: no deliverables: add a deliverables: list to the session (README "Deliverables")`);
	const busIndex = new Map(plan.buses.map((b, i) => [b.id, i]));
	const busNames = plan.buses.map((b) => b.id).join(', ') || 'none';
	const graphs: DeliveryGraph[] = [{ without: [], plan }];
	const graphFor = (without: string[]): number => {
		const key = [...new Set(without)].sort();
		const found = graphs.findIndex((g) => g.without.join('\0') === key.join('\0'));
		if (found >= 0) return found;
		const muted = new Set(key);
		// Same tracks and clips (so the graphs share one media read); only bus mutes differ.
		graphs.push({ without: key, plan: { ...plan, buses: plan.buses.map((b) => (muted.has(b.id) ? { ...b, mute: true } : b)) } });
		return graphs.length - 1;
	};
	const names = new Set(list.map((d) => d.name));
	for (const n of only ?? []) {
		if (!names.has(n)) throw new UserError(`--only ${n}: no deliverable of that name in ${sessionName} (${[...names].join(', ')})`);
	}
	const picked = only === undefined || only.length === 0 ? undefined : new Set(only);
	let printmaster: number | undefined;
	const deliverables = list.map((d, i): ResolvedDeliverable => {
		const where = `${sessionName}: deliverables[${i}]`;
		const format = d.format ?? plan.format;
		if (format === '5.1' && plan.format !== '5.1') throw new UserError(`${where}.format: a 5.1 file cannot come out of a stereo master (master.format is stereo)`);
		let bus: number | undefined;
		if (d.bus !== undefined) {
			bus = busIndex.get(d.bus);
			if (bus === undefined) throw new UserError(`${where}.bus: no bus ${d.bus} in the session (buses: ${busNames})`);
		}
		for (const [k, id] of (d.without ?? []).entries()) {
			if (!busIndex.has(id)) throw new UserError(`${where}.without[${k}]: no bus ${id} in the session (buses: ${busNames})`);
		}
		const without = d.without ?? [];
		const whole = bus === undefined && without.length === 0;
		const normalize = d.normalize === undefined ? undefined : target(d.normalize, `${where}.normalize`);
		const spec = d.spec === undefined ? normalize : target(d.spec, `${where}.spec`);
		if (whole && normalize && printmaster === undefined) printmaster = i;
		const role: DeliverableRole = bus !== undefined ? 'stem' : without.length > 0 ? 'm&e' : printmaster === i ? 'printmaster' : 'master';
		return {
			name: d.name,
			index: i,
			file: path.join(dir, `${d.name}.wav`),
			format,
			channels: CHANNELS[format],
			bitDepth: BIT_DEPTH[String(d.bitDepth ?? 24) as '16' | '24' | '32f'],
			role,
			graph: graphFor(without),
			bus,
			fold: format === 'stereo' && plan.format === '5.1',
			normalize,
			spec,
			write: picked === undefined || picked.has(d.name),
		};
	});
	return { deliverables, graphs, printmaster };
}
