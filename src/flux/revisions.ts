/**
 * The revisions `flux get` does not show side by side (reference/flux.md §2.2–2.4): what a
 * Kustomization or HelmRelease last applied next to what it last attempted, a source's artifact
 * and when it was stored, and the last reconcile request handled. For the Flux detail. Pure.
 */
import type { KubeResource } from '../kube/index.js';
import type { FluxKindName } from './kinds.js';
import { truncateHex } from './readiness.js';

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export interface FluxRevision {
  label: string;
  value: string;
}

/** Hashes cut to 8 characters as `flux get` does, except on HelmReleases (chart versions carry `+hash`). */
export function fluxRevisions(kind: FluxKindName, o: KubeResource): FluxRevision[] {
  const s = rec(o.status);
  const out: FluxRevision[] = [];
  const add = (label: string, value: string) => value && out.push({ label, value: kind === 'HelmRelease' ? value : truncateHex(value) });
  if (kind === 'HelmRelease') {
    const latest = rec(Array.isArray(s.history) ? s.history[0] : undefined);
    const chart = [str(latest.chartName), str(latest.chartVersion)].filter(Boolean).join(' ');
    add('installed chart', chart ? `${chart}${str(latest.status) ? ` (${str(latest.status)})` : ''}` : '');
    add('last applied', str(s.lastAppliedRevision));
    add('last attempted', str(s.lastAttemptedRevision));
  } else if (kind === 'Kustomization') {
    add('last applied', str(s.lastAppliedRevision));
    add('last attempted', str(s.lastAttemptedRevision));
  } else {
    const artifact = rec(s.artifact);
    add('artifact', str(artifact.revision));
    add('artifact stored', str(artifact.lastUpdateTime));
  }
  add('reconcile handled', str(s.lastHandledReconcileAt));
  return out;
}
