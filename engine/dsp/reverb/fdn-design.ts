// The design of the algorithmic reverb's tank (fdn.ts): delay lengths from `size`, per-line
// loop gains and high-frequency damping from `decay` and `damping`, the injection and output
// sign patterns. Pure functions writing into arrays they are given: the audio thread calls them
// while a parameter glides, so none allocates, and their inputs travel in a Float64Array (the
// design input, slots D_*) because V8 boxes a double passed to a call it does not inline.

/** Delay lines in the tank (a power of two: the feedback matrix is a 16-point Hadamard). */
export const LINES = 16;
/** The most channels the patterns cover. */
export const MAX_REVERB_CHANNELS = 8;
/** Shortest line at size 0 and at size 1 (ms); the longest is SPREAD times the shortest. */
const SHORTEST_MS_0 = 3;
const SHORTEST_MS_1 = 30;
const SPREAD = 3.3;
/** The damping's reference frequencies: `decay` holds at 1 kHz, `damping` shortens it at HF_HZ. */
export const REFERENCE_HZ = 1000;
const HF_HZ = 8000;
/** RT60 at HF_HZ over RT60 at 1 kHz at damping 1 (1 at damping 0). */
const HF_RATIO_AT_FULL_DAMPING = 0.2;
/** The low end may ring at most this much longer than 1 kHz (a one-pole rises toward DC). */
const MAX_DC_STRETCH = 2;
/** ln(10⁶): energy falls by 60 dB over one RT60. */
const LN_1E6 = 6 * Math.LN10;

/** Slots of the design input. */
export const D_SIZE = 0;
export const D_DECAY = 1;
export const D_DAMPING = 2;
export const D_RATE = 3;

/** A design input: [size, decay (s), damping, sample rate]. */
export function designInput(size: number, decay: number, damping: number, sampleRate: number): Float64Array {
	return Float64Array.of(size, decay, damping, sampleRate);
}

export function isPrime(n: number): boolean {
	if (n < 2) return false;
	if (n % 2 === 0) return n === 2;
	for (let k = 3; k * k <= n; k += 2) if (n % k === 0) return false;
	return true;
}

/** The longest line is at most this fraction of the decay: a room rings for several crossings of itself. */
const MAX_LINE_OF_DECAY = 1 / 5;
/** The largest size that fits a decay: SIZE_PER_SECOND·decay − SIZE_OFFSET (see effectiveSize). */
export const SIZE_PER_SECOND = (1000 * MAX_LINE_OF_DECAY) / SPREAD / (SHORTEST_MS_1 - SHORTEST_MS_0);
export const SIZE_OFFSET = SHORTEST_MS_0 / (SHORTEST_MS_1 - SHORTEST_MS_0);

/**
 * `size`, reduced where its longest line would exceed MAX_LINE_OF_DECAY of `decay` (seconds): a
 * big room with a very short decay would lose most of its level in each pass and its echoes
 * would stay separate instead of forming a decay of that length.
 */
export function effectiveSize(size: number, decay: number): number {
	return Math.max(0, Math.min(size, SIZE_PER_SECOND * decay - SIZE_OFFSET));
}

/** The longest line at size 1, for allocating the rings. */
export function longestLine(sampleRate: number): number {
	return Math.ceil((SHORTEST_MS_1 * SPREAD * sampleRate) / 1000) + 200;
}

/**
 * out[0..LINES) = the line lengths (samples) at `size`: logarithmically spread between the
 * shortest and SPREAD times it, each moved up to the next prime not yet taken, so the lengths
 * are mutually prime (no common period for the modes to line up on). A small irregular offset
 * per line keeps the spacing from being a pure geometric series.
 */
export function lineLengths(d: Float64Array, out: Float64Array): void {
	const shortest = ((SHORTEST_MS_0 + (SHORTEST_MS_1 - SHORTEST_MS_0) * d[D_SIZE]!) * d[D_RATE]!) / 1000;
	for (let j = 0; j < LINES; j++) {
		const jitter = 0.37 * Math.sin(2.1 * j + 0.7);
		let n = Math.max(17, Math.round(shortest * SPREAD ** ((j + jitter * 0.5 + 0.25) / LINES)));
		for (;;) {
			let taken = false;
			for (let k = 0; k < j; k++) if (out[k] === n) taken = true;
			if (!taken && isPrime(n)) break;
			n++;
		}
		out[j] = n;
	}
}

