/**
 * HelmRelease v2 run outcomes as helm-controller writes them (reference/flux.md §2.3, §4.1):
 * install/upgrade snapshots in status.history, Ready mirroring Released, a failed release that
 * Stalls at once (remediation retries default to 0) and stays Stalled until the spec changes or
 * a reconcile carries `resetAt`/`forceAt` equal to `requestedAt`.
 */
import type { KubeObject } from '../kube-api/index.js';
import { releaseSnapshot } from './build-objects.js';
import { findCondition, removeCondition, setCondition } from './conditions.js';
import { goDuration } from './fake-digest.js';
import { FORCE_AT, RESET_AT } from './flux-kinds.js';
import { handled, progressing, retrying, statusOf, type RunContext, type RunOutcome, type Status } from './status-common.js';

export interface ChartInfo {
  chart: string;
  /** Chart version as helm-controller reports it (`<ver>+<12 hex>` for OCI sources). */
  version: string;
  ociDigest?: string;
}

type Snapshot = Record<string, unknown> & { status?: string; version?: number; chartVersion?: string };

const history = (s: Status): Snapshot[] => (Array.isArray(s.history) ? (s.history as Snapshot[]) : []);

export function helmReleaseProgress(o: KubeObject, ctx: RunContext): Record<string, unknown> {
  const action = history(statusOf(o)).some((h) => h.status === 'deployed') ? 'upgrade' : 'install';
  return progressing(o, ctx, `Running '${action}' action with timeout of 5m0s`, 'Fulfilling prerequisites');
}

/** The reset/force requests a run honours: only when equal to requestedAt and not handled yet. */
export function releaseRequests(o: KubeObject, s: Status, ctx: RunContext): { force: boolean; reset: boolean } {
  const a = o.metadata.annotations ?? {};
  const wanted = (key: string, last: unknown): boolean => ctx.token !== undefined && a[key] === ctx.token && a[key] !== last && a[key] !== s.lastHandledReconcileAt;
  return { force: wanted(FORCE_AT, s.lastHandledForceAt), reset: wanted(RESET_AT, s.lastHandledResetAt) };
}

function baseStatus(o: KubeObject, ctx: RunContext): { s: Status; force: boolean; fresh: boolean } {
  const before = statusOf(o);
  const { force, reset } = releaseRequests(o, before, ctx);
  const s = handled(before, ctx);
  if (force) s.lastHandledForceAt = ctx.token;
  if (reset) s.lastHandledResetAt = ctx.token;
  // A new generation or a reset clears the remediation counters, so a stalled release is retried.
  const fresh = reset || before.lastAttemptedGeneration !== ctx.generation;
  if (fresh) for (const k of ['failures', 'installFailures', 'upgradeFailures']) delete s[k];
  return { s, force, fresh };
}

/** A Stalled release is left alone until something allows a retry. */
export function stillStalled(o: KubeObject, ctx: RunContext): RunOutcome | undefined {
  const { s, force, fresh } = baseStatus(o, ctx);
  if (findCondition(s.conditions, 'Stalled')?.status !== 'True' || force || fresh) return undefined;
  return { status: { ...s, conditions: removeCondition(s.conditions, 'Reconciling'), observedGeneration: ctx.generation } };
}

