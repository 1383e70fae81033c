// How a parallel render cuts the mix: runs of about equal estimated cost (the calling thread's
// lighter by the output it writes), and between threads only the arrays later threads use.
import { describe, expect, it } from 'vitest';
import { nodeCosts, parallelLayout, splitOrder } from '../../engine/render/parallel-plan.js';
import type { MixPlan, PlanTrack } from '../../engine/plan.js';
import type { PlanStrip } from '../../engine/plan-strip.js';

const FRAMES = 48000 * 60;

/** A plan of mono tracks with one clip over the whole render, and buses, in the usual order. */
function plan(tracks: { output?: number; strip?: PlanStrip; sends?: number[] }[], buses: { output?: number; strip?: PlanStrip }[] = [], masterStrip?: PlanStrip): MixPlan {
	const clip = { start: 0, length: FRAMES, media: { channels: 1 } };
	return {
		channels: 2,
		tracks: tracks.map((t) => ({ format: 'mono', output: t.output ?? -1, clips: [clip], strip: t.strip, sends: t.sends?.map((bus) => ({ bus, gainDb: 0, pre: false, on: true })) }) as unknown as PlanTrack),
		buses: buses.map((b) => ({ output: b.output ?? -1, strip: b.strip })),
		busOrder: buses.map((_, i) => i),
		masterStrip,
		order: [...tracks.map((_, index) => ({ kind: 'track' as const, index })), ...buses.map((_, index) => ({ kind: 'bus' as const, index }))],
	} as unknown as MixPlan;
}

const compressor = (key?: { kind: 'track' | 'bus'; index: number }): PlanStrip => ({ bypass: false, sections: [{ path: 'compressor', kind: 'compressor', values: {}, ...(key ? { key } : {}) }] });

describe('splitting the render order', () => {
	it('cuts equal tracks into runs of about equal cost, the last one lighter by the output', () => {
		const p = plan(Array.from({ length: 16 }, () => ({})));
		const runs = splitOrder(p, nodeCosts(p, 0, FRAMES), FRAMES, 2);
		expect(runs).toEqual([
			{ from: 0, to: 9 },
			{ from: 9, to: 16 },
		]);
		const four = splitOrder(p, nodeCosts(p, 0, FRAMES), FRAMES, 4);
		expect(four.map((r) => r.to - r.from)).toEqual([5, 4, 5, 2]);
	});

	it('weighs a track by its strip, and a plain track only while its clips sound', () => {
		const strip: PlanStrip = { bypass: false, sections: [{ path: 'deesser', kind: 'deesser', values: {} }] };
		const p = plan([{ strip }, {}, {}, {}, {}]);
		const costs = nodeCosts(p, 0, FRAMES);
		expect(costs[0]!).toBeGreaterThan(4 * costs[1]!);
		const late = nodeCosts(p, FRAMES, FRAMES);
		expect(late[1]).toBe(0);
		expect(late[0]).toBeGreaterThan(0);
		expect(splitOrder(p, costs, FRAMES, 2)).toEqual([
			{ from: 0, to: 1 },
			{ from: 1, to: 5 },
		]);
	});

	it('gives one run when there is nothing to split, rather than a thread with nothing to render', () => {
		const p = plan([{}]);
		expect(splitOrder(p, nodeCosts(p, 0, FRAMES), FRAMES, 4)).toEqual([{ from: 0, to: 1 }]);
	});
});

describe('what travels between threads', () => {
	it('tracks straight to the master: the master only', () => {
		const p = plan([{}, {}, {}, {}]);
		const layout = parallelLayout(p, [
			{ from: 0, to: 2 },
			{ from: 2, to: 4 },
		]);
		expect(layout.arrays).toEqual([{ kind: 'master' }]);
		expect(layout.stages.map((s) => [s.copyIn, s.copyOut])).toEqual([
			[[], [0]],
			[[0], []],
		]);
		expect(layout.stages[0]!.part).toEqual({ tracks: [true, true, false, false], buses: [], master: false });
		expect(layout.stages[1]!.part.master).toBe(true);
	});

	it('the sums of buses fed upstream, the stems of buses finished upstream, and keys read downstream', () => {
		// Order: t0 t1 t2 t3 | B0 B1. t0 → B0, t1 → B1, t2 keys from t0, t3 sends into B1; B1 is keyed by the master.
		const p = plan([{ output: 0 }, { output: 1 }, { strip: compressor({ kind: 'track', index: 0 }) }, { sends: [1] }], [{}, {}], compressor({ kind: 'bus', index: 1 }));
		const layout = parallelLayout(p, [
			{ from: 0, to: 2 },
			{ from: 2, to: 5 },
			{ from: 5, to: 6 },
		]);
		const names = (slots: number[]) => slots.map((i) => layout.arrays[i]!).map((a) => (a.kind === 'master' ? 'master' : `${a.kind}${a.index}`));
		const [first, second, last] = layout.stages;
		// t0's key output is read by t2 downstream; B1 is not finished until the last thread.
		expect(names(first!.copyOut).sort()).toEqual(['bus0', 'bus1', 'key0']);
		expect(names(second!.copyIn).sort()).toEqual(['bus0', 'bus1', 'key0']);
		// B0 is finished in the second run: its stem and its parent (the master) go on, not its
		// input sum; B1 takes t3's send.
		expect(names(second!.copyOut).sort()).toEqual(['bus1', 'master', 'stem0']);
		expect(names(last!.copyIn).sort()).toEqual(['bus1', 'master', 'stem0']);
		expect(last!.copyOut).toEqual([]);
	});
});
