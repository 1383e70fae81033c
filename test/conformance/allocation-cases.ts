// The allocation cases of the processor conformance suite, run by processors.test.ts in a
// Node process of their own, bundled by esbuild as the program ships (vitest's module transform
// changes what V8 inlines; other test files would share the heap). Prints { case: bytes }.
//
// A case's number is how much the heap grew while its loop ran CALLS times synchronously, after
// a warm-up and a full collection. What allocates is a property of optimised code (V8's
// interpreter and baseline code box every double), and V8 optimises on a background thread a
// busy machine can starve, so the warm-up runs until V8 reports the loop optimised (run with
// --allow-natives-syntax, which changes no compilation). A collection in the middle voids a
// measurement; it is taken again, up to three times, and is Infinity only when every attempt
// collected (as a loop that fills a young generation always does).
import { PerformanceObserver } from 'node:perf_hooks';
import { MixRenderer } from '../../engine/mix/renderer.js';
import { CALLS, plan, source, stripPlan } from './fixtures.js';
import { LoudnessMeter } from '../../engine/loudness/loudness-meter.js';
import { PeakMeter } from '../../engine/meters/peak-meter.js';
import { CorrelationMeter } from '../../engine/meters/correlation-meter.js';
import { TruePeakLimiter } from '../../engine/dsp/true-peak-limiter.js';
import { decodeFrames } from '../../engine/media/decode.js';
import { MeterBank } from '../../engine/worker/meter-bank.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import { MONITOR_MODES, MonitorStage } from '../../engine/worker/monitor.js';
import { ButterworthFilter } from '../../engine/dsp/butterworth.js';
import { EqBand } from '../../engine/dsp/eq-band.js';
import { Trim } from '../../engine/dsp/trim.js';
import type { Processor } from '../../engine/dsp/processor.js';
import { Gate } from '../../engine/dsp/dynamics/gate.js';
import { Compressor } from '../../engine/dsp/dynamics/compressor.js';
import { DeEsser } from '../../engine/dsp/dynamics/deesser.js';
import { StripLimiter } from '../../engine/dsp/dynamics/limiter.js';
import { AlgorithmicReverb, FDN_DAMPING, FDN_DECAY, FDN_MIX, FDN_PREDELAY, FDN_SIZE, FDN_WIDTH } from '../../engine/dsp/reverb/fdn.js';
import { ConvolutionReverb, CONV_MIX, CONV_PREDELAY } from '../../engine/dsp/reverb/convolution.js';
import { generateIr } from '../../engine/dsp/reverb/generate-ir.js';
import { DUCK_DEPTH, DUCK_THRESHOLD, Ducker } from '../../engine/dsp/dynamics/ducker.js';
import { makeLane } from '../../engine/dsp/automation.js';

const SR = 48000;
const gc = (globalThis as { gc?: () => void }).gc!;

/** V8's optimisation status bits (src/runtime/runtime.h): TurboFan code is installed. */
const OPTIMIZED = 1 << 4;
const status = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;

async function allocatedDuring(fn: (i: number) => void, warmupMs: number): Promise<number> {
	// Warm up until the loop runs optimised (idle pauses let a background compile land).
	const deadline = Date.now() + warmupMs;
	let i = 0;
	do {
		for (const end = i + CALLS / 8; i < end; i++) fn(i);
		await new Promise((r) => setTimeout(r, 50));
	} while ((status(fn) & OPTIMIZED) === 0 && Date.now() < deadline);
	// Not optimised yet (a starved background compiler on a loaded machine): nothing to measure
	// this time (NaN); the suite retries the case in a fresh process.
	if ((status(fn) & OPTIMIZED) === 0) return NaN;
	gc();
	let collections = 0;
	const observer = new PerformanceObserver((list) => {
		collections += list.getEntries().length;
	});
	observer.observe({ entryTypes: ['gc'] });
	const before = process.memoryUsage().heapUsed;
	for (let i = 0; i < CALLS; i++) fn(i);
	const after = process.memoryUsage().heapUsed;
	await new Promise((r) => setTimeout(r, 50)); // GC entries are delivered after the loop
	observer.disconnect();
	return collections > 0 ? Infinity : after - before;
}

