// The timeline's clip and loop actions by name (the lane's are in lane-keys.ts).
import type { ActionId } from '../input/actions.js';
import { clearMarks, crossfade, markClip, markToEnd, nudgeSelection, stepClipValue, stepField, typeClipValue, type ClipContext } from './timeline-clips.js';
import { loopAtPlayhead, typeLoop } from './timeline-loop.js';

const CLIP_ACTIONS: Partial<Record<ActionId, (ctx: ClipContext) => void>> = {
	'timeline.nudgeEarlier': (ctx) => nudgeSelection(ctx, -1),
	'timeline.nudgeLater': (ctx) => nudgeSelection(ctx, 1),
	'timeline.nudgeEarlierFine': (ctx) => nudgeSelection(ctx, -0.25),
	'timeline.nudgeLaterFine': (ctx) => nudgeSelection(ctx, 0.25),
	'timeline.markClip': markClip,
	'timeline.markToEnd': markToEnd,
	'timeline.clearMarks': (ctx) => clearMarks(ctx.store),
	'timeline.nextClipField': (ctx) => stepField(ctx.store, 1),
	'timeline.previousClipField': (ctx) => stepField(ctx.store, -1),
	'timeline.clipValueUp': (ctx) => stepClipValue(ctx, 1),
	'timeline.clipValueDown': (ctx) => stepClipValue(ctx, -1),
	'timeline.typeClipValue': typeClipValue,
	'timeline.crossfade': crossfade,
	'timeline.loopIn': (ctx) => loopAtPlayhead(ctx.store, 'in'),
	'timeline.loopOut': (ctx) => loopAtPlayhead(ctx.store, 'out'),
	'timeline.typeLoop': (ctx) => typeLoop(ctx.store),
};

/** What a clip key says on a bus row (the timeline's rows below the tracks). */
export const NO_CLIPS_ON_A_BUS = 'no clips on a bus: select a track for the clip keys';
/** What a clip key says on the master's row (after the buses). */
export const NO_CLIPS_ON_THE_MASTER = 'no clips on the master: select a track for the clip keys';

/** What a clip key says on a row that is not a track's. */
export function noClipsHere(focus: string): string {
	return focus === 'master' ? NO_CLIPS_ON_THE_MASTER : NO_CLIPS_ON_A_BUS;
}

/** Actions that work with a bus or the master's row selected: the loop's, and clearing marks (made on tracks). */
const NOT_CLIP_ROW: ReadonlySet<ActionId> = new Set<ActionId>(['timeline.loopIn', 'timeline.loopOut', 'timeline.typeLoop', 'timeline.clearMarks']);

/** Runs `id` when it is a clip or loop action; false otherwise. */
export function runClipAction(id: ActionId, ctx: ClipContext): boolean {
	const run = CLIP_ACTIONS[id];
	if (!run) return false;
	const { focus } = ctx.store.getState();
	if (focus !== 'track' && !NOT_CLIP_ROW.has(id)) ctx.store.say(noClipsHere(focus), 'error');
	else run(ctx);
	return true;
}
