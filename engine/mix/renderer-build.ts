// Builds the renderer's nodes from a plan, before audio starts: a state per track and bus with
// its strip, the latency compensation (delay lines on tracks, sends, bus feeds and stems), the
// sidechain key buffers each keyed section reads, and the automated strip parameters.
import type { MixPlan, ParamLane, PlanClip } from '../plan.js';
import { BusState, chainOf, TrackState } from './strip-state.js';
import type { ClipSource } from './clip-source.js';
import type { StripChain } from './strip-chain.js';
import { DelayLine } from '../dsp/delay.js';
import { planLatency } from './latency.js';
import { ParamLanes } from './param-lanes.js';
import type { NodeRef, PlanStrip } from '../plan-strip.js';
import { duckLatency } from '../dsp/dynamics/ducker.js';

/**
 * The nodes one thread of a parallel offline render owns (engine/render/parallel.ts). Strips
 * are built only for owned nodes; every other structure (latency compensation, key outputs) is
 * planned from the whole mix, so each thread computes exactly what a single renderer would.
 */
export interface RenderPart {
	tracks: readonly boolean[];
	buses: readonly boolean[];
	master: boolean;
}

/** What buildNodes() makes: the renderer keeps each part in a field of the same name. */
export interface RendererNodes {
	tracks: TrackState[];
	buses: BusState[];
	/** The master strip's chain, when the master has a strip (and this renderer owns it). */
	masterChain: StripChain | undefined;
	masterKeys: (Float64Array[] | null)[] | null;
	masterLanes: ParamLanes | undefined;
	/** Samples the media is read ahead of the output: the longest processing path. */
	latency: number;
	/** Per track: the latency at its fader. */
	trackAt: Int32Array;
	/** Per bus: the latency of its input. */
	busAt: Int32Array;
}

