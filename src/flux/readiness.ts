/**
 * One Flux object → one row, as `flux get` computes its columns (fluxcd/flux2 cmd/flux/get*.go,
 * reference/flux.md §3): READY/MESSAGE only from the Ready condition, SUSPENDED only from
 * spec.suspend, REVISION per kind, 40-128 hex runs cut to 8 characters (utils.TruncateHex) except
 * on HelmReleases. Adds kstatus progress and plat's one-word state. Pure.
 */
import { UserError } from '../errors/index.js';
import type { KubeResource } from '../kube/index.js';
import { fluxKind, refString, type FluxKindName } from './kinds.js';
import type { FluxCondition, FluxRow, FluxState, KStatus } from './model.js';
import { dependsOnOf, sourceOf } from './references.js';

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** flux2 internal/utils/hex.go: every `\b[a-f0-9]{40,128}\b` becomes its first 8 characters. */
export const truncateHex = (s: string): string => s.replace(/\b[a-f0-9]{40,128}\b/g, (m) => m.slice(0, 8));

export function conditionsOf(o: KubeResource): FluxCondition[] {
  const list = rec(o.status).conditions;
  if (!Array.isArray(list)) return [];
  return list.map((c) => {
    const r = rec(c);
    const out: FluxCondition = { type: str(r.type), status: str(r.status), reason: str(r.reason), message: str(r.message) };
    const og = num(r.observedGeneration);
    if (og !== undefined) out.observedGeneration = og;
    if (typeof r.lastTransitionTime === 'string') out.lastTransitionTime = r.lastTransitionTime;
    return out;
  });
}

export const findCondition = (list: readonly FluxCondition[], type: string): FluxCondition | undefined => list.find((c) => c.type === type);

/** REVISION: ks lastAppliedRevision; hr history[0].chartVersion else lastAttemptedRevision; sources their artifact. */
export function revisionOf(kind: FluxKindName, o: KubeResource): string {
  const s = rec(o.status);
  switch (kind) {
    case 'Kustomization':
      return str(s.lastAppliedRevision);
    case 'HelmRelease': {
      const history = Array.isArray(s.history) ? s.history : [];
      // v2beta1/v2beta2 still carried lastAppliedRevision; v2 does not (reference/flux.md §2.3).
      return str(rec(history[0]).chartVersion) || str(s.lastAttemptedRevision) || str(s.lastAppliedRevision);
    }
    case 'Receiver':
    case 'Alert':
    case 'Provider':
      return '';
    default:
      return str(rec(s.artifact).revision);
  }
}

/** kstatus, in its order (fluxcd/cli-utils status.go): Terminating, generation, Reconciling, Stalled, Ready. */
export function kstatusOf(kind: FluxKindName, o: KubeResource, conditions: readonly FluxCondition[]): { status: KStatus; message: string } {
  if (o.metadata.deletionTimestamp) return { status: 'Terminating', message: 'Resource scheduled for deletion' };
  const generation = num(o.metadata.generation);
  const observed = num(rec(o.status).observedGeneration);
  if (observed !== undefined && generation !== undefined && observed !== generation) {
    return { status: 'InProgress', message: `${kind} generation is ${generation}, but latest observed generation is ${observed}` };
  }
  const reconciling = findCondition(conditions, 'Reconciling');
  if (reconciling?.status === 'True') return { status: 'InProgress', message: reconciling.message || reconciling.reason };
  const stalled = findCondition(conditions, 'Stalled');
  if (stalled?.status === 'True') return { status: 'Failed', message: stalled.message || stalled.reason };
  const ready = findCondition(conditions, 'Ready');
  if (ready) return ready.status === 'True' ? { status: 'Current', message: ready.message } : { status: 'InProgress', message: ready.message };
  return { status: 'Current', message: 'Resource is current' };
}

/** A HelmRepository of type oci is static: source-controller resets its status to {} (flux.md §2.4). */
export const isStaticObject = (kind: FluxKindName, o: KubeResource): boolean => fluxKind(kind).statusless === true || (kind === 'HelmRepository' && rec(o.spec).type === 'oci');

