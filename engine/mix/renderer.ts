// The block renderer: one per graph, shared by real-time playback and offline render, so what
// is heard is what is printed. Signal order (docs/mix-semantics.md): track: clips (clip gain,
// fades) → strip → fader (gain / automation) × polarity → mute/solo → pan → output bus; bus:
// sum → strip → gain → mute → parent; master: sum → strip → gain. Polarity is applied with the
// fader, after the strip: every strip section is symmetric in sign, so the result is the same.
// configure happens in the constructor (all buffers allocated there); render() never
// allocates, awaits or logs. Mixing is float64; nothing clips inside.
import type { MixPlan, PlanClip, PlanTrack } from '../plan.js';
import { panMatrixAt } from '../dsp/pan.js';
import { applyMuteSteps, fillLinear, muteConstant } from '../dsp/automation.js';
import { Ramp, RAMP_SECONDS } from '../dsp/ramp.js';
import { dbToGain } from '../units.js';
import { BusState, chainOf, TrackState } from './strip-state.js';
import type { ClipSource } from './clip-source.js';
import type { StripChain } from './strip-chain.js';
import { DelayLine } from '../dsp/delay.js';
import { planLatency } from './latency.js';
import type { NodeRef } from '../plan-strip.js';
import { ARG_COUNT, ARG_GAIN, ARG_LEFT, ARG_PEAK, ARG_RIGHT, ARG_SCALAR, fadeEnvelope, mixMonoStereo } from './kernels.js';

export type { ClipSource } from './clip-source.js';

