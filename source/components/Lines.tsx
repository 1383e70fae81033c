// A block of screen lines (a view, the help, a dialog).
import React, { memo } from 'react';
import { Box } from 'ink';
import { Line } from './Line.js';

export interface LinesProps {
	lines: readonly string[];
}

export const Lines = memo(function Lines({ lines }: LinesProps) {
	return (
		<Box flexDirection="column">
			{lines.map((text, i) => (
				<Line key={i} text={text} />
			))}
		</Box>
	);
});
