/**
 * `talosctl upgrade-k8s`: on one control-plane node, a `--dry-run` first (a failing dry run
 * refuses the step, nothing changed), then the upgrade. upgrade-k8s is idempotent, and it is
 * known to hang at "waiting for kubelet restart" (siderolabs/talos#6976, #9441, #13109; the
 * reference says Ctrl-C and re-running is safe) — so a silence there longer than `stall` stops
 * the call and runs it again.
 */
import type { NodeConfig } from '../config/index.js';
import { deadline, every } from './clock-wait.js';
import type { RunbookStep } from './schema.js';
import { reason, resumeHint, StepStop, type EngineContext, type StepGen } from './step-context.js';
import { durationMs, sameVersion, upgradePathProblem } from './versions.js';

type K8sStep = Extract<RunbookStep, { kind: 'k8s-upgrade' }>;

const MAX_RUNS = 3;

/** The hang worth cutting: the last line waits for a kubelet restart and nothing came for `stallMs`. */
export function kubeletRestartStalled(lastMessage: string, silentMs: number, stallMs: number): boolean {
  return silentMs >= stallMs && /waiting for kubelet restart/.test(lastMessage);
}

export async function* k8sUnit(ctx: EngineContext, unit: string, step: K8sStep): StepGen {
  const { clock, platform } = ctx;
  const to = step.to.replace(/^v/, '');
  const before = await platform.kubernetes(ctx.abort);
  const kubelets = step.upgradeKubelet === false ? [] : Object.entries(before.kubelets);
  const behind = kubelets.filter(([, v]) => !sameVersion(v, to)).map(([n, v]) => `${n} ${v ?? 'unknown'}`);
  if (sameVersion(before.controlPlane, to) && behind.length === 0) return { result: 'skipped', message: `already on Kubernetes ${to} (API server and every kubelet)` };
  const path = sameVersion(before.controlPlane, to) ? undefined : upgradePathProblem('Kubernetes', before.controlPlane, to);
  if (path) throw new StepStop('refused', path, 'change `to` in the runbook');

  const facts = await platform.facts(ctx.abort);
  const node: NodeConfig | undefined = ctx.cluster.nodes.find((n) => n.role === 'controlplane' && facts.state.nodes.find((s) => s.name === n.name)?.talosReachable);
  if (!node) throw new StepStop('refused', `no control-plane node of ${ctx.cluster.name} answers the Talos API`, resumeHint(ctx.id, 'bring a control plane back'));
  const until = clock.now() + durationMs(step.timeout);
  const opts = { to, ...(step.prePullImages !== undefined ? { prePullImages: step.prePullImages } : {}), ...(step.upgradeKubelet !== undefined ? { upgradeKubelet: step.upgradeKubelet } : {}) };

  yield { type: 'progress', unit, message: `talosctl -n ${node.ip} upgrade-k8s --to ${to} --dry-run (from ${before.controlPlane ?? 'unknown'})` };
  const dry = deadline(clock, until, ctx.abort);
  try {
    for await (const l of platform.upgradeK8s(node, { ...opts, dryRun: true }, dry.signal)) yield { type: 'progress', unit, message: l.node ? `${l.node}: ${l.message}` : l.message, from: 'talosctl' };
  } catch (e) {
    if (ctx.abort.aborted) throw e;
    throw new StepStop('refused', `upgrade-k8s --dry-run did not pass: ${dry.expired() ? `no end within ${step.timeout}` : reason(e)}`, 'nothing was changed; fix what the dry run names');
  } finally {
    dry.dispose();
  }

  const stallMs = durationMs(step.stall);
  for (let run = 1; ; run++) {
    yield { type: 'progress', unit, message: `talosctl -n ${node.ip} upgrade-k8s --to ${to}${run > 1 ? ` (run ${run})` : ''}` };
    const d = deadline(clock, until, ctx.abort);
    let lastAt = clock.now();
    let lastMessage = '';
    const stalled = new AbortController();
    const stopWatch = every(clock, Math.min(stallMs, 15_000), () => {
      if (kubeletRestartStalled(lastMessage, clock.now() - lastAt, stallMs)) stalled.abort();
    });
    try {
      for await (const l of platform.upgradeK8s(node, { ...opts, dryRun: false }, AbortSignal.any([d.signal, stalled.signal]))) {
        lastAt = clock.now();
        lastMessage = l.message;
        yield { type: 'progress', unit, message: l.node ? `${l.node}: ${l.message}` : l.message, from: 'talosctl' };
      }
      break;
    } catch (e) {
      if (ctx.abort.aborted) throw e;
      if (d.expired()) throw new StepStop('failed', `upgrade-k8s did not finish within ${step.timeout} (last: ${lastMessage || 'no output'})`, resumeHint(ctx.id, 'look at the control plane'));
      if (!stalled.signal.aborted) throw new StepStop('failed', `upgrade-k8s failed: ${reason(e)}`, resumeHint(ctx.id, 'fix the cause (re-running upgrade-k8s is safe)'));
      if (run >= MAX_RUNS) throw new StepStop('failed', `upgrade-k8s hung at "waiting for kubelet restart" ${run} times`, resumeHint(ctx.id, 'check the kubelets (talosctl service kubelet)'));
      yield { type: 'warning', unit, message: `no output for ${step.stall} at "${lastMessage}": stopping and running upgrade-k8s again (safe: it is idempotent)` };
    } finally {
      stopWatch();
      d.dispose();
    }
  }

  const after = await platform.kubernetes(ctx.abort);
  const still = (step.upgradeKubelet === false ? [] : Object.entries(after.kubelets)).filter(([, v]) => !sameVersion(v, to)).map(([n, v]) => `${n} ${v ?? 'unknown'}`);
  if (!sameVersion(after.controlPlane, to) || still.length) {
    throw new StepStop('failed', `upgrade-k8s ended but the cluster is not on ${to}: API server ${after.controlPlane ?? 'unknown'}${still.length ? `, kubelets ${still.join(', ')}` : ''}`, resumeHint(ctx.id, 'look at the control plane'));
  }
  return { result: 'ok', message: `API server and ${kubelets.length} kubelet${kubelets.length === 1 ? '' : 's'} on ${to}` };
}
