// The timeline's clip keys: mark clips (on one track or across tracks, or a clip and every clip
// after it), nudge the selection together by a frame or a perf (¼ frame), and edit the selected
// clip's gain, fades, fade shape and head/tail trims by steps or typed values; crossfade two
// overlapping clips. The clip values share a field cursor: one key steps through the fields,
// two keys move the field's value, one types it. Every change is one store.edit of a pure edit
// in sessions/edit-clips.ts: one undo step, exact to the sample.
import path from 'node:path';
import {
	crossfadeClips,
	nudgeClips,
	nudgeFade,
	setClipGainChecked,
	setFade,
	toggleFadeShape,
	trimClipHead,
	trimClipTail,
	type ClipRef,
	type PlacedClip,
} from '../../sessions/edit-clips.js';
import { nudgeClipGain } from '../../sessions/edit-timeline.js';
import { isPlaced, placeClip } from '../../sessions/placement.js';
import { frameDuration, parseTimeArg, sessionTimecode, timeToSeconds } from '../../sessions/time.js';
import type { Session } from '../../sessions/types.js';
import { trackBlocks, type MediaCache } from './clip-layout.js';
import { faderText, parseDb } from './format.js';
import type { MixerStore, Prompt } from './mixer-store.js';

/** The clip values the field keys walk through, in order. */
export const CLIP_FIELDS = ['gain', 'fadeIn', 'fadeOut', 'shape', 'head', 'tail'] as const;
export type ClipField = (typeof CLIP_FIELDS)[number];

const FIELD_TITLE: Record<ClipField, string> = { gain: 'clip gain', fadeIn: 'fade in', fadeOut: 'fade out', shape: 'fade shape', head: 'head trim', tail: 'tail trim' };
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** What the clip keys need: the store and the media headers (for BWF positions and lengths). */
export interface ClipContext {
	store: MixerStore;
	media: MediaCache;
}

/** A session time with subframes when it is not on a frame: 01:00:02:00.25 is a quarter frame after 01:00:02:00. */
export function positionText(seconds: number, session: Session): string {
	const fd = frameDuration(session.frameRate);
	const x = seconds / fd;
	const whole = Math.floor(x + 1e-6);
	const sub = Math.round((x - whole) * 100);
	const tc = sessionTimecode(whole * fd, session);
	return sub > 0 && sub < 100 ? `${tc}.${String(sub).padStart(2, '0')}` : tc;
}

/** Where a clip sits, from its media header when read (BWF position, length to the end of the media). */
export function placed(ctx: ClipContext, ref: ClipRef): PlacedClip | undefined {
	const { session, file } = ctx.store.getState();
	const clip = session.tracks.find((t) => t.id === ref.track)?.clips[ref.clip];
	if (!clip) return undefined;
	const facts = ctx.media.get(path.resolve(path.dirname(file), clip.file));
	if (facts && facts.sampleRate === session.sampleRate) {
		try {
			const p = placeClip(clip, session, facts);
			if (isPlaced(p)) return { ...ref, start: p.start / session.sampleRate, frames: p.length, available: facts.frames - p.sourceStart };
		} catch {
			// A bad timecode: the validator has said so; the written position below fails the same way.
		}
	}
	if (clip.at === undefined) return undefined;
	try {
		return { ...ref, start: timeToSeconds(clip.at, session) };
	} catch {
		return undefined;
	}
}

/** The selected clip (the timeline's clip cursor), when there is one. */
function cursor(store: MixerStore): ClipRef | undefined {
	const { session, selected, selectedClip } = store.getState();
	const track = session.tracks[selected];
	if (!track || selectedClip === undefined || !track.clips[selectedClip]) return undefined;
	return { track: track.id, clip: selectedClip };
}

const same = (a: ClipRef, b: ClipRef) => a.track === b.track && a.clip === b.clip;

/** Marked clips that still exist (an undo may have removed one). */
function liveMarks(store: MixerStore): ClipRef[] {
	const { session, markedClips } = store.getState();
	return markedClips.filter((m) => session.tracks.some((t) => t.id === m.track && t.clips[m.clip] !== undefined));
}

/** The clips an edit of the selection moves: the selected clip first, then the marked ones. */
export function selection(store: MixerStore): ClipRef[] {
	const c = cursor(store);
	const marks = liveMarks(store).filter((m) => !c || !same(m, c));
	return c ? [c, ...marks] : marks;
}

