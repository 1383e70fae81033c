// A minimal, independent WAV parser for checking what dubdesk wrote (shares no code with
// engine/media): RIFF/RF64 chunks, fmt (PCM, float, extensible), data → planar float64.
import { readFileSync } from 'node:fs';

export interface ParsedWav {
	format: number;
	channels: number;
	sampleRate: number;
	bits: number;
	channelMask?: number;
	timeReference?: number;
	chunks: string[];
	samples: Float64Array[];
}

export function parseWav(bytes: Buffer): ParsedWav {
	const form = bytes.toString('latin1', 0, 4);
	if ((form !== 'RIFF' && form !== 'RF64') || bytes.toString('latin1', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
	let p = 12;
	let fmt: Omit<ParsedWav, 'samples' | 'chunks' | 'timeReference'> | undefined;
	let timeReference: number | undefined;
	let dataSize64: number | undefined;
	const chunks: string[] = [];
	let samples: Float64Array[] | undefined;
	while (p + 8 <= bytes.length) {
		const id = bytes.toString('latin1', p, p + 4);
		let size = bytes.readUInt32LE(p + 4);
		chunks.push(id);
		const body = p + 8;
		if (id === 'ds64') dataSize64 = Number(bytes.readBigUInt64LE(body + 8));
		if (id === 'data' && size === 0xffffffff && dataSize64 !== undefined) size = dataSize64;
		if (id === 'fmt ') {
			let format = bytes.readUInt16LE(body);
			const channels = bytes.readUInt16LE(body + 2);
			let channelMask: number | undefined;
			if (format === 0xfffe) {
				channelMask = bytes.readUInt32LE(body + 20);
				format = bytes.readUInt16LE(body + 24);
			}
			fmt = { format, channels, sampleRate: bytes.readUInt32LE(body + 4), bits: bytes.readUInt16LE(body + 14), channelMask };
		}
		if (id === 'bext') timeReference = bytes.readUInt32LE(body + 338) + bytes.readUInt32LE(body + 342) * 2 ** 32;
		if (id === 'data') {
			if (!fmt) throw new Error('data before fmt');
			const bps = fmt.bits / 8;
			const frames = Math.floor(size / (bps * fmt.channels));
			samples = Array.from({ length: fmt.channels }, () => new Float64Array(frames));
			for (let i = 0; i < frames; i++) {
				for (let c = 0; c < fmt.channels; c++) {
					const q = body + (i * fmt.channels + c) * bps;
					let v: number;
					if (fmt.format === 3) v = fmt.bits === 32 ? bytes.readFloatLE(q) : bytes.readDoubleLE(q);
					else if (fmt.bits === 16) v = bytes.readInt16LE(q) / 32768;
					else if (fmt.bits === 24) v = bytes.readIntLE(q, 3) / 8388608;
					else v = bytes.readInt32LE(q) / 2147483648;
					samples[c]![i] = v;
				}
			}
		}
		p = body + size + (size % 2);
	}
	if (!fmt || !samples) throw new Error('missing fmt or data');
	return { ...fmt, timeReference, chunks, samples };
}

export function readWav(path: string): ParsedWav {
	return parseWav(readFileSync(path));
}
