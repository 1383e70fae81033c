// Writing automation while the transport runs (a pass). The engine writes the lane itself and
// plays from it: every value a control is given during a pass becomes a point a little ahead of
// the playhead, and what the renderer hears between points is the lane's own interpolation. So
// the lanes sent back at stop are, point for point, what was heard, and a render of the saved
// session prints the pass sample for sample. Points are only ever added ahead of the playhead,
// never moved behind it.
//
// Modes (per track): touch writes while a control is touched and glides back to the lane it had
// over RETURN_SECONDS after release; latch keeps the last value until the transport stops;
// write writes every control of the strip from play to stop (and then becomes touch); trim
// writes an offset (the control's move away from its value at the punch-in) added to the lane
// it had, coalesced into that lane as the pass goes (the lane written is the sum). A value
// given to a control in touch or latch mode starts a touch (a key, a mapped controller); the UI
// ends a keyboard touch after a short idle, a surface with touch sensors when it is released.
import type { Session } from '../../sessions/types.js';
import type { AutomationMode } from '../../sessions/types.js';
import { getParam, stripParamSpec, stripParams } from '../../sessions/params.js';
import { GAIN_FLOOR_DB, linearAt, makeLane, type Lane } from '../dsp/automation.js';
import type { MixRenderer } from '../mix/renderer.js';

/** How long a released control takes to glide back to its lane (touch mode), seconds. */
export const RETURN_SECONDS = 0.25;
/** The glide into each new value: like a live change's de-click, so a written ride never steps. */
export const WRITE_RAMP_SECONDS = 0.01;
/** A new value within this of the last written one adds no point (dB, LFE too; 0.005 for pan and panY). */
export const THIN_DB = 0.1;
export const THIN_PAN = 0.005;

/** A lane as the pass leaves it, for the session: [seconds, value] points. */
export interface WrittenLane {
	/** A track's lane, or a bus's. */
	target: 'track' | 'bus' | 'master';
	track: string;
	/** 'gain', 'pan', 'send.VERB', or a strip path without its 'strip.' ('eq.0.gain'). */
	lane: string;
	points: [number, number][];
}

interface Control {
	kind: 'track' | 'bus' | 'master';
	track: number;
	id: string;
	/** The renderer's name for it: 'gain', 'pan', 'send.VERB', 'strip.eq.0.gain'. */
	param: string;
	/** The lane before the pass, as points (empty: the static value). */
	before: [number, number][];
	staticValue: number;
	floor: number;
	thin: number;
	/** Points of the lane being played: before the punch-in, then what is written. */
	points: [number, number][];
	state: 'writing' | 'latched' | 'done';
	/** The last value written (in trim mode: the last offset), and its time. */
	last: number;
	touched: boolean;
	/** Trim mode: values are offsets from `trimRef` (the control's value at the punch-in), added to the lane it had. */
	trim: boolean;
	trimRef: number;
	/** The lane it had, for evaluating under a trim. */
	old: Lane | undefined;
	/** Where this control's writing began (seconds), and how many points came before it. */
	punchIn: number;
	kept: number;
	/** "Write to end": the last value is held to the end instead of returning to the old lane. */
	toEnd: boolean;
	/** A switch written as steps (mute): no glide in, no glide back, no trim. */
	steps: boolean;
}

/** A step lane's value at x (the last point at or before it; the first before any). */
function stepAt(lane: Lane, x: number): number {
	let v = lane.values[0]!;
	for (let i = 0; i < lane.times.length && lane.times[i]! <= x; i++) v = lane.values[i]!;
	return v;
}

const lanePoints = (lane: Lane | undefined): [number, number][] => (lane ? Array.from(lane.times, (t, i) => [t, lane.values[i]!] as [number, number]) : []);

export class PassWriter {
	private readonly controls = new Map<string, Control>();
	private readonly ramp: number;

	constructor(
		private renderer: MixRenderer,
		private readonly session: Session,
		private readonly sampleRate: number,
		private tracks: Map<string, number>,
		private buses: Map<string, number> = new Map(),
	) {
		this.ramp = session.passes?.glide ?? WRITE_RAMP_SECONDS;
		this.returnSeconds = session.passes?.return ?? RETURN_SECONDS;
	}

