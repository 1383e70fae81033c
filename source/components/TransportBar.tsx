// Two lines on top: transport state, timecode, loop, session; then master loudness, the output
// device and its latency, underflows and DSP load.
import React, { memo } from 'react';
import { Box } from 'ink';
import type { DeviceStatus } from '../../engine/worker/protocol.js';
import { framesToTimecode, sessionTimecode, timecodeFrames, timeToSeconds } from '../../sessions/time.js';
import type { Session } from '../../sessions/types.js';
import { fit } from '../app/format.js';
import { bold, hue, type Theme } from '../app/theme.js';
import { Line } from './Line.js';

export interface TransportBarProps {
	session: Session;
	playing: boolean;
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
	theme: Theme;
	columns: number;
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

export const TransportBar = memo(function TransportBar(p: TransportBarProps) {
	const { theme, columns } = p;
	const state = p.playing ? hue(theme, bold(theme, '> PLAY'), 'green') : bold(theme, '# STOP');
	const tc = framesToTimecode(timecodeFrames(p.session.start, p.session.frameRate) + p.frame, p.session.frameRate);
	const right = ` ${p.view} | ${p.keymap}`;
	const left = `  ${tc}  ${loopText(p.session, p.loopEnabled)}  ${p.session.name}${p.dirty ? ' *' : ''}`;
	const line1 = state + fit(left, Math.max(0, columns - 6 - right.length)) + right.slice(0, Math.max(0, columns - 6));
	const xruns = `xrun ${p.underruns}${p.diskUnderruns > 0 ? ` disk ${p.diskUnderruns}` : ''}`;
	const line2 = fit(`M ${p.momentary} S ${p.shortTerm} I ${p.integrated} LUFS  TP ${p.truePeak}  | ${deviceText(p.device)} | ${xruns} | dsp ${p.dsp}%`, columns).trimEnd();
	const warn = p.underruns > 0 || p.diskUnderruns > 0;
	return (
		<Box flexDirection="column">
			<Line text={line1} />
			<Line text={warn ? line2.replace(xruns, hue(theme, xruns, 'yellow')) : line2} />
		</Box>
	);
});
