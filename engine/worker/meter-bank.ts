// Every meter the UI shows, fed from the renderer after each device buffer and published into
// shared memory: strips (post-fader peak with ballistics), buses, the master per channel, the
// master's loudness (BS.1770 M/S/I/LRA, true peak) and L/R phase correlation, and the gain
// reduction of every strip's dynamics. Gain reduction is held at its deepest for GR_HOLD_MS and
// then returns at GR_RETURN_DB_PER_S, so a 10 Hz screen shows a compressor's short dips and
// the needle does not flicker with each release.
import type { MixPlan } from '../plan.js';
import type { MixRenderer, REDUCTION_SECTIONS } from '../mix/renderer.js';
import { PeakMeter } from '../meters/peak-meter.js';
import { CorrelationMeter } from '../meters/correlation-meter.js';
import { LoudnessMeter, type LoudnessReport } from '../loudness/loudness-meter.js';
import { SPEAKERS_5_1 } from '../media/types.js';
import { MAX_BUSES, MAX_TRACKS, METER_FIELDS, REDUCTION_FIELDS, type REDUCTION_ORDER, type SharedState } from './shared-state.js';

/** Integrated loudness and LRA scan histograms: refresh them ~10 times a second, not per buffer. */
const SLOW_EVERY_MS = 100;
/** Gain-reduction display: the deepest reading is held this long, then returns at this rate. */
export const GR_HOLD_MS = 100;
export const GR_RETURN_DB_PER_S = 20 / 0.3;

// The shared slots follow the renderer's order of dynamics sections (a compile-time check).
const sameOrder: typeof REDUCTION_SECTIONS extends typeof REDUCTION_ORDER ? true : never = true;
void sameOrder;

export class MeterBank {
	private shape = '';
	private tracks = 0;
	private buses = 0;
	private strips!: PeakMeter;
	private busMeters!: PeakMeter;
	private master!: PeakMeter;
	private loudness!: LoudnessMeter;
	private correlation!: CorrelationMeter;
	private readonly peaks = new Float32Array(Math.max(MAX_TRACKS, MAX_BUSES));
	private readonly report: LoudnessReport = { integrated: null, range: null, truePeak: null, samplePeak: null, momentaryMax: null, shortTermMax: null };
	/** [momentary, short-term, integrated, range, true peak max, correlation] for SharedState.setLoudness. */
	private readonly readings = new Float64Array(6).fill(-Infinity);
	private sinceSlow = 0;
	private slowFrames = 4800;
	/** Plan counts (the renderer writes reductions for all of them, tracks then buses then the master). */
	private planTracks = 0;
	private planBuses = 0;
	private reductionsIn = new Float32Array(REDUCTION_FIELDS);
	/** Displayed reduction (dB ≤ 0) and samples since it was last deepened, per renderer slot. */
	private grShown = new Float64Array(REDUCTION_FIELDS);
	private grAge = new Int32Array(REDUCTION_FIELDS);
	private grHold = 4800;
	/** [return rate, dB per sample]: in an array so that no double field is rewritten per buffer. */
	private readonly grRate = new Float64Array(1);

	/**
	 * `summaryEveryMs`: how often integrated loudness and LRA are read from their histograms (a
	 * scan of 16 000 bins). At 10 Hz that code stays cold in V8's interpreter, which boxes doubles,
	 * so the summary allocates a little; everything per buffer allocates nothing.
	 */
	constructor(
		private readonly shared: SharedState,
		private readonly summaryEveryMs = SLOW_EVERY_MS,
	) {}

