// dubdesk render SESSION -o OUT.wav [--stems DIR] [--bit-depth 16|24|32f] [--from T --to T]
//   [--normalize PRESET|LUFS] [--report FILE.json]
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { UserError } from '../../sessions/errors.js';
import { parseTimeArg, parseTimecode } from '../../sessions/time.js';
import { loadPlan } from '../../engine/session-plan.js';
import { renderOffline } from '../../engine/render/offline.js';
import { WavWriter, type BitDepth } from '../../engine/media/wav-writer.js';
import type { MixPlan } from '../../engine/plan.js';
import type { Session } from '../../sessions/types.js';
import { createProgress } from '../progress.js';
import type { Command, Flags } from '../run-cli.js';
import type { CliIO } from '../cli-io.js';

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

/** BWF time reference of a render starting at session sample `from` (so DAWs place it on its timecode). */
function timeReference(session: Session, plan: MixPlan, from: number): number {
	return Math.round(parseTimecode(session.start, session.frameRate) * plan.sampleRate) + from;
}

export interface RenderJob {
	plan: MixPlan;
	session: Session;
	output: string;
	stemsDir?: string;
	bitDepth: BitDepth;
	from: number;
	to: number;
	signal?: AbortSignal;
	onProgress?: (done: number, total: number) => void;
}

export interface RenderResult {
	frames: number;
	clippedSamples: number;
	stems: string[];
}

/** Renders the mix (and stems) atomically: on any failure no output file is left behind. */
export async function renderJob(job: RenderJob): Promise<RenderResult> {
	const { plan } = job;
	const mask = plan.format === '5.1' ? 0x3f : 0x3;
	const options = { channels: plan.channels, sampleRate: plan.sampleRate, bitDepth: job.bitDepth, channelMask: mask, timeReference: timeReference(job.session, plan, job.from) };
	const writers: WavWriter[] = [];
	const stems: string[] = [];
	try {
		const master = await WavWriter.create(job.output, options);
		writers.push(master);
		const stemWriters: WavWriter[] = [];
		if (job.stemsDir !== undefined) {
			await mkdir(job.stemsDir, { recursive: true }).catch((error: Error) => {
				throw new UserError(`--stems ${job.stemsDir}: cannot create the directory (${error.message})`);
			});
			for (const bus of plan.buses) {
				const file = path.join(job.stemsDir, `${bus.id}.wav`);
				const w = await WavWriter.create(file, options);
				writers.push(w);
				stemWriters.push(w);
				stems.push(file);
			}
		}
		// The writers encode a block synchronously when write() is called, then the disk write
		// runs while the next block renders: wait for the previous write, start this one.
		let writing: Promise<unknown> = Promise.resolve();
		await renderOffline(plan, {
			from: job.from,
			to: job.to,
			signal: job.signal,
			onProgress: job.onProgress,
			async onBlock(renderer, frames) {
				await writing;
				const writes = [master.write(renderer.master, frames)];
				stemWriters.forEach((w, i) => writes.push(w.write(renderer.bus(i), frames)));
				writing = Promise.all(writes);
				// Handled here so a disk error waits for the next block to surface, never unhandled.
				writing.catch(() => undefined);
			},
		});
		await writing;
		for (const w of writers) await w.finish();
		return { frames: job.to - job.from, clippedSamples: master.clippedSamples, stems };
	} catch (error) {
		await Promise.all(writers.map((w) => w.abort().catch(() => undefined)));
		throw error;
	}
}

function describe(plan: MixPlan, frames: number, bitDepth: BitDepth): string {
	const seconds = frames / plan.sampleRate;
	const m = Math.floor(seconds / 60);
	const s = (seconds - m * 60).toFixed(3).padStart(6, '0');
	return `${m}:${s}, ${plan.sampleRate / 1000} kHz ${bitDepth === '32f' ? '32-bit float' : `${bitDepth}-bit`} ${plan.format}`;
}

export const render: Command = async (args, flags, io: CliIO) => {
	const [sessionArg, extra] = args;
	if (sessionArg === undefined) throw new UserError('render: give a session file: dubdesk render SESSION -o OUT.wav');
	if (extra !== undefined) throw new UserError(`render: unexpected argument ${extra}`);
	if (flags.output === undefined) throw new UserError('render: give the output file with -o OUT.wav');
	const bitDepth = parseBitDepth(flags.bitDepth);
	const sessionFile = path.resolve(io.cwd, sessionArg);
	const output = path.resolve(io.cwd, flags.output);
	const { session, plan } = await loadPlan(sessionFile);
	const { from, to } = renderRange(flags, session, plan);
	const sources = new Set(plan.tracks.flatMap((t) => t.clips.map((c) => c.file)));
	if (sources.has(output)) throw new UserError(`${flags.output}: is a media file of this session; choose another output`);
	for (const w of plan.warnings) io.stderr.write(`dubdesk: warning: ${w}\n`);

	const progress = createProgress(io.stderr, 'render');
	const result = await renderJob({
		plan,
		session,
		output,
		stemsDir: flags.stems === undefined ? undefined : path.resolve(io.cwd, flags.stems),
		bitDepth,
		from,
		to,
		signal: io.signal,
		onProgress: (d, t) => progress.update(d, t),
	}).finally(() => progress.done());

	if (result.clippedSamples > 0) {
		io.stderr.write(`dubdesk: warning: ${result.clippedSamples} samples clipped in the ${bitDepth}-bit mix (32f keeps levels above full scale)\n`);
	}
	const stems = result.stems.length > 0 ? ` and ${result.stems.length} stems in ${flags.stems}` : '';
	io.stdout.write(`wrote ${flags.output} (${describe(plan, result.frames, bitDepth)})${stems}\n`);
	return 0;
};
