import { RealFft } from '../../work/main/engine/dsp/reverb/fft.js';
import FFT from 'fft.js';
const n = 1024;
const f = new RealFft(n);
const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) + ((i * 7919) % 13) / 13);
const X = new Float64Array(n + 2);
f.forward(x, X);
let err = 0;
for (let k = 0; k <= n / 2; k++) {
	let re = 0, im = 0;
	for (let t = 0; t < n; t++) { re += x[t] * Math.cos(2 * Math.PI * k * t / n); im -= x[t] * Math.sin(2 * Math.PI * k * t / n); }
	err = Math.max(err, Math.abs(re - X[2 * k]), Math.abs(im - X[2 * k + 1]));
}
const y = new Float64Array(n);
f.inverse(X, y);
let err2 = 0;
for (let t = 0; t < n; t++) err2 = Math.max(err2, Math.abs(y[t] - x[t]));
console.log('fwd err', err, 'roundtrip', err2);
const ref = new FFT(n); const out = ref.createComplexArray(); const full = ref.createComplexArray();
const bench = (name: string, fn: () => void) => { for (let i = 0; i < 20000; i++) fn(); const t = process.hrtime.bigint(); const N = 200000; for (let i = 0; i < N; i++) fn(); console.log(name, Number(process.hrtime.bigint() - t) / N, 'ns'); };
const out64 = new Float64Array(2 * n), full64 = new Float64Array(2 * n);
bench('ours forward', () => f.forward(x, X));
bench('ours inverse', () => f.inverse(X, y));
bench('fft.js realTransform', () => ref.realTransform(out64, x));
bench('fft.js complete+inverse', () => { ref.completeSpectrum(out64); ref.inverseTransform(full64, out64); });
