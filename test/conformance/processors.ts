// What the conformance test measures, bundled by esbuild as the program ships (vitest's own
// module transform changes what V8 inlines, and so what allocates).
export { MixRenderer } from '../../engine/mix/renderer.js';
export { ARG_GAIN } from '../../engine/mix/kernels.js';
export { makeLane } from '../../engine/dsp/automation.js';
export { LoudnessMeter } from '../../engine/loudness/loudness-meter.js';
export { PeakMeter } from '../../engine/meters/peak-meter.js';
export { CorrelationMeter } from '../../engine/meters/correlation-meter.js';
export { TruePeakLimiter } from '../../engine/dsp/true-peak-limiter.js';
export { decodeFrames } from '../../engine/media/decode.js';
export { MeterBank } from '../../engine/worker/meter-bank.js';
export { SharedState } from '../../engine/worker/shared-state.js';
