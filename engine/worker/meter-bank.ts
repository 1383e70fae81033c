// Every meter the UI shows, fed from the renderer after each device buffer and published into
// shared memory: strips (post-fader peak with ballistics), buses, the master per channel, and
// the master's loudness (BS.1770 M/S/I/LRA, true peak) and L/R phase correlation.
import type { MixPlan } from '../plan.js';
import type { MixRenderer } from '../mix/renderer.js';
import { PeakMeter } from '../meters/peak-meter.js';
import { CorrelationMeter } from '../meters/correlation-meter.js';
import { LoudnessMeter, type LoudnessReport } from '../loudness/loudness-meter.js';
import { SPEAKERS_5_1 } from '../media/types.js';
import { MAX_BUSES, MAX_TRACKS, type SharedState } from './shared-state.js';

/** Integrated loudness and LRA scan histograms: refresh them ~10 times a second, not per buffer. */
const SLOW_EVERY_MS = 100;

const toDb = (x: number) => (x > 0 ? 20 * Math.log10(x) : -Infinity);

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
	private sinceSlow = 0;
	private slowFrames = 4800;

	constructor(private readonly shared: SharedState) {}

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
		this.slowFrames = Math.round((SLOW_EVERY_MS / 1000) * sr);
	}

	/** A new pass of the transport: integrated loudness, LRA and max true peak start again. */
	startPass(): void {
		this.loudness?.reset();
		this.master?.resetClip();
	}

	/** Engine thread, after each rendered segment. Never allocates. */
	afterBlock(renderer: MixRenderer, frames: number): void {
		const shared = this.shared;
		renderer.takeTrackPeaks(this.peaks);
		for (let t = 0; t < this.tracks; t++) {
			this.strips.processPeak(t, this.peaks[t]!, frames);
			shared.setMeter(shared.trackMeterOffset(t), toDb(this.strips.level(t)), toDb(this.strips.hold(t)), this.strips.clipped(t));
		}
		renderer.takeBusPeaks(this.peaks);
		for (let b = 0; b < this.buses; b++) {
			this.busMeters.processPeak(b, this.peaks[b]!, frames);
			shared.setMeter(shared.busMeterOffset(b), toDb(this.busMeters.level(b)), toDb(this.busMeters.hold(b)), this.busMeters.clipped(b));
		}
		const master = renderer.master;
		this.master.process(master, frames);
		for (let c = 0; c < this.master.channels; c++) {
			shared.setMeter(shared.masterMeterOffset(c), toDb(this.master.level(c)), toDb(this.master.hold(c)), this.master.clipped(c));
		}
		this.loudness.process(master, frames);
		this.correlation.process(master, frames);
		this.sinceSlow += frames;
		if (this.sinceSlow >= this.slowFrames) {
			this.sinceSlow = 0;
			this.loudness.report(this.report);
		}
		const r = this.report;
		shared.setLoudness(this.loudness.momentary(), this.loudness.shortTerm(), r.integrated ?? -Infinity, r.range ?? -Infinity, r.truePeak ?? -Infinity, this.correlation.value());
	}
}
