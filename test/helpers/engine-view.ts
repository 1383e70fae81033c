// The session as the engine holds it, rebuilt from the commands it was sent: the last `load`,
// then every live `param` change after it. Tests assert on this rather than on how a change
// travelled (a whole session, or a small parameter command).
import type { EngineCommand } from '../../engine/worker/protocol.js';
import type { Session } from '../../sessions/types.js';

export function engineSession(sent: readonly EngineCommand[], initial?: Session): Session {
	let session = initial;
	for (const c of sent) {
		if (c.type === 'load') session = c.session;
		else if (c.type === 'param' && session) {
			const { id, param, value } = c;
			if (c.target === 'master') session = { ...session, master: { ...session.master, gain: value as number } };
			else if (c.target === 'bus') session = { ...session, buses: session.buses.map((b) => (b.id === id ? { ...b, [param]: value } : b)) };
			else session = { ...session, tracks: session.tracks.map((t) => (t.id === id ? { ...t, [param]: value } : t)) };
		}
	}
	if (!session) throw new Error('the engine was never sent a session');
	return session;
}
