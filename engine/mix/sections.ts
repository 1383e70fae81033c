// Which processor runs each strip section. The session's values are written into the
// processor's parameter slots by name, then reset() makes them current at once: a print starts
// on the values it was given, not on a glide from the defaults.
import type { Processor } from '../dsp/processor.js';
import { slotOf } from '../dsp/processor.js';
import type { PlanSection } from '../plan-strip.js';
import { Trim } from '../dsp/trim.js';
import { ButterworthFilter } from '../dsp/butterworth.js';
import { EqBand } from '../dsp/eq-band.js';
import { Gate } from '../dsp/dynamics/gate.js';
import { Compressor } from '../dsp/dynamics/compressor.js';
import { DeEsser } from '../dsp/dynamics/deesser.js';
import { StripLimiter } from '../dsp/dynamics/limiter.js';
import { AlgorithmicReverb } from '../dsp/reverb/fdn.js';
import { ConvolutionReverb } from '../dsp/reverb/convolution.js';
import { Ducker } from '../dsp/dynamics/ducker.js';

function create(section: PlanSection): Processor {
	switch (section.kind) {
		case 'trim':
			return new Trim();
		case 'hpf':
			return new ButterworthFilter('highpass');
		case 'lpf':
			return new ButterworthFilter('lowpass');
		case 'gate':
			return new Gate();
		case 'eq':
			return new EqBand();
		case 'compressor':
			return new Compressor();
		case 'deesser':
			return new DeEsser();
		case 'limiter':
			return new StripLimiter();
		case 'reverb':
			return new AlgorithmicReverb();
		case 'convolution':
			return new ConvolutionReverb(section.ir!);
		case 'duck':
			return new Ducker();
	}
}

/** Off the audio path: the section's processor with its values set (configure and reset follow). */
export function makeProcessor(section: PlanSection): Processor {
	const p = create(section);
	for (const [name, value] of Object.entries(section.values)) {
		const slot = slotOf(p, name);
		if (slot < 0) throw new Error(`the ${section.kind} processor has no parameter ${name}`);
		p.params[slot] = value;
	}
	return p;
}
