/**
 * What reconcile, suspend and resume report while they run: one event type for the three
 * consumers (plain lines, `-o jsonl`, the dashboard's row progress). Every action ends each object
 * with exactly one of done, skipped, failed or timeout.
 */
import { UserError } from '../errors/index.js';
import type { KubeResource } from '../kube/index.js';
import { fluxKind, shortRef, type FluxKindName, type FluxObjectRef } from './kinds.js';
import { isStaticObject } from './readiness.js';

export type FluxActionEventType = 'progress' | 'blocked' | 'done' | 'skipped' | 'failed' | 'timeout';

export interface FluxActionEvent {
  type: FluxActionEventType;
  action: 'reconcile' | 'suspend' | 'resume';
  cluster: string;
  /** `ks/flux-system/apps` */
  ref: string;
  message: string;
  reason?: string;
  /** What to do next (failures and timeouts). */
  hint?: string;
  /** RFC 3339 from the action's clock. */
  at: string;
}

export const isFinal = (e: FluxActionEvent): boolean => e.type === 'done' || e.type === 'skipped' || e.type === 'failed' || e.type === 'timeout';
export const isFailure = (e: FluxActionEvent): boolean => e.type === 'failed' || e.type === 'timeout';

export const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
export const FORCE_AT = 'reconcile.fluxcd.io/forceAt';
export const RESET_AT = 'reconcile.fluxcd.io/resetAt';

export const refOf = (kind: FluxKindName, o: KubeResource): FluxObjectRef => ({ kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name });

/**
 * What `flux reconcile` refuses before it patches anything (cmd/flux/reconcile.go): a suspended
 * object (the controller would record the token and do nothing), kinds without a reconcile loop,
 * and --force/--reset anywhere but on a HelmRelease (no other controller reads them, flux.md §4.1).
 */
export function checkReconcilable(kind: FluxKindName, o: KubeResource, opts: { force?: boolean; reset?: boolean; cluster: string }): void {
  const ref = shortRef(refOf(kind, o));
  if ((opts.force || opts.reset) && kind !== 'HelmRelease') {
    throw new UserError(`--${opts.force ? 'force' : 'reset'} applies to HelmReleases only; ${ref} is a ${kind}`, { hint: `plat flux reconcile ${ref} --cluster ${opts.cluster}` });
  }
  if (fluxKind(kind).statusless) throw new UserError(`${ref}: a ${kind} has no reconcile loop (it is read when an event is sent)`, { hint: 'reconcile the object that sends the events instead' });
  if ((o.spec as { suspend?: unknown } | undefined)?.suspend === true) {
    throw new UserError(`${ref} in ${opts.cluster} is suspended; the controller would skip the request`, { hint: `resume it first: plat flux resume ${ref} --cluster ${opts.cluster}` });
  }
}

/** An OCI HelmRepository is static: `flux reconcile` says "reconciliation not supported by the object". */
export const reconcileUnsupported = (kind: FluxKindName, o: KubeResource): boolean => kind === 'HelmRepository' && isStaticObject(kind, o);
