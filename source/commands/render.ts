// dubdesk render SESSION -o OUT.wav [--stems DIR] [--bit-depth 16|24|32f] [--from T --to T]
//   [--normalize PRESET|LUFS] [--report FILE.json]
import path from 'node:path';
import { UserError } from '../../sessions/errors.js';
import { parseTimeArg, parseTimecode } from '../../sessions/time.js';
import { writeFileAtomic } from '../../sessions/atomic-write.js';
import { loadPlan } from '../../engine/session-plan.js';
import { printMix } from '../../engine/render/print.js';
import type { BitDepth } from '../../engine/media/wav-writer.js';
import type { MixPlan } from '../../engine/plan.js';
import { parseNormalizeTarget } from '../../engine/loudness/presets.js';
import type { Session } from '../../sessions/types.js';
import { createProgress } from '../progress.js';
import { loudnessJson } from './loudness.js';
import type { Command, Flags } from '../run-cli.js';

const BIT_DEPTHS: readonly BitDepth[] = ['16', '24', '32f'];

export function parseBitDepth(text: string | undefined): BitDepth {
	if (text === undefined) return '32f';
	if ((BIT_DEPTHS as readonly string[]).includes(text)) return text as BitDepth;
	throw new UserError(`--bit-depth ${text}: expected 16, 24 or 32f`);
}

/** The range to render in samples: --from/--to, or the whole session. */
export function renderRange(flags: Pick<Flags, 'from' | 'to'>, session: Session, plan: MixPlan): { from: number; to: number } {
	const sr = plan.sampleRate;
	const from = flags.from === undefined ? 0 : Math.round(parseTimeArg(flags.from, session, { name: '--from' }) * sr);
	const to = flags.to === undefined ? plan.length : Math.round(parseTimeArg(flags.to, session, { name: '--to' }) * sr);
	if (flags.to === undefined && plan.length === 0) throw new UserError('nothing to render: the session has no clips (give --to for a silent print)');
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

export const render: Command = async (args, flags, io) => {
	const [sessionArg, extra] = args;
	if (sessionArg === undefined) throw new UserError('render: give a session file: dubdesk render SESSION -o OUT.wav');
	if (extra !== undefined) throw new UserError(`render: unexpected argument ${extra}`);
	if (flags.output === undefined) throw new UserError('render: give the output file with -o OUT.wav');
	const bitDepth = parseBitDepth(flags.bitDepth);
	const normalize = flags.normalize === undefined ? undefined : parseNormalizeTarget(flags.normalize);
	const sessionFile = path.resolve(io.cwd, sessionArg);
	const output = path.resolve(io.cwd, flags.output);
	const report = flags.report === undefined ? undefined : path.resolve(io.cwd, flags.report);
	const { session, plan } = await loadPlan(sessionFile);
	const { from, to } = renderRange(flags, session, plan);
	const sources = new Set(plan.tracks.flatMap((t) => t.clips.map((c) => c.file)));
	for (const out of [output, report]) {
		if (out !== undefined && sources.has(out)) throw new UserError(`${path.relative(io.cwd, out)}: is a media file of this session; choose another output`);
	}
	for (const w of plan.warnings) io.stderr.write(`dubdesk: warning: ${w}\n`);

	const progress = createProgress(io.stderr, 'render');
	const result = await printMix({
		plan,
		output,
		stemsDir: flags.stems === undefined ? undefined : path.resolve(io.cwd, flags.stems),
		bitDepth,
		from,
		to,
		timeReference: Math.round(parseTimecode(session.start, session.frameRate) * plan.sampleRate) + from,
		normalize,
		measure: report !== undefined,
		signal: io.signal,
		onProgress: (d, t) => progress.update(d, t),
	}).finally(() => progress.done());

	if (report !== undefined && result.loudness) {
		const json = { ...loudnessJson(result.loudness), ...(result.normalization ? { normalization: result.normalization } : {}) };
		await writeFileAtomic(report, `${JSON.stringify(json, null, 2)}\n`);
	}
	if (result.clippedSamples > 0) {
		io.stderr.write(`dubdesk: warning: ${result.clippedSamples} samples clipped in the ${bitDepth}-bit mix (32f keeps levels above full scale)\n`);
	}
	const stems = result.stems.length > 0 ? ` and ${result.stems.length} stems in ${flags.stems}` : '';
	io.stdout.write(`wrote ${flags.output} (${describe(plan, result.frames, bitDepth)})${stems}\n`);
	const l = result.loudness;
	if (l) io.stdout.write(`loudness ${fmt(l.integrated, 'LUFS')} integrated, ${fmt(l.range, 'LU')} range, ${fmt(l.truePeak, 'dBTP')} true peak\n`);
	if (result.normalization) {
		io.stdout.write(`${result.normalization.note}\n`);
		if (!result.normalization.met) return 3;
	}
	return 0;
};
