/**
 * LB-IPAM: CiliumLoadBalancerIPPool (cilium.io/v2 in 1.18) and Services of type LoadBalancer.
 * The operator keeps the pool counts in condition messages (`cilium.io/IPsTotal` message "20",
 * status Unknown, reason noreason — verbatim 1.18.0 output) and marks overlaps with
 * `cilium.io/PoolConflict` True / `cidr_overlap`. A count condition can be missing
 * (cilium#41536, 1.18.1): that is "unknown", never 0.
 */
import { conditionOf, conditionSchema, metadataSchema, readObject, type KubeCondition } from './kube-shape.js';
import type { IpBlock, LbPool, LbService } from './model.js';
import { arr, bool, obj, opt, str } from '../shape.js';

export const LB_POOL_PLURAL = 'ciliumloadbalancerippools';

const pool = obj({
  metadata: metadataSchema,
  spec: obj({
    blocks: opt(arr(obj({ cidr: opt(str()), start: opt(str()), stop: opt(str()) }))),
    disabled: opt(bool()),
  }),
  status: opt(obj({ conditions: opt(arr(conditionSchema)) })),
});

function countOf(conditions: KubeCondition[] | undefined, type: string): number | undefined {
  const m = conditionOf(conditions, type)?.message?.trim();
  return m && /^\d+$/.test(m) ? Number(m) : undefined;
}

export function parseLbPool(value: unknown, cluster: string, command = `list ${LB_POOL_PLURAL}`): LbPool {
  const p = readObject(pool, value, command);
  const conditions = p.status?.conditions;
  const blocks: IpBlock[] = (p.spec.blocks ?? []).flatMap((b): IpBlock[] => {
    if (b.cidr) return [{ cidr: b.cidr }];
    if (b.start) return [{ start: b.start, stop: b.stop ?? b.start }];
    return [];
  });
  const out: LbPool = { cluster, name: p.metadata.name, blocks, disabled: p.spec.disabled ?? false };
  const conflict = conditionOf(conditions, 'cilium.io/PoolConflict');
  if (conflict?.status === 'True') out.conflict = conflict.message || conflict.reason || 'conflict';
  const total = countOf(conditions, 'cilium.io/IPsTotal');
  const available = countOf(conditions, 'cilium.io/IPsAvailable');
  const used = countOf(conditions, 'cilium.io/IPsUsed');
  if (total !== undefined) out.total = total;
  if (available !== undefined) out.available = available;
  if (used !== undefined) out.used = used;
  return out;
}

const service = obj({
  metadata: metadataSchema,
  spec: opt(obj({ type: opt(str()) })),
  status: opt(
    obj({
      conditions: opt(arr(conditionSchema)),
      loadBalancer: opt(obj({ ingress: opt(arr(obj({ ip: opt(str()), hostname: opt(str()) }))) })),
    }),
  ),
});

/** A Service of type LoadBalancer; undefined for every other Service type. */
export function parseLbService(value: unknown, cluster: string, command = 'list services'): LbService | undefined {
  const s = readObject(service, value, command);
  if (s.spec?.type !== 'LoadBalancer') return undefined;
  const out: LbService = {
    cluster,
    namespace: s.metadata.namespace ?? 'default',
    name: s.metadata.name,
    ips: (s.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : [])),
  };
  const requested = s.metadata.annotations?.['lbipam.cilium.io/ips'];
  if (requested) out.requestedIps = requested.split(',').map((x) => x.trim()).filter(Boolean);
  const ipam = conditionOf(s.status?.conditions, 'cilium.io/IPAMRequestSatisfied');
  if (ipam) out.ipam = { status: ipam.status, reason: ipam.reason ?? '', message: ipam.message ?? '' };
  return out;
}
