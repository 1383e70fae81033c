// The delivery's QC report: report.json for machines, report.txt for people (with a short-term
// loudness plot per file) and report.svg. Pure: builds text from the delivery result.
import path from 'node:path';
import type { Session } from '../../sessions/types.js';
import { sessionTimecode } from '../../sessions/time.js';
import type { LoudnessReport } from '../loudness/loudness-meter.js';
import { loudnessJson } from '../loudness/loudness-json.js';
import type { NormalizeTarget } from '../loudness/presets.js';
import type { DeliveredFile, DeliveryResult } from './deliver.js';
import { SHORT_TERM_STEP } from './readback.js';
import { svgPlot, textPlot } from './plot.js';

export interface SpecVerdict {
	/** Preset name, or the target in LUFS for a number. */
	target: string;
	targetLufs: number;
	/** True-peak ceiling, dBTP. */
	ceiling: number;
	tolerance: number;
	met: boolean;
	/** Empty when met; otherwise what failed, in a sentence. */
	why: string;
}

export interface DeliveryCheck {
	check: string;
	/** true, false, or null where the check is informational or could not be made. */
	passed: boolean | null;
	note: string;
	[field: string]: unknown;
}

const round2 = (x: number) => Math.round(x * 100) / 100 + 0;
const dbfs = (linear: number) => (linear > 0 ? round2(20 * Math.log10(linear)) : null);
const show = (v: number | null, unit: string) => (v === null ? '–' : `${v.toFixed(1)} ${unit}`);

/** Judges a measured file against a target: loudness within tolerance, true peak at or under the ceiling. */
export function judge(t: NormalizeTarget, r: LoudnessReport): SpecVerdict {
	const name = t.preset ?? `${t.targetLufs} LUFS`;
	const problems: string[] = [];
	if (r.integrated === null) problems.push('it has no measurable loudness');
	else if (Math.abs(r.integrated - t.targetLufs) > t.tolerance) problems.push(`integrated ${r.integrated.toFixed(1)} LUFS is outside ${t.targetLufs} ±${t.tolerance} LU`);
	if (r.truePeak !== null && r.truePeak > t.ceilingDbtp) problems.push(`true peak ${r.truePeak.toFixed(1)} dBTP is over the ${t.ceilingDbtp} dBTP ceiling`);
	return { target: name, targetLufs: t.targetLufs, ceiling: t.ceilingDbtp, tolerance: t.tolerance, met: problems.length === 0, why: problems.join('; ') };
}

function sourceOf(f: DeliveredFile, session: Session): string {
	const d = f.deliverable;
	const without = session.deliverables?.[d.index]?.without ?? [];
	const from = d.bus !== undefined ? `bus ${session.buses[d.bus]?.id ?? d.bus}` : without.length > 0 ? `master without ${without.join(', ')}` : 'master';
	return d.fold ? `${from}, folded to stereo (BS.775)` : from;
}

export interface DeliveryReport {
	json: { session: string; printmaster: unknown; passes: number; deliverables: unknown[]; checks: DeliveryCheck[] };
	/** Deliverables whose spec was not met, with why. */
	missed: { name: string; why: string }[];
	text: string;
	svg: string;
}

