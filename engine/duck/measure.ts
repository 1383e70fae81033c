// Rendering what baked ducking listens to: the key's output and the target's output, offline,
// through the same renderer as a print. A bus's output is its stem. A track's output is tapped
// by a 0 dB post-fader send into a bus of its own added to the plan (a post-fader send carries
// the track after its fader, mute/solo and pan: what it feeds its bus); the extra bus changes
// nothing else the analysis reads.
import type { MixPlan, PlanBus, PlanTrack } from '../plan.js';
import type { NodeRef } from '../plan-strip.js';
import { renderOffline } from '../render/offline.js';
import { HopMeter, integratedLoudness, type HopMeter as Meter } from './hop-meter.js';
import type { HopLoudness } from './analyse.js';

export interface MeasureOptions {
	/** Timeline samples [from, to). */
	from: number;
	to: number;
	signal?: AbortSignal;
	/** Frames per block (smaller: shorter stretches between yields, for the mixer). */
	blockFrames?: number;
	threads?: number;
	onProgress?: (done: number, total: number) => void;
}

/** The plan with each track of `taps` sent post-fader at 0 dB into a new bus; the bus index of each node returned. */
export function tapPlan(plan: MixPlan, taps: readonly NodeRef[]): { plan: MixPlan; stems: number[] } {
	const tracks: PlanTrack[] = [...plan.tracks];
	const buses: PlanBus[] = [...plan.buses];
	const busOrder = [...plan.busOrder];
	const order = [...plan.order];
	const stems = taps.map((node) => {
		if (node.kind === 'bus') return node.index;
		const index = buses.length;
		buses.push({ id: `.tap-${plan.tracks[node.index]!.id}`, name: 'tap', output: -1, gainDb: 0, mute: false });
		busOrder.push(index);
		order.push({ kind: 'bus', index });
		const t = tracks[node.index]!;
		tracks[node.index] = { ...t, sends: [...(t.sends ?? []), { bus: index, gainDb: 0, pre: false, on: true }] };
		return index;
	});
	return { plan: { ...plan, tracks, buses, busOrder, order }, stems };
}

/**
 * The plan with only what `keep` hears: every track and bus upstream of them (by routing,
 * sends and the keys of strips and duckers) as it is; the rest silenced (no clips) and without
 * processing, so the analysis renders a fraction of a big reel.
 */
export function prunePlan(plan: MixPlan, keep: readonly NodeRef[]): MixPlan {
	const id = (n: NodeRef) => (n.kind === 'track' ? n.index : plan.tracks.length + n.index);
	const inputs: NodeRef[][] = Array.from({ length: plan.tracks.length + plan.buses.length }, () => []);
	const keysOf = (x: PlanTrack | PlanBus) => [...(x.strip?.sections ?? []), ...(x.duck?.sections ?? [])].flatMap((s) => (s.key ? [s.key] : []));
	plan.tracks.forEach((t, index) => {
		const self: NodeRef = { kind: 'track', index };
		if (t.output >= 0) inputs[id({ kind: 'bus', index: t.output })]!.push(self);
		for (const send of t.sends ?? []) if (send.bus >= 0) inputs[id({ kind: 'bus', index: send.bus })]!.push(self);
		inputs[index]!.push(...keysOf(t));
	});
	plan.buses.forEach((b, index) => {
		const self: NodeRef = { kind: 'bus', index };
		if (b.output >= 0) inputs[id({ kind: 'bus', index: b.output })]!.push(self);
		inputs[id(self)]!.push(...keysOf(b));
	});
	const needed = new Uint8Array(inputs.length);
	const stack = [...keep];
	while (stack.length > 0) {
		const n = stack.pop()!;
		if (needed[id(n)]) continue;
		needed[id(n)] = 1;
		stack.push(...inputs[id(n)]!);
	}
	// Solo stays: a soloed track elsewhere still silences the others.
	const tracks = plan.tracks.map((t, i): PlanTrack => (needed[i] ? t : { ...t, clips: [], strip: undefined, sends: undefined, duck: undefined, paramLanes: undefined }));
	const buses = plan.buses.map((b, i): PlanBus => (needed[plan.tracks.length + i] ? b : { ...b, strip: undefined, reverb: undefined, duck: undefined, paramLanes: undefined }));
	return { ...plan, tracks, buses };
}

/** The key's and the target's loudness per hop over [from, to), and the key's integrated loudness. */
export async function measureDuck(plan: MixPlan, key: NodeRef, target: NodeRef, options: MeasureOptions): Promise<HopLoudness> {
	const tapped = tapPlan(prunePlan(plan, [key, target]), [key, target]);
	const frames = Math.max(0, options.to - options.from);
	const sr = plan.sampleRate;
	const meters: Meter[] = [new HopMeter(plan.channels, sr, frames), new HopMeter(plan.channels, sr, frames)];
	const [keyStem, targetStem] = tapped.stems as [number, number];
	await renderOffline(tapped.plan, {
		from: options.from,
		to: options.to,
		signal: options.signal,
		threads: options.threads,
		blockFrames: options.blockFrames,
		onProgress: options.onProgress,
		onBlock(renderer, n) {
			const k = renderer.bus(keyStem);
			meters[0]!.process(k, n);
			meters[1]!.process(renderer.bus(targetStem), n);
		},
	});
	for (const m of meters) m.finish();
	return { key: meters[0]!.powers, target: meters[1]!.powers, origin: options.from / sr, keyIntegrated: integratedLoudness(meters[0]!.powers) };
}
