/**
 * Waiting for objects after a reconcile request or a resume, as events. Each object is judged on
 * every change it goes through: done or failed the moment its verdict says so. An object blocked
 * by a dependency is not a failure by itself — the controller retries when the dependency turns
 * Ready — so the dependency chain is looked at (now, then every `recheckMs`): if its first broken
 * link is failed, stalled, suspended, missing or a cycle, waiting cannot end well and plat says so
 * at once with the chain; otherwise it keeps waiting. The deadline is a timeout, reported as
 * "still running", never as a failure of the controller.
 */
import type { KubeCluster, KubeResource } from '../kube/index.js';
import type { Clock } from '../lab/clock.js';
import { humanDuration } from '../time/index.js';
import type { FluxActionEvent } from './action-events.js';
import { shortRef, type FluxObjectRef } from './kinds.js';
import { fluxRow } from './readiness.js';
import type { ServedKind } from './served-versions.js';
import { followFluxObjects } from './follow-objects.js';
import type { WaitVerdict } from './wait-verdict.js';
import { fetchWhy } from './why-fetch.js';

export interface WaitTarget {
  ref: FluxObjectRef;
  judge(o: KubeResource | undefined): WaitVerdict;
}

export interface WaitOptions {
  action: FluxActionEvent['action'];
  cluster: string;
  kube: KubeCluster;
  served: ServedKind;
  targets: WaitTarget[];
  clock: Clock;
  timeoutMs: number;
  recheckMs?: number;
  retryDelayMs?: number;
}

/** A chain whose first broken link is one of these will not heal by waiting. */
const HOPELESS = new Set(['Failed', 'Stalled', 'Suspended', 'Missing']);

export async function* waitForTargets(opts: WaitOptions): AsyncGenerator<FluxActionEvent> {
  const { clock, cluster, action } = opts;
  const at = (): string => new Date(clock.now()).toISOString();
  const ev = (type: FluxActionEvent['type'], ref: FluxObjectRef, message: string, extra: Partial<FluxActionEvent> = {}): FluxActionEvent => ({ type, action, cluster, ref: shortRef(ref), message, at: at(), ...extra });
  const pending = new Map(opts.targets.map((t) => [`${t.ref.namespace}/${t.ref.name}`, { target: t, last: '' }]));
  const namespaces = new Set(opts.targets.map((t) => t.ref.namespace));
  const single = opts.targets.length === 1 ? opts.targets[0]!.ref : undefined;
  const follower = followFluxObjects({
    kube: opts.kube,
    served: opts.served,
    ...(namespaces.size === 1 ? { namespace: [...namespaces][0]! } : {}),
    ...(single ? { name: single.name } : {}),
    clock,
    timeoutMs: opts.timeoutMs,
    ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
  });
  const recheckMs = opts.recheckMs ?? 2_000;
  let lastTrouble = '';
  try {
    while (pending.size > 0) {
      const item = await follower.next();
      if (item.type === 'timeout') {
        for (const p of pending.values()) {
          yield ev('timeout', p.target.ref, `no result within ${humanDuration(opts.timeoutMs / 1000)}; last seen: ${p.last || 'no answer yet'}`, {
            hint: `the controller keeps working on it; look again with: plat flux get ${shortRef(p.target.ref).split('/')[0]} -n ${p.target.ref.namespace} --cluster ${cluster}`,
          });
        }
        return;
      }
      if (item.type === 'trouble') {
        if (item.message !== lastTrouble) yield ev('progress', opts.targets[0]!.ref, `watch interrupted (${item.message}); resuming`);
        lastTrouble = item.message;
        continue;
      }
      if (!follower.synced) continue;
      lastTrouble = '';
      let anyBlocked = false;
      for (const [key, p] of [...pending]) {
        const o = follower.objects.get(key);
        const v = p.target.judge(o);
        if (v.kind === 'ready') {
          pending.delete(key);
          yield ev('done', p.target.ref, v.message);
        } else if (v.kind === 'failed') {
          pending.delete(key);
          const again = `plat flux reconcile ${shortRef(p.target.ref)}${p.target.ref.kind === 'HelmRelease' ? ' --reset' : ''} --cluster ${cluster}`;
          const hint = v.reason === 'NotFound' ? v.hint : `${v.hint ?? 'fix the cause the message names'}, then: ${again}`;
          yield ev('failed', p.target.ref, `${v.reason}: ${v.message}`, { reason: v.reason, ...(hint ? { hint } : {}) });
        } else if (v.kind === 'waiting') {
          if (v.message !== p.last) yield ev('progress', p.target.ref, v.message);
          p.last = v.message;
        } else if (o) {
          const why = await fetchWhy(opts.kube, fluxRow(cluster, p.target.ref.kind, o), { now: clock.now() });
          if (why.cycle || HOPELESS.has(why.root.state)) {
            pending.delete(key);
            // The chain starts with this object, which the event already names.
            const links = why.chainText.startsWith(`${why.subject} `) ? why.chainText.slice(why.subject.length + 1).replace(/^\S+ /, '') : why.chainText;
            yield ev('failed', p.target.ref, links, { reason: 'DependencyNotReady', hint: why.command ? `${why.advice}: ${why.command}` : why.advice });
            continue;
          }
          anyBlocked = true;
          // Judge "something new" by the broken link, not the text: its age changes every look.
          const mark = `blocked by ${why.root.ref} (${why.root.state}${why.root.reason ? ` ${why.root.reason}` : ''})`;
          if (mark !== p.last) yield ev('blocked', p.target.ref, `blocked: ${why.text}`);
          p.last = mark;
        }
      }
      if (anyBlocked) follower.tickIn(recheckMs);
    }
  } finally {
    follower.stop();
  }
}
