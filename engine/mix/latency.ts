// Latency compensation across the mix graph. Every path from a clip to the master is delayed to
// the longest one, so a processor that looks ahead (the limiter) never moves its strip against
// the others; the renderer then reads the media `total` samples early, which puts the master,
// and every stem, back on the timeline.
//
// With l(x) a strip's own latency: a bus's input latency is the largest output latency among
// what feeds it; its output latency adds its strip's. A track (or child bus) feeding a bus is
// delayed by the difference between that bus's input latency and its own. A track with sends
// feeds several buses: its fader and pan run at its own latency, and each of its feeds (the
// output and every send) is delayed to the bus it goes into.
import type { MixPlan } from '../plan.js';

export interface LatencyPlan {
	/** Samples from the media read to the master output. */
	total: number;
	/** Per track: the delay after its strip, and the latency at its fader (for its automation). */
	trackDelay: number[];
	trackAt: number[];
	/**
	 * Per track with sends: the delay of its post-pan output into its bus, and of each send into
	 * its bus (a track with sends feeds several buses, each aligned on its own).
	 */
	outDelay: number[];
	sendDelay: number[][];
	/** Per bus: the delay on its feed into its parent, and on its stem tap. */
	busFeedDelay: number[];
	busStemDelay: number[];
	/** Per bus: the latency of its summed input (where its strip's automation is evaluated). */
	busAt: number[];
	/** Per track and bus with a ducker: how long its key is delayed to lead the ducked audio by the look-ahead. */
	trackDuckKeyDelay: number[];
	busDuckKeyDelay: number[];
}

/**
 * `trackLatency[i]` / `busLatency[i]` / `masterLatency`: each node's own latency (0 without a
 * strip), a ducker's look-ahead included; `trackDuck[i]` / `busDuck[i]`: that look-ahead alone.
 */
export function planLatency(plan: MixPlan, trackLatency: number[], busLatency: number[], masterLatency: number, trackDuck?: number[], busDuck?: number[]): LatencyPlan {
	const busIn = plan.buses.map(() => 0);
	const busOut = plan.buses.map(() => 0);
	let masterIn = 0;
	const feed = (output: number, latency: number) => {
		if (output < 0) masterIn = Math.max(masterIn, latency);
		else busIn[output] = Math.max(busIn[output]!, latency);
	};
	plan.tracks.forEach((t, i) => {
		feed(t.output, trackLatency[i]!);
		for (const send of t.sends ?? []) feed(send.bus, trackLatency[i]!);
	});
	// Children first, so a bus's inputs are known before its output feeds its parent.
	for (const b of plan.busOrder) {
		busOut[b] = busIn[b]! + busLatency[b]!;
		feed(plan.buses[b]!.output, busOut[b]!);
	}
	const total = masterIn + masterLatency;
	const inputOf = (output: number) => (output < 0 ? masterIn : busIn[output]!);
	// A track that keys a ducker is compensated after its key tap (as a track with sends is), so
	// the key keeps its own timing and can lead the ducked audio.
	const duckKeys = new Set<number>();
	for (const node of [...plan.tracks, ...plan.buses]) if (node.duck?.sections[0]?.key?.kind === 'track') duckKeys.add(node.duck.sections[0].key.index);
	const sends = (i: number) => (plan.tracks[i]!.sends?.length ?? 0) > 0 || duckKeys.has(i);
	const keyTap = (ref: { kind: 'track' | 'bus'; index: number }) => (ref.kind === 'bus' ? busOut[ref.index]! : sends(ref.index) ? trackLatency[ref.index]! : inputOf(plan.tracks[ref.index]!.output));
	const keyDelay = (duck: MixPlan['tracks'][number]['duck'], duckIn: number) => {
		const ref = duck?.sections[0]?.key;
		return ref ? Math.max(0, duckIn - keyTap(ref)) : 0;
	};
	return {
		trackDuckKeyDelay: plan.tracks.map((t, i) => keyDelay(t.duck, (sends(i) ? trackLatency[i]! : inputOf(t.output)) - (trackDuck?.[i] ?? 0))),
		busDuckKeyDelay: plan.buses.map((b, i) => keyDelay(b.duck, busOut[i]! - (busDuck?.[i] ?? 0))),
		total,
		trackDelay: plan.tracks.map((t, i) => (sends(i) ? 0 : inputOf(t.output) - trackLatency[i]!)),
		trackAt: plan.tracks.map((t, i) => (sends(i) ? trackLatency[i]! : inputOf(t.output))),
		outDelay: plan.tracks.map((t, i) => (sends(i) ? inputOf(t.output) - trackLatency[i]! : 0)),
		sendDelay: plan.tracks.map((t, i) => (t.sends ?? []).map((x) => inputOf(x.bus) - trackLatency[i]!)),
		busFeedDelay: plan.buses.map((b, i) => inputOf(b.output) - busOut[i]!),
		busStemDelay: plan.buses.map((_, i) => total - busOut[i]!),
		busAt: busIn.slice(),
	};
}