/** Main or worker thread, before audio starts. `ramp` is the de-click ramp in samples. */
export function buildNodes(
	plan: MixPlan,
	sources: (clip: PlanClip, track: number, index: number) => ClipSource,
	maxBlock: number,
	ramp: number,
	part: RenderPart | undefined,
): RendererNodes {
	const channels = plan.channels;
	const sr = plan.sampleRate;
	// A node another thread renders gets no strip here, only its strip's latency.
	const ownTrack = (i: number) => part === undefined || part.tracks[i] === true;
	const ownBus = (i: number) => part === undefined || part.buses[i] === true;
	const tracks = plan.tracks.map(
		(t, ti) => new TrackState(ownTrack(ti) ? t : { ...t, strip: undefined, duck: undefined }, t.clips.map((c, ci) => sources(c, ti, ci)), maxBlock, channels, ramp, sr),
	);
	const buses = plan.buses.map((b, bi) => new BusState(ownBus(bi) ? b : { ...b, strip: undefined, reverb: undefined, duck: undefined }, maxBlock, channels, ramp, sr));
	const masterChain = part === undefined || part.master ? chainOf(plan.masterStrip, channels, sr, maxBlock) : undefined;
	const latencyOf = (chain: StripChain | undefined, strip: PlanStrip | undefined, ch: number) =>
		chain?.latency ?? (strip ? (chainOf(strip, ch, sr, 1)?.latency ?? 0) : 0);
	// A ducker's look-ahead comes after the strip: from the plan, whichever thread runs it.
	const duckOf = (duck: PlanStrip | undefined) => (duck ? duckLatency(duck.sections[0]!.values.lookahead!, sr) : 0);

	const trackDuck = plan.tracks.map((t) => duckOf(t.duck));
	const busDuck = plan.buses.map((b) => duckOf(b.duck));
	const lat = planLatency(
		plan,
		tracks.map((t, i) => latencyOf(t.chain, plan.tracks[i]!.strip, t.inCh) + trackDuck[i]!),
		buses.map((b, i) => latencyOf(b.chain, plan.buses[i]!.strip, channels) + busDuck[i]!),
		latencyOf(masterChain, plan.masterStrip, channels),
		trackDuck,
		busDuck,
	);
	tracks.forEach((t, i) => {
		const d = lat.trackDelay[i]!;
		if (d > 0) t.delay = new DelayLine(t.inCh, d);
		const o = lat.outDelay[i]!;
		if (o > 0) {
			t.outDelay = new DelayLine(channels, o);
			// Delayed apart from keyOut, which a keyed strip reads undelayed.
			t.outFeed = Array.from({ length: channels }, () => new Float64Array(maxBlock));
		}
		t.sends.forEach((send, k) => {
			const sd = lat.sendDelay[i]![k]!;
			if (sd > 0) send.delay = new DelayLine(channels, sd);
		});
		t.tailLength = Math.max(d, o, ...t.sends.map((x) => x.delay?.delay ?? 0));
	});
	buses.forEach((b, i) => {
		const f = lat.busFeedDelay[i]!;
		if (f > 0) {
			b.feedDelay = new DelayLine(channels, f);
			b.feed = Array.from({ length: channels }, () => new Float64Array(maxBlock));
		}
		const st = lat.busStemDelay[i]!;
		if (st > 0) {
			b.stemDelay = new DelayLine(channels, st);
			b.stem = Array.from({ length: channels }, () => new Float64Array(maxBlock));
		}
	});
	// Sidechains: a keyed section reads its key node's output of the same block. A track that
	// keys any strip of the mix renders through its key buffer, whichever thread owns the strip.
	const strips = [...plan.tracks.flatMap((t) => [t.strip, t.duck]), ...plan.buses.flatMap((b) => [b.strip, b.duck]), plan.masterStrip];
	for (const strip of strips) {
		for (const section of strip?.sections ?? []) {
			const ref = section.key;
			if (ref?.kind !== 'track') continue;
			const t = tracks[ref.index]!;
			t.keyOut ??= Array.from({ length: channels }, () => new Float64Array(maxBlock));
		}
	}
	const keyBuffers = (ref: NodeRef): Float64Array[] => (ref.kind === 'bus' ? buses[ref.index]!.buffer : tracks[ref.index]!.keyOut!);
	const keysOf = (chain: StripChain | undefined) => {
		if (!chain) return null;
		const keys = Array.from({ length: chain.size }, (_, i) => {
			const ref = chain.section(i).key;
			return ref ? keyBuffers(ref) : null;
		});
		return keys.some((k) => k !== null) ? keys : null;
	};
	for (const t of tracks) t.keys = keysOf(t.chain);
	for (const b of buses) b.keys = keysOf(b.chain);
	const duckKey = (duck: PlanStrip | undefined) => {
		const ref = duck?.sections[0]!.key;
		return ref ? keyBuffers(ref) : null;
	};
	tracks.forEach((t, i) => (t.duckKey = duckKey(plan.tracks[i]!.duck)));
	buses.forEach((b, i) => (b.duckKey = duckKey(plan.buses[i]!.duck)));
	// A key earlier than the ducked audio's input is held back so it leads by the look-ahead exactly.
	const keyDelay = (node: TrackState | BusState, d: number) => {
		if (d <= 0 || !node.duckKey) return;
		node.duckKeyDelay = new DelayLine(node.duckKey.length, d);
		node.duckKeyBuffer = node.duckKey.map(() => new Float64Array(maxBlock));
	};
	tracks.forEach((t, i) => keyDelay(t, lat.trackDuckKeyDelay[i]!));
	buses.forEach((b, i) => keyDelay(b, lat.busDuckKeyDelay[i]!));
	// Automated strip parameters, once the keys are known.
	const lanesOf = (lanes: readonly ParamLane[] | undefined, chain: StripChain | undefined, ch: number, keys: (Float64Array[] | null)[] | null) => {
		if (!lanes || !chain) return undefined;
		const l = new ParamLanes(lanes, chain, ch, keys);
		return l.empty ? undefined : l;
	};
	// The master's keys first: its lanes run its strip through them.
	const masterKeys = keysOf(masterChain);
	tracks.forEach((t, i) => (t.lanes = lanesOf(plan.tracks[i]!.paramLanes, t.chain, t.inCh, t.keys)));
	const masterLanes = lanesOf(plan.masterParamLanes, masterChain, channels, masterKeys);
	buses.forEach((b, i) => (b.lanes = lanesOf(plan.buses[i]!.paramLanes, b.chain, channels, b.keys)));
	return { tracks, buses, masterChain, masterKeys, masterLanes, latency: lat.total, trackAt: Int32Array.from(lat.trackAt), busAt: Int32Array.from(lat.busAt) };
}
