// What a pass of the transport records besides the sound it plays: the live print's takes (the
// loop pushes every buffer it plays) and, for strips in a writing mode, the automation pass the
// engine writes (its lanes go to the UI when the pass ends). Engine thread.
import type { EngineEvent } from './protocol.js';
import type { Graph } from './graph.js';
import { PassWriter } from './pass-writer.js';
import { TakeRecorder } from './take-writer.js';

type Kind = 'track' | 'bus' | 'master';

export class PassHooks {
	/** Live print: what the output plays, written as takes. */
	readonly takes: TakeRecorder;
	/** The automation pass being written, while the transport runs. */
	private writer: PassWriter | undefined;
	private from = 0;

	constructor(private readonly emit: (event: EngineEvent) => void) {
		this.takes = new TakeRecorder({ emit });
	}

	/** A pass starts at the playhead when a strip writes automation (not while looping: a loop replays the same stretch). */
	startPass(g: Graph, position: number, looping: boolean): void {
		const writes = (a: unknown) => ['touch', 'latch', 'write', 'trim'].includes((a as { mode?: string } | undefined)?.mode ?? '');
		const writing = g.session.tracks.some((t) => writes(t.automation)) || g.session.buses.some((b) => writes(b.automation)) || writes(g.session.master.automation);
		if (!writing || looping) return;
		this.writer = new PassWriter(g.renderer, g.session, g.plan.sampleRate, g.tracks, g.buses);
		this.from = position;
		this.writer.start(position);
	}

	/** Ends the pass at the playhead and sends its lanes to the UI. */
	endPass(position: number, sampleRate: number): void {
		const w = this.writer;
		if (!w) return;
		this.writer = undefined;
		const lanes = w.stop(position);
		if (lanes.length > 0) this.emit({ type: 'pass', from: this.from / sampleRate, to: position / sampleRate, lanes });
	}

	/** A control's new value: true when the pass writes it (its lane drives it; the document keeps its value). */
	value(id: string, param: string, value: number, position: number, kind: Kind): boolean {
		return this.writer !== undefined && this.writer.value(id, param, value, position, kind);
	}

	/** A control let go: a touch-mode pass glides back to the lane. */
	release(id: string, param: string, position: number, kind: Kind): void {
		this.writer?.release(id, param, position, kind);
	}

	/** The fill actions ('end': write to the end; 'punch': fill back to the punch-in), said on the status line. */
	fill(to: 'end' | 'punch', position: number): void {
		const n = this.writer?.fill(to, position) ?? 0;
		this.emit({ type: 'notice', message: n > 0 ? `${to === 'end' ? 'written to the end' : 'filled back to the punch-in'}: ${n} control${n === 1 ? '' : 's'}` : 'nothing is being written: touch a control in a writing mode first' });
	}

	/** A rebuilt graph takes over mid-pass: the pass goes on in it from this very buffer. */
	retarget(g: Graph): void {
		this.writer?.retarget(g.renderer, g.tracks, g.buses);
	}
}
