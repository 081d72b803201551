/**
 * The reflector loop (client-go's ListAndWatch, simplified): list, hand over the full state, watch
 * from the list's resourceVersion; after a dropped or ended stream resume from the last
 * resourceVersion seen (bookmarks included); after 410 Gone the history is lost, so list again.
 * Errors back off on the injected clock (500 ms doubling to 30 s) and are reported, never fatal.
 */
import { realClock } from '../lab/clock.js';
import { KubeApiError } from './kube-errors.js';
import type { KubeCluster, KubeList, KubeResource, ListOptions, ListWatchOptions, WatchEvent } from './types.js';

export interface ListWatchSource<T> {
  list(): Promise<KubeList<T>>;
  watch(resourceVersion: string, handlers: { onEvent(e: WatchEvent<T>): void; onError(e: Error): void; onClose(): void }): Promise<() => void>;
}

const MAX_DELAY = 30_000;

export function runListWatch<T extends KubeResource>(src: ListWatchSource<T>, opts: ListWatchOptions<T>): () => void {
  const clock = opts.clock ?? realClock;
  const firstDelay = opts.retryDelayMs ?? 500;
  let delay = firstDelay;
  let stopped = false;
  let session = 0;
  let lastRv = '';
  let stopWatch: (() => void) | undefined;
  let timer: unknown;

  const later = (fn: () => void, ms: number): void => {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  };
  const failed = (err: Error, then: () => void): void => {
    if (stopped) return;
    opts.onError?.(err);
    later(then, delay);
    delay = Math.min(delay * 2, MAX_DELAY);
  };

  async function relist(): Promise<void> {
    const mine = ++session;
    stopWatch?.();
    stopWatch = undefined;
    try {
      const l = await src.list();
      if (stopped || mine !== session) return;
      lastRv = l.resourceVersion;
      opts.onEvent({ type: 'SYNC', items: l.items, resourceVersion: l.resourceVersion });
      await startWatch();
    } catch (e) {
      if (mine === session) failed(e as Error, () => void relist());
    }
  }

  async function startWatch(): Promise<void> {
    const mine = ++session;
    let over = false;
    const end = (): boolean => {
      if (over || mine !== session || stopped) return false;
      over = true;
      return true;
    };
    try {
      const stop = await src.watch(lastRv, {
        onEvent: (e) => {
          if (over || mine !== session || stopped) return;
          delay = firstDelay;
          if (e.type === 'BOOKMARK') {
            lastRv = e.resourceVersion;
            return;
          }
          lastRv = e.object.metadata.resourceVersion ?? lastRv;
          opts.onEvent(e);
        },
        onError: (err) => {
          if (!end()) return;
          // 410: the server no longer has our resourceVersion; only a fresh list is consistent.
          if (err instanceof KubeApiError && err.code === 410) void relist();
          else failed(err, () => void startWatch());
        },
        onClose: () => {
          if (end()) later(() => void startWatch(), 0);
        },
      });
      if (stopped || mine !== session) stop();
      else stopWatch = stop;
    } catch (e) {
      if (end()) failed(e as Error, () => void startWatch());
    }
  }

  void relist();
  return () => {
    stopped = true;
    session++;
    if (timer !== undefined) clock.clearTimeout(timer);
    stopWatch?.();
  };
}

/** KubeCluster.listWatch for any transport: the loop above over the cluster's own list and watch. */
export function listWatchOver<T extends KubeResource>(cluster: Pick<KubeCluster, 'list' | 'watch'>, group: string, version: string, plural: string, opts: ListWatchOptions<T>): () => void {
  const filters: ListOptions = { ...(opts.labelSelector ? { labelSelector: opts.labelSelector } : {}), ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}) };
  return runListWatch<T>(
    {
      list: () => cluster.list<T>(group, version, plural, opts.namespace, filters),
      watch: (resourceVersion, h) =>
        cluster.watch<T>(group, version, plural, { ...filters, ...(opts.namespace ? { namespace: opts.namespace } : {}), resourceVersion, onEvent: h.onEvent, onError: h.onError, onClose: h.onClose }),
    },
    opts,
  );
}