	/** The session's return (AutoMatch) time. */
	private readonly returnSeconds: number;

	private modeOf(kind: 'track' | 'bus' | 'master', index: number): AutomationMode {
		const node = kind === 'track' ? this.session.tracks[index] : kind === 'bus' ? this.session.buses[index] : this.session.master;
		const a = node?.automation as { mode?: AutomationMode } | undefined;
		return a?.mode ?? 'read';
	}

	private indexOf(kind: 'track' | 'bus' | 'master', id: string): number | undefined {
		if (kind === 'master') return 0;
		return (kind === 'track' ? this.tracks : this.buses).get(id);
	}

	/** Whether a value for this control during the pass is written (rather than applied live). */
	writes(id: string, kind: 'track' | 'bus' | 'master' = 'track'): boolean {
		const t = this.indexOf(kind, id);
		if (t === undefined) return false;
		const m = this.modeOf(kind, t);
		return m === 'touch' || m === 'latch' || m === 'write' || m === 'trim';
	}

	/** At play: tracks and buses in write mode start writing every control they have, at their values now. */
	start(position: number): void {
		const numeric = (strip: Session['tracks'][number]['strip']) =>
			stripParams(strip)
				.filter(([param, v]) => typeof v === 'number' && !stripParamSpec(param)?.choices)
				.map(([param]) => param);
		// Front/rear and the LFE send are heard (so written) on a 5.1 master only.
		const surround = this.session.master.format === '5.1' ? ['panY', 'lfe'] : [];
		this.session.tracks.forEach((t, i) => {
			if (this.modeOf('track', i) !== 'write') return;
			for (const param of ['gain', 'pan', ...surround, ...(t.sends ?? []).map((s) => `send.${s.to}`), ...numeric(t.strip)]) {
				const v = this.valueNow('track', i, param, position);
				if (v !== undefined) this.value(t.id, param, v, position, 'track');
			}
		});
		if (this.modeOf('master', 0) === 'write') {
			for (const param of ['gain', ...numeric(this.session.master.strip)]) {
				const v = this.valueNow('master', 0, param, position);
				if (v !== undefined) this.value('master', param, v, position, 'master');
			}
		}
		this.session.buses.forEach((b, i) => {
			if (this.modeOf('bus', i) !== 'write') return;
			for (const param of ['gain', ...numeric(b.strip)]) {
				const v = this.valueNow('bus', i, param, position);
				if (v !== undefined) this.value(b.id, param, v, position, 'bus');
			}
		});
	}

	private laneOf(kind: 'track' | 'bus' | 'master', index: number, param: string): Lane | undefined {
		if (kind === 'master') return this.renderer.masterLane(param);
		return kind === 'track' ? this.renderer.trackLane(index, param) : this.renderer.busLane(index, param);
	}

	private valueNow(kind: 'track' | 'bus' | 'master', index: number, param: string, position: number): number | undefined {
		const lane = this.laneOf(kind, index, param);
		if (lane) return param === 'mute' ? stepAt(lane, position / this.sampleRate) : linearAt(lane, position / this.sampleRate);
		return this.staticOf(kind, index, param);
	}

	private control(id: string, param: string, position: number, kind: 'track' | 'bus' | 'master'): Control | undefined {
		const key = `${kind}:${id}:${param}`;
		let c = this.controls.get(key);
		if (c) return c;
		const track = this.indexOf(kind, id);
		if (track === undefined) return undefined;
		const staticValue = this.valueNow(kind, track, param, position);
		if (staticValue === undefined) return undefined;
		const gainLike = param === 'gain' || param === 'lfe' || param.startsWith('send.') || stripParamSpec(param)?.unit === 'dB';
		const before = lanePoints(this.laneOf(kind, track, param));
		const t = position / this.sampleRate;
		// The lane up to the punch-in, then a point on it there, so the ride starts where the lane was.
		const points: [number, number][] = before.filter(([pt]) => pt < t);
		const old = before.length > 0 ? makeLane(before) : undefined;
		points.push([t, old ? (param === 'mute' ? stepAt(old, t) : linearAt(old, t)) : staticValue]);
		const trim = this.modeOf(kind, track) === 'trim';
		const floor = gainLike ? GAIN_FLOOR_DB : -Infinity;
		c = {
			kind,
			track,
			id,
			param,
			before,
			// A trim from a closed level (an LFE send at −∞) starts from the floor, not −∞ + ∞.
			staticValue: trim ? Math.max(staticValue, floor) : staticValue,
			floor,
			thin: param === 'pan' || param === 'panY' ? THIN_PAN : param === 'mute' ? 0.5 : THIN_DB,
			points,
			state: 'writing',
			last: trim ? 0 : points.at(-1)![1],
			touched: true,
			trim: trim && param !== 'mute',
			// The document's value when the pass started: moving the control away from it is the trim.
			trimRef: Math.max(this.staticOf(kind, track, param) ?? staticValue, floor),
			old,
			punchIn: t,
			kept: points.length - 1,
			toEnd: false,
			steps: param === 'mute',
		};
		this.controls.set(key, c);
		return c;
	}

