/**
 * Keeps one cluster's ObjectStore in step with the twin: writes Nodes, Namespaces, LB Services,
 * Cilium objects and node Events whenever the twin changes, and reads back what users change
 * through the API (`kubectl cordon` → spec.unschedulable → the twin's node is cordoned).
 */
import { UserError } from '../../errors/index.js';
import type { KubeObject, ObjectStore, StoreChange } from '../kube-api/types.js';
import { buildClusterObjects, KUBE_TYPES, rfc3339 } from './kube-objects.js';
import { seededHex } from './identity.js';
import type { Twin } from './twin.js';
import type { TwinNode } from './types.js';

const apiVersionOf = (group: string, version: string) => (group ? `${group}/${version}` : version);

/** Compare what we manage; ignore server-assigned metadata. */
function managed(o: KubeObject | undefined): string {
  if (!o) return '';
  const { uid: _u, resourceVersion: _r, generation: _g, managedFields: _m, ...meta } = o.metadata;
  return JSON.stringify({ ...o, metadata: meta });
}

function merge(existing: KubeObject | undefined, ours: KubeObject): KubeObject {
  if (!existing) return ours;
  return {
    ...existing,
    ...ours,
    metadata: {
      ...existing.metadata,
      ...ours.metadata,
      labels: { ...(existing.metadata.labels ?? {}), ...(ours.metadata.labels ?? {}) },
      annotations: { ...(existing.metadata.annotations ?? {}), ...(ours.metadata.annotations ?? {}) },
    },
  };
}

interface Seen {
  ready: string;
  cordoned: boolean;
  bootId: string;
}

export function attachKube(twin: Twin, clusterName: string, store: ObjectStore): () => void {
  const cluster = twin.cluster(clusterName);
  if (!cluster) throw new UserError(`unknown cluster "${clusterName}": the scenario has ${twin.clusters().map((c) => c.name).join(', ')}`);
  for (const t of KUBE_TYPES) if (!store.typeFor(apiVersionOf(t.group, t.version), t.kind)) store.register(t);

  const seen = new Map<string, Seen>();
  let eventSeq = 0;

  const write = (obj: KubeObject) => {
    const ns = obj.metadata.namespace;
    const existing = store.get(obj.apiVersion, obj.kind, ns, obj.metadata.name);
    const next = merge(existing, obj);
    if (managed(existing) !== managed(next)) store.upsert(next);
  };

  const event = (n: TwinNode, reason: string, message: string, type: 'Normal' | 'Warning', component: string) => {
    const now = twin.clock.now();
    const ts = rfc3339(now);
    const node = store.get('v1', 'Node', undefined, n.name);
    store.upsert({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${n.name}.${seededHex(`${n.name}:${now}:${eventSeq++}`, 16)}`, namespace: 'default', creationTimestamp: ts },
      involvedObject: { apiVersion: 'v1', kind: 'Node', name: n.name, uid: node?.metadata.uid ?? n.machineId },
      reason,
      message,
      type,
      source: { component, host: n.name },
      reportingComponent: component,
      reportingInstance: component === 'kubelet' ? n.name : '',
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
    });
  };

  const events = () => {
    for (const n of cluster.nodes) {
      const prev = seen.get(n.name);
      const now: Seen = { ready: n.kubeReady, cordoned: n.cordoned, bootId: n.bootId };
      seen.set(n.name, now);
      if (!prev) continue;
      if (prev.bootId !== now.bootId) event(n, 'Rebooted', `Node ${n.name} has been rebooted, boot id: ${n.bootId}`, 'Warning', 'kubelet');
      if (prev.ready === 'True' && now.ready !== 'True') event(n, 'NodeNotReady', `Node ${n.name} status is now: NodeNotReady`, 'Normal', 'node-controller');
      if (prev.ready !== 'True' && now.ready === 'True') event(n, 'NodeReady', `Node ${n.name} status is now: NodeReady`, 'Normal', 'kubelet');
      if (!prev.cordoned && now.cordoned) event(n, 'NodeNotSchedulable', `Node ${n.name} status is now: NodeNotSchedulable`, 'Normal', 'kubelet');
      if (prev.cordoned && !now.cordoned) event(n, 'NodeSchedulable', `Node ${n.name} status is now: NodeSchedulable`, 'Normal', 'kubelet');
    }
  };

  let syncing = false;
  const sync = () => {
    if (syncing) return;
    syncing = true;
    try {
      const ownerUid = () => store.get('cilium.io/v2', 'CiliumBGPClusterConfig', undefined, `bgp-${cluster.name}`)?.metadata.uid ?? '';
      const hadOwner = ownerUid();
      for (const o of buildClusterObjects(cluster, twin.clock.now(), hadOwner)) write(o);
      // the first pass creates the cluster config; its uid then goes into the node configs' ownerReferences
      if (!hadOwner && ownerUid()) for (const o of buildClusterObjects(cluster, twin.clock.now(), ownerUid())) write(o);
      events();
    } finally {
      syncing = false;
    }
  };

  const readBack = (change: StoreChange) => {
    const o = change.object;
    if (change.type !== 'MODIFIED' || o.apiVersion !== 'v1' || o.kind !== 'Node') return;
    const node = cluster.nodes.find((n) => n.name === o.metadata.name);
    const unschedulable = !!(o.spec as { unschedulable?: boolean } | undefined)?.unschedulable;
    if (node && node.cordoned !== unschedulable && !syncing) twin.setCordoned(node.name, unschedulable);
  };

  sync();
  const offStore = store.subscribe(readBack);
  const offTwin = twin.onChange((c) => {
    if (c.kind === 'machine') return;
    if (c.kind === 'fault' && c.fault === 'flux-failing') return;
    if ('cluster' in c && c.cluster !== cluster.name) return;
    sync();
  });
  return () => {
    offTwin();
    offStore();
  };
}
