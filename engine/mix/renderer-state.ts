// The renderer's graph state: the nodes the constructor builds (renderer-build.ts) and the
// buffers it allocates, the live controls and lanes the worker sets between blocks, seeking,
// and the meter read-outs. The DSP loops that use it are in renderer.ts and track-renderer.ts.
import type { MixPlan, PlanClip } from '../plan.js';
import { Ramp, RAMP_SECONDS } from '../dsp/ramp.js';
import { dbToGain } from '../units.js';
import type { BusState, TrackState } from './strip-state.js';
import type { ClipSource } from './clip-source.js';
import type { StripChain } from './strip-chain.js';
import { ParamLanes } from './param-lanes.js';
import type { Lane } from '../dsp/automation.js';
import { ARG_COUNT } from './kernels.js';
import type { Ducker } from '../dsp/dynamics/ducker.js';
import { buildNodes, type RenderPart } from './renderer-build.js';

export type { RenderPart } from './renderer-build.js';

/** The arrays a parallel render hands between threads (see RendererState.mixBuffers). */
export interface MixBuffers {
	master: Float64Array[];
	/** Per bus: its input sum, turned into its output in place when the bus is finished. */
	buses: Float64Array[][];
	/** Per bus: its stem (the bus buffer itself when the stem needs no delay). */
	stems: Float64Array[][];
	/** Per track: its post-pan output when a strip keys from it. */
	keyOuts: (Float64Array[] | undefined)[];
}

/** The strip sections with a gain-reduction meter, in the order takeReductions() writes them. */
export const REDUCTION_SECTIONS = ['gate', 'compressor', 'deesser', 'limiter', 'duck'] as const;

/** Where the ducker's reading sits among REDUCTION_SECTIONS. */
const DUCK_READING = REDUCTION_SECTIONS.indexOf('duck');

export abstract class RendererState {
	readonly channels: number;
	readonly sampleRate: number;
	/** The master output of the last render, [0, frames). */
	readonly master: Float64Array[];
	protected readonly tracks: TrackState[];
	protected readonly buses: BusState[];
	protected readonly masterGain: Ramp;
	protected readonly gains: Float64Array;
	protected readonly scratch: Float64Array;
	protected readonly envelope: Float64Array;
	protected readonly panValues: Float64Array;
	/** panY and the LFE gain per sample, beside panValues (surround tracks). */
	protected readonly panYValues: Float64Array;
	protected readonly lfeValues: Float64Array;
	/** A pre-fader send's gains (mute/solo, polarity, mute automation) over the block. */
	protected readonly preGains: Float64Array;
	/** Doubles exchanged with the kernels (kernels.ts ARG_*). */
	protected readonly args = new Float64Array(ARG_COUNT);
	/** Post-fader peaks since the meters last took them (typed arrays: a double field may box). */
	protected readonly trackPeaks: Float64Array;
	protected readonly busPeaks: Float64Array;

	/** Every strip's chain in meter order (tracks, buses, master), and where its dynamics sit in it. */
	protected readonly reductionChains: (StripChain | undefined)[];
	protected readonly reductionIndex: Int32Array;
	protected readonly reductionScratch = new Float64Array(1);
	/** Every strip's ducker in the same order (the 'duck' reading). */
	protected readonly reductionDuckers: (Ducker | undefined)[];
	/** The master strip's chain, when the master has a strip. */
	protected readonly masterChain: StripChain | undefined;
	protected readonly masterKeys: (Float64Array[] | null)[] | null = null;
	/** Samples the media is read ahead of the output: the longest processing path (0 without look-ahead). */
	readonly latency: number;
	/** Per track: the latency at its fader, for evaluating its automation on the timeline. */
	protected readonly trackAt: Int32Array;
	/** The master strip's automated parameters. */
	protected masterLanes: ParamLanes | undefined;
	/** Per bus: the latency of its input, where its strip's automation is evaluated. */
	protected readonly busAt: Int32Array;

