// The timeline screen as lines of text: a timecode ruler at the session frame rate with the loop
// range ({~~~}), a marker row, then one lane per track with clips as blocks ([name===], linear
// fades as / and \, equal-power ones as ( and )), the selected clip as <name###>, marked clips as
// *name###*, then one row per bus (its id, no clips) and the master's (MASTER), the playhead as a | column, and optionally
// the selected row's automation lane under it (lane-rows.ts: gain, or the lane chosen).
import { pointsOf } from '../../sessions/edit-lanes.js';
import type { Session } from '../../sessions/types.js';
import { frameDuration, sessionTimecode, timeToSeconds } from '../../sessions/time.js';
import type { ClipBlock } from './clip-layout.js';
import { fit } from './format.js';
import { MASTER_ROW, selectedPoint, selectedRow, shownLane, type LaneState } from './lane-model.js';
import { laneHeight, laneRows } from './lane-rows.js';
import { layoutMarkerLabels, type MarkerMark } from './marker-labels.js';
import { bold, inverse, type Theme } from './theme.js';

/** Width of the track-name column. */
export const NAME_WIDTH = 10;

/** The name column: 10 at 80 columns (7-character names), one more per 10 columns past 100 (12 at 120), up to 18. */
export function nameWidth(columns: number): number {
	return Math.max(NAME_WIDTH, Math.min(18, NAME_WIDTH + Math.floor((columns - 100) / 10)));
}

export interface TimelineView {
	/** Seconds per column and the time at the left edge. */
	zoom: number;
	scroll: number;
	/** The selected track; with `selectedBus` set, that bus's row is selected instead, with `selectedMaster` the master's. */
	selected: number;
	selectedBus?: number;
	selectedMaster?: boolean;
	selectedClip: number | undefined;
	showAutomation: boolean;
	/** The lane shown under the selected row, its selected point and the range marks (gain, nothing selected, when absent). */
	lane?: LaneState;
	/** Clips marked for a selection edit, by track id and clip index. */
	marked?: readonly { track: string; clip: number }[];
	/** Playhead, seconds. */
	playhead: number;
	loop: { from: number; to: number; on: boolean } | undefined;
}

const NICE = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** Seconds between ruler labels so that labels (11 characters) never touch. */
export function rulerStep(zoom: number, frameRate: Session['frameRate']): number {
	const need = 13 * zoom;
	const frame = frameDuration(frameRate);
	for (const f of [1, 2, 5, 10]) if (f * frame >= need) return f * frame;
	return NICE.find((s) => s >= need) ?? 7200;
}

/** The first row shown (tracks, buses, then the master) so that the selected one (and its `automationRows` of lane) is on screen. */
export function firstLane(selected: number, rows: number, laneRows: number, automationRows: number): number {
	const visible = Math.max(1, laneRows - automationRows);
	if (rows <= visible) return 0;
	return Math.max(0, Math.min(selected - Math.floor(visible / 2), rows - visible));
}

/** The selected row as the view has it: its index among tracks, buses and the master, and its lane owner. */
function viewRow(session: Session, v: TimelineView) {
	const onBus = v.selectedBus !== undefined && session.buses[v.selectedBus] !== undefined;
	const focus = v.selectedMaster ? 'master' : onBus ? 'bus' : 'track';
	const row = selectedRow(session, { focus, selected: v.selected, selectedBus: v.selectedBus ?? 0 });
	const index = focus === 'master' ? session.tracks.length + session.buses.length : onBus ? session.tracks.length + v.selectedBus! : v.selected;
	return { index, row };
}

/**
 * Rows of the selected row's lane: one for a lane with no points (a line says so), else
 * laneHeight. The height counts the tracks only: the bus rows below them scroll into view rather
 * than squeeze every track's lane to one row.
 */
function automationRows(session: Session, v: TimelineView, laneRowCount: number): number {
	const { row } = viewRow(session, v);
	if (!row) return 0;
	const lane = shownLane(session, row.owner, v.lane?.name ?? 'gain');
	return pointsOf(session, row.owner, lane).length > 0 ? Math.min(laneRowCount, laneHeight(laneRowCount, session.tracks.length)) : 1;
}

