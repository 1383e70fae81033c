// The loop (play) range from the keyboard: in and out at the playhead, or both typed. The range
// is part of the session (saved, one undo step per change); looping itself is switched on and
// off by the loop key, which the range keys leave as it is.
import { clearLoop, setLoop } from '../../sessions/edit-timeline.js';
import { parseTimeArg, timeToSeconds } from '../../sessions/time.js';
import type { Session } from '../../sessions/types.js';
import type { MixerStore, Prompt } from './mixer-store.js';
import { positionText } from './timeline-clips.js';

/** A playhead time on a sample, written readably (the engine loops on samples). */
function onSample(seconds: number, session: Session): number {
	return Math.round(Math.round(seconds * session.sampleRate) / session.sampleRate * 1e9) / 1e9;
}

function rangeText(session: Session, from: number, to: number): string {
	return `${positionText(from, session)}–${positionText(to, session)}`;
}

function loopSeconds(session: Session): { from: number; to: number } | undefined {
	if (!session.loop) return undefined;
	try {
		return { from: timeToSeconds(session.loop.from, session), to: timeToSeconds(session.loop.to, session) };
	} catch {
		return undefined;
	}
}

function apply(store: MixerStore, from: number, to: number): void {
	const label = `Loop ${rangeText(store.getState().session, from, to)}`;
	if (store.edit(label, (s) => setLoop(s, from, to))) store.say(`${label}${store.getState().loopEnabled ? '' : ' (looping is off)'}`);
}

/**
 * Sets the loop's in (or out) at the playhead. The other end stays when it is still on the
 * right side; otherwise an in runs to the end of the session (or 10 s on), an out from 0.
 */
export function loopAtPlayhead(store: MixerStore, end: 'in' | 'out'): void {
	const { session, lengthSeconds } = store.getState();
	const t = onSample(store.position(), session);
	const loop = loopSeconds(session);
	if (end === 'in') {
		const to = loop && loop.to > t ? loop.to : lengthSeconds > t ? onSample(lengthSeconds, session) : t + 10;
		return apply(store, t, to);
	}
	if (t <= 0) return store.say('loop out must be after the start: move the playhead on first', 'error');
	const from = loop && loop.from < t ? loop.from : 0;
	return apply(store, from, t);
}

/** Opens the prompt for a typed range. */
export function typeLoop(store: MixerStore): void {
	const { session } = store.getState();
	const loop = loopSeconds(session);
	const now = loop ? ` (now ${rangeText(session, loop.from, loop.to)})` : '';
	store.update({ prompt: { kind: 'loopRange', label: `Loop from and to, e.g. 01:00:10:00 01:00:20:00 or 10 20; "off" removes it${now}`, value: '' } });
}

/** Applies a typed range; a bad one is said and the prompt stays open to fix it. */
export function submitLoopPrompt(store: MixerStore, prompt: Prompt): void {
	const { session } = store.getState();
	const text = prompt.value.trim();
	if (/^(off|none|clear)$/i.test(text)) {
		store.update({ prompt: undefined });
		if (!session.loop) return store.say('there is no loop range');
		store.edit('Remove the loop range', clearLoop);
		return;
	}
	const parts = text.split(/\s*[–—]\s*|\s+-\s+|\s+/).filter(Boolean);
	if (parts.length !== 2) return store.say(`"${text}" is not a range: type its start and its end, e.g. 10 20`, 'error');
	let from: number;
	let to: number;
	try {
		from = parseTimeArg(parts[0]!, session, { name: 'loop start' });
		to = parseTimeArg(parts[1]!, session, { name: 'loop end' });
	} catch (error) {
		return store.say((error as Error).message, 'error');
	}
	if (!(from < to)) return store.say(`"${text}": the loop's start must be before its end`, 'error');
	store.update({ prompt: undefined });
	apply(store, onSample(from, session), onSample(to, session));
}