export function buildReport(result: DeliveryResult, session: Session, from: number, sampleRate: number): DeliveryReport {
	const at = (seconds: number) => sessionTimecode(from / sampleRate + seconds, session);
	const missed: { name: string; why: string }[] = [];
	const pm = result.printmaster;
	const deliverables = result.files.map((f) => {
		const d = f.deliverable;
		const r = f.measured.report;
		const spec = d.spec ? judge(d.spec, r) : null;
		if (spec && !spec.met) missed.push({ name: d.name, why: `${spec.target} not met: ${spec.why}` });
		return {
			name: d.name,
			file: path.basename(d.file),
			role: d.role,
			source: sourceOf(f, session),
			format: d.format,
			channels: d.channels,
			bitDepth: d.bitDepth === '32f' ? '32f' : Number(d.bitDepth),
			gainDb: round2(f.gainDb),
			gainFrom: f.gainFrom,
			limiterMaxReductionDb: round2(f.limiterDb),
			loudness: loudnessJson(r),
			truePeakAt: f.measured.truePeakAt === null ? null : at(f.measured.truePeakAt),
			clippedSamples: f.clippedSamples,
			spec,
			...(f.normalization ? { normalization: f.normalization } : {}),
		};
	});
	const checks = buildChecks(result);
	const limiterNote =
		pm && pm.limiterDb > 0
			? `the true-peak limiter (up to ${pm.limiterDb.toFixed(1)} dB) is on ${pm.name} alone; the files that take its gain are not limited`
			: pm
				? `${pm.name} needed no limiting`
				: 'no printmaster: no deliverable of the whole master has a normalize';
	const json = {
		session: session.name,
		printmaster: pm ? { name: pm.name, gainDb: round2(pm.gainDb), limiterMaxReductionDb: round2(pm.limiterDb), written: pm.written, note: limiterNote } : null,
		passes: result.passes,
		deliverables,
		checks,
	};
	const text = textReport(result, json, session, at, limiterNote);
	const svg = svgPlot(result.files.map((f) => ({ title: `${f.deliverable.name} (${f.deliverable.format})`, series: f.measured.shortTerm, stepSeconds: SHORT_TERM_STEP, targetLufs: f.deliverable.spec?.targetLufs })));
	return { json, missed, text, svg };
}

function buildChecks(result: DeliveryResult): DeliveryCheck[] {
	const checks: DeliveryCheck[] = [];
	const byIndex = new Map(result.files.map((f, i) => [i, f]));
	const file = (i: number) => path.basename(byIndex.get(i)!.deliverable.file);
	for (const { planned, residual } of result.nulls) {
		const t = planned.test;
		const files = t.parts.map(file);
		const residualDbfs = residual === null ? null : (dbfs(residual) ?? -Infinity);
		const passed = residual === null || planned.notMeaningful ? null : residual <= planned.limit;
		const note = planned.skipped ? `not made: ${planned.skipped}` : planned.notMeaningful ? `not meaningful: ${planned.notMeaningful}` : passed ? 'nulls to the files\' quantisation' : 'does not null';
		checks.push({ check: planned.check, against: file(t.reference), files, residualPeakDbfs: residualDbfs === -Infinity ? null : residualDbfs, limitDbfs: dbfs(planned.limit), passed, note });
	}
	const pmFile = result.files.find((f) => f.deliverable.role === 'printmaster');
	for (const f of result.files) {
		if (!f.deliverable.fold || f.deliverable.role === 'stem' || f.deliverable.role === 'm&e' || !pmFile) continue;
		const a = f.measured.report.integrated;
		const b = pmFile.measured.report.integrated;
		checks.push({
			check: 'fold-down loudness',
			file: path.basename(f.deliverable.file),
			against: path.basename(pmFile.deliverable.file),
			integrated: a === null ? null : round2(a),
			printmasterIntegrated: b === null ? null : round2(b),
			differenceLu: a === null || b === null ? null : round2(a - b),
			truePeak: f.measured.report.truePeak === null ? null : round2(f.measured.report.truePeak),
			passed: null,
			note: 'information: how the stereo fold-down sits against the 5.1 printmaster',
		});
	}
	for (const f of result.files) {
		const ceiling = f.deliverable.spec?.ceilingDbtp ?? pmFile?.deliverable.spec?.ceilingDbtp;
		if (ceiling === undefined) continue;
		const n = f.measured.overCeiling;
		checks.push({ check: 'samples over the ceiling', file: path.basename(f.deliverable.file), ceiling, samples: n, passed: n === 0, note: n === 0 ? `no sample over ${ceiling} dBFS` : `${n} samples over ${ceiling} dBFS` });
	}
	return checks;
}