	/** Main or worker thread, before audio starts: allocates everything render() needs. */
	constructor(
		readonly plan: MixPlan,
		sources: (clip: PlanClip, track: number, index: number) => ClipSource,
		readonly maxBlock: number,
		/** Track strip peaks for the meters (real time); an offline print skips that work. */
		readonly metering = true,
		/** Only these nodes are rendered here (a parallel render); default: all of them. */
		part?: RenderPart,
	) {
		this.channels = plan.channels;
		this.sampleRate = plan.sampleRate;
		const sr = plan.sampleRate;
		const ramp = Math.round(RAMP_SECONDS * sr);
		this.master = Array.from({ length: this.channels }, () => new Float64Array(maxBlock));
		const nodes = buildNodes(plan, sources, maxBlock, ramp, part);
		this.tracks = nodes.tracks;
		this.buses = nodes.buses;
		this.masterChain = nodes.masterChain;
		this.masterKeys = nodes.masterKeys;
		this.masterLanes = nodes.masterLanes;
		this.latency = nodes.latency;
		this.trackAt = nodes.trackAt;
		this.busAt = nodes.busAt;
		this.masterGain = new Ramp(dbToGain(plan.masterGainDb), ramp);
		this.gains = new Float64Array(maxBlock);
		this.scratch = new Float64Array(maxBlock);
		this.envelope = new Float64Array(maxBlock);
		this.panValues = new Float64Array(maxBlock);
		this.panYValues = new Float64Array(maxBlock);
		this.lfeValues = new Float64Array(maxBlock);
		this.preGains = new Float64Array(maxBlock);
		this.trackPeaks = new Float64Array(this.tracks.length);
		this.busPeaks = new Float64Array(this.buses.length);
		this.reductionChains = [...this.tracks.map((t) => t.chain), ...this.buses.map((b) => b.chain), this.masterChain];
		this.reductionDuckers = [...this.tracks.map((t) => t.duck), ...this.buses.map((b) => b.duck), undefined];
		this.reductionIndex = Int32Array.from(
			this.reductionChains.flatMap((c) => REDUCTION_SECTIONS.map((name) => (c ? c.indexOf(name) : -1))),
		);
		this.updateGates(true);
	}

	/** Output of bus `index` after its gain and mute (a stem, on the timeline), [0, frames) of the last render. */
	bus(index: number): Float64Array[] {
		return this.buses[index]!.stem;
	}

	/**
	 * Between blocks: the lane that drives a track's control ('gain', 'pan', 'send.VERB',
	 * 'strip.eq.0.gain' …), or undefined when it plays its static value.
	 */
	trackLane(index: number, param: string): Lane | undefined {
		const t = this.tracks[index];
		if (!t) return undefined;
		if (param === 'gain') return t.plan.gainLane;
		if (param === 'pan') return t.plan.panLane;
		if (param === 'panY') return t.plan.panYLane;
		if (param === 'lfe') return t.plan.lfeLane;
		if (param === 'mute') return t.plan.muteLane;
		if (param.startsWith('send.')) return t.sends[this.sendIndex(index, param.slice(5))]?.lane;
		if (param.startsWith('strip.')) return t.lanes?.lane(param);
		return undefined;
	}

	/** Between blocks (an automation pass): drives a track's control by `lane` (undefined: its static value). False if it has no such control. */
	setTrackLane(index: number, param: string, lane: Lane | undefined): boolean {
		const t = this.tracks[index];
		if (!t) return false;
		if (param === 'gain') t.plan.gainLane = lane;
		else if (param === 'pan') t.plan.panLane = lane;
		else if (param === 'panY') t.plan.panYLane = lane;
		else if (param === 'lfe') t.plan.lfeLane = lane;
		else if (param === 'mute') t.plan.muteLane = lane;
		else if (param.startsWith('send.')) {
			const send = t.sends[this.sendIndex(index, param.slice(5))];
			if (!send) return false;
			send.lane = lane;
		} else if (param.startsWith('strip.')) {
			if (!t.chain) return false;
			t.lanes ??= new ParamLanes([], t.chain, t.inCh, t.keys);
			return t.lanes.set(param, lane);
		} else return false;
		return true;
	}

	/** Between blocks: a bus's automated control ('gain', 'strip.eq.0.gain' …), or undefined. */
	busLane(index: number, param: string): Lane | undefined {
		const b = this.buses[index];
		if (!b) return undefined;
		if (param === 'gain') return this.plan.buses[index]!.gainLane;
		if (param.startsWith('strip.')) return b.lanes?.lane(param);
		return undefined;
	}

	/** Between blocks (an automation pass): drives a bus's control by `lane`. False if it has no such control. */
	setBusLane(index: number, param: string, lane: Lane | undefined): boolean {
		const b = this.buses[index];
		if (!b) return false;
		if (param === 'gain') this.plan.buses[index]!.gainLane = lane;
		else if (param.startsWith('strip.')) {
			if (!b.chain) return false;
			b.lanes ??= new ParamLanes([], b.chain, this.channels, b.keys);
			return b.lanes.set(param, lane);
		} else return false;
		return true;
	}

	/** Between blocks: the master's automated control ('gain', 'strip.…'), or undefined. */
	masterLane(param: string): Lane | undefined {
		if (param === 'gain') return this.plan.masterGainLane;
		if (param.startsWith('strip.')) return this.masterLanes?.lane(param);
		return undefined;
	}

	/** Between blocks (an automation pass): drives a master control by `lane`. */
	setMasterLane(param: string, lane: Lane | undefined): boolean {
		if (param === 'gain') this.plan.masterGainLane = lane;
		else if (param.startsWith('strip.')) {
			if (!this.masterChain) return false;
			this.masterLanes ??= new ParamLanes([], this.masterChain, this.channels, this.masterKeys);
			return this.masterLanes.set(param, lane);
		} else return false;
		return true;
	}

