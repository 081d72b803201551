/**
 * Waiting on the injected Clock: polls between looks and deadlines that cut a long talosctl call.
 * realClock's timers are unref'd, so a plain timer keeps the process alive while a run waits.
 */
import { Interrupted } from '../errors/index.js';
import type { Clock } from '../lab/clock.js';

/** Resolve after `ms` on the clock; reject with Interrupted when `signal` aborts first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new Interrupted('aborted'));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const keep = setTimeout(() => undefined, ms + 1000);
    const done = () => {
      clearTimeout(keep);
      signal?.removeEventListener('abort', onAbort);
    };
    const h = clock.setTimeout(() => {
      done();
      resolve();
    }, ms);
    const onAbort = () => {
      clock.clearTimeout(h);
      done();
      reject(new Interrupted('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface Deadline {
  /** Aborts at the deadline (on the clock) or when the parent signal aborts. */
  signal: AbortSignal;
  expired(): boolean;
  dispose(): void;
}

export function deadline(clock: Clock, at: number, parent: AbortSignal): Deadline {
  const ac = new AbortController();
  let expired = false;
  const h = clock.setTimeout(() => {
    expired = true;
    ac.abort(new Interrupted('deadline'));
  }, Math.max(0, at - clock.now()));
  const onParent = () => ac.abort(parent.reason);
  if (parent.aborted) onParent();
  else parent.addEventListener('abort', onParent, { once: true });
  return {
    signal: ac.signal,
    expired: () => expired,
    dispose() {
      clock.clearTimeout(h);
      parent.removeEventListener('abort', onParent);
    },
  };
}

/** Call `tick` every `ms` on the clock until disposed (a watchdog beside a running stream). */
export function every(clock: Clock, ms: number, tick: () => void): () => void {
  let h: unknown;
  let stopped = false;
  const arm = () => {
    h = clock.setTimeout(() => {
      if (stopped) return;
      tick();
      arm();
    }, ms);
  };
  arm();
  return () => {
    stopped = true;
    clock.clearTimeout(h);
  };
}