	/** A value for a control at the playhead `position` (samples): written as a point just ahead. False when it is not written. */
	value(id: string, param: string, value: number, position: number, kind: 'track' | 'bus' | 'master' = 'track'): boolean {
		if (!this.writes(id, kind)) return false;
		const c = this.control(id, param, position, kind);
		if (!c || c.state === 'done') return c !== undefined;
		c.touched = true;
		if (c.state === 'latched') c.state = 'writing';
		const raw = c.trim && !c.steps ? value - c.trimRef : value;
		if (Math.abs(raw - c.last) < c.thin && c.points.length > 1) return true;
		const now = position / this.sampleRate;
		// A switch (mute) steps at the playhead; a continuous control glides in over the de-click time.
		const t = c.steps ? now : (position + Math.round(this.ramp * this.sampleRate)) / this.sampleRate;
		// Since the last point the lane has held its value: keep that in the lane, or the next
		// point would turn the stretch already heard into a slope.
		this.push(c, now, c.last);
		this.push(c, t, raw);
		c.last = raw;
		this.play(c);
		return true;
	}

	/**
	 * Appends a point at time t (seconds) for a raw value (a value, or in trim mode an offset).
	 * A trim is the sum of two piecewise-linear lanes, which is piecewise linear with a point
	 * wherever either has one: the old lane's points inside the segment come first, each with
	 * the offset interpolated there. A point at the last point's time replaces its value (only
	 * points still ahead of the playhead are ever replaced).
	 */
	private push(c: Control, t: number, raw: number): void {
		const lastT = c.points.at(-1)![0];
		if (t < lastT) return;
		if (!c.trim) {
			// A switch jumps: two points at one time (the lane's jump), the second replaced by later values.
			const jump = c.steps && (c.points.length < 2 || c.points.at(-2)![0] !== t);
			if (t === lastT && !jump) c.points[c.points.length - 1] = [t, raw];
			else c.points.push([t, raw]);
			return;
		}
		const from = c.last;
		const value = (x: number, off: number) => (c.old ? linearAt(c.old, x) : c.staticValue) + off;
		for (const [bp] of c.before) {
			if (bp <= lastT || bp >= t) continue;
			c.points.push([bp, value(bp, from + ((raw - from) * (bp - lastT)) / (t - lastT))]);
		}
		if (t === lastT) c.points[c.points.length - 1] = [t, value(t, raw)];
		else c.points.push([t, value(t, raw)]);
	}

	/** The document's static value of a control (the trim reference). */
	private staticOf(kind: 'track' | 'bus' | 'master', index: number, param: string): number | undefined {
		const id = kind === 'master' ? 'master' : (kind === 'track' ? this.session.tracks[index] : this.session.buses[index])?.id;
		if (id === undefined) return undefined;
		const v = getParam(this.session, { target: kind, id, param });
		if (typeof v === 'boolean') return v ? 1 : 0;
		return typeof v === 'number' ? v : undefined;
	}

	/** A control released at `position`: touch glides back to its lane; latch holds until stop. */
	release(id: string, param: string, position: number, kind: 'track' | 'bus' | 'master' = 'track'): void {
		const c = this.controls.get(`${kind}:${id}:${param}`);
		if (!c || !c.touched) return;
		c.touched = false;
		const mode = this.modeOf(c.kind, c.track);
		if (c.toEnd) {
			this.punchOut(c, position / this.sampleRate);
			c.state = 'done';
		} else if (mode === 'touch' || mode === 'trim') {
			this.punchOut(c, position / this.sampleRate);
			c.state = 'done';
		} else c.state = 'latched';
		this.play(c);
	}

