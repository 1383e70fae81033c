// The pure send edits: which bus a new send goes to (returns first), adding one post-fader at
// the table's default, refusing a second send to one bus, a loop through a compressor key and
// a 17th send, removing one (the key goes with the last), and moving its tap before the fader.
import { describe, expect, it } from 'vitest';
import { addSend, nextSendBus, removeSend, setSendPre, toggleSendPre } from '../../sessions/edit.js';
import { parseSession } from '../../sessions/load.js';
import type { Session } from '../../sessions/types.js';

const YAML = `dubdesk: 1
buses:
  - { id: DX }
  - { id: FX }
  - { id: VERB, output: DX, reverb: { decay: 0.6, predelay: 8, size: 0.4, damping: 0.5, width: 1, mix: 1 } }
  - { id: HALL, reverb: { ir: ir/hall.wav, predelay: 0, mix: 1 } }
tracks:
  - { id: dx1, output: DX }
  - id: adr
    output: DX
    sends: [{ to: VERB, gain: -12 }]
`;

const session = (): Session => parseSession(YAML, '/tmp/s.yaml');
const sends = (s: Session, track = 0) => s.tracks[track]!.sends;

describe('nextSendBus', () => {
	it('offers the returns first, in order, then the other buses but not the track own output', () => {
		let s = session();
		expect(nextSendBus(s, 'dx1')).toBe('VERB');
		expect(nextSendBus(s, 'adr')).toBe('HALL');
		s = addSend(s, 'adr', 'HALL');
		expect(nextSendBus(s, 'adr')).toBe('FX');
		s = addSend(s, 'adr', 'FX');
		// DX is where adr is routed: no further bus.
		expect(nextSendBus(s, 'adr')).toBeUndefined();
	});
});

describe('addSend', () => {
	it('adds a post-fader send, switched on, at 0 dB (the default), sharing everything else', () => {
		const before = session();
		const after = addSend(before, 'dx1', 'VERB');
		expect(sends(after)).toEqual([{ on: true, to: 'VERB', gain: 0, pre: false }]);
		expect(after.tracks[1]).toBe(before.tracks[1]);
		expect(after.buses).toBe(before.buses);
		expect(sends(before)).toBeUndefined();
		expect(sends(addSend(before, 'dx1', 'HALL', { gain: -6, pre: true }))).toEqual([{ on: true, to: 'HALL', gain: -6, pre: true }]);
	});

	it('refuses a second send to a bus, an unknown bus, a routing loop and a 17th send', () => {
		const s = session();
		expect(() => addSend(s, 'adr', 'VERB')).toThrow('adr already sends to VERB');
		expect(() => addSend(s, 'adr', 'NOPE')).toThrow('no bus "NOPE"');
		// dx1 keyed from VERB, and VERB fed by dx1: the key needs VERB first, VERB needs dx1.
		const keyed: Session = { ...s, tracks: [{ ...s.tracks[0]!, strip: { bypass: false, trim: 0, compressor: { on: true, threshold: -20, ratio: 3, knee: 6, attack: 5, release: 100, makeup: 0, key: 'VERB' } } }, s.tracks[1]!] };
		expect(() => addSend(keyed, 'dx1', 'VERB')).toThrow(/^a send from dx1 to VERB closes a routing loop: /);
		const many: Session = { ...s, buses: Array.from({ length: 17 }, (_, i) => ({ id: `B${i}`, output: 'master', gain: 0, mute: false })) };
		let t = many;
		for (let i = 0; i < 16; i++) t = addSend(t, 'dx1', `B${i}`);
		expect(() => addSend(t, 'dx1', 'B16')).toThrow('dx1 has 16 sends already');
	});
});

describe('removeSend and the tap', () => {
	it('removes a send; the sends key goes with the last one', () => {
		const s = addSend(session(), 'adr', 'HALL');
		expect(sends(removeSend(s, 'adr', 'VERB'), 1)).toEqual([{ on: true, to: 'HALL', gain: 0, pre: false }]);
		const none = removeSend(removeSend(s, 'adr', 'VERB'), 'adr', 'HALL');
		expect('sends' in none.tracks[1]!).toBe(false);
		expect(() => removeSend(s, 'dx1', 'VERB')).toThrow('dx1 has no send to VERB');
	});

	it('taps a send before the fader and back, and leaves the session itself when nothing changes', () => {
		const s = session();
		const pre = toggleSendPre(s, 'adr', 'VERB');
		expect(sends(pre, 1)).toEqual([{ on: true, to: 'VERB', gain: -12, pre: true }]);
		expect(sends(toggleSendPre(pre, 'adr', 'VERB'), 1)![0]!.pre).toBe(false);
		expect(setSendPre(s, 'adr', 'VERB', false)).toBe(s);
	});
});
