// A small mix for the conformance suite: two mono tracks (one with gain, pan and mute
// automation) into a bus and the master, over in-memory constant sources.
import type { ClipSource } from '../../engine/mix/clip-source.js';
import { ARG_GAIN } from '../../engine/mix/kernels.js';
import { makeLane } from '../../engine/dsp/automation.js';
import type { MixPlan, PlanClip, PlanTrack } from '../../engine/plan.js';
import type { PlanStrip } from '../../engine/plan-strip.js';

/** Calls per measured loop. */
export const CALLS = 150_000;
const SR = 48000;

/** A clip source over an in-memory constant (or silence), as a ClipStream would mix it. */
export function source(value: number): ClipSource {
	return {
		mixInto(_src, frames, dest, offset, map, args, envelope) {
			const gain = args[ARG_GAIN]!;
			for (let ch = 0; ch < map.length; ch++) {
				const targets = map[ch]!;
				for (let k = 0; k < targets.length; k++) {
					const d = dest[targets[k]!]!;
					for (let i = 0; i < frames; i++) d[offset + i]! += value * gain * (envelope ? envelope[i]! : 1);
				}
			}
		},
	};
}

export function plan(): MixPlan {
	const clip = (start: number): PlanClip => ({
		key: `c${start}`,
		file: '/dev/null',
		name: 'c',
		media: { path: '/dev/null', container: 'wav', encoding: 'float', bitsPerSample: 32, channels: 1, sampleRate: SR, frames: 1e9, speakers: ['C'], dataOffset: 0, dataBytes: 0, blockAlign: 4 },
		start,
		length: 1e9,
		sourceStart: 0,
		gain: 0.7,
		fadeIn: 300,
		fadeOut: 0,
		equalPower: true,
		channelMap: [Int8Array.of(0)],
	});
	const track = (id: string, extra: Partial<PlanTrack>): PlanTrack => ({ id, name: id, format: 'mono', output: 0, gainDb: -3, pan: 0.2, mute: false, solo: false, polarity: false, clips: [clip(0)], ...extra });
	return {
		sampleRate: SR,
		format: 'stereo',
		channels: 2,
		masterGainDb: -1,
		tracks: [
			track('static', {}),
			track('automated', { output: -1, gainLane: makeLane([[0, -6], [1, 0]], -144), panLane: makeLane([[0, -1], [1, 1]]), muteLane: makeLane([[0.5, 1], [0.6, 0]]) }),
		],
		buses: [{ id: 'DX', name: 'DX', output: -1, gainDb: 2, mute: false }],
		busOrder: [0],
		order: [{ kind: 'track', index: 0 }, { kind: 'track', index: 1 }, { kind: 'bus', index: 0 }],
		length: 1e9,
		tail: 0,
		markers: [],
		warnings: [],
	};
}


/**
 * The same mix with strips: a full strip on the first track (with a sidechain from the bus), an
 * EQ on the bus and a limiter on the master, so latency compensation and keys are in play.
 */
export function stripPlan(): MixPlan {
	const p = plan();
	const full: PlanStrip = {
		bypass: false,
		sections: [
			{ path: 'trim', kind: 'trim', values: { gain: -1 } },
			{ path: 'hpf', kind: 'hpf', values: { freq: 80, slope: 12 } },
			{ path: 'gate', kind: 'gate', values: { threshold: -60, range: -20, attack: 1, hold: 50, release: 150 } },
			{ path: 'eq.0', kind: 'eq', values: { type: 0, freq: 2000, gain: 3, q: 1 } },
			{ path: 'compressor', kind: 'compressor', values: { threshold: -20, ratio: 3, knee: 6, attack: 5, release: 100, makeup: 0 } },
			{ path: 'deesser', kind: 'deesser', values: { freq: 6000, threshold: -30, range: -8 } },
		],
	};
	p.tracks[1]!.strip = { bypass: false, sections: [{ path: 'compressor', kind: 'compressor', values: { threshold: -30, ratio: 2, knee: 6, attack: 5, release: 100, makeup: 0 }, key: { kind: 'bus', index: 0 } }] };
	p.tracks[0]!.strip = full;
	p.buses[0]!.strip = { bypass: false, sections: [{ path: 'eq.0', kind: 'eq', values: { type: 1, freq: 200, gain: -3, q: 0.71 } }] };
	p.masterStrip = { bypass: false, sections: [{ path: 'limiter', kind: 'limiter', values: { ceiling: -1, release: 50 } }] };
	// The keyed track needs the bus first.
	p.order = [{ kind: 'track', index: 0 }, { kind: 'bus', index: 0 }, { kind: 'track', index: 1 }];
	return p;
}
