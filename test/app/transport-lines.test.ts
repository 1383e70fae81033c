// The transport bar at 80 columns while playing: the underflows and the DSP load stay on the
// second line (the device's name gives way), and the unsaved mark stays after a long name.
import { describe, expect, it } from 'vitest';
import { parseSession } from '../../sessions/load.js';
import { transportLines, type TransportInfo } from '../../source/app/transport-lines.js';
import { PLAIN } from '../../source/app/theme.js';

const session = parseSession('dubdesk: 1\nname: "dubdesk demo: Reel 1, sc. 12-13"\nframeRate: 24\n', '/tmp/transport/reel.yaml');
const info: TransportInfo = {
	session,
	playing: true,
	frame: 0,
	loopEnabled: false,
	dirty: false,
	device: { kind: 'null', name: 'null', sampleRate: 48000, channels: 2, bufferFrames: 512, latencyMs: 21.3 },
	momentary: '-22.2',
	shortTerm: '-22.6',
	integrated: '-23.2',
	truePeak: '-8.4',
	underruns: 3,
	diskUnderruns: 0,
	dsp: 12,
	view: 'timeline',
	keymap: 'default',
};

describe('transport lines at 80 columns', () => {
	it('keeps the underflows and the DSP load while playing on the null device', () => {
		const line = transportLines(info, PLAIN, 80)[1];
		expect(line.length).toBeLessThanOrEqual(80);
		expect(line).toBe('M -22.2 S -22.6 I -23.2 TP -8.4 | null 48k 512fr 21.3ms | xrun 3 | dsp 12%');
	});

	it('shortens a long device name and keeps its rate, buffer and latency', () => {
		const device = { kind: 'native' as const, name: 'HDA Intel PCH: ALC3246 Analog (hw:0,0)', sampleRate: 48000, channels: 2, bufferFrames: 512, latencyMs: 10.7 };
		const line = transportLines({ ...info, device }, PLAIN, 80)[1];
		expect(line.length).toBeLessThanOrEqual(80);
		expect(line).toMatch(/^M -22\.2 S -22\.6 I -23\.2 TP -8\.4 \| HDA Intel… 48k 512fr 10\.7ms \| xrun 3 \| dsp 12%$/);
	});

	it('is the long form when it fits, and tightens before it cuts the load', () => {
		expect(transportLines({ ...info, device: undefined }, PLAIN, 80)[1]).toBe('M -22.2 S -22.6 I -23.2 TP -8.4 | output: opens on play | xrun 3 | dsp 12%');
		expect(transportLines({ ...info, playing: false, device: undefined, dsp: 1 }, PLAIN, 80)[1]).toBe('M -22.2 S -22.6 I -23.2 LUFS  TP -8.4  | output: opens on play | xrun 3 | dsp 1%');
	});

	it('keeps the unsaved mark when the session name is cut', () => {
		const loop = parseSession('dubdesk: 1\nname: "dubdesk demo: Reel 1, sc. 12-13"\nframeRate: 24\nloop: { from: 10, to: 20 }\n', '/tmp/transport/reel.yaml');
		const [line] = transportLines({ ...info, session: loop, dirty: true }, PLAIN, 80);
		expect(line).toHaveLength(80);
		expect(line.endsWith(' * timeline | default')).toBe(true);
		expect(transportLines({ ...info, dirty: true }, PLAIN, 120)[0]).toMatch(/sc\. 12-13 \* +timeline \| default$/);
	});
});
