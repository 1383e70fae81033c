// Gain-reduction meters: a compressor in a real renderer, through the worker's meter bank into
// shared memory (held 100 ms at its deepest, then back at 20 dB per 300 ms), read on the UI's
// tick by the strip page and the mixer; the mixer's strip letters; and the screen writer's path
// that patches the meters without a React render.
import { afterEach, describe, expect, it } from 'vitest';
import { MixRenderer } from '../../engine/mix/renderer.js';
import { planStrip } from '../../engine/plan-strip.js';
import { MeterBank } from '../../engine/worker/meter-bank.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import type { Strip } from '../../sessions/types.js';
import { plan, source } from '../conformance/fixtures.js';
import { sessionYaml, setup, type Setup } from './setup.js';

let ui: Setup | undefined;
afterEach(() => ui?.unmount());

const SR = 48000;
const BLOCK = 480;
const COMPRESSOR = 1;

describe('meter bank', () => {
	it('publishes a compressor\'s gain reduction, holds it 100 ms and returns at 20 dB per 300 ms', () => {
		const compressed = plan();
		const strip: Strip = { bypass: false, trim: 0, compressor: { on: true, threshold: -20, ratio: 3, knee: 6, attack: 5, release: 100, makeup: 0 } };
		compressed.tracks[0]!.strip = planStrip(strip, () => undefined);
		const shared = SharedState.create();
		const bank = new MeterBank(shared);
		bank.configure(compressed, BLOCK);
		bank.startPass();
		// The fixture's clips play a constant 0.5 at clip gain 0.7: 0.35, −9.12 dBFS, into the compressor.
		const r = new MixRenderer(compressed, () => source(0.5), BLOCK);
		for (let n = 0; n < SR / 2; n += BLOCK) {
			r.render(n, BLOCK);
			bank.afterBlock(r, BLOCK);
		}
		const level = 20 * Math.log10(0.35);
		// Above the knee: y = T + (x − T)/R, so the gain is (1/R − 1)(x − T).
		const gr = (1 / 3 - 1) * (level + 20);
		const at = shared.trackReductionOffset(0);
		expect(shared.reduction(at, COMPRESSOR)).toBeCloseTo(gr, 1);
		expect([0, 2, 3].map((k) => shared.reduction(at, k))).toEqual([0, 0, 0]);
		expect(shared.reduction(shared.trackReductionOffset(1), COMPRESSOR)).toBe(0);

		// The same mix without the compressor (a graph swap): the reading holds, then returns.
		const open = plan();
		const r2 = new MixRenderer(open, () => source(0.5), BLOCK);
		bank.configure(open, BLOCK);
		let elapsed = 0;
		for (let n = 0; n < SR / 4; n += BLOCK) {
			r2.render(n, BLOCK);
			bank.afterBlock(r2, BLOCK);
			elapsed += BLOCK / SR;
			const expected = elapsed <= 0.1 ? gr : Math.min(0, gr + ((elapsed - 0.1) * 20) / 0.3);
			expect(shared.reduction(at, COMPRESSOR), `at ${elapsed.toFixed(3)} s`).toBeCloseTo(expected, 1);
		}
		expect(shared.reduction(at, COMPRESSOR)).toBe(0);
	});
});

function withStrip(strip: string, tracks = 16, master = ''): string {
	const body = strip
		.trim()
		.split('\n')
		.map((l) => `      ${l}`)
		.join('\n');
	return sessionYaml(tracks).replace('    name: Trk 1\n', `    name: Trk 1\n    strip:\n${body}\n`).replace('buses:', `${master}buses:`);
}

const DYN = 'hpf: { freq: 100, slope: 12 }\ngate: { threshold: -60 }\ncompressor: { threshold: -20, ratio: 4 }\nlimiter: { ceiling: -1 }';

function setReductions(shared: SharedState, offset: number, values: number[]): void {
	values.forEach((v, k) => (shared.floats[offset + k] = v));
}

