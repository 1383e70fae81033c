// Every meter the UI shows, fed from the renderer after each device buffer and published into
// shared memory: strips (post-fader peak with ballistics), buses, the master per channel, and
// the master's loudness (BS.1770 M/S/I/LRA, true peak) and L/R phase correlation.
import type { MixPlan } from '../plan.js';
import type { MixRenderer } from '../mix/renderer.js';
import { PeakMeter } from '../meters/peak-meter.js';
import { CorrelationMeter } from '../meters/correlation-meter.js';
import { LoudnessMeter, type LoudnessReport } from '../loudness/loudness-meter.js';
import { SPEAKERS_5_1 } from '../media/types.js';
import { MAX_BUSES, MAX_TRACKS, METER_FIELDS, type SharedState } from './shared-state.js';

/** Integrated loudness and LRA scan histograms: refresh them ~10 times a second, not per buffer. */
const SLOW_EVERY_MS = 100;

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
	}

	/** A new pass of the transport: integrated loudness, LRA and max true peak start again. */
	startPass(): void {
		this.loudness?.reset();
		this.master?.resetClip();
		this.readings.fill(-Infinity);
		this.readings[5] = 0;
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
	}
}
