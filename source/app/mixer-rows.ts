// The mixer screen as lines of text: strips side by side, each line one string spanning every
// strip of the bank (one Ink <Text> per line, so a frame is a couple of dozen nodes however many
// strips). The selected strip is framed in brackets with > < on its name: readable without
// colour; colour and inverse only add to that. A strip with processing shows it beside its meter:
// E (a filter or EQ band on) and D (dynamics on) in the left column, or B when the strip is
// bypassed, then S on a track with a send switched on and R on a return (a bus whose reverb is
// on), and the compressor's gain reduction as a bar hanging from the top of the right column
// (a cell per GR_CELL_DB). The automation mode sits at the foot of the meter, right of it (R read,
// T touch, L latch, W write, Tr trim; nothing when off or with nothing to read), and while lanes
// play the fader and pan readouts show the lanes' values at the playhead (buses: the fader).
import type { Bus, Session, Strip, Track } from '../../sessions/types.js';
import { faderAt, modeLetters, trackPanAt } from './automation-values.js';
import { REDUCTION_FIELDS } from '../../engine/worker/shared-state.js';
import type { Live, LiveMeter } from './live.js';
import { centre, faderText, fit, panText } from './format.js';
import { rowZone, scaleLabels } from './meter-scale.js';
import { hue, inverse, type Theme } from './theme.js';
import { stripFlags } from './strip-model.js';
import { surroundPanText, trackLfeAt, trackPanYAt } from './surround.js';

/** Compressor gain reduction per cell of the mixer's hanging GR bar. */
export const GR_CELL_DB = 2;
/** Index of the compressor among a strip's reductions (REDUCTION_ORDER). */
const COMPRESSOR = 1;
/** Index of the ducker among a strip's reductions: its dip hangs from the same bar. */
const DUCK = 4;

/** Columns of the narrowest strip (at 80 columns): a frame column each side of six columns of content. */
export const STRIP_WIDTH = 8;
/** The widest strip: names of 11 characters. */
export const MAX_STRIP_WIDTH = 12;
const SCALE_WIDTH = 4;
/** Rows besides the meter: name, peak/clip, fader, pan, flags, output. */
const FIXED_ROWS = 6;

/** How the mixer fits a screen. */
export interface MixerLayout {
	/** Strips (tracks then buses) per bank. */
	perBank: number;
	/** Flat index of the first strip shown. */
	bankStart: number;
	meterRows: number;
	masterWidth: number;
	/** Strips in all (tracks + buses; the master is always shown). */
	strips: number;
	/** Columns of one strip (STRIP_WIDTH … MAX_STRIP_WIDTH); its name gets one less. */
	stripWidth: number;
}

/** Master strip width: bars (2 columns each in stereo; 5.1 as wide as their labels) and the loudness column. */
function masterWidth(channels: number): number {
	const bars = channels <= 2 ? channels * 3 - 1 : SURROUND_BARS_WIDTH;
	return 1 + bars + 1 + 8 + 1;
}

// A 5.1 master's six meters, each as wide as its label on the row under them (L R C LFE Ls Rs):
// 15 columns, so a bank at 80 columns still holds six strips.
const SURROUND_LABELS = ['L', 'R', 'C', 'LFE', 'Ls', 'Rs'];
const SURROUND_BARS_WIDTH = SURROUND_LABELS.join(' ').length;

/** Rows under the meters: a 5.1 master's channel labels. */
function labelRows(session: Session): number {
	return session.master.format === '5.1' ? 1 : 0;
}

/** Row `r` of a 5.1 master's six bars (SURROUND_BARS_WIDTH columns). */
function surroundBars(master: readonly LiveMeter[], r: number, rows: number): string {
	return SURROUND_LABELS.map((label, c) => cell(master[c], r, rows, label.length)).join(' ');
}

/** The pan row of a track: x as L30 / C / R100, or on a 5.1 master its place in the room (FL … RR) and 'lfe' when it feeds the LFE. */
function trackPanCell(session: Session, t: Track, seconds: number): string {
	const x = trackPanAt(session, t, seconds);
	if (session.master.format !== '5.1') return panText(x);
	return surroundPanText(x, trackPanYAt(session, t, seconds), trackLfeAt(session, t, seconds));
}

