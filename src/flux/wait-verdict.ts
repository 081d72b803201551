/**
 * When a reconcile or resume is over, from one look at the object (reference/flux.md §4.3, plat's
 * rule). A reconcile is handled when status.lastHandledReconcileAt equals our token — the
 * controller writes it at the end of the run that saw it, early exits included. A resume is
 * handled when the conditions carry the new generation. Then: Stalled → failed; Ready=True at this
 * generation → done; Ready=False → failed at once with its reason and message (the flux CLI's
 * kstatus wait would sit until its timeout), except DependencyNotReady (blocked: the caller
 * checks the dependency) and HealthCheckCanceled (a newer run took over). Pure.
 */
import type { KubeResource } from '../kube/index.js';
import type { FluxKindName } from './kinds.js';
import { conditionsOf, findCondition, revisionOf, truncateHex } from './readiness.js';

export type WaitVerdict =
  | { kind: 'waiting'; message: string }
  | { kind: 'blocked'; message: string; dependency?: { namespace: string; name: string } }
  | { kind: 'ready'; message: string }
  | { kind: 'failed'; reason: string; message: string; hint?: string };

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

function successText(kind: FluxKindName, o: KubeResource, readyMessage: string): string {
  const revision = revisionOf(kind, o);
  if (kind === 'Kustomization' || kind === 'HelmRelease') return revision ? `applied revision ${kind === 'HelmRelease' ? revision : truncateHex(revision)}` : readyMessage;
  if (['GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart', 'Bucket'].includes(kind)) return revision ? `fetched revision ${kind === 'HelmChart' ? revision : truncateHex(revision)}` : readyMessage;
  return readyMessage;
}

/** The outcome of the run that produced these conditions (for `generation`, when given). */
export function settledVerdict(kind: FluxKindName, o: KubeResource, generation?: number): WaitVerdict {
  const conditions = conditionsOf(o);
  const current = (og: number | undefined): boolean => generation === undefined || og === undefined || og >= generation;
  const stalled = findCondition(conditions, 'Stalled');
  const ready = findCondition(conditions, 'Ready');
  if (stalled?.status === 'True' && current(stalled.observedGeneration)) {
    const detail = ready && ready.message && ready.message !== stalled.message ? ` (${ready.message})` : '';
    return {
      kind: 'failed',
      reason: stalled.reason || 'Stalled',
      message: `${stalled.message}${detail}`,
      hint: kind === 'HelmRelease' ? 'it will not retry by itself: fix the cause (values, chart), then reset its failure count' : 'it will not retry by itself: fix its spec',
    };
  }
  if (!ready) return { kind: 'waiting', message: 'waiting to be reconciled' };
  if (!current(ready.observedGeneration)) return { kind: 'waiting', message: `waiting for the controller to observe generation ${generation}` };
  if (ready.status === 'Unknown') return { kind: 'waiting', message: ready.message || 'reconciliation in progress' };
  if (ready.status === 'False') {
    if (ready.reason === 'HealthCheckCanceled') return { kind: 'waiting', message: ready.message };
    if (ready.reason === 'DependencyNotReady') {
      const m = /(?:dependency|unable to get) '([^'/]+)\/([^']+)'/.exec(ready.message);
      return { kind: 'blocked', message: ready.message, ...(m ? { dependency: { namespace: m[1]!, name: m[2]! } } : {}) };
    }
    return { kind: 'failed', reason: ready.reason || 'Failed', message: kind === 'HelmRelease' ? ready.message : truncateHex(ready.message), ...(kind === 'HelmRelease' ? { hint: 'fix the cause the message names; a failed release retries only after a reset' } : {}) };
  }
  const genOk = generation === undefined || (ready.observedGeneration ?? Number(rec(o.status).observedGeneration)) === generation;
  if (!genOk) return { kind: 'waiting', message: `waiting for the controller to observe generation ${generation}` };
  return { kind: 'ready', message: successText(kind, o, ready.message) };
}

/** After `requestedAt = token`: waiting until the token is handled, then the run's outcome. */
export function reconcileVerdict(kind: FluxKindName, o: KubeResource | undefined, token: string): WaitVerdict {
  if (!o) return { kind: 'failed', reason: 'NotFound', message: 'the object was deleted while waiting' };
  if (rec(o.status).lastHandledReconcileAt !== token) {
    const ready = findCondition(conditionsOf(o), 'Ready');
    return { kind: 'waiting', message: ready?.status === 'Unknown' && ready.message ? ready.message : 'waiting for the controller to pick up the request' };
  }
  return settledVerdict(kind, o, o.metadata.generation);
}

/** After `suspend: null`: the run for the new generation. */
export function resumeVerdict(kind: FluxKindName, o: KubeResource | undefined, generation: number): WaitVerdict {
  if (!o) return { kind: 'failed', reason: 'NotFound', message: 'the object was deleted while waiting' };
  return settledVerdict(kind, o, generation);
}
