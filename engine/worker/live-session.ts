// The engine's own copy of the session: the latest document the UI sent, with every parameter
// change since applied. Graphs are brought up to it, so a change that arrives while a graph is
// being rebuilt is heard after the swap, never lost.
import type { Session } from '../../sessions/types.js';
import { setParam } from '../../sessions/params.js';
import type { EngineCommand } from './protocol.js';
import { diffParams } from './session-diff.js';
import { applyParam, type Graph } from './graph.js';

export type ParamCommand = Extract<EngineCommand, { type: 'param' }>;

export class LiveSession {
	latest: { session: Session; file: string } | undefined;

	/** A whole document from the UI. */
	set(session: Session, file: string): void {
		this.latest = { session, file };
	}

	/** Brings a graph's parameters up to the latest session; false when that needs a rebuild. */
	catchUp(g: Graph): boolean {
		const latest = this.latest;
		if (!latest || latest.file !== g.file || latest.session === g.session) return true;
		const changes = diffParams(g.session, latest.session);
		if (!changes) return false;
		for (const c of changes) if (!applyParam(g, c)) return false;
		g.session = latest.session;
		return true;
	}

	/** A change the graphs hear another way (an automation pass writes it): kept in the documents only. */
	record(command: ParamCommand, graphs: (Graph | undefined)[]): void {
		const address = { target: command.target, id: command.id, param: command.param };
		if (this.latest) this.latest = { ...this.latest, session: setParam(this.latest.session, address, command.value) };
		for (const g of graphs) if (g) g.session = setParam(g.session, address, command.value);
	}

	/**
	 * One live change: into the latest session and into each graph given (the playing one first).
	 * Returns 'rebuild' when the playing graph has no such control (a section switched on for the
	 * first time); throws for an address that names nothing.
	 */
	apply(command: ParamCommand, graphs: (Graph | undefined)[]): 'live' | 'rebuild' {
		const address = { target: command.target, id: command.id, param: command.param };
		if (this.latest) this.latest = { ...this.latest, session: setParam(this.latest.session, address, command.value) };
		for (const [k, g] of graphs.entries()) {
			if (!g) continue;
			const index = command.target === 'track' ? g.tracks.get(command.id) : command.target === 'bus' ? g.buses.get(command.id) : 0;
			const live = index !== undefined && applyParam(g, { target: command.target, index, id: command.id, param: command.param, value: command.value });
			if (live) g.session = setParam(g.session, address, command.value);
			else if (k === 0) return 'rebuild';
		}
		return 'live';
	}
}
