/**
 * One node of a talos-upgrade: decide from the node itself (never from the journal alone) whether
 * to run `talosctl upgrade`, then follow the node back until every post-check holds, all within
 * one deadline. A run killed mid-node finds on resume either a node still on its way (wait for
 * it), a node already on the target (check it, do not upgrade it again), or an untouched node.
 */
import type { NodeConfig } from '../config/index.js';
import type { NodeState } from '../fleet/index.js';
import { deadline, sleep } from './clock-wait.js';
import type { CheckOutcome, RunEventBody } from './events.js';
import type { TalosStep } from './plan.js';
import type { ClusterFacts } from './platform.js';
import { reason, resumeHint, StepStop, type EngineContext, type StepGen } from './step-context.js';
import { durationMs, goDuration, installerVersion, sameVersion, upgradePathProblem } from './versions.js';

const nodeIn = (facts: ClusterFacts, name: string): NodeState | undefined => facts.state.nodes.find((n) => n.name === name);
const settled = (n: NodeState | undefined) => !!n && n.talosReachable && n.stage === 'running';

/** Taking a control plane down is refused while another etcd member is not a healthy voter. */
export function quorumProblem(facts: ClusterFacts, node: NodeConfig): string | undefined {
  if (node.role !== 'controlplane') return undefined;
  if (facts.etcd.error) return `etcd status could not be read (${facts.etcd.error})`;
  const sick = facts.etcd.members
    .filter((m) => m.nodeName !== node.name)
    .filter((m) => !m.reachable || m.learner || (m.service && (m.service.state !== 'Running' || m.service.health === 'Fail')))
    .map((m) => `etcd on ${m.nodeName} is ${m.reachable ? (m.learner ? 'a learner' : `${m.service?.state}/${m.service?.health}`) : `down (${m.error ?? 'no answer'})`}`);
  return sick.length ? sick.join('; ') : undefined;
}

const failing = (outs: CheckOutcome[]) => outs.filter((o) => !o.ok);
const describe = (outs: CheckOutcome[]) => outs.map((o) => `${o.check}: ${o.detail}`).join('; ');

/**
 * Resuming a run that died inside this node's unit: wait for the node to come to rest — back on
 * the target and passing its post-checks, or running untouched on its old version — before the
 * gates look at the cluster. Otherwise the gates would refuse because of the very reboot the
 * dead run started. Changes nothing.
 */
export async function* settleOpenNode(ctx: EngineContext, unit: string, step: TalosStep, node: NodeConfig): AsyncGenerator<RunEventBody, void> {
  const { clock, platform } = ctx;
  const target = installerVersion(step.image)!;
  const until = clock.now() + durationMs(step.timeout);
  let said = false;
  for (;;) {
    const facts = await platform.facts(ctx.abort);
    const n = nodeIn(facts, node.name);
    let waiting: string | undefined;
    if (sameVersion(n?.talosVersion, target)) {
      const bad = failing(await platform.nodeBack(node, target, ctx.abort)).filter((o) => o.check !== 'schedulable');
      if (bad.length) waiting = describe(bad);
    } else if (!settled(n)) waiting = n?.talosReachable ? `stage ${n.stage ?? 'unknown'}` : `Talos API does not answer (${n?.talosError ?? 'no answer'})`;
    if (!waiting) return;
    if (!said) yield { type: 'progress', unit, node: node.name, message: `the stopped run was upgrading ${node.name}; waiting for it to come to rest before the gates: ${waiting}` };
    said = true;
    if (clock.now() >= until) throw new StepStop('failed', `${node.name} did not come back within ${step.timeout}: ${waiting}`, resumeHint(ctx.id, `fix ${node.name}`));
    await sleep(clock, Math.min(durationMs(step.interval), until - clock.now()), ctx.abort);
  }
}

