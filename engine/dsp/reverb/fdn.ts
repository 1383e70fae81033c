// The algorithmic reverb of a return bus (`reverb: { decay, predelay, size, damping, width,
// mix }`): a 16-line feedback delay network. The input passes the predelay and four Schroeder
// allpasses per channel (echo density from the first milliseconds), then is spread over the
// lines with a sign pattern per channel. Each line is a delay of a prime length (set by
// `size`) and a one-pole loop filter that holds the line's gain at 1 kHz to the RT60 `decay`
// and shortens the decay of high frequencies by `damping` (fdn-design.ts); a Hadamard matrix
// mixes the lines back into each other without loss, so every mode decays at the designed
// rate. Each output channel taps the lines with its own orthogonal pattern (decorrelated
// stereo); `width` narrows that toward the channels' mean (0 = mono wet), at constant power.
// The wet level is set for unit energy at damping 0 (a sustained signal returns at about its
// own level, whatever the decay and size). A size too big for a short decay is reduced until
// the longest line is a fifth of the decay (a room rings over several crossings of itself).
//
// Live changes: decay, damping and width glide (time constant 20 ms, coefficients redesigned
// every 32 samples, the coefficients ramped per sample between); a size change moves every
// line's length to its new prime along a raised cosine over at least 50 ms and at most 5 %
// pitch change (interpolated reads during the glide, integer reads again once there), so a
// size change bends the pitch of the tail briefly instead of clicking.
// Predelay crossfades and mix ramps (predelay.ts). Everything counts samples on a grid from
// reset(), so the output does not depend on the block split. Once the tank has rung down below
// 1e−30 (−600 dB) it is cleared and, while its input stays silent, skipped: no subnormal
// slowdown on a long tail and no cost for an idle return. The parameters and the tail length
// a render leaves for the reverb are in fdn-params.ts.
import { defaultParams, type Processor } from '../processor.js';
import {
	D_DAMPING,
	D_DECAY,
	D_RATE,
	D_SIZE,
	LINES,
	MAX_REVERB_CHANNELS,
	SIZE_OFFSET,
	SIZE_PER_SECOND,
	lineLengths,
	longestLine,
	loopFilter,
	outputGain,
	signPatterns,
} from './fdn-design.js';
import { InputDiffusers } from './diffusers.js';
import { FDN_DAMPING, FDN_DECAY, FDN_MIX, FDN_PREDELAY, FDN_SIZE, FDN_SPECS, FDN_WIDTH } from './fdn-params.js';
import { Predelay, WetMix } from './predelay.js';

export { FDN_DAMPING, FDN_DECAY, FDN_MIX, FDN_PREDELAY, FDN_SIZE, FDN_SPECS, FDN_WIDTH, tailSeconds } from './fdn-params.js';

const CONTROL = 32;
const OUT_GAIN = 2 * LINES;
const WIDTH_GAIN = OUT_GAIN + 1;
const DIFF_GAINS = WIDTH_GAIN + 1;
const SMOOTH_SECONDS = 0.02;
const GLIDE_RATE = 0.05;
const MIN_GLIDE_SECONDS = 0.05;
const TINY = 1e-30;

const spec = (slot: number) => FDN_SPECS[slot]!;
/** The smoothed values' slots (cur/tgt order), then size. */
const SMOOTHED = [FDN_DECAY, FDN_DAMPING, FDN_WIDTH, FDN_SIZE] as const;

