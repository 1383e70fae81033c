// The block renderer: one per graph, shared by real-time playback and offline render, so what
// is heard is what is printed. Signal order (docs/mix-semantics.md): track: clips (clip gain,
// fades) → strip → fader (gain / automation) × polarity → mute/solo → pan → output bus; bus:
// sum → strip → gain → mute → parent; master: sum → strip → gain. Polarity is applied with the
// fader, after the strip: every strip section is symmetric in sign, so the result is the same.
// configure happens in the constructor (all buffers allocated there); render() never
// allocates, awaits or logs. Mixing is float64; nothing clips inside.
import { panMatrixAt } from '../dsp/pan.js';
import { applyMuteSteps, fillLinear, muteConstant } from '../dsp/automation.js';
import { Ramp } from '../dsp/ramp.js';
import { TrackState } from './strip-state.js';
import type { ClipSource } from './clip-source.js';
import { RendererState } from './renderer-state.js';
import { ARG_GAIN, ARG_LEFT, ARG_PEAK, ARG_RIGHT, ARG_SCALAR, fadeEnvelope, mixMonoStereo } from './kernels.js';

export type { ClipSource } from './clip-source.js';

export { REDUCTION_SECTIONS } from './renderer-state.js';

export class MixRenderer extends RendererState {
	/** Audio thread. Renders timeline samples [start, start+frames) into master and the buses. */
	override render(start: number, frames: number): void {
		const ch = this.channels;
		// Media is read `latency` samples ahead; every path is delayed back onto the timeline.
		const read = start + this.latency;
		for (let c = 0; c < ch; c++) this.master[c]!.fill(0, 0, frames);
		for (const bus of this.buses) for (let c = 0; c < ch; c++) bus.buffer[c]!.fill(0, 0, frames);
		const order = this.plan.order;
		for (let k = 0; k < order.length; k++) {
			const node = order[k]!;
			if (node.kind === 'track') this.renderTrack(this.tracks[node.index]!, node.index, read, frames);
			else this.finishBus(node.index, frames);
		}
		if (this.masterChain) this.masterChain.process(this.master, frames, this.masterKeys);
		const constant = this.gainRun(this.masterGain, undefined, frames);
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
	private finishBus(index: number, frames: number): void {
		const ch = this.channels;
		const bus = this.buses[index]!;
		if (bus.chain) bus.chain.process(bus.buffer, frames, bus.keys);
		const constant = this.gainRun(bus.gain, bus.gate, frames);
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
			for (let c = 0; c < ch; c++) bus.stem[c]!.set(bus.buffer[c]!.subarray(0, frames));
			bus.stemDelay.process(bus.stem, frames);
		}
		let src = bus.buffer;
		if (bus.feedDelay) {
			for (let c = 0; c < ch; c++) bus.feed![c]!.set(bus.buffer[c]!.subarray(0, frames));
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

	/** `read` is the media position of the block (the timeline position plus the graph's latency). */
	private renderTrack(track: TrackState, index: number, read: number, frames: number): void {
		const plan = track.plan;
		const start = read;
		const end = start + frames;
		const sr = this.sampleRate;
		const plain = track.chain === undefined && track.delay === undefined && track.keyOut === undefined;
		if (plain && plan.format === 'mono' && this.channels === 2 && this.renderSolo(track, index, start, frames)) return;
		// Clips → track buffer (clip gain and fades).
		let sounding = false;
		for (let k = 0; k < plan.clips.length; k++) {
			const clip = plan.clips[k]!;
			if (clip.start >= end) break;
			const clipEnd = clip.start + clip.length;
			if (clipEnd <= start) continue;
			if (!sounding) {
				for (let c = 0; c < track.inCh; c++) track.buffer[c]!.fill(0, 0, frames);
				sounding = true;
			}
			const a = Math.max(start, clip.start);
			const b = Math.min(end, clipEnd);
			const envelope = fadeEnvelope(clip, a, b, this.envelope);
			this.args[ARG_GAIN] = clip.gain;
			track.sources[k]!.mixInto(clip.sourceStart + (a - clip.start), b - a, track.buffer, a - start, clip.channelMap, this.args, envelope);
		}
		if (track.keyOut) for (let c = 0; c < this.channels; c++) track.keyOut[c]!.fill(0, 0, frames);
		if (sounding) {
			if (track.delay && !track.chain) track.tail = track.delay.delay;
		} else if (track.chain || track.tail > 0) {
			// A strip rings on, and a delay still holds audio: run them on silence.
			for (let c = 0; c < track.inCh; c++) track.buffer[c]!.fill(0, 0, frames);
			track.tail = Math.max(0, track.tail - frames);
		} else {
			// Nothing to hear: let any live change land now rather than ramp over silence.
			track.fader.snap();
			track.gate.snap();
			track.sign.snap();
			track.pan.snap();
			return;
		}
		if (track.chain) track.chain.process(track.buffer, frames, track.keys);
		if (track.delay) track.delay.process(track.buffer, frames);

		// From here on the audio is `trackAt` samples late against the media read: automation
		// is evaluated at the timeline position the audio now belongs to.
		const at = start - this.trackAt[index]!;
		const constant = this.fader(track, at, frames);
		const scalar = this.args[ARG_SCALAR]!;
		const gains = this.gains;
		if (constant && scalar === 0) {
			track.pan.snap();
			return;
		}

		// Pan onto the track's destination (through its key buffer when a strip keys from it).
		const out = plan.output < 0 ? this.master : this.buses[plan.output]!.buffer;
		const dest = track.keyOut ?? out;
		const inCh = track.inCh;
		const m = track.matrix;
		const panAutomated = plan.panLane !== undefined;
		const meter = this.metering;
		let peak = this.trackPeaks[index]!;
		if (!panAutomated && track.pan.steady) {
			this.staticPan(track);
			// One pass per source channel: fader, meter and pan together (the hot loop of a render).
			if (inCh === 1 && this.channels === 2) {
				const args = this.args;
				args[ARG_LEFT] = m[0]!;
				args[ARG_RIGHT] = m[1]!;
				args[ARG_PEAK] = peak;
				mixMonoStereo(track.buffer[0]!, dest[0]!, dest[1]!, constant, gains, frames, meter, args);
				peak = args[ARG_PEAK]!;
			} else {
				for (let i = 0; i < inCh; i++) {
					const x = track.buffer[i]!;
					if (constant) {
						for (let n = 0; n < frames; n++) x[n]! *= scalar;
					} else {
						for (let n = 0; n < frames; n++) x[n]! *= gains[n]!;
					}
					if (meter) {
						for (let n = 0; n < frames; n++) {
							const v = x[n]!;
							const a = v < 0 ? -v : v;
							if (a > peak) peak = a;
						}
					}
					for (let o = 0; o < this.channels; o++) {
						const g = m[o * inCh + i]!;
						if (g === 0) continue;
						const y = dest[o]!;
						for (let n = 0; n < frames; n++) y[n]! += x[n]! * g;
					}
				}
			}
		} else {
			const pans = this.panValues;
			if (panAutomated) {
				fillLinear(plan.panLane!, at, frames, sr, pans);
				track.pan.snap();
			} else track.pan.fill(pans, frames);
			track.matrixPan = NaN;
			for (let n = 0; n < frames; n++) {
				panMatrixAt(plan.format, this.plan.format, pans, n, m);
				const g = constant ? scalar : gains[n]!;
				for (let i = 0; i < inCh; i++) {
					const x = track.buffer[i]![n]! * g;
					const v = Math.abs(x);
					if (v > peak) peak = v;
					for (let o = 0; o < this.channels; o++) dest[o]![n]! += x * m[o * inCh + i]!;
				}
			}
		}
		this.trackPeaks[index] = peak;
		if (track.keyOut) {
			for (let c = 0; c < this.channels; c++) {
				const k = track.keyOut[c]!;
				const o = out[c]!;
				for (let n = 0; n < frames; n++) o[n]! += k[n]!;
			}
		}
	}

	/** The track's matrix for its steady pan, recomputed only when the pan changed. */
	private staticPan(track: TrackState): void {
		const pan = track.pan.value;
		if (pan === track.matrixPan) return;
		this.panValues[0] = pan;
		panMatrixAt(track.plan.format, this.plan.format, this.panValues, 0, track.matrix);
		track.matrixPan = pan;
	}

	/**
	 * The track's gain over the block: polarity × fader (or gain automation) × mute/solo gate ×
	 * mute automation. True with it in args[ARG_SCALAR] when it is constant, else false with
	 * per-sample values in this.gains. Advances the ramps.
	 */
	private fader(track: TrackState, start: number, frames: number): boolean {
		const plan = track.plan;
		const sr = this.sampleRate;
		const gains = this.gains;
		const automated = plan.gainLane !== undefined;
		const muteValue = plan.muteLane ? muteConstant(plan.muteLane, start, frames, sr) : 0;
		if (!automated && muteValue !== undefined && track.fader.steady && track.gate.steady && track.sign.steady) {
			this.args[ARG_SCALAR] = muteValue === 0 ? track.sign.value * track.fader.value * track.gate.value : 0;
			return true;
		}
		if (automated) {
			fillLinear(plan.gainLane!, start, frames, sr, gains, true);
			track.fader.snap();
		} else track.fader.fill(gains, frames);
		track.gate.apply(gains, frames);
		track.sign.apply(gains, frames);
		if (plan.muteLane) applyMuteSteps(plan.muteLane, start, frames, sr, gains);
		return false;
	}

	/**
	 * The common case in one pass: a mono track on a stereo mix whose block is covered by one
	 * clip, with no fade in it and a steady pan. Same arithmetic, in the same order, as the
	 * general path (0 + x·g is exactly x·g), so the output does not depend on which path a block
	 * takes. Returns false to fall back.
	 */
	private renderSolo(track: TrackState, index: number, start: number, frames: number): boolean {
		const plan = track.plan;
		if (plan.panLane !== undefined || !track.pan.steady) return false;
		const end = start + frames;
		let only = -1;
		for (let k = 0; k < plan.clips.length; k++) {
			const c = plan.clips[k]!;
			if (c.start >= end) break;
			if (c.start + c.length <= start) continue;
			if (only >= 0) return false;
			only = k;
		}
		if (only < 0) return false;
		const clip = plan.clips[only]!;
		const source = track.sources[only]!;
		if (!source.mixMonoStereo || clip.start > start || clip.start + clip.length < end) return false;
		if (start - clip.start < clip.fadeIn || end - clip.start > clip.length - clip.fadeOut) return false;
		if (clip.channelMap[0]!.length !== 1) return false;
		// Ramps advance in fader(), so decide everything else first.
		const srcFrame = clip.sourceStart + (start - clip.start);
		const constant = this.fader(track, start, frames);
		const dest = plan.output < 0 ? this.master : this.buses[plan.output]!.buffer;
		const args = this.args;
		if (constant && args[ARG_SCALAR] === 0) {
			track.pan.snap();
			return true;
		}
		this.staticPan(track);
		args[ARG_GAIN] = clip.gain;
		args[ARG_LEFT] = track.matrix[0]!;
		args[ARG_RIGHT] = track.matrix[1]!;
		args[ARG_PEAK] = this.trackPeaks[index]!;
		if (!source.mixMonoStereo(srcFrame, frames, constant, this.gains, dest[0]!, dest[1]!, this.metering, args)) {
			// Not resident: mix through the general path, which counts the underrun. The fader has
			// advanced already, so render with the gains it left.
			for (let c = 0; c < track.inCh; c++) track.buffer[c]!.fill(0, 0, frames);
			source.mixInto(srcFrame, frames, track.buffer, 0, clip.channelMap, args, null);
			mixMonoStereo(track.buffer[0]!, dest[0]!, dest[1]!, constant, this.gains, frames, this.metering, args);
		}
		this.trackPeaks[index] = args[ARG_PEAK]!;
		return true;
	}
}
