// The 44-byte header of a plain PCM WAV, for the benches' generated inputs.
export function pcmWavHeader({ channels, bits, sampleRate, frames }) {
	const blockAlign = (channels * bits) / 8;
	const dataBytes = frames * blockAlign;
	const h = Buffer.alloc(44);
	h.write('RIFF', 0, 'latin1');
	h.writeUInt32LE(36 + dataBytes, 4);
	h.write('WAVEfmt ', 8, 'latin1');
	h.writeUInt32LE(16, 16);
	h.writeUInt16LE(1, 20);
	h.writeUInt16LE(channels, 22);
	h.writeUInt32LE(sampleRate, 24);
	h.writeUInt32LE(sampleRate * blockAlign, 28);
	h.writeUInt16LE(blockAlign, 32);
	h.writeUInt16LE(bits, 34);
	h.write('data', 36, 'latin1');
	h.writeUInt32LE(dataBytes, 40);
	return h;
}