function clipName(ctx: ClipContext, ref: ClipRef): string {
	const { session, file } = ctx.store.getState();
	const i = session.tracks.findIndex((t) => t.id === ref.track);
	return trackBlocks(session, file, i, ctx.media).find((b) => b.clip === ref.clip)?.name ?? session.tracks[i]?.clips[ref.clip]?.file ?? '?';
}

const countText = (n: number) => (n === 1 ? '1 clip' : `${n} clips`);

/** Marks or unmarks the selected clip; marks on other tracks stay (a selection across tracks). */
export function markClip(ctx: ClipContext): void {
	const { store } = ctx;
	const c = cursor(store);
	if (!c) return store.say('select a clip first (previous / next clip)', 'error');
	const marks = liveMarks(store);
	const was = marks.some((m) => same(m, c));
	const markedClips = was ? marks.filter((m) => !same(m, c)) : [...marks, c];
	store.update({ markedClips });
	store.say(`${was ? 'unmarked' : 'marked'} ${clipName(ctx, c)}: ${countText(selection(store).length)} selected`);
}

/** Marks the selected clip and every clip that starts at or after it on its track. */
export function markToEnd(ctx: ClipContext): void {
	const { store } = ctx;
	const c = cursor(store);
	if (!c) return store.say('select a clip first (previous / next clip)', 'error');
	const { session, file, selected } = store.getState();
	const blocks = trackBlocks(session, file, selected, ctx.media);
	const from = blocks.find((b) => b.clip === c.clip);
	if (!from) return store.say("the clip's position is not known yet (media header unread)", 'error');
	const after = blocks.filter((b) => b.start >= from.start).map((b) => ({ track: c.track, clip: b.clip }));
	const marks = liveMarks(store).filter((m) => !after.some((a) => same(a, m)));
	store.update({ markedClips: [...marks, ...after] });
	store.say(`marked ${clipName(ctx, c)} and the ${after.length - 1} after it: ${countText(selection(store).length)} selected`);
}

export function clearMarks(store: MixerStore): void {
	if (store.getState().markedClips.length === 0) return store.say('no clips are marked');
	store.update({ markedClips: [] });
	store.say('marks cleared');
}

/** Nudges the selection by `frames` (1 or ¼, signed): one undo step per press, every clip by the same samples. */
export function nudgeSelection(ctx: ClipContext, frames: number): void {
	const { store } = ctx;
	const refs = selection(store);
	if (refs.length === 0) return store.say('select a clip first (previous / next clip)', 'error');
	const places = refs.map((r) => placed(ctx, r));
	const unknown = places.findIndex((p) => p === undefined);
	if (unknown >= 0) return store.say(`the BWF position of ${clipName(ctx, refs[unknown]!)} is not known yet (media header unread)`, 'error');
	const session = store.getState().session;
	const delta = frames * frameDuration(session.frameRate);
	const what = `${frames > 0 ? '+' : '-'}${Math.abs(frames) === 1 ? '1 frame' : '¼ frame'}`;
	const first = clipName(ctx, refs[0]!);
	const label = refs.length === 1 ? `Nudge ${first} ${what}` : `Nudge ${countText(refs.length)} ${what}`;
	if (!store.edit(label, (s) => nudgeClips(s, places as PlacedClip[], delta))) return;
	const moved = placed(ctx, refs[0]!);
	// Where it lands first: at 80 columns a long clip name would push the timecode off the line.
	if (moved) store.say(`${label}: ${refs.length === 1 ? '' : `${first} `}at ${positionText(moved.start, store.getState().session)}`);
}

/** Moves the clip-field cursor. */
export function stepField(store: MixerStore, dir: 1 | -1): void {
	const i = CLIP_FIELDS.indexOf(store.getState().clipField as ClipField);
	const field = CLIP_FIELDS[(Math.max(0, i) + dir + CLIP_FIELDS.length) % CLIP_FIELDS.length]!;
	store.update({ clipField: field });
	const c = cursor(store);
	store.say(`clip keys edit the ${FIELD_TITLE[field]}${c ? `: ${fieldValue(store.getState().session, c, field)}` : ''}`);
}

function fieldOf(store: MixerStore): ClipField {
	const f = store.getState().clipField as ClipField;
	return CLIP_FIELDS.includes(f) ? f : 'gain';
}

const secondsText = (s: number) => `${+s.toFixed(4)} s`;

