/**
 * A core/v1 Node reduced to what plat shows: readiness (the Ready condition only, as kubectl's
 * STATUS column), every condition with its transition time, kubelet version, roles from
 * `node-role.kubernetes.io/<role>` labels, cordon state and the InternalIP. Pure.
 */
import { ParseError } from '../errors/index.js';

export interface KubeNodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastHeartbeatTime?: string;
}

export interface KubeNodeInfo {
  name: string;
  /** Ready condition is "True". A node without a Ready condition is not ready. */
  ready: boolean;
  readyReason?: string;
  readyMessage?: string;
  /** When the Ready condition last changed. */
  readySince?: string;
  conditions: KubeNodeCondition[];
  kubeletVersion?: string;
  osImage?: string;
  kernelVersion?: string;
  containerRuntimeVersion?: string;
  roles: string[];
  unschedulable: boolean;
  internalIP?: string;
  createdAt?: string;
  labels: Record<string, string>;
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function conditionOf(raw: unknown): KubeNodeCondition | undefined {
  const c = rec(raw);
  const type = str(c.type);
  const status = str(c.status);
  if (!type || !status) return undefined;
  const out: KubeNodeCondition = { type, status };
  for (const k of ['reason', 'message', 'lastTransitionTime', 'lastHeartbeatTime'] as const) {
    const v = str(c[k]);
    if (v) out[k] = v;
  }
  return out;
}

/** Roles as kubectl prints them: `node-role.kubernetes.io/<role>` labels, plus the legacy `kubernetes.io/role`. */
export function nodeRoles(labels: Record<string, string>): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort();
}

export function parseNode(raw: unknown): KubeNodeInfo {
  const obj = rec(raw);
  const meta = rec(obj.metadata);
  const name = str(meta.name);
  if (!name) throw new ParseError('kubernetes nodes', 'a Node without metadata.name');
  const status = rec(obj.status);
  const info = rec(status.nodeInfo);
  const labels = Object.fromEntries(Object.entries(rec(meta.labels)).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const conditions = (Array.isArray(status.conditions) ? status.conditions : []).map(conditionOf).filter((c): c is KubeNodeCondition => c !== undefined);
  const ready = conditions.find((c) => c.type === 'Ready');
  const internal = (Array.isArray(status.addresses) ? status.addresses : []).map(rec).find((a) => a.type === 'InternalIP');
  const node: KubeNodeInfo = { name, ready: ready?.status === 'True', conditions, roles: nodeRoles(labels), unschedulable: rec(obj.spec).unschedulable === true, labels };
  const optional: [keyof KubeNodeInfo, string | undefined][] = [
    ['readyReason', ready?.reason],
    ['readyMessage', ready?.message],
    ['readySince', ready?.lastTransitionTime],
    ['kubeletVersion', str(info.kubeletVersion)],
    ['osImage', str(info.osImage)],
    ['kernelVersion', str(info.kernelVersion)],
    ['containerRuntimeVersion', str(info.containerRuntimeVersion)],
    ['internalIP', str(internal?.address)],
    ['createdAt', str(meta.creationTimestamp)],
  ];
  for (const [k, v] of optional) if (v !== undefined) (node as unknown as Record<string, unknown>)[k] = v;
  return node;
}
