// The strip page as lines of text: a title, the EQ curve (strip-curve.ts) with gain-reduction
// meters for the gate, compressor, de-esser and limiter beside it, one line per section with
// its values (the selected one in [brackets], readable without colour), and a line about the
// selected parameter with the keys. Everything but the meters depends on the session and the
// cursor only, so it is built once (stripPage, cached) and the meter tick redraws just the
// meter columns (stripLines), as the mixer's meters are.
import { clampStripValue, type MixTarget } from './mix-commands.js';
import { BAND_TYPES } from '../../sessions/strip-params.js';
import type { Session, Track } from '../../sessions/types.js';
import { REDUCTION_FIELDS } from '../../engine/worker/shared-state.js';
import { displayKey } from '../input/key-names.js';
import { keysOf, type Keymap } from '../input/keymap.js';
import type { ActionId } from '../input/actions.js';
import { CURVE_SCALE, eqCurve } from './strip-curve.js';
import { cursorAt, stripOf, targetSections, valueText, type PageParam, type PageSection, type StripCursor } from './strip-model.js';
import { fit } from './format.js';
import { FRONT, lfeText, panGrid, positionName } from './surround.js';
import { bold, hue, inverse, type Theme } from './theme.js';

/** Columns of the gain-reduction meters: four of 5 columns. */
const PANEL = 25;
/** One column per REDUCTION_ORDER entry; the ducker's (`duck:` on a track or bus) is last. */
const PANEL_NAMES = ['gate', 'comp', 'dees', 'lim', 'duck'];
/** Reduction that fills a meter. */
export const GR_FULL_DB = 20;
const MAX_CURVE_ROWS = 18;
/** A track's x/y grid on a 5.1 session, between the curve and the meters: a frame 11 columns wide and a gap. */
const PAN_COLUMNS = 12;
const PAN_INNER = 9;

export interface StripPageInput {
	session: Session;
	target: MixTarget;
	cursor: StripCursor;
	theme: Theme;
	columns: number;
	height: number;
	/** Key hints for the page (stripHints), and the key that adds a band. */
	hints: string;
	addKey: string;
	/** The hints on a send line (stripKeys). */
	sendHints?: string;
}

/** The page without its meters, and where the meters go. */
export interface StripPage {
	/** Exactly `height` lines; the meter rows still lack their meter columns. */
	lines: string[];
	/** The meters' column block (false on a terminal too narrow for it). */
	panel: boolean;
	/** Lines of the meter bars (the curve's rows) and of their readings. */
	barTop: number;
	barRows: number;
	valuesRow: number;
	/** Per meter (gate, compressor, de-esser, limiter): whether that section runs. */
	running: boolean[];
	theme: Theme;
}

/** A value's typed range as the prompt states it ('1 to 23760 Hz', 'one of 6, 12, 18, 24 dB/oct'). */
export function rangeOf(p: PageParam, sampleRate: number): string {
	if (p.name === 'pre') return 'pre or post';
	if (!p.spec) return `one of ${BAND_TYPES.join(', ')}`;
	const unit = p.spec.unit ? ` ${p.spec.unit}` : '';
	if (p.spec.choices) return `one of ${p.spec.choices.join(', ')}${unit}`;
	// The largest finite numbers, not ±∞: a send's level may be −∞, which is no bound.
	const lo = clampStripValue(p.param, -Number.MAX_VALUE, sampleRate / 2);
	const hi = clampStripValue(p.param, Number.MAX_VALUE, sampleRate / 2);
	const n = (v: number) => String(Number(v.toFixed(2)));
	return `${n(lo)} to ${n(hi)}${unit}${p.param.startsWith('send.') ? ', or -inf' : ''}`;
}

const HINTS: [string, string][] = [
	['close', 'back'],
	['nudgeUp', ''],
	['nudgeDown', 'step'],
	['nudgeUpCoarse', ''],
	['nudgeDownCoarse', '×10'],
	['typeValue', 'type'],
	['toggleSection', 'on/off'],
	['toggleBypass', 'bypass'],
	['addBand', ''],
	['removeBand', 'band'],
	['copyToBus', ''],
	['copyToNext', 'copy'],
];

