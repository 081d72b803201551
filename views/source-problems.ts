/**
 * Why a cluster's data is missing or doubtful, one line per source. The verdict itself is the
 * fleet's (`clusterVerdict` from src/fleet), so the badge and `plat status` never disagree.
 */
import type { ClusterState, SourceStatus } from '../src/fleet/index.js';

/** One line about a source that is not ok, e.g. `talos: connection refused`; undefined when ok. */
export function sourceProblem(name: string, s: SourceStatus): string | undefined {
  switch (s.state) {
    case 'ok':
      return undefined;
    case 'syncing':
      return `${name}: syncing`;
    case 'error':
      return `${name}: ${s.reason}`;
    case 'stale':
      return `${name}: stale${s.reason ? ` (${s.reason})` : ''}`;
  }
}

export function clusterProblems(cluster: ClusterState): string[] {
  return [sourceProblem('talos', cluster.talos), sourceProblem('kube', cluster.kube)].filter(
    (p): p is string => p !== undefined,
  );
}
