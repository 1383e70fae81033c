// The block renderer: one per graph, shared by real-time playback and offline render, so what
// is heard is what is printed. Signal order per track (DESIGN.md): clips (clip gain, fades) →
// polarity → fader (gain / automation) → pan → output bus → bus gain → master gain.
// configure happens in the constructor (all buffers allocated there); render() never
// allocates, awaits or logs. Mixing is float64; nothing clips inside.
import type { MixPlan, PlanClip, PlanTrack } from '../plan.js';
import { panMatrix } from '../dsp/pan.js';
import { applyMuteSteps, fillLinear, muteConstant } from '../dsp/automation.js';
import { Ramp, RAMP_SECONDS } from '../dsp/ramp.js';
import { dbToGain } from '../units.js';
import { BusState, TrackState } from './strip-state.js';
import { fadeEnvelope, mixMonoStereo } from './kernels.js';

/** What the renderer reads clip audio from (engine/media/clip-stream.ts, or a test fake). */
export interface ClipSource {
	mixInto(srcFrame: number, frames: number, dest: Float64Array[], destOffset: number, map: Int8Array[], gain: number, envelope: Float64Array | null): void;
	/**
	 * Fast path for a mono clip alone on its track for a whole block: left/right += ((x·clipGain)·g)·pan,
	 * g = scalar or gains[n]. Returns the post-fader peak (≥ peak; pass peak < 0 to skip metering
	 * and get 0), or −1 when the frames are not all resident (the caller takes the general path,
	 * which counts the underrun).
	 */
	mixMonoStereo?(srcFrame: number, frames: number, clipGain: number, scalar: number | undefined, gains: Float64Array, left: Float64Array, right: Float64Array, gl: number, gr: number, peak: number): number;
}

export class MixRenderer {
	readonly channels: number;
	readonly sampleRate: number;
	/** The master output of the last render, [0, frames). */
	readonly master: Float64Array[];
	private readonly tracks: TrackState[];
	private readonly buses: BusState[];
	private readonly masterGain: Ramp;
	private readonly gains: Float64Array;
	private readonly scratch: Float64Array;
	private readonly envelope: Float64Array;
	private readonly panValues: Float64Array;

	/** Main or worker thread, before audio starts: allocates everything render() needs. */
	constructor(
		readonly plan: MixPlan,
		sources: (clip: PlanClip, track: number, index: number) => ClipSource,
		readonly maxBlock: number,
		/** Track strip peaks for the meters (real time); an offline print skips that work. */
		readonly metering = true,
	) {
		this.channels = plan.channels;
		this.sampleRate = plan.sampleRate;
		const ramp = Math.round(RAMP_SECONDS * plan.sampleRate);
		this.master = Array.from({ length: this.channels }, () => new Float64Array(maxBlock));
		this.tracks = plan.tracks.map(
			(t, ti) => new TrackState(t, t.clips.map((c, ci) => sources(c, ti, ci)), maxBlock, this.channels, ramp),
		);
		this.buses = plan.buses.map((b) => new BusState(b.output, b.gainDb, b.mute, maxBlock, this.channels, ramp));
		this.masterGain = new Ramp(dbToGain(plan.masterGainDb), ramp);
		this.gains = new Float64Array(maxBlock);
		this.scratch = new Float64Array(maxBlock);
		this.envelope = new Float64Array(maxBlock);
		this.panValues = new Float64Array(maxBlock);
		this.updateGates(true);
	}

	/** Output of bus `index` after its gain and mute (a stem), [0, frames) of the last render. */
	bus(index: number): Float64Array[] {
		return this.buses[index]!.buffer;
	}

	// Live control. Audio thread (the worker applies messages between blocks).

	setTrackGain(index: number, db: number): void {
		this.tracks[index]!.fader.set(dbToGain(db));
	}
	setTrackPan(index: number, pan: number): void {
		this.tracks[index]!.pan.set(pan);
	}
	setTrackPolarity(index: number, inverted: boolean): void {
		this.tracks[index]!.sign.set(inverted ? -1 : 1);
	}
	setTrackMute(index: number, mute: boolean): void {
		this.tracks[index]!.mute = mute;
		this.updateGates(false);
	}
	setTrackSolo(index: number, solo: boolean): void {
		this.tracks[index]!.solo = solo;
		this.updateGates(false);
	}
	setBusGain(index: number, db: number): void {
		this.buses[index]!.gain.set(dbToGain(db));
	}
	setBusMute(index: number, mute: boolean): void {
		this.buses[index]!.gate.set(mute ? 0 : 1);
	}
	setMasterGain(db: number): void {
		this.masterGain.set(dbToGain(db));
	}