/** "e back  =/- step  +/_ ×10  Enter type  o on/off …" from the active keymap. */
export function stripHints(keymap: Keymap): string {
	const parts: string[] = [];
	let keys: string[] = [];
	for (const [name, what] of HINTS) {
		const key = keysOf(keymap, `strip.${name}` as ActionId)[0];
		if (key) keys.push(displayKey(key));
		if (what) {
			if (keys.length > 0) parts.push(`${keys.join('/')} ${what}`);
			keys = [];
		}
	}
	return parts.join('  ');
}

/** The first key of a strip action as shown, or '' when unbound. */
export function stripKey(keymap: Keymap, name: string): string {
	const key = keysOf(keymap, `strip.${name}` as ActionId)[0];
	return key ? displayKey(key) : '';
}

// On a send line, the send's own keys first (the detail line has little room left).
const SEND_HINTS: [string, string][] = [
	['toggleSection', 'on/off'],
	['togglePre', 'pre/post'],
	['addBand', 'add'],
	['removeBand', 'remove'],
	['nudgeUp', ''],
	['nudgeDown', 'level'],
	['typeValue', 'type'],
	['close', 'back'],
];

/** Everything the page shows of the keymap: the hints, a send line's hints, the key that adds a band (or a send). */
export function stripKeys(keymap: Keymap): Pick<StripPageInput, 'hints' | 'addKey' | 'sendHints'> {
	const sendHints = SEND_HINTS.map(([name, what]) => [stripKey(keymap, name), what] as const);
	const parts: string[] = [];
	let keys: string[] = [];
	for (const [key, what] of sendHints) {
		if (key) keys.push(key);
		if (what && keys.length > 0) parts.push(`${keys.join('/')} ${what}`);
		if (what) keys = [];
	}
	return { hints: stripHints(keymap), addKey: stripKey(keymap, 'addBand'), sendHints: parts.join('  ') };
}

function stateText(s: PageSection): string {
	if (s.key === 'strip') return s.state === 'on' ? 'in' : 'BYP';
	return s.state === 'absent' ? '—' : s.state;
}

/** One section's line: cursor mark, label, state, then each parameter (the selected one in brackets). */
function sectionLine(s: PageSection, selected: number | undefined, input: StripPageInput): string {
	const { theme, columns } = input;
	let plain = `${selected !== undefined ? '>' : ' '} ${s.label.padEnd(7)}${stateText(s).padEnd(4)}`;
	let styled = plain;
	if (s.key === 'eq' || s.key === 'send') {
		const text = ` no ${s.key === 'eq' ? 'band' : 'send'} yet${input.addKey ? `: ${input.addKey} adds one` : ''}`;
		return fit(plain + text, columns).trimEnd();
	}
	if (s.lead) {
		plain += ` ${s.lead.padEnd(6)} `;
		styled = plain;
	}
	s.params.forEach((p, i) => {
		const value = valueText(p, s.values[p.name]);
		const body = p.short ? `${p.short} ${value}` : value;
		const on = i === selected;
		const cell = on ? `[${body}]` : ` ${body} `;
		if (plain.length + cell.length > columns) return;
		plain += cell;
		styled += on ? inverse(theme, cell) : cell;
	});
	const key = s.key === 'compressor' ? s.values['key'] : undefined;
	if (typeof key === 'string' && plain.length + key.length + 5 <= columns) styled += ` key ${key}`;
	return styled;
}

