import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LbPool, LbService } from '../cilium/model.js';
import { parseLbPool, parseLbService } from '../cilium/pools.js';
import { blockRange, formatRange, ipv4ToNumber, numberToIpv4 } from './ip-range.js';
import { poolFindings, type ClusterPools } from './rules.js';

const yaml = (name: string): unknown => parse(readFileSync(new URL(`../../../test/fixtures/network/${name}`, import.meta.url), 'utf8'));
const pool = (cluster: string, name: string, start: string, stop: string, over: Partial<LbPool> = {}): LbPool => ({ cluster, name, blocks: [{ start, stop }], disabled: false, ...over });
const svc = (cluster: string, name: string, ips: string[]): LbService => ({ cluster, namespace: 'default', name, ips });
const brief = (cs: ClusterPools[]) => poolFindings(cs).map((f) => `${f.severity} ${f.cluster} ${f.rule}: ${f.what}`);

describe('ip ranges', () => {
  it('CIDR and start-stop blocks', () => {
    expect(blockRange({ cidr: '10.25.11.96/27' })).toEqual({ first: ipv4ToNumber('10.25.11.96'), last: ipv4ToNumber('10.25.11.127') });
    expect(formatRange(blockRange({ start: '10.25.11.100', stop: '10.25.11.119' })!)).toBe('10.25.11.100-10.25.11.119');
    expect(numberToIpv4(ipv4ToNumber('255.0.10.1')!)).toBe('255.0.10.1');
    expect(blockRange({ cidr: 'fd00::/64' })).toBeUndefined();
    expect(blockRange({ start: '10.0.0.9', stop: '10.0.0.1' })).toBeUndefined();
  });
});

describe('pool findings (golden)', () => {
  it('the reconstructed pool and Services: one Service waits for an IP (out_of_ips)', () => {
    const pools = [parseLbPool(yaml('cilium-lbippool.v2.yaml'), 'infra')];
    const services = (yaml('service-loadbalancer.v1.yaml') as { items: unknown[] }).items.flatMap((i) => parseLbService(i, 'infra') ?? []);
    expect(poolFindings([{ cluster: 'infra', pools, services, configured: [] }])).toEqual([
      {
        rule: 'service.no-ip',
        severity: 'warning',
        cluster: 'infra',
        subject: 'service default/extra-lb',
        what: 'infra: Service default/extra-lb has no LoadBalancer IP',
        why: 'IPAMRequestSatisfied False (out_of_ips): All enabled CiliumLoadBalancerIPPools that match this service ran out of allocatable IPs',
        action: 'add IPs to a matching pool or free one',
      },
    ]);
  });

  it('disjoint pools of two clusters and distinct IPs: nothing', () => {
    expect(
      poolFindings([
        { cluster: 'infra', pools: [pool('infra', 'infra-pool', '10.25.11.100', '10.25.11.119', { total: 20, used: 3 })], services: [svc('infra', 'a', ['10.25.11.100'])], configured: [] },
        { cluster: 'apps', pools: [pool('apps', 'apps-pool', '10.25.11.120', '10.25.11.139', { total: 20, used: 1 })], services: [svc('apps', 'b', ['10.25.11.120'])], configured: [] },
      ]),
    ).toEqual([]);
  });

  it('overlapping pools across clusters and one IP in both clusters, reported for each cluster', () => {
    const cs: ClusterPools[] = [
      { cluster: 'infra', pools: [pool('infra', 'infra-pool', '10.25.11.100', '10.25.11.119')], services: [svc('infra', 'ingress', ['10.25.11.100'])], configured: [] },
      { cluster: 'apps', pools: [{ cluster: 'apps', name: 'apps-pool', blocks: [{ cidr: '10.25.11.112/28' }], disabled: false }], services: [svc('apps', 'web', ['10.25.11.100'])], configured: [] },
    ];
    expect(brief(cs)).toEqual([
      'critical infra pool.overlap: infra: pool infra-pool overlaps pool apps-pool of apps (10.25.11.112-10.25.11.119)',
      'critical infra pool.ip-in-both: infra: LB IP 10.25.11.100 is also assigned in apps',
      'critical apps pool.overlap: apps: pool apps-pool overlaps pool infra-pool of infra (10.25.11.112-10.25.11.119)',
      'critical apps pool.ip-in-both: apps: LB IP 10.25.11.100 is also assigned in infra',
    ]);
    expect(poolFindings(cs)[0]!.why).toBe('10.25.11.100-10.25.11.119 (infra, from the cluster) and 10.25.11.112/28 (apps, from the cluster); both clusters may assign and announce the same IP');
  });

  it('a cluster whose API failed is checked with its plat.yaml pools', () => {
    const cs: ClusterPools[] = [
      { cluster: 'infra', pools: [pool('infra', 'infra-pool', '10.25.11.100', '10.25.11.119')], configured: [] },
      { cluster: 'apps', error: 'apps: cannot reach the Kubernetes API server at 127.0.0.1:6443 (ECONNREFUSED)', configured: [pool('apps', 'apps-pool', '10.25.11.110', '10.25.11.130')] },
    ];
    expect(brief(cs)).toEqual([
      'warning apps pools.unread: apps: LB pools unknown',
      'critical infra pool.overlap: infra: pool infra-pool overlaps pool apps-pool of apps (10.25.11.110-10.25.11.119)',
      'critical apps pool.overlap: apps: pool apps-pool overlaps pool infra-pool of infra (10.25.11.110-10.25.11.119)',
    ]);
    expect(poolFindings(cs)[1]!.why).toContain('(apps, from plat.yaml)');
  });

  it('usage at 90 % warns, conflict is critical, disabled is info', () => {
    const cs: ClusterPools[] = [
      {
        cluster: 'infra',
        pools: [
          pool('infra', 'full', '10.25.11.100', '10.25.11.119', { total: 20, available: 2 }),
          pool('infra', 'fine', '10.25.12.100', '10.25.12.119', { total: 20, used: 17 }),
          pool('infra', 'bad', '10.25.11.96', '10.25.11.127', { conflict: "Pool conflicts since range '10.25.11.96/27' overlaps range '10.25.11.100-10.25.11.119' from IP Pool 'full'" }),
          pool('infra', 'off', '10.25.13.1', '10.25.13.9', { disabled: true }),
        ],
        services: [],
        configured: [],
      },
    ];
    expect(brief(cs)).toEqual([
      'warning infra pool.usage: infra: pool full 90% used (18 of 20)',
      'critical infra pool.conflict: infra: pool bad is in conflict',
      'info infra pool.disabled: infra: pool off is disabled',
    ]);
  });
});
