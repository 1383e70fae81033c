// Writing a session file. The output is meant to be read and diffed by people: block style,
// keys in schema order, one line per bus, marker and automation point (so moving one point
// changes one line), timecodes quoted (a YAML 1.1 reader would take 01:00:00:00 for a number).
// Clip fields at their defaults are left out: a reel has many clips and the defaults are noise.
// Comments in a hand-edited file are not kept.
import { Document, isCollection, isScalar, visit } from 'yaml';
import { writeFileAtomic } from './atomic-write.js';
import type { Automation, Bus, Clip, Marker, Session, Strip, Track } from './types.js';

/** Key order of each object, as in schema.ts (test/sessions/save.test.ts checks they agree). */
export const KEY_ORDER = {
	session: ['dubdesk', 'name', 'sampleRate', 'frameRate', 'start', 'master', 'buses', 'tracks', 'markers', 'loop', 'passes', 'deliverables'],
	master: ['format', 'gain', 'strip', 'automation'],
	bus: ['id', 'name', 'output', 'gain', 'mute', 'reverb', 'strip', 'automation', 'duck'],
	track: ['id', 'name', 'output', 'gain', 'pan', 'panY', 'lfe', 'mute', 'solo', 'polarity', 'clips', 'automation', 'strip', 'sends', 'duck'],
	send: ['on', 'to', 'gain', 'pre'],
	reverb: ['on', 'ir', 'decay', 'predelay', 'size', 'damping', 'width', 'mix'],
	strip: ['bypass', 'trim', 'hpf', 'lpf', 'gate', 'eq', 'compressor', 'deesser', 'limiter'],
	filter: ['on', 'freq', 'slope'],
	band: ['on', 'type', 'freq', 'gain', 'q'],
	gate: ['on', 'threshold', 'range', 'attack', 'hold', 'release'],
	compressor: ['on', 'threshold', 'ratio', 'knee', 'attack', 'release', 'makeup', 'key'],
	deesser: ['on', 'freq', 'threshold', 'range'],
	limiter: ['on', 'ceiling', 'release'],
	duck: ['on', 'key', 'threshold', 'depth', 'attack', 'hold', 'release', 'lookahead'],
	clip: ['file', 'name', 'at', 'offset', 'length', 'gain', 'fadeIn', 'fadeOut', 'fadeShape'],
	automation: ['mode', 'gain', 'pan', 'panY', 'lfe', 'mute', 'duck'],
	marker: ['at', 'name', 'note'],
	loop: ['from', 'to'],
	deliverable: ['name', 'format', 'bitDepth', 'normalize', 'spec', 'without', 'bus'],
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

/** The lanes of an automation block: the mode, gain, pan and mute first, then sends and strip parameters as written. */
export function laneNames(a: Automation): string[] {
	const fixed: readonly string[] = KEY_ORDER.automation;
	return [...fixed.filter((k) => k !== 'mode' && a[k] !== undefined), ...Object.keys(a).filter((k) => !fixed.includes(k) && a[k] !== undefined)];
}

function automationPlain(a: Automation): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const mode = (a as { mode?: string }).mode;
	if (mode !== undefined) out.mode = mode;
	for (const lane of laneNames(a)) out[lane] = a[lane]!.map((p) => p.map(clean));
	return out;
}

/** A strip with its sections in signal order; `on: true` and a strip's defaults are left out. */
function stripPlain(st: Strip): Record<string, unknown> {
	const out = ordered(st, KEY_ORDER.strip, { bypass: false, trim: 0 });
	const on = { on: true };
	if (st.hpf) out.hpf = ordered(st.hpf, KEY_ORDER.filter, on);
	if (st.lpf) out.lpf = ordered(st.lpf, KEY_ORDER.filter, on);
	if (st.gate) out.gate = ordered(st.gate, KEY_ORDER.gate, on);
	if (st.eq) out.eq = st.eq.map((b) => ordered(b, KEY_ORDER.band, on));
	if (st.compressor) out.compressor = ordered(st.compressor, KEY_ORDER.compressor, on);
	if (st.deesser) out.deesser = ordered(st.deesser, KEY_ORDER.deesser, on);
	if (st.limiter) out.limiter = ordered(st.limiter, KEY_ORDER.limiter, on);
	return out;
}