export class AlgorithmicReverb implements Processor {
	readonly latency = 0;
	readonly specs = FDN_SPECS;
	readonly params = defaultParams(FDN_SPECS);
	private channels = 0;
	private sampleRate = 48000;
	private readonly predelay = new Predelay();
	private readonly mix = new WetMix();
	private wet: Float64Array[] = [];
	private ring = new Float64Array(0);
	private stride = 0;
	private mask = 0;
	private write = 0;
	/** Line lengths now (fractional while gliding), their integer copies, the glide's goal, start and distance. */
	private readonly len = new Float64Array(LINES);
	private readonly lenInt = new Int32Array(LINES);
	private readonly goal = new Float64Array(LINES);
	private readonly from = new Float64Array(LINES);
	private readonly slope = new Float64Array(LINES);
	private glideLeft = 0;
	private glideLength = 1;
	/**
	 * The control values, ramped linearly sample by sample from one tick's design to the next
	 * (stepped coefficients would zipper): b, a per line at [2j, 2j + 1], the output gain (unit
	 * energy) at OUT_GAIN, the width gain (constant power) at WIDTH_GAIN, then the diffusers' gains.
	 */
	private ctl: Float64Array = new Float64Array(0);
	private ctlNext: Float64Array = new Float64Array(0);
	private ctlStep: Float64Array = new Float64Array(0);
	private ramping = false;
	/** The lengths landed after a glide: the next tick redesigns. */
	private dirty = false;
	private readonly state = new Float64Array(LINES);
	private readonly mixed = new Float64Array(LINES);
	private patIn: Float64Array = new Float64Array(0);
	private patOut: Float64Array = new Float64Array(0);
	private u = new Float64Array(0);
	/** Smoothed and target decay, damping, width; [3] the size target the lengths follow. */
	private readonly cur = new Float64Array(4);
	private readonly tgt = new Float64Array(4);
	private moving = false;
	private readonly rate = new Float64Array(1);
	/** The design input (fdn-design.ts): the values the tank is designed from. */
	private readonly din = new Float64Array(4);
	private diffusers = new InputDiffusers(0, 48000);
	private phase = 0;
	private quiet = 0;
	private quietWindow = 0;
	private silent = true;
	private inputSeen = false;

	/** Off the audio path. */
	configure(channels: number, sampleRate: number, maxBlock: number): void {
		if (channels < 1 || channels > MAX_REVERB_CHANNELS) throw new RangeError(`the reverb takes 1 to ${MAX_REVERB_CHANNELS} channels, not ${channels}`);
		this.channels = channels;
		this.sampleRate = sampleRate;
		this.din[D_RATE] = sampleRate;
		let stride = 1;
		while (stride < longestLine(sampleRate) + 2) stride <<= 1;
		this.stride = stride;
		this.mask = stride - 1;
		this.ring = new Float64Array(LINES * stride);
		const { input, output } = signPatterns(channels);
		this.patIn = input;
		this.patOut = output;
		this.u = new Float64Array(channels);
		this.diffusers = new InputDiffusers(channels, sampleRate);
		this.ctl = new Float64Array(DIFF_GAINS + this.diffusers.lengths.length);
		this.ctlNext = new Float64Array(this.ctl.length);
		this.ctlStep = new Float64Array(this.ctl.length);
		this.quietWindow = stride + this.diffusers.span;
		this.rate[0] = 1 - Math.exp(-CONTROL / (SMOOTH_SECONDS * sampleRate));
		this.predelay.configure(channels, sampleRate, maxBlock);
		this.mix.configure(sampleRate, maxBlock);
		this.wet = Array.from({ length: channels }, () => new Float64Array(maxBlock));
		this.reset();
	}

	/** Audio thread. Silent tank, lengths and values at their targets, the grid restarted. */
	reset(): void {
		this.readTargets();
		this.cur.set(this.tgt);
		this.moving = false;
		this.din[D_SIZE] = this.cur[3]!;
		lineLengths(this.din, this.len);
		for (let j = 0; j < LINES; j++) this.lenInt[j] = this.len[j]!;
		this.glideLeft = 0;
		this.clear();
		this.phase = 0;
		this.design(this.ctl);
		this.ramping = false;
		this.dirty = false;
		this.predelay.reset(this.params, FDN_PREDELAY);
		this.mix.reset(this.params, FDN_MIX);
	}

	/** Audio thread. */
	process(buffers: Float64Array[], frames: number, _key: Float64Array[] | null): void {
		this.readTargets();
		const wet = this.wet;
		this.predelay.process(buffers, wet, frames, this.params, FDN_PREDELAY);
		if (this.silent && !this.moving && this.glideLeft === 0 && !this.ramping && !this.dirty && this.zeroInput(frames)) {
			// An empty tank fed silence stays empty, and nothing is changing: nothing to run but the grid.
			this.phase = (this.phase + frames) % CONTROL;
		} else {
			let i = 0;
			while (i < frames) {
				if (this.phase === 0) this.tick();
				const n = Math.min(frames - i, CONTROL - this.phase);
				if (this.diffusers.process(wet, i, n, this.ctl, this.ctlStep, DIFF_GAINS, this.ramping)) {
					this.inputSeen = true;
					this.silent = false;
				}
				this.tank(i, n);
				this.phase = (this.phase + n) % CONTROL;
				i += n;
			}
		}
		this.mix.process(buffers, wet, frames, this.params, FDN_MIX);
	}