function laneOf(blocks: ClipBlock[], width: number, v: TimelineView, selectedTrack: boolean, theme: Theme, marked: ReadonlySet<number>): string {
	const chars = new Array<string>(width).fill(' ');
	let selectedSpan: [number, number] | undefined;
	for (const b of blocks) {
		const c0 = Math.floor((b.start - v.scroll) / v.zoom);
		const c1 = Math.max(c0 + 1, Math.ceil((b.end - v.scroll) / v.zoom));
		if (c1 <= 0 || c0 >= width) continue;
		const isSel = selectedTrack && b.clip === v.selectedClip;
		// Marked clips fill with # like the selected one (they move with it), edged * rather than < >.
		const fill = isSel || marked.has(b.clip) ? '#' : '=';
		// An equal-power fade is drawn as a curve, ( and ), a linear one as a ramp, / and \.
		const [rampIn, rampOut] = b.fadeShape === 'equal-power' ? ['(', ')'] : ['/', '\\'];
		const fi = b.fadeIn > 0 ? Math.max(1, Math.round(b.fadeIn / v.zoom)) : 0;
		const fo = b.fadeOut > 0 ? Math.max(1, Math.round(b.fadeOut / v.zoom)) : 0;
		const len = c1 - c0;
		for (let c = Math.max(0, c0); c < Math.min(width, c1); c++) {
			const k = c - c0;
			let ch = fill;
			// The selected clip's edges read < > so it stands out without colour or inverse.
			if (len >= 3 && k === 0) ch = isSel ? '<' : marked.has(b.clip) ? '*' : '[';
			else if (len >= 3 && k === len - 1) ch = isSel ? '>' : marked.has(b.clip) ? '*' : ']';
			else if (k < fi + (len >= 3 ? 1 : 0) && fi > 0) ch = rampIn;
			else if (k >= len - fo - (len >= 3 ? 1 : 0) && fo > 0) ch = rampOut;
			chars[c] = ch;
		}
		// The name, after the fade-in, when there is room for some of it.
		const nameStart = c0 + 1 + (len >= 3 ? fi : 0);
		const room = c1 - 1 - (len >= 3 ? fo : 0) - nameStart;
		if (room >= 2) {
			const name = b.name.slice(0, room);
			for (let k = 0; k < name.length; k++) {
				const c = nameStart + k;
				if (c >= 0 && c < width) chars[c] = name[k]!;
			}
		}
		if (isSel) selectedSpan = [Math.max(0, c0), Math.min(width, c1)];
	}
	const ph = Math.floor((v.playhead - v.scroll) / v.zoom);
	if (ph >= 0 && ph < width) chars[ph] = '|';
	if (selectedSpan && theme.attrs) {
		const [a, b] = selectedSpan;
		return chars.slice(0, a).join('') + inverse(theme, chars.slice(a, b).join('')) + chars.slice(b).join('');
	}
	return chars.join('');
}

/** Indices of the marked clips on one track. */
function markedOn(v: TimelineView, track: string): ReadonlySet<number> {
	return new Set((v.marked ?? []).filter((m) => m.track === track).map((m) => m.clip));
}

