// Per-frame engine state in shared memory: the worker writes meters and position every device
// buffer, the UI reads them on its own tick. No message per update, no locks: a torn read of a
// meter is harmless, and `seq` tells the UI whether anything changed since its last look.

/** Meter slots are fixed so the buffer never has to be replaced when tracks are added. */
export const MAX_TRACKS = 256;
export const MAX_BUSES = 64;
export const MASTER_CHANNELS = 6;
/** Values per meter: level (dBFS, falling with the meter's ballistics), peak hold (dBFS), clip (0|1). */
export const METER_FIELDS = 3;
/** The strip sections with a gain-reduction reading, in slot order (the renderer's REDUCTION_SECTIONS). */
export const REDUCTION_ORDER = ['gate', 'compressor', 'deesser', 'limiter', 'duck'] as const;
/** Gain-reduction values per strip (dB ≤ 0, with display ballistics), one per REDUCTION_ORDER entry. */
export const REDUCTION_FIELDS = 5;

const enum I {
	Seq,
	Playing,
	OutputUnderruns,
	DiskUnderruns,
	Count,
}

const enum F {
	Position,
	SampleRate,
	DspLoad,
	DspLoadMax,
	Momentary,
	ShortTerm,
	Integrated,
	TruePeakMax,
	Correlation,
	Range,
	Master,
}

const BUS_BASE = F.Master + MASTER_CHANNELS * METER_FIELDS;
const TRACK_BASE = BUS_BASE + MAX_BUSES * METER_FIELDS;
/** Gain reduction: tracks, then buses, then the master, REDUCTION_FIELDS each. */
const GR_BASE = TRACK_BASE + MAX_TRACKS * METER_FIELDS;
const GR_STRIPS = MAX_TRACKS + MAX_BUSES + 1;
const FLOATS = GR_BASE + GR_STRIPS * REDUCTION_FIELDS;

/** A meter reading for the UI. */
export interface MeterReading {
	/** dBFS; −Infinity for silence. */
	level: number;
	/** Peak hold, dBFS. */
	hold: number;
	/** A sample reached full scale since the clip was last reset. */
	clip: boolean;
}

export class SharedState {
	readonly ints: Int32Array;
	readonly floats: Float64Array;

	private constructor(readonly buffer: SharedArrayBuffer) {
		this.ints = new Int32Array(buffer, 0, I.Count);
		this.floats = new Float64Array(buffer, 8 * Math.ceil((I.Count * 4) / 8), FLOATS);
	}

	static create(): SharedState {
		const bytes = 8 * Math.ceil((I.Count * 4) / 8) + FLOATS * 8;
		const state = new SharedState(new SharedArrayBuffer(bytes));
		state.floats.fill(-Infinity);
		state.floats[F.Position] = 0;
		state.floats[F.SampleRate] = 48000;
		state.floats[F.DspLoad] = 0;
		state.floats[F.DspLoadMax] = 0;
		state.floats[F.Correlation] = 0;
		for (let i = 0; i < MASTER_CHANNELS + MAX_BUSES + MAX_TRACKS; i++) state.floats[F.Master + i * METER_FIELDS + 2] = 0;
		state.floats.fill(0, GR_BASE, GR_BASE + GR_STRIPS * REDUCTION_FIELDS);
		return state;
	}

	/** The other side's view of the same memory. */
	static attach(buffer: SharedArrayBuffer): SharedState {
		return new SharedState(buffer);
	}

	// Worker side (audio loop). Plain stores; `publish` bumps seq once per buffer.

