// The UI's own tick: reads meters, playhead and loudness from the engine's shared memory a few
// times a second and passes on only readings that would draw differently (seq unchanged, or the
// same cells lit, means nothing to do and no bytes to the terminal).
//
// Two ways to draw a new reading: re-render through React and Ink (tests, and any caller without
// a sink), or hand it to `sink`, which draws the live lines itself (the mixer: it patches the
// changed lines on screen without a React render; see App.tsx). In both, a render reads the
// latest reading, so what React draws is never older than what the sink drew.
import { useEffect, useRef, useState } from 'react';
import type { SharedState } from '../../engine/worker/shared-state.js';
import { emptyLive, readLive, type Live, type LiveShape } from '../app/live.js';

/** Default meter refresh, Hz: smooth enough to ride a fader by, light on an SSH link. */
export const METER_HZ = 10;

/** The live reading for `shape`, refreshed at `hz`. */
export function useLive(shared: SharedState | undefined, shape: LiveShape, hz = METER_HZ, sink?: (live: Live) => void): Live {
	const key = `${shape.tracks}/${shape.buses}/${shape.masterChannels}/${shape.rows}/${shape.frameRate}`;
	const [, setVersion] = useState(0);
	const state = useRef<{ seq: number; key: string; live: Live | undefined }>({ seq: -1, key: '', live: undefined });
	const shapeRef = useRef(shape);
	shapeRef.current = shape;
	const sinkRef = useRef(sink);
	sinkRef.current = sink;
	const s = state.current;
	// A new shape (resize, tracks added) reads afresh at render time.
	if (s.key !== key || !s.live) {
		s.live = shared ? readLive(shared, shape) : emptyLive(shape);
		s.key = key;
		s.seq = shared ? shared.seq : -1;
	}
	useEffect(() => {
		if (!shared) return;
		const tick = () => {
			const l = state.current;
			const seq = shared.seq;
			if (seq === l.seq) return;
			l.seq = seq;
			const next = readLive(shared, shapeRef.current, l.live);
			if (next === l.live) return;
			l.live = next;
			if (sinkRef.current) sinkRef.current(next);
			else setVersion((v) => v + 1);
		};
		const timer = setInterval(tick, Math.round(1000 / hz));
		return () => clearInterval(timer);
	}, [shared, key, hz]);
	return s.live;
}
