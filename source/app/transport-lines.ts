// The transport bar's two lines: state (and REC when a live print is armed), timecode, loop and
// session; then the master loudness, the output device and its latency, underflows and DSP load.
import path from 'node:path';
import type { DeviceStatus, EngineEvent } from '../../engine/worker/protocol.js';
import { framesToTimecode, sessionTimecode, timecodeFrames, timeToSeconds } from '../../sessions/time.js';
import type { Session } from '../../sessions/types.js';
import { fit } from './format.js';
import { bold, hue, type Theme } from './theme.js';

/** What the transport shows. */
export interface TransportInfo {
	session: Session;
	playing: boolean;
	/** Playhead, frames since session start. */
	frame: number;
	loopEnabled: boolean;
	dirty: boolean;
	device: DeviceStatus | undefined;
	momentary: string;
	shortTerm: string;
	integrated: string;
	truePeak: string;
	underruns: number;
	diskUnderruns: number;
	dsp: number;
	view: string;
	keymap: string;
	/** A live print is armed: each pass is recorded as a take. */
	recording?: boolean;
	/** The monitor when the device is not playing the mix as it is: 'MON 2.0', 'MON MONO' (monitor-switch.ts). */
	monitor?: string;
}

/** Where the mixer's arm key records without --record: NAME-take.wav beside the session NAME.yaml. */
export function defaultTakeFile(sessionFile: string): string {
	return `${sessionFile.replace(/\.ya?ml$/i, '')}-take.wav`;
}

/** The status line's word on a take that reached the disk. */
export function takeText(take: Extract<EngineEvent, { type: 'take' }>): string {
	const lost = take.dropped > 0 ? `; the disk fell behind: ${take.dropped} frames are silence` : '';
	return `take ${path.basename(take.file)}: ${take.seconds.toFixed(3)} s printed${lost}`;
}

function loopText(session: Session, on: boolean): string {
	const loop = session.loop;
	if (!loop) return 'loop: none';
	const tc = (t: number | string) => {
		try {
			return sessionTimecode(timeToSeconds(t, session), session);
		} catch {
			return String(t);
		}
	};
	return `loop ${on ? 'ON ' : 'off'} ${tc(loop.from)}-${tc(loop.to)}`;
}

function deviceText(d: DeviceStatus | undefined): string {
	if (!d) return 'output: opens on play';
	const name = d.kind === 'null' ? 'null device' : d.name;
	return `${name} ${d.sampleRate / 1000}k ${d.bufferFrames}fr ${d.latencyMs.toFixed(1)}ms`;
}

/**
 * Loudness, device, underflows and DSP load. Too long for the terminal (80 columns while playing),
 * the spacing tightens and then the device's name gives way: the underflows and the load stay.
 */
function meterLine(p: TransportInfo, xruns: string, columns: number): string {
	const tail = ` | ${xruns} | dsp ${p.dsp}%`;
	const full = `M ${p.momentary} S ${p.shortTerm} I ${p.integrated} LUFS  TP ${p.truePeak}  | ${deviceText(p.device)}${tail}`;
	if (full.length <= columns) return full;
	const meters = `M ${p.momentary} S ${p.shortTerm} I ${p.integrated} TP ${p.truePeak} | `;
	const d = p.device;
	if (!d) return `${meters}${deviceText(d)}${tail}`;
	const details = `${d.sampleRate / 1000}k ${d.bufferFrames}fr ${d.latencyMs.toFixed(1)}ms`;
	const name = d.kind === 'null' ? 'null' : d.name;
	const room = columns - meters.length - tail.length - details.length - 1;
	const shown = name.length <= room ? name : room >= 4 ? `${name.slice(0, room - 1)}…` : '';
	return `${meters}${shown ? `${shown} ` : ''}${details}${tail}`;
}

/** The two transport lines, `columns` wide at most. */
export function transportLines(p: TransportInfo, theme: Theme, columns: number): [string, string] {
	const play = p.playing ? hue(theme, bold(theme, '> PLAY'), 'green') : bold(theme, '# STOP');
	// Red while it records, so a pass being printed is never mistaken for a rehearsal.
	const state = p.recording ? `${play} ${p.playing ? hue(theme, bold(theme, 'REC'), 'red') : bold(theme, 'REC')}` : play;
	const monitor = p.monitor ? ` ${hue(theme, bold(theme, p.monitor), 'yellow')}` : '';
	const stateWidth = (p.recording ? 10 : 6) + (p.monitor ? p.monitor.length + 1 : 0);
	const tc = framesToTimecode(timecodeFrames(p.session.start, p.session.frameRate) + p.frame, p.session.frameRate);
	const right = ` ${p.view} | ${p.keymap}`;
	// The unsaved mark stays when a long name is cut: it is the one part of the name that says something.
	const dirty = p.dirty ? ' *' : '';
	const leftRoom = Math.max(0, columns - stateWidth - right.length);
	const left = `  ${tc}  ${loopText(p.session, p.loopEnabled)}  ${p.session.name}`;
	const line1 = state + monitor + (left.length + dirty.length > leftRoom && dirty ? fit(left, Math.max(0, leftRoom - dirty.length)) + dirty : fit(left + dirty, leftRoom)) + right.slice(0, Math.max(0, columns - stateWidth));
	const xruns = `xrun ${p.underruns}${p.diskUnderruns > 0 ? ` disk ${p.diskUnderruns}` : ''}`;
	const line2 = fit(meterLine(p, xruns, columns), columns).trimEnd();
	const warn = p.underruns > 0 || p.diskUnderruns > 0;
	return [line1, warn ? line2.replace(xruns, hue(theme, xruns, 'yellow')) : line2];
}
