// Checks the schema cannot express: references, uniqueness, routing cycles, time order and
// timecodes that depend on the frame rate and `start`. They run on a schema-valid session.
import { SessionError } from './errors.js';
import { validateStrips } from './validate-strip.js';
import { validateLanes } from './validate-lanes.js';
import { DAY_SECONDS, TimecodeError, timecodeFrames, timeToSeconds } from './time.js';
import type { Session, Time } from './types.js';

/** Output name every track and bus may route to; no track or bus may take it as an id. */
export const MASTER = 'master';

/** A document path as users read it: `tracks[2].clips[0].fadeIn`. */
export function formatPath(path: readonly PropertyKey[]): string {
	let out = '';
	for (const seg of path) {
		if (typeof seg === 'number') out += `[${seg}]`;
		else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
		else out += `[${JSON.stringify(String(seg))}]`;
	}
	return out;
}

/** How a time was written, for messages: 12.5 or "01:00:10:00". */
function shown(t: Time): string {
	return typeof t === 'number' ? String(t) : JSON.stringify(t);
}

/**
 * Every semantic problem in a schema-valid session, in document order (empty when it is sound).
 * `dubdesk check` lists them all; loadSession throws them.
 */
export function validateSession(session: Session, file: string): SessionError[] {
	const problems: SessionError[] = [];
	const report = (path: string, problem: string) => problems.push(new SessionError(file, path, problem));

	let startOk = true;
	try {
		timecodeFrames(session.start, session.frameRate);
	} catch (err) {
		if (!(err instanceof TimecodeError)) throw err;
		startOk = false;
		report('start', err.message);
	}
	/** Session seconds of a time, or undefined after reporting why it has none. */
	const resolve = (t: Time, path: string): number | undefined => {
		if (typeof t === 'number') return t;
		try {
			if (!startOk) {
				timecodeFrames(t, session.frameRate);
				return undefined;
			}
			return timeToSeconds(t, session);
		} catch (err) {
			if (!(err instanceof TimecodeError)) throw err;
			report(path, err.message);
			return undefined;
		}
	};

	const busIndex = new Map<string, number>();
	session.buses.forEach((bus, i) => {
		if (bus.id === MASTER) report(`buses[${i}].id`, `"${MASTER}" is reserved for the master bus`);
		else if (busIndex.has(bus.id)) report(`buses[${i}].id`, `"${bus.id}" is already the id of buses[${busIndex.get(bus.id)}]`);
		else busIndex.set(bus.id, i);
	});
	const target = (output: string, path: string) => {
		if (output === MASTER || busIndex.has(output)) return;
		const known = [MASTER, ...busIndex.keys()].join(', ');
		report(path, `no bus "${output}" to route to (expected one of: ${known})`);
	};
	session.buses.forEach((bus, i) => target(bus.output, `buses[${i}].output`));
	for (const cycle of routingCycles(session)) {
		report(`buses[${busIndex.get(cycle[0])}].output`, `routing cycle: ${[...cycle, cycle[0]].join(' → ')}`);
	}

	/** Every lane's points in time order. */
	const lanesInOrder = (automation: Session['tracks'][number]['automation'], at: string) => {
		if (!automation) return;
		for (const lane of Object.keys(automation)) {
			if (lane === 'mode') continue;
			let previous: { t: number; written: Time } | undefined;
			automation[lane]?.forEach(([time], p) => {
				const path = `${at}.automation${/^[A-Za-z_]\w*$/.test(lane) ? `.${lane}` : `[${JSON.stringify(lane)}]`}[${p}]`;
				const t = resolve(time, `${path}[0]`);
				if (t === undefined) return;
				if (previous && t < previous.t) {
					report(path, `time ${shown(time)} is before the previous point's ${shown(previous.written)}; points must be in time order`);
				}
				previous = { t, written: time };
			});
		}
	};

	const trackIndex = new Map<string, number>();
	session.tracks.forEach((track, i) => {
		const at = `tracks[${i}]`;
		if (track.id === MASTER) report(`${at}.id`, `"${MASTER}" is reserved for the master bus`);
		else if (trackIndex.has(track.id)) report(`${at}.id`, `"${track.id}" is already the id of tracks[${trackIndex.get(track.id)}]`);
		else trackIndex.set(track.id, i);
		target(track.output, `${at}.output`);
		track.clips.forEach((clip, c) => {
			const start = clip.at === undefined ? undefined : resolve(clip.at, `${at}.clips[${c}].at`);
			if (start !== undefined && clip.length !== undefined && start + clip.length > DAY_SECONDS) {
				report(`${at}.clips[${c}].length`, `the clip would end at ${+(start + clip.length).toFixed(6)} s, past 24 h (${DAY_SECONDS} s)`);
			}
		});
		lanesInOrder(track.automation, at);
	});
	session.buses.forEach((bus, i) => lanesInOrder(bus.automation, `buses[${i}]`));

	validateStrips(session, report);
	validateLanes(session, report);
	session.markers.forEach((marker, i) => resolve(marker.at, `markers[${i}].at`));
	if (session.loop) {
		const from = resolve(session.loop.from, 'loop.from');
		const to = resolve(session.loop.to, 'loop.to');
		if (from !== undefined && to !== undefined && !(from < to)) {
			report('loop', `from (${shown(session.loop.from)}) must be before to (${shown(session.loop.to)})`);
		}
	}
	return problems;
}

