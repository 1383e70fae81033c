// The bottom line: a prompt being typed, the quit question, or the last message with key hints
// (source/app/status-text.ts).
import React, { memo } from 'react';
import { statusText, type StatusTextInput } from '../app/status-text.js';
import { Line } from './Line.js';

export type StatusLineProps = StatusTextInput;

export const StatusLine = memo(function StatusLine(props: StatusLineProps) {
	return <Line text={statusText(props)} />;
});
