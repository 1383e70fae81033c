import { it } from 'vitest';
import { Playback } from '../../engine/worker/playback.js';
import { SharedState } from '../../engine/worker/shared-state.js';
import { NullDevice } from '../../engine/io/null-device.js';
import { loadSession } from '../../sessions/load.js';

class Probe extends NullDevice {
	last = 0; gaps: number[] = []; writes = 0;
	override async write(block: Buffer): Promise<void> {
		const t = performance.now();
		if (this.last) this.gaps.push(t - this.last);
		this.last = t; this.writes++;
		return super.write(block);
	}
}

it('probe', async () => {
	const file = '/tmp/o/demo/session.yaml';
	const shared = SharedState.create();
	let dev: Probe | undefined;
	const pb = new Playback({ shared, emit: (e) => { if (e.type !== 'transport') console.log(JSON.stringify(e).slice(0, 200)); }, openDevice: (_q, ch, sr, fr) => (dev = new Probe(sr, ch, fr)), bufferFrames: 512 });
	await pb.handle({ type: 'load', session: await loadSession(file), sessionFile: file });
	await pb.handle({ type: 'play' });
	const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
	await wait(1500);
	console.log('before', shared.outputUnderruns, shared.diskUnderruns);
	for (const s of [40, 10, 60]) {
		const w = dev!.writes;
		await pb.handle({ type: 'locate', seconds: s });
		await wait(1500);
		const gaps = dev!.gaps.slice(w - 1);
		console.log('after', s, shared.outputUnderruns, shared.diskUnderruns, 'max gap', Math.max(...gaps).toFixed(1), gaps.slice(0, 12).map((g) => g.toFixed(1)).join(' '));
	}
	await pb.handle({ type: 'stop' });
	await pb.handle({ type: 'close' });
}, 30000);