	/** Takes (and clears) each track's post-fader peak since the last call into out[0..tracks). */
	takeTrackPeaks(out: Float32Array, offset = 0): void {
		for (let i = 0; i < this.tracks.length; i++) {
			out[offset + i] = this.tracks[i]!.peak;
			this.tracks[i]!.peak = 0;
		}
	}

	/** Solo in place: with any track soloed, tracks not soloed are silent. Buses are not affected. */
	private updateGates(immediate: boolean): void {
		const anySolo = this.tracks.some((t) => t.solo);
		for (const t of this.tracks) {
			t.gate.set(!t.mute && (!anySolo || t.solo) ? 1 : 0);
			if (immediate) t.gate.snap();
		}
	}

	/** Audio thread. Renders timeline samples [start, start+frames) into master and the buses. */
	render(start: number, frames: number): void {
		const ch = this.channels;
		for (let c = 0; c < ch; c++) this.master[c]!.fill(0, 0, frames);
		for (const bus of this.buses) for (let c = 0; c < ch; c++) bus.buffer[c]!.fill(0, 0, frames);
		for (const track of this.tracks) this.renderTrack(track, start, frames);
		for (const index of this.plan.busOrder) {
			const bus = this.buses[index]!;
			const scalar = this.gainRun(bus.gain, bus.gate, frames);
			let peak = 0;
			for (let c = 0; c < ch; c++) {
				const b = bus.buffer[c]!;
				if (scalar !== undefined) {
					if (scalar !== 1) for (let i = 0; i < frames; i++) b[i]! *= scalar;
				} else {
					for (let i = 0; i < frames; i++) b[i]! *= this.gains[i]!;
				}
				for (let i = 0; i < frames; i++) {
					const a = Math.abs(b[i]!);
					if (a > peak) peak = a;
				}
				const out = bus.output < 0 ? this.master[c]! : this.buses[bus.output]!.buffer[c]!;
				for (let i = 0; i < frames; i++) out[i]! += b[i]!;
			}
			if (peak > bus.peak) bus.peak = peak;
		}
		const scalar = this.gainRun(this.masterGain, undefined, frames);
		if (scalar !== 1) {
			for (let c = 0; c < ch; c++) {
				const m = this.master[c]!;
				if (scalar !== undefined) for (let i = 0; i < frames; i++) m[i]! *= scalar;
				else for (let i = 0; i < frames; i++) m[i]! *= this.gains[i]!;
			}
		}
	}

	/** Takes (and clears) each bus's peak since the last call. */
	takeBusPeaks(out: Float32Array, offset = 0): void {
		for (let i = 0; i < this.buses.length; i++) {
			out[offset + i] = this.buses[i]!.peak;
			this.buses[i]!.peak = 0;
		}
	}

	/** The product of two ramps over the block: a scalar when both are steady, else in this.gains. */
	private gainRun(a: Ramp, b: Ramp | undefined, frames: number): number | undefined {
		if (a.steady && (!b || b.steady)) return a.value * (b ? b.value : 1);
		a.fill(this.gains, frames);
		if (b) b.apply(this.gains, frames);
		return undefined;
	}

	private renderTrack(track: TrackState, start: number, frames: number): void {
		const plan = track.plan;
		const end = start + frames;
		const sr = this.sampleRate;
		if (plan.format === 'mono' && this.channels === 2 && this.renderSolo(track, start, frames)) return;
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
			track.sources[k]!.mixInto(clip.sourceStart + (a - clip.start), b - a, track.buffer, a - start, clip.channelMap, clip.gain, envelope);
		}
		if (!sounding) {
			// Nothing to hear: let any live change land now rather than ramp over silence.
			track.fader.snap();
			track.gate.snap();
			track.sign.snap();
			track.pan.snap();
			return;
		}

		const scalar = this.fader(track, start, frames);
		const gains = this.gains;
		if (scalar === 0) {
			track.pan.snap();
			return;
		}