	/** Engine thread, off the audio path: (re)allocates meters when the graph's shape changes. */
	configure(plan: MixPlan, _maxBlock: number): void {
		const shape = `${plan.tracks.length}/${plan.buses.length}/${plan.channels}/${plan.sampleRate}`;
		if (shape === this.shape) return;
		this.shape = shape;
		const sr = plan.sampleRate;
		this.tracks = Math.min(plan.tracks.length, MAX_TRACKS);
		this.buses = Math.min(plan.buses.length, MAX_BUSES);
		this.strips = new PeakMeter(this.tracks, sr);
		this.busMeters = new PeakMeter(this.buses, sr);
		this.master = new PeakMeter(plan.channels, sr);
		this.loudness = new LoudnessMeter(plan.channels, sr, plan.channels === 6 ? SPEAKERS_5_1 : undefined);
		this.correlation = new CorrelationMeter(sr);
		this.slowFrames = Math.round((this.summaryEveryMs / 1000) * sr);
		this.planTracks = plan.tracks.length;
		this.planBuses = plan.buses.length;
		const slots = (plan.tracks.length + plan.buses.length + 1) * REDUCTION_FIELDS;
		this.reductionsIn = new Float32Array(slots);
		this.grShown = new Float64Array(slots);
		this.grAge = new Int32Array(slots);
		this.grHold = Math.round((GR_HOLD_MS / 1000) * sr);
		this.grRate[0] = GR_RETURN_DB_PER_S / sr;
	}

	/** A new pass of the transport: integrated loudness, LRA and max true peak start again. */
	startPass(): void {
		this.loudness?.reset();
		this.master?.resetClip();
		this.readings.fill(-Infinity);
		this.readings[5] = 0;
		this.grShown?.fill(0);
		this.grAge?.fill(0);
	}

	/**
	 * Engine thread, after each rendered segment. Never allocates: values go straight from the
	 * meters' typed arrays into shared memory, and no double crosses a call (V8 boxes those when
	 * it does not inline; test/conformance checks).
	 */
	afterBlock(renderer: MixRenderer, frames: number): void {
		const shared = this.shared;
		const floats = shared.floats;
		renderer.takeTrackPeaks(this.peaks);
		this.strips.processPeaks(this.peaks, frames);
		this.strips.writeDb(floats, shared.trackMeterOffset(0), METER_FIELDS);
		renderer.takeBusPeaks(this.peaks);
		this.busMeters.processPeaks(this.peaks, frames);
		this.busMeters.writeDb(floats, shared.busMeterOffset(0), METER_FIELDS);
		const master = renderer.master;
		this.master.process(master, frames);
		this.master.writeDb(floats, shared.masterMeterOffset(0), METER_FIELDS);
		this.loudness.process(master, frames);
		this.correlation.process(master, frames);
		this.sinceSlow += frames;
		const l = this.readings;
		if (this.sinceSlow >= this.slowFrames) {
			this.sinceSlow = 0;
			const r = this.loudness.report(this.report);
			l[2] = r.integrated ?? -Infinity;
			l[3] = r.range ?? -Infinity;
			l[4] = r.truePeak ?? -Infinity;
		}
		l[0] = this.loudness.momentary();
		l[1] = this.loudness.shortTerm();
		this.correlation.writeState(l, 5);
		shared.setLoudness(l);
		renderer.takeReductions(this.reductionsIn, 0);
		for (let t = 0; t < this.tracks; t++) this.holdReductions(t * REDUCTION_FIELDS, shared.trackReductionOffset(t), frames);
		for (let b = 0; b < this.buses; b++) this.holdReductions((this.planTracks + b) * REDUCTION_FIELDS, shared.busReductionOffset(b), frames);
		this.holdReductions((this.planTracks + this.planBuses) * REDUCTION_FIELDS, shared.masterReductionOffset(), frames);
	}

	/** One strip's reductions from renderer slot `src` through the display ballistics into shared slot `dst` (integers only cross). */
	private holdReductions(src: number, dst: number, frames: number): void {
		const floats = this.shared.floats;
		const input = this.reductionsIn;
		const shown = this.grShown;
		const age = this.grAge;
		const hold = this.grHold;
		const rate = this.grRate[0]!;
		for (let k = src, end = src + REDUCTION_FIELDS; k < end; k++) {
			const r = input[k]!;
			let v = shown[k]!;
			if (r <= v) {
				v = r;
				age[k] = 0;
			} else {
				const a = age[k]! + frames;
				if (a > hold) {
					// Only the part of this buffer past the hold moves the reading.
					v += rate * (a - hold < frames ? a - hold : frames);
					if (v > r) v = r;
					age[k] = hold;
				} else age[k] = a;
			}
			shown[k] = v;
			floats[dst + k - src] = v;
		}
	}
}