/** The line about the selected parameter, then the keys. */
function detailLine(s: PageSection, param: number, input: StripPageInput): string {
	const p = s.params[param];
	const sr = input.session.sampleRate;
	let about: string;
	if (!p) about = `${s.title}: no ${s.key === 'send' ? 'send' : 'band'} yet`;
	else {
		const value = valueText(p, s.values[p.name]);
		const unit = p.spec && !value.endsWith(p.spec.unit) && p.spec.unit && p.spec.unit !== ':1' ? ` ${p.spec.unit}` : '';
		const what = s.send ? `${s.send}${p.name === 'pre' ? ' tap' : ''}` : `${s.label} ${p.name}`;
		about = `${what} ${value}${unit} (${rangeOf(p, sr)})${s.state === 'absent' ? ', absent: a change switches it on' : ''}`;
	}
	const hints = s.key.startsWith('send') && input.sendHints ? input.sendHints : input.hints;
	const room = input.columns - about.length - 3;
	return room >= 12 ? `${about}   ${fit(hints, room).trimEnd()}` : fit(about, input.columns);
}

let cache: { key: unknown[]; page: StripPage } | undefined;

/** The page for a strip (cached: the meter tick asks for the same page ten times a second). */
export function stripPage(input: StripPageInput): StripPage {
	const { session, target, cursor, theme, columns, height } = input;
	const strip = stripOf(session, target);
	const track = target.kind === 'track' ? session.tracks.find((t) => t.id === target.id) : undefined;
	const bus = target.kind === 'bus' ? session.buses.find((b) => b.id === target.id) : undefined;
	const output = (track ?? bus)?.output;
	// A track's sends and a return's reverb are on the page too.
	const route = track ? track.sends : bus?.reverb;
	const duck = (track ?? bus)?.duck;
	const room = track && session.master.format === '5.1' ? [track.pan, track.panY, track.lfe] : [];
	const key = [strip, route, duck, ...room, room.length, session.sampleRate, target.kind, target.id, target.name, output, cursor.section, cursor.param, theme, columns, height, input.hints, input.addKey, input.sendHints];
	if (cache && cache.key.length === key.length && cache.key.every((v, i) => v === key[i])) return cache.page;
	const page = buildPage(input, strip, output);
	cache = { key, page };
	return page;
}

function buildPage(input: StripPageInput, strip: ReturnType<typeof stripOf>, output: string | undefined): StripPage {
	const { session, target, theme, columns, height } = input;
	const sections = targetSections(session, target);
	const at = cursorAt(sections, input.cursor);
	const surround = surroundTrack(session, target, columns);
	const panCols = surround ? PAN_COLUMNS : 0;
	const panel = columns - CURVE_SCALE - 2 - PANEL - panCols >= 24;
	const width = Math.max(8, columns - CURVE_SCALE - 2 - (panel ? PANEL : 0) - panCols);

	// Rows: title, curve, axis (1 or 2), sections, the detail line.
	let merged = false;
	let curveRows = height - sections.length - 4;
	if (curveRows < 4) {
		merged = true;
		curveRows++;
	}
	curveRows = Math.max(2, Math.min(MAX_CURVE_ROWS, curveRows));
	const curve = eqCurve(strip, session.sampleRate, width, curveRows, theme, merged);

	const name = target.kind === 'master' ? 'Master' : target.name;
	const kind = target.kind === 'bus' && session.buses.some((b) => b.id === target.id && b.reverb) ? 'return' : target.kind;
	const where = target.kind === 'master' ? 'the master' : `${kind} ${target.id}${output ? ` → ${output === 'master' ? 'master' : output}` : ''}`;
	const title = `STRIP  ${name} (${where})${strip?.bypass ? '  BYPASSED' : ''}   EQ ±${curve.range} dB`;
	const plotColumns = CURVE_SCALE + 2 + width;
	const lines: string[] = [];
	const names = PANEL_NAMES.map((n) => ` ${n.padStart(3).padEnd(4)}`).join('');
	if (surround) lines.push(bold(theme, fit(title, plotColumns)) + fit(` PAN ${positionName(surround.pan, surround.panY ?? FRONT)}`, panCols) + (panel ? names : ''));
	else lines.push(panel ? bold(theme, fit(title, plotColumns)) + names : bold(theme, fit(title, columns).trimEnd()));
	const barTop = lines.length;
	lines.push(...curve.rows);
	lines.push(...curve.axis);
	const valuesRow = lines.length - 1;
	if (surround) addPanGrid(lines, barTop, valuesRow, surround);

	const room = Math.max(0, height - lines.length - 1);
	// A short terminal shows the sections around the cursor.
	const first = Math.max(0, Math.min(at.section - Math.floor(room / 2), sections.length - room));
	sections.slice(first, first + room).forEach((s, k) => lines.push(sectionLine(s, first + k === at.section ? at.param : undefined, input)));
	while (lines.length < height - 1) lines.push('');
	lines.push(detailLine(sections[at.section]!, at.param, input));

	const runs = (name: string) => !strip?.bypass && (sections.find((s) => s.key === name)?.state ?? 'absent') === 'on';
	return {
		lines: lines.slice(0, height),
		panel,
		barTop,
		barRows: curveRows,
		valuesRow,
		// The ducker is not part of the strip: its bypass does not stop it.
		running: [...['gate', 'compressor', 'deesser', 'limiter'].map(runs), duckOn(session, target)],
		theme,
	};
}