/**
 * First match wins: suspended, deleting, stalled, no Ready yet, in progress, blocked by a
 * dependency or source, failed, Ready but not at this generation, Ready. Unlike the reference's
 * mapping, observedGeneration -1 with a Ready condition is not "Pending": a new object blocked on
 * a dependency must still say so.
 */
export function stateOf(kind: FluxKindName, o: KubeResource, conditions: readonly FluxCondition[]): FluxState {
  if (rec(o.spec).suspend === true) return 'Suspended';
  if (o.metadata.deletionTimestamp) return 'Deleting';
  if (findCondition(conditions, 'Stalled')?.status === 'True') return 'Stalled';
  const ready = findCondition(conditions, 'Ready');
  if (!ready) return isStaticObject(kind, o) ? 'Ready' : 'Pending';
  const reconciling = findCondition(conditions, 'Reconciling');
  if (ready.status === 'Unknown' || (reconciling?.status === 'True' && reconciling.reason === 'Progressing')) return 'Progressing';
  if (ready.status === 'False') return BLOCKING_REASONS.has(ready.reason) ? 'Blocked' : 'Failed';
  const generation = num(o.metadata.generation);
  const readyGen = ready.observedGeneration ?? num(rec(o.status).observedGeneration);
  if (generation !== undefined && readyGen !== undefined && readyGen > 0 && readyGen !== generation) return 'Progressing';
  return ready.status === 'True' ? 'Ready' : 'Failed';
}

/** Ready=False reasons that mean "something else must be fixed first" (flux.md §2.2, §7). */
export const BLOCKING_REASONS = new Set(['DependencyNotReady', 'ArtifactFailed', 'SourceNotReady']);

export function fluxRow(cluster: string, kind: FluxKindName, o: KubeResource): FluxRow {
  const conditions = conditionsOf(o);
  const ready = findCondition(conditions, 'Ready');
  const statusless = isStaticObject(kind, o) && !ready;
  const shorten = kind === 'HelmRelease' ? (s: string) => s : truncateHex;
  const status = rec(o.status);
  const progress = kstatusOf(kind, o, conditions);
  const row: FluxRow = {
    cluster,
    kind,
    apiVersion: o.apiVersion ?? '',
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
    ready: statusless ? 'True' : ready?.status === 'True' ? 'True' : ready?.status === 'Unknown' ? 'Unknown' : 'False',
    state: stateOf(kind, o, conditions),
    suspended: rec(o.spec).suspend === true,
    reason: ready?.reason ?? '',
    message: statusless ? `${kind} is Ready` : ready ? shorten(ready.message) : 'waiting to be reconciled',
    revision: kind === 'HelmChart' ? revisionOf(kind, o) : shorten(revisionOf(kind, o)),
    progress: { status: progress.status, message: shorten(progress.message) },
    dependsOn: dependsOnOf(kind, o).map(refString),
    conditions,
  };
  if (ready?.lastTransitionTime) row.since = ready.lastTransitionTime;
  const generation = num(o.metadata.generation);
  if (generation !== undefined) row.generation = generation;
  const observed = num(status.observedGeneration);
  if (observed !== undefined) row.observedGeneration = observed;
  if (typeof status.lastHandledReconcileAt === 'string') row.lastHandledReconcileAt = status.lastHandledReconcileAt;
  const source = sourceOf(kind, o);
  if (source) row.source = refString(source);
  return row;
}

/** `--status-selector ready=false` / `type!=status`: condition type and status, case-insensitive (flux get). */
export function parseStatusSelector(text: string): (row: FluxRow) => boolean {
  const m = /^\s*([A-Za-z]+)\s*(!=|==|=)\s*([A-Za-z]+)\s*$/.exec(text);
  if (!m) throw new UserError(`cannot read status selector ${JSON.stringify(text)}`, { hint: 'write <condition>=<status>, e.g. --status-selector ready=false' });
  const [, type, op, want] = m as unknown as [string, string, string, string];
  return (row) => {
    // A row without a Ready condition prints READY=False ("waiting to be reconciled"); select it as such.
    const actual = type.toLowerCase() === 'ready' ? row.ready : row.conditions.find((c) => c.type.toLowerCase() === type.toLowerCase())?.status;
    const same = actual !== undefined && actual.toLowerCase() === want.toLowerCase();
    return op === '!=' ? !same : same;
  };
}
