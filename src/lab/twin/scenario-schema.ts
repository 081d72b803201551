/**
 * The shape of a lab scenario file (src/lab/scenarios/*.yaml). Pure: zod schema + types only.
 */
import { z } from 'zod';
import { FAULT_NAMES } from './types.js';

const ipv4 = z
  .string()
  .regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, 'must be an IPv4 address')
  .refine((s) => s.split('.').every((o) => Number(o) <= 255), 'must be an IPv4 address');
const cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'must be a CIDR such as 10.244.0.0/16');
const version = z.string().regex(/^v\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'must be a version such as v1.11.5');
const asn = z.number().int().min(1).max(4294967295);
const nodeName = z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'must be a lowercase DNS label');

export const ScenarioNodeSchema = z
  .object({
    name: nodeName,
    ip: ipv4,
    role: z.enum(['controlplane', 'worker']).default('controlplane'),
    talosVersion: version.optional(),
    kubeletVersion: version.optional(),
  })
  .strict();

/** Many nodes at once (the `large` scenario): `<cluster>-01…` with IPs counting up from firstIp. */
export const NodeSetSchema = z
  .object({
    count: z.number().int().min(1).max(1000),
    controlPlanes: z.number().int().min(1).max(7).default(3),
    firstIp: ipv4,
  })
  .strict();

export const LbServiceSchema = z
  .object({
    namespace: nodeName,
    name: nodeName,
    ip: ipv4,
    ports: z.array(z.number().int().min(1).max(65535)).min(1).default([443]),
  })
  .strict();

export const ScenarioClusterSchema = z
  .object({
    name: nodeName,
    id: z.number().int().min(1).max(255),
    talosVersion: version,
    kubernetesVersion: version,
    etcdVersion: z.string().regex(/^\d+\.\d+\.\d+$/).default('3.6.4'),
    asn,
    peer: z.object({ address: ipv4, asn }).strict(),
    podCidr: cidr,
    serviceCidr: cidr,
    mtu: z.number().int().min(576).max(9216).default(9000),
    lbPool: z.object({ name: nodeName, start: ipv4, stop: ipv4 }).strict(),
    nodes: z.array(ScenarioNodeSchema).min(1).optional(),
    generate: NodeSetSchema.optional(),
    services: z.array(LbServiceSchema).default([]),
    /** Opaque to the twin: passed to the Flux simulator as is. */
    flux: z.unknown().optional(),
  })
  .strict()
  .refine((c) => (c.nodes === undefined) !== (c.generate === undefined), {
    message: 'give exactly one of `nodes` or `generate`',
  });

export const ScenarioSchema = z
  .object({
    name: nodeName.optional(),
    description: z.string().default(''),
    talosctl: z
      .object({ clientVersion: version.default('v1.11.5') })
      .strict()
      .default({ clientVersion: 'v1.11.5' }),
    timings: z
      .object({
        upgradeMs: z.number().int().min(0).optional(),
        rebootMs: z.number().int().min(0).optional(),
        bootMs: z.number().int().min(0).optional(),
        notReadyGraceMs: z.number().int().min(0).optional(),
        kubeletStepMs: z.number().int().min(0).optional(),
      })
      .strict()
      .default({}),
    router: z
      .object({ address: ipv4, asn, hostname: z.string().min(1).default('edge-router') })
      .strict()
      .default({ address: '10.25.11.1', asn: 64501, hostname: 'edge-router' }),
    clusters: z.array(ScenarioClusterSchema).min(1),
    faults: z
      .array(z.object({ fault: z.enum(FAULT_NAMES), target: z.string().min(1) }).strict())
      .default([]),
  })
  .strict();

export type ScenarioNode = z.infer<typeof ScenarioNodeSchema>;
export type ScenarioCluster = z.infer<typeof ScenarioClusterSchema>;
/** A parsed scenario; `source` is the file it came from (for messages). */
export type Scenario = z.infer<typeof ScenarioSchema> & { name: string; source: string };

function ipPlus(ip: string, n: number): string {
  const v = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0) + n;
  return [24, 16, 8, 0].map((s) => Math.floor(v / 2 ** s) % 256).join('.');
}

/** The cluster's nodes, with a `generate` block expanded to `<cluster>-01`, `<cluster>-02`, … */
export function clusterNodes(c: ScenarioCluster): ScenarioNode[] {
  if (c.nodes) return c.nodes;
  const g = c.generate!;
  const width = Math.max(2, String(g.count).length);
  return Array.from({ length: g.count }, (_, i) => ({
    name: `${c.name}-${String(i + 1).padStart(width, '0')}`,
    ip: ipPlus(g.firstIp, i),
    role: i < g.controlPlanes ? ('controlplane' as const) : ('worker' as const),
  }));
}

export function ipToNumber(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}
