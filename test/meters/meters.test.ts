import { describe, expect, it } from 'vitest';
import { CorrelationMeter } from '../../engine/meters/correlation-meter.js';
import { PEAK_METER_STRIDE, PeakMeter } from '../../engine/meters/peak-meter.js';

const SR = 48000;
const db = (x: number) => 20 * Math.log10(x);

function noise(n: number, seed: number): Float32Array {
	let s = seed >>> 0;
	const out = new Float32Array(n);
	for (let i = 0; i < n; i++) {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		out[i] = s / 2147483648 - 1;
	}
	return out;
}

describe('PeakMeter', () => {
	const fall = 20 / 1.7;

	/** One impulse of `amp` then silence, fed in `block`-frame blocks; readings at `seconds`. */
	function afterImpulse(amp: number, seconds: number, block: number) {
		const m = new PeakMeter(1, SR);
		const total = Math.round(seconds * SR);
		const buf = new Float32Array(block);
		for (let done = 0; done < total; ) {
			const n = Math.min(block, total - done);
			buf.fill(0);
			if (done === 0) buf[0] = amp;
			m.process([buf], n);
			done += n;
		}
		return m;
	}

	it('attacks instantly and falls 20 dB in 1.7 s', () => {
		const m = afterImpulse(0.5, 1 / SR, 1);
		expect(m.level(0)).toBe(Math.fround(0.5));
		for (const t of [0.5, 1.7, 3]) {
			const after = afterImpulse(0.5, t, 128);
			// The impulse is sample 0; the reading is taken after sample t·SR − 1.
			const expected = db(0.5) - fall * ((t * SR - 1) / SR);
			expect(db(after.level(0))).toBeCloseTo(expected, 6);
		}
		expect(db(afterImpulse(1, 1.7 + 1 / SR, 512).level(0))).toBeCloseTo(-20, 6);
	});

	it('holds the peak for 1.5 s, then falls at the same rate', () => {
		expect(afterImpulse(0.5, 1.5, 256).hold(0)).toBe(Math.fround(0.5));
		const t = 2.5;
		const m = afterImpulse(0.5, t, 1000);
		// Released after 1.5 s worth of samples following the impulse.
		const falling = (t * SR - 1 - 1.5 * SR) / SR;
		expect(db(m.hold(0))).toBeCloseTo(db(0.5) - fall * falling, 6);
		expect(m.hold(0)).toBeGreaterThanOrEqual(m.level(0));
	});

	it('does not depend on the block size', () => {
		const x = noise(SR, 3);
		const a = new PeakMeter(1, SR);
		const b = new PeakMeter(1, SR);
		a.process([x], x.length);
		for (let at = 0; at < x.length; at += 128) b.process([x], Math.min(128, x.length - at), at);
		expect(b.level(0)).toBe(a.level(0));
		expect(b.hold(0)).toBe(a.hold(0));
	});

	it('latches clip at ±1.0 until resetClip, and writes its state into a shared slice', () => {
		const m = new PeakMeter(2, SR);
		m.process([Float32Array.of(0.2, 0.999), Float32Array.of(0, -1)], 2);
		expect(m.clipped(0)).toBe(false);
		expect(m.clipped(1)).toBe(true);
		m.process([new Float32Array(4800), new Float32Array(4800)], 4800);
		expect(m.clipped(1)).toBe(true);
		const shared = new Float32Array(new SharedArrayBuffer(4 * 10));
		m.writeState(shared, 4);
		expect(Array.from(shared.subarray(4, 4 + 2 * PEAK_METER_STRIDE)).map((v) => Math.round(v * 1000) / 1000)).toEqual([
			Math.round(m.level(0) * 1000) / 1000,
			Math.round(m.hold(0) * 1000) / 1000,
			0,
			Math.round(m.level(1) * 1000) / 1000,
			1,
			1,
		]);
		expect(shared[0]).toBe(0);
		m.resetClip();
		expect(m.clipped(1)).toBe(false);
	});
});

describe('CorrelationMeter', () => {
	const read = (l: Float32Array, r: Float32Array) => {
		const m = new CorrelationMeter(SR);
		for (let at = 0; at < l.length; at += 512) m.process([l, r], Math.min(512, l.length - at), at);
		return m.value();
	};
	const n = SR;
	const a = noise(n, 1);

	it('reads +1 for identical and −1 for inverted signals', () => {
		expect(read(a, a)).toBeCloseTo(1, 9);
		expect(read(a, a.map((v) => -v))).toBeCloseTo(-1, 9);
		expect(read(a, a.map((v) => 0.1 * v))).toBeCloseTo(1, 9);
	});

	it('reads ≈0 for uncorrelated noise', () => {
		expect(Math.abs(read(a, noise(n, 2)))).toBeLessThan(0.05);
	});

	it('reads 0 for silence and for one silent side', () => {
		const z = new Float32Array(n);
		expect(read(z, z)).toBe(0);
		expect(read(a, z)).toBe(0);
	});

	it('integrates over ~200 ms: half-way to a new value after 0.2·ln 2 s on equal levels', () => {
		const m = new CorrelationMeter(SR);
		m.process([a, a], n);
		const t = Math.round(0.2 * Math.LN2 * SR);
		const inv = a.map((v) => -v);
		m.process([a, inv], t);
		// ⟨LR⟩ has moved half-way from +⟨L²⟩ to −⟨L²⟩, so r ≈ 0.
		expect(Math.abs(m.value())).toBeLessThan(0.05);
	});
});
