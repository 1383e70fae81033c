// A fixed delay per channel: the latency compensation that keeps every path of the mix aligned
// when a processor somewhere looks ahead (docs/engine.md, "Latency").

export class DelayLine {
	private readonly rings: Float64Array[];
	private readonly size: number;
	private write = 0;

	/** Off the audio path: allocates `delay` samples of history per channel. */
	constructor(
		channels: number,
		readonly delay: number,
	) {
		this.size = Math.max(1, delay);
		this.rings = Array.from({ length: channels }, () => new Float64Array(this.size));
	}

	/** Audio thread. buffers[c][0..frames) become the input `delay` samples ago. */
	process(buffers: Float64Array[], frames: number): void {
		const d = this.delay;
		if (d === 0) return;
		const size = this.size;
		let w = this.write;
		for (let c = 0; c < this.rings.length; c++) {
			const ring = this.rings[c]!;
			const x = buffers[c]!;
			w = this.write;
			for (let n = 0; n < frames; n++) {
				const y = ring[w]!;
				ring[w] = x[n]!;
				x[n] = y;
				w = w + 1 === size ? 0 : w + 1;
			}
		}
		this.write = w;
	}

	/** Audio thread. Forgets the history (silence comes out for the next `delay` samples). */
	reset(): void {
		for (const r of this.rings) r.fill(0);
		this.write = 0;
	}
}
