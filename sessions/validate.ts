// Checks the schema cannot express: references, uniqueness, routing cycles, time order and
// timecodes that depend on the frame rate and `start`. They run on a schema-valid session.
import { SessionError } from './errors.js';
import { TimecodeError, timecodeFrames, timeToSeconds } from './time.js';
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

	const trackIndex = new Map<string, number>();
	session.tracks.forEach((track, i) => {
		const at = `tracks[${i}]`;
		if (track.id === MASTER) report(`${at}.id`, `"${MASTER}" is reserved for the master bus`);
		else if (trackIndex.has(track.id)) report(`${at}.id`, `"${track.id}" is already the id of tracks[${trackIndex.get(track.id)}]`);
		else trackIndex.set(track.id, i);
		target(track.output, `${at}.output`);
		track.clips.forEach((clip, c) => {
			if (clip.at !== undefined) resolve(clip.at, `${at}.clips[${c}].at`);
		});
		for (const lane of ['gain', 'pan', 'mute'] as const) {
			let previous: { t: number; written: Time } | undefined;
			track.automation?.[lane]?.forEach(([time], p) => {
				const path = `${at}.automation.${lane}[${p}]`;
				const t = resolve(time, `${path}[0]`);
				if (t === undefined) return;
				if (previous && t < previous.t) {
					report(path, `time ${shown(time)} is before the previous point's ${shown(previous.written)}; points must be in time order`);
				}
				previous = { t, written: time };
			});
		}
	});

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