/** A field's value as the status line shows it. */
export function fieldValue(session: Session, ref: ClipRef, field: ClipField): string {
	const clip = session.tracks.find((t) => t.id === ref.track)?.clips[ref.clip];
	if (!clip) return '?';
	if (field === 'gain') return `${faderText(clip.gain)} dB`;
	if (field === 'fadeIn') return secondsText(clip.fadeIn);
	if (field === 'fadeOut') return secondsText(clip.fadeOut);
	if (field === 'shape') return clip.fadeShape;
	if (field === 'head') return `offset ${secondsText(clip.offset)}`;
	return clip.length === undefined ? 'to the end of the media' : `length ${secondsText(clip.length)}`;
}

function editField(ctx: ClipContext, ref: ClipRef, label: string, fn: (s: Session, p: PlacedClip) => Session): void {
	const { store } = ctx;
	const p = placed(ctx, ref);
	if (!p) return store.say(`the position of ${clipName(ctx, ref)} is not known yet (media header unread)`, 'error');
	if (store.edit(label, (s) => fn(s, p))) {
		const field = fieldOf(store);
		const moved = field === 'head' ? placed(ctx, ref) : undefined;
		const at = moved ? ` (starts ${positionText(moved.start, store.getState().session)})` : '';
		store.say(`${label}: ${fieldValue(store.getState().session, ref, field)}${at}`);
	}
}

/** Steps the field's value of the selected clip: 0.5 dB of gain, a frame of fade or trim, the other shape. */
export function stepClipValue(ctx: ClipContext, dir: 1 | -1): void {
	const { store } = ctx;
	const c = cursor(store);
	if (!c) return store.say('select a clip first (previous / next clip)', 'error');
	const field = fieldOf(store);
	const frame = frameDuration(store.getState().session.frameRate);
	const name = clipName(ctx, c);
	const sign = dir > 0 ? '+' : '-';
	switch (field) {
		case 'gain':
			return editField(ctx, c, `Clip gain ${name} ${sign}0.5 dB`, (s) => nudgeClipGain(s, c.track, c.clip, dir * 0.5));
		case 'fadeIn':
		case 'fadeOut':
			return editField(ctx, c, `${cap(FIELD_TITLE[field])} ${name} ${sign}1 frame`, (s, p) => nudgeFade(s, p, field, dir * frame));
		case 'shape':
			return editField(ctx, c, `Fade shape ${name}`, (s) => toggleFadeShape(s, c));
		case 'head':
			return editField(ctx, c, `Trim head ${name} ${sign}1 frame`, (s, p) => trimClipHead(s, p, dir * frame));
		case 'tail':
			return editField(ctx, c, `Trim tail ${name} ${sign}1 frame`, (s, p) => trimClipTail(s, p, dir * frame));
	}
}

/** Opens the prompt for the field's value of the selected clip. */
export function typeClipValue(ctx: ClipContext): void {
	const { store } = ctx;
	const c = cursor(store);
	if (!c) return store.say('select a clip first (previous / next clip)', 'error');
	const field = fieldOf(store);
	const hint = field === 'gain' ? 'dB, -inf … +24' : field === 'shape' ? 'linear or equal-power' : field === 'head' || field === 'tail' ? 'a timecode or seconds' : 'seconds, or frames as 12f';
	store.update({ prompt: { kind: 'clipValue', label: `${FIELD_TITLE[field]} of ${clipName(ctx, c)} (${hint})`, value: '', clip: { ...c, field } } });
}

/** A typed fade length: seconds (0.5) or frames (12f). */
export function parseFadeLength(text: string, session: Session): number | undefined {
	const t = text.trim().toLowerCase().replace(/\s+/g, '');
	const frames = /^(\d+(\.\d*)?|\.\d+)f$/.exec(t);
	if (frames) return Number(frames[1]) * frameDuration(session.frameRate);
	const seconds = t.replace(/s$/, '');
	return /^(\d+(\.\d*)?|\.\d+)$/.test(seconds) ? Number(seconds) : undefined;
}

