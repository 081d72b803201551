/**
 * Source run outcomes as source-controller writes them (reference/flux.md §2.4): the artifact is
 * kept on failure (so dependents stay on the old revision), Ready summarises ArtifactInStorage or
 * the failing condition, FetchFailed is present only while True.
 */
import type { KubeObject } from '../kube-api/index.js';
import { removeCondition, setCondition } from './conditions.js';
import { readySourceConditions } from './source-objects.js';
import { handled, progressing, retrying, statusOf, type RunContext, type RunOutcome } from './status-common.js';

export function sourceProgress(o: KubeObject, ctx: RunContext): Record<string, unknown> {
  const observed = (o.status as { observedGeneration?: number } | undefined)?.observedGeneration;
  const why = observed !== undefined && observed !== ctx.generation && observed > 0 ? `processing object: new generation ${observed} -> ${ctx.generation}` : 'reconciliation in progress';
  return progressing(o, ctx, 'reconciliation in progress', why);
}

export function sourceSucceeded(o: KubeObject, ctx: RunContext, revision: string, chart?: string): RunOutcome {
  const s = handled(statusOf(o), ctx);
  let c = removeCondition(removeCondition(removeCondition(s.conditions, 'Reconciling'), 'FetchFailed'), 'Stalled');
  for (const ready of readySourceConditions(o.kind, revision, ctx.generation, ctx.at, chart)) c = setCondition(c, ready, ctx.at);
  return { status: { ...s, conditions: c, observedGeneration: ctx.generation } };
}

export function sourceFailed(o: KubeObject, ctx: RunContext, reason: string, message: string): RunOutcome {
  const s = handled(statusOf(o), ctx);
  let c = retrying(s.conditions, ctx);
  c = setCondition(c, { type: 'FetchFailed', status: 'True', reason, message, observedGeneration: ctx.generation }, ctx.at);
  c = setCondition(c, { type: 'Ready', status: 'False', reason, message, observedGeneration: ctx.generation }, ctx.at);
  return { status: { ...s, conditions: c }, event: { type: 'Warning', reason, message } };
}
