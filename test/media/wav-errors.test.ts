import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsProblem } from '../../engine/media/wav-header.js';
import { readWavInfo, WavReader } from '../../engine/media/wav-reader.js';
import { MediaError } from '../../sessions/errors.js';
import { buildWav, chunk, ds64Body, encodeSamples, fmtBody, makeTempDir, removeTempDir, riff, subFormatGuid, writeTempWav } from '../helpers/wav-bytes.js';

let dir: string;
beforeAll(async () => {
	dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

const samples = [[1, 2, 3, 4]];
const fmt16 = chunk('fmt ', fmtBody({ encoding: 'pcm', bits: 16, channels: 1 }));
const data16 = chunk('data', encodeSamples('pcm', 16, samples));

// [case, file bytes, expected problem (the text after "<path>: ")]
const CASES: [string, Uint8Array, RegExp][] = [
	['empty file', Buffer.alloc(0), /^empty file \(0 bytes\)$/],
	['too short for a header', Buffer.from('RIFF\x10'), /^not a RIFF\/RF64 WAVE file \(only 5 bytes\)$/],
	['another container', Buffer.from('OggS\0\x02\0\0\0\0\0\0\0\0\0\0'), /^not a RIFF\/RF64 WAVE file \(starts with "OggS"\)$/],
	['RIFF of another form', riff([data16], { wave: 'AVI ' }), /^not a RIFF\/RF64 WAVE file \(starts with "RIFF", form "AVI "\)$/],
	['binary junk', Buffer.from([0, 1, 2, 0xff, 0, 0, 0, 0, 0, 0, 0, 0]), /^not a RIFF\/RF64 WAVE file \(starts with bytes 00 01 02 ff\)$/],
	['no fmt chunk', riff([chunk('LIST', Buffer.alloc(4)), data16]), /^no fmt chunk$/],
	['no data chunk', riff([fmt16, chunk('LIST', Buffer.alloc(4))]), /^no data chunk$/],
	['ADPCM', buildWav({ encoding: 'pcm', bits: 16, samples, fmt: { formatTag: 2 } }), /^unsupported format tag 0x0002 \(Microsoft ADPCM\); only PCM \(1\), IEEE float \(3\) and WAVE_FORMAT_EXTENSIBLE are read$/],
	['MP3', buildWav({ encoding: 'pcm', bits: 16, samples, fmt: { formatTag: 0x55 } }), /^unsupported format tag 0x0055 \(MPEG Layer III\);/],
	['unnamed tag', buildWav({ encoding: 'pcm', bits: 16, samples, fmt: { formatTag: 0x1234 } }), /^unsupported format tag 0x1234;/],
	[
		'extensible with an ambisonic sub-format',
		buildWav({ encoding: 'pcm', bits: 16, samples, extensible: true, fmt: { subFormat: Buffer.from('010000002107d3118644c8c1ca000000', 'hex') } }),
		/^unsupported WAVE_FORMAT_EXTENSIBLE sub-format \{00000001-0721-11D3-8644-C8C1CA000000\}; only PCM and IEEE float are read$/,
	],
	['extensible µ-law sub-format', buildWav({ encoding: 'pcm', bits: 16, samples, extensible: true, fmt: { subFormat: subFormatGuid(7) } }), /^unsupported WAVE_FORMAT_EXTENSIBLE sub-format \{00000007-0000-0010-8000-00AA00389B71\}/],
	[
		'extensible without its extension',
		riff([chunk('fmt ', fmtBody({ encoding: 'pcm', bits: 16, channels: 1, formatTag: 0xfffe })), data16]),
		/^WAVE_FORMAT_EXTENSIBLE without its extension \(fmt chunk of 16 bytes, cbSize 0\): the sub-format \(PCM or float\) is not stated$/,
	],
	['valid bits above container', buildWav({ encoding: 'pcm', bits: 16, samples, extensible: true, validBits: 24 }), /^valid bits per sample \(24\) exceed the 16-bit container$/],
	['fmt too short', riff([chunk('fmt ', Buffer.alloc(14)), data16]), /^fmt chunk too short \(14 bytes, needs at least 16\)$/],
	['12-bit PCM', buildWav({ encoding: 'pcm', bits: 16, samples, fmt: { bits: 12, blockAlign: 2 } }), /^unsupported bit depth: 12-bit PCM \(supported: 8, 16, 24 or 32\)$/],
	['16-bit float', buildWav({ encoding: 'float', bits: 32, samples: [[0]], fmt: { bits: 16, blockAlign: 2 } }), /^unsupported bit depth: 16-bit float \(supported: 32 or 64\)$/],
	['0 channels', buildWav({ encoding: 'pcm', bits: 16, samples, fmt: { channels: 0, blockAlign: 2 } }), /^0 channels in fmt chunk$/],
	['9 channels', buildWav({ encoding: 'pcm', bits: 16, samples: Array.from({ length: 9 }, () => [0]) }), /^9 channels; at most 8 are supported$/],
	['sample rate 0', buildWav({ encoding: 'pcm', bits: 16, samples, sampleRate: 0 }), /^sample rate 0 in fmt chunk$/],
	['block align', buildWav({ encoding: 'pcm', bits: 24, samples: [[0], [0]], fmt: { blockAlign: 8 } }), /^block align 8 inconsistent with 2 channel\(s\) of 24-bit samples \(expected 6\)$/],
	['chunk past end of file', riff([chunk('LIST', Buffer.alloc(10), { declaredSize: 1000 }), fmt16, data16]), /^chunk "LIST" at byte 12 declares 1000 bytes, running past the end of the file \(\d+ bytes\)$/],
	['RF64 without ds64', riff([fmt16, chunk('data', encodeSamples('pcm', 16, samples), { declaredSize: 0xffffffff })], { form: 'RF64', declaredSize: 0xffffffff }), /^RF64 file without a ds64 chunk before its data$/],
	['RF64 without ds64 or data', riff([fmt16], { form: 'RF64', declaredSize: 0xffffffff }), /^RF64 file without a ds64 chunk$/],
	['ds64 beyond 2^53', riff([chunk('ds64', Buffer.concat([Buffer.alloc(8), Buffer.from('00000000ffffffff', 'hex'), Buffer.alloc(12)])), fmt16, data16], { form: 'RF64', declaredSize: 0xffffffff }), /^ds64 data size is beyond 2\^53 bytes$/],
];

describe('WAV errors: one line naming the file and the problem', () => {
	let n = 0;
	for (const [name, bytes, problem] of CASES) {
		it(name, async () => {
			const path = await writeTempWav(dir, `e${n++}.wav`, bytes);
			for (const attempt of [() => readWavInfo(path), () => WavReader.open(path)]) {
				const err = await attempt().then(
					() => null,
					(e: unknown) => e,
				);
				expect(err).toBeInstanceOf(MediaError);
				const e = err as MediaError;
				expect(e.file).toBe(path);
				expect(e.problem).toMatch(problem);
				expect(e.message).toBe(`${path}: ${e.problem}`);
				expect(e.message).not.toContain('\n');
			}
		});
	}

	it('file not found', async () => {
		const path = join(dir, 'missing.wav');
		await expect(readWavInfo(path)).rejects.toThrow(new MediaError(path, 'file not found'));
		await expect(WavReader.open(path)).rejects.toThrow(new MediaError(path, 'file not found'));
	});

	it('a directory', async () => {
		const path = join(dir, 'a-dir.wav');
		await mkdir(path);
		await expect(readWavInfo(path)).rejects.toThrow(new MediaError(path, 'is a directory, not a media file'));
	});

	it('permission denied', async (ctx) => {
		if (process.getuid?.() === 0) ctx.skip('running as root: file permissions do not stop reads');
		const path = await writeTempWav(dir, 'locked.wav', buildWav({ encoding: 'pcm', bits: 16, samples }));
		await chmod(path, 0o000);
		await expect(readWavInfo(path)).rejects.toThrow(new MediaError(path, 'permission denied (EACCES)'));
	});

	// Root (as here) cannot provoke EACCES and friends, so the wording is checked on its own.
	it('file-system error wording', () => {
		const cases: [string, string][] = [
			['ENOENT', 'file not found'],
			['EACCES', 'permission denied (EACCES)'],
			['EPERM', 'permission denied (EPERM)'],
			['EISDIR', 'is a directory'],
			['EROFS', 'read-only file system (EROFS)'],
			['ENOSPC', 'no space left on device (ENOSPC)'],
			['EIO', 'I/O error (EIO)'],
		];
		for (const [code, text] of cases) expect(fsProblem(Object.assign(new Error(`${code}: raw`), { code }))).toBe(text);
		expect(fsProblem(Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' }))).toBe('EMFILE: too many open files');
	});
});
