/**
 * Turns store changes into watch events: a bounded history (the apiserver's watch cache) so a
 * client can resume from a resourceVersion, and per-watcher selector filtering with the real
 * server's transitions (an object that stops matching a selector is sent as DELETED, one that
 * starts matching as ADDED).
 */
import type { KubeObject, ObjectStore, StoreChange, WatchEventType } from './types.js';
import { matchesFields, matchesLabels, type FieldRequirement, type LabelRequirement } from './selectors.js';

export interface WatchFilter {
  apiVersion: string;
  kind: string;
  namespace?: string;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

export interface Watcher {
  filter: WatchFilter;
  deliver(type: WatchEventType, object: KubeObject): void;
  /** Close the stream abruptly (socket destroyed), as when an apiserver goes away. */
  drop(): void;
}

interface Entry {
  rv: number;
  change: StoreChange;
}

export function matchesFilter(f: WatchFilter, o: KubeObject | undefined): boolean {
  if (!o || o.apiVersion !== f.apiVersion || o.kind !== f.kind) return false;
  if (f.namespace !== undefined && o.metadata.namespace !== f.namespace) return false;
  return matchesLabels(f.labels, o.metadata.labels) && matchesFields(f.fields, o);
}

/** What one change looks like to one watcher, or undefined when it should not see it. */
function eventFor(f: WatchFilter, c: StoreChange): WatchEventType | undefined {
  const now = c.type !== 'DELETED' && matchesFilter(f, c.object);
  const before = c.type === 'ADDED' ? false : matchesFilter(f, c.type === 'DELETED' ? c.object : c.old);
  if (c.type === 'DELETED') return before ? 'DELETED' : undefined;
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  return before ? 'DELETED' : undefined;
}

export class WatchHub {
  private entries: Entry[] = [];
  private head = 0;
  /** Every event with a resourceVersion ≤ this is gone from the history. */
  private compactedRv: number;
  private watchers = new Set<Watcher>();
  private unsubscribe: () => void;

  constructor(
    private store: ObjectStore,
    private limit: number,
  ) {
    this.compactedRv = Number(store.resourceVersion());
    this.unsubscribe = store.subscribe((c) => this.onChange(c));
  }

  private onChange(c: StoreChange): void {
    this.entries.push({ rv: Number(c.object.metadata.resourceVersion), change: c });
    while (this.entries.length - this.head > this.limit) this.compactedRv = (this.entries[this.head++] as Entry).rv;
    if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    for (const w of this.watchers) {
      const type = eventFor(w.filter, c);
      if (type) w.deliver(type, c.object);
    }
  }

  /** The oldest resourceVersion a watch may resume from. */
  oldestResumable(): number {
    return this.compactedRv;
  }

  /** Replay events after `rv` for a filter; undefined when `rv` is older than the retained history. */
  since(rv: number, f: WatchFilter): { type: WatchEventType; object: KubeObject }[] | undefined {
    if (rv < this.compactedRv) return undefined;
    const out: { type: WatchEventType; object: KubeObject }[] = [];
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i] as Entry;
      if (e.rv <= rv) continue;
      const type = eventFor(f, e.change);
      if (type) out.push({ type, object: e.change.object });
    }
    return out;
  }

  add(w: Watcher): void {
    this.watchers.add(w);
  }

  remove(w: Watcher): void {
    this.watchers.delete(w);
  }

  count(): number {
    return this.watchers.size;
  }

  compact(): void {
    this.compactedRv = Number(this.store.resourceVersion());
    this.entries = [];
    this.head = 0;
  }

  dropAll(): void {
    for (const w of [...this.watchers]) w.drop();
  }

  close(): void {
    this.unsubscribe();
    this.dropAll();
  }
}
