// A track's node of the block renderer: its clips (clip gain, fades) → strip → latency
// compensation → fader (gain / automation, + duck lane) × polarity → ducker → mute/solo → pan,
// into its bus, its sends and its sidechain key. The track's ducker delays its audio after the
// strip and hands its gains to the fader (gains commute, and pre-fader sends must not be
// dipped). Polarity is applied with the fader, after the strip: every strip section is
// symmetric in sign, so the result is the same. Audio thread: nothing here allocates, awaits or
// logs. The buses, the master and the block's order are in renderer.ts.
import { panMatrixAt } from '../dsp/pan.js';
import { fillPans, panMoves, snapPans } from './surround-pan.js';
import { applyGainLane, applyMuteSteps, fillLinear, muteConstant } from '../dsp/automation.js';
import type { BusState, TrackState } from './strip-state.js';
import { RendererState } from './renderer-state.js';
import { ARG_GAIN, ARG_LEFT, ARG_PEAK, ARG_RIGHT, ARG_SCALAR, fadeEnvelope, mixMonoStereo } from './kernels.js';

export abstract class TrackRenderer extends RendererState {
	/** `read` is the media position of the block (the timeline position plus the graph's latency). */
	protected renderTrack(track: TrackState, index: number, read: number, frames: number): void {
		const plan = track.plan;
		const start = read;
		const end = start + frames;
		const sr = this.sampleRate;
		const plain = track.chain === undefined && track.delay === undefined && track.keyOut === undefined && track.duck === undefined;
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
		// A strip rings on, and a ducker follows its key, through silence too.
		const runs = track.chain !== undefined || track.duck !== undefined;
		if (sounding) {
			if (!runs) track.tail = track.tailLength;
		} else if (runs || track.tail > 0) {
			// A strip rings on, and a delay still holds audio: run them on silence.
			for (let c = 0; c < track.inCh; c++) track.buffer[c]!.fill(0, 0, frames);
			track.tail = Math.max(0, track.tail - frames);
		} else {
			// Nothing to hear: let any live change land now rather than ramp over silence.
			track.fader.snap();
			track.gate.snap();
			track.sign.snap();
			snapPans(track);
			return;
		}
		if (track.lanes) track.lanes.process(track.buffer, frames, start, sr);
		else if (track.chain) track.chain.process(track.buffer, frames, track.keys);
		if (track.delay) track.delay.process(track.buffer, frames);
		// The ducker's look-ahead delays the audio here; its gains join the fader's.
		if (track.duck) track.duck.processGains(track.buffer, frames, delayedKey(track, frames));

		// From here on the audio is `trackAt` samples late against the media read: automation
		// is evaluated at the timeline position the audio now belongs to.
		const at = start - this.trackAt[index]!;
		const out = plan.output < 0 ? this.master : this.buses[plan.output]!.buffer;
		if (track.hasPre) {
			this.renderWithPreSends(track, index, at, frames);
			this.feedSends(track, out, frames, at);
			return;
		}
		const constant = this.fader(track, at, frames);
		const scalar = this.args[ARG_SCALAR]!;
		const gains = this.gains;
		if (constant && scalar === 0 && track.sends.length === 0) {
			snapPans(track);
			return;
		}

		// Pan onto the track's destination (through its own buffer when it has sends or keys a strip).
		const dest = track.keyOut ?? out;
		const inCh = track.inCh;
		const m = track.matrix;
		const meter = this.metering;
		let peak = this.trackPeaks[index]!;
		if (!panMoves(track)) {
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
			fillPans(track, at, frames, sr, pans, this.panYValues, this.lfeValues);
			for (let n = 0; n < frames; n++) {
				panMatrixAt(plan.format, this.plan.format, pans, n, m, this.panYValues, this.lfeValues);
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
		if (track.sends.length > 0) this.feedSends(track, out, frames, at);
		else if (track.keyOut) feedOut(track, out, this.channels, frames);
	}

	/**
	 * A track's post-pan output (track.keyOut) into its sends and then its bus, each through its
	 * latency compensation. Post-fader sends tap it; pre-fader ones tap track.preOut.
	 */
	private feedSends(track: TrackState, out: Float64Array[], frames: number, at: number): void {
		const ch = this.channels;
		const post = track.keyOut!;
		for (let k = 0; k < track.sends.length; k++) {
			const send = track.sends[k]!;
			const src = send.pre ? track.preOut! : post;
			const bus = this.buses[send.bus]!.buffer;
			const ramp = send.gain;
			if (send.lane && send.on) {
				// An automated level: the lane's gains, per sample, at the fader's time.
				fillLinear(send.lane, at, frames, this.sampleRate, this.scratch, true);
				ramp.snap();
			} else if (ramp.steady && ramp.value === 0 && !send.delay) continue;
			if (ramp.steady && !send.delay && !send.lane) {
				const g = ramp.value;
				for (let c = 0; c < ch; c++) {
					const x = src[c]!;
					const y = bus[c]!;
					for (let n = 0; n < frames; n++) y[n]! += x[n]! * g;
				}
				continue;
			}
			// A level on the move, or a delay to keep: through the send's own buffer.
			const steady = ramp.steady && !(send.lane && send.on);
			const g = ramp.value;
			if (!steady && !send.lane) ramp.fill(this.scratch, frames);
			for (let c = 0; c < ch; c++) {
				const x = src[c]!;
				const t = send.scratch[c]!;
				if (steady) for (let n = 0; n < frames; n++) t[n] = x[n]! * g;
				else for (let n = 0; n < frames; n++) t[n] = x[n]! * this.scratch[n]!;
			}
			if (send.delay) send.delay.process(send.scratch, frames);
			for (let c = 0; c < ch; c++) {
				const t = send.scratch[c]!;
				const y = bus[c]!;
				for (let n = 0; n < frames; n++) y[n]! += t[n]!;
			}
		}
		feedOut(track, out, ch, frames);
	}

	/**
	 * A track with pre-fader sends: the panned signal before the fader (with mute/solo and
	 * polarity) into track.preOut, and after it into track.keyOut. Per sample, as the pan may move.
	 */
	private renderWithPreSends(track: TrackState, index: number, at: number, frames: number): void {
		const plan = track.plan;
		const pre = this.preGains;
		const gains = this.gains;
		// The gate, polarity and mute automation, then the fader on top.
		track.gate.fill(pre, frames);
		track.sign.apply(pre, frames);
		if (plan.muteLane) applyMuteSteps(plan.muteLane, at, frames, this.sampleRate, pre);
		if (plan.gainLane) {
			fillLinear(plan.gainLane, at, frames, this.sampleRate, gains, true);
			track.fader.snap();
		} else track.fader.fill(gains, frames);
		this.duckGains(track, at, frames);
		for (let n = 0; n < frames; n++) gains[n]! *= pre[n]!;
		const dynamic = panMoves(track);
		if (dynamic) fillPans(track, at, frames, this.sampleRate, this.panValues, this.panYValues, this.lfeValues);
		else this.staticPan(track);
		this.panInto(track, pre, dynamic, track.preOut!, frames);
		this.trackPeaks[index] = Math.max(this.trackPeaks[index]!, this.panInto(track, gains, dynamic, track.keyOut!, frames));
	}

	/** dest = pan(track.buffer × gains); returns the peak of the signal before the pan. */
	private panInto(track: TrackState, gains: Float64Array, dynamic: boolean, dest: Float64Array[], frames: number): number {
		const inCh = track.inCh;
		const outCh = this.channels;
		const m = track.matrix;
		let peak = 0;
		for (let o = 0; o < outCh; o++) dest[o]!.fill(0, 0, frames);
		for (let n = 0; n < frames; n++) {
			if (dynamic) panMatrixAt(track.plan.format, this.plan.format, this.panValues, n, m, this.panYValues, this.lfeValues);
			const g = gains[n]!;
			for (let i = 0; i < inCh; i++) {
				const x = track.buffer[i]![n]! * g;
				const a = x < 0 ? -x : x;
				if (a > peak) peak = a;
				for (let o = 0; o < outCh; o++) dest[o]![n]! += x * m[o * inCh + i]!;
			}
		}
		return peak;
	}

	/** The track's matrix for its steady pan (panY, LFE), recomputed only when one changed. */
	private staticPan(track: TrackState): void {
		const pan = track.pan.value;
		const y = track.panY.value;
		const lfe = track.lfe.value;
		if (pan === track.matrixPan && y === track.matrixPanY && lfe === track.matrixLfe) return;
		this.panValues[0] = pan;
		this.panYValues[0] = y;
		this.lfeValues[0] = lfe;
		panMatrixAt(track.plan.format, this.plan.format, this.panValues, 0, track.matrix, this.panYValues, this.lfeValues);
		track.matrixPan = pan;
		track.matrixPanY = y;
		track.matrixLfe = lfe;
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
		const ducked = plan.duckLane !== undefined || (track.duck !== undefined && track.duck.unity[0] === 0);
		if (!automated && !ducked && muteValue !== undefined && track.fader.steady && track.gate.steady && track.sign.steady) {
			this.args[ARG_SCALAR] = muteValue === 0 ? track.sign.value * track.fader.value * track.gate.value : 0;
			return true;
		}
		if (automated) {
			fillLinear(plan.gainLane!, start, frames, sr, gains, true);
			track.fader.snap();
		} else track.fader.fill(gains, frames);
		if (ducked) this.duckGains(track, start, frames);
		track.gate.apply(gains, frames);
		track.sign.apply(gains, frames);
		if (plan.muteLane) applyMuteSteps(plan.muteLane, start, frames, sr, gains);
		return false;
	}

	/** this.gains[i] *= the duck lane's gain and the ducker's at sample i (the fader's time `at`). */
	private duckGains(track: TrackState, at: number, frames: number): void {
		const gains = this.gains;
		if (track.plan.duckLane) applyGainLane(track.plan.duckLane, at, frames, this.sampleRate, gains);
		const duck = track.duck;
		if (duck === undefined || duck.unity[0] === 1) return;
		const d = duck.gains;
		for (let n = 0; n < frames; n++) gains[n]! *= d[n]!;
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

/**
 * A track's post-pan output (keyOut) into its bus, through its latency compensation when it has
 * one. The delay runs on a copy: keyOut stays as it is for a strip or ducker keyed from it.
 */
function feedOut(track: TrackState, out: Float64Array[], channels: number, frames: number): void {
	const delay = track.outDelay;
	const src = delay ? track.outFeed! : track.keyOut!;
	if (delay) {
		for (let c = 0; c < channels; c++) {
			const from = track.keyOut![c]!;
			const to = src[c]!;
			for (let n = 0; n < frames; n++) to[n] = from[n]!;
		}
		delay.process(src, frames);
	}
	for (let c = 0; c < channels; c++) {
		const k = src[c]!;
		const o = out[c]!;
		for (let n = 0; n < frames; n++) o[n]! += k[n]!;
	}
}

/** A ducker's key, held back when it comes earlier than the ducked audio (see latency.ts). */
export function delayedKey(node: TrackState | BusState, frames: number): Float64Array[] | null {
	const delay = node.duckKeyDelay;
	const key = node.duckKey;
	if (!delay || !key) return key;
	const buf = node.duckKeyBuffer!;
	for (let c = 0; c < key.length; c++) {
		const from = key[c]!;
		const to = buf[c]!;
		for (let n = 0; n < frames; n++) to[n] = from[n]!;
	}
	delay.process(buf, frames);
	return buf;
}
