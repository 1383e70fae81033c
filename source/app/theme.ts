// How the screen may be styled. Styles are written as SGR codes into the strings the views build
// (not through Ink's chalk): chalk decides from process.stdout, which under the launcher is the
// log file, and it would also fold a whole meter row into many styled runs. Colour is optional
// everywhere: selection and state read the same on a monochrome terminal and with NO_COLOR.

/** What the terminal is allowed to show. */
export interface Theme {
	/** Foreground colours (off with NO_COLOR, TERM=dumb or a terminal without colours). */
	color: boolean;
	/** Inverse and bold (off only on a dumb terminal or when not a terminal). */
	attrs: boolean;
}

/** No styles at all: what tests compare frames against. */
export const PLAIN: Theme = { color: false, attrs: false };

/** The theme for a terminal stream and environment (NO_COLOR, FORCE_COLOR, TERM). */
export function detectTheme(stream: { isTTY?: boolean; hasColors?: (count?: number) => boolean }, env: NodeJS.ProcessEnv = process.env): Theme {
	const tty = stream.isTTY === true && env['TERM'] !== 'dumb';
	const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
	const force = env['FORCE_COLOR'];
	let color = tty && !noColor && (typeof stream.hasColors === 'function' ? stream.hasColors(8) : true);
	if (force !== undefined && !noColor) color = force !== '0' && force !== 'false';
	return { color, attrs: tty };
}

export type Hue = 'green' | 'yellow' | 'red' | 'cyan' | 'magenta' | 'blue';
const HUES: Record<Hue, number> = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 };

/** `text` in a colour (unchanged without colour). */
export function hue(theme: Theme, text: string, h: Hue | undefined): string {
	return theme.color && h && text ? `\x1b[${HUES[h]}m${text}\x1b[39m` : text;
}

/** `text` in inverse video (unchanged without attributes). */
export function inverse(theme: Theme, text: string): string {
	return theme.attrs && text ? `\x1b[7m${text}\x1b[27m` : text;
}

/** `text` in bold (unchanged without attributes). */
export function bold(theme: Theme, text: string): string {
	return theme.attrs && text ? `\x1b[1m${text}\x1b[22m` : text;
}
