/** The plat.yaml that describes a running lab: its clusters, the router stand-in, local backups. */
import { stringify } from 'yaml';
import type { RouterStandIn } from './router/index.js';
import type { Scenario, TwinCluster } from './twin/index.js';

export function labPlatYaml(opts: {
  scenario: Scenario;
  clusters: readonly TwinCluster[];
  paths: { kubeconfig: string; talosconfig: string; identity: string; knownHosts: string };
  router: RouterStandIn;
  backupDir: string;
  stateDir: string;
}): string {
  const doc = {
    talosconfig: opts.paths.talosconfig,
    kubeconfig: opts.paths.kubeconfig,
    stateDir: opts.stateDir,
    network: { bond: { name: 'bond0', mode: '802.3ad', xmitHashPolicy: 'layer3+4', lacpRate: 'fast', miimon: 100, mtu: 9000, slaves: 2 } },
    router: {
      host: opts.router.host,
      port: opts.router.port,
      user: 'plat',
      identityFile: opts.paths.identity,
      knownHosts: opts.paths.knownHosts,
      flavor: opts.router.flavor,
      asn: opts.scenario.router.asn,
    },
    clusters: opts.clusters.map((c) => ({
      name: c.name,
      id: c.id,
      kubeContext: `admin@${c.name}`,
      talosContext: c.name,
      readOnly: false,
      podCIDR: c.podCidr,
      serviceCIDR: c.serviceCidr,
      nodes: c.nodes.map((n) => ({ name: n.name, ip: n.ip, role: n.role })),
      bgp: { localASN: c.asn, peers: [{ address: c.peer.address, asn: c.peer.asn }] },
      lbPools: [{ name: c.lbPool.name, start: c.lbPool.start, stop: c.lbPool.stop }],
    })),
    backup: {
      dir: opts.backupDir,
      schedule: '0 */6 * * *',
      timezone: 'UTC',
      retention: { keepWithin: '24h', keepLast: 4 },
    },
  };
  return `# plat.yaml for the lab scenario "${opts.scenario.name}" (written by plat lab; every path points into the lab dir)\n${stringify(doc, { lineWidth: 0 })}`;
}
