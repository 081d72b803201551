/**
 * `plat flux reconcile`: one JSON merge patch of `reconcile.fluxcd.io/requestedAt` (plus forceAt
 * and resetAt with the same token for a HelmRelease — helm-controller honours them only when equal
 * to requestedAt, flux.md §4.1), then wait until the controller has handled that token and judge
 * the run (wait-verdict.ts). With --with-source the source goes first, wait included, as the flux
 * CLI does (reconcile_with_source.go): a HelmRelease's HelmChart after its own HelmRepository.
 */
import type { KubeCluster, KubeResource } from '../kube/index.js';
import { realClock, type Clock } from '../lab/clock.js';
import { checkReconcilable, FORCE_AT, isFinal, reconcileUnsupported, refOf, REQUESTED_AT, RESET_AT, type FluxActionEvent } from './action-events.js';
import { waitForTargets } from './action-wait.js';
import { shortRef, type FluxKindName, type FluxObjectRef } from './kinds.js';
import { sourceOf } from './references.js';
import { getFluxObject, type ServedKind } from './served-versions.js';
import { reconcileToken } from './token.js';
import { reconcileVerdict } from './wait-verdict.js';

export interface ReconcileOptions {
  cluster: string;
  kube: KubeCluster;
  /** The object as just read (locateOne gives it). */
  served: ServedKind;
  object: KubeResource;
  withSource?: boolean;
  force?: boolean;
  reset?: boolean;
  /** Default true; false returns right after the patch. */
  wait?: boolean;
  /** Default 5 minutes, as `flux reconcile --timeout`. */
  timeoutMs?: number;
  clock?: Clock;
  /** How often a blocked dependency chain is looked at again. Default 2 s. */
  recheckMs?: number;
  retryDelayMs?: number;
}

/** The sources to reconcile first, deepest first (a HelmChart's HelmRepository before the chart). */
async function sourceChain(kube: KubeCluster, kind: FluxKindName, o: KubeResource): Promise<{ ref: FluxObjectRef; found?: { served: ServedKind; object: KubeResource } }[]> {
  const out: { ref: FluxObjectRef; found?: { served: ServedKind; object: KubeResource } }[] = [];
  let ref = sourceOf(kind, o);
  while (ref && out.length < 3) {
    const got = await getFluxObject(kube, ref.kind, ref.namespace, ref.name);
    out.unshift({ ref, ...(got?.object ? { found: { served: got.served, object: got.object } } : {}) });
    if (!got?.object || ref.kind !== 'HelmChart') break;
    ref = sourceOf(ref.kind, got.object);
  }
  return out;
}

async function* reconcileOne(opts: ReconcileOptions, clock: Clock): AsyncGenerator<FluxActionEvent> {
  const { kube, cluster, served, object } = opts;
  const kind = served.kind;
  const ref = refOf(kind, object);
  const at = (): string => new Date(clock.now()).toISOString();
  const ev = (type: FluxActionEvent['type'], message: string, extra: Partial<FluxActionEvent> = {}): FluxActionEvent => ({ type, action: 'reconcile', cluster, ref: shortRef(ref), message, at: at(), ...extra });
  if (reconcileUnsupported(kind, object)) {
    yield ev('skipped', 'reconciliation not supported by the object (an OCI HelmRepository is static)');
    return;
  }
  if ((object.spec as { suspend?: unknown } | undefined)?.suspend === true) {
    yield ev('skipped', `suspended, so not reconciled (resume it: plat flux resume ${shortRef(ref)} --cluster ${cluster})`);
    return;
  }
  const token = reconcileToken(clock.now(), object.metadata.annotations?.[REQUESTED_AT]);
  const annotations: Record<string, string> = { [REQUESTED_AT]: token };
  if (opts.force) annotations[FORCE_AT] = token;
  if (opts.reset) annotations[RESET_AT] = token;
  yield ev('progress', `annotating ${kind} ${ref.name} in ${ref.namespace} (${Object.keys(annotations).join(', ')} = ${token})`);
  try {
    await kube.mergePatch(served.group, served.version, served.plural, ref.namespace, ref.name, { metadata: { annotations } });
  } catch (e) {
    yield ev('failed', `could not annotate: ${(e as Error).message}`, { reason: 'PatchFailed', hint: 'check the connection and your permission to patch the object' });
    return;
  }
  if (opts.wait === false) {
    yield ev('done', 'reconcile requested; not waiting (--no-wait)');
    return;
  }
  yield ev('progress', `waiting for ${kind} reconciliation`);
  yield* waitForTargets({
    action: 'reconcile',
    cluster,
    kube,
    served,
    targets: [{ ref, judge: (o) => reconcileVerdict(kind, o, token) }],
    clock,
    timeoutMs: opts.timeoutMs ?? 300_000,
    ...(opts.recheckMs !== undefined ? { recheckMs: opts.recheckMs } : {}),
    ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
  });
}

export async function* reconcileFlux(opts: ReconcileOptions): AsyncGenerator<FluxActionEvent> {
  const clock = opts.clock ?? realClock;
  const kind = opts.served.kind;
  checkReconcilable(kind, opts.object, { cluster: opts.cluster, ...(opts.force ? { force: true } : {}), ...(opts.reset ? { reset: true } : {}) });
  if (opts.withSource) {
    for (const s of await sourceChain(opts.kube, kind, opts.object)) {
      const at = new Date(clock.now()).toISOString();
      const main = shortRef(refOf(kind, opts.object));
      if (!s.found) {
        yield { type: 'failed', action: 'reconcile', cluster: opts.cluster, ref: main, reason: 'SourceNotFound', message: `its source ${shortRef(s.ref)} does not exist in ${opts.cluster}`, hint: 'fix spec.sourceRef (or chartRef), or create the source', at };
        return;
      }
      let last: FluxActionEvent | undefined;
      for await (const e of reconcileOne({ ...opts, served: s.found.served, object: s.found.object, force: false, reset: false }, clock)) {
        last = e;
        yield e;
      }
      if (!last || !isFinal(last) || (last.type !== 'done' && last.type !== 'skipped')) {
        yield { type: 'failed', action: 'reconcile', cluster: opts.cluster, ref: main, reason: 'SourceNotReady', message: `not annotated: its source ${shortRef(s.ref)} did not reconcile`, at: new Date(clock.now()).toISOString() };
        return;
      }
    }
  }
  yield* reconcileOne(opts, clock);
}