	private sendIndex(track: number, bus: string): number {
		const b = this.plan.buses.findIndex((x) => x.id === bus);
		return this.tracks[track]!.sends.findIndex((s) => s.bus === b);
	}

	/** The live ducker of a track or a bus, when it has one (built on). */
	ducker(kind: 'track' | 'bus', index: number): Ducker | undefined {
		return kind === 'track' ? this.tracks[index]?.duck : this.buses[index]?.duck;
	}

	/** A return bus's reverb (a one-section chain), when it has one. */
	reverbChain(index: number): StripChain | undefined {
		return this.buses[index]?.reverb;
	}

	/** Audio thread, between blocks. A send's level in dB, de-clicked (heard while it is on). */
	setSendLevel(track: number, send: number, db: number): void {
		const s = this.tracks[track]?.sends[send];
		if (!s) return;
		s.db = db;
		s.gain.set(s.on ? dbToGain(db) : 0);
	}

	/** Audio thread, between blocks. Switches a send on or off, de-clicked. */
	setSendOn(track: number, send: number, on: boolean): void {
		const s = this.tracks[track]?.sends[send];
		if (!s) return;
		s.on = on;
		s.gain.set(on ? dbToGain(s.db) : 0);
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
		for (let done = -1; done < this.latency; ) done = this.seekStep(position, done);
	}

	/**
	 * Audio thread. One step of seek(), for real time to spread a long look-ahead over buffers:
	 * from `done` = −1 it primes the lanes and clears the state, and each call runs one block of
	 * the pre-roll (the same blocks seek() runs). Returns the frames done; seek is complete at `latency`.
	 */
	seekStep(position: number, done: number): number {
		if (done < 0) {
			this.primeLanes(position);
			this.resetState();
			done = 0;
		}
		if (done >= this.latency) return done;
		const n = Math.min(this.maxBlock, this.latency - done);
		this.render(position - this.latency + done, n);
		return done + n;
	}

	/**
	 * Audio thread. Sets every automated strip parameter to its lane's value where the media is
	 * next read (before the reset makes targets current), so a print starting here, and playback
	 * arriving here by a jump, both start on the lane rather than on what was playing before.
	 */
	primeLanes(position: number): void {
		for (const t of this.tracks) t.lanes?.prime(position, this.sampleRate);
		this.buses.forEach((b, i) => b.lanes?.prime(position - this.busAt[i]!, this.sampleRate));
		this.masterLanes?.prime(position + (this.masterChain?.latency ?? 0) - this.latency, this.sampleRate);
	}

	/** Audio thread. Clears every strip's state and every delay line: seek() without the look-ahead. */
	resetState(): void {
		for (const t of this.tracks) {
			t.chain?.reset();
			t.duck?.reset();
			t.delay?.reset();
			t.outDelay?.reset();
			t.duckKeyDelay?.reset();
			for (const send of t.sends) send.delay?.reset();
			t.tail = 0;
		}
		for (const b of this.buses) {
			b.reverb?.reset();
			b.chain?.reset();
			b.duck?.reset();
			b.duckKeyDelay?.reset();
			b.feedDelay?.reset();
			b.stemDelay?.reset();
		}
		this.masterChain?.reset();
	}

	/** The master, bus, stem and key-output arrays of this renderer (a parallel render copies them between threads). */
	mixBuffers(): MixBuffers {
		return {
			master: this.master,
			buses: this.buses.map((b) => b.buffer),
			stems: this.buses.map((b) => b.stem),
			keyOuts: this.tracks.map((t) => t.keyOut),
		};
	}

	// Live control. Audio thread (the worker applies messages between blocks).

	setTrackGain(index: number, db: number): void {
		this.tracks[index]!.fader.set(dbToGain(db));
	}
	setTrackPan(index: number, pan: number): void {
		this.tracks[index]!.pan.set(pan);
	}
	/** Front (−1) … rear (+1); a track that is not surround ignores it. */
	setTrackPanY(index: number, y: number): void {
		const t = this.tracks[index]!;
		if (t.surround) t.panY.set(y);
	}
	/** The LFE send in dB; a track that is not surround ignores it. */
	setTrackLfe(index: number, db: number): void {
		const t = this.tracks[index]!;
		if (t.surround) t.lfe.set(dbToGain(db));
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
	protected updateGates(immediate: boolean): void {
		const anySolo = this.tracks.some((t) => t.solo);
		for (const t of this.tracks) {
			t.gate.set(!t.mute && (!anySolo || t.solo) ? 1 : 0);
			if (immediate) t.gate.snap();
		}
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
				if (k === DUCK_READING) {
					const r = this.reductionDuckers[i]?.reduction;
					out[offset + i * n + k] = r ? r[0]! : 0;
					if (r) r[0] = 0;
				} else if (chain === undefined || stage < 0) out[offset + i * n + k] = 0;
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


	/** Audio thread. Renders timeline samples [start, start+frames) into master and the buses. */
	abstract render(start: number, frames: number): void;
}
