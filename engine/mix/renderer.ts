// The block renderer: one per graph, shared by real-time playback and offline render, so what
// is heard is what is printed. Signal order (docs/mix-semantics.md): track: clips (clip gain,
// fades) → strip → fader (gain / automation, + duck lane) × polarity → ducker → mute/solo → pan
// → output bus (track-renderer.ts); bus: sum → strip → ducker → gain (+ duck lane) → mute →
// parent; master: sum → strip → gain (here, with the order of a block). configure happens in the
// constructor (all buffers allocated there); render() never allocates, awaits or logs. Mixing is
// float64; nothing clips inside.
import { applyGainLane, fillLinear } from '../dsp/automation.js';
import type { Ramp } from '../dsp/ramp.js';
import { delayedKey, TrackRenderer } from './track-renderer.js';
import { ARG_SCALAR } from './kernels.js';

export { REDUCTION_SECTIONS } from './renderer-state.js';

export class MixRenderer extends TrackRenderer {
	/** Audio thread. Renders timeline samples [start, start+frames) into master and the buses. */
	override render(start: number, frames: number): void {
		this.clearMix(frames);
		this.renderNodes(start, frames, 0, this.plan.order.length);
		this.finishMaster(frames, start);
	}

	/** Audio thread. Zeroes the master and every bus for a block: the first step of render(). */
	clearMix(frames: number): void {
		const ch = this.channels;
		for (let c = 0; c < ch; c++) this.master[c]!.fill(0, 0, frames);
		for (const bus of this.buses) for (let c = 0; c < ch; c++) bus.buffer[c]!.fill(0, 0, frames);
	}

	/**
	 * Audio thread. Renders the nodes plan.order[from, to) of the block at timeline `start` into
	 * the buses and the master. render() runs them all; a parallel render gives each thread a run.
	 */
	renderNodes(start: number, frames: number, from: number, to: number): void {
		// Media is read `latency` samples ahead; every path is delayed back onto the timeline.
		const read = start + this.latency;
		const order = this.plan.order;
		for (let k = from; k < to; k++) {
			const node = order[k]!;
			if (node.kind === 'track') this.renderTrack(this.tracks[node.index]!, node.index, read, frames);
			else this.finishBus(node.index, frames, read);
		}
	}

	/** Audio thread. The master's strip and gain, once every node is in: the last step of render(). */
	finishMaster(frames: number, start: number): void {
		const ch = this.channels;
		// The master's strip sees the audio at the master's input latency; its fader is on the timeline.
		if (this.masterLanes) this.masterLanes.process(this.master, frames, start + (this.masterChain?.latency ?? 0), this.sampleRate);
		else if (this.masterChain) this.masterChain.process(this.master, frames, this.masterKeys);
		const lane = this.plan.masterGainLane;
		let constant: boolean;
		if (lane) {
			fillLinear(lane, start, frames, this.sampleRate, this.gains, true);
			this.masterGain.snap();
			constant = false;
		} else constant = this.gainRun(this.masterGain, undefined, frames);
		const scalar = this.args[ARG_SCALAR]!;
		if (!constant || scalar !== 1) {
			for (let c = 0; c < ch; c++) {
				const m = this.master[c]!;
				if (constant) for (let i = 0; i < frames; i++) m[i]! *= scalar;
				else for (let i = 0; i < frames; i++) m[i]! *= this.gains[i]!;
			}
		}
	}

	/** A bus once all its inputs are in: strip → gain → mute, then its stem and its feed into the parent. */
	private finishBus(index: number, frames: number, read: number): void {
		const ch = this.channels;
		const bus = this.buses[index]!;
		if (bus.reverb) bus.reverb.process(bus.buffer, frames, null);
		if (bus.lanes) bus.lanes.process(bus.buffer, frames, read - this.busAt[index]!, this.sampleRate);
		else if (bus.chain) bus.chain.process(bus.buffer, frames, bus.keys);
		if (bus.duck) bus.duck.process(bus.buffer, frames, delayedKey(bus, frames));
		const lane = this.plan.buses[index]!.gainLane;
		const duckLane = this.plan.buses[index]!.duckLane;
		// The fader's lanes, at the timeline position the audio has reached after the strip and the ducker.
		const at = read - this.busAt[index]! - (bus.chain?.latency ?? 0) - (bus.duck?.latency ?? 0);
		let constant: boolean;
		if (lane) {
			fillLinear(lane, at, frames, this.sampleRate, this.gains, true);
			bus.gain.snap();
			bus.gate.apply(this.gains, frames);
			constant = false;
		} else constant = this.gainRun(bus.gain, bus.gate, frames);
		if (duckLane) {
			if (constant) {
				// A loop, not fill(): a double passed to a builtin is boxed.
				const g = this.args[ARG_SCALAR]!;
				for (let i = 0; i < frames; i++) this.gains[i] = g;
			}
			applyGainLane(duckLane, at, frames, this.sampleRate, this.gains);
			constant = false;
		}
		const scalar = this.args[ARG_SCALAR]!;
		let peak = 0;
		for (let c = 0; c < ch; c++) {
			const b = bus.buffer[c]!;
			if (constant) {
				if (scalar !== 1) for (let i = 0; i < frames; i++) b[i]! *= scalar;
			} else {
				for (let i = 0; i < frames; i++) b[i]! *= this.gains[i]!;
			}
			if (this.metering) {
				for (let i = 0; i < frames; i++) {
					const a = Math.abs(b[i]!);
					if (a > peak) peak = a;
				}
			}
		}
		if (bus.stemDelay) {
			for (let c = 0; c < ch; c++) copy(bus.buffer[c]!, bus.stem[c]!, frames);
			bus.stemDelay.process(bus.stem, frames);
		}
		let src = bus.buffer;
		if (bus.feedDelay) {
			for (let c = 0; c < ch; c++) copy(bus.buffer[c]!, bus.feed![c]!, frames);
			bus.feedDelay.process(bus.feed!, frames);
			src = bus.feed!;
		}
		for (let c = 0; c < ch; c++) {
			const b = src[c]!;
			const out = bus.output < 0 ? this.master[c]! : this.buses[bus.output]!.buffer[c]!;
			for (let i = 0; i < frames; i++) out[i]! += b[i]!;
		}
		if (peak > this.busPeaks[index]!) this.busPeaks[index] = peak;
	}

	/** The product of two ramps over the block: true with it in args[ARG_SCALAR] when both are steady, else false with it in this.gains. */
	private gainRun(a: Ramp, b: Ramp | undefined, frames: number): boolean {
		if (a.steady && (!b || b.steady)) {
			this.args[ARG_SCALAR] = a.value * (b ? b.value : 1);
			return true;
		}
		a.fill(this.gains, frames);
		if (b) b.apply(this.gains, frames);
		return false;
	}

}

/** dst[0, frames) = src[0, frames), without the view object subarray() would allocate. */
function copy(src: Float64Array, dst: Float64Array, frames: number): void {
	for (let i = 0; i < frames; i++) dst[i] = src[i]!;
}
