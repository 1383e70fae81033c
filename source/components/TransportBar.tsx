// Two lines on top: transport state, timecode, loop, session; then master loudness, the output
// device and its latency, underflows and DSP load (source/app/transport-lines.ts).
import React, { memo } from 'react';
import { Box } from 'ink';
import { transportLines, type TransportInfo } from '../app/transport-lines.js';
import type { Theme } from '../app/theme.js';
import { Line } from './Line.js';

export interface TransportBarProps extends TransportInfo {
	theme: Theme;
	columns: number;
}

export const TransportBar = memo(function TransportBar({ theme, columns, ...info }: TransportBarProps) {
	const [line1, line2] = transportLines(info, theme, columns);
	return (
		<Box flexDirection="column">
			<Line text={line1} />
			<Line text={line2} />
		</Box>
	);
});
