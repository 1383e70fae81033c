// `dubdesk loudness FILE.wav [--json]`: integrated loudness, loudness range, true and sample
// peak, momentary and short-term maxima (BS.1770-4 / EBU R 128) of a WAV or RF64 file.
import { resolve } from 'node:path';
import { measureWavFile } from '../../engine/loudness/measure-file.js';
import type { LoudnessReport } from '../../engine/loudness/loudness-meter.js';
import { loudnessJson } from '../../engine/loudness/loudness-json.js';

export { loudnessJson };
import type { MediaInfo } from '../../engine/media/types.js';
import { UserError } from '../../sessions/errors.js';
import type { Command } from '../cli-types.js';

/** The loudness JSON (README "Loudness and normalisation"): the six values rounded to 0.01, null where undefined. */
function describeFormat(info: MediaInfo): string {
	const container = info.container === 'rf64' ? 'RF64' : 'WAV';
	const encoding = info.encoding === 'float' ? `${info.bitsPerSample}-bit float` : `${info.bitsPerSample}-bit PCM`;
	const layout = info.channels === 1 ? 'mono' : info.channels === 2 ? 'stereo' : `${info.channels} channels`;
	const speakers = info.speakers.length > 0 && info.channels > 1 ? ` (${info.speakers.map((s) => s ?? '?').join(' ')})` : '';
	return `${container}, ${encoding}, ${info.sampleRate} Hz, ${layout}${speakers}`;
}

function describeDuration(frames: number, sampleRate: number): string {
	const ms = Math.round((frames / sampleRate) * 1000);
	const h = Math.floor(ms / 3_600_000);
	const m = Math.floor(ms / 60_000) % 60;
	const s = Math.floor(ms / 1000) % 60;
	const pad = (n: number, w = 2) => String(n).padStart(w, '0');
	return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)} (${frames} frames)`;
}

function humanReport(file: string, info: MediaInfo, r: LoudnessReport): string {
	const value = (x: number | null, unit: string, why: string) => (x === null ? `n/a (${why})` : `${x.toFixed(1).padStart(6)} ${unit}`);
	const rows: [string, string][] = [
		['file', file],
		['format', describeFormat(info)],
		['duration', describeDuration(info.frames, info.sampleRate)],
		['integrated', value(r.integrated, 'LUFS', 'nothing above the gates')],
		['loudness range', value(r.range, 'LU', 'needs 3 s above the gates')],
		['true peak', value(r.truePeak, 'dBTP', 'silent')],
		['sample peak', value(r.samplePeak, 'dBFS', 'silent')],
		['momentary max', value(r.momentaryMax, 'LUFS', 'shorter than 0.4 s or silent')],
		['short-term max', value(r.shortTermMax, 'LUFS', 'shorter than 3 s or silent')],
	];
	return `${rows.map(([k, v]) => `${k.padEnd(16)}${v}`).join('\n')}\n`;
}

export const loudness: Command = async (args, flags, io) => {
	if (args.length !== 1) throw new UserError(`loudness: expected one WAV file (dubdesk loudness FILE.wav [--json]), got ${args.length}`);
	const file = args[0]!;
	let measured;
	try {
		measured = await measureWavFile(resolve(io.cwd, file), io.signal);
	} catch (error) {
		if (io.signal?.aborted) {
			io.stderr.write('dubdesk: loudness: interrupted\n');
			return 130;
		}
		throw error;
	}
	const { info, report, warnings } = measured;
	for (const w of warnings) io.stderr.write(`dubdesk: warning: ${w}\n`);
	io.stdout.write(flags.json ? `${JSON.stringify(loudnessJson(report), null, 2)}\n` : humanReport(file, info, report));
	return 0;
};
