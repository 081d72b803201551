/**
 * `plat flux suspend|resume`, for one object or every object of a kind (`--all`). Suspend sends
 * `{"spec":{"suspend":true}}`; resume sends `{"spec":{"suspend":null}}`, removing the field as the
 * flux CLI does (cmd/flux/resume.go), and adds no requestedAt: the generation bump is what makes
 * the controller run again (flux.md §4.5). Resume then waits for that generation's outcome.
 * Objects already in the wanted state are left alone and reported as skipped.
 */
import type { KubeCluster, KubeResource } from '../kube/index.js';
import { realClock, type Clock } from '../lab/clock.js';
import { refOf, type FluxActionEvent } from './action-events.js';
import { waitForTargets, type WaitTarget } from './action-wait.js';
import { shortRef } from './kinds.js';
import type { ServedKind } from './served-versions.js';
import { resumeVerdict } from './wait-verdict.js';

export type SuspendAction = 'suspend' | 'resume';

export interface SuspendOptions {
  action: SuspendAction;
  cluster: string;
  kube: KubeCluster;
  served: ServedKind;
  objects: readonly KubeResource[];
  /** Resume only: wait for the new generation's outcome (default true). */
  wait?: boolean;
  timeoutMs?: number;
  clock?: Clock;
  recheckMs?: number;
  retryDelayMs?: number;
}

const isSuspended = (o: KubeResource): boolean => (o.spec as { suspend?: unknown } | undefined)?.suspend === true;

/** Which objects the action would change, and which are already as asked. */
export function planSuspend(action: SuspendAction, objects: readonly KubeResource[]): { change: KubeResource[]; unchanged: KubeResource[] } {
  const wants = (o: KubeResource): boolean => (action === 'suspend' ? !isSuspended(o) : isSuspended(o));
  return { change: objects.filter(wants), unchanged: objects.filter((o) => !wants(o)) };
}

export async function* suspendFlux(opts: SuspendOptions): AsyncGenerator<FluxActionEvent> {
  const clock = opts.clock ?? realClock;
  const { action, cluster, kube, served } = opts;
  const kind = served.kind;
  const ev = (type: FluxActionEvent['type'], o: KubeResource, message: string, extra: Partial<FluxActionEvent> = {}): FluxActionEvent => ({
    type,
    action,
    cluster,
    ref: shortRef(refOf(kind, o)),
    message,
    at: new Date(clock.now()).toISOString(),
    ...extra,
  });
  const { change, unchanged } = planSuspend(action, opts.objects);
  for (const o of unchanged) yield ev('skipped', o, action === 'suspend' ? 'already suspended' : 'not suspended; nothing to resume');
  const waits: WaitTarget[] = [];
  for (const o of change) {
    const ref = refOf(kind, o);
    let patched: KubeResource;
    try {
      patched = await kube.mergePatch<KubeResource>(served.group, served.version, served.plural, ref.namespace, ref.name, { spec: { suspend: action === 'suspend' ? true : null } });
    } catch (e) {
      yield ev('failed', o, `could not ${action}: ${(e as Error).message}`, { reason: 'PatchFailed', hint: 'check the connection and your permission to patch the object' });
      continue;
    }
    if (action === 'suspend') {
      yield ev('done', o, 'suspended');
      continue;
    }
    const generation = patched.metadata.generation ?? 0;
    if (opts.wait === false) {
      yield ev('done', o, `resumed (generation ${generation}); not waiting (--no-wait)`);
      continue;
    }
    yield ev('progress', o, `resumed; waiting for generation ${generation} to reconcile`);
    waits.push({ ref, judge: (x) => resumeVerdict(kind, x, generation) });
  }
  if (waits.length === 0) return;
  yield* waitForTargets({
    action,
    cluster,
    kube,
    served,
    targets: waits,
    clock,
    timeoutMs: opts.timeoutMs ?? 300_000,
    ...(opts.recheckMs !== undefined ? { recheckMs: opts.recheckMs } : {}),
    ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
  });
}
