// The convolution reverb of a return bus (`reverb: { ir, predelay, mix }`): the bus's input
// convolved with a measured or generated impulse response, exactly (the IR is not normalised),
// delayed by `predelay` and mixed with the dry input: out = mix·(x ∗ ir, predelayed) +
// (1 − mix)·x. A mono IR is applied to every channel; an IR with the bus's channel count maps
// channel i to channel i; any other count is an error naming the file. An IR at another sample
// rate is resampled once, in configure(). No latency (partitioned.ts has a direct-form head).
import { MediaError } from '../../../sessions/errors.js';
import { decodeFrames } from '../../media/decode.js';
import { WavReader } from '../../media/wav-reader.js';
import { defaultParams, type ParamSpec, type Processor } from '../processor.js';
import { PartitionedConvolution } from './partitioned.js';
import { clampTarget, MAX_PREDELAY_MS, Predelay, WetMix } from './predelay.js';
import { resampleIr } from './resample-ir.js';

/** [predelay (ms), mix (0..1)]. */
export const CONVOLUTION_SPECS: readonly ParamSpec[] = [
	{ name: 'predelay', unit: 'ms', min: 0, max: MAX_PREDELAY_MS, default: 0, step: 1 },
	{ name: 'mix', unit: '', min: 0, max: 1, default: 1, step: 0.01 },
];
export const CONV_PREDELAY = 0;
export const CONV_MIX = 1;

/** The longest IR taken: CPU grows with its length, and no room rings longer than this. */
export const MAX_IR_SECONDS = 30;
/** −90 dBFS: the level under which a tail counts as over. */
const TAIL_LEVEL = 10 ** (-90 / 20);

/** An impulse response as read from its file: planar samples at `sampleRate`. */
export interface ImpulseResponse {
	/** The file, as the session names it (for messages). */
	file: string;
	sampleRate: number;
	channels: Float32Array[];
}

/** Why `ir` cannot run on a bus of `busChannels` channels, or undefined. */
export function irProblem(ir: ImpulseResponse, busChannels: number): string | undefined {
	const n = ir.channels.length;
	const frames = n > 0 ? ir.channels[0]!.length : 0;
	if (n === 0 || frames === 0) return 'the impulse response has no samples';
	if (n !== 1 && n !== busChannels && !(n === 2 && busChannels === 6)) {
		return `the impulse response has ${n} channels; a ${busChannels}-channel bus takes a mono IR${busChannels === 6 ? ', a stereo one' : ''} or one with ${busChannels}`;
	}
	if (frames > MAX_IR_SECONDS * ir.sampleRate) {
		return `the impulse response is ${(frames / ir.sampleRate).toFixed(1)} s long; the limit is ${MAX_IR_SECONDS} s`;
	}
	for (let c = 0; c < n; c++) {
		const h = ir.channels[c]!;
		for (let i = 0; i < h.length; i++) {
			if (!Number.isFinite(h[i]!)) return `the impulse response has a non-finite sample (channel ${c + 1}, frame ${i})`;
		}
	}
	return undefined;
}

/**
 * The IR each bus channel is convolved with. A stereo IR on a 5.1 bus (L R C LFE Ls Rs): its left
 * channel on L and Ls, its right on R and Rs, their mean on C, and nothing on the LFE (no room in
 * the sub). Otherwise as given: one IR for every channel, or channel i with IR channel i.
 */
export function irForBus(ir: readonly Float64Array[], busChannels: number): readonly Float64Array[] {
	if (ir.length !== 2 || busChannels !== 6) return ir;
	const [l, r] = ir as [Float64Array, Float64Array];
	const centre = Float64Array.from({ length: Math.max(l.length, r.length) }, (_, i) => 0.5 * ((l[i] ?? 0) + (r[i] ?? 0)));
	return [l, r, centre, new Float64Array(1), l, r];
}

