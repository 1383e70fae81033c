// The live graph: a plan with its media streams and renderer, and the id → index maps that
// live parameter changes go through. Built on the engine thread between buffers.
import type { Session } from '../../sessions/types.js';
import type { MixPlan } from '../plan.js';
import { MixRenderer } from '../mix/renderer.js';
import { REALTIME_STREAMS, StreamSet } from '../media/stream-set.js';
import type { MediaTally } from '../media/clip-stream.js';
import type { ParamChange } from './session-diff.js';
import type { ParamValue } from '../../sessions/params.js';
import { BAND_TYPES } from '../../sessions/strip-params.js';
import type { StripChain } from '../mix/strip-chain.js';
import { slotOf } from '../dsp/processor.js';
import type { Ducker } from '../dsp/dynamics/ducker.js';

export interface Graph {
	session: Session;
	file: string;
	plan: MixPlan;
	streams: StreamSet;
	renderer: MixRenderer;
	tracks: Map<string, number>;
	buses: Map<string, number>;
	/** NaN/Inf media samples this graph has played as silence (read by the loop, written by the streams). */
	tally: MediaTally;
}

/** Allocates everything the graph's renderer and read-ahead need (off the audio path). */
export function buildGraph(session: Session, file: string, plan: MixPlan, bufferFrames: number): Graph {
	const tally: MediaTally = { nonFiniteSamples: 0 };
	const streams = new StreamSet(plan, { ...REALTIME_STREAMS, tally });
	return {
		session,
		file,
		plan,
		streams,
		renderer: new MixRenderer(plan, (_c, t, k) => streams.source(t, k), bufferFrames),
		tracks: new Map(session.tracks.map((t, i) => [t.id, i])),
		buses: new Map(session.buses.map((b, i) => [b.id, i])),
		tally,
	};
}

/**
 * Engine thread, between buffers: one live parameter change, de-clicked by the renderer. False
 * when the graph has no such control (a strip section that was off when the graph was built):
 * the caller rebuilds.
 */
export function applyParam(g: Graph, c: ParamChange): boolean {
	const r = g.renderer;
	const v = c.value;
	if (c.param.startsWith('strip.')) return applyStripParam(r.chain(c.target, c.index), c.param, v);
	if (c.param.startsWith('duck.') && c.target !== 'master') return applyDuckParam(r.ducker(c.target, c.index), c.param.slice(5), v);
	if (c.param.startsWith('reverb.') && c.target === 'bus') return applyReverbParam(r.reverbChain(c.index), c.param.slice(7), v);
	if (c.param.startsWith('send.') && c.target === 'track') {
		const on = c.param.endsWith('.on');
		const to = on ? c.param.slice(5, -3) : c.param.slice(5);
		const k = g.session.tracks[c.index]?.sends?.findIndex((x) => x.to === to) ?? -1;
		if (k < 0) return false;
		if (on) r.setSendOn(c.index, k, v === true);
		else r.setSendLevel(c.index, k, v as number);
		return true;
	}
	if (c.target === 'master') {
		if (c.param !== 'gain') return false;
		r.setMasterGain(v as number);
	} else if (c.target === 'bus') {
		if (c.param === 'gain') r.setBusGain(c.index, v as number);
		else if (c.param === 'mute') r.setBusMute(c.index, v as boolean);
		else return false;
	} else if (c.param === 'gain') r.setTrackGain(c.index, v as number);
	else if (c.param === 'pan') r.setTrackPan(c.index, v as number);
	else if (c.param === 'panY') r.setTrackPanY(c.index, v as number);
	else if (c.param === 'lfe') r.setTrackLfe(c.index, v as number);
	else if (c.param === 'mute') r.setTrackMute(c.index, v as boolean);
	else if (c.param === 'solo') r.setTrackSolo(c.index, v as boolean);
	else if (c.param === 'polarity') r.setTrackPolarity(c.index, v as boolean);
	else return false;
	return true;
}

function applyStripParam(chain: StripChain | undefined, param: string, value: ParamValue): boolean {
	if (!chain) return false;
	const parts = param.slice('strip.'.length).split('.');
	if (parts[0] === 'bypass') {
		chain.setBypass(value === true);
		return true;
	}
	const name = parts.pop()!;
	const path = parts.length === 0 ? 'trim' : parts.join('.');
	const index = chain.indexOf(path);
	if (index < 0) return false;
	if (name === 'on') {
		chain.setOn(index, value === true);
		return true;
	}
	const p = chain.processor(index);
	const slot = slotOf(p, path === 'trim' ? 'gain' : name);
	if (slot < 0) return false;
	p.params[slot] = name === 'type' ? BAND_TYPES.indexOf(value as (typeof BAND_TYPES)[number]) : (value as number);
	return true;
}

function applyReverbParam(chain: StripChain | undefined, name: string, value: ParamValue): boolean {
	if (!chain || chain.size === 0) return false;
	if (name === 'on') {
		chain.setOn(0, value === true);
		return true;
	}
	const p = chain.processor(0);
	const slot = slotOf(p, name);
	if (slot < 0) return false;
	p.params[slot] = value as number;
	return true;
}

/** A ducker's switch or level; false (rebuild) without one, or for the look-ahead, which is a latency. */
function applyDuckParam(duck: Ducker | undefined, name: string, value: ParamValue): boolean {
	if (!duck) return false;
	if (name === 'on') {
		duck.on[0] = value === true ? 1 : 0;
		return true;
	}
	const slot = slotOf(duck, name);
	if (slot < 0 || name === 'lookahead') return false;
	duck.params[slot] = value as number;
	return true;
}
