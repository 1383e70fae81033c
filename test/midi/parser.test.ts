// The byte-stream parser: every message kind, running status, real-time bytes inside other
// messages, sysex across chunks, and malformed input dropped and counted (never thrown).
import { describe, expect, it } from 'vitest';
import { MAX_SYSEX, MidiParser } from '../../source/midi/parser.js';
import type { MidiMessage } from '../../source/midi/types.js';

function parse(...chunks: number[][]): { messages: MidiMessage[]; malformed: number } {
	const messages: MidiMessage[] = [];
	const p = new MidiParser((m) => messages.push(m));
	for (const c of chunks) p.push(c);
	return { messages, malformed: p.malformed };
}

describe('MidiParser', () => {
	it.each([
		['note on', [0x91, 60, 100], { type: 'noteOn', channel: 1, note: 60, velocity: 100 }],
		['note on velocity 0 is a note off', [0x90, 0x10, 0x00], { type: 'noteOff', channel: 0, note: 0x10, velocity: 0 }],
		['note off', [0x8f, 1, 2], { type: 'noteOff', channel: 15, note: 1, velocity: 2 }],
		['control change', [0xb0, 0x10, 0x41], { type: 'cc', channel: 0, controller: 0x10, value: 0x41 }],
		['pitch bend, LSB first', [0xe8, 0x7f, 0x7f], { type: 'pitchBend', channel: 8, value: 0x3fff }],
		['pitch bend centre', [0xe0, 0x00, 0x40], { type: 'pitchBend', channel: 0, value: 8192 }],
		['channel pressure (one data byte)', [0xd0, 0x7c], { type: 'channelPressure', channel: 0, value: 0x7c }],
		['program change', [0xc2, 5], { type: 'programChange', channel: 2, program: 5 }],
		['poly pressure', [0xa0, 60, 9], { type: 'polyPressure', channel: 0, note: 60, value: 9 }],
		['song position', [0xf2, 1, 2], { type: 'system', status: 0xf2, data: [1, 2] }],
	])('%s', (_name, bytes, expected) => {
		const { messages, malformed } = parse(bytes);
		expect(messages).toEqual([expected]);
		expect(malformed).toBe(0);
	});

	it('keeps running status across messages and chunks', () => {
		const { messages, malformed } = parse([0xe0, 0x00, 0x40, 0x7f], [0x7f, 0x10]);
		expect(messages.map((m) => (m.type === 'pitchBend' ? m.value : -1))).toEqual([8192, 0x3fff]);
		// The trailing 0x10 is half a message under running status: waiting, not malformed.
		expect(malformed).toBe(0);
	});

	it('lets real-time bytes through anywhere without breaking the message they interrupt', () => {
		const { messages } = parse([0xb0, 0xf8, 0x3c, 0xfe, 0x01]);
		expect(messages).toEqual([
			{ type: 'system', status: 0xf8, data: [] },
			{ type: 'system', status: 0xfe, data: [] },
			{ type: 'cc', channel: 0, controller: 0x3c, value: 0x01 },
		]);
	});

	it('joins a sysex split across chunks, with a clock byte inside', () => {
		const { messages } = parse([0xf0, 0x00, 0x00], [0x66, 0x14, 0xf8, 0x12], [0x00, 0x41, 0xf7]);
		expect(messages[0]).toEqual({ type: 'system', status: 0xf8, data: [] });
		expect(messages[1]).toMatchObject({ type: 'sysex' });
		expect([...(messages[1] as { data: Uint8Array }).data]).toEqual([0xf0, 0x00, 0x00, 0x66, 0x14, 0x12, 0x00, 0x41, 0xf7]);
	});

	it.each([
		['a data byte with no status', [[0x40]], 0, 1],
		['a message cut short by the next status', [[0x90, 0x3c], [0xb0, 0x10, 0x01]], 1, 1],
		['a status with no data, then another', [[0x90, 0xb0, 0x10, 0x01]], 1, 1],
		['a sysex cut short by a status', [[0xf0, 0x00, 0x66], [0x90, 0x10, 0x7f]], 1, 1],
		['a stray end of sysex', [[0xf7, 0x90, 0x10, 0x7f]], 1, 1],
		['undefined status bytes', [[0xf4, 0xf5, 0xf9, 0xfd, 0x90, 1, 2]], 1, 4],
		['data after a system common status (no running status)', [[0xf3, 0x01, 0x02]], 1, 1],
	])('drops and counts %s', (_name, chunks, good, bad) => {
		const { messages, malformed } = parse(...chunks);
		expect(messages).toHaveLength(good);
		expect(malformed).toBe(bad);
	});

	it('drops an oversized sysex and recovers', () => {
		const big = [0xf0, ...new Array<number>(MAX_SYSEX + 10).fill(0x20), 0xf7, 0x90, 0x10, 0x7f];
		const { messages, malformed } = parse(big);
		expect(messages).toEqual([{ type: 'noteOn', channel: 0, note: 0x10, velocity: 0x7f }]);
		expect(malformed).toBeGreaterThanOrEqual(1);
	});

	it('survives random bytes', () => {
		let seed = 1;
		const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256);
		const p = new MidiParser(() => {});
		for (let i = 0; i < 200; i++) p.push(Array.from({ length: 1 + (i % 17) }, rand));
		expect(p.malformed).toBeGreaterThan(0);
	});
});
