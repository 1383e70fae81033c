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
}

/** `trackLatency[i]` / `busLatency[i]` / `masterLatency`: each strip's own latency (0 without a strip). */
export function planLatency(plan: MixPlan, trackLatency: number[], busLatency: number[], masterLatency: number): LatencyPlan {
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
	const sends = (i: number) => (plan.tracks[i]!.sends?.length ?? 0) > 0;
	return {
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
