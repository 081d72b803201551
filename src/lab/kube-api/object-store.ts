/**
 * The in-memory ObjectStore behind a lab cluster. Kubernetes semantics that clients rely on:
 * one monotonic resourceVersion counter for every write (etcd's revision), `generation` bumped only
 * when something outside metadata/status changes (so an annotation-only reconcile request does not
 * bump it, flux.md §4.4), uid and creationTimestamp fixed at creation, lists in etcd key order
 * (namespace, then name). Stored objects are deep-frozen and shared, never copied per read.
 */
import { randomUUID } from 'node:crypto';
import { UserError } from '../../errors/index.js';
import { realClock, type Clock } from '../clock.js';
import { apiVersionOf, labResourceTypes } from './catalog.js';
import { applyMergePatch, deepEqual } from './patch.js';
import type { KubeObject, ObjectStore, ResourceType, StoreChange } from './types.js';

interface Bucket {
  type: ResourceType;
  objects: Map<string, KubeObject>;
  sorted: KubeObject[] | undefined;
}

export interface ObjectStoreOptions {
  /** Source of creationTimestamp for new objects. */
  clock?: Clock;
}

/** A deep copy of JSON-like data, frozen as it is built (one pass instead of structuredClone + freeze). */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map((v) => frozenCopy(v))) as T;
  if (value instanceof Date) return Object.freeze(new Date(value.getTime())) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[k] = frozenCopy((value as Record<string, unknown>)[k]);
  return Object.freeze(out) as T;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/** RFC 3339 with whole seconds, as metav1.Time serialises. */
export const kubeTime = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

