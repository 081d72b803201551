/**
 * `talosctl read <path>`: copies a node file to stdout verbatim, single node only
 * (`command "read" is not supported with multiple nodes`, read.go). The lab knows the files
 * plat reads: the bonding procfs file and a link's sysfs mtu/operstate.
 */
import { procNetBonding } from './bonding-procfs.js';
import { endpointError, reachError, RpcError, singleNode, TalosctlError, type Session } from './session.js';

export function runRead(s: Session): void {
  const t = singleNode(s, 'read');
  const [path] = s.parsed.args as [string];
  const err = endpointError(s) ?? reachError(s.twin, t.label, t.node);
  if (err) throw new TalosctlError(`error reading file: ${err.message}`);
  const node = t.node!;
  const links = new Map<string, { mtu: number; up: boolean }>([
    ['lo', { mtu: 65536, up: true }],
    [node.bond.name, { mtu: node.bond.mtu, up: node.bond.slaves.some((x) => x.mii === 'up') }],
    ...node.bond.slaves.map((x) => [x.name, { mtu: node.bond.mtu, up: x.mii === 'up' }] as [string, { mtu: number; up: boolean }]),
  ]);
  if (path === `/proc/net/bonding/${node.bond.name}`) {
    s.sink.out(procNetBonding(node));
    return;
  }
  const sys = /^\/sys\/class\/net\/([^/]+)\/(mtu|operstate)$/.exec(path);
  const link = sys ? links.get(sys[1]!) : undefined;
  if (sys && link) {
    s.sink.out(sys[2] === 'mtu' ? `${link.mtu}\n` : `${link.up ? (sys[1] === 'lo' ? 'unknown' : 'up') : 'down'}\n`);
    return;
  }
  throw new TalosctlError(`error reading file: ${new RpcError('Unknown', `open ${path}: no such file or directory`).message}`);
}