	/** Clamps the targets (NaN → min); a new size starts a glide of the line lengths. */
	private readTargets(): void {
		const p = this.params;
		for (let k = 0; k < 4; k++) {
			const s = spec(SMOOTHED[k]!);
			const v = p[SMOOTHED[k]!]!;
			let t = v > s.max ? s.max : v >= s.min ? v : s.min;
			if (k < 3 && t !== this.cur[k]) this.moving = true;
			if (k === 3) {
				// The size that fits the decay (effectiveSize), computed here without a call.
				const fit = SIZE_PER_SECOND * this.tgt[0]! - SIZE_OFFSET;
				t = t < fit ? t : fit > 0 ? fit : 0;
				if (t !== this.tgt[3]) {
					this.tgt[3] = t;
					if (this.channels > 0) this.startGlide();
				}
			}
			this.tgt[k] = t;
		}
	}

	/** Glides the line lengths toward those of the size target tgt[3]. */
	private startGlide(): void {
		this.din[D_SIZE] = this.tgt[3]!;
		lineLengths(this.din, this.goal);
		let most = 0;
		for (let j = 0; j < LINES; j++) most = Math.max(most, Math.abs(this.goal[j]! - this.len[j]!));
		if (most === 0) return;
		// A raised-cosine profile: the speed peaks at π/2 times the average, and starts and ends at
		// zero (a sudden pitch step would put a kink in the output).
		const n = Math.max(Math.round(MIN_GLIDE_SECONDS * this.sampleRate), Math.ceil((Math.PI / 2) * (most / GLIDE_RATE)));
		this.from.set(this.len);
		for (let j = 0; j < LINES; j++) this.slope[j] = this.goal[j]! - this.len[j]!;
		this.glideLength = n;
		this.glideLeft = n;
	}

	/** Every CONTROL samples: a smoothing step, a redesign while anything moves, the silence check. */
	private tick(): void {
		if (this.ramping) {
			this.ctl.set(this.ctlNext);
			this.ramping = false;
		}
		const redesign = this.moving || this.glideLeft > 0 || this.dirty;
		if (this.moving) {
			const r = this.rate[0]!;
			let done = true;
			for (let k = 0; k < 3; k++) {
				const t = this.tgt[k]!;
				const v = this.cur[k]!;
				if (v === t) continue;
				const next = k === 0 ? v * Math.exp(r * Math.log(t / v)) : v + r * (t - v);
				if (Math.abs(next - t) < (k === 0 ? 1e-6 * t : 1e-6)) this.cur[k] = t;
				else {
					this.cur[k] = next;
					done = false;
				}
			}
			if (done) this.moving = false;
		}
		if (redesign) {
			this.dirty = false;
			this.design(this.ctlNext);
			for (let k = 0; k < this.ctl.length; k++) this.ctlStep[k] = (this.ctlNext[k]! - this.ctl[k]!) / CONTROL;
			this.ramping = true;
		}
		let q = 0;
		for (let j = 0; j < LINES; j++) q = Math.max(q, Math.abs(this.state[j]!));
		if (this.inputSeen || q >= TINY) this.quiet = 0;
		else if (!this.silent) {
			this.quiet += CONTROL;
			if (this.quiet >= this.quietWindow) {
				this.clear();
				this.silent = true;
			}
		}
		this.inputSeen = false;
	}

	/** The control values (see ctl) at the current values and lengths, into out. */
	private design(out: Float64Array): void {
		const d = this.din;
		d[D_DECAY] = this.cur[0]!;
		d[D_DAMPING] = this.cur[1]!;
		for (let j = 0; j < LINES; j++) loopFilter(this.len, j, d, out, 2 * j);
		outputGain(this.len, d, out, OUT_GAIN);
		const w = this.cur[2]!;
		const c = this.channels;
		out[WIDTH_GAIN] = 1 / Math.sqrt(1 / c + w * w * (1 - 1 / c));
		this.diffusers.gains(d, out, DIFF_GAINS);
	}

	private clear(): void {
		this.ring.fill(0);
		this.state.fill(0);
		this.diffusers.clear();
		this.write = 0;
		this.quiet = 0;
		this.silent = true;
	}