/** Fits the mixer into `columns` × `height`; the bank holds the selected strip. */
export function mixerLayout(session: Session, columns: number, height: number, selectedStrip: number): MixerLayout {
	const channels = session.master.format === '5.1' ? 6 : 2;
	const mw = masterWidth(channels);
	const strips = session.tracks.length + session.buses.length;
	const width = stripWidth(columns, strips, mw);
	const perBank = stripsPerBank(columns, mw, width);
	const anchor = Math.min(selectedStrip, Math.max(0, strips - 1));
	const bankStart = Math.floor(anchor / perBank) * perBank;
	return { perBank, bankStart, meterRows: meterRowsFor(session, height), masterWidth: mw, strips, stripWidth: width };
}

/** Strips of `width` columns that fit beside the scale and the master. */
function stripsPerBank(columns: number, masterW: number, width: number): number {
	return Math.max(1, Math.floor((columns - SCALE_WIDTH - 1 - masterW) / width));
}

/**
 * Strip width for a terminal `columns` wide: 8 up to 80 columns (names of 7, the layout every
 * feature is drawn for) and a column more for every 40 beyond (9 at 120, 10 at 160, 11 at 200);
 * above 80, when every strip fits on one screen, wider still (up to MAX_STRIP_WIDTH) while they
 * all still fit, so the spare width goes to the names.
 */
export function stripWidth(columns: number, strips: number, masterW: number): number {
	if (columns <= 80) return STRIP_WIDTH;
	let width = Math.min(MAX_STRIP_WIDTH, STRIP_WIDTH + Math.floor((columns - 80) / 40));
	while (width < MAX_STRIP_WIDTH && stripsPerBank(columns, masterW, width + 1) >= strips) width++;
	return width;
}

/** Meter rows: every row the fixed rows leave (at least 3), so a tall terminal gets a finer meter. */
function meterRowsFor(session: Session, height: number): number {
	return Math.max(3, height - FIXED_ROWS - labelRows(session));
}

interface StripInfo {
	name: string;
	fader: string;
	pan: string;
	flags: string;
	output: string;
	meter: LiveMeter | undefined;
	selected: boolean;
	/** Left-column letters from the top ('ED', 'B', ''). */
	marks: string;
	/** Cells of the compressor's GR bar. */
	gr: number;
	/** The automation mode's letters ('R', 'Tr', ''). */
	mode: string;
}

/** The letters a strip shows beside its meter; with its track or bus, S for a send on, R for a reverb on. */
export function stripMarks(strip: Strip | undefined, holder?: Track | Bus): string {
	const f = stripFlags(strip);
	const tone = f.bypass ? 'B' : `${f.eq ? 'E' : ''}${f.dynamics ? 'D' : ''}`;
	const sends = holder && 'sends' in holder && holder.sends?.some((x) => x.on) ? 'S' : '';
	const reverb = holder && 'reverb' in holder && holder.reverb?.on ? 'R' : '';
	return tone + sends + reverb;
}

/** The reduction a strip's hanging bar shows: the deeper of its compressor's and its ducker's (dB ≤ 0). */
function hanging(reductions: readonly number[], strip: number): number {
	return Math.min(reductions[strip * REDUCTION_FIELDS + COMPRESSOR] ?? 0, reductions[strip * REDUCTION_FIELDS + DUCK] ?? 0);
}

/**
 * The selected strip's whole name where its strip shows less (a bus shows its id, a long name
 * is cut): 'DX Dialogue'; '' when the strip shows it all or the master is selected.
 */
export function selectedStripName(session: Session, layout: MixerLayout, selectedStrip: number): string {
	const room = layout.stripWidth - 1;
	const t = session.tracks[selectedStrip];
	if (t) return (t.name ?? t.id).length > room ? (t.name ?? t.id) : '';
	const b = session.buses[selectedStrip - session.tracks.length];
	if (!b) return '';
	return b.name && b.name !== b.id ? `${b.id} ${b.name}` : b.id.length > room ? b.id : '';
}

