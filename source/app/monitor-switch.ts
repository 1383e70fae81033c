// The monitor key and what the transport says about it: the device plays the mix, a 5.1
// master's stereo fold-down or mono (engine/worker/monitor.ts has the laws). Only the device feed
// changes; meters, loudness, prints and takes stay the mix. Nothing shows while the device plays
// the mix as it is, so a fold-down left on is never mistaken for the mix.
import { effectiveMonitor, monitorCycle, type MonitorMode } from '../../engine/worker/monitor.js';
import type { DeviceStatus } from '../../engine/worker/protocol.js';
import type { Session } from '../../sessions/types.js';
import type { MixerStore } from './mixer-store.js';

function widths(session: Session, device: DeviceStatus | undefined): [number, number] {
	const mix = session.master.format === '5.1' ? 6 : 2;
	// Before the device opens, assume it takes every channel.
	return [mix, device?.channels ?? mix];
}

/** The transport's monitor mark: '' for the mix as it is, 'MON 2.0' (fold-down) or 'MON MONO'. */
export function monitorLabel(session: Session, mode: MonitorMode, device: DeviceStatus | undefined): string {
	const e = effectiveMonitor(mode, ...widths(session, device));
	return e === 'fold' ? 'MON 2.0' : e === 'mono' ? 'MON MONO' : '';
}

/** Steps the monitor to its next position and says what the device now plays. */
export function cycleMonitor(store: MixerStore): void {
	const { session, monitor, device } = store.getState();
	const [mix, out] = widths(session, device);
	const cycle = monitorCycle(mix, out);
	const next = cycle[(cycle.indexOf(effectiveMonitor(monitor, mix, out)) + 1) % cycle.length]!;
	store.setMonitor(next);
	// Short enough for the status line at 80 columns.
	const keeps = `(prints and meters stay ${session.master.format})`;
	if (next === 'fold') store.say(`monitor 2.0: BS.775 fold-down, LFE dropped${mix === 6 && out < 6 ? ' (a 2-output device)' : ''} ${keeps}`);
	else if (next === 'mono') store.say(`monitor mono: (L + R) / 2${mix === 6 ? ' of the fold-down' : ''} ${keeps}`);
	else store.say(`monitor: the ${session.master.format} mix`);
}
