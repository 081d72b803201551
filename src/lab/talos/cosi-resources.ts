/**
 * The COSI resources the stand-in serves from the twin: Members, LinkStatuses, AddressStatuses,
 * RouteStatuses, MachineStatuses and Nodenames, with the field order of their Go specs
 * (talos.md §1.3, §2.1, §4.3) and the aliases `talosctl get` resolves.
 */
import { activeAggregator, bondSpeed, type Twin, type TwinNode } from '../twin/index.js';
import type { CosiResource, ResourceKind } from './cosi-output.js';
import type { YamlValue } from './go-yaml.js';
import { linkStatuses } from './cosi-links.js';

export interface ServedKind extends ResourceKind {
  owner: string;
  group: string;
  build: (twin: Twin, node: TwinNode) => Omit<CosiResource, 'namespace' | 'type' | 'owner' | 'phase'>[];
}

const col = (name: string, key: string) => ({ name, get: (s: { [k: string]: YamlValue }) => s[key] });

function res(twin: Twin, node: TwinNode, group: string, id: string, spec: { [k: string]: YamlValue }, initial = 1) {
  const created = node.bootTime + 8_000;
  return { id, version: twin.resourceVersion(node, `${group}/${id}`, twin.resourceVersion(node, group, initial)), created, updated: Math.max(created, twin.resourceUpdated(node, group)), spec };
}

const prefixLen = 24;
const networkOf = (ip: string) => ip.split('.').slice(0, 3).join('.');

