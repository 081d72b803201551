/**
 * Give back the memory of dead Buffers now. Node hands out a fresh Buffer for every cipher
 * output and every SSH packet, and V8 frees those backing stores only when it collects their
 * small JS wrappers: thousands of wrappers fit in the young generation, and its external-memory
 * trigger allows ~64 MiB — so streaming a large file grows the process by tens of MiB of garbage.
 * A minor GC every few MiB (about a millisecond each) bounds that. `gc` is reached the way
 * V8 allows after start-up: set --expose-gc, then take it from a new context.
 */
import { setV8FlagAtRunTime } from '../../conventions/index.js';
import { runInNewContext } from 'node:vm';

type Collect = (o: { type: 'minor' | 'major' }) => void;
let collect: Collect | null | undefined;

export function releaseDeadBuffers(): void {
  if (collect === undefined) {
    try {
      setV8FlagAtRunTime('--expose-gc');
      collect = (runInNewContext('gc') as Collect | undefined) ?? null;
    } catch {
      collect = null;
    }
  }
  collect?.({ type: 'minor' });
}

/** Calls releaseDeadBuffers each time `bytes` crosses a multiple of `every`. */
export function releaseEvery(every: number): (bytes: number) => void {
  let next = every;
  return (bytes) => {
    if (bytes < next) return;
    next = (Math.floor(bytes / every) + 1) * every;
    releaseDeadBuffers();
  };
}