/** A strip processor's case: configured for 2 channels at SR, 64 frames; `move` writes its targets. */
function movingProcessor(p: Processor, move: (p: Processor, i: number) => void): (i: number) => void {
	p.configure(2, SR, 64);
	const signal = Float64Array.from({ length: 64 * 75 }, (_, n) => 0.5 * Math.sin(n / 3) + 0.2 * Math.sin(n / 17));
	const bufs = [new Float64Array(64), new Float64Array(64)];
	return (i) => {
		move(p, i);
		const o = (i % 75) * 64;
		for (let n = 0; n < 64; n++) bufs[0]![n] = bufs[1]![n] = signal[o + n]!;
		p.process(bufs, 64, null);
	};
}

const cases: Record<string, () => (i: number) => void> = {
	empty: () => () => {},
	// A double stored into a Map is boxed: 16 bytes a call. The bar must catch this.
	boxing: () => {
		const box = new Map<number, number>();
		return (i) => void box.set(0, i + 0.5);
	},
	renderer: () => {
		const r = new MixRenderer(plan(), () => source(0.5), 64);
		const peaks = new Float32Array(4);
		return (i) => {
			if (i % 1000 === 0) r.setTrackGain(0, (i % 3000) / -300); // live changes take the ramp path
			if (i % 1700 === 0) r.setTrackMute(0, i % 3400 === 0);
			r.render((i * 64) % (SR * 2), 64);
			if (i % 8 === 0) r.takeTrackPeaks(peaks);
		};
	},
	rendererSurround: () => {
		// A 5.1 master: one track placed by static panY and LFE (then moved live), one by lanes.
		const p = plan();
		p.format = '5.1';
		p.channels = 6;
		p.tracks[0] = { ...p.tracks[0]!, panY: 0.3, lfeDb: -6 };
		p.tracks[1] = { ...p.tracks[1]!, panYLane: makeLane([[0, -1], [1, 1]]), lfeLane: makeLane([[0, -144], [1, 0]], -144) };
		const r = new MixRenderer(p, () => source(0.5), 64);
		return (i) => {
			if (i % 1000 === 0) r.setTrackPanY(0, (i % 3000) / 1500 - 1); // live changes take the ramp path
			if (i % 1300 === 0) r.setTrackLfe(0, -(i % 2600) / 100);
			r.render((i * 64) % (SR * 2), 64);
		};
	},
	rendererWithStrips: () => {
		const r = new MixRenderer(stripPlan(), () => source(0.5), 64);
		const reductions = new Float32Array(16);
		const chain = r.chain('track', 0)!;
		const eq = chain.processor(chain.indexOf('eq.0'));
		return (i) => {
			if (i % 1000 === 0) eq.params[2] = (i % 3000) / 500; // a band gain glides
			if (i % 2300 === 0) chain.setOn(chain.indexOf('deesser'), i % 4600 === 0); // a section crossfades
			if (i % 3100 === 0) chain.setBypass(i % 6200 === 0);
			r.render((i * 64) % (SR * 2), 64);
			if (i % 8 === 0) r.takeReductions(reductions);
		};
	},
	meterBank: () => {
		const p = plan();
		const r = new MixRenderer(p, () => source(0.5), 64);
		// The 10 Hz integrated/LRA summary is cold code (see MeterBank); this is the per-buffer path.
		const bank = new MeterBank(SharedState.create(), Infinity);
		bank.configure(p, 64);
		bank.startPass();
		return (i) => {
			r.render((i * 64) % (SR * 2), 64);
			bank.afterBlock(r, 64);
		};
	},
	monitor: () => {
		// The device feed of a 5.1 master, switching position (and crossfading) every 8 buffers.
		const stage = new MonitorStage();
		stage.configure(6, 6, SR, 64);
		const buf = Buffer.alloc(64 * 6 * 4);
		const mix = new Float32Array(buf.buffer, buf.byteOffset, 64 * 6).map((_, k) => Math.sin(k / 7) * 0.3);
		return (i) => {
			if (i % 8 === 0) stage.set(MONITOR_MODES[(i >> 3) % 3]!);
			stage.output(mix, buf, 64);
		};
	},
	loudness: () => {
		const m = new LoudnessMeter(2, SR);
		const tone = [Float64Array.from({ length: 64 }, (_, i) => Math.sin(i / 5) * 0.3), Float64Array.from({ length: 64 }, (_, i) => Math.sin(i / 3) * 0.3)];
		return () => m.process(tone, 64);
	},
	peakAndCorrelation: () => {
		const peak = new PeakMeter(2, SR);
		const corr = new CorrelationMeter(SR);
		const sig = [Float64Array.from({ length: 256 }, (_, i) => Math.sin(i)), Float64Array.from({ length: 256 }, (_, i) => Math.sin(i))];
		const halfScale = Float32Array.of(0.5, 0.5);
		const state = new Float32Array(6);
		const db = new Float64Array(6);
		return () => {
			peak.process(sig, 256);
			peak.processPeaks(halfScale, 256);
			peak.writeState(state, 0);
			peak.writeDb(db, 0, 3);
			corr.process(sig, 256);
		};
	},
	limiter: () => {
		const lim = new TruePeakLimiter(2, SR, -1);
		const loud = [new Float64Array(64), new Float64Array(64)];
		return (i) => {
			for (let n = 0; n < 64; n++) loud[0]![n] = loud[1]![n] = (n + i) % 50 < 25 ? 1.5 : -1.5;
			lim.process(loud, 64);
		};
	},
	decode: () => {
		const bytes = new Uint8Array(256 * 2 * 3);
		const dest = [new Float32Array(256), new Float32Array(256)];
		const info = { encoding: 'pcm' as const, bitsPerSample: 24, channels: 2 };
		return () => decodeFrames(info, bytes, 0, 256, dest, 0);
	},
	// Strip processors: 2 channels at 48 kHz, 64 frames, a signal refilled each call, one
	// parameter moving every 1000 calls (and the structure now and then: the crossfade path).
	stripButterworth: () =>
		movingProcessor(new ButterworthFilter('highpass'), (p, i) => {
			if (i % 1000 === 0) p.params[0] = 40 + (i % 7000) / 10;
			if (i % 4000 === 0) p.params[1] = 6 * (1 + ((i / 4000) % 4));
		}),
	stripEqBand: () =>
		movingProcessor(new EqBand(), (p, i) => {
			if (i % 1000 === 0) p.params[2] = ((i % 9000) - 4500) / 300;
			if (i % 5000 === 0) p.params[0] = (i / 5000) % 6;
		}),
	stripTrim: () =>
		movingProcessor(new Trim(), (p, i) => {
			if (i % 1000 === 0) p.params[0] = ((i % 5000) - 2500) / 200;
		}),
	// The signal peaks at −3 dBFS: a threshold of −2 closes the gate, −50 opens it.
	stripGate: () =>
		movingProcessor(new Gate(), (p, i) => {
			if (i % 1000 === 0) p.params[0] = i % 2000 === 0 ? -2 : -50;
			if (i % 3000 === 0) p.params[1] = -20 - (i % 9000) / 300;
		}),
	stripCompressor: () =>
		movingProcessor(new Compressor(), (p, i) => {
			if (i % 1000 === 0) p.params[0] = -10 - (i % 7000) / 250;
			if (i % 3000 === 0) p.params[1] = 2 + (i % 9000) / 1000;
		}),
	stripDeEsser: () =>
		movingProcessor(new DeEsser(), (p, i) => {
			if (i % 1000 === 0) p.params[0] = 2000 + (i % 7000);
			if (i % 3000 === 0) p.params[1] = -40 + (i % 9000) / 600;
		}),
	stripLimiter: () =>
		movingProcessor(new StripLimiter(), (p, i) => {
			if (i % 1000 === 0) p.params[0] = -1 - (i % 11000) / 1000;
		}),
	// Reverb returns: every parameter moving now and then (a size glide, a predelay crossfade).
	reverbAlgorithmic: () =>
		movingProcessor(new AlgorithmicReverb(), (p, i) => {
			if (i % 1000 === 0) p.params[FDN_DECAY] = 0.5 + (i % 7000) / 2000;
			if (i % 3000 === 0) p.params[FDN_SIZE] = (i % 9000) / 9000;
			if (i % 2000 === 0) p.params[FDN_DAMPING] = (i % 6000) / 6000;
			if (i % 2500 === 0) p.params[FDN_WIDTH] = (i % 5000) / 5000;
			if (i % 4000 === 0) p.params[FDN_PREDELAY] = (i % 12000) / 100;
			if (i % 3500 === 0) p.params[FDN_MIX] = (i % 7000) / 7000;
		}),
	// The ducker keyed by a tone that comes and goes (attack, hold, release and the steady paths),
	// its depth gliding and its switch flipping now and then.
	stripDucker: () => {
		const d = new Ducker();
		d.configure(2, SR, 64);
		const bufs = [new Float64Array(64), new Float64Array(64)];
		const key = [Float64Array.from({ length: 64 }, (_, n) => 0.3 * Math.sin(n / 4))];
		const quiet = [new Float64Array(64)];
		return (i) => {
			if (i % 1000 === 0) d.params[DUCK_DEPTH] = -6 - (i % 7000) / 500;
			if (i % 3000 === 0) d.params[DUCK_THRESHOLD] = -30 - (i % 9000) / 900;
			if (i % 5000 === 0) d.on[0] = i % 10000 === 0 ? 1 : 0;
			for (let n = 0; n < 64; n++) bufs[0]![n] = bufs[1]![n] = 0.5 * Math.sin((i * 64 + n) / 9);
			d.process(bufs, 64, (i >> 9) % 2 === 0 ? key : quiet);
		};
	},
	// A mix with a ducker on a track (keyed by the other track) and on the bus, and duck lanes.
	rendererWithDuck: () => {
		const p = plan();
		const duck = (key: { kind: 'track' | 'bus'; index: number }) => ({
			bypass: false,
			sections: [{ path: 'duck', kind: 'duck' as const, values: { threshold: -20, depth: -10, attack: 5, hold: 20, release: 50, lookahead: 2 }, key }],
		});
		p.tracks[0]!.duck = duck({ kind: 'track', index: 1 });
		p.tracks[0]!.duckLane = makeLane([[0, 0], [1, -6], [2, 0]], -144);
		p.buses[0]!.duck = duck({ kind: 'track', index: 1 });
		p.buses[0]!.duckLane = makeLane([[0, -3], [2, 0]], -144);
		p.order = [{ kind: 'track', index: 1 }, { kind: 'track', index: 0 }, { kind: 'bus', index: 0 }];
		const r = new MixRenderer(p, () => source(0.5), 64);
		const reductions = new Float32Array(15);
		const ducker = r.ducker('track', 0)!;
		return (i) => {
			if (i % 1000 === 0) ducker.params[DUCK_DEPTH] = -4 - (i % 5000) / 500;
			if (i % 1700 === 0) r.setTrackMute(1, i % 3400 === 0); // the key comes and goes
			r.render((i * 64) % (SR * 2), 64);
			if (i % 8 === 0) r.takeReductions(reductions);
		};
	},
	reverbConvolution: () =>
		movingProcessor(new ConvolutionReverb({ file: 'ir.wav', sampleRate: SR, channels: generateIr({ seconds: 0.5, rt60: 0.4, sampleRate: SR, channels: 2, seed: 1, brightness: 0.5 }) }), (p, i) => {
			if (i % 4000 === 0) p.params[CONV_PREDELAY] = (i % 12000) / 100;
			if (i % 3500 === 0) p.params[CONV_MIX] = (i % 7000) / 7000;
		}),
};

// Names on the command line run just those cases (a retry re-measures only what read over).
const only = new Set(process.argv.slice(2));
const results: Record<string, number | string> = {};
for (const [name, make] of Object.entries(cases)) {
	if (only.size > 0 && !only.has(name)) continue;
	const fn = make();
	let bytes = Infinity;
	for (let attempt = 0; attempt < 3 && !Number.isFinite(bytes); attempt++) bytes = await allocatedDuring(fn, attempt === 0 ? 40_000 : 15_000);
	results[name] = Number.isFinite(bytes) ? bytes : Number.isNaN(bytes) ? 'not optimised' : 'Infinity';
}
process.stdout.write(JSON.stringify(results));
