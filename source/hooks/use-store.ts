// Subscribes a component to one slice of the mixer state; it re-renders only when that slice
// changes (compare with Object.is, so return stored values or primitives, not new objects).
import { useSyncExternalStore } from 'react';
import type { MixerState, MixerStore } from '../app/mixer-store.js';

/** The selected part of the store's state. */
export function useStore<T>(store: MixerStore, select: (state: MixerState) => T): T {
	return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
