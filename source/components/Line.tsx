// One screen line as one Ink <Text>. Memoised on its string: a frame where the line reads the
// same skips React's work for it, and a view is a column of these rather than a box per cell.
import React, { memo } from 'react';
import { Text } from 'ink';

export interface LineProps {
	/** The whole line, styles included as SGR codes, no wider than the terminal. */
	text: string;
}

export const Line = memo(function Line({ text }: LineProps) {
	return <Text>{text === '' ? ' ' : text}</Text>;
});