/** The track whose page shows an x/y grid: a track of a 5.1 session, on a terminal with room for it. */
function surroundTrack(session: Session, target: MixTarget, columns: number): Track | undefined {
	if (target.kind !== 'track' || session.master.format !== '5.1' || columns - CURVE_SCALE - 2 - PAN_COLUMNS < 24) return undefined;
	return session.tracks.find((t) => t.id === target.id);
}

/**
 * Appends the track's x/y grid to the curve's rows (from `top`; as many grid rows as fit, up
 * to 5, none when not even one does) and its LFE send to the axis row `bottom`, each
 * PAN_COLUMNS wide so the meters after them stay in place.
 */
function addPanGrid(lines: string[], top: number, bottom: number, track: Track): void {
	// A short terminal keeps the position (on the title row) and the LFE send, without the grid.
	const rows = Math.min(5, bottom - top - 2);
	const grid = rows >= 1 ? panGrid(track.pan, track.panY ?? FRONT, PAN_INNER, rows) : [];
	for (let r = top; r <= bottom; r++) {
		const text = r === bottom ? ` ${lfeText(track.lfe ?? -Infinity)}` : ` ${grid[r - top] ?? ''}`;
		lines[r] += fit(text, PAN_COLUMNS);
	}
}

/** A reading as the meters print it: '0', '-4.5', '-12'. */
export function reductionText(db: number): string {
	if (db === 0) return '0';
	return db > -10 ? db.toFixed(1) : db.toFixed(0);
}

/** Cells of a meter `rows` tall lit (from the top) by a reduction. */
export function reductionCells(db: number, rows: number): number {
	if (!(db <= -0.5)) return 0;
	return Math.max(1, Math.min(rows, Math.round((-db / GR_FULL_DB) * rows)));
}

/** The page with its meters: `reductions[offset …]` are the strip's four readings (Live.reductions). */
export function stripLines(page: StripPage, reductions: readonly number[], offset: number): string[] {
	if (!page.panel) return page.lines;
	const out = page.lines.slice();
	const value = (k: number) => reductions[offset + k] ?? 0;
	for (let r = 0; r < page.barRows; r++) {
		let cells = '';
		for (let k = 0; k < REDUCTION_FIELDS; k++) cells += r < reductionCells(value(k), page.barRows) ? '  ## ' : '     ';
		const bars = cells.trimEnd();
		if (bars) out[page.barTop + r] += hue(page.theme, bars, 'yellow');
	}
	let values = '';
	for (let k = 0; k < REDUCTION_FIELDS; k++) values += ` ${(page.running[k] ? reductionText(value(k)) : 'off').padStart(3).padEnd(4)}`;
	out[page.valuesRow] += values;
	return out;
}

/** Whether the track or bus has a ducker switched on. */
function duckOn(session: StripPageInput['session'], target: StripPageInput['target']): boolean {
	if (target.kind === 'master') return false;
	const node = target.kind === 'track' ? session.tracks.find((t) => t.id === target.id) : session.buses.find((b) => b.id === target.id);
	return node?.duck?.on === true;
}
