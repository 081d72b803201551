/**
 * What every Flux controller does at the start and end of a run (fluxcd/pkg runtime helpers as
 * described in reference/flux.md §2.1-2.2): mark progress, record the handled reconcile token,
 * turn Reconciling into ProgressingWithRetry on failure, and the suspended and blocked outcomes.
 */
import type { KubeObject } from '../kube-api/index.js';
import { findCondition, removeCondition, setCondition, type Condition } from './conditions.js';

export interface RunContext {
  /** metav1.Time of this step. */
  at: string;
  atMs: number;
  generation: number;
  /** The reconcile.fluxcd.io/requestedAt value seen by this run, if any. */
  token: string | undefined;
}

export interface FluxEventSpec {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  revision?: string;
}

export interface RunOutcome {
  status: Record<string, unknown>;
  event?: FluxEventSpec;
}

export type Status = Record<string, unknown> & { conditions: Condition[] };

export function statusOf(o: KubeObject): Status {
  const s = structuredClone((o.status ?? {}) as Record<string, unknown>);
  return { ...s, conditions: Array.isArray(s.conditions) ? (s.conditions as Condition[]) : [] };
}

export function handled(s: Status, ctx: RunContext): Status {
  return ctx.token === undefined ? s : { ...s, lastHandledReconcileAt: ctx.token };
}

/** Ready=Unknown/Progressing and Reconciling=True/Progressing, both stamped with the generation. */
export function progressing(o: KubeObject, ctx: RunContext, readyMessage: string, reconcilingMessage: string): Status {
  const s = statusOf(o);
  let c = setCondition(s.conditions, { type: 'Reconciling', status: 'True', reason: 'Progressing', message: reconcilingMessage, observedGeneration: ctx.generation }, ctx.at);
  c = setCondition(c, { type: 'Ready', status: 'Unknown', reason: 'Progressing', message: readyMessage, observedGeneration: ctx.generation }, ctx.at);
  return { ...s, conditions: c };
}

/** finalizeStatus on a failed run: the Reconciling condition stays, with reason ProgressingWithRetry. */
export function retrying(conditions: Condition[], ctx: RunContext): Condition[] {
  const r = findCondition(conditions, 'Reconciling');
  return r ? setCondition(conditions, { ...r, reason: 'ProgressingWithRetry', observedGeneration: ctx.generation }, ctx.at) : conditions;
}

/**
 * A suspended object: the controller returns before touching conditions but still records the
 * token; observedGeneration follows the generation, for a Kustomization only while Ready is True
 * (flux.md §2.2 and kustomization-suspended.yaml).
 */
export function suspendedOutcome(o: KubeObject, ctx: RunContext): RunOutcome {
  const s = handled(statusOf(o), ctx);
  const readyTrue = findCondition(s.conditions, 'Ready')?.status === 'True';
  if (o.kind !== 'Kustomization' || readyTrue) s.observedGeneration = ctx.generation;
  return { status: s };
}

/** Ready=False without a Reconciling condition: a dependency or source that is not there yet (flux.md §7). */
export function blockedOutcome(o: KubeObject, ctx: RunContext, reason: string, message: string, event: FluxEventSpec): RunOutcome {
  const s = handled(statusOf(o), ctx);
  let c = removeCondition(s.conditions, 'Reconciling');
  c = setCondition(c, { type: 'Ready', status: 'False', reason, message, observedGeneration: ctx.generation }, ctx.at);
  return { status: { ...s, conditions: c }, event };
}
