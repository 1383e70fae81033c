// An independent reference for the mix semantics in docs/mix-semantics.md: a direct per-sample transcription
// of the formulas, written for clarity, sharing no code with engine/. Tests compare renders
// against it.

export type RefFormat = 'stereo' | '5.1';

export interface RefClip {
	/** Planar source samples as the decoder should produce them (e.g. int16 / 32768). */
	samples: number[][];
	at: number;
	offset?: number;
	length?: number;
	gain?: number;
	fadeIn?: number;
	fadeOut?: number;
	shape?: 'linear' | 'equal-power';
}

export interface RefTrack {
	clips: RefClip[];
	gain?: number;
	pan?: number;
	mute?: boolean;
	solo?: boolean;
	polarity?: boolean;
	output?: string;
	/** Front (−1, the default) … rear (+1), on a 5.1 master. */
	panY?: number;
	/** LFE send, dB (default −∞), on a 5.1 master. */
	lfe?: number;
	automation?: { gain?: [number, number][]; pan?: [number, number][]; panY?: [number, number][]; lfe?: [number, number][]; mute?: [number, number][]; duck?: [number, number][] };
}

export interface RefBus {
	id: string;
	gain?: number;
	mute?: boolean;
	output?: string;
	/** The duck lane: dB added to the bus's gain. */
	automation?: { duck?: [number, number][] };
}

export interface RefSession {
	sampleRate: number;
	format?: RefFormat;
	masterGain?: number;
	tracks: RefTrack[];
	buses?: RefBus[];
}

const db = (x: number) => (x === -Infinity ? 0 : 10 ** (x / 20));

function lerpLane(points: [number, number][], t: number): number {
	if (t <= points[0]![0]) return points[0]![1];
	for (let i = points.length - 1; i >= 0; i--) {
		const [t0, v0] = points[i]!;
		if (t0 <= t) {
			const next = points[i + 1];
			if (!next) return v0;
			return v0 + ((next[1] - v0) * (t - t0)) / (next[0] - t0);
		}
	}
	return points[0]![1];
}

function stepLane(points: [number, number][], t: number): number {
	let v = points[0]![1];
	for (const [t0, v0] of points) if (t0 <= t) v = v0;
	return v;
}

