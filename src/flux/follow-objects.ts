/**
 * Watching the objects an action waits on: a list+watch of one kind (one name through a field
 * selector, or a namespace for bulk resume) that keeps the current objects and wakes the waiter on
 * every change, on a timer of the injected clock (re-checks, the deadline), or on trouble. Changes
 * coalesce: a waiter only ever judges the newest state, which is the one that counts.
 */
import type { KubeCluster, KubeResource } from '../kube/index.js';
import type { Clock } from '../lab/clock.js';
import { reasonOf } from './flux-read.js';
import type { ServedKind } from './served-versions.js';

export type FollowItem = { type: 'changed' } | { type: 'tick' } | { type: 'timeout' } | { type: 'trouble'; message: string };

export interface Follower {
  /** Objects by `namespace/name`, as last seen. */
  readonly objects: ReadonlyMap<string, KubeResource>;
  /** True once the first list arrived. */
  readonly synced: boolean;
  next(): Promise<FollowItem>;
  /** A 'tick' after `ms` on the clock (one pending at a time). */
  tickIn(ms: number): void;
  stop(): void;
}

export function followFluxObjects(opts: { kube: KubeCluster; served: ServedKind; namespace?: string; name?: string; clock: Clock; timeoutMs: number; retryDelayMs?: number }): Follower {
  const { clock } = opts;
  const objects = new Map<string, KubeResource>();
  const queue: FollowItem[] = [];
  let wake: ((i: FollowItem) => void) | undefined;
  let synced = false;
  let tick: unknown;
  let stopped = false;

  const push = (item: FollowItem): void => {
    if (stopped) return;
    if (item.type === 'changed' && queue.some((q) => q.type === 'changed')) return;
    if (wake) {
      const w = wake;
      wake = undefined;
      w(item);
    } else queue.push(item);
  };
  const key = (o: KubeResource): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

  const stopWatch = opts.kube.listWatch<KubeResource>(opts.served.group, opts.served.version, opts.served.plural, {
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    ...(opts.name ? { fieldSelector: `metadata.name=${opts.name}` } : {}),
    clock,
    ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
    onEvent: (e) => {
      if (e.type === 'SYNC') {
        objects.clear();
        for (const o of e.items) objects.set(key(o), o);
        synced = true;
      } else if (e.type === 'DELETED') objects.delete(key(e.object));
      else objects.set(key(e.object), e.object);
      push({ type: 'changed' });
    },
    onError: (err) => push({ type: 'trouble', message: reasonOf(err) }),
  });
  const deadline = clock.setTimeout(() => push({ type: 'timeout' }), opts.timeoutMs);

  return {
    objects,
    get synced() {
      return synced;
    },
    next() {
      const item = queue.shift();
      if (item) return Promise.resolve(item);
      return new Promise((resolve) => (wake = resolve));
    },
    tickIn(ms) {
      if (tick !== undefined || stopped) return;
      tick = clock.setTimeout(() => {
        tick = undefined;
        push({ type: 'tick' });
      }, ms);
    },
    stop() {
      stopped = true;
      stopWatch();
      clock.clearTimeout(deadline);
      if (tick !== undefined) clock.clearTimeout(tick);
    },
  };
}
