// Writing a session file. The output is meant to be read and diffed by people: block style,
// keys in schema order, one line per bus, marker and automation point (so moving one point
// changes one line), timecodes quoted (a YAML 1.1 reader would take 01:00:00:00 for a number).
// Clip fields at their defaults are left out: a reel has many clips and the defaults are noise.
// Comments in a hand-edited file are not kept.
import { Document, isCollection, isScalar, visit } from 'yaml';
import { writeFileAtomic } from './atomic-write.js';
import type { Automation, Bus, Clip, Marker, Session, Track } from './types.js';

/** Key order of each object, as in schema.ts (test/sessions/save.test.ts checks they agree). */
export const KEY_ORDER = {
	session: ['dubdesk', 'name', 'sampleRate', 'frameRate', 'start', 'master', 'buses', 'tracks', 'markers', 'loop'],
	master: ['format', 'gain'],
	bus: ['id', 'name', 'output', 'gain', 'mute'],
	track: ['id', 'name', 'output', 'gain', 'pan', 'mute', 'solo', 'polarity', 'clips', 'automation'],
	clip: ['file', 'name', 'at', 'offset', 'length', 'gain', 'fadeIn', 'fadeOut', 'fadeShape'],
	automation: ['gain', 'pan', 'mute'],
	marker: ['at', 'name'],
	loop: ['from', 'to'],
} as const satisfies Record<string, readonly string[]>;

/** Clip fields left out when they hold these values (the schema's defaults). */
const CLIP_DEFAULTS: Partial<Record<keyof Clip, unknown>> = { offset: 0, gain: 0, fadeIn: 0, fadeOut: 0, fadeShape: 'linear' };

const TIMECODE_LIKE = /^\d{1,2}:\d{2}:\d{2}[:;.]\d{2}$/;

/** −0 would be written "-0"; no field gives it a meaning. */
function clean(v: unknown): unknown {
	return Object.is(v, -0) ? 0 : v;
}

/** A copy of `obj` with keys in `order`, leaving out undefined values and `skip`ped defaults. */
function ordered<T extends object>(obj: T, order: readonly string[], skip: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
	const src = obj as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	for (const key of order) {
		const v = src[key];
		if (v === undefined || (key in skip && Object.is(clean(v), skip[key]))) continue;
		out[key] = Array.isArray(v) ? v.map(clean) : clean(v);
	}
	return out;
}

function automationPlain(a: Automation): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const lane of KEY_ORDER.automation) {
		const points = a[lane];
		if (points) out[lane] = points.map((p) => p.map(clean));
	}
	return out;
}

function trackPlain(t: Track): Record<string, unknown> {
	const out = ordered(t, KEY_ORDER.track);
	out.clips = t.clips.map((c: Clip) => ordered(c, KEY_ORDER.clip, CLIP_DEFAULTS));
	if (t.automation) out.automation = automationPlain(t.automation);
	return out;
}

/** The session as YAML text, exactly what saveSession writes. */
export function serializeSession(session: Session): string {
	const plain = ordered(session, KEY_ORDER.session);
	plain.master = ordered(session.master, KEY_ORDER.master);
	plain.buses = session.buses.map((b: Bus) => ordered(b, KEY_ORDER.bus));
	plain.tracks = session.tracks.map(trackPlain);
	plain.markers = session.markers.map((m: Marker) => ordered(m, KEY_ORDER.marker));
	if (session.loop) plain.loop = ordered(session.loop, KEY_ORDER.loop);

	const doc = new Document(plain, { version: '1.2' });
	const flow = (path: readonly (string | number)[]) => {
		const node = doc.getIn(path, true);
		if (isCollection(node)) node.flow = true;
	};
	flow(['master']);
	if (session.loop) flow(['loop']);
	session.buses.forEach((_, i) => flow(['buses', i]));
	session.markers.forEach((_, i) => flow(['markers', i]));
	session.tracks.forEach((track, t) => {
		for (const lane of KEY_ORDER.automation) {
			track.automation?.[lane]?.forEach((_, p) => flow(['tracks', t, 'automation', lane, p]));
		}
	});
	visit(doc, {
		Scalar(_key, node) {
			if (isScalar(node) && typeof node.value === 'string' && TIMECODE_LIKE.test(node.value)) node.type = 'QUOTE_DOUBLE';
		},
	});
	return doc.toString({ lineWidth: 0 });
}

/** Writes the session atomically (temp file, fsync, rename); throws a UserError naming `path`. */
export async function saveSession(path: string, session: Session): Promise<void> {
	await writeFileAtomic(path, serializeSession(session));
}
