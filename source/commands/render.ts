// dubdesk render SESSION -o OUT.wav [--stems DIR] [--bit-depth 16|24|32f] [--from T --to T]
//   [--normalize PRESET|LUFS] [--report FILE.json] [--zero-nan] [--threads N]
import path from 'node:path';
import { fstat } from 'node:fs';
import { stat } from 'node:fs/promises';
import { UserError } from '../../sessions/errors.js';
import { parseTimeArg, parseTimecode } from '../../sessions/time.js';
import { writeFileAtomic } from '../../sessions/atomic-write.js';
import { loadPlan } from '../../engine/session-plan.js';
import { printMix, stemPaths } from '../../engine/render/print.js';
import { parseThreads, warmRenderThreads } from '../../engine/render/offline.js';
import type { BitDepth } from '../../engine/media/wav-writer.js';
import type { MixPlan } from '../../engine/plan.js';
import { parseNormalizeTarget } from '../../engine/loudness/presets.js';
import type { Session } from '../../sessions/types.js';
import { createProgress } from '../progress.js';
import { guardOutputs, sessionInputs, type PlannedOutput } from '../output-guard.js';
import { loudnessJson } from './loudness.js';
import type { Command, Flags } from '../cli-types.js';
import { warnUnsavedChanges } from '../../sessions/autosave.js';

const BIT_DEPTHS: readonly BitDepth[] = ['16', '24', '32f'];

export function parseBitDepth(text: string | undefined): BitDepth {
	if (text === undefined) return '32f';
	if ((BIT_DEPTHS as readonly string[]).includes(text)) return text as BitDepth;
	throw new UserError(`--bit-depth ${text}: expected 16, 24 or 32f`);
}

/** The range to render in samples: --from/--to, or the whole session (`file` names it in messages). */
export function renderRange(flags: Pick<Flags, 'from' | 'to'>, session: Session, plan: MixPlan, file = 'the session'): { from: number; to: number } {
	const sr = plan.sampleRate;
	const from = flags.from === undefined ? 0 : Math.round(parseTimeArg(flags.from, session, { name: '--from' }) * sr);
	// Without --to the print runs on until every reverb tail has died away.
	const to = flags.to === undefined ? plan.length + plan.tail : Math.round(parseTimeArg(flags.to, session, { name: '--to' }) * sr);
	if (flags.to === undefined && plan.length === 0) throw new UserError(`${file}: nothing to render: the session has no clips (give --to for a silent print)`);
	if (to <= from) throw new UserError(`--from ${flags.from ?? 0} is not before --to ${flags.to ?? `the end (${(to / sr).toFixed(3)} s)`}`);
	return { from, to };
}

function describe(plan: MixPlan, frames: number, bitDepth: BitDepth): string {
	const seconds = frames / plan.sampleRate;
	const m = Math.floor(seconds / 60);
	const s = (seconds - m * 60).toFixed(3).padStart(6, '0');
	return `${m}:${s}, ${plan.sampleRate / 1000} kHz ${bitDepth === '32f' ? '32-bit float' : `${bitDepth}-bit`} ${plan.format}`;
}

const fmt = (v: number | null, unit: string) => (v === null ? '–' : `${v.toFixed(1)} ${unit}`);

const inode = (s: { dev: number; ino: number }) => `${s.dev}:${s.ino}`;

/** True when one of the outputs is this command's own stdout (`-o /dev/stdout`, `--report /dev/stdout`). */
async function writesToStdout(stdout: object, outputs: readonly PlannedOutput[]): Promise<boolean> {
	const fd = (stdout as { fd?: unknown }).fd;
	if (typeof fd !== 'number') return false;
	const own = await new Promise<string | undefined>((done) => fstat(fd, (err, s) => done(err ? undefined : inode(s))));
	if (own === undefined) return false;
	for (const o of outputs) if ((await stat(o.path).then(inode, () => undefined)) === own) return true;
	return false;
}