/** Cells of the hanging GR bar for a compressor reduction (dB ≤ 0) in a meter `rows` tall. */
export function grCells(db: number, rows: number): number {
	return db <= -0.5 ? Math.max(1, Math.min(rows, Math.round(-db / GR_CELL_DB))) : 0;
}

function stripsOf(session: Session, layout: MixerLayout, selectedStrip: number, live: Live): StripInfo[] {
	const out: StripInfo[] = [];
	const nTracks = session.tracks.length;
	for (let i = layout.bankStart; i < Math.min(layout.strips, layout.bankStart + layout.perBank); i++) {
		if (i < nTracks) {
			const t = session.tracks[i]!;
			out.push({
				name: t.name ?? t.id,
				fader: faderText(faderAt(session, t, live.seconds)),
				pan: trackPanCell(session, t, live.seconds),
				flags: `${t.mute ? 'M' : '-'} ${t.solo ? 'S' : '-'} ${t.polarity ? 'Ø' : '-'}`,
				output: t.output === 'master' ? 'mst' : t.output,
				meter: live.tracks[i],
				selected: i === selectedStrip,
				marks: stripMarks(t.strip, t),
				gr: grCells(hanging(live.reductions, i), layout.meterRows),
				mode: modeLetters(t.automation),
			});
		} else {
			const b = session.buses[i - nTracks]!;
			out.push({
				// The id, as the out rows name it; the whole name is on the status line and the strip page.
				name: b.id,
				fader: faderText(faderAt(session, b, live.seconds)),
				pan: 'bus',
				flags: b.mute ? 'M' : '-',
				output: b.output === 'master' ? 'mst' : b.output,
				meter: live.buses[i - nTracks],
				selected: i === selectedStrip,
				marks: stripMarks(b.strip, b),
				gr: grCells(hanging(live.reductions, i), layout.meterRows),
				mode: modeLetters(b.automation),
			});
		}
	}
	return out;
}

/**
 * The strips' name row and the column after them. A name gets `width` - 1 columns, from the
 * content column through the right frame column: the selected strip has '>' before its name
 * (and inverse), no '<' after it, which would leave it a character short or run into the next.
 */
function nameCells(strips: readonly StripInfo[], width: number, theme: Theme): string {
	let line = '';
	for (const s of strips) {
		const text = fit(s.name, width - 1);
		line += s.selected ? '>' + inverse(theme, text) : ' ' + text;
	}
	return line + ' ';
}

/** One meter cell of `width` columns at row `r` from the top of `rows`. */
function cell(meter: LiveMeter | undefined, r: number, rows: number, width: number): string {
	if (!meter) return ' '.repeat(width);
	const fromBottom = rows - r;
	if (meter.cells >= fromBottom) return '#'.repeat(width);
	if (meter.hold === fromBottom) return '-'.repeat(width);
	return ' '.repeat(width);
}

