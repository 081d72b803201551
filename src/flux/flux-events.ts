/**
 * The Kubernetes Events of one Flux object (flux events --for): the controllers record legacy
 * core/v1 Events (reference/flux.md §2.6), listed with involvedObject field selectors, oldest first
 * by their last time, as `flux events` sorts them.
 */
import type { KubeCluster, KubeResource } from '../kube/index.js';
import type { FluxObjectRef } from './kinds.js';
import { compareText } from '../conventions/index.js';

export interface FluxEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  /** RFC 3339 of the latest occurrence. */
  lastSeen: string;
  firstSeen?: string;
  source?: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function parseFluxEvent(e: KubeResource): FluxEvent {
  const r = e as Record<string, unknown>;
  const series = (r.series ?? {}) as { lastObservedTime?: unknown };
  const lastSeen = str(series.lastObservedTime) || str(r.lastTimestamp) || str(r.eventTime) || str(e.metadata.creationTimestamp);
  const out: FluxEvent = { type: str(r.type), reason: str(r.reason), message: str(r.message), count: typeof r.count === 'number' ? r.count : 1, lastSeen };
  if (str(r.firstTimestamp)) out.firstSeen = str(r.firstTimestamp);
  const component = str((r.source as { component?: unknown } | undefined)?.component) || str(r.reportingComponent);
  if (component) out.source = component;
  return out;
}

export async function fluxEvents(kube: KubeCluster, ref: FluxObjectRef): Promise<FluxEvent[]> {
  const list = await kube.list('', 'v1', 'events', ref.namespace, { fieldSelector: `involvedObject.kind=${ref.kind},involvedObject.name=${ref.name}` });
  return list.items.map(parseFluxEvent).sort((a, b) => compareText(a.lastSeen, b.lastSeen));
}
