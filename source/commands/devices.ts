// dubdesk devices [--json]: audio output devices, asked of the engine worker (the only place
// naudiodon is loaded).
import { EngineClient } from '../../engine/worker/client.js';
import type { Command } from '../cli-types.js';
import { nativeLog } from '../native-log.js';

export const devices: Command = async (_args, flags, io) => {
	const engine = new EngineClient({ log: nativeLog() });
	try {
		const answer = engine.waitFor('devices', 15_000);
		engine.send({ type: 'devices' });
		const { devices: list, reason } = await answer;
		if (flags.json) {
			io.stdout.write(`${JSON.stringify({ devices: list, ...(reason ? { reason } : {}) }, null, 2)}\n`);
			return 0;
		}
		if (list.length === 0) {
			io.stdout.write(`no audio output devices${reason ? `: ${reason}` : ' (no sound card?)'}\n`);
		} else {
			const width = Math.max(...list.map((d) => d.name.length), 4);
			io.stdout.write(`${'id'.padStart(3)}  ${'name'.padEnd(width)}  channels  rate      api\n`);
			for (const d of list) {
				io.stdout.write(`${String(d.id).padStart(3)}  ${d.name.padEnd(width)}  ${String(d.channels).padStart(8)}  ${String(d.defaultSampleRate).padEnd(8)}  ${d.hostApi}\n`);
			}
		}
		io.stdout.write(`${'null'.padStart(3)}  the null device: plays in real time, outputs nothing\n`);
		return 0;
	} finally {
		await engine.close();
	}
};