export async function* talosNodeUnit(ctx: EngineContext, unit: string, step: TalosStep, node: NodeConfig): StepGen {
  const { clock, platform } = ctx;
  const target = installerVersion(step.image)!;
  const until = clock.now() + durationMs(step.timeout);
  const interval = durationMs(step.interval);
  const late = (what: string) => new StepStop('failed', `${node.name} did not come back within ${step.timeout}: ${what}`, resumeHint(ctx.id, `fix ${node.name} (it continues with ${node.name})`));

  let facts = await platform.facts(ctx.abort);
  let n = nodeIn(facts, node.name);
  // A run stopped mid-upgrade leaves the node rebooting: wait for it before deciding anything.
  if (!sameVersion(n?.talosVersion, target) && !settled(n)) {
    yield { type: 'progress', unit, node: node.name, message: `${node.name} is ${n?.talosReachable ? `in stage ${n.stage ?? 'unknown'}` : 'not answering'}: waiting for it before deciding` };
    while (!settled(n) && !sameVersion(n?.talosVersion, target)) {
      if (clock.now() >= until) throw late(n?.talosError ?? `stage ${n?.stage ?? 'unknown'}`);
      await sleep(clock, Math.min(interval, until - clock.now()), ctx.abort);
      facts = await platform.facts(ctx.abort);
      n = nodeIn(facts, node.name);
    }
  }

  let trackerError: string | undefined;
  const upgraded = !sameVersion(n?.talosVersion, target);
  if (upgraded) {
    const path = upgradePathProblem('Talos', n?.talosVersion, target);
    if (path) throw new StepStop('refused', `${node.name}: ${path}`, 'change the image in the runbook');
    const quorum = quorumProblem(facts, node);
    if (quorum) throw new StepStop('refused', `upgrading control-plane node ${node.name} now could cost etcd quorum: ${quorum}`, resumeHint(ctx.id, 'fix the other member first'));
    const how = ctx.behaviour.lifecycle ? 'LifecycleService: talosctl cordons, drains and uncordons' : 'legacy tracker: Talos drains and uncordons';
    yield { type: 'progress', unit, node: node.name, message: `talosctl -n ${node.ip} upgrade --image ${step.image} (${n?.talosVersion ?? '?'} → ${target}; ${how})` };
    const d = deadline(clock, until, ctx.abort);
    try {
      const call = { image: step.image, timeout: goDuration(until - clock.now()), ...(step.rebootMode ? { rebootMode: step.rebootMode } : {}), ...(step.stage ? { stage: true } : {}) };
      for await (const l of platform.upgradeTalos(node, call, d.signal)) yield { type: 'progress', unit, node: node.name, message: l.message, from: 'talosctl' };
    } catch (e) {
      if (ctx.abort.aborted) throw e;
      trackerError = d.expired() ? `no end within ${step.timeout}` : reason(e);
      // Talos' own pre-check (upgrade-nontty-etcd-unhealthy.txt): the node was not touched.
      if (/error validating etcd for upgrade/.test(trackerError)) throw new StepStop('refused', `Talos refused to upgrade ${node.name}: ${trackerError}`, resumeHint(ctx.id, 'make every etcd member healthy'));
      yield { type: 'warning', unit, message: `talosctl upgrade ended with: ${trackerError}; looking at ${node.name} itself` };
    } finally {
      d.dispose();
    }
  } else {
    yield { type: 'progress', unit, node: node.name, message: `${node.name} already runs ${target}: not upgrading it again, checking it is back` };
  }

  let last = '';
  let uncordoned = false;
  for (let round = 0; ; round++) {
    const outs = await platform.nodeBack(node, target, ctx.abort);
    const bad = failing(outs);
    if (bad.length === 0) {
      const took = upgraded ? 'upgraded' : 'already upgraded';
      return { result: upgraded ? 'ok' : 'skipped', message: `${node.name} ${took} to ${target}: ${outs.filter((o) => ['node-ready', 'etcd', 'bgp'].includes(o.check)).map((o) => o.detail).join(', ')}` };
    }
    // ≥1.13 the client uncordons at the very end of `upgrade`; a talosctl that did not get there
    // (killed, or the tracker hang of siderolabs/talos#14242) leaves the node cordoned.
    if (ctx.behaviour.lifecycle && !uncordoned && bad.length === 1 && bad[0]!.check === 'schedulable') {
      yield { type: 'progress', unit, node: node.name, message: `${node.name} is back but still cordoned (talosctl ≥1.13 uncordons client-side): uncordoning` };
      await platform.uncordon(node);
      uncordoned = true;
      continue;
    }
    // talosctl failed and the node never left `running` on the old version: the upgrade did not start.
    const v = bad.find((o) => o.check === 'talos-version');
    if (trackerError && round === 0 && v && outs.find((o) => o.check === 'stage')?.ok) {
      throw new StepStop('failed', `talosctl upgrade of ${node.name} failed and the node is still on its old version: ${trackerError}`, resumeHint(ctx.id, 'fix the cause'));
    }
    const text = describe(bad);
    if (text !== last) yield { type: 'progress', unit, node: node.name, message: `waiting for ${node.name}: ${text}` };
    last = text;
    if (clock.now() >= until) throw late(`${text}${trackerError ? ` (talosctl: ${trackerError})` : ''}`);
    await sleep(clock, Math.min(interval, until - clock.now()), ctx.abort);
  }
}
