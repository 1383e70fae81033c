// A question in a box in the middle of the view area (recover an autosave, unsaved changes).
import React, { memo } from 'react';
import { centre } from '../app/format.js';
import { bold, type Theme } from '../app/theme.js';
import { Lines } from './Lines.js';

export interface DialogProps {
	title: string;
	body: readonly string[];
	theme: Theme;
	columns: number;
	height: number;
}

export const Dialog = memo(function Dialog({ title, body, theme, columns, height }: DialogProps) {
	const inner = Math.min(columns - 4, Math.max(title.length, ...body.map((l) => l.length)) + 4);
	const pad = ' '.repeat(Math.max(0, Math.floor((columns - inner - 2) / 2)));
	const box = [
		`${pad}+${'-'.repeat(inner)}+`,
		`${pad}|${bold(theme, centre(title, inner))}|`,
		`${pad}|${' '.repeat(inner)}|`,
		...body.map((l) => `${pad}|${centre(l.slice(0, inner), inner)}|`),
		`${pad}+${'-'.repeat(inner)}+`,
	];
	const top = Math.max(0, Math.floor((height - box.length) / 2));
	const lines = [...new Array<string>(top).fill(''), ...box];
	while (lines.length < height) lines.push('');
	return <Lines lines={lines.slice(0, height)} />;
});