/** The timeline's lines, exactly `height` of them, `columns` wide. */
export function timelineRows(session: Session, blocksOf: (track: number) => ClipBlock[], v: TimelineView, theme: Theme, columns: number, height: number): string[] {
	const nameW = nameWidth(columns);
	const width = Math.max(8, columns - nameW);
	const lines: string[] = [];
	const colTime = (c: number) => v.scroll + c * v.zoom;
	const ph = Math.floor((v.playhead - v.scroll) / v.zoom);

	// Ruler: timecode labels at a step that keeps them apart.
	const step = rulerStep(v.zoom, session.frameRate);
	const ruler = new Array<string>(width).fill(' ');
	const ticks = new Array<string>(width).fill(' ');
	const first = Math.ceil(v.scroll / step - 1e-9) * step;
	// The loop range on the ruler: { and } at its ends (a label they would cut is left out), ~ between while looping, . when off.
	const loopIn = v.loop ? Math.floor((v.loop.from - v.scroll) / v.zoom) : -1;
	const loopOut = v.loop ? Math.floor((v.loop.to - v.scroll) / v.zoom) : -1;
	for (let t = first; t < colTime(width); t += step) {
		const c = Math.round((t - v.scroll) / v.zoom);
		if (c < 0 || c >= width) continue;
		const label = sessionTimecode(t, session);
		const cut = v.loop !== undefined && [loopIn, loopOut].some((e) => e >= c && e < c + label.length);
		if (c + label.length <= width && !cut) for (let k = 0; k < label.length; k++) ruler[c + k] = label[k]!;
		ticks[c] = "'";
	}
	if (v.loop) {
		for (let c = Math.max(0, loopIn + 1); c < Math.min(width, loopOut); c++) if (ruler[c] === ' ') ruler[c] = v.loop.on ? '~' : '.';
		if (loopIn >= 0 && loopIn < width) ruler[loopIn] = '{';
		if (loopOut >= 0 && loopOut < width) ruler[loopOut] = '}';
	}
	// Markers on the tick row.

	// Markers in time order: a flag each, names laid out so they never overlap (marker-labels.ts).
	const marks: MarkerMark[] = [];
	session.markers.forEach((m, i) => {
		try {
			const c = Math.floor((timeToSeconds(m.at, session) - v.scroll) / v.zoom);
			if (c >= 0 && c < width) marks.push({ c, name: m.name || String(i + 1) });
		} catch {
			// A marker before the session start is not drawn.
		}
	});
	marks.sort((a, b) => a.c - b.c);
	const under = new Array<string>(width).fill(' ');
	for (const { c } of marks) ticks[c] = 'v';
	const labels = layoutMarkerLabels(marks, width);
	for (const l of labels) for (let k = 0; k < l.text.length; k++) (l.row === 0 ? ticks : under)[l.start + k] = l.text[k]!;
	if (ph >= 0 && ph < width) ruler[ph] = ruler[ph] === ' ' ? '|' : ruler[ph]!;
	// The playhead's V never replaces a letter of a name ("MaVker" reads as a different word).
	if (ph >= 0 && ph < width && (ticks[ph] === ' ' || ticks[ph] === "'" || ticks[ph] === 'v')) ticks[ph] = 'V';
	lines.push(fit(session.frameRate + ' fps', nameW) + ruler.join(''));
	lines.push(fit('markers', nameW) + ticks.join(''));
	// Names with no room beside their flags: a second row, only while there are any.
	if (labels.some((l) => l.row === 1)) lines.push(fit('', nameW) + under.join(''));

	const laneRowCount = height - lines.length;
	const tracks = session.tracks;
	const laneRowsShown = v.showAutomation ? automationRows(session, v, laneRowCount) : 0;
	const { index: selectedIndex, row: selected } = viewRow(session, v);
	// The master's row comes after the buses, when there is anything above it.
	const busRows = tracks.length + session.buses.length;
	const rowCount = busRows > 0 ? busRows + 1 : 0;
	const top = firstLane(selectedIndex, rowCount, laneRowCount, laneRowsShown);
	for (let i = top; i < rowCount && lines.length < height; i++) {
		const sel = i === selectedIndex && selected !== undefined;
		if (i < tracks.length) {
			const t = tracks[i]!;
			const flags = `${t.mute ? 'M' : ' '}${t.solo ? 'S' : ' '}`;
			const name = fit(`${sel ? '>' : ' '}${t.name ?? t.id}`, nameW - 3);
			lines.push((sel ? bold(theme, name) : name) + flags + ' ' + laneOf(blocksOf(i), width, v, sel, theme, markedOn(v, t.id)));
		} else if (i === busRows) {
			// The master's row: no clips and no mute, only its lanes.
			const name = fit(`${sel ? '>' : ' '}${MASTER_ROW}`, nameW - 3);
			lines.push((sel ? bold(theme, name) : name) + '   ' + laneOf([], width, v, false, theme, new Set()));
		} else {
			// A bus row: its id, its mute, no clips (only the playhead crosses it).
			const b = session.buses[i - tracks.length]!;
			const name = fit(`${sel ? '>' : ' '}${b.id}`, nameW - 3);
			lines.push((sel ? bold(theme, name) : name) + (b.mute ? 'M ' : '  ') + ' ' + laneOf([], width, v, false, theme, new Set()));
		}
		if (sel && selected && v.showAutomation && lines.length < height) {
			const owner = selected.owner;
			const lane = shownLane(session, owner, v.lane?.name ?? 'gain');
			const point = v.lane ? selectedPoint(session, v.lane, owner, lane) : undefined;
			const marks = { in: v.lane?.in, out: v.lane?.out };
			lines.push(...laneRows({ session, owner, lane, point, marks, zoom: v.zoom, scroll: v.scroll, playhead: v.playhead, width, rows: laneRowsShown, nameWidth: nameW }));
		}
	}
	if (rowCount === 0) lines.push(fit('', nameW) + '(no tracks)');
	while (lines.length < height) lines.push('');
	return lines.slice(0, height);
}
