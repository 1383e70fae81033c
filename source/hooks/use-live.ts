// The UI's own tick: reads meters, playhead and loudness from the engine's shared memory a few
// times a second and re-renders only when what would be drawn has changed (seq unchanged, or
// the same cells lit, means no render and no bytes to the terminal).
import { useEffect, useRef, useState } from 'react';
import type { SharedState } from '../../engine/worker/shared-state.js';
import { emptyLive, readLive, type Live, type LiveShape } from '../app/live.js';

/** Default meter refresh, Hz: smooth enough to ride a fader by, light on an SSH link. */
export const METER_HZ = 10;

/** The live reading for `shape`, refreshed at `hz`. */
export function useLive(shared: SharedState | undefined, shape: LiveShape, hz = METER_HZ): Live {
	const key = `${shape.tracks}/${shape.buses}/${shape.masterChannels}/${shape.rows}/${shape.frameRate}`;
	const [live, setLive] = useState<Live>(() => (shared ? readLive(shared, shape) : emptyLive(shape)));
	const last = useRef({ seq: -1, key: '', live });
	last.current.live = live;
	const shapeRef = useRef(shape);
	shapeRef.current = shape;
	useEffect(() => {
		if (!shared) {
			setLive(emptyLive(shapeRef.current));
			return;
		}
		const tick = () => {
			const seq = shared.seq;
			const l = last.current;
			if (seq === l.seq && l.key === key) return;
			const next = readLive(shared, shapeRef.current, l.key === key ? l.live : undefined);
			l.seq = seq;
			l.key = key;
			if (next !== l.live) {
				l.live = next;
				setLive(next);
			}
		};
		tick();
		const timer = setInterval(tick, Math.round(1000 / hz));
		return () => clearInterval(timer);
	}, [shared, key, hz]);
	return live;
}
