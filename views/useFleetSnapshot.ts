/**
 * Data arrival ≠ repaint. The store may change many times a second; we note that it changed and
 * take one snapshot per interval (trailing throttle), so React renders at most ~8 times a second
 * for data. Paused, the snapshot is frozen and updates are only noted; resuming takes the latest.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FleetState } from '../src/fleet/index.js';
import type { FleetStore, RepaintClock } from './types.js';

export interface FleetSnapshot {
  state: FleetState;
  paused: boolean;
  togglePause(): void;
}

export function useFleetSnapshot(store: FleetStore, clock: RepaintClock, intervalMs: number): FleetSnapshot {
  // The first frame renders from whatever the store holds now (possibly all syncing).
  const [state, setState] = useState<FleetState>(() => store.getState());
  const [paused, setPaused] = useState(false);
  const pausedRef = useRef(false);
  const shownRef = useRef(state);

  useEffect(() => {
    let timer: unknown;
    let lastPaint = clock.now();
    const paint = () => {
      timer = undefined;
      if (pausedRef.current) return;
      lastPaint = clock.now();
      const next = store.getState();
      if (next === shownRef.current) return;
      shownRef.current = next;
      setState(next);
    };
    const onChange = () => {
      if (pausedRef.current || timer !== undefined) return;
      timer = clock.setTimeout(paint, Math.max(0, lastPaint + intervalMs - clock.now()));
    };
    const unsubscribe = store.subscribe(onChange);
    // A change between the first getState() and subscribe() would otherwise wait for the next one.
    if (store.getState() !== shownRef.current) onChange();
    return () => {
      unsubscribe();
      if (timer !== undefined) clock.clearTimeout(timer);
    };
  }, [store, clock, intervalMs]);

  const togglePause = useCallback(() => {
    const next = !pausedRef.current;
    pausedRef.current = next;
    setPaused(next);
    if (!next) {
      shownRef.current = store.getState();
      setState(shownRef.current);
    }
  }, [store]);

  return { state, paused, togglePause };
}
