/**
 * Core v1 Events as the Flux controllers record them through client-go's EventRecorder
 * (reference/flux.md §2.6, event-kustomization-healthcheckfailed.yaml): involvedObject set,
 * source.component = the controller, revision in `<group>/revision`, repeats aggregated into count.
 */
import { kubeTime, type KubeObject, type ObjectStore } from '../kube-api/index.js';
import type { Clock } from '../clock.js';
import { fluxKinds, isFluxKind } from './flux-kinds.js';
import type { FluxEventSpec } from './status-common.js';

/** kube-apiserver --event-ttl default: events disappear an hour after their last update. */
const EVENT_TTL_MS = 3_600_000;

export class FluxEventRecorder {
  private seq = 0;
  private byKey = new Map<string, string>();
  private created: { namespace: string; name: string; key: string }[] = [];
  private lastExpiry = 0;

  constructor(
    private store: ObjectStore,
    private clock: Clock,
  ) {}

  /** Drop events whose last update is older than the TTL (checked once a minute), so a long-running lab stays bounded. */
  private expire(): void {
    const now = this.clock.now();
    if (now - this.lastExpiry < 60_000) return;
    this.lastExpiry = now;
    this.created = this.created.filter((c) => {
      const ev = this.store.get('v1', 'Event', c.namespace, c.name);
      if (ev && !(Date.parse(String(ev.lastTimestamp ?? '')) < now - EVENT_TTL_MS)) return true;
      this.byKey.delete(c.key);
      if (ev) this.store.delete('v1', 'Event', c.namespace, c.name);
      return false;
    });
  }

  record(o: KubeObject, e: FluxEventSpec): void {
    if (!this.store.typeFor('v1', 'Event') || !isFluxKind(o.kind)) return;
    this.expire();
    const info = fluxKinds[o.kind];
    const ns = o.metadata.namespace ?? 'default';
    const now = kubeTime(this.clock.now());
    const key = `${o.metadata.uid ?? ''}|${e.type}|${e.reason}|${e.message}`;
    const known = this.byKey.get(key);
    const existing = known ? this.store.get('v1', 'Event', ns, known) : undefined;
    if (existing) {
      this.store.upsert({ ...structuredClone(existing), count: Number(existing.count ?? 1) + 1, lastTimestamp: now });
      return;
    }
    // client-go names events <object>.<unix nanoseconds in hex>.
    const nanos = BigInt(this.clock.now()) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    const name = `${o.metadata.name}.${nanos.toString(16).padStart(16, '0')}`;
    this.byKey.set(key, name);
    this.created.push({ namespace: ns, name, key });
    this.store.upsert({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns, ...(e.revision ? { annotations: { [`${info.group}/revision`]: e.revision } } : {}) },
      involvedObject: { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: ns, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion },
      reason: e.reason,
      message: e.message,
      type: e.type,
      source: { component: info.controller },
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    });
  }
}
