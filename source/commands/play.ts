// dubdesk play SESSION [--device ID|NAME] [--from T] [--duration S] [--buffer FRAMES] [--record FILE.wav]
// Headless playback through the engine worker; one updating status line on a terminal. With
// --record it prints what plays as a take, in real time, and exits once the take is on disk.
import path from 'node:path';
import { UserError } from '../../sessions/errors.js';
import { DAY_SECONDS, parseTimeArg, sessionTimecode } from '../../sessions/time.js';
import { loadPlan } from '../../engine/session-plan.js';
import { EngineClient } from '../../engine/worker/client.js';
import type { DeviceStatus, EngineEvent } from '../../engine/worker/protocol.js';
import type { Command } from '../cli-types.js';
import { nativeLog } from '../native-log.js';
import { recordTarget } from '../output-guard.js';

/** Longest wait for a take to reach the disk after playback ends (its last seconds and an fsync). */
const TAKE_FLUSH_MS = 60_000;

/** A numeric flag as typed; the parser turns text that is not a number into NaN. */
const shownValue = (name: string, value: number) => (Number.isNaN(value) ? `${name}: not a number` : `${name} ${value}`);

export function parseBuffer(value: number | undefined): number | undefined {
	if (value === undefined) return undefined;
	if (!Number.isInteger(value) || value < 32 || value > 8192) throw new UserError(`${shownValue('--buffer', value)}: expected a whole number of frames from 32 to 8192`);
	return value;
}

/** Seconds to play: more than 0, at most a day. */
export function parseDuration(value: number | undefined): number | undefined {
	if (value === undefined) return undefined;
	if (!(value > 0 && value <= DAY_SECONDS)) throw new UserError(`${shownValue('--duration', value)}: expected seconds above 0, at most ${DAY_SECONDS} (24 h), e.g. --duration 30`);
	return value;
}

export function describeDevice(status: DeviceStatus): string {
	const khz = `${status.sampleRate / 1000} kHz`;
	if (status.kind === 'null') return `${status.reason ?? 'the null device was chosen'}: playing silently in real time on the null device`;
	return `playing on ${status.name}: ${khz}, ${status.channels} ch, ${status.bufferFrames}-frame buffer, ${status.latencyMs.toFixed(1)} ms latency`;
}

const lufs = (v: number) => (Number.isFinite(v) ? v.toFixed(1).padStart(5) : '  -  ');

export const play: Command = async (args, flags, io) => {
	const [sessionArg] = args;
	if (sessionArg === undefined) throw new UserError('play: give a session file: dubdesk play SESSION');
	const sessionFile = path.resolve(io.cwd, sessionArg);
	const bufferFrames = parseBuffer(flags.buffer);
	const duration = parseDuration(flags.duration);
	const { session } = await loadPlan(sessionFile);
	const from = flags.from === undefined ? 0 : parseTimeArg(flags.from, session, { name: '--from' });
	const record = await recordTarget(flags.record, sessionFile, session, io.cwd);

	const engine = new EngineClient({ bufferFrames, log: nativeLog() });
	const tty = io.stdout.isTTY === true;
	let failure: string | undefined;
	let finished!: () => void;
	const done = new Promise<void>((resolve) => (finished = resolve));
	const onEvent = (event: EngineEvent) => {
		if (event.type === 'error') {
			failure ??= event.message;
			finished();
		} else if (event.type === 'ended') finished();
		else if (event.type === 'device') io.stderr.write(`${describeDevice(event.status)}\n`);
		else if (event.type === 'notice') io.stderr.write(`dubdesk: warning: ${event.message}\n`);
		else if (event.type === 'take') {
			const lost = event.dropped > 0 ? `, ${event.dropped} frames lost to a slow disk (silence in their place)` : '';
			io.stdout.write(`${tty ? '\r\x1b[2K' : ''}wrote take ${path.relative(io.cwd, event.file) || event.file} (${event.seconds.toFixed(3)} s${lost})\n`);
		}
	};
	engine.on(onEvent);
	const abort = () => finished();
	io.signal?.addEventListener('abort', abort);
	let timer: NodeJS.Timeout | undefined;
	try {
		const loaded = engine.waitFor('loaded', 30_000);
		engine.send({ type: 'load', session, sessionFile });
		await Promise.race([loaded, done]);
		if (failure) throw new UserError(failure);
		if (flags.device !== undefined) engine.send({ type: 'device', device: flags.device, bufferFrames });
		if (record) engine.send({ type: 'record', file: record });
		engine.send({ type: 'locate', seconds: from });
		if (duration !== undefined) engine.send({ type: 'stopAt', seconds: from + duration });
		engine.send({ type: 'play' });
		if (tty) {
			timer = setInterval(() => {
				const s = engine.shared;
				const l = s.loudness;
				const under = s.outputUnderruns + (s.diskUnderruns > 0 ? 1 : 0);
				io.stdout.write(`\r\x1b[2K▶ ${sessionTimecode(s.seconds, session)}  M ${lufs(l.momentary)}  S ${lufs(l.shortTerm)}  I ${lufs(l.integrated)} LUFS  underruns ${under}`);
			}, 200);
		}
		await done;
		if (failure) throw new UserError(failure);
		if (io.signal?.aborted) {
			const stopped = engine.waitFor('transport', 3000, (e) => !e.playing).catch(() => undefined);
			engine.send({ type: 'stop' });
			await stopped;
		}
		if (record) {
			// Disarming answers once every take is on disk.
			const flushed = engine.waitFor('recording', TAKE_FLUSH_MS, (e) => e.file === null).catch(() => {
				throw new UserError(`${flags.record}: the take was not on disk ${TAKE_FLUSH_MS / 1000} s after playback ended (is the disk stalled?)`);
			});
			engine.send({ type: 'record', file: null });
			await flushed;
			if (failure) throw new UserError(failure);
		}
		return 0;
	} finally {
		if (timer) clearInterval(timer);
		if (tty) io.stdout.write('\r\x1b[2K');
		io.signal?.removeEventListener('abort', abort);
		await engine.close();
	}
};