/** The strip sections with a gain-reduction meter, in the order takeReductions() writes them. */
export const REDUCTION_SECTIONS = ['gate', 'compressor', 'deesser', 'limiter'] as const;

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
	/** Doubles exchanged with the kernels (kernels.ts ARG_*). */
	private readonly args = new Float64Array(ARG_COUNT);
	/** Post-fader peaks since the meters last took them (typed arrays: a double field may box). */
	private readonly trackPeaks: Float64Array;
	private readonly busPeaks: Float64Array;

	/** Every strip's chain in meter order (tracks, buses, master), and where its dynamics sit in it. */
	private readonly reductionChains: (StripChain | undefined)[];
	private readonly reductionIndex: Int32Array;
	private readonly reductionScratch = new Float64Array(1);
	/** The master strip's chain, when the master has a strip. */
	private readonly masterChain: StripChain | undefined;
	private readonly masterKeys: (Float64Array[] | null)[] | null = null;
	/** Samples the media is read ahead of the output: the longest processing path (0 without look-ahead). */
	readonly latency: number;
	/** Per track: the latency at its fader, for evaluating its automation on the timeline. */
	private readonly trackAt: Int32Array;

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
		const sr = plan.sampleRate;
		const ramp = Math.round(RAMP_SECONDS * sr);
		this.master = Array.from({ length: this.channels }, () => new Float64Array(maxBlock));
		this.tracks = plan.tracks.map(
			(t, ti) => new TrackState(t, t.clips.map((c, ci) => sources(c, ti, ci)), maxBlock, this.channels, ramp, sr),
		);
		this.buses = plan.buses.map((b) => new BusState(b, maxBlock, this.channels, ramp, sr));
		this.masterChain = chainOf(plan.masterStrip, this.channels, sr, maxBlock);
		this.masterGain = new Ramp(dbToGain(plan.masterGainDb), ramp);
		this.gains = new Float64Array(maxBlock);
		this.scratch = new Float64Array(maxBlock);
		this.envelope = new Float64Array(maxBlock);
		this.panValues = new Float64Array(maxBlock);
		this.trackPeaks = new Float64Array(this.tracks.length);
		this.busPeaks = new Float64Array(this.buses.length);

		const lat = planLatency(
			plan,
			this.tracks.map((t) => t.chain?.latency ?? 0),
			this.buses.map((b) => b.chain?.latency ?? 0),
			this.masterChain?.latency ?? 0,
		);
		this.latency = lat.total;
		this.trackAt = Int32Array.from(lat.trackAt);
		this.tracks.forEach((t, i) => {
			const d = lat.trackDelay[i]!;
			if (d > 0) t.delay = new DelayLine(t.inCh, d);
		});
		this.buses.forEach((b, i) => {
			const f = lat.busFeedDelay[i]!;
			if (f > 0) {
				b.feedDelay = new DelayLine(this.channels, f);
				b.feed = Array.from({ length: this.channels }, () => new Float64Array(maxBlock));
			}
			const st = lat.busStemDelay[i]!;
			if (st > 0) {
				b.stemDelay = new DelayLine(this.channels, st);
				b.stem = Array.from({ length: this.channels }, () => new Float64Array(maxBlock));
			}
		});
		// Sidechains: a keyed section reads its key node's output of the same block.
		const keyBuffers = (ref: NodeRef): Float64Array[] => {
			if (ref.kind === 'bus') return this.buses[ref.index]!.buffer;
			const t = this.tracks[ref.index]!;
			t.keyOut ??= Array.from({ length: this.channels }, () => new Float64Array(maxBlock));
			return t.keyOut;
		};
		const keysOf = (chain: StripChain | undefined) => {
			if (!chain) return null;
			const keys = Array.from({ length: chain.size }, (_, i) => {
				const ref = chain.section(i).key;
				return ref ? keyBuffers(ref) : null;
			});
			return keys.some((k) => k !== null) ? keys : null;
		};
		for (const t of this.tracks) t.keys = keysOf(t.chain);
		for (const b of this.buses) b.keys = keysOf(b.chain);
		this.masterKeys = keysOf(this.masterChain);
		this.reductionChains = [...this.tracks.map((t) => t.chain), ...this.buses.map((b) => b.chain), this.masterChain];
		this.reductionIndex = Int32Array.from(
			this.reductionChains.flatMap((c) => REDUCTION_SECTIONS.map((name) => (c ? c.indexOf(name) : -1))),
		);
		this.updateGates(true);
	}

	/** Output of bus `index` after its gain and mute (a stem, on the timeline), [0, frames) of the last render. */
	bus(index: number): Float64Array[] {
		return this.buses[index]!.stem;
	}

	/** The strip chain of a track, a bus or the master (undefined without a strip). */
	chain(kind: 'track' | 'bus' | 'master', index: number): StripChain | undefined {
		if (kind === 'track') return this.tracks[index]?.chain;
		if (kind === 'bus') return this.buses[index]?.chain;
		return this.masterChain;
	}

	/**
	 * Audio thread. Prepares to output timeline sample `position` next: clears every strip's
	 * state and delay, then runs the media of [position, position + latency) through the graph so
	 * the look-ahead is full (output discarded). Offline and real time do the same at a start, a
	 * locate and a loop wrap, so they print the same bits.
	 */
	seek(position: number): void {
		for (const t of this.tracks) {
			t.chain?.reset();
			t.delay?.reset();
			t.tail = 0;
		}
		for (const b of this.buses) {
			b.chain?.reset();
			b.feedDelay?.reset();
			b.stemDelay?.reset();
		}
		this.masterChain?.reset();
		for (let done = 0; done < this.latency; ) {
			const n = Math.min(this.maxBlock, this.latency - done);
			this.render(position - this.latency + done, n);
			done += n;
		}
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
		for (let i = 0; i < this.tracks.length; i++) out[offset + i] = this.trackPeaks[i]!;
		this.trackPeaks.fill(0);
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

	/**
	 * Takes (and clears) the gain reduction of every strip's dynamics since the last call:
	 * REDUCTION_SECTIONS.length values (dB ≤ 0; 0 when the section is absent) per track, then per
	 * bus, then for the master, from out[offset].
	 */
	takeReductions(out: Float32Array, offset = 0): void {
		const n = REDUCTION_SECTIONS.length;
		const chains = this.reductionChains;
		for (let i = 0; i < chains.length; i++) {
			const chain = chains[i];
			const index = this.reductionIndex;
			for (let k = 0; k < n; k++) {
				const stage = index[i * n + k]!;
				if (chain === undefined || stage < 0) out[offset + i * n + k] = 0;
				else {
					chain.takeReduction(stage, this.reductionScratch, 0);
					out[offset + i * n + k] = this.reductionScratch[0]!;
				}
			}
		}
	}

	/** Takes (and clears) each bus's peak since the last call. */
	takeBusPeaks(out: Float32Array, offset = 0): void {
		for (let i = 0; i < this.buses.length; i++) out[offset + i] = this.busPeaks[i]!;
		this.busPeaks.fill(0);
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