describe('strip page meters', () => {
	it('draw each section\'s reduction as a bar from the top with its reading, "off" where nothing runs', async () => {
		ui = setup({ yaml: withStrip(DYN) });
		await ui.press('e');
		setReductions(ui.shared, ui.shared.trackReductionOffset(0), [-10, -6, 0, -1.3]);
		ui.shared.setPlaying(true);
		ui.shared.publish();
		await ui.tick();
		const lines = ui.frame().split('\n');
		const header = lines.findIndex((l) => l.startsWith('STRIP'));
		const comp = lines[header]!.indexOf('comp');
		const curve = lines.slice(header + 1).filter((l) => /^.{4}[│┤]/.test(l));
		const column = (at: number) => curve.map((l) => l.slice(at, at + 4).includes('##'));
		const lit = (at: number) => column(at).filter(Boolean).length;
		// A full bar is 20 dB: cells lit = round(GR / 20 · rows), counted from the top.
		expect(lit(comp)).toBe(Math.round((6 / 20) * curve.length));
		expect(column(comp).slice(0, lit(comp)).every(Boolean)).toBe(true);
		expect(lit(comp - 5)).toBe(Math.round((10 / 20) * curve.length));
		expect(lit(comp + 10)).toBe(Math.max(1, Math.round((1.3 / 20) * curve.length)));
		const values = lines[header + curve.length + 2]!;
		// The fifth meter is the ducker's: `off` on a track without one.
		expect(values.slice(comp - 6)).toMatch(/^\s*-10\s+-6\.0\s+off\s+-1\.5\s+off\s*$/);

		// Stopped, the meters rest (the engine's last values stay in memory).
		ui.shared.setPlaying(false);
		ui.shared.publish();
		await ui.tick();
		expect(ui.frame()).not.toContain('##');
	});

	it('are patched onto the screen by the meter tick without a React render', async () => {
		const patches: (readonly string[])[] = [];
		ui = setup({ yaml: withStrip(DYN), screen: { patch: (_top, lines) => void patches.push(lines) } });
		await ui.press('e');
		const inkFrame = ui.frame();
		setReductions(ui.shared, ui.shared.trackReductionOffset(0), [0, -8, 0, 0]);
		ui.shared.setPlaying(true);
		ui.shared.publish();
		for (let i = 0; i < 100 && !patches.some((p) => p.some((l) => l.includes('-8.0'))); i++) await new Promise((r) => setTimeout(r, 10));
		const last = patches.at(-1)!;
		const rows = last.filter((l) => /^.{4}[│┤]/.test(l)).length;
		expect(rows).toBeGreaterThan(4);
		expect(last.filter((l) => l.includes('##'))).toHaveLength(Math.round((8 / 20) * rows));
		expect(last.some((l) => l.includes('-8.0'))).toBe(true);
		expect(ui.frame().replace(/> PLAY/, '# STOP')).toBe(inkFrame);
	});
});

describe('mixer strips', () => {
	it('show E and D for a strip with tone and dynamics, B when bypassed, and the compressor as a hanging bar', async () => {
		const master = 'master: { format: stereo, gain: 0, strip: { eq: [{ type: bell, freq: 100, gain: 2 }], limiter: { ceiling: -1 }, compressor: { threshold: -10 } } }\n';
		ui = setup({ yaml: withStrip(DYN, 16, master).replace('    name: Trk 3\n', '    name: Trk 3\n    strip: { bypass: true, compressor: { threshold: -10 } }\n') });
		setReductions(ui.shared, ui.shared.trackReductionOffset(0), [0, -6.4, 0, 0]);
		setReductions(ui.shared, ui.shared.masterReductionOffset(), [0, -3.5, 0, -2]);
		ui.shared.setPlaying(true);
		ui.shared.publish();
		await ui.tick();
		// Ink trims trailing blanks: pad the lines back to the terminal's width.
		const lines = ui.frame().split('\n').map((l) => l.padEnd(80));
		const col = lines[2]!.indexOf('>Trk 1');
		const meter = lines.slice(3, 18).map((l) => l.slice(col + 1, col + 7));
		expect(meter[0]![0]).toBe('E');
		expect(meter[1]![0]).toBe('D');
		// 2 dB a cell: −6.4 dB is 3 cells from the top.
		expect(meter.map((m) => m[5] === 'v')).toEqual([true, true, true, ...new Array<boolean>(12).fill(false)]);
		const trk2 = lines.slice(3, 18).map((l) => l.slice(col + 9, col + 15));
		expect(trk2.every((m) => m[0] === ' ' && m[5] === ' ')).toBe(true);
		const trk3 = lines[3]!.slice(col + 17, col + 23);
		expect(trk3[0]).toBe('B');
		expect(ui.frame()).toMatch(/ED GR -3\.5/);
	});
});
