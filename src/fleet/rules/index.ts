/** All finding rules over a FleetState, worst first. Pure: same state in, same findings out. */
import type { ClusterState, Finding, Verdict } from '../model.js';
import { sortFindings } from '../../findings/index.js';
import { nodeFindings } from './node-rules.js';
import { serviceFindings } from './service-rules.js';
import { versionFindings } from './version-rules.js';
import { sourceFindings } from './source-rules.js';


export type ClusterRule = (c: ClusterState, now: number) => Finding[];

export const clusterRules: ClusterRule[] = [sourceFindings, nodeFindings, serviceFindings, versionFindings];

export function evaluateFindings(clusters: readonly ClusterState[], now: number, rules: readonly ClusterRule[] = clusterRules): Finding[] {
  const all = clusters.flatMap((c) => rules.flatMap((r) => r(c, now)));
  return sortFindings(all);
}

/** One word per cluster for badges and `plat status`. */
export function clusterVerdict(c: ClusterState, findings: readonly Finding[]): Verdict {
  if (c.kube.state === 'error' && c.talos.state === 'error') return 'unreachable';
  if (c.kube.state === 'syncing' && c.talos.state === 'syncing') return 'syncing';
  const mine = findings.filter((f) => f.cluster === c.name);
  if (mine.some((f) => f.severity === 'critical')) return 'critical';
  if (mine.some((f) => f.severity === 'warning')) return 'degraded';
  return 'healthy';
}

export { humanDuration, ago, sinceText } from '../../time/index.js';
export { parseVersion, compareVersions, minorDistance } from './versions.js';
