/**
 * `plat upgrade talos|k8s` as runbooks made in memory: the default gates (plus BGP when the
 * cluster peers), a backup first, then the upgrade. The runbook is stored whole in the journal,
 * so `plat runbook resume` works for these runs as for any other.
 */
import { createHash } from 'node:crypto';
import type { ClusterConfig } from '../config/index.js';
import { UserError } from '../errors/index.js';
import type { LoadedRunbook } from './load.js';
import { DEFAULT_GATES, runbookSchema, type CheckSpec } from './schema.js';
import { DURATION, installerVersion, KUBERNETES_VERSION } from './versions.js';

function gatesFor(cluster: ClusterConfig): CheckSpec[] {
  return [...DEFAULT_GATES, ...(cluster.bgp?.peers.length ? [{ check: 'bgp-established' as const }] : [])];
}

function loaded(raw: unknown, file: string): LoadedRunbook {
  const runbook = runbookSchema.parse(raw);
  return { runbook, file, sha256: createHash('sha256').update(JSON.stringify(raw)).digest('hex'), stepLines: [] };
}

function checkTimeout(timeout: string | undefined): void {
  if (timeout !== undefined && !DURATION.test(timeout)) throw new UserError(`--timeout ${JSON.stringify(timeout)} is not a duration (like 20m, 1h)`);
}

export function talosUpgradeRunbook(o: { cluster: ClusterConfig; image: string; nodes?: string[]; timeout?: string }): LoadedRunbook {
  const version = installerVersion(o.image);
  if (!version) throw new UserError(`--image ${JSON.stringify(o.image)} is not an installer image with a version tag`, { hint: 'like ghcr.io/siderolabs/installer:v1.12.7 (or your Image Factory installer with its version tag)' });
  checkTimeout(o.timeout);
  const names = o.cluster.nodes.map((n) => n.name);
  const unknown = (o.nodes ?? []).filter((n) => !names.includes(n));
  if (unknown.length) throw new UserError(`--nodes: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a node' : 'are not nodes'} of ${o.cluster.name}`, { hint: `nodes of ${o.cluster.name}: ${names.join(', ')}` });
  return loaded(
    {
      name: `talos-${version}`,
      description: `plat upgrade talos --cluster ${o.cluster.name} --image ${o.image}`,
      cluster: o.cluster.name,
      gates: gatesFor(o.cluster),
      steps: [
        { kind: 'backup' },
        { kind: 'talos-upgrade', image: o.image, ...(o.nodes?.length ? { nodes: o.nodes } : {}), ...(o.timeout ? { timeout: o.timeout } : {}) },
      ],
    },
    '(plat upgrade talos)',
  );
}

export function k8sUpgradeRunbook(o: { cluster: ClusterConfig; to: string; timeout?: string }): LoadedRunbook {
  if (!KUBERNETES_VERSION.test(o.to)) throw new UserError(`--to ${JSON.stringify(o.to)} is not a Kubernetes version`, { hint: 'like 1.35.3' });
  checkTimeout(o.timeout);
  const to = o.to.replace(/^v/, '');
  return loaded(
    {
      name: `kubernetes-${to}`,
      description: `plat upgrade k8s --cluster ${o.cluster.name} --to ${to}`,
      cluster: o.cluster.name,
      gates: gatesFor(o.cluster),
      steps: [{ kind: 'backup' }, { kind: 'k8s-upgrade', to, ...(o.timeout ? { timeout: o.timeout } : {}) }],
    },
    '(plat upgrade k8s)',
  );
}
