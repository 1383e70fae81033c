// Baked ducking end to end, without I/O of its own beyond reading media: check a request against
// the session, render and analyse the key and the target (with the target's duck lane taken out,
// so a second run finds what the first did), and the pure edit that puts the new lane in.
import type { Automation, Session } from '../../sessions/types.js';
import { UserError } from '../../sessions/errors.js';
import { timeToSeconds } from '../../sessions/time.js';
import { planFromSession } from '../session-plan.js';
import type { NodeRef } from '../plan-strip.js';
import { GAIN_FLOOR_DB, linearAt, makeLane } from '../dsp/automation.js';
import { duckPoints, findLines, speechGate, type DuckLine, type DuckSettings } from './analyse.js';
import { measureDuck, type MeasureOptions } from './measure.js';

/** What to duck under what, and how. Times are session seconds. */
export interface DuckRequest {
	/** A bus id, else a track id (`targetKind`, `keyKind` say which when an id is both). */
	target: string;
	key: string;
	targetKind?: 'track' | 'bus';
	keyKind?: 'track' | 'bus';
	settings: DuckSettings;
	/** Only lines inside [from, to] are written; the lane's points outside are kept. */
	range?: { from: number; to: number };
}

export interface DuckResult {
	lines: DuckLine[];
	/** The target's whole duck lane after the bake (empty: no lane). */
	lane: [number, number][];
	/** The deepest dip written (dB), 0 when none. */
	deepest: number;
	/** The speech gate used (LUFS). */
	gate: number;
	/** Whose lane: the target as a bus or a track. */
	target: NodeRef & { id: string };
}

/** A bus id, else a track id (or only the `kind` given); `flag` names the option in the error. */
export function resolveNode(session: Session, id: string, flag: string, kind?: 'track' | 'bus'): NodeRef & { id: string } {
	const bus = kind === 'track' ? -1 : session.buses.findIndex((b) => b.id === id);
	if (bus >= 0) return { kind: 'bus', index: bus, id };
	const track = kind === 'bus' ? -1 : session.tracks.findIndex((t) => t.id === id);
	if (track >= 0) return { kind: 'track', index: track, id };
	const known = [...session.buses.map((b) => b.id), ...session.tracks.map((t) => t.id)];
	const what = id === 'master' ? 'the master cannot be ducked or key a duck' : `no bus or track "${id}"`;
	throw new UserError(`${flag} ${id}: ${what} (buses and tracks: ${known.join(', ') || 'none'})`);
}

/** The bus ids a node's output passes through on its way to the master. */
function downstream(session: Session, node: NodeRef): string[] {
	const out: string[] = [];
	let next = node.kind === 'track' ? session.tracks[node.index]!.output : session.buses[node.index]!.output;
	while (next !== 'master' && !out.includes(next)) {
		out.push(next);
		next = session.buses.find((b) => b.id === next)?.output ?? 'master';
	}
	return out;
}

/** Checks the request against the session: the nodes exist, differ and neither feeds the other; the numbers make sense. */
export function checkRequest(session: Session, request: DuckRequest): { target: NodeRef & { id: string }; key: NodeRef & { id: string } } {
	const target = resolveNode(session, request.target, '--target', request.targetKind);
	const key = resolveNode(session, request.key, '--key', request.keyKind);
	if (target.kind === key.kind && target.index === key.index) throw new UserError(`--key ${request.key}: the key must be another bus or track than the target`);
	if (downstream(session, key).includes(target.id) && target.kind === 'bus') throw new UserError(`--key ${key.id} feeds --target ${target.id}: ducking it would duck its own key`);
	if (downstream(session, target).includes(key.id) && key.kind === 'bus') throw new UserError(`--target ${target.id} feeds --key ${key.id}: ducking it would duck its own key`);
	const s = request.settings;
	const check = (ok: boolean, flag: string, value: number, want: string) => {
		if (!ok) throw new UserError(`${flag} ${value}: ${want}`);
	};
	check(Number.isFinite(s.difference) && s.difference >= 0 && s.difference <= 40, '--difference', s.difference, 'expected LU from 0 to 40');
	check(Number.isFinite(s.maxDepth) && s.maxDepth < 0 && s.maxDepth >= -60, '--max-depth', s.maxDepth, 'expected a dip in dB from -60 to just under 0 (e.g. -15)');
	check(Number.isFinite(s.preroll) && s.preroll >= 0.01 && s.preroll <= 10, '--preroll', s.preroll, 'expected seconds from 0.01 to 10 (a step would click)');
	check(Number.isFinite(s.hold) && s.hold >= 0 && s.hold <= 30, '--hold', s.hold, 'expected seconds from 0 to 30');
	check(Number.isFinite(s.release) && s.release >= 0.01 && s.release <= 10, '--release', s.release, 'expected seconds from 0.01 to 10 (a step would click)');
	if (request.range && !(request.range.to > request.range.from)) throw new UserError(`--range: the start ${request.range.from} s is not before the end ${request.range.to} s`);
	return { target, key };
}

