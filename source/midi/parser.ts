// A MIDI 1.0 byte-stream parser: running status, system real-time bytes anywhere (even inside
// other messages), sysex split across chunks. Anything that is not a well-formed message is
// dropped and counted, never thrown: a glitching cable or a half-sent message must not take the
// mixer down. (MIDI 1.0 Detailed Specification 4.2, "Running Status" and "Real-Time Messages".)
import type { MidiBytes, MidiMessage } from './types.js';

/** Longest sysex kept; longer ones are dropped (an MCU LCD update is 120 bytes). */
export const MAX_SYSEX = 4096;

/** Data bytes after a channel status (by high nibble) or a system common status. */
function dataLength(status: number): number {
	if (status < 0xf0) return (status & 0xf0) === 0xc0 || (status & 0xf0) === 0xd0 ? 1 : 2;
	switch (status) {
		case 0xf1: // MTC quarter frame
		case 0xf3: // song select
			return 1;
		case 0xf2: // song position
			return 2;
		default: // F6 tune request
			return 0;
	}
}

export class MidiParser {
	/** Messages dropped as malformed or truncated since creation. */
	malformed = 0;
	private running = 0;
	private status = 0;
	private readonly data: number[] = [];
	private sysex: number[] | undefined;

	constructor(private readonly emit: (message: MidiMessage) => void) {}

	/** Feeds bytes; complete messages are emitted synchronously. */
	push(bytes: MidiBytes): void {
		for (let i = 0; i < bytes.length; i++) this.byte(bytes[i]! & 0xff);
	}

	/** Forgets a partial message (a port was reopened); counts it as truncated. */
	reset(): void {
		if (this.sysex || this.status !== 0) this.malformed++;
		this.sysex = undefined;
		this.status = 0;
		this.running = 0;
		this.data.length = 0;
	}

	private byte(b: number): void {
		if (b >= 0xf8) {
			// Real-time: one byte, may interrupt anything, does not touch running status.
			if (b === 0xf9 || b === 0xfd) this.malformed++;
			else this.emit({ type: 'system', status: b, data: [] });
			return;
		}
		if (this.sysex) {
			if (b < 0x80) {
				if (this.sysex.length < MAX_SYSEX) this.sysex.push(b);
				else {
					this.sysex = undefined;
					this.malformed++;
					this.status = 0;
				}
				return;
			}
			if (b === 0xf7) {
				this.sysex.push(b);
				this.emit({ type: 'sysex', data: Uint8Array.from(this.sysex) });
				this.sysex = undefined;
				return;
			}
			// A status byte before F7: the sysex was cut short. The status starts a new message.
			this.sysex = undefined;
			this.malformed++;
		}
		if (b >= 0x80) {
			// A message still waiting for data bytes was cut short.
			if (this.status !== 0) this.malformed++;
			this.data.length = 0;
			if (b === 0xf0) {
				this.sysex = [b];
				this.status = 0;
				this.running = 0;
				return;
			}
			if (b === 0xf7 || b === 0xf4 || b === 0xf5) {
				// A stray end of sysex, or an undefined status.
				this.malformed++;
				this.status = 0;
				this.running = 0;
				return;
			}
			this.status = b;
			// System common cancels running status (spec 4.2).
			this.running = b < 0xf0 ? b : 0;
			if (dataLength(b) === 0) this.finish();
			return;
		}
		// Data byte.
		if (this.status === 0) {
			if (this.running === 0) {
				this.malformed++;
				return;
			}
			this.status = this.running;
		}
		this.data.push(b);
		if (this.data.length === dataLength(this.status)) this.finish();
	}

	private finish(): void {
		const s = this.status;
		const d = this.data;
		this.status = 0;
		if (s >= 0xf0) {
			this.emit({ type: 'system', status: s, data: d.slice() });
			d.length = 0;
			return;
		}
		const channel = s & 0x0f;
		const a = d[0] ?? 0;
		const b = d[1] ?? 0;
		d.length = 0;
		switch (s & 0xf0) {
			case 0x80:
				return this.emit({ type: 'noteOff', channel, note: a, velocity: b });
			case 0x90:
				return this.emit(b === 0 ? { type: 'noteOff', channel, note: a, velocity: 0 } : { type: 'noteOn', channel, note: a, velocity: b });
			case 0xa0:
				return this.emit({ type: 'polyPressure', channel, note: a, value: b });
			case 0xb0:
				return this.emit({ type: 'cc', channel, controller: a, value: b });
			case 0xc0:
				return this.emit({ type: 'programChange', channel, program: a });
			case 0xd0:
				return this.emit({ type: 'channelPressure', channel, value: a });
			default:
				return this.emit({ type: 'pitchBend', channel, value: a | (b << 7) });
		}
	}
}

/** A one-line description for the MIDI page and the log ("CC 7 = 64 ch 1"). Channels shown 1–16. */
export function describeMessage(m: MidiMessage): string {
	const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
	switch (m.type) {
		case 'noteOn':
			return `note ${m.note} on ${m.velocity} ch ${m.channel + 1}`;
		case 'noteOff':
			return `note ${m.note} off ch ${m.channel + 1}`;
		case 'cc':
			return `CC ${m.controller} = ${m.value} ch ${m.channel + 1}`;
		case 'pitchBend':
			return `pitch bend ${m.value} ch ${m.channel + 1}`;
		case 'channelPressure':
			return `pressure ${m.value} ch ${m.channel + 1}`;
		case 'polyPressure':
			return `poly pressure ${m.note} = ${m.value} ch ${m.channel + 1}`;
		case 'programChange':
			return `program ${m.program} ch ${m.channel + 1}`;
		case 'sysex':
			return `sysex ${[...m.data.subarray(0, 8)].map(hex).join(' ')}${m.data.length > 8 ? ' …' : ''} (${m.data.length} bytes)`;
		default:
			return `system ${hex(m.status)}`;
	}
}