/** Off the audio path. Reads an IR WAV whole; throws MediaError naming the file. */
export async function readImpulseResponse(path: string, file = path): Promise<ImpulseResponse> {
	const reader = await WavReader.open(path);
	try {
		const info = reader.info;
		if (info.frames > MAX_IR_SECONDS * info.sampleRate) {
			throw new MediaError(file, `the impulse response is ${(info.frames / info.sampleRate).toFixed(1)} s long; the limit is ${MAX_IR_SECONDS} s`);
		}
		const bytes = new Uint8Array(info.frames * info.blockAlign);
		const got = reader.readSync(0, info.frames, bytes);
		const channels = Array.from({ length: info.channels }, () => new Float32Array(got));
		if (decodeFrames(info, bytes, 0, got, channels, 0) > 0) throw new MediaError(file, 'the impulse response has NaN or infinite samples');
		return { file, sampleRate: info.sampleRate, channels };
	} finally {
		await reader.close();
	}
}

/**
 * Seconds from the end of the input until the output is below −90 dBFS: the predelay plus the
 * point after which the rest of the IR's absolute sum is under −90 dBFS (no input within full
 * scale can then leave more than that), the longest over the IR's channels.
 */
export function tailSeconds(ir: Pick<ImpulseResponse, 'channels' | 'sampleRate'>, predelayMs: number): number {
	let end = 0;
	for (const h of ir.channels) {
		let sum = 0;
		let i = h.length;
		while (i > 0 && sum + Math.abs(h[i - 1]!) < TAIL_LEVEL) sum += Math.abs(h[--i]!);
		end = Math.max(end, i);
	}
	return clampTarget(predelayMs, 0, MAX_PREDELAY_MS) / 1000 + end / ir.sampleRate;
}

export class ConvolutionReverb implements Processor {
	readonly latency = 0;
	readonly specs = CONVOLUTION_SPECS;
	readonly params = defaultParams(CONVOLUTION_SPECS);
	private conv: PartitionedConvolution | null = null;
	private readonly predelay = new Predelay();
	private readonly mix = new WetMix();
	private wet: Float64Array[] = [];
	/** The IR at the rate last configured, kept for a reconfigure at the same rate. */
	private resampled: { sampleRate: number; channels: Float64Array[] } | null = null;

	/** Main thread. Throws MediaError naming the file when the IR is unusable on any bus. */
	constructor(readonly ir: ImpulseResponse) {
		const problem = irProblem(ir, ir.channels.length);
		if (problem) throw new MediaError(ir.file, problem);
	}

	/** Seconds of tail after the input stops (see tailSeconds), at the current predelay. */
	get tail(): number {
		return tailSeconds(this.ir, this.params[CONV_PREDELAY]!);
	}

	/** Off the audio path. Resamples the IR when needed and builds the partitions; throws MediaError on a channel mismatch. */
	configure(channels: number, sampleRate: number, maxBlock: number): void {
		const problem = irProblem(this.ir, channels);
		if (problem) throw new MediaError(this.ir.file, problem);
		if (this.resampled?.sampleRate !== sampleRate) {
			const ch = this.ir.sampleRate === sampleRate ? this.ir.channels.map((h) => Float64Array.from(h)) : resampleIr(this.ir.channels, this.ir.sampleRate, sampleRate);
			this.resampled = { sampleRate, channels: ch };
		}
		this.conv = new PartitionedConvolution(irForBus(this.resampled.channels, channels), channels);
		this.predelay.configure(channels, sampleRate, maxBlock);
		this.mix.configure(sampleRate, maxBlock);
		this.wet = Array.from({ length: channels }, () => new Float64Array(maxBlock));
		this.reset();
	}

	/** Audio thread. */
	process(buffers: Float64Array[], frames: number, _key: Float64Array[] | null): void {
		const conv = this.conv!;
		this.predelay.process(buffers, this.wet, frames, this.params, CONV_PREDELAY);
		conv.process(this.wet, this.wet, frames);
		this.mix.process(buffers, this.wet, frames, this.params, CONV_MIX);
	}

	/** Audio thread. Clears the convolution and the predelay; the parameters jump to their targets. */
	reset(): void {
		this.conv?.reset();
		this.predelay.reset(this.params, CONV_PREDELAY);
		this.mix.reset(this.params, CONV_MIX);
	}
}