	publish(): void {
		Atomics.add(this.ints, I.Seq, 1);
	}
	setPlaying(playing: boolean): void {
		Atomics.store(this.ints, I.Playing, playing ? 1 : 0);
	}
	setPosition(samples: number, sampleRate: number): void {
		this.floats[F.Position] = samples;
		this.floats[F.SampleRate] = sampleRate;
	}
	addOutputUnderrun(): void {
		Atomics.add(this.ints, I.OutputUnderruns, 1);
	}
	setDiskUnderruns(n: number): void {
		Atomics.store(this.ints, I.DiskUnderruns, n);
	}
	setDspLoad(load: number, max: number): void {
		this.floats[F.DspLoad] = load;
		this.floats[F.DspLoadMax] = max;
	}
	/** Writes the master's loudness from r = [momentary, short-term, integrated, range, true peak max, correlation]. */
	setLoudness(r: Float64Array): void {
		const f = this.floats;
		f[F.Momentary] = r[0]!;
		f[F.ShortTerm] = r[1]!;
		f[F.Integrated] = r[2]!;
		f[F.Range] = r[3]!;
		f[F.TruePeakMax] = r[4]!;
		f[F.Correlation] = r[5]!;
	}
	/** Offsets of meter slots, for writers that fill level/hold/clip triples directly. */
	masterMeterOffset(channel: number): number {
		return F.Master + channel * METER_FIELDS;
	}
	busMeterOffset(bus: number): number {
		return BUS_BASE + bus * METER_FIELDS;
	}
	trackMeterOffset(track: number): number {
		return TRACK_BASE + track * METER_FIELDS;
	}
	/** Offsets of gain-reduction slots: REDUCTION_FIELDS values in REDUCTION_ORDER. */
	trackReductionOffset(track: number): number {
		return GR_BASE + track * REDUCTION_FIELDS;
	}
	busReductionOffset(bus: number): number {
		return GR_BASE + (MAX_TRACKS + bus) * REDUCTION_FIELDS;
	}
	masterReductionOffset(): number {
		return GR_BASE + (MAX_TRACKS + MAX_BUSES) * REDUCTION_FIELDS;
	}
	setMeter(offset: number, level: number, hold: number, clip: boolean): void {
		this.floats[offset] = level;
		this.floats[offset + 1] = hold;
		this.floats[offset + 2] = clip ? 1 : 0;
	}

	// UI side.

	get seq(): number {
		return Atomics.load(this.ints, I.Seq);
	}
	get playing(): boolean {
		return Atomics.load(this.ints, I.Playing) === 1;
	}
	/** Playhead, seconds. */
	get seconds(): number {
		return this.floats[F.Position]! / this.floats[F.SampleRate]!;
	}
	get outputUnderruns(): number {
		return Atomics.load(this.ints, I.OutputUnderruns);
	}
	get diskUnderruns(): number {
		return Atomics.load(this.ints, I.DiskUnderruns);
	}
	get dspLoad(): { load: number; max: number } {
		return { load: this.floats[F.DspLoad]!, max: this.floats[F.DspLoadMax]! };
	}
	get loudness(): { momentary: number; shortTerm: number; integrated: number; range: number; truePeakMax: number; correlation: number } {
		const f = this.floats;
		return { momentary: f[F.Momentary]!, shortTerm: f[F.ShortTerm]!, integrated: f[F.Integrated]!, range: f[F.Range]!, truePeakMax: f[F.TruePeakMax]!, correlation: f[F.Correlation]! };
	}
	meter(offset: number): MeterReading {
		const f = this.floats;
		return { level: f[offset]!, hold: f[offset + 1]!, clip: f[offset + 2] === 1 };
	}
	trackMeter(track: number): MeterReading {
		return this.meter(this.trackMeterOffset(track));
	}
	busMeter(bus: number): MeterReading {
		return this.meter(this.busMeterOffset(bus));
	}
	masterMeter(channel: number): MeterReading {
		return this.meter(this.masterMeterOffset(channel));
	}
	/** Gain reduction (dB ≤ 0) of section `section` (an index into REDUCTION_ORDER) at a reduction offset. */
	reduction(offset: number, section: number): number {
		return this.floats[offset + section]!;
	}
}