/** Mixes samples [from, to) and returns the master and every bus's stem, planar float64. */
export function referenceMix(session: RefSession, from: number, to: number): { master: Float64Array[]; stems: Record<string, Float64Array[]> } {
	const sr = session.sampleRate;
	const format = session.format ?? 'stereo';
	const outCh = format === 'stereo' ? 2 : 6;
	const frames = to - from;
	const newBuf = () => Array.from({ length: outCh }, () => new Float64Array(frames));
	const master = newBuf();
	const buses = session.buses ?? [];
	const busBuf: Record<string, Float64Array[]> = Object.fromEntries(buses.map((b) => [b.id, newBuf()]));
	const anySolo = session.tracks.some((t) => t.solo);

	for (const track of session.tracks) {
		if (track.mute || (anySolo && !track.solo)) continue;
		const width = Math.max(...track.clips.map((c) => c.samples.length));
		const dest = track.output && track.output !== 'master' ? busBuf[track.output]! : master;
		for (let i = 0; i < frames; i++) {
			const n = from + i;
			const t = n / sr;
			const x = new Array<number>(width).fill(0);
			for (const clip of track.clips) {
				const s = Math.round(clip.at * sr);
				const off = Math.round((clip.offset ?? 0) * sr);
				const L = clip.length !== undefined ? Math.round(clip.length * sr) : clip.samples[0]!.length - off;
				if (n < s || n >= s + L) continue;
				const k = n - s;
				const Fi = Math.round((clip.fadeIn ?? 0) * sr);
				const Fo = Math.round((clip.fadeOut ?? 0) * sr);
				const shape = (v: number) => (clip.shape === 'equal-power' ? Math.sin((v * Math.PI) / 2) : v);
				let g = db(clip.gain ?? 0);
				if (k < Fi) g *= shape(k / Fi);
				if (k >= L - Fo) g *= shape((L - k) / Fo);
				const src = n - s + off;
				if (clip.samples.length === 1 && width > 1) {
					// Mono clip on a wider track: both sides of stereo, the centre of 5.1.
					const v = clip.samples[0]![src]! * g;
					if (width === 2) {
						x[0]! += v;
						x[1]! += v;
					} else x[2]! += v;
				} else {
					for (let c = 0; c < clip.samples.length; c++) x[c]! += clip.samples[c]![src]! * g;
				}
			}
			// README: gain lanes interpolate with −∞ taken as −144 dB, and −144 dB or below is silence.
			const floor = (p: [number, number][]) => p.map(([pt, v]): [number, number] => [pt, Math.max(v, -144)]);
			const laneDb = track.automation?.gain ? lerpLane(floor(track.automation.gain), t) : undefined;
			let gain = laneDb !== undefined ? (laneDb <= -144 ? 0 : db(laneDb)) : db(track.gain ?? 0);
			// The duck lane is dB added to the fader (or its lane): a second factor, floored the same way.
			const duckDb = track.automation?.duck ? lerpLane(floor(track.automation.duck), t) : 0;
			gain *= duckDb <= -144 ? 0 : db(duckDb);
			if (track.polarity) gain = -gain;
			if (track.automation?.mute && stepLane(track.automation.mute, t) === 1) gain = 0;
			const pan = track.automation?.pan ? lerpLane(track.automation.pan, t) : (track.pan ?? 0);
			// Surround: y splits front and rear by φ = (y+1)·π/4; the LFE send is a level in dB like a fader.
			const y = track.automation?.panY ? lerpLane(track.automation.panY, t) : (track.panY ?? -1);
			const lfeDb = track.automation?.lfe ? lerpLane(floor(track.automation.lfe), t) : (track.lfe ?? -Infinity);
			const lfeGain = lfeDb <= -144 ? 0 : db(lfeDb);
			const phi = ((y + 1) * Math.PI) / 4;
			if (width === 1) {
				const v = x[0]! * gain;
				if (format === 'stereo') {
					const th = ((pan + 1) * Math.PI) / 4;
					dest[0]![i]! += v * Math.cos(th);
					dest[1]![i]! += v * Math.sin(th);
				} else {
					const front = v * Math.cos(phi);
					if (pan <= 0) {
						const th = ((pan + 1) * Math.PI) / 2;
						dest[0]![i]! += front * Math.cos(th);
						dest[2]![i]! += front * Math.sin(th);
					} else {
						const th = (pan * Math.PI) / 2;
						dest[2]![i]! += front * Math.cos(th);
						dest[1]![i]! += front * Math.sin(th);
					}
					const rear = v * Math.sin(phi);
					const th = ((pan + 1) * Math.PI) / 4;
					dest[4]![i]! += rear * Math.cos(th);
					dest[5]![i]! += rear * Math.sin(th);
					dest[3]![i]! += v * lfeGain;
				}
			} else {
				const left = pan > 0 ? 1 - pan : 1;
				const right = pan < 0 ? 1 + pan : 1;
				if (width === 2 && format === '5.1') {
					const l = x[0]! * gain * left;
					const r = x[1]! * gain * right;
					dest[0]![i]! += l * Math.cos(phi);
					dest[1]![i]! += r * Math.cos(phi);
					dest[4]![i]! += l * Math.sin(phi);
					dest[5]![i]! += r * Math.sin(phi);
					dest[3]![i]! += ((x[0]! + x[1]!) / 2) * gain * lfeGain;
				} else if (width === 2) {
					dest[0]![i]! += x[0]! * gain * left;
					dest[1]![i]! += x[1]! * gain * right;
				} else if (format === '5.1') {
					const sideGain = [left, right, 1, 1, left, right];
					for (let c = 0; c < 6; c++) dest[c]![i]! += x[c]! * gain * sideGain[c]!;
				} else {
					const h = Math.SQRT1_2;
					dest[0]![i]! += (x[0]! + h * x[2]! + h * x[4]!) * gain * left;
					dest[1]![i]! += (x[1]! + h * x[2]! + h * x[5]!) * gain * right;
				}
			}
		}
	}

	// Buses feed their outputs deepest first; a stem is the bus after its gain and mute.
	const depth = (b: RefBus): number => (!b.output || b.output === 'master' ? 0 : 1 + depth(buses.find((x) => x.id === b.output)!));
	for (const bus of [...buses].sort((a, b) => depth(b) - depth(a))) {
		const g = bus.mute ? 0 : db(bus.gain ?? 0);
		const buf = busBuf[bus.id]!;
		const out = bus.output && bus.output !== 'master' ? busBuf[bus.output]! : master;
		const duck = bus.automation?.duck?.map(([pt, v]): [number, number] => [pt, Math.max(v, -144)]);
		const gainAt = (i: number) => {
			if (!duck) return g;
			const d = lerpLane(duck, (from + i) / sr);
			return d <= -144 ? 0 : g * db(d);
		};
		for (let c = 0; c < outCh; c++) {
			for (let i = 0; i < frames; i++) {
				buf[c]![i]! *= gainAt(i);
				out[c]![i]! += buf[c]![i]!;
			}
		}
	}
	const mg = db(session.masterGain ?? 0);
	for (const ch of master) for (let i = 0; i < frames; i++) ch[i]! *= mg;
	return { master, stems: busBuf };
}