export const render: Command = async (args, flags, io) => {
	const [sessionArg, extra] = args;
	if (sessionArg === undefined) throw new UserError('render: give a session file: dubdesk render SESSION -o OUT.wav');
	if (extra !== undefined) throw new UserError(`render: unexpected argument ${extra}`);
	if (flags.output === undefined) throw new UserError('render: give the output file with -o OUT.wav');
	const bitDepth = parseBitDepth(flags.bitDepth);
	const threads = flags.threads === undefined ? undefined : parseThreads(flags.threads, `--threads ${flags.threads}`.trim());
	// Threads start while the session and its media headers are read.
	warmRenderThreads(threads);
	const normalize = flags.normalize === undefined ? undefined : parseNormalizeTarget(flags.normalize);
	const sessionFile = path.resolve(io.cwd, sessionArg);
	const output = path.resolve(io.cwd, flags.output);
	const report = flags.report === undefined ? undefined : path.resolve(io.cwd, flags.report);
	warnUnsavedChanges(sessionFile, sessionArg, io.stderr);
	const { session, plan } = await loadPlan(sessionFile);
	const { from, to } = renderRange(flags, session, plan, sessionArg);
	const stemsDir = flags.stems === undefined ? undefined : path.resolve(io.cwd, flags.stems);
	// Every output is checked against the inputs and each other before anything is written.
	const outputs: PlannedOutput[] = [
		{ path: output, label: '-o' },
		...(stemsDir === undefined ? [] : stemPaths(plan, stemsDir).map((s) => ({ path: s.path, label: `stem ${s.bus}` }))),
		...(report === undefined ? [] : [{ path: report, label: '--report' }]),
	];
	await guardOutputs({ inputs: sessionInputs(sessionFile, session), outputs, cwd: io.cwd });
	// With the WAV or the report going to stdout, what render says goes to stderr.
	const say = (await writesToStdout(io.stdout, outputs)) ? io.stderr : io.stdout;
	for (const w of plan.warnings) io.stderr.write(`dubdesk: warning: ${w}\n`);

	const progress = createProgress(io.stderr, 'render');
	const result = await printMix({
		plan,
		output,
		stemsDir,
		bitDepth,
		from,
		to,
		timeReference: Math.round(parseTimecode(session.start, session.frameRate) * plan.sampleRate) + from,
		normalize,
		measure: report !== undefined,
		zeroNonFinite: flags.zeroNan,
		threads,
		signal: io.signal,
		onProgress: (d, t) => progress.update(d, t),
	}).finally(() => progress.done());

	if (report !== undefined && result.loudness) {
		const json = { ...loudnessJson(result.loudness), ...(result.normalization ? { normalization: result.normalization } : {}) };
		await writeFileAtomic(report, `${JSON.stringify(json, null, 2)}\n`);
	}
	if (result.nonFiniteSamples > 0) io.stderr.write(`dubdesk: warning: ${result.nonFiniteSamples} NaN or infinite media samples printed as silence (--zero-nan)\n`);
	if (result.clippedSamples > 0) {
		io.stderr.write(`dubdesk: warning: ${result.clippedSamples} samples clipped in the ${bitDepth}-bit mix (32f keeps levels above full scale)\n`);
	}
	const stems = result.stems.length > 0 ? ` and ${result.stems.length} stems in ${flags.stems}` : '';
	say.write(`wrote ${flags.output} (${describe(plan, result.frames, bitDepth)})${stems}\n`);
	const l = result.loudness;
	if (l) say.write(`loudness ${fmt(l.integrated, 'LUFS')} integrated, ${fmt(l.range, 'LU')} range, ${fmt(l.truePeak, 'dBTP')} true peak\n`);
	if (result.normalization) {
		say.write(`${result.normalization.note}\n`);
		if (!result.normalization.met) return 3;
	}
	return 0;
};
