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

/** Compressor gain reduction per cell of the mixer's hanging GR bar. */
export const GR_CELL_DB = 2;
/** Index of the compressor among a strip's reductions (REDUCTION_ORDER). */
const COMPRESSOR = 1;

/** Columns of one strip: a frame column each side of six columns of content. */
export const STRIP_WIDTH = 8;
const CONTENT = STRIP_WIDTH - 2;
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
}

/** Master strip width: bars (2 columns each in stereo, 1 in 5.1) and the loudness column. */
function masterWidth(channels: number): number {
	const bars = channels <= 2 ? channels * 3 - 1 : channels * 2 - 1;
	return 1 + bars + 1 + 8 + 1;
}

/** Fits the mixer into `columns` × `height`; the bank holds the selected strip. */
export function mixerLayout(session: Session, columns: number, height: number, selectedStrip: number): MixerLayout {
	const channels = session.master.format === '5.1' ? 6 : 2;
	const mw = masterWidth(channels);
	const strips = session.tracks.length + session.buses.length;
	const perBank = Math.max(1, Math.floor((columns - SCALE_WIDTH - 1 - mw) / STRIP_WIDTH));
	const anchor = Math.min(selectedStrip, Math.max(0, strips - 1));
	const bankStart = Math.floor(anchor / perBank) * perBank;
	const meterRows = Math.max(3, Math.min(16, height - FIXED_ROWS));
	return { perBank, bankStart, meterRows, masterWidth: mw, strips };
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
				pan: panText(trackPanAt(session, t, live.seconds)),
				flags: `${t.mute ? 'M' : '-'} ${t.solo ? 'S' : '-'} ${t.polarity ? 'Ø' : '-'}`,
				output: t.output === 'master' ? 'mst' : t.output,
				meter: live.tracks[i],
				selected: i === selectedStrip,
				marks: stripMarks(t.strip, t),
				gr: grCells(live.reductions[i * REDUCTION_FIELDS + COMPRESSOR] ?? 0, layout.meterRows),
				mode: modeLetters(t.automation),
			});
		} else {
			const b = session.buses[i - nTracks]!;
			out.push({
				name: b.name ?? b.id,
				fader: faderText(faderAt(session, b, live.seconds)),
				pan: 'bus',
				flags: b.mute ? 'M' : '-',
				output: b.output === 'master' ? 'mst' : b.output,
				meter: live.buses[i - nTracks],
				selected: i === selectedStrip,
				marks: stripMarks(b.strip, b),
				gr: grCells(live.reductions[i * REDUCTION_FIELDS + COMPRESSOR] ?? 0, layout.meterRows),
				mode: modeLetters(b.automation),
			});
		}
	}
	return out;
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
	// `content` is already CONTENT columns wide (it may carry SGR codes, so it is not cut here).
	const stripText = (s: StripInfo, content: string) => frame(s, 'l') + content + frame(s, 'r');
	const masterLine = (content: string, nameRow = false) => frame(masterSelected, 'l', nameRow) + fit(content, layout.masterWidth - 2) + frame(masterSelected, 'r', nameRow);
	const pages = Math.max(1, Math.ceil(layout.strips / layout.perBank));
	const bank = pages > 1 ? `${Math.floor(layout.bankStart / layout.perBank) + 1}/${pages}` : '';

	// Name row: the selected name in inverse.
	let line = fit(bank, SCALE_WIDTH);
	for (const s of strips) {
		const text = fit(s.name, CONTENT);
		line += frame(s, 'l', true) + (s.selected ? inverse(theme, text) : text) + frame(s, 'r', true);
	}
	line += ' ';
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
			row += stripText(s, (s.marks[r] ?? ' ') + ' ' + cell(s.meter, r, rows, 2) + right);
		}
		row += ' ';
		let bars = '';
		for (let c = 0; c < channels; c++) bars += (c > 0 ? ' ' : '') + cell(live.master[c], r, rows, barW);
		row += masterLine(`${bars} ${fit(loud[r] ?? '', 8)}`);
		lines.push(hue(theme, row, rowZone(r, rows)));
	}

	// Peak hold / clip, fader, pan, flags, output.
	const masterHold = live.master.reduce((m, x) => (x.clip ? 'CLIP' : m === 'CLIP' ? m : x.holdText && (m === '' || Number(x.holdText) > Number(m)) ? x.holdText : m), '');
	// The master's strip in words on its flags row: letters, then the compressor's reduction.
	const masterGr = live.reductions[layout.strips * REDUCTION_FIELDS + COMPRESSOR] ?? 0;
	const masterStripText = [stripMarks(session.master.strip), masterGr < 0 ? `GR ${masterGr.toFixed(1)}` : '', modeLetters(session.master.automation)].filter(Boolean).join(' ');
	const fixed: [string, (s: StripInfo) => string, string][] = [
		['pk', (s) => (s.meter?.clip ? 'CLIP' : s.meter?.holdText ?? ''), masterHold],
		['dB', (s) => s.fader, faderText(session.master.gain)],
		['pan', (s) => s.pan, session.master.format],
		['', (s) => s.flags, masterStripText],
		['out', (s) => s.output, ''],
	];
	for (const [label, value, master] of fixed) {
		let row = fit(label, SCALE_WIDTH);
		for (const s of strips) {
			const v = centre(value(s), CONTENT);
			row += stripText(s, label === 'pk' && s.meter?.clip ? hue(theme, v, 'red') : v);
		}
		row += ' ' + masterLine(centre(master, layout.masterWidth - 2));
		lines.push(label === 'pk' && master === 'CLIP' ? row.replace('CLIP', hue(theme, 'CLIP', 'red')) : row);
	}
	while (lines.length < height) lines.push('');
	return lines.slice(0, height);
}
