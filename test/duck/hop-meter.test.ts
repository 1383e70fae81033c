// The hop meter against BS.1770's reference reading (a 1 kHz sine at 0 dBFS in one front channel
// reads −3.01 LUFS) and against the project's loudness meter on the same audio.
import { describe, expect, it } from 'vitest';
import { HopMeter, integratedLoudness, runLoudness } from '../../engine/duck/hop-meter.js';
import { LoudnessMeter } from '../../engine/loudness/loudness-meter.js';

const SR = 48000;

function sine(seconds: number, amplitude: number, gate?: (t: number) => boolean): Float64Array {
	return Float64Array.from({ length: seconds * SR }, (_, i) => (gate && !gate(i / SR) ? 0 : amplitude * Math.sin((2 * Math.PI * 1000 * i) / SR)));
}

describe('HopMeter', () => {
	it('reads a 1 kHz sine at 0 dBFS in the left channel as −3.01 LUFS, in any block size', () => {
		const left = sine(4, 1);
		const right = new Float64Array(left.length);
		for (const block of [4800, 1000, 8192]) {
			const m = new HopMeter(2, SR, left.length);
			for (let at = 0; at < left.length; at += block) m.process([left, right], Math.min(block, left.length - at), at);
			m.finish();
			expect(m.powers.length).toBe(40);
			// After the filters settle (the first hop holds their start).
			expect(Math.abs(runLoudness(m.powers, 1, 40) - -3.01)).toBeLessThan(0.01);
		}
	});

	it('gives the integrated loudness of the project meter on gated programme', () => {
		// Bursts at −20 dBFS with silence and a quiet bed, so both gates act.
		const x = sine(20, 0.1, (t) => t % 4 < 2.5);
		for (let i = 0; i < x.length; i++) if (x[i] === 0) x[i] = 0.001 * Math.sin((2 * Math.PI * 1000 * i) / SR);
		const hop = new HopMeter(1, SR, x.length);
		hop.process([x], x.length);
		hop.finish();
		const meter = new LoudnessMeter(1, SR);
		meter.process([x], x.length);
		expect(integratedLoudness(hop.powers)!).toBeCloseTo(meter.report().integrated!, 1);
		expect(integratedLoudness(new Float64Array(10))).toBeNull();
	});
});
