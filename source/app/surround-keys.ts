// The surround keys of the mixer: front/rear pan and the LFE send of the selected track, through
// the command layer (mix-commands.ts) like the x pan, so each is an undo step per control, a live
// change, and a key touch during an automation pass; and the monitor switch.
import type { ActionId } from '../input/actions.js';
import { warnIfRead } from './automation-values.js';
import { address, editLfe, editPanY } from './mix-commands.js';
import { cycleMonitor } from './monitor-switch.js';
import { selectedTarget, type ActionContext } from './run-action.js';

/** Front/rear moves by this much a press (the x pan's step). */
export const PAN_Y_STEP = 0.05;
/** The LFE send moves by this much a press, dB. */
export const LFE_STEP_DB = 0.5;

/** Runs a surround action; false when `id` is not one. */
export function runSurroundAction(id: ActionId, ctx: ActionContext): boolean {
	const { store } = ctx;
	if (id === 'global.cycleMonitor') {
		cycleMonitor(store);
		return true;
	}
	if (id !== 'mixer.panFront' && id !== 'mixer.panRear' && id !== 'mixer.lfeUp' && id !== 'mixer.lfeDown') return false;
	const target = selectedTarget(store);
	const y = id === 'mixer.panFront' || id === 'mixer.panRear';
	const moved = y ? editPanY(store, target, 'nudge', id === 'mixer.panFront' ? -PAN_Y_STEP : PAN_Y_STEP) : editLfe(store, target, 'nudge', id === 'mixer.lfeUp' ? LFE_STEP_DB : -LFE_STEP_DB);
	if (moved && target.kind === 'track') warnIfRead(store, address(target, y ? 'panY' : 'lfe'), target.name);
	return true;
}
