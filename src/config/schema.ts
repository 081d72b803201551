/**
 * The plat.yaml schema. Defaults describe the platform in DESIGN.md, but nothing assumes two
 * clusters: `clusters` takes any number. Strict objects everywhere so a typo is reported with a
 * did-you-mean instead of being silently ignored.
 */
import * as z from 'zod';
import { isIPv4 } from '../conventions/index.js';

const ipv4 = () =>
  z.string().refine((s) => isIPv4(s), { error: (iss) => `${JSON.stringify(iss.input)} is not an IPv4 address` });


const cidrv4 = () =>
  z.string().refine(
    (s) => {
      const [ip, len, ...rest] = s.split('/');
      return rest.length === 0 && isIPv4(ip) && len !== undefined && /^\d{1,2}$/.test(len) && Number(len) <= 32;
    },
    { error: (iss) => `${JSON.stringify(iss.input)} is not an IPv4 CIDR (like 10.25.11.0/24)` },
  );

const asn = () => z.number().int().min(1).max(4294967294);
const name = () =>
  z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a valid name (lower-case letters, digits and '-')` });
/** Durations like 90s, 15m, 24h, 7d, 2w. */
export const durationPattern = /^(\d+)(s|m|h|d|w)$/;
const duration = () =>
  z.string().regex(durationPattern, { error: (iss) => `${JSON.stringify(iss.input)} is not a duration (like 30m, 24h, 7d)` });

export const nodeSchema = z.strictObject({
  name: name(),
  ip: ipv4(),
  role: z.enum(['controlplane', 'worker']).default('controlplane'),
});

export const bgpPeerSchema = z.strictObject({
  address: ipv4(),
  asn: asn(),
});

export const lbPoolSchema = z.strictObject({
  name: name(),
  /** Either a CIDR or a start–stop range, as CiliumLoadBalancerIPPool blocks allow. */
  cidr: cidrv4().optional(),
  start: ipv4().optional(),
  stop: ipv4().optional(),
}).refine((p) => !!p.cidr !== !!(p.start && p.stop), { error: 'a pool needs either cidr, or start and stop' });

export const clusterSchema = z.strictObject({
  name: name(),
  id: z.number().int().min(1).max(255),
  kubeContext: z.string().min(1).optional(),
  talosContext: z.string().min(1).optional(),
  readOnly: z.boolean().default(false),
  nodes: z.array(nodeSchema).min(1, { error: 'a cluster needs at least one node' }),
  podCIDR: cidrv4().optional(),
  serviceCIDR: cidrv4().optional(),
  bgp: z
    .strictObject({
      localASN: asn(),
      peers: z.array(bgpPeerSchema).default([]),
    })
    .optional(),
  lbPools: z.array(lbPoolSchema).default([]),
});

export const networkSchema = z.strictObject({
  bond: z
    .strictObject({
      name: z.string().default('bond0'),
      mode: z.enum(['802.3ad', 'balance-rr', 'active-backup', 'balance-xor', 'broadcast', 'balance-tlb', 'balance-alb']).default('802.3ad'),
      xmitHashPolicy: z.enum(['layer2', 'layer2+3', 'layer3+4', 'encap2+3', 'encap3+4', 'vlan+srcmac']).default('layer3+4'),
      lacpRate: z.enum(['slow', 'fast']).default('fast'),
      miimon: z.number().int().min(0).default(100),
      mtu: z.number().int().min(576).max(9216).default(9000),
      slaves: z.number().int().min(1).default(2),
    })
    .prefault({}),
});

export const routerSchema = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().min(1).default('plat'),
  identityFile: z.string().min(1),
  knownHosts: z.string().min(1).default('~/.ssh/known_hosts'),
  flavor: z.enum(['frr', 'gobgp']).default('frr'),
  asn: asn().optional(),
});

export const retentionSchema = z
  .strictObject({
    keepLast: z.number().int().min(0).optional(),
    keepHourly: z.number().int().min(0).optional(),
    keepDaily: z.number().int().min(0).optional(),
    keepWeekly: z.number().int().min(0).optional(),
    keepMonthly: z.number().int().min(0).optional(),
    keepWithin: duration().optional(),
  })
  .refine((r) => Object.values(r).some((v) => v !== undefined && v !== 0), {
    error: 'an empty retention policy would delete everything; set at least one keep rule',
  });

const localDestination = z.strictObject({
  name: name(),
  type: z.literal('local'),
  dir: z.string().min(1),
  every: z.enum(['run', 'daily', 'weekly']).default('run'),
  retention: retentionSchema,
});

const sftpDestination = z.strictObject({
  name: name(),
  type: z.literal('sftp'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().min(1),
  identityFile: z.string().min(1),
  knownHosts: z.string().min(1).default('~/.ssh/known_hosts'),
  dir: z.string().min(1),
  every: z.enum(['run', 'daily', 'weekly']).default('run'),
  retention: retentionSchema,
});

export const backupSchema = z.strictObject({
  /** Where `plat backup run` writes first (the local copy); `--dir` overrides it for one run. */
  dir: z.string().min(1).default('~/.local/state/plat/backups'),
  schedule: z.string().min(1).default('0 */6 * * *'),
  timezone: z.string().min(1).default('UTC'),
  compression: z.enum(['gzip', 'none']).default('gzip'),
  retention: retentionSchema.default({ keepWithin: '24h', keepLast: 4 }),
  destinations: z.array(z.discriminatedUnion('type', [localDestination, sftpDestination])).default([]),
  encryption: z
    .strictObject({
      recipients: z
        .array(z.string().regex(/^age1[02-9ac-hj-np-z]{58}$/, { error: (iss) => `${JSON.stringify(iss.input)} is not an age X25519 recipient (age1…)` }))
        .min(1),
    })
    .optional(),
  etcdQuotaBytes: z.number().int().min(1).default(2 * 1024 ** 3),
});

export const platConfigSchema = z.strictObject({
  talosconfig: z.string().min(1).optional(),
  kubeconfig: z.string().min(1).optional(),
  stateDir: z.string().min(1).default('~/.local/state/plat'),
  network: networkSchema.prefault({}),
  router: routerSchema.optional(),
  clusters: z.array(clusterSchema).min(1, { error: 'at least one cluster is required' }),
  backup: backupSchema.prefault({}),
});

export type PlatConfig = z.infer<typeof platConfigSchema>;
export type ClusterConfig = z.infer<typeof clusterSchema>;
export type NodeConfig = z.infer<typeof nodeSchema>;
export type RouterConfig = z.infer<typeof routerSchema>;
export type BackupConfig = z.infer<typeof backupSchema>;
export type RetentionConfig = z.infer<typeof retentionSchema>;
export type BondExpectation = PlatConfig['network']['bond'];
