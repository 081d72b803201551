/**
 * The bond adapter: Talos' two sources for every node of one cluster. `get links` and `version`
 * go out once with all nodes in `-n`; `read` runs one talosctl per node because talosctl refuses
 * several nodes for it (read.go @v1.12) — TalosClient.read runs them in parallel. A source that
 * fails, as a whole or for one node, leaves an error on those nodes only.
 */
import type { ClusterConfig } from '../../config/index.js';
import { isPlatError } from '../../errors/index.js';
import type { NodeResults, TalosClient, TalosResource } from '../../talos/index.js';

/** What the bond view needs from talosctl; TalosClient has it (and so does a lazy wrapper). */
export type BondTalos = Pick<TalosClient, 'get' | 'read' | 'version'>;
import { bondLinks } from './links.js';
import type { NodeBond } from './model.js';
import { bondProcfsPath, parseBondProcfs } from './procfs.js';

export interface ClusterBondsOptions {
  bondName: string;
  now: () => number;
  signal?: AbortSignal;
  /** Also ask `talosctl version` (for the Talos 1.12.0–1.12.7 LACP diagnosis). Default true. */
  withVersions?: boolean;
}

type Settled<T> = { ok: NodeResults<T> } | { error: string };

async function settle<T>(p: Promise<NodeResults<T>>): Promise<Settled<T>> {
  try {
    return { ok: await p };
  } catch (e) {
    if (!isPlatError(e)) throw e;
    return { error: e.message };
  }
}

export async function readClusterBonds(talos: BondTalos, cluster: ClusterConfig, o: ClusterBondsOptions): Promise<NodeBond[]> {
  const ips = cluster.nodes.map((n) => n.ip);
  const call = o.signal ? { signal: o.signal } : {};
  const path = bondProcfsPath(o.bondName);
  const [links, procfs, versions] = await Promise.all([
    settle(talos.get('links', ips, call)),
    settle(talos.read(path, ips, call)),
    o.withVersions === false ? Promise.resolve(undefined) : settle(talos.version(ips, call)),
  ]);
  const at = o.now();
  return cluster.nodes.map((n) => {
    const nb: NodeBond = { cluster: cluster.name, node: n.name, address: n.ip, bondName: o.bondName, at, errors: {} };
    const linkRes = pick<TalosResource[]>(links, n.ip);
    if ('error' in linkRes) nb.errors.links = linkRes.error;
    else {
      try {
        nb.links = bondLinks(linkRes.value, `talosctl get links (${n.name})`).find((b) => b.bond.name === o.bondName) ?? null;
      } catch (e) {
        if (!isPlatError(e)) throw e;
        nb.errors.links = e.message;
      }
    }
    const text = pick<string>(procfs, n.ip);
    if ('error' in text) nb.errors.procfs = text.error;
    else {
      try {
        nb.procfs = parseBondProcfs(text.value, { command: `talosctl read ${path} (${n.name})` });
      } catch (e) {
        if (!isPlatError(e)) throw e;
        nb.errors.procfs = e.message;
      }
    }
    if (versions) {
      const v = pick<{ tag: string }>(versions, n.ip);
      if ('error' in v) nb.errors.version = v.error;
      else if (v.value.tag) nb.talosVersion = v.value.tag;
    }
    return nb;
  });
}

function pick<T>(r: Settled<T>, node: string): { value: T } | { error: string } {
  if ('error' in r) return { error: r.error };
  const err = r.ok.errors[node];
  if (err !== undefined) return { error: err };
  const value = r.ok.byNode[node];
  return value === undefined ? { error: 'no answer for this node' } : { value };
}
