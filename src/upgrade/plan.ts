/**
 * The order of work, pure: a runbook becomes units (one per step, one per node of a
 * talos-upgrade). Nodes go one at a time — control planes first, the etcd leader last among them
 * (upgrading it forces an election; doing it once, at the end, keeps elections to one), then workers.
 * The leader is asked again before every node, since each reboot can move it.
 */
import type { ClusterConfig, NodeConfig } from '../config/index.js';
import type { PlannedUnit } from './events.js';
import type { CheckSpec, Runbook, RunbookStep } from './schema.js';
import { installerVersion } from './versions.js';

export type TalosStep = Extract<RunbookStep, { kind: 'talos-upgrade' }>;

export const unitId = (stepIndex: number, node?: string) => `s${stepIndex + 1}${node ? `/${node}` : ''}`;

/** The nodes a talos-upgrade step covers, in plat.yaml order. */
export function stepTargets(step: TalosStep, cluster: ClusterConfig): NodeConfig[] {
  return step.nodes ? cluster.nodes.filter((n) => step.nodes!.includes(n.name)) : [...cluster.nodes];
}

/** The next node to upgrade: a control plane that is not the leader, the leader when it is the last one, then workers. */
export function nextNode(remaining: readonly NodeConfig[], leader: string | undefined): NodeConfig {
  const cps = remaining.filter((n) => n.role === 'controlplane');
  if (cps.length) return cps.find((n) => n.name !== leader) ?? cps[0]!;
  return remaining[0]!;
}

/** The order if the leader does not move. */
export function predictedOrder(targets: readonly NodeConfig[], leader: string | undefined): NodeConfig[] {
  const out: NodeConfig[] = [];
  let left = [...targets];
  while (left.length) {
    const n = nextNode(left, leader);
    out.push(n);
    left = left.filter((x) => x !== n);
  }
  return out;
}

export const checkLabel = (c: CheckSpec): string =>
  c.check === 'backup-fresh' ? `backup-fresh (< ${c.maxAge})` : c.check === 'flux-ready' && (c.namespace || c.kind || c.labelSelector) ? `flux-ready (${[c.kind, c.namespace, c.labelSelector].filter(Boolean).join(', ')})` : c.check;

export function stepTitle(step: RunbookStep, cluster: ClusterConfig): string {
  if (step.name) return step.name;
  switch (step.kind) {
    case 'gate':
      return `gate: ${step.checks.map(checkLabel).join(', ')}`;
    case 'backup':
      return `etcd backup of ${cluster.name}`;
    case 'talos-upgrade':
      return `upgrade Talos to ${installerVersion(step.image)} on ${stepTargets(step, cluster).map((n) => n.name).join(', ')}`;
    case 'k8s-upgrade':
      return `upgrade Kubernetes to ${step.to.replace(/^v/, '')}`;
    case 'flux-reconcile':
      return `reconcile ${step.refs.join(', ')}`;
    case 'wait':
      return `wait for ${checkLabel(step.for)} (up to ${step.timeout})`;
    case 'pause':
      return `pause: ${step.message}`;
    case 'exec':
      return `exec ${step.command.join(' ')}`;
  }
}

export function nodeTitle(step: TalosStep, node: NodeConfig): string {
  return `upgrade to ${installerVersion(step.image)} (${node.ip}, ${node.role})`;
}

export function plannedUnits(runbook: Runbook, cluster: ClusterConfig, leader: string | undefined, stepLines: readonly number[] = []): PlannedUnit[] {
  return runbook.steps.flatMap((step, i): PlannedUnit[] => {
    const line = stepLines[i] !== undefined ? { line: stepLines[i] } : {};
    if (step.kind !== 'talos-upgrade') return [{ unit: unitId(i), step: i + 1, kind: step.kind, title: stepTitle(step, cluster), ...line }];
    return predictedOrder(stepTargets(step, cluster), leader).map((n) => ({ unit: unitId(i, n.name), step: i + 1, kind: step.kind, title: nodeTitle(step, n), node: n.name, ...line }));
  });
}

/** What must be settled before a run starts, whatever the platform says: exec needs consent, a pause needs someone to ask. */
export function runPreconditions(runbook: Runbook, o: { allowExec: boolean; canAsk: boolean; unattended: boolean }, stepLines: readonly number[] = []): string[] {
  const out: string[] = [];
  runbook.steps.forEach((s, i) => {
    const at = `step ${i + 1}${stepLines[i] ? ` (line ${stepLines[i]})` : ''}`;
    if (s.kind === 'exec' && !o.allowExec) out.push(`${at} runs a command (${s.command.join(' ')}): pass --allow-exec to let it`);
    if (s.kind === 'pause' && !o.unattended && !o.canAsk) out.push(`${at} pauses for an operator and there is no terminal to ask on: run it in a terminal, or pass --unattended to continue through pauses`);
  });
  return out;
}

/** Flux is needed when a step reconciles or a check (gate, wait) looks at Flux. */
export function needsFlux(runbook: Runbook): boolean {
  const checks: CheckSpec[] = [...runbook.gates, ...runbook.steps.flatMap((s) => (s.kind === 'gate' ? s.checks : s.kind === 'wait' ? [s.for] : []))];
  return checks.some((c) => c.check === 'flux-ready') || runbook.steps.some((s) => s.kind === 'flux-reconcile');
}