export const KINDS: ServedKind[] = [
  {
    type: 'Members.cluster.talos.dev',
    displayType: 'Member',
    defaultNamespace: 'cluster',
    aliases: ['member', 'members'],
    owner: 'cluster.MemberController',
    group: 'members',
    columns: [col('Hostname', 'hostname'), col('Machine Type', 'machineType'), col('OS', 'operatingSystem'), col('Addresses', 'addresses')],
    build: (twin, node) =>
      twin.clusterOf(node).nodes.map((m) =>
        res(twin, node, 'members', m.name, {
          nodeId: m.nodeId,
          addresses: [m.ip],
          hostname: m.name,
          machineType: m.role,
          operatingSystem: `Talos (${m.talosVersion})`,
          ...(m.role === 'controlplane' ? { controlPlane: { port: 6443 } } : {}),
        }),
      ),
  },
  {
    type: 'LinkStatuses.net.talos.dev',
    displayType: 'LinkStatus',
    defaultNamespace: 'network',
    aliases: ['link', 'links', 'linkstatus', 'linkstatuses'],
    owner: 'network.LinkStatusController',
    group: 'links',
    // v1.12 added an ALIAS column in front (see linkColumns)
    columns: [col('Type', 'type'), col('Kind', 'kind'), col('Hw Addr', 'hardwareAddr'), col('Oper State', 'operationalState'), col('Link State', 'linkState')],
    build: (twin, node) => linkStatuses(node, activeAggregator(node.bond) !== undefined, bondSpeed(node.bond)).map((l) => res(twin, node, 'links', l.id, l.spec, 3)),
  },
  {
    type: 'AddressStatuses.net.talos.dev',
    displayType: 'AddressStatus',
    defaultNamespace: 'network',
    aliases: ['address', 'addresses', 'addressstatus', 'addressstatuses'],
    owner: 'network.AddressStatusController',
    group: 'addresses',
    columns: [col('Address', 'address'), col('Link', 'linkName')],
    build: (twin, node) => {
      const net = networkOf(node.ip);
      return [
        res(twin, node, 'addresses', `bond0/${node.ip}/${prefixLen}`, {
          address: `${node.ip}/${prefixLen}`,
          local: node.ip,
          broadcast: `${net}.255`,
          linkIndex: 4,
          linkName: 'bond0',
          family: 'inet4',
          scope: 'global',
          flags: 'permanent',
        }),
        res(twin, node, 'addresses', 'lo/127.0.0.1/8', { address: '127.0.0.1/8', local: '127.0.0.1', linkIndex: 1, linkName: 'lo', family: 'inet4', scope: 'host', flags: 'permanent' }),
        res(twin, node, 'addresses', 'lo/::1/128', { address: '::1/128', linkIndex: 1, linkName: 'lo', family: 'inet6', scope: 'host', flags: 'permanent' }),
      ];
    },
  },
  {
    type: 'RouteStatuses.net.talos.dev',
    displayType: 'RouteStatus',
    defaultNamespace: 'network',
    aliases: ['route', 'routes', 'routestatus', 'routestatuses'],
    owner: 'network.RouteStatusController',
    group: 'routes',
    columns: [col('Destination', 'dst'), col('Gateway', 'gateway'), col('Link', 'outLinkName'), col('Metric', 'priority')],
    build: (twin, node) => {
      const net = networkOf(node.ip);
      const gw = twin.clusterOf(node).peer.address;
      const route = (id: string, dst: string, gateway: string, link: string, linkIndex: number, table: string, priority: number, scope: string, type: string, src = '') =>
        res(twin, node, 'routes', id, { family: 'inet4', dst, src, gateway, outLinkIndex: linkIndex, outLinkName: link, table, priority, scope, type, flags: '', protocol: table === 'local' ? 'kernel' : 'static' });
      return [
        route(`inet4//${net}.0/${prefixLen}/1024`, `${net}.0/${prefixLen}`, '', 'bond0', 4, 'main', 1024, 'link', 'unicast', node.ip),
        route(`inet4/${gw}//1024`, '', gw, 'bond0', 4, 'main', 1024, 'global', 'unicast', node.ip),
        route(`local/inet4//${node.ip}/32/0`, `${node.ip}/32`, '', 'bond0', 4, 'local', 0, 'host', 'local', node.ip),
        route('local/inet4//127.0.0.0/8/0', '127.0.0.0/8', '', 'lo', 1, 'local', 0, 'host', 'local', '127.0.0.1'),
        route('local/inet4//127.0.0.1/32/0', '127.0.0.1/32', '', 'lo', 1, 'local', 0, 'host', 'local', '127.0.0.1'),
      ];
    },
  },
  {
    type: 'MachineStatuses.runtime.talos.dev',
    displayType: 'MachineStatus',
    defaultNamespace: 'runtime',
    aliases: ['machinestatus', 'machinestatuses'],
    owner: 'runtime.MachineStatusController',
    group: 'machinestatus',
    columns: [col('Stage', 'stage'), { name: 'Ready', get: (s) => (s.status as { ready: boolean }).ready }],
    build: (twin, node) => {
      const unmet: { name: string; reason: string }[] = [];
      const unhealthy = node.services.filter((s) => s.health === 'Fail').map((s) => s.id);
      if (unhealthy.length) unmet.push({ name: 'services', reason: `some services are not healthy: ${unhealthy.join(', ')}` });
      if (node.kubeReady !== 'True') unmet.push({ name: 'nodeReady', reason: `node "${node.name}" is not ready` });
      const ready = node.stage === 'running' && unmet.length === 0;
      return [res(twin, node, 'machinestatus', 'machine', { stage: node.stage, status: { ready, unmetConditions: unmet } }, 9)];
    },
  },
  {
    type: 'Nodenames.kubernetes.talos.dev',
    displayType: 'Nodename',
    defaultNamespace: 'k8s',
    aliases: ['nodename', 'nodenames'],
    owner: 'k8s.NodenameController',
    group: 'nodename',
    columns: [col('Nodename', 'nodename')],
    build: (twin, node) => [res(twin, node, 'nodename', 'nodename', { nodename: node.name, hostnameVersion: '2', skipNodeRegistration: false })],
  },
];

/** Print columns as the serving node's Talos version defines them (LinkStatus gained ALIAS in v1.12). */
export function columnsFor(kind: ServedKind, talosVersion: string): ServedKind['columns'] {
  const minor = Number(/^v?\d+\.(\d+)/.exec(talosVersion)?.[1] ?? 0);
  if (kind.group === 'links' && minor >= 12) return [col('Alias', 'alias'), ...kind.columns];
  return kind.columns;
}

/**
 * ResolveResourceKind: the type, its lowercase forms and aliases match case-insensitively.
 * `bonds` resolves to nothing: there is no Bond resource (talos.md fact 10).
 */
export function resolveKind(name: string): ServedKind | undefined {
  const n = name.toLowerCase();
  return KINDS.find((k) => k.type.toLowerCase() === n || k.type.split('.')[0]!.toLowerCase() === n || k.displayType.toLowerCase() === n || k.aliases.includes(n));
}

export function buildResources(twin: Twin, node: TwinNode, kind: ServedKind): CosiResource[] {
  return kind
    .build(twin, node)
    .map((r) => ({ ...r, namespace: kind.defaultNamespace, type: kind.type, owner: kind.owner, phase: 'running' as const }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