/** The mixer's lines, exactly `height` of them, no wider than the layout was made for. */
export function mixerRows(session: Session, live: Live, layout: MixerLayout, selectedStrip: number, theme: Theme, height: number): string[] {
	const strips = stripsOf(session, layout, selectedStrip, live);
	const masterSelected = selectedStrip === layout.strips;
	const rows = layout.meterRows;
	const labels = scaleLabels(rows);
	const lines: string[] = [];
	const channels = live.master.length;
	const barW = channels <= 2 ? 2 : 1;
	const frame = (s: StripInfo | boolean, side: 'l' | 'r', nameRow = false) => {
		const sel = typeof s === 'boolean' ? s : s.selected;
		if (!sel) return ' ';
		if (nameRow) return side === 'l' ? '>' : '<';
		return side === 'l' ? '[' : ']';
	};
	const content = layout.stripWidth - 2;
	// `content` is already that wide (it may carry SGR codes, so it is not cut here).
	const stripText = (s: StripInfo, content: string) => frame(s, 'l') + content + frame(s, 'r');
	const masterLine = (content: string, nameRow = false) => frame(masterSelected, 'l', nameRow) + fit(content, layout.masterWidth - 2) + frame(masterSelected, 'r', nameRow);
	const pages = Math.max(1, Math.ceil(layout.strips / layout.perBank));
	const bank = pages > 1 ? `${Math.floor(layout.bankStart / layout.perBank) + 1}/${pages}` : '';

	let line = fit(bank, SCALE_WIDTH) + nameCells(strips, layout.stripWidth, theme);
	const mName = fit('MASTER', layout.masterWidth - 2);
	line += frame(masterSelected, 'l', true) + (masterSelected ? inverse(theme, mName) : mName) + frame(masterSelected, 'r', true);
	lines.push(line);

	// Meter rows, coloured by zone as whole rows (one style run per line).
	const loud = [`M ${live.momentary}`, `S ${live.shortTerm}`, `I ${live.integrated}`, 'LUFS', `TP ${live.truePeak}`, `LRA ${live.range}`];
	// Phase correlation reads for a stereo master only.
	if (channels === 2) loud.push(`ph ${live.correlation}`);
	for (let r = 0; r < rows; r++) {
		let row = (labels.get(r) ?? '').padStart(SCALE_WIDTH - 1) + ' ';
		for (const s of strips) {
			// The last row's right column holds the mode when there is one (the GR bar stops above it).
			const right = s.mode && r === rows - 1 ? s.mode.padEnd(2) : ' ' + (r < s.gr ? 'v' : ' ');
			row += stripText(s, (s.marks[r] ?? ' ') + ' ' + cell(s.meter, r, rows, content - 4) + right);
		}
		row += ' ';
		let bars = '';
		if (channels === 6) bars = surroundBars(live.master, r, rows);
		else for (let c = 0; c < channels; c++) bars += (c > 0 ? ' ' : '') + cell(live.master[c], r, rows, barW);
		row += masterLine(`${bars} ${fit(loud[r] ?? '', 8)}`);
		lines.push(hue(theme, row, rowZone(r, rows)));
	}
	if (labelRows(session) > 0) {
		let row = ' '.repeat(SCALE_WIDTH);
		for (const s of strips) row += stripText(s, ' '.repeat(content));
		lines.push(`${row} ${masterLine(SURROUND_LABELS.join(' '))}`);
	}

	// Peak hold / clip, fader, pan, flags, output.
	const masterHold = live.master.reduce((m, x) => (x.clip ? 'CLIP' : m === 'CLIP' ? m : x.holdText && (m === '' || Number(x.holdText) > Number(m)) ? x.holdText : m), '');
	// The master's strip in words on its flags row: letters, then the compressor's reduction.
	const masterGr = live.reductions[layout.strips * REDUCTION_FIELDS + COMPRESSOR] ?? 0;
	const masterStripText = [stripMarks(session.master.strip), masterGr < 0 ? `GR ${masterGr.toFixed(1)}` : '', modeLetters(session.master.automation)].filter(Boolean).join(' ');
	const fixed: [string, (s: StripInfo) => string, string][] = [
		['pk', (s) => (s.meter?.clip ? 'CLIP' : s.meter?.holdText ?? ''), masterHold],
		['dB', (s) => s.fader, faderText(faderAt(session, session.master, live.seconds))],
		['pan', (s) => s.pan, session.master.format],
		['', (s) => s.flags, masterStripText],
		['out', (s) => s.output, ''],
	];
	for (const [label, value, master] of fixed) {
		let row = fit(label, SCALE_WIDTH);
		for (const s of strips) {
			const v = centre(value(s), content);
			row += stripText(s, label === 'pk' && s.meter?.clip ? hue(theme, v, 'red') : v);
		}
		row += ' ' + masterLine(centre(master, layout.masterWidth - 2));
		lines.push(label === 'pk' && master === 'CLIP' ? row.replace('CLIP', hue(theme, 'CLIP', 'red')) : row);
	}
	while (lines.length < height) lines.push('');
	return lines.slice(0, height);
}