/** One line per section and per band. */
function flowStrip(doc: Document, path: (string | number)[], st: Strip | undefined): void {
	if (!st) return;
	const flow = (p: (string | number)[]) => {
		const node = doc.getIn(p, true);
		if (isCollection(node)) node.flow = true;
	};
	for (const key of ['hpf', 'lpf', 'gate', 'compressor', 'deesser', 'limiter'] as const) if (st[key]) flow([...path, 'strip', key]);
	st.eq?.forEach((_, i) => flow([...path, 'strip', 'eq', i]));
}

function trackPlain(t: Track): Record<string, unknown> {
	const out = ordered(t, KEY_ORDER.track);
	out.clips = t.clips.map((c: Clip) => ordered(c, KEY_ORDER.clip, CLIP_DEFAULTS));
	if (t.automation) out.automation = automationPlain(t.automation);
	if (t.strip) out.strip = stripPlain(t.strip);
	if (t.sends) out.sends = t.sends.map((x) => ordered(x, KEY_ORDER.send, { on: true, pre: false }));
	if (t.duck) out.duck = ordered(t.duck, KEY_ORDER.duck, { on: true });
	return out;
}

/** The session as YAML text, exactly what saveSession writes. */
export function serializeSession(session: Session): string {
	const plain = ordered(session, KEY_ORDER.session);
	plain.master = ordered(session.master, KEY_ORDER.master);
	if (session.master.strip) (plain.master as Record<string, unknown>).strip = stripPlain(session.master.strip);
	const masterAuto = session.master.automation;
	if (masterAuto) (plain.master as Record<string, unknown>).automation = automationPlain(masterAuto);
	else delete (plain.master as Record<string, unknown>).automation;
	const masterLanes = masterAuto ? laneNames(masterAuto) : [];
	plain.buses = session.buses.map((b: Bus) => {
		const out = ordered(b, KEY_ORDER.bus);
		if (b.reverb) out.reverb = ordered(b.reverb, KEY_ORDER.reverb, { on: true });
		if (b.strip) out.strip = stripPlain(b.strip);
		if (b.automation) out.automation = automationPlain(b.automation);
		if (b.duck) out.duck = ordered(b.duck, KEY_ORDER.duck, { on: true });
		return out;
	});
	plain.tracks = session.tracks.map(trackPlain);
	plain.markers = session.markers.map((m: Marker) => ordered(m, KEY_ORDER.marker));
	if (session.loop) plain.loop = ordered(session.loop, KEY_ORDER.loop);
	if (session.passes) plain.passes = ordered(session.passes, ['return', 'glide']);
	if (session.deliverables) plain.deliverables = session.deliverables.map((d) => ordered(d, KEY_ORDER.deliverable));

	const doc = new Document(plain, { version: '1.2' });
	const flow = (path: readonly (string | number)[]) => {
		const node = doc.getIn(path, true);
		if (isCollection(node)) node.flow = true;
	};
	// The master on one line unless it has a strip to show.
	if (!session.master.strip && !(masterAuto && laneNames(masterAuto).length > 0)) flow(['master']);
	flowStrip(doc, ['master'], session.master.strip);
	// A mode alone on one line; lanes a point a line.
	if (masterAuto && masterLanes.length === 0) flow(['master', 'automation']);
	for (const lane of masterLanes) masterAuto![lane]!.forEach((_, p) => flow(['master', 'automation', lane, p]));
	if (session.loop) flow(['loop']);
	if (session.passes) flow(['passes']);
	session.buses.forEach((b, i) => {
		if (!b.strip && !b.reverb && !b.automation && !b.duck) flow(['buses', i]);
		if (b.duck) flow(['buses', i, 'duck']);
		if (b.reverb) flow(['buses', i, 'reverb']);
		flowStrip(doc, ['buses', i], b.strip);
		if (b.automation) for (const lane of laneNames(b.automation)) b.automation[lane]!.forEach((_, p) => flow(['buses', i, 'automation', lane, p]));
	});
	session.markers.forEach((_, i) => flow(['markers', i]));
	session.deliverables?.forEach((_, i) => flow(['deliverables', i]));
	session.tracks.forEach((track, t) => {
		flowStrip(doc, ['tracks', t], track.strip);
		track.sends?.forEach((_, k) => flow(['tracks', t, 'sends', k]));
		if (track.duck) flow(['tracks', t, 'duck']);
		if (track.automation) for (const lane of laneNames(track.automation)) track.automation[lane]!.forEach((_, p) => flow(['tracks', t, 'automation', lane, p]));
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