	/** At stop: every control still writing punches out there; the pass's lanes. */
	stop(position: number): WrittenLane[] {
		const out: WrittenLane[] = [];
		for (const c of this.controls.values()) {
			if (c.state !== 'done') this.punchOut(c, position / this.sampleRate);
			out.push({ target: c.kind, track: c.id, lane: c.param.startsWith('strip.') ? c.param.slice('strip.'.length) : c.param, points: c.points });
		}
		this.controls.clear();
		return out;
	}

	/**
	 * The console's fill actions for every control being written now: 'end' holds its value
	 * from here to the end of the lane (no return; the old lane after it is replaced); 'punch'
	 * also writes it back to where the control was first touched in this pass, replacing what
	 * was written since: a deliberate rewrite of what was just heard, so that stretch prints
	 * the filled value.
	 */
	fill(to: 'end' | 'punch', position: number): number {
		let n = 0;
		for (const c of this.controls.values()) {
			if (c.state === 'done' || !c.touched) continue;
			n++;
			c.toEnd = true;
			if (to === 'punch') {
				// Keep the lane up to the punch-in point, then the value from a de-click later.
				c.points.length = c.kept + 1;
				const at = c.punchIn + this.ramp;
				c.points.push([at, c.trim ? (c.old ? linearAt(c.old, at) : c.staticValue) + c.last : c.last]);
				// Whatever the trim needs between the punch-in and now comes from the old lane's points.
				this.push(c, position / this.sampleRate, c.last);
			}
			this.play(c);
		}
		return n;
	}

	/** Holds the last value to `t`, glides back to the old lane over RETURN_SECONDS, then the old lane goes on. */
	private punchOut(c: Control, t: number): void {
		const lastT = c.points.at(-1)![0];
		this.push(c, t, c.last);
		if (c.toEnd) {
			// Held to the end: a trim's offset rides on the rest of the old lane.
			if (c.trim) for (const [bp, v] of c.before) if (bp > t) c.points.push([bp, v + c.last]);
			return;
		}
		// A switch goes straight back to what its lane (or the document) says there.
		const back = Math.max(t, lastT) + (c.steps ? 0 : this.returnSeconds);
		if (c.steps) {
			const old = c.old ? stepAt(c.old, back) : c.staticValue;
			if (back === c.points.at(-1)![0]) c.points[c.points.length - 1] = [back, old];
			else c.points.push([back, old]);
		} else if (c.trim) {
			// The offset glides to nothing; the old lane goes on under it.
			this.push(c, back, 0);
			c.last = 0;
		} else c.points.push([back, c.old ? linearAt(c.old, back) : c.staticValue]);
		for (const p of c.before) if (p[0] > back) c.points.push(p);
	}

	/** A graph rebuilt during the pass takes over: it plays the lanes being written from now on. */
	retarget(renderer: MixRenderer, tracks: Map<string, number>, buses: Map<string, number> = this.buses): void {
		this.renderer = renderer;
		this.tracks = tracks;
		this.buses = buses;
		for (const c of this.controls.values()) {
			const t = this.indexOf(c.kind, c.id);
			if (t === undefined) continue;
			c.track = t;
			this.play(c);
		}
	}

	/**
	 * The renderer plays the lane as it now stands (between blocks). Under a trim, the old lane
	 * goes on ahead of the last point with the offset held, as it will be written if the offset
	 * does not move (a later point adds the same points, so what is heard meanwhile stays).
	 */
	private play(c: Control): void {
		let points = c.points;
		if (c.trim && c.state !== 'done') {
			const lastT = points.at(-1)![0];
			const ahead = c.before.filter(([t]) => t > lastT).map(([t, v]): [number, number] => [t, v + c.last]);
			if (ahead.length > 0) points = [...points, ...ahead];
		}
		const lane = makeLane(points, c.floor);
		if (c.kind === 'track') this.renderer.setTrackLane(c.track, c.param, lane);
		else if (c.kind === 'bus') this.renderer.setBusLane(c.track, c.param, lane);
		else this.renderer.setMasterLane(c.param, lane);
	}
}
