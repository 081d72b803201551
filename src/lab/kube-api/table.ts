/**
 * Server-side printing (meta.k8s.io Table), what `kubectl get` asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Core kinds use the columns of the
 * apiserver's built-in printers (pkg/printers/internalversion); CRDs use their printer columns
 * with dates turned into ages on the server, as the CRD table convertor does.
 */
import { humanDuration } from './human-duration.js';
import { compileJsonPath, evalJsonPath } from './json-path.js';
import type { KubeObject, PrinterColumn, ResourceType } from './types.js';
import { objectJson, type ListMeta } from './wire.js';

type Cell = string | number | boolean | null;
interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  cell: (o: KubeObject, now: number) => Cell;
}

const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.';

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
const ageOf = (ts: unknown, now: number): string => {
  const t = typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
};
const nameCol: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata.name };
const ageCol: Column = { name: 'Age', type: 'string', cell: (o, now) => ageOf(o.metadata.creationTimestamp, now) };

function nodeStatus(o: KubeObject): string {
  const ready = arr(rec(o.status).conditions).find((c) => c.type === 'Ready');
  const base = !ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  return rec(o.spec).unschedulable === true ? `${base},SchedulingDisabled` : base;
}

function nodeRoles(o: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

const nodeAddress = (o: KubeObject, type: string): string => arr(rec(o.status).addresses).find((a) => a.type === type)?.address as string | undefined ?? '<none>';
const nodeInfo = (o: KubeObject, k: string): string => String(rec(rec(o.status).nodeInfo)[k] ?? '<unknown>');

function serviceExternal(o: KubeObject): string {
  const spec = rec(o.spec);
  const external = Array.isArray(spec.externalIPs) ? (spec.externalIPs as string[]) : [];
  if (spec.type === 'LoadBalancer') {
    const ingress = arr(rec(rec(o.status).loadBalancer).ingress).map((i) => String(i.ip ?? i.hostname ?? ''));
    const all = [...ingress, ...external].filter(Boolean);
    return all.length ? all.join(',') : '<pending>';
  }
  return external.length ? external.join(',') : '<none>';
}

function servicePorts(o: KubeObject): string {
  const ports = arr(rec(o.spec).ports).map((p) => `${String(p.port)}${p.nodePort ? `:${String(p.nodePort)}` : ''}/${String(p.protocol ?? 'TCP')}`);
  return ports.length ? ports.join(',') : '<none>';
}

function selectorText(sel: unknown): string {
  const entries = Object.entries(rec(sel));
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(',') : '<none>';
}

function eventObject(o: KubeObject): string {
  const io = rec(o.involvedObject);
  return `${String(io.kind ?? '').toLowerCase()}/${String(io.name ?? '')}`;
}

const builtIn: Record<string, Column[]> = {
  Node: [
    nameCol,
    { name: 'Status', type: 'string', cell: nodeStatus },
    { name: 'Roles', type: 'string', cell: nodeRoles },
    ageCol,
    { name: 'Version', type: 'string', cell: (o) => nodeInfo(o, 'kubeletVersion') },
    { name: 'Internal-IP', type: 'string', priority: 1, cell: (o) => nodeAddress(o, 'InternalIP') },
    { name: 'External-IP', type: 'string', priority: 1, cell: (o) => nodeAddress(o, 'ExternalIP') },
    { name: 'OS-Image', type: 'string', priority: 1, cell: (o) => nodeInfo(o, 'osImage') },
    { name: 'Kernel-Version', type: 'string', priority: 1, cell: (o) => nodeInfo(o, 'kernelVersion') },
    { name: 'Container-Runtime', type: 'string', priority: 1, cell: (o) => nodeInfo(o, 'containerRuntimeVersion') },
  ],
  Service: [
    nameCol,
    { name: 'Type', type: 'string', cell: (o) => String(rec(o.spec).type ?? 'ClusterIP') },
    { name: 'Cluster-IP', type: 'string', cell: (o) => String(rec(o.spec).clusterIP || '<none>') },
    { name: 'External-IP', type: 'string', cell: serviceExternal },
    { name: 'Port(s)', type: 'string', cell: servicePorts },
    ageCol,
    { name: 'Selector', type: 'string', priority: 1, cell: (o) => selectorText(rec(o.spec).selector) },
  ],
  Namespace: [nameCol, { name: 'Status', type: 'string', cell: (o) => String(rec(o.status).phase ?? '') }, ageCol],
  Event: [
    { name: 'Last Seen', type: 'string', cell: (o, now) => ageOf(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp, now) },
    { name: 'Type', type: 'string', cell: (o) => String(o.type ?? '') },
    { name: 'Reason', type: 'string', cell: (o) => String(o.reason ?? '') },
    { name: 'Object', type: 'string', cell: eventObject },
    { name: 'Subobject', type: 'string', priority: 1, cell: (o) => String(rec(o.involvedObject).fieldPath ?? '') },
    { name: 'Source', type: 'string', priority: 1, cell: (o) => String(rec(o.source).component ?? '') },
    { name: 'Message', type: 'string', cell: (o) => String(o.message ?? '') },
    { name: 'First Seen', type: 'string', priority: 1, cell: (o, now) => ageOf(o.firstTimestamp ?? o.metadata.creationTimestamp, now) },
    { name: 'Count', type: 'string', priority: 1, cell: (o) => String(o.count ?? 1) },
    { name: 'Name', type: 'string', priority: 1, cell: (o) => o.metadata.name },
  ],
};

function crdColumn(pc: PrinterColumn): Column {
  const steps = compileJsonPath(pc.jsonPath);
  return {
    name: pc.name,
    type: pc.type === 'date' ? 'date' : pc.type,
    priority: pc.priority ?? 0,
    cell: (o, now) => {
      const first = evalJsonPath(o, steps)[0];
      if (first === undefined || first === null) return null;
      if (pc.type === 'date') return ageOf(first, now);
      if (typeof first === 'object') return JSON.stringify(first);
      return first as Cell;
    },
  };
}

const columnCache = new WeakMap<ResourceType, Column[]>();
function columnsFor(t: ResourceType): Column[] {
  let cols = columnCache.get(t);
  if (!cols) {
    cols = t.group === '' && builtIn[t.kind] ? (builtIn[t.kind] as Column[]) : [nameCol, ...(t.printerColumns ?? [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' } as PrinterColumn]).map(crdColumn)];
    columnCache.set(t, cols);
  }
  return cols;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  now: number;
  includeObject: IncludeObject;
  tableApiVersion: string;
  meta?: ListMeta;
  /** Watch events carry single-row tables; kubectl only needs the header once but accepts it each time. */
  withColumns?: boolean;
}

function rowObject(o: KubeObject, include: IncludeObject, tableApiVersion: string): string {
  if (include === 'None') return '';
  if (include === 'Object') return `,"object":${objectJson(o)}`;
  return `,"object":${JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion: tableApiVersion, metadata: o.metadata })}`;
}

export function tableJson(t: ResourceType, items: KubeObject[], opts: TableOptions): string {
  const cols = columnsFor(t);
  const defs = cols.map((c) => ({
    name: c.name,
    type: c.type,
    format: c.format ?? '',
    description: c.format === 'name' ? NAME_DESCRIPTION : c.name,
    priority: c.priority ?? 0,
  }));
  const rows = items.map((o) => `{"cells":${JSON.stringify(cols.map((c) => c.cell(o, opts.now)))}${rowObject(o, opts.includeObject, opts.tableApiVersion)}}`);
  const meta = JSON.stringify(opts.meta ?? {});
  const columnDefinitions = opts.withColumns === false ? '[]' : JSON.stringify(defs);
  return `{"kind":"Table","apiVersion":"${opts.tableApiVersion}","metadata":${meta},"columnDefinitions":${columnDefinitions},"rows":[${rows.join(',')}]}`;
}