	private zeroInput(frames: number): boolean {
		for (let c = 0; c < this.channels; c++) {
			const x = this.wet[c]!;
			for (let i = 0; i < frames; i++) if (x[i] !== 0) return false;
		}
		return true;
	}

	/** The tank over wet[c][i..i+n): the diffused input in, the wet output out. */
	private tank(i: number, n: number): void {
		const ring = this.ring;
		const mask = this.mask;
		const stride = this.stride;
		const coef = this.ctl;
		const step = this.ctlStep;
		const ramping = this.ramping;
		const ramped = this.ctl.length;
		const st = this.state;
		const y = this.mixed;
		const u = this.u;
		const ch = this.channels;
		const pin = this.patIn;
		const pout = this.patOut;
		const width = this.cur[2]!;
		const inv = 1 / ch;
		let w = this.write;
		for (let k = i; k < i + n; k++) {
			for (let c = 0; c < ch; c++) u[c] = this.wet[c]![k]!;
			if (this.glideLeft > 0) this.glideReads(w);
			else {
				for (let j = 0; j < LINES; j++) {
					const v = ring[j * stride + ((w - this.lenInt[j]!) & mask)]!;
					st[j] = coef[2 * j]! * v + coef[2 * j + 1]! * st[j]!;
				}
			}
			let mean = 0;
			for (let c = 0; c < ch; c++) {
				let s = 0;
				for (let j = 0; j < LINES; j++) s += pout[c * LINES + j]! * st[j]!;
				s *= coef[OUT_GAIN]!;
				this.wet[c]![k] = s;
				mean += s;
			}
			if (ch > 1) {
				mean *= inv;
				const wg = coef[WIDTH_GAIN]!;
				for (let c = 0; c < ch; c++) {
					const x = this.wet[c]!;
					x[k] = wg * (mean + width * (x[k]! - mean));
				}
			}
			// The lossless mix: a 16-point Walsh–Hadamard transform, scaled by 1/4.
			for (let j = 0; j < LINES; j++) y[j] = st[j]!;
			for (let h = 1; h < LINES; h <<= 1) {
				for (let a = 0; a < LINES; a += h << 1) {
					for (let b = a; b < a + h; b++) {
						const p = y[b]!;
						const q = y[b + h]!;
						y[b] = p + q;
						y[b + h] = p - q;
					}
				}
			}
			for (let j = 0; j < LINES; j++) {
				let inj = 0;
				for (let c = 0; c < ch; c++) inj += pin[c * LINES + j]! * u[c]!;
				ring[j * stride + w] = 0.25 * (y[j]! + inj);
			}
			if (ramping) for (let r = 0; r < ramped; r++) coef[r] += step[r]!;
			w = (w + 1) & mask;
		}
		this.write = w;
	}

	/**
	 * One sample of the glide: reads at the moving lengths by 4-point Lagrange interpolation
	 * (linear interpolation's error, which moves with the fraction, would be heard as a hiss
	 * around −70 dB; this one is near −120 dB), then the lengths step on.
	 */
	private glideReads(w: number): void {
		const ring = this.ring;
		const mask = this.mask;
		const st = this.state;
		for (let j = 0; j < LINES; j++) {
			const pos = w - this.len[j]!;
			const i0 = Math.floor(pos);
			const f = pos - i0;
			const base = j * this.stride;
			const xm = ring[base + ((i0 - 1) & mask)]!;
			const x0 = ring[base + (i0 & mask)]!;
			const x1 = ring[base + ((i0 + 1) & mask)]!;
			const x2 = ring[base + ((i0 + 2) & mask)]!;
			const fm = f - 1;
			const f2 = f - 2;
			const fp = f + 1;
			const v = (-f * fm * f2 * xm) / 6 + (fp * fm * f2 * x0) / 2 - (fp * f * f2 * x1) / 2 + (fp * f * fm * x2) / 6;
			st[j] = this.ctl[2 * j]! * v + this.ctl[2 * j + 1]! * st[j]!;
		}
		const done = 0.5 - 0.5 * Math.cos((Math.PI * (this.glideLength - this.glideLeft + 1)) / this.glideLength);
		for (let j = 0; j < LINES; j++) this.len[j] = this.from[j]! + this.slope[j]! * done;
		if (--this.glideLeft === 0) {
			this.len.set(this.goal);
			for (let j = 0; j < LINES; j++) this.lenInt[j] = this.goal[j]!;
			this.dirty = true;
		}
	}
}