		// Pan onto the track's destination.
		const dest = plan.output < 0 ? this.master : this.buses[plan.output]!.buffer;
		const inCh = track.inCh;
		const m = track.matrix;
		const panAutomated = plan.panLane !== undefined;
		let peak = track.peak;
		if (!panAutomated && track.pan.steady) {
			panMatrix(plan.format, this.plan.format, track.pan.value, m);
			// One pass per source channel: fader, meter and pan together (the hot loop of a render).
			if (inCh === 1 && this.channels === 2) {
				peak = mixMonoStereo(track.buffer[0]!, dest[0]!, dest[1]!, m[0]!, m[1]!, scalar, gains, frames, peak);
			} else {
				for (let i = 0; i < inCh; i++) {
					const x = track.buffer[i]!;
					if (scalar !== undefined) {
						for (let n = 0; n < frames; n++) {
							const v = x[n]! * scalar;
							x[n] = v;
							const a = v < 0 ? -v : v;
							if (a > peak) peak = a;
						}
					} else {
						for (let n = 0; n < frames; n++) {
							const v = x[n]! * gains[n]!;
							x[n] = v;
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
				fillLinear(plan.panLane!, start, frames, sr, pans);
				track.pan.snap();
			} else track.pan.fill(pans, frames);
			for (let n = 0; n < frames; n++) {
				panMatrix(plan.format, this.plan.format, pans[n]!, m);
				const g = scalar !== undefined ? scalar : gains[n]!;
				for (let i = 0; i < inCh; i++) {
					const x = track.buffer[i]![n]! * g;
					const v = Math.abs(x);
					if (v > peak) peak = v;
					for (let o = 0; o < this.channels; o++) dest[o]![n]! += x * m[o * inCh + i]!;
				}
			}
		}
		track.peak = peak;
	}

	/**
	 * The track's gain over the block: polarity × fader (or gain automation) × mute/solo gate ×
	 * mute automation. A scalar when it is constant, else undefined with per-sample values in
	 * this.gains. Advances the ramps.
	 */
	private fader(track: TrackState, start: number, frames: number): number | undefined {
		const plan = track.plan;
		const sr = this.sampleRate;
		const gains = this.gains;
		const automated = plan.gainLane !== undefined;
		const muteValue = plan.muteLane ? muteConstant(plan.muteLane, start, frames, sr) : 0;
		if (!automated && muteValue !== undefined && track.fader.steady && track.gate.steady && track.sign.steady) {
			return muteValue === 0 ? track.sign.value * track.fader.value * track.gate.value : 0;
		}
		if (automated) {
			fillLinear(plan.gainLane!, start, frames, sr, gains, true);
			track.fader.snap();
		} else track.fader.fill(gains, frames);
		track.gate.apply(gains, frames);
		track.sign.apply(gains, frames);
		if (plan.muteLane) applyMuteSteps(plan.muteLane, start, frames, sr, gains);
		return undefined;
	}

	/**
	 * The common case in one pass: a mono track on a stereo mix whose block is covered by one
	 * clip, with no fade in it and a steady pan. Same arithmetic, in the same order, as the
	 * general path (0 + x·g is exactly x·g), so the output does not depend on which path a block
	 * takes. Returns false to fall back.
	 */
	private renderSolo(track: TrackState, start: number, frames: number): boolean {
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
		const scalar = this.fader(track, start, frames);
		const dest = plan.output < 0 ? this.master : this.buses[plan.output]!.buffer;
		if (scalar === 0) {
			track.pan.snap();
			return true;
		}
		const m = track.matrix;
		panMatrix('mono', this.plan.format, track.pan.value, m);
		const peak = source.mixMonoStereo(srcFrame, frames, clip.gain, scalar, this.gains, dest[0]!, dest[1]!, m[0]!, m[1]!, this.metering ? track.peak : -2);
		if (peak >= 0) {
			if (this.metering) track.peak = peak;
			return true;
		}
		// Not resident: mix through the general path, which counts the underrun. The fader has
		// advanced already, so render with the gains it left.
		for (let c = 0; c < track.inCh; c++) track.buffer[c]!.fill(0, 0, frames);
		source.mixInto(srcFrame, frames, track.buffer, 0, clip.channelMap, clip.gain, null);
		track.peak = mixMonoStereo(track.buffer[0]!, dest[0]!, dest[1]!, m[0]!, m[1]!, scalar, this.gains, frames, track.peak);
		return true;
	}
}
