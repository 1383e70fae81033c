// The strip page's gain-reduction panel has a fifth meter, `duck`, fed by the renderer's
// takeReductions(): the ducker's deepest dip, labelled, or `off` without a ducker.
import { describe, expect, it } from 'vitest';
import { parseSession } from '../../sessions/load.js';
import { stripLines, stripPage } from '../../source/app/strip-rows.js';
import { PLAIN } from '../../source/app/theme.js';
import { REDUCTION_FIELDS, REDUCTION_ORDER } from '../../engine/worker/shared-state.js';
import { MixRenderer, REDUCTION_SECTIONS } from '../../engine/mix/renderer.js';
import { plan, source } from '../conformance/fixtures.js';

const session = parseSession('dubdesk: 1\nbuses: [{ id: DX }, { id: MX, duck: { key: DX } }, { id: FX }]\ntracks: [{ id: dx, output: DX }]\n', 'reel.yaml');
const page = (id: string) =>
	stripPage({ session, target: { kind: 'bus', id, name: id }, cursor: { section: 'trim', param: 0 }, theme: PLAIN, columns: 100, height: 24, hints: 'e back', addKey: 'a' });

describe('the ducker on the gain-reduction meters', () => {
	it('is the fifth reading, in the renderer and the shared state alike', () => {
		expect(REDUCTION_ORDER).toEqual(REDUCTION_SECTIONS);
		expect(REDUCTION_FIELDS).toBe(5);
		expect(REDUCTION_ORDER[4]).toBe('duck');
	});

	it('shows the ducker reading under `duck` on a ducked bus, `off` elsewhere', () => {
		const reductions = [0, 0, 0, 0, -7.5];
		const lines = stripLines(page('MX'), reductions, 0);
		const title = lines.find((l) => l.includes('STRIP'))!;
		expect(title).toMatch(/gate comp dees\s+lim\s+duck\s*$/);
		const values = lines.find((l) => /off\s+off\s+off\s+off/.test(l))!;
		expect(values).toMatch(/off\s+off\s+off\s+off\s+-7\.5\s*$/);
		// A bar hangs under the duck label (−7.5 dB of 20 on the panel's rows).
		expect(lines.some((l) => / {20}\s*##$/.test(l))).toBe(true);
		const plainBus = stripLines(page('FX'), reductions, 0).find((l) => /off\s+off\s+off\s+off/.test(l))!;
		expect(plainBus).toMatch(/off\s+off\s+off\s+off\s+off\s*$/);
	});

	it('takeReductions writes a ducker dip into the duck slot', () => {
		const p = plan();
		p.buses[0]!.duck = { bypass: false, sections: [{ path: 'duck', kind: 'duck', values: { threshold: -60, depth: -12, attack: 1, hold: 10, release: 50, lookahead: 0 }, key: { kind: 'track', index: 1 } }] };
		p.order = [{ kind: 'track', index: 1 }, { kind: 'track', index: 0 }, { kind: 'bus', index: 0 }];
		const r = new MixRenderer(p, () => source(0.5), 256);
		for (let i = 0; i < 300; i++) r.render(i * 256, 256);
		const out = new Float32Array((p.tracks.length + p.buses.length + 1) * REDUCTION_FIELDS);
		r.takeReductions(out);
		const bus = p.tracks.length * REDUCTION_FIELDS;
		expect(out[bus + 4]).toBeCloseTo(-12, 3);
		expect([...out].filter((v, i) => i !== bus + 4).every((v) => v === 0)).toBe(true);
		// Taken and cleared: nothing until the next block, which is still at depth.
		r.takeReductions(out);
		expect(out[bus + 4]).toBe(0);
		r.render(300 * 256, 256);
		r.takeReductions(out);
		expect(out[bus + 4]).toBeCloseTo(-12, 3);
	});
});

describe('the mixer strip of a ducked bus', () => {
	it("hangs the deeper of the compressor's and the ducker's reduction from the top", async () => {
		const { emptyLive } = await import('../../source/app/live.js');
		const { mixerLayout, mixerRows } = await import('../../source/app/mixer-rows.js');
		const shape = { tracks: 1, buses: 3, masterChannels: 2, rows: 24, frameRate: 24 as const };
		const layout = mixerLayout(session, 80, 24, 0);
		const bars = (comp: number, duck: number) => {
			const live = emptyLive(shape);
			const reductions = live.reductions.slice();
			const mx = 2 * REDUCTION_FIELDS; // strips: dx, DX, MX, FX
			reductions[mx + 1] = comp;
			reductions[mx + 4] = duck;
			return mixerRows(session, { ...live, reductions }, layout, 0, PLAIN, 24).join('\n').split('v').length - 1;
		};
		expect(bars(0, 0)).toBe(0);
		// 2 dB a cell: −10 dB of ducking is five cells, and it wins over a −4 dB compressor.
		expect(bars(0, -10)).toBe(5);
		expect(bars(-4, 0)).toBe(2);
		expect(bars(-4, -10)).toBe(5);
	});
});
