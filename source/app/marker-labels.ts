// Where the timeline writes marker names so that no two ever overlap. Every marker has its flag
// (`v`) on the marker row. A name goes right after its flag, abbreviated to stop a space before
// the next flag; a name with no room for even a few characters there goes to a second row under
// the flag (abbreviated to stop a space before the next name on that row); markers too close for
// that are counted into the name before them as `+N` ("scene+3": scene and three more).

/** A marker on screen: its column and the name to show. */
export interface MarkerMark {
	c: number;
	name: string;
}

/** A name as drawn: the row (0 beside the flags, 1 under them), its first column and its text. */
export interface MarkerLabel {
	row: 0 | 1;
	start: number;
	text: string;
	/** Indexes into the marks: the marker named first, then those its `+N` counts. */
	marks: number[];
}

/** Most characters of a name shown. */
export const LABEL_MAX = 16;
/** Fewest characters of a name worth showing (a shorter name is shown whole). */
export const LABEL_MIN = 3;

interface Cluster {
	start: number;
	marks: number[];
}

const suffix = (count: number) => (count > 0 ? `+${count}` : '');

/** Columns a cluster needs at least: its first name abbreviated, then `+N`. */
function need(marks: readonly MarkerMark[], cl: Cluster): number {
	return Math.min(marks[cl.marks[0]!]!.name.length, LABEL_MIN) + suffix(cl.marks.length - 1).length;
}

/** The labels of `marks` (sorted by column, all within [0, width)) on a row `width` wide. */
export function layoutMarkerLabels(marks: readonly MarkerMark[], width: number): MarkerLabel[] {
	const labels: MarkerLabel[] = [];
	const second: number[] = [];
	// Beside the flags: only the first marker of a column, up to a space before the next flag.
	for (let i = 0; i < marks.length; i++) {
		const { c, name } = marks[i]!;
		if (i > 0 && marks[i - 1]!.c === c) {
			second.push(i);
			continue;
		}
		let next = i + 1;
		while (next < marks.length && marks[next]!.c === c) next++;
		const room = (next < marks.length ? marks[next]!.c : width + 1) - c - 2;
		if (name.length > 0 && room >= Math.min(name.length, LABEL_MIN)) labels.push({ row: 0, start: c + 1, text: name.slice(0, Math.min(room, LABEL_MAX)), marks: [i] });
		else second.push(i);
	}
	// Under the flags: clusters left to right, each claiming what its shortest form needs plus a space.
	const clusters: Cluster[] = [];
	for (const i of second) {
		const last = clusters.at(-1);
		if (last && marks[i]!.c < last.start + need(marks, last) + 1) last.marks.push(i);
		else clusters.push({ start: marks[i]!.c, marks: [i] });
	}
	// Past the right edge: the cluster moves left, or joins the one before when it cannot.
	for (let k = clusters.length - 1; k >= 0; k--) {
		const cl = clusters[k]!;
		const limit = k === clusters.length - 1 ? width : clusters[k + 1]!.start - 1;
		if (cl.start + need(marks, cl) <= limit) break;
		const prev = clusters[k - 1];
		const start = limit - need(marks, cl);
		if (!prev || start >= prev.start + need(marks, prev) + 1) {
			cl.start = Math.max(0, start);
			continue;
		}
		prev.marks.push(...cl.marks);
		clusters.splice(k, 1);
	}
	clusters.forEach((cl, k) => {
		const end = k + 1 < clusters.length ? clusters[k + 1]!.start - 1 : width;
		const more = suffix(cl.marks.length - 1);
		const name = marks[cl.marks[0]!]!.name;
		const chars = Math.max(0, Math.min(name.length, LABEL_MAX, end - cl.start - more.length));
		labels.push({ row: 1, start: cl.start, text: (name.slice(0, chars) + more).slice(0, Math.max(0, width - cl.start)), marks: cl.marks });
	});
	return labels;
}
