// FLAC frame boundaries, found without decoding: a frame starts with a 14-bit sync code and a
// header guarded by a CRC-8, and ends where the next header starts with the CRC-16 of the frame
// matching its last two bytes. Checking both means damage is caught before the decoder sees it,
// and a sync pattern inside compressed data is not mistaken for a frame.

const CRC8 = new Uint8Array(256);
const CRC16 = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
	let c = i;
	for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
	CRC8[i] = c;
	let d = i << 8;
	for (let k = 0; k < 8; k++) d = d & 0x8000 ? ((d << 1) ^ 0x8005) & 0xffff : (d << 1) & 0xffff;
	CRC16[i] = d;
}

/** What a frame header says, when it is one. */
export interface FrameHeader {
	/** Samples per channel in the frame. */
	blockSize: number;
	/** The header's coded number: the frame number (fixed block size) or the first sample (variable). */
	number: number;
	variable: boolean;
	channels: number;
	/** Header bytes including its CRC-8. */
	length: number;
}

const BLOCK_SIZES = [0, 192, 576, 1152, 2304, 4608, -8, -16, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

/** The header at b[p], or null when there is none (no sync, a reserved value, or a CRC-8 mismatch). `end` bounds the bytes available. */
export function parseFrameHeader(b: Uint8Array, p: number, end: number): FrameHeader | null {
	if (p + 6 > end || b[p] !== 0xff || (b[p + 1]! & 0xfe) !== 0xf8) return null;
	const variable = (b[p + 1]! & 1) === 1;
	const bsCode = b[p + 2]! >> 4;
	const srCode = b[p + 2]! & 15;
	const chCode = b[p + 3]! >> 4;
	const ssCode = (b[p + 3]! >> 1) & 7;
	if (bsCode === 0 || srCode === 15 || chCode > 10 || ssCode === 3 || (b[p + 3]! & 1) !== 0) return null;
	// The coded number: UTF-8-style, up to 7 bytes (36 bits).
	let q = p + 4;
	const lead = b[q++]!;
	let extra = 0;
	let number = 0;
	if (lead < 0x80) number = lead;
	else if (lead >= 0xc0 && lead <= 0xfe) {
		let mask = 0x40;
		while (lead & (mask >> extra) && extra < 6) extra++;
		number = lead & ((mask >> extra) - 1);
		if (q + extra > end) return null;
		for (let i = 0; i < extra; i++) {
			const c = b[q++]!;
			if ((c & 0xc0) !== 0x80) return null;
			number = number * 64 + (c & 0x3f);
		}
	} else return null;
	let blockSize = BLOCK_SIZES[bsCode]!;
	if (blockSize === -8) {
		if (q + 1 > end) return null;
		blockSize = b[q++]! + 1;
	} else if (blockSize === -16) {
		if (q + 2 > end) return null;
		blockSize = ((b[q]! << 8) | b[q + 1]!) + 1;
		q += 2;
	}
	if (srCode >= 12) q += srCode === 12 ? 1 : 2;
	if (q + 1 > end) return null;
	let crc = 0;
	for (let i = p; i < q; i++) crc = CRC8[crc ^ b[i]!]!;
	if (crc !== b[q]) return null;
	return { blockSize, number, variable, channels: chCode < 8 ? chCode + 1 : 2, length: q + 1 - p };
}

/**
 * Where the frame starting at b[p] ends: the first position after its header where the CRC-16
 * of [p, there) checks and the file ends or a valid header starts. −1 when none does within
 * `maxLength` bytes: damage. The caller holds p + maxLength + 16 bytes, or up to the file's end
 * (`atFileEnd`), in b[…end).
 */
export function frameEnd(b: Uint8Array, p: number, headerLength: number, end: number, atFileEnd: boolean, maxLength: number): number {
	const limit = Math.min(end, p + maxLength);
	let crc = 0;
	const first = p + headerLength + 2;
	for (let i = p; i < first - 2; i++) crc = ((crc << 8) & 0xffff) ^ CRC16[(crc >> 8) ^ b[i]!]!;
	for (let q = first; q <= limit; q++) {
		// crc covers [p, q − 2): the frame's bytes if it ends at q.
		const candidate = q === end ? atFileEnd : b[q] === 0xff && (b[q + 1]! & 0xfe) === 0xf8;
		if (candidate && crc === ((b[q - 2]! << 8) | b[q - 1]!) && (q === end || parseFrameHeader(b, q, end) !== null || end - q < 16)) return q;
		if (q === limit) break;
		crc = ((crc << 8) & 0xffff) ^ CRC16[(crc >> 8) ^ b[q - 2]!]!;
	}
	return -1;
}