/** Applies a typed clip value; a bad one is said and the prompt stays open to fix it. */
export function submitClipPrompt(ctx: ClipContext, prompt: Prompt): void {
	const { store } = ctx;
	const p = prompt.clip;
	const session = store.getState().session;
	const ref = p && { track: p.track, clip: p.clip };
	if (!p || !ref || !session.tracks.find((t) => t.id === p.track)?.clips[p.clip]) {
		store.update({ prompt: undefined });
		return store.say('that clip is gone', 'error');
	}
	const text = prompt.value.trim();
	const field = p.field as ClipField;
	const name = clipName(ctx, ref);
	const bad = (why: string) => store.say(`"${text}" ${why}`, 'error');
	let label: string;
	let fn: (s: Session, placed: PlacedClip) => Session;
	if (field === 'gain') {
		const db = parseDb(text);
		if (db === undefined) return bad('is not a level: type dB like -3.5, or -inf');
		if (db > 24) return bad('is above +24 dB, the most a clip takes (range −∞ … +24 dB)');
		label = `Clip gain ${name} ${faderText(db)} dB`;
		fn = (s) => setClipGainChecked(s, ref, db);
	} else if (field === 'fadeIn' || field === 'fadeOut') {
		const seconds = parseFadeLength(text, session);
		if (seconds === undefined) return bad('is not a fade length: type seconds (0.5) or frames (12f)');
		const pl = placed(ctx, ref);
		const max = pl?.frames !== undefined ? pl.frames / session.sampleRate : undefined;
		if (max !== undefined && seconds > max + 1e-9) return bad(`is longer than the clip (${+max.toFixed(4)} s)`);
		label = `${cap(FIELD_TITLE[field])} ${name} ${secondsText(seconds)}`;
		fn = (s, pc) => setFade(s, pc, field, seconds);
	} else if (field === 'shape') {
		const shape = text.toLowerCase().replace(/[\s_]+/g, '-');
		const want = shape === 'linear' || shape === 'lin' ? 'linear' : shape === 'equal-power' || shape === 'ep' || shape === 'equalpower' ? 'equal-power' : undefined;
		if (!want) return bad('is not a fade shape: linear or equal-power');
		label = `Fade shape ${name} ${want}`;
		fn = (s) => (s.tracks.find((t) => t.id === ref.track)!.clips[ref.clip]!.fadeShape === want ? s : toggleFadeShape(s, ref));
	} else {
		// A head or tail trim typed as the time the edge moves to.
		let at: number;
		try {
			at = parseTimeArg(text, session);
		} catch (error) {
			return bad(`is not a time: ${(error as Error).message}`);
		}
		const pl = placed(ctx, ref);
		if (!pl || pl.frames === undefined) return bad("cannot be applied: the clip's length is not known yet (media header unread)");
		const edge = field === 'head' ? pl.start : pl.start + pl.frames / session.sampleRate;
		label = `Trim ${field} ${name} to ${positionText(at, session)}`;
		fn = (s, pc) => (field === 'head' ? trimClipHead(s, pc, at - edge) : trimClipTail(s, pc, at - edge));
	}
	const pc = placed(ctx, ref);
	if (!pc) return bad(`cannot be applied: the position of ${name} is not known yet (media header unread)`);
	let next: Session;
	try {
		next = fn(session, pc);
	} catch (error) {
		return bad(`cannot be applied: ${(error as Error).message}`);
	}
	store.update({ prompt: undefined });
	if (next === session) return store.say(`${label}: unchanged`);
	store.edit(label, () => next);
}

/**
 * Crossfades the selected clip with the clip it overlaps on its track: the one before it
 * (overlapping its head) when there is one, else the one after it (overlapping its tail).
 */
export function crossfade(ctx: ClipContext): void {
	const { store } = ctx;
	const c = cursor(store);
	if (!c) return store.say('select a clip first (previous / next clip)', 'error');
	const { session, file, selected } = store.getState();
	const blocks = trackBlocks(session, file, selected, ctx.media);
	const me = blocks.find((b) => b.clip === c.clip);
	if (!me) return store.say("the clip's position is not known yet (media header unread)", 'error');
	const before = blocks.filter((b) => b.clip !== c.clip && b.start <= me.start && b.end > me.start).at(-1);
	const after = blocks.find((b) => b.clip !== c.clip && b.start > me.start && b.start < me.end);
	const other = before ?? after;
	if (!other) return store.say(`${me.name} overlaps no other clip on this track: move or trim one so they overlap, then crossfade`, 'error');
	const a = placed(ctx, c);
	const b = placed(ctx, { track: c.track, clip: other.clip });
	if (!a || !b) return store.say("the clips' lengths are not known yet (media header unread)", 'error');
	const [first, second] = before ? [other.name, me.name] : [me.name, other.name];
	if (store.edit(`Crossfade ${first} into ${second}`, (s) => crossfadeClips(s, a, b))) {
		const early = before ? b : a;
		const fade = store.getState().session.tracks[selected]!.clips[early.clip]!.fadeOut;
		store.say(`Crossfade ${secondsText(fade)} equal-power: ${first} into ${second}`);
	}
}
