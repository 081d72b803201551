/**
 * Builds the twin's clusters from a scenario: every node healthy, booted days ago, bond0 in
 * one LACP aggregator with the switch, BGP Established, etcd members in quorum.
 * Faults listed in the scenario are injected afterwards by the Twin.
 */
import { clusterNodes, type Scenario, type ScenarioCluster, type ScenarioNode } from './scenario-schema.js';
import { discoveryNodeId, etcdMemberId, nicMac, seededHex, switchMac, talosKernel, uuid } from './identity.js';
import { bootedServices } from './services.js';
import type { Bond, BondSlave, TwinCluster, TwinNode } from './types.js';

const DAY = 86_400_000;

export function healthySlave(node: string, index: number, lagIndex: number, partnerMac: string): BondSlave {
  return {
    name: `enp1s0f${index}`,
    permanentMac: nicMac(node, index),
    speedMbit: 10000,
    mii: 'up',
    linkFailures: 0,
    aggregatorId: 1,
    actorKey: 15,
    // LACP state octet: activity|short-timeout|aggregation|sync|collecting|distributing = 63
    actorPortState: 63,
    partnerMac,
    partnerKey: 1001 + lagIndex,
    // The switch runs slow LACP timeouts: sync|collecting|distributing|aggregation|activity = 61
    partnerPortState: 61,
    partnerSystemPriority: 32768,
    partnerPortPriority: 32768,
    partnerPortNumber: 2 * lagIndex + index + 1,
    actorChurn: 'none',
    partnerChurn: 'none',
    actorChurned: 0,
    partnerChurned: 0,
  };
}

export function healthyBond(node: string, lagIndex: number, mtu: number, partnerMac: string): Bond {
  return {
    name: 'bond0',
    mac: nicMac(node, 0),
    mtu,
    mode: '802.3ad',
    xmitHashPolicy: 'layer3+4',
    lacpRate: 'fast',
    miimon: 100,
    updelay: 200,
    downdelay: 200,
    adLacpActive: 'on',
    slaves: [0, 1].map((i) => healthySlave(node, i, lagIndex, partnerMac)),
  };
}

function seedNode(c: ScenarioCluster, n: ScenarioNode, i: number, lagIndex: number, now: number, partnerMac: string, advertised: number): TwinNode {
  const talosVersion = n.talosVersion ?? c.talosVersion;
  const bootTime = now - 4 * DAY - 3 * 3_600_000 + i * 17 * 60_000;
  const createdAt = now - 120 * DAY + i * 90_000;
  return {
    name: n.name,
    cluster: c.name,
    ip: n.ip,
    role: n.role,
    talosVersion,
    kubeletVersion: n.kubeletVersion ?? c.kubernetesVersion,
    kernel: talosKernel(talosVersion),
    nodeId: discoveryNodeId(n.name),
    machineId: seededHex(`machine:${n.name}`, 32),
    bootId: uuid(`${n.name}:boot:0`),
    bootTime,
    createdAt,
    stage: 'running',
    kubeReady: 'True',
    kubeReadySince: bootTime + 35_000,
    cordoned: false,
    podsRunning: true,
    services: bootedServices({ role: n.role }, bootTime),
    bond: healthyBond(n.name, lagIndex, c.mtu, partnerMac),
    baselineBond: healthyBond(n.name, lagIndex, c.mtu, partnerMac),
    mtu: c.mtu,
    bgp: {
      state: 'Established',
      since: bootTime + 40_000,
      advertised,
      received: 0,
      holdTime: 90,
      keepalive: 30,
      established: 1,
      dropped: 0,
    },
    etcd:
      n.role === 'controlplane'
        ? { id: etcdMemberId(n.name), dbSize: 28_000_000 + i * 350_000, dbInUse: 17_400_000 + i * 120_000, learner: false, alarms: [] }
        : undefined,
    faults: new Set(),
    versions: new Map(),
    updatedAt: new Map(),
  };
}

export function seedClusters(s: Scenario, now: number): TwinCluster[] {
  const partnerMac = switchMac(s.router.hostname);
  let lagIndex = 0;
  return s.clusters.map((c) => {
    const advertised = c.services.length;
    const nodes = clusterNodes(c).map((n, i) => seedNode(c, n, i, lagIndex++, now, partnerMac, advertised));
    const firstCp = nodes.find((n) => n.etcd);
    return {
      name: c.name,
      id: c.id,
      asn: c.asn,
      peer: { ...c.peer },
      podCidr: c.podCidr,
      serviceCidr: c.serviceCidr,
      kubernetesVersion: c.kubernetesVersion,
      etcdVersion: c.etcdVersion,
      endpoint: `https://${firstCp?.ip ?? nodes[0]!.ip}:6443`,
      lbPool: { ...c.lbPool },
      services: c.services.map((x) => ({ ...x, ports: [...x.ports] })),
      flux: c.flux,
      nodes,
      etcd: { leader: firstCp?.name ?? '', raftTerm: 4, raftIndexBase: 1_804_211 + c.id * 1000, revisionBase: 1_562_337 + c.id * 1000, startedAt: now },
      createdAt: now - 120 * DAY,
    };
  });
}