/**
 * Each cycle in bus routing once, as the bus ids along it starting from the bus that comes
 * first in the document. Routing to unknown buses ends a path (reported elsewhere).
 */
export function routingCycles(session: Pick<Session, 'buses'>): string[][] {
	const output = new Map<string, string>();
	for (const bus of session.buses) if (bus.id !== MASTER && !output.has(bus.id)) output.set(bus.id, bus.output);
	const order = [...output.keys()];
	const done = new Set<string>();
	const cycles: string[][] = [];
	for (const first of order) {
		const path: string[] = [];
		let id: string | undefined = first;
		while (id !== undefined && output.has(id) && !done.has(id) && !path.includes(id)) {
			path.push(id);
			id = output.get(id);
		}
		if (id !== undefined && path.includes(id)) {
			const cycle = path.slice(path.indexOf(id));
			// Start at the earliest bus in the document so each cycle reads the same way.
			const head = cycle.reduce((a, b) => (order.indexOf(b) < order.indexOf(a) ? b : a));
			const k = cycle.indexOf(head);
			cycles.push([...cycle.slice(k), ...cycle.slice(0, k)]);
		}
		for (const p of path) done.add(p);
	}
	return cycles;
}

/**
 * Sizes a session may have (README "Session format"). Memory and time grow with each of them,
 * so past these a big document is refused with a line naming the list, not a crashed process.
 */
export const LIMITS = {
	/** Session text, checked before parsing: the YAML parser holds 100–200 bytes per byte read. */
	fileBytes: 4 * 1024 * 1024,
	/** As many as the engine meters (engine/worker/shared-state.ts). */
	tracks: 256,
	buses: 64,
	clipsPerTrack: 10_000,
	pointsPerLane: 100_000,
	markers: 10_000,
} as const;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The lists in a parsed document that are longer than LIMITS allows. It runs before the schema,
 * so an oversized list costs neither the schema's copy of it nor one problem per entry; values
 * of the wrong shape are left for the schema to report.
 */
export function sizeProblems(doc: Record<string, unknown>, file: string): SessionError[] {
	const problems: SessionError[] = [];
	const over = (list: unknown, limit: number, path: string, what: string, per = '') => {
		if (Array.isArray(list) && list.length > limit) problems.push(new SessionError(file, path, `${list.length} ${what}, more than the limit of ${limit}${per}`));
	};
	const lanes = (node: unknown, list: string, i: number) => {
		if (!isRecord(node) || !isRecord(node.automation)) return;
		for (const [lane, points] of Object.entries(node.automation)) over(points, LIMITS.pointsPerLane, formatPath([list, i, 'automation', lane]), 'points', ' per lane');
	};
	over(doc.tracks, LIMITS.tracks, 'tracks', 'tracks');
	over(doc.buses, LIMITS.buses, 'buses', 'buses');
	over(doc.markers, LIMITS.markers, 'markers', 'markers');
	if (Array.isArray(doc.tracks)) {
		doc.tracks.forEach((track: unknown, i) => {
			if (isRecord(track)) over(track.clips, LIMITS.clipsPerTrack, `tracks[${i}].clips`, 'clips', ' per track');
			lanes(track, 'tracks', i);
		});
	}
	if (Array.isArray(doc.buses)) doc.buses.forEach((bus: unknown, i) => lanes(bus, 'buses', i));
	return problems;
}
