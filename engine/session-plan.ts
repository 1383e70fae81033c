// Session → plan with real media headers: what the CLI commands and the worker use.
import type { Session } from '../sessions/types.js';
import { loadSession } from '../sessions/load.js';
import { planSession, planSessionCollect, type MixPlan, type PlanResult } from './plan.js';
import { readMediaInfo } from './media/probe.js';

export function planFromSession(session: Session, sessionFile: string): Promise<MixPlan> {
	return planSession(session, sessionFile, readMediaInfo);
}

export function checkSessionMedia(session: Session, sessionFile: string): Promise<PlanResult> {
	return planSessionCollect(session, sessionFile, readMediaInfo);
}

/** Loads and plans a session file; throws a UserError naming the file and field on bad input. */
export async function loadPlan(sessionFile: string): Promise<{ session: Session; plan: MixPlan }> {
	const session = await loadSession(sessionFile);
	return { session, plan: await planFromSession(session, sessionFile) };
}