const typeKey = (apiVersion: string, kind: string): string => `${apiVersion}/${kind}`;
const objectKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/** Everything but metadata and status: what `generation` counts changes of. */
function specPart(obj: KubeObject | undefined): Record<string, unknown> {
  if (!obj) return {};
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

class MemoryObjectStore implements ObjectStore {
  private buckets = new Map<string, Bucket>();
  private counter = 0;
  private listeners: ((c: StoreChange) => void)[] = [];
  private queue: StoreChange[] = [];
  private dispatching = false;

  constructor(
    types: ResourceType[],
    private clock: Clock,
  ) {
    for (const t of types) this.register(t);
  }

  register(type: ResourceType): void {
    const key = typeKey(apiVersionOf(type), type.kind);
    if (!this.buckets.has(key)) this.buckets.set(key, { type: deepFreeze({ ...type }), objects: new Map(), sorted: undefined });
  }

  types(): ResourceType[] {
    return [...this.buckets.values()].map((b) => b.type);
  }

  typeFor(apiVersion: string, kind: string): ResourceType | undefined {
    return this.buckets.get(typeKey(apiVersion, kind))?.type;
  }

  private bucket(apiVersion: string, kind: string): Bucket {
    const b = this.buckets.get(typeKey(apiVersion, kind));
    if (!b) throw new UserError(`the lab API server does not serve ${kind} in ${apiVersion}`);
    return b;
  }

  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const b = this.bucket(apiVersion, kind);
    return b.objects.get(objectKey(b.type.namespaced ? namespace : undefined, name));
  }

  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    const b = this.bucket(apiVersion, kind);
    if (!b.sorted) {
      b.sorted = [...b.objects.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map((e) => e[1]);
    }
    return namespace === undefined ? b.sorted.slice() : b.sorted.filter((o) => o.metadata.namespace === namespace);
  }

  upsert(obj: KubeObject): KubeObject {
    const b = this.bucket(obj.apiVersion, obj.kind);
    const name = obj.metadata?.name;
    if (typeof name !== 'string' || name === '') throw new UserError(`${obj.kind} without metadata.name cannot be stored`);
    const namespace = b.type.namespaced ? obj.metadata.namespace : undefined;
    if (b.type.namespaced && !namespace) throw new UserError(`${obj.kind} ${name} needs metadata.namespace`);
    if (namespace) this.ensureNamespace(namespace);
    const key = objectKey(namespace, name);
    const old = b.objects.get(key);
    const next = { ...obj, metadata: { ...obj.metadata } } as KubeObject;
    const meta = next.metadata;
    if (namespace) meta.namespace = namespace;
    else delete meta.namespace;
    meta.uid = old?.metadata.uid ?? meta.uid ?? randomUUID();
    meta.creationTimestamp = old?.metadata.creationTimestamp ?? meta.creationTimestamp ?? kubeTime(this.clock.now());
    // Built-in kinds like Node, Service and Namespace carry no generation; every CRD does.
    if (b.type.group !== '') {
      const prev = old?.metadata.generation ?? 0;
      meta.generation = old ? (deepEqual(specPart(old), specPart(next)) ? prev : prev + 1) : (meta.generation ?? 1);
    }
    meta.resourceVersion = String(++this.counter);
    return this.commit(b, key, frozenCopy(next), old);
  }

  setStatus(apiVersion: string, kind: string, namespace: string | undefined, name: string, status: unknown): KubeObject | undefined {
    const b = this.bucket(apiVersion, kind);
    const key = objectKey(b.type.namespaced ? namespace : undefined, name);
    const old = b.objects.get(key);
    if (!old) return undefined;
    const next = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.counter) }, status: frozenCopy(status) } as KubeObject;
    if (status === undefined) delete next.status;
    return this.commit(b, key, Object.freeze({ ...next, metadata: Object.freeze(next.metadata) }), old);
  }

  mergePatch(apiVersion: string, kind: string, namespace: string | undefined, name: string, patch: unknown): KubeObject | undefined {
    const old = this.get(apiVersion, kind, namespace, name);
    if (!old) return undefined;
    const merged = applyMergePatch(old, patch) as KubeObject;
    // Identity cannot be patched away, whatever the patch says.
    merged.apiVersion = old.apiVersion;
    merged.kind = old.kind;
    merged.metadata = { ...(merged.metadata ?? {}), name: old.metadata.name, namespace: old.metadata.namespace };
    return this.upsert(merged);
  }

  delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): boolean {
    const b = this.bucket(apiVersion, kind);
    const key = objectKey(b.type.namespaced ? namespace : undefined, name);
    const old = b.objects.get(key);
    if (!old) return false;
    b.objects.delete(key);
    b.sorted = undefined;
    // A DELETED event carries the object at the resourceVersion of its deletion.
    const gone = deepFreeze({ ...old, metadata: { ...old.metadata, resourceVersion: String(++this.counter) } });
    this.emit({ type: 'DELETED', object: gone, old });
    return true;
  }

  subscribe(cb: (change: StoreChange) => void): () => void {
    this.listeners.push(cb);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== cb);
    };
  }

  resourceVersion(): string {
    return String(this.counter);
  }

  private ensureNamespace(name: string): void {
    const ns = this.buckets.get(typeKey('v1', 'Namespace'));
    if (!ns || ns.objects.has(objectKey(undefined, name))) return;
    this.upsert({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  private commit(b: Bucket, key: string, next: KubeObject, old: KubeObject | undefined): KubeObject {
    b.objects.set(key, next);
    if (!old) b.sorted = undefined;
    else if (b.sorted) {
      const i = b.sorted.indexOf(old);
      if (i >= 0) b.sorted[i] = next;
      else b.sorted = undefined;
    }
    this.emit(old ? { type: 'MODIFIED', object: next, old } : { type: 'ADDED', object: next });
    return next;
  }

  /**
   * Listeners run synchronously, but a listener that writes (a controller reacting to a change)
   * queues its change behind the current one, so every listener sees changes in resourceVersion order.
   */
  private emit(change: StoreChange): void {
    this.queue.push(change);
    if (this.dispatching) return;
    this.dispatching = true;
    let failure: unknown;
    try {
      for (let c = this.queue.shift(); c; c = this.queue.shift()) {
        for (const l of [...this.listeners]) {
          try {
            l(c);
          } catch (e) {
            failure ??= e;
          }
        }
      }
    } finally {
      this.dispatching = false;
    }
    if (failure !== undefined) throw failure;
  }
}

export function createObjectStore(types: ResourceType[] = labResourceTypes, opts: ObjectStoreOptions = {}): ObjectStore {
  return new MemoryObjectStore(types, opts.clock ?? realClock);
}
