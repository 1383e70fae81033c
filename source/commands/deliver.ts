// dubdesk deliver SESSION -o DIR [--only NAME,…]: prints the session's deliverables (README
// "Deliverables") into DIR with a QC report. Everything is checked before anything is written;
// the files are printed under hidden staging names and renamed into place only when every file
// and the report are done, so an interrupt or a failure leaves nothing under the final names.
import path from 'node:path';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { UserError } from '../../sessions/errors.js';
import { parseTimecode } from '../../sessions/time.js';
import { resolveOutput, writeFileAtomic } from '../../sessions/atomic-write.js';
import { warnUnsavedChanges } from '../../sessions/autosave.js';
import { loadPlan } from '../../engine/session-plan.js';
import { resolveDeliverables } from '../../engine/deliver/resolve.js';
import { deliver as printDelivery } from '../../engine/deliver/deliver.js';
import { buildReport } from '../../engine/deliver/report.js';
import { createProgress, type Progress } from '../progress.js';
import { guardOutputs, sessionInputs, type PlannedOutput } from '../output-guard.js';
import type { Command } from '../cli-types.js';

/** The report files written beside the deliverables. */
export const REPORT_FILES = ['report.json', 'report.txt', 'report.svg'] as const;

function parseOnly(text: string | undefined): string[] | undefined {
	if (text === undefined) return undefined;
	const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
	if (names.length === 0) throw new UserError('--only: give deliverable names, e.g. --only PM,DX');
	return names;
}

const fmt = (v: number | null, unit: string) => (v === null ? '–' : `${v.toFixed(1)} ${unit}`);

export const deliver: Command = async (args, flags, io) => {
	const [sessionArg, extra] = args;
	if (sessionArg === undefined) throw new UserError('deliver: give a session file: dubdesk deliver SESSION -o DIR');
	if (extra !== undefined) throw new UserError(`deliver: unexpected argument ${extra}`);
	if (flags.output === undefined) throw new UserError('deliver: give the directory for the files with -o DIR');
	const only = parseOnly(flags.only);
	const sessionFile = path.resolve(io.cwd, sessionArg);
	const dir = path.resolve(io.cwd, flags.output);
	warnUnsavedChanges(sessionFile, sessionArg, io.stderr);
	const { session, plan } = await loadPlan(sessionFile);
	if (plan.length === 0) throw new UserError(`${sessionArg}: nothing to deliver: the session has no clips`);
	const delivery = resolveDeliverables(session, plan, sessionArg, dir, only);
	const dirStat = await stat(dir).catch(() => undefined);
	if (dirStat && !dirStat.isDirectory()) throw new UserError(`-o ${flags.output}: is not a directory; give the directory to deliver into`);
	const written = delivery.deliverables.filter((d) => d.write);
	const outputs: PlannedOutput[] = [
		...written.map((d) => ({ path: d.file, label: `deliverable ${d.name}` })),
		...REPORT_FILES.map((f) => ({ path: path.join(dir, f), label: f })),
	];
	await guardOutputs({ inputs: sessionInputs(sessionFile, session), outputs, cwd: io.cwd });
	// Each file is staged beside where it really goes (a symlink's target), so the rename is atomic.
	const finals = new Map<number, string>();
	for (const d of written) {
		const target = await resolveOutput(d.file);
		if (target.kind === 'stream' || target.kind === 'refused') throw new UserError(`${path.relative(io.cwd, d.file) || d.file}: a deliverable is written to a regular file, not a device or FIFO`);
		finals.set(d.index, target.path);
	}
	for (const w of plan.warnings) io.stderr.write(`dubdesk: warning: ${w}\n`);
	await mkdir(dir, { recursive: true }).catch((error: Error) => {
		throw new UserError(`-o ${flags.output}: cannot create the directory (${error.message})`);
	});
	const staging = new Map([...finals].map(([i, p]) => [i, path.join(path.dirname(p), `.${path.basename(p)}.deliver-${process.pid}.tmp`)]));

	let progress: Progress | undefined;
	let shownPass = '';
	const from = 0;
	const to = plan.length + plan.tail;
	let result;
	try {
		result = await printDelivery({
			session,
			delivery,
			staging,
			from,
			to,
			timeReference: Math.round(parseTimecode(session.start, session.frameRate) * plan.sampleRate) + from,
			signal: io.signal,
			onProgress: (done, total, pass) => {
				if (pass !== shownPass) {
					progress?.done();
					progress = createProgress(io.stderr, `deliver: ${pass}`);
					shownPass = pass;
				}
				progress!.update(done, total);
			},
		});
	} catch (error) {
		await Promise.all([...staging.values()].map((p) => unlink(p).catch(() => undefined)));
		throw error;
	} finally {
		progress?.done();
	}
	const report = buildReport(result, session, from, plan.sampleRate);

	// Past this point nothing checks the interrupt: the files go into place together.
	const moved: string[] = [];
	try {
		for (const [i, p] of staging) {
			await rename(p, finals.get(i)!);
			moved.push(path.basename(finals.get(i)!));
		}
	} catch (error) {
		await Promise.all([...staging.values()].map((p) => unlink(p).catch(() => undefined)));
		// A rename cannot be taken back: say which files are new, so nobody ships a mixed set.
		const done = moved.length === 0 ? 'none was moved' : `only ${moved.join(', ')} ${moved.length === 1 ? 'is' : 'are'} new, the rest not written`;
		throw new UserError(`${flags.output}: cannot move the deliverables into place (${(error as Error).message}); ${done}`);
	}
	await writeFileAtomic(path.join(dir, 'report.json'), `${JSON.stringify(report.json, null, 2)}\n`);
	await writeFileAtomic(path.join(dir, 'report.txt'), report.text);
	await writeFileAtomic(path.join(dir, 'report.svg'), report.svg);

	const shown = (p: string) => {
		const rel = path.relative(io.cwd, p);
		return rel !== '' && !rel.startsWith('..') ? rel : p;
	};
	for (const f of result.files) {
		const d = f.deliverable;
		const r = f.measured.report;
		const depth = d.bitDepth === '32f' ? '32-bit float' : `${d.bitDepth}-bit`;
		io.stdout.write(`wrote ${shown(d.file)} (${d.format} ${depth}, ${fmt(r.integrated, 'LUFS')}, ${fmt(r.truePeak, 'dBTP')})\n`);
		if (f.clippedSamples > 0) io.stderr.write(`dubdesk: warning: ${d.name}: ${f.clippedSamples} samples clipped at ${d.bitDepth} bits\n`);
	}
	io.stdout.write(`wrote ${shown(path.join(dir, 'report.txt'))} (and report.json, report.svg)\n`);
	for (const c of report.json.checks) if (c.passed === false) io.stderr.write(`dubdesk: warning: QC check failed: ${c.check}${typeof c.file === 'string' ? ` (${c.file})` : ''}: ${c.note}\n`);
	if (report.missed.length > 0) {
		io.stderr.write(`dubdesk: spec not met: ${report.missed.map((m) => `${m.name} (${m.why})`).join('; ')}\n`);
		return 3;
	}
	return 0;
};
