// Keypresses as canonical key names ("space", "M", "ctrl+z", "shift+up", "f1"). Ink's useInput
// drops the names of F-keys and other special keys, so this reads Ink's already-split input
// events and decodes them itself (source/input/key-names.ts).
import { useEffect, useRef } from 'react';
import { useStdin } from 'ink';
import { decodeInput } from '../input/key-names.js';

/** Calls `onKey` for every key pressed while mounted (raw mode on, as Ink manages it). */
export function useKeys(onKey: (key: string) => void): void {
	const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = useStdin();
	const handler = useRef(onKey);
	handler.current = onKey;
	useEffect(() => {
		if (!isRawModeSupported) return;
		setRawMode(true);
		return () => setRawMode(false);
	}, [isRawModeSupported, setRawMode]);
	useEffect(() => {
		const onInput = (data: string) => {
			for (const key of decodeInput(data)) if (key) handler.current(key);
		};
		events.on('input', onInput);
		return () => {
			events.off('input', onInput);
		};
	}, [events]);
}