export function helmReleaseSucceeded(o: KubeObject, ctx: RunContext, chart: ChartInfo, durationMs: number): RunOutcome {
  const { s, force, fresh } = baseStatus(o, ctx);
  const list = history(s);
  const deployed = list.find((h) => h.status === 'deployed');
  const needRelease = !deployed || force || fresh || list[0]?.status === 'failed' || deployed.chartVersion !== chart.version;
  let c = removeCondition(removeCondition(s.conditions, 'Reconciling'), 'Stalled');
  const meta = { name: o.metadata.name, namespace: o.metadata.namespace as string, chart: chart.chart, ...(deployed?.appVersion ? { appVersion: String(deployed.appVersion) } : {}) };
  const base = { ...s, observedGeneration: ctx.generation, lastAttemptedGeneration: ctx.generation, lastAttemptedRevision: chart.version, ...(chart.ociDigest ? { lastAttemptedRevisionDigest: chart.ociDigest } : {}) };
  if (!needRelease && deployed) {
    const message = `Helm ${deployed.version === 1 ? 'install' : 'upgrade'} succeeded for release ${meta.namespace}/${meta.name}.v${deployed.version} with chart ${chart.chart}@${chart.version}`;
    const reason = deployed.version === 1 ? 'InstallSucceeded' : 'UpgradeSucceeded';
    if (findCondition(c, 'Ready')?.status !== 'True') {
      c = setCondition(c, { type: 'Ready', status: 'True', reason, message, observedGeneration: ctx.generation }, ctx.at);
      c = setCondition(c, { type: 'Released', status: 'True', reason, message, observedGeneration: ctx.generation }, ctx.at);
    } else c = c.map((x) => (x.type === 'Ready' || x.type === 'Released' ? { ...x, observedGeneration: ctx.generation } : x));
    return { status: { ...base, conditions: c } };
  }
  const action = deployed ? 'upgrade' : 'install';
  const version = Number(list[0]?.version ?? 0) + 1;
  const snapshot = releaseSnapshot(meta, chart.version, version, 'deployed', ctx.at, chart.ociDigest);
  const older = list.map((h) => (h.status === 'deployed' ? { ...h, status: 'superseded' } : h));
  const reason = action === 'install' ? 'InstallSucceeded' : 'UpgradeSucceeded';
  const message = `Helm ${action} succeeded for release ${meta.namespace}/${meta.name}.v${version} with chart ${chart.chart}@${chart.version}`;
  c = setCondition(c, { type: 'Ready', status: 'True', reason, message, observedGeneration: ctx.generation }, ctx.at);
  c = setCondition(c, { type: 'Released', status: 'True', reason, message, observedGeneration: ctx.generation }, ctx.at);
  const status = {
    ...base,
    conditions: c,
    history: [snapshot, ...older].slice(0, 5),
    lastAttemptedConfigDigest: snapshot.configDigest,
    lastAttemptedReleaseAction: action,
    lastAttemptedReleaseActionDuration: goDuration(durationMs),
  };
  return { status, event: { type: 'Normal', reason, message, revision: chart.version } };
}

export function helmReleaseFailed(o: KubeObject, ctx: RunContext, chart: ChartInfo, reason: string, message: string, durationMs: number): RunOutcome {
  const { s } = baseStatus(o, ctx);
  // Only a failed Helm action counts against remediation; other reasons are prerequisites that retry.
  if (reason !== 'InstallFailed' && reason !== 'UpgradeFailed') {
    let c = retrying(s.conditions, ctx);
    c = setCondition(c, { type: 'Ready', status: 'False', reason, message, observedGeneration: ctx.generation }, ctx.at);
    return { status: { ...s, conditions: c }, event: { type: 'Warning', reason, message } };
  }
  const action = reason === 'InstallFailed' ? 'install' : 'upgrade';
  const counter = action === 'install' ? 'installFailures' : 'upgradeFailures';
  const attempts = Number(s[counter] ?? 0) + 1;
  const list = history(s);
  const meta = { name: o.metadata.name, namespace: o.metadata.namespace as string, chart: chart.chart };
  const snapshot = releaseSnapshot(meta, chart.version, Number(list[0]?.version ?? 0) + 1, 'failed', ctx.at, chart.ociDigest);
  let c = removeCondition(s.conditions, 'Reconciling');
  c = setCondition(c, { type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: `Failed to ${action} after ${attempts} attempt(s)`, observedGeneration: ctx.generation }, ctx.at);
  c = setCondition(c, { type: 'Ready', status: 'False', reason, message, observedGeneration: ctx.generation }, ctx.at);
  c = setCondition(c, { type: 'Released', status: 'False', reason, message, observedGeneration: ctx.generation }, ctx.at);
  const status = {
    ...s,
    conditions: c,
    failures: Number(s.failures ?? 0) + 1,
    [counter]: attempts,
    history: [snapshot, ...list].slice(0, 5),
    lastAttemptedGeneration: ctx.generation,
    lastAttemptedReleaseAction: action,
    lastAttemptedReleaseActionDuration: goDuration(durationMs),
    lastAttemptedRevision: chart.version,
    // A terminal (stalled) failure is patched with the observed generation (flux.md §2.3).
    observedGeneration: ctx.generation,
  };
  return { status, event: { type: 'Warning', reason, message, revision: chart.version } };
}
