/**
 * Kustomization run outcomes as kustomize-controller writes them (reference/flux.md §2.2):
 * success → Ready True "Applied revision: R", Healthy when waiting, history, revisions and
 * observedGeneration; failure → Ready False with the reason, Healthy False for health checks,
 * Reconciling kept as ProgressingWithRetry, revisions applied before stay.
 */
import type { KubeObject } from '../kube-api/index.js';
import { kustomizationHistoryEntry, parseInterval } from './build-objects.js';
import { removeCondition, setCondition } from './conditions.js';
import { goDuration, sha256Digest } from './fake-digest.js';
import { handled, progressing, retrying, statusOf, type RunContext, type RunOutcome } from './status-common.js';

const spec = (o: KubeObject): Record<string, unknown> => (o.spec ?? {}) as Record<string, unknown>;

export function kustomizationProgress(o: KubeObject, ctx: RunContext, revision: string): Record<string, unknown> {
  return progressing(o, ctx, 'Reconciliation in progress', `Fetching manifests for revision ${revision} with a timeout of ${goDuration(parseInterval(String(spec(o).timeout ?? '5m')))}`);
}

/** History keeps 5 entries, newest first, one per (digest, status) pair (flux.md §2.2). */
function recordHistory(history: unknown, revision: string, status: string, ctx: RunContext, durationMs: number): Record<string, unknown>[] {
  const list = Array.isArray(history) ? (history as Record<string, unknown>[]) : [];
  const digest = sha256Digest(`inventory:${revision}`);
  const same = list.find((h) => h.digest === digest && h.lastReconciledStatus === status);
  const entry = same
    ? { ...same, lastReconciled: ctx.at, lastReconciledDuration: goDuration(durationMs), totalReconciliations: Number(same.totalReconciliations ?? 0) + 1 }
    : kustomizationHistoryEntry(revision, status, ctx.at, ctx.at, 1, durationMs);
  return [entry, ...list.filter((h) => h !== same)].slice(0, 5);
}

export function kustomizationSucceeded(o: KubeObject, ctx: RunContext, revision: string, durationMs: number): RunOutcome {
  const s = handled(statusOf(o), ctx);
  let c = removeCondition(s.conditions, 'Reconciling');
  c = removeCondition(c, 'Stalled');
  c = setCondition(c, { type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}`, observedGeneration: ctx.generation }, ctx.at);
  if (spec(o).wait === true || Array.isArray(spec(o).healthChecks)) {
    c = setCondition(c, { type: 'Healthy', status: 'True', reason: 'Succeeded', message: `Health check passed in ${goDuration(durationMs / 7)}`, observedGeneration: ctx.generation }, ctx.at);
  }
  const status = {
    ...s,
    conditions: c,
    history: recordHistory(s.history, revision, 'ReconciliationSucceeded', ctx, durationMs),
    lastAppliedRevision: revision,
    lastAttemptedRevision: revision,
    observedGeneration: ctx.generation,
  };
  const next = goDuration(parseInterval(String(spec(o).interval ?? '10m')));
  return { status, event: { type: 'Normal', reason: 'ReconciliationSucceeded', message: `Reconciliation finished in ${goDuration(durationMs)}, next run in ${next}`, revision } };
}

export function kustomizationFailed(o: KubeObject, ctx: RunContext, revision: string, reason: string, message: string, durationMs: number): RunOutcome {
  const s = handled(statusOf(o), ctx);
  let c = retrying(s.conditions, ctx);
  c = setCondition(c, { type: 'Ready', status: 'False', reason, message, observedGeneration: ctx.generation }, ctx.at);
  if (reason === 'HealthCheckFailed') {
    // Healthy carries the wait error without the "health check failed after …: " prefix.
    c = setCondition(c, { type: 'Healthy', status: 'False', reason, message: message.replace(/^health check failed after [^:]+: /, ''), observedGeneration: ctx.generation }, ctx.at);
  }
  const recorded = ['HealthCheckFailed', 'ReconciliationFailed', 'PruneFailed'].includes(reason);
  const status = { ...s, conditions: c, lastAttemptedRevision: revision, ...(recorded ? { history: recordHistory(s.history, revision, reason, ctx, durationMs) } : {}) };
  return { status, event: { type: 'Warning', reason, message, revision } };
}