/**
 * The loop filter of a line of `length` samples: y = b·x + a·y₁, whose gain at 1 kHz is
 * exactly the decay's g = 10^(−3·length/(RT60·fs)) and whose gain at 8 kHz is that of an RT60
 * shortened by `damping`. The one-pole is solved through both points; where a one-pole cannot
 * reach the asked ratio (very short decays on long lines) the pole is limited so the low end
 * rings at most MAX_DC_STRETCH times longer than 1 kHz. Writes b and a at out[at], out[at + 1]
 * for line j of `lengths`.
 */
export function loopFilter(lengths: Float64Array, j: number, d: Float64Array, out: Float64Array, at: number): void {
	const length = lengths[j]!;
	const decay = d[D_DECAY]!;
	const damping = d[D_DAMPING]!;
	const sampleRate = d[D_RATE]!;
	const perRt = (3 * length) / (decay * sampleRate);
	const g1 = 10 ** -perRt;
	const c1 = Math.cos((2 * Math.PI * REFERENCE_HZ) / sampleRate);
	const ch = Math.cos((2 * Math.PI * Math.min(HF_HZ, 0.4 * sampleRate)) / sampleRate);
	const ratio = 1 - (1 - HF_RATIO_AT_FULL_DAMPING) * damping;
	// (g1/gh)² in log10, so a short decay on a long line does not underflow.
	const logRho = 2 * perRt * (1 / ratio - 1);
	let a = 0;
	if (logRho > 1e-12) {
		const rhoMax = (1 - ch) / (1 - c1);
		const rho = Math.min(10 ** logRho, 0.999 * rhoMax);
		const k = (rho * c1 - ch) / (rho - 1);
		a = k - Math.sqrt(k * k - 1);
		// The DC gain g1·|1 − a·e^{−jω₁}|/(1 − a) stays under g1^(1/MAX_DC_STRETCH).
		const gMax = Math.min(g1 ** (1 / MAX_DC_STRETCH), 0.99999);
		const big = gMax * gMax;
		const small = g1 * g1;
		if (big > small) {
			const kd = (big - small * c1) / (big - small);
			a = Math.min(a, kd - Math.sqrt(kd * kd - 1));
		} else a = 0;
	}
	out[at] = g1 * Math.sqrt(1 - 2 * a * c1 + a * a);
	out[at + 1] = a;
}

/**
 * out[at] = the output gain that makes the tank's impulse response carry unit energy at damping
 * 0 (a sustained signal comes back at about its own level): the tank's energy leaves through
 * the lines at Σ 1/length of it per sample and falls by 60 dB per RT60.
 */
export function outputGain(lengths: Float64Array, d: Float64Array, out: Float64Array, at: number): void {
	let flux = 0;
	for (let j = 0; j < LINES; j++) flux += 1 / lengths[j]!;
	const mean = LINES / flux;
	out[at] = Math.sqrt((LN_1E6 * mean) / (d[D_DECAY]! * d[D_RATE]!));
}

/** (−1)^popcount(r & j): row r, column j of the Sylvester Hadamard matrix. */
function hadamard(r: number, j: number): number {
	let v = r & j;
	let bits = 0;
	while (v) {
		bits += v & 1;
		v >>= 1;
	}
	return bits & 1 ? -1 : 1;
}

/** Fixed column sign flips: rows of H·D stay orthogonal, but one pass of H no longer collapses them onto a single line. */
const FLIP_IN = [1, -1, 1, 1, -1, 1, -1, -1, 1, 1, -1, 1, 1, -1, -1, 1];
const FLIP_OUT = [1, 1, -1, 1, -1, -1, 1, -1, -1, 1, 1, 1, -1, 1, -1, -1];

/**
 * Sign patterns, channel-major (channel c's 16 signs at c·16): how each input channel is spread
 * over the lines, and how each output channel is tapped from them. Distinct rows of H·D, so the
 * output channels are uncorrelated in the diffuse tail.
 */
export function signPatterns(channels: number): { input: Float64Array; output: Float64Array } {
	const input = new Float64Array(channels * LINES);
	const output = new Float64Array(channels * LINES);
	for (let c = 0; c < channels; c++) {
		for (let j = 0; j < LINES; j++) {
			input[c * LINES + j] = hadamard(1 + c, j) * FLIP_IN[j]!;
			output[c * LINES + j] = hadamard(8 + c, j) * FLIP_OUT[j]!;
		}
	}
	return { input, output };
}