/** The node's automation with its duck lane replaced by `lane` (removed when empty), the rest as it was. */
function withLane(automation: Automation | undefined, lane: [number, number][]): Automation | undefined {
	const { duck: _old, ...rest } = automation ?? {};
	void _old;
	const next = (lane.length > 0 ? { ...rest, duck: lane } : rest) as Automation;
	return Object.keys(next).length > 0 ? next : undefined;
}

/** The pure edit: the target's `duck` lane becomes `lane`; nothing else changes (the same object when nothing does). */
export function setDuckLane(session: Session, target: NodeRef, lane: [number, number][]): Session {
	const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
	if (target.kind === 'bus') {
		const bus = session.buses[target.index]!;
		const automation = withLane(bus.automation, lane);
		if (same(automation, bus.automation)) return session;
		const next = { ...bus, automation };
		if (!automation) delete next.automation;
		return { ...session, buses: session.buses.map((b, i) => (i === target.index ? next : b)) };
	}
	const track = session.tracks[target.index]!;
	const automation = withLane(track.automation, lane);
	if (same(automation, track.automation)) return session;
	const next = { ...track, automation };
	if (!automation) delete next.automation;
	return { ...session, tracks: session.tracks.map((t, i) => (i === target.index ? next : t)) };
}

/** The target's duck lane as it is, in session seconds. */
function currentLane(session: Session, target: NodeRef): [number, number][] {
	const holder = target.kind === 'bus' ? session.buses[target.index]! : session.tracks[target.index]!;
	return (holder.automation?.duck ?? []).map(([t, v]) => [timeToSeconds(t, session), v]);
}

/**
 * The old lane outside [from, to] and the new one inside. Where the old lane has points beyond
 * an edge, the edge gets the old value and then the new one (a step), unless the lane is level
 * across it anyway, so what plays outside the range is unchanged.
 */
export function mergeRange(old: [number, number][], fresh: [number, number][], from: number, to: number): [number, number][] {
	if (old.length === 0) return fresh;
	const oldLane = makeLane(old, GAIN_FLOOR_DB);
	const freshAt = (t: number) => (fresh.length > 0 ? linearAt(makeLane(fresh), t) : 0);
	const before = old.filter(([t]) => t < from);
	const after = old.filter(([t]) => t > to);
	const out: [number, number][] = [...before];
	const head = before.at(-1)?.[1];
	const next = fresh[0]?.[1] ?? after[0]?.[1] ?? head;
	if (head !== undefined && !(linearAt(oldLane, from) === head && freshAt(from) === head && next === head)) out.push([from, linearAt(oldLane, from)], [from, freshAt(from)]);
	out.push(...fresh);
	const tail = after[0]?.[1];
	const previous = out.at(-1)?.[1] ?? tail;
	if (tail !== undefined && !(linearAt(oldLane, to) === tail && freshAt(to) === tail && previous === tail)) out.push([to, freshAt(to)], [to, linearAt(oldLane, to)]);
	out.push(...after);
	const dedup: [number, number][] = [];
	for (const p of out) {
		const last = dedup[dedup.length - 1];
		if (!last || last[0] !== p[0] || last[1] !== p[1]) dedup.push(p);
	}
	return dedup.every(([, v]) => v === 0) ? [] : dedup;
}

/**
 * Renders and analyses: the lines of the key, their dips, and the target's new duck lane.
 * `sessionFile` resolves media paths. Reads media; writes nothing.
 */
export async function analyseDuck(session: Session, sessionFile: string, request: DuckRequest, options: Omit<MeasureOptions, 'from' | 'to'> = {}): Promise<DuckResult> {
	const { target, key } = checkRequest(session, request);
	// The target as it plays without its duck lane: a second run sees what the first did.
	const bare = setDuckLane(session, target, []);
	const plan = await planFromSession(bare, sessionFile);
	const sr = plan.sampleRate;
	const end = plan.length + plan.tail;
	const range = request.range;
	const from = range ? Math.round(range.from * sr) : 0;
	const to = range ? Math.min(Math.round(range.to * sr), Math.max(end, from)) : end;
	const hops = to > from ? await measureDuck(plan, key, target, { ...options, from, to }) : undefined;
	const lines = hops ? findLines(hops, request.settings) : [];
	const fresh = duckPoints(lines, request.settings, range ? range.from : 0, range ? range.to : Infinity);
	const lane = range ? mergeRange(currentLane(session, target), fresh, range.from, range.to) : fresh;
	const deepest = lines.reduce((d, l) => Math.min(d, l.dip), 0);
	const gate = speechGate(hops?.keyIntegrated ?? null);
	return { lines, lane, deepest, gate, target };
}
