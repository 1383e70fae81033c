// The order a plan renders in: buses children-first, and tracks and buses so that every node
// comes after its inputs and the keys of its strips.
import type { PlanBus, PlanTrack } from './plan-types.js';
import type { NodeRef } from './plan-strip.js';

/** Children before parents (the session loader has already rejected cycles). */
export function busOrder(buses: PlanBus[]): number[] {
	const depth = (i: number): number => {
		let d = 0;
		for (let j = buses[i]!.output; j >= 0 && d <= buses.length; j = buses[j]!.output) d++;
		return d;
	};
	return buses.map((_, i) => i).sort((a, b) => depth(b) - depth(a) || a - b);
}

/**
 * A topological order of tracks and buses: a bus after everything routed into it, a keyed
 * strip after its key. Ties keep tracks first, then buses children-first, as before keys
 * existed (the loader has rejected cycles).
 */
export function renderOrder(tracks: PlanTrack[], buses: PlanBus[]): NodeRef[] {
	const nodes: NodeRef[] = [...tracks.map((_, index) => ({ kind: 'track' as const, index })), ...busOrder(buses).map((index) => ({ kind: 'bus' as const, index }))];
	const id = (n: NodeRef) => (n.kind === 'track' ? n.index : tracks.length + n.index);
	const needs: number[][] = nodes.map(() => []);
	const need = (node: NodeRef, before: NodeRef) => needs[id(node)]!.push(id(before));
	tracks.forEach((t, index) => {
		if (t.output >= 0) need({ kind: 'bus', index: t.output }, { kind: 'track', index });
		for (const send of t.sends ?? []) if (send.bus >= 0) need({ kind: 'bus', index: send.bus }, { kind: 'track', index });
		for (const s of [...(t.strip?.sections ?? []), ...(t.duck?.sections ?? [])]) if (s.key) need({ kind: 'track', index }, s.key);
	});
	buses.forEach((b, index) => {
		if (b.output >= 0) need({ kind: 'bus', index: b.output }, { kind: 'bus', index });
		for (const s of [...(b.strip?.sections ?? []), ...(b.duck?.sections ?? [])]) if (s.key) need({ kind: 'bus', index }, s.key);
	});
	// Passes in the preferred order; without keys the first pass takes everything.
	const done = new Uint8Array(nodes.length);
	const order: NodeRef[] = [];
	let pending = nodes;
	while (pending.length > 0) {
		const later: NodeRef[] = [];
		for (const n of pending) {
			if (needs[id(n)]!.every((m) => done[m] === 1)) {
				done[id(n)] = 1;
				order.push(n);
			} else later.push(n);
		}
		if (later.length === pending.length) throw new Error('routing cycle in a validated session');
		pending = later;
	}
	return order;
}