function textReport(result: DeliveryResult, json: DeliveryReport['json'], session: Session, at: (s: number) => string, limiterNote: string): string {
	const lines: string[] = [`dubdesk delivery QC report: ${session.name}`];
	// What a QC desk checks first: rate, frame rate, and where the programme starts and ends.
	const seconds = (result.files[0]?.measured.frames ?? 0) / session.sampleRate;
	lines.push(`${session.sampleRate / 1000} kHz, ${session.frameRate} fps, ${at(0)} to ${at(seconds)} (${seconds.toFixed(3)} s)`, '');
	const pm = result.printmaster;
	if (pm) lines.push(`Printmaster ${pm.name}: gain ${pm.gainDb >= 0 ? '+' : ''}${pm.gainDb.toFixed(2)} dB; ${limiterNote}.`);
	else lines.push(`${limiterNote[0]!.toUpperCase()}${limiterNote.slice(1)}; every file is measured only.`);
	lines.push('');
	result.files.forEach((f, i) => {
		const d = f.deliverable;
		const r = f.measured.report;
		const j = json.deliverables[i] as { source: string; spec: SpecVerdict | null; truePeakAt: string | null };
		const depth = d.bitDepth === '32f' ? '32-bit float' : `${d.bitDepth}-bit`;
		// A whole-master file's role and source are both `master`: said once.
		const what = j.source === d.role || j.source.startsWith(`${d.role},`) ? j.source : `${d.role}, ${j.source}`;
		lines.push(`${path.basename(d.file)}  ${what}, ${d.format}, ${session.sampleRate / 1000} kHz, ${depth}, gain ${f.gainDb >= 0 ? '+' : ''}${f.gainDb.toFixed(2)} dB`);
		lines.push(`  integrated ${show(r.integrated, 'LUFS')}, range ${show(r.range, 'LU')}, true peak ${show(r.truePeak, 'dBTP')}${j.truePeakAt ? ` at ${j.truePeakAt}` : ''}`);
		lines.push(`  short-term max ${show(r.shortTermMax, 'LUFS')}, momentary max ${show(r.momentaryMax, 'LUFS')}, clipped samples ${f.clippedSamples}`);
		if (j.spec) lines.push(`  spec ${j.spec.target} (${j.spec.targetLufs} LUFS ±${j.spec.tolerance} LU, ${j.spec.ceiling} dBTP): ${j.spec.met ? 'met' : `NOT MET: ${j.spec.why}`}`);
		else lines.push('  spec: none (measured only)');
		lines.push('  short-term loudness (LUFS):');
		const end = at(f.measured.frames / session.sampleRate);
		for (const l of textPlot(f.measured.shortTerm, at(0), end, d.spec?.targetLufs)) lines.push(`  ${l}`);
		lines.push('');
	});
	lines.push('Checks');
	for (const c of json.checks) {
		const mark = c.passed === true ? 'ok  ' : c.passed === false ? 'FAIL' : '--  ';
		// Each line says what was found, so `ok` never reads as "the overs were fine".
		if (c.check === 'samples over the ceiling') {
			const over = c.samples as number;
			const where = `the ceiling (${(c.ceiling as number).toFixed(1)} dBFS) in ${c.file as string}`;
			lines.push(`  ${mark} ${over === 0 ? `no sample over ${where}` : `${over} sample${over === 1 ? '' : 's'} over ${where}`}`);
			continue;
		}
		const what = typeof c.file === 'string' ? `${c.check} (${c.file})` : c.check;
		const residual = typeof c.residualPeakDbfs === 'number' ? `: residual ${c.residualPeakDbfs.toFixed(1)} dBFS (limit ${c.limitDbfs} dBFS)` : '';
		const diff = typeof c.differenceLu === 'number' ? `: ${c.differenceLu >= 0 ? '+' : ''}${c.differenceLu.toFixed(1)} LU against ${c.against}` : '';
		lines.push(`  ${mark} ${what}${residual}${diff}; ${c.note}`);
	}
	if (json.checks.length === 0) lines.push('  (none apply)');
	return `${lines.flatMap((l) => wrap(l, 80)).join('\n')}\n`;
}

/** Breaks a line at spaces to fit `width`, continuing under its indent plus four. */
function wrap(line: string, width: number): string[] {
	if (line.length <= width) return [line];
	const indent = ' '.repeat(Math.min(8, line.length - line.trimStart().length + 4));
	const out: string[] = [];
	let rest = line;
	while (rest.length > width) {
		let cut = rest.lastIndexOf(' ', width);
		if (cut <= indent.length) cut = rest.indexOf(' ', width);
		if (cut < 0) break;
		out.push(rest.slice(0, cut));
		rest = indent + rest.slice(cut + 1).trimStart();
	}
	out.push(rest);
	return out;
}
